// The histogram kernel and its CPU twin on 10,000,000 normally distributed doubles, 100
// bins over [-4, 4]. bench/histogram_peer.py times numpy.histogram on the same workload;
// scripts/bench.sh prints both.
#include "compute/cudaruntime.h"
#include "compute/histogram.h"
#include "core/clock.h"

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace keel::compute;

int main(int argc, char **argv)
{
    const std::size_t n = argc > 1 ? std::stoull(argv[1]) : 10'000'000;
    std::mt19937_64 rng(20261126);
    std::normal_distribution<double> normal(0.0, 1.0);
    std::vector<double> values(n);
    for (double &v : values)
        v = normal(rng);
    const HistogramRange range{-4.0, 4.0, 100};

    auto best = [&](auto &&run) {
        double bestMs = 1e300;
        for (int i = 0; i < 5; ++i) {
            const auto t0 = keel::steadyNs();
            run();
            bestMs = std::min(bestMs, (keel::steadyNs() - t0) / 1e6);
        }
        return bestMs;
    };
    std::int64_t total = 0;
    const double cpuMs = best([&] {
        auto c = histogramCpu(values, range);
        total = 0;
        for (auto x : c)
            total += x;
    });
    std::printf("keel_cpu %zu %.2f %lld\n", n, cpuMs, static_cast<long long>(total));
    if (cuda::deviceCount() > 0) {
        // The kernel must count exactly what the CPU twin counts, bin by bin.
        if (histogramCuda(values, range, 0) != histogramCpu(values, range)) {
            std::printf("keel_cuda %zu - MISMATCH: the CUDA kernel's counts differ from the CPU twin's\n", n);
            return 1;
        }
        const double gpuMs = best([&] { histogramCuda(values, range, 0); });
        std::int64_t gpuTotal = 0;
        for (auto x : histogramCuda(values, range, 0))
            gpuTotal += x;
        std::printf("keel_cuda %zu %.2f %lld\n", n, gpuMs, static_cast<long long>(gpuTotal));
    } else {
        std::printf("keel_cuda - - %s\n", cuda::unavailableReason().c_str());
    }
    return 0;
}
