// Scheduling overhead per job and throughput of 10,000 small jobs: Keel's WorkerPool beside
// QThreadPool (the pool Qt applications use) on the same machine, in the same run.
#include "compute/jobhistory.h"
#include "compute/workerpool.h"
#include "core/clock.h"
#include "store/workspace.h"

#include <QThreadPool>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <future>
#include <numeric>
#include <vector>

using namespace keel;
using namespace keel::compute;

namespace {

struct Stats {
    double p50 = 0, p99 = 0, mean = 0;
};

Stats stats(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    Stats s;
    s.p50 = v[v.size() / 2];
    s.p99 = v[std::min(v.size() - 1, v.size() * 99 / 100)];
    s.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    return s;
}

// A small piece of real work: ~2,000 floating-point additions.
double smallWork(int seed)
{
    double sum = 0;
    for (int i = 0; i < 2000; ++i)
        sum += (i ^ seed) * 1e-3;
    return sum;
}

std::atomic<double> sink{0};

// Submits `count` small jobs that report progress once, as real jobs do.
void submitSmallJobs(WorkerPool &pool, int count)
{
    for (int i = 0; i < count; ++i) {
        JobSpec spec;
        spec.name = "small";
        spec.work = [i](JobContext &ctx) {
            ctx.progress(0.5);
            sink = sink + smallWork(i);
        };
        pool.submit(std::move(spec));
    }
}

void row(const char *what, const char *who, const Stats &s)
{
    std::printf("| %-34s | %-26s | %9.1f | %9.1f | %9.1f |\n", what, who, s.p50, s.p99, s.mean);
}

} // namespace

int main()
{
    const int rounds = 3000;
    const int manyJobs = 10000;
    const int workers = std::max(1u, std::thread::hardware_concurrency());

    std::printf("Worker pool benchmark: %d workers, %d sequential empty jobs, %d small jobs\n\n", workers, rounds, manyJobs);
    std::printf("| %-34s | %-26s | %9s | %9s | %9s |\n", "latency of one empty job (us)", "pool", "p50", "p99", "mean");
    std::printf("|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(28, '-').c_str(),
                std::string(11, '-').c_str(), std::string(11, '-').c_str(), std::string(11, '-').c_str());

    // --- overhead: submit -> start, and submit -> the submitter sees it finished
    {
        WorkerPool pool(PoolOptions{.cpuWorkers = workers});
        std::vector<double> toStart, roundTrip;
        for (int i = 0; i < rounds; ++i) {
            std::int64_t started = 0;
            JobSpec spec;
            spec.name = "empty";
            spec.work = [&started](JobContext &) { started = steadyNs(); };
            const std::int64_t t0 = steadyNs();
            const JobId id = pool.submit(std::move(spec));
            pool.wait(id);
            const std::int64_t t1 = steadyNs();
            toStart.push_back((started - t0) / 1e3);
            roundTrip.push_back((t1 - t0) / 1e3);
        }
        row("submit -> job starts", "Keel WorkerPool", stats(toStart));
        row("submit -> finished, seen by caller", "Keel WorkerPool", stats(roundTrip));
    }
    {
        QThreadPool pool;
        pool.setMaxThreadCount(workers);
        std::vector<double> toStart, roundTrip;
        for (int i = 0; i < rounds; ++i) {
            std::int64_t started = 0;
            std::promise<void> done;
            const std::int64_t t0 = steadyNs();
            pool.start([&] {
                started = steadyNs();
                done.set_value();
            });
            done.get_future().wait();
            const std::int64_t t1 = steadyNs();
            toStart.push_back((started - t0) / 1e3);
            roundTrip.push_back((t1 - t0) / 1e3);
        }
        row("submit -> job starts", "QThreadPool (peer)", stats(toStart));
        row("submit -> finished, seen by caller", "QThreadPool (peer)", stats(roundTrip));
    }

    // --- throughput: 10,000 small jobs submitted at once
    std::printf("\n| %-34s | %-26s | %12s | %12s |\n", "10,000 small jobs", "pool", "total (ms)", "jobs/s");
    std::printf("|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(28, '-').c_str(),
                std::string(14, '-').c_str(), std::string(14, '-').c_str());
    auto throughput = [&](const char *who, const std::function<void()> &run) {
        const std::int64_t t0 = steadyNs();
        run();
        const double ms = (steadyNs() - t0) / 1e6;
        std::printf("| %-34s | %-26s | %12.1f | %12.0f |\n", "submit all, wait for all", who, ms, manyJobs / (ms / 1e3));
    };
    throughput("Keel WorkerPool", [&] {
        WorkerPool pool(PoolOptions{.cpuWorkers = workers});
        submitSmallJobs(pool, manyJobs);
        pool.waitIdle();
    });
    const auto dir = std::filesystem::temp_directory_path() / ("keel-bench-" + std::to_string(::getpid()));
    throughput("Keel + history in SQLite", [&] {
        auto ws = store::Workspace::create(dir);
        WorkerPool pool(PoolOptions{.cpuWorkers = workers});
        JobHistory history(ws->databasePath());
        pool.addObserver(&history);
        submitSmallJobs(pool, manyJobs);
        pool.waitIdle();
        history.flush(); // every job's row is committed before the clock stops
        pool.removeObserver(&history);
    });
    std::filesystem::remove_all(dir);
    throughput("QThreadPool (peer)", [&] {
        QThreadPool pool;
        pool.setMaxThreadCount(workers);
        for (int i = 0; i < manyJobs; ++i)
            pool.start([i] { sink = sink + smallWork(i); });
        pool.waitForDone();
    });
    std::printf("\n(Keel's jobs carry names, priorities, states, progress and cancellation; QThreadPool's carry none.)\n");
    return 0;
}
