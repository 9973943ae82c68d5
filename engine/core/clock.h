#pragma once

#include <cstdint>
#include <string>

namespace keel {

// Wall-clock time as milliseconds since the Unix epoch (UTC), the unit every record stores
// (MLflow stores the same).
std::int64_t nowMs();

// "2026-11-26T19:40:38.123Z"
std::string isoTimeUtc(std::int64_t epochMs);

// Monotonic nanoseconds, for measuring durations.
std::int64_t steadyNs();

} // namespace keel
