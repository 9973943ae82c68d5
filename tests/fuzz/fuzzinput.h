// libFuzzer's input as a file: Keel's parsers read memory-mapped files, so each input is written
// to one file under /dev/shm (or TMPDIR) and parsed from there. Rejections (keel::Error and
// the standard exceptions a parser documents) are fine; crashes, sanitizer reports, hangs and
// runaway allocations are what the targets look for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace keel::fuzz {

inline std::filesystem::path writeInput(const std::uint8_t *data, std::size_t size, const char *suffix)
{
    static const std::filesystem::path path = [&] {
        const char *dir = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
        return std::filesystem::path(dir) / ("keel-fuzz-" + std::to_string(::getpid()) + suffix);
    }();
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(data), std::streamsize(size));
    return path;
}

} // namespace keel::fuzz
