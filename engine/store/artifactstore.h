#pragma once

#include "core/mappedfile.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace keel::store {

// Blobs named by their SHA-256 under <root>/ab/cdef…. A blob is written to a temporary
// file, fsynced, and renamed into place, so a reader sees all of it or nothing. Reading
// checks the hash; a mismatch is reported as a damaged artifact, never returned.
class ArtifactStore {
public:
    explicit ArtifactStore(std::filesystem::path root);

    // Stores the bytes and returns their hash; storing the same bytes twice stores one copy.
    std::string put(std::span<const std::byte> data);
    std::string put(std::string_view data);
    // Streams a file into the store.
    std::string putFile(const std::filesystem::path &source);

    bool contains(const std::string &hash) const;
    std::filesystem::path pathFor(const std::string &hash) const;
    // The blob's bytes, after checking they still hash to `hash`.
    std::vector<std::byte> read(const std::string &hash) const;
    // The same check, the blob left mapped instead of copied (large blobs decoded in place).
    MappedFile map(const std::string &hash) const;
    // Throws keel::Error (Corrupt) when the stored file no longer matches its name.
    void verify(const std::string &hash) const;

    // Partial files under tmp/ that writers killed mid-write left (a live writer holds a lock on
    // its file, so those are left alone): removed, and counted.
    struct Cleaned {
        std::size_t files = 0;
        std::uint64_t bytes = 0;
    };
    Cleaned removeStaleTemporaries();

    const std::filesystem::path &root() const { return m_root; }

private:
    std::string commit(const std::filesystem::path &tempFile, const std::string &hash);
    std::filesystem::path m_root;
};

} // namespace keel::store
