#pragma once

#include <cstddef>
#include <filesystem>
#include <span>

namespace keel {

// A file mapped read-only into memory: weights and stored tables are read in place, paged in as
// touched, never copied whole. Throws keel::Error naming the file when it cannot be opened or mapped.
class MappedFile {
public:
    explicit MappedFile(const std::filesystem::path &path);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;
    MappedFile(MappedFile &&other) noexcept;
    MappedFile &operator=(MappedFile &&other) noexcept;

    std::span<const std::byte> bytes() const { return {m_data, m_size}; }
    std::size_t size() const { return m_size; }
    const std::filesystem::path &path() const { return m_path; }
    // The whole pages of `part` (a span of bytes()) leave this process's memory; touched again,
    // they are read from the file again (for data kept elsewhere in another form).
    void release(std::span<const std::byte> part) const;

private:
    std::filesystem::path m_path;
    const std::byte *m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace keel
