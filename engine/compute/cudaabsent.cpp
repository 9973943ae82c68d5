// Built instead of cudaruntime.cu when Keel is configured without CUDA (KEEL_CUDA=OFF or no
// nvcc): the answers a machine without CUDA gives, so callers need no #ifdefs.
#include "compute/cudaruntime.h"
#include "core/error.h"

namespace keel::compute {
namespace cuda {

bool builtWithCuda() { return false; }
int deviceCount() { return 0; }
std::string unavailableReason() { return "this Keel was built without CUDA"; }
std::optional<DeviceProperties> properties(int) { return std::nullopt; }
std::string runtimeVersion() { return {}; }
std::string driverVersion() { return {}; }
void setDevice(int) {}

void histogram(const double *, std::size_t, double, double, int, std::int64_t *, int)
{
    throwError(ErrorKind::NotFound, "CUDA histogram: this Keel was built without CUDA");
}

} // namespace cuda

} // namespace keel::compute
