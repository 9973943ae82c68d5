#include "compute/devicespeed.h"

#include "compute/torchruntime.h"

#include <cstdio>

namespace keel::compute {

JobSpec deviceSpeedJob(DeviceNeed need, int matrixSize, double seconds)
{
    JobSpec spec;
    spec.name = need == DeviceNeed::Gpu ? "Measure GPU matmul speed" : "Measure CPU matmul speed";
    spec.kind = "device-speed";
    spec.need = need;
    spec.memoryEstimate = std::uint64_t(3) * matrixSize * matrixSize * sizeof(float);
    spec.cores = torchrt::threads(); // libtorch's matmul on every thread
    spec.work = [matrixSize, seconds](JobContext &ctx) {
        const torchrt::MatmulSpeed speed = torchrt::measureMatmul(ctx, matrixSize, seconds);
        char summary[128];
        std::snprintf(summary, sizeof summary, "%.1f GFLOP/s on %s (%d×%d fp32, %d multiplications)", speed.gflops,
                      ctx.device().toString().c_str(), speed.size, speed.size, speed.iterations);
        ctx.setResult(summary);
    };
    return spec;
}

} // namespace keel::compute
