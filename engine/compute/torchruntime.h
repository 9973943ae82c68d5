#pragma once

#include "compute/job.h"

#include <string>

// The one place that includes libtorch for the compute module; other code calls these.
// Differences between Debian's libtorch 1.13 and current CUDA builds are wrapped here.
namespace keel::compute::torchrt {

std::string version();          // "1.13.1"
bool builtWithCuda();           // the libtorch itself, not Keel's kernels
int cudaDeviceCount();          // 0 for a CPU-only libtorch
// libtorch's intra-op threads (and its OpenMP BLAS's); n <= 0 means one per core.
// OpenMP keeps the count per thread, so worker threads call applyThreadsToThisThread()
// before each job to pick up the current setting.
void setThreads(int n);
int threads();
void applyThreadsToThisThread();
// The BLAS libtorch was configured with (from its build configuration), e.g. "open", "mkl".
std::string configuredBlas();

struct MatmulSpeed {
    double gflops = 0.0;
    int size = 0;
    int iterations = 0;
    double seconds = 0.0;
};
// Multiplies size×size fp32 matrices on `device` for about `seconds`, reporting progress,
// stopping early when the job is cancelled. Throws what libtorch throws (failing the job).
MatmulSpeed measureMatmul(JobContext &ctx, int size, double seconds);

} // namespace keel::compute::torchrt
