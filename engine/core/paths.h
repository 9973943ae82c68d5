#pragma once

#include <filesystem>

namespace keel {

// $XDG_DATA_HOME/keel (default ~/.local/share/keel), per the XDG Base Directory spec.
std::filesystem::path userDataDir();

// Where the workspace opened on first start lives: userDataDir()/workspace.
std::filesystem::path defaultWorkspaceDir();

} // namespace keel
