#pragma once

#include <QString>

#include <filesystem>
#include <map>
#include <string>

namespace keel::test {

// Every file under `dir` with its size and SHA-256, to show that an operation changed nothing.
std::map<std::string, std::string> snapshot(const std::filesystem::path &dir);

// A temporary folder path that does not exist yet (inside a QTemporaryDir the caller keeps).
std::filesystem::path freshPath(const QString &base, const char *name);

} // namespace keel::test
