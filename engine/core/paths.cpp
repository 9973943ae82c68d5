#include "core/paths.h"

#include <cstdlib>
#include <pwd.h>
#include <unistd.h>

namespace keel {

std::filesystem::path userDataDir()
{
    // The spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if (const char *xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/')
        return std::filesystem::path(xdg) / "keel";
    std::filesystem::path home;
    if (const char *env = std::getenv("HOME"); env && *env)
        home = env;
    else if (const passwd *pw = getpwuid(getuid()); pw && pw->pw_dir)
        home = pw->pw_dir;
    else
        home = std::filesystem::temp_directory_path();
    return home / ".local" / "share" / "keel";
}

std::filesystem::path defaultWorkspaceDir()
{
    return userDataDir() / "workspace";
}

} // namespace keel
