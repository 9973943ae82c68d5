#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace keel {

// Incremental SHA-256 (FIPS 180-4, through OpenSSL's EVP interface); the digest as
// 64 lower-case hex characters, the form artifacts are named and recorded by.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void update(const void *data, std::size_t size);
    void update(std::string_view text) { update(text.data(), text.size()); }
    std::string finishHex();

private:
    struct State;
    std::unique_ptr<State> d;
};

std::string sha256Hex(std::span<const std::byte> data);
std::string sha256Hex(std::string_view text);
// Streams the file; throws keel::Error naming the path when it cannot be read.
std::string sha256File(const std::filesystem::path &path);

bool isSha256Hex(std::string_view text);

} // namespace keel
