#include "core/log.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace keel::log {
namespace {

std::mutex &sinkMutex()
{
    static std::mutex m;
    return m;
}

Sink &currentSink()
{
    static Sink s;
    return s;
}

Level threshold()
{
    static const Level level = [] {
        const char *env = std::getenv("KEEL_LOG");
        if (env && std::strcmp(env, "debug") == 0)
            return Level::Debug;
        if (env && std::strcmp(env, "warning") == 0)
            return Level::Warning;
        return Level::Info;
    }();
    return level;
}

const char *levelName(Level level)
{
    switch (level) {
    case Level::Debug: return "debug";
    case Level::Info: return "info";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
    }
    return "?";
}

} // namespace

void setSink(Sink sink)
{
    std::lock_guard lock(sinkMutex());
    currentSink() = std::move(sink);
}

void write(Level level, std::string_view message)
{
    if (level < threshold())
        return;
    std::lock_guard lock(sinkMutex());
    if (currentSink()) {
        currentSink()(level, message);
        return;
    }
    std::fprintf(stderr, "keel: %s: %.*s\n", levelName(level), static_cast<int>(message.size()), message.data());
}

} // namespace keel::log
