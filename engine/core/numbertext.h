#pragma once

#include <string>

namespace keel {

// The shortest text that reads back as exactly `v` ("40", "0.25", "1e-10", "inf", "nan"), as
// Python's repr and JavaScript print numbers.
std::string shortestNumber(double v);

} // namespace keel
