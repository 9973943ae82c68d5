#pragma once

#include "compute/job.h"

namespace keel::compute {

// A job that measures fp32 matrix-multiply speed on whichever device runs it, for about
// `seconds`, and keeps "N GFLOP/s on <device>" as its result. It tells a user at a glance
// whether the BLAS under libtorch is the fast one, and exercises progress and cancellation.
JobSpec deviceSpeedJob(DeviceNeed need, int matrixSize = 1024, double seconds = 5.0);

} // namespace keel::compute
