#pragma once

#include "compute/costmeter.h"

namespace keel {

// The prices the cost meter charges, kept in the user's settings (the window's Settings and
// every keel command read the same ones); the defaults until the user edits them. A damaged
// entry falls back to the defaults, with a warning in the log.
compute::Prices savedPrices();
void savePrices(const compute::Prices &prices);

} // namespace keel
