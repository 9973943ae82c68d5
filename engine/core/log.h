#pragma once

#include <functional>
#include <string_view>

namespace keel::log {

enum class Level { Debug, Info, Warning, Error };

// Where log lines go; the default writes "keel: warning: ..." to stderr at Info and above
// (KEEL_LOG=debug lowers the threshold). The app replaces it to route lines into Qt's log.
using Sink = std::function<void(Level, std::string_view)>;
void setSink(Sink sink);

void write(Level level, std::string_view message);
inline void debug(std::string_view m) { write(Level::Debug, m); }
inline void info(std::string_view m) { write(Level::Info, m); }
inline void warning(std::string_view m) { write(Level::Warning, m); }
inline void error(std::string_view m) { write(Level::Error, m); }

} // namespace keel::log
