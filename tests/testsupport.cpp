#include "testsupport.h"

#include "core/sha256.h"

namespace keel::test {

std::map<std::string, std::string> snapshot(const std::filesystem::path &dir)
{
    std::map<std::string, std::string> files;
    for (const auto &entry : std::filesystem::recursive_directory_iterator(dir)) {
        const std::string rel = std::filesystem::relative(entry.path(), dir).string();
        files[rel] = entry.is_regular_file() ? std::to_string(entry.file_size()) + ":" + sha256File(entry.path()) : "dir";
    }
    return files;
}

std::filesystem::path freshPath(const QString &base, const char *name)
{
    return std::filesystem::path(base.toStdString()) / name;
}

} // namespace keel::test
