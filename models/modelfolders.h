#pragma once

#include <filesystem>
#include <vector>

namespace keel {

// The folders users added in the Models area (Add Folder…, kept in the settings): every area
// that finds or resolves local models looks in them too, beside nn::modelFolders' own.
std::vector<std::filesystem::path> addedModelFolders();

} // namespace keel
