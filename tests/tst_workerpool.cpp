// The worker pool: priorities, cancellation, failure isolation (including libtorch errors),
// progress delivery, persisted history and 1,000 concurrent jobs.
#include "testsupport.h"

#include "compute/devices.h"
#include "compute/jobhistory.h"
#include "compute/torchruntime.h"
#include "compute/workerpool.h"
#include "store/database.h"
#include "store/workspace.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

using namespace keel;
using namespace keel::compute;
using namespace std::chrono_literals;

namespace {

// Records every event the pool reports.
class Recorder : public JobObserver {
public:
    void onJobEvent(const JobEvent &event) override
    {
        std::lock_guard lock(mutex);
        events.push_back(event);
    }
    std::vector<JobEvent> of(JobId id, std::optional<JobEventType> type = {})
    {
        std::lock_guard lock(mutex);
        std::vector<JobEvent> out;
        for (const auto &e : events)
            if (e.info.id == id && (!type || e.type == *type))
                out.push_back(e);
        return out;
    }
    int count(JobEventType type)
    {
        std::lock_guard lock(mutex);
        return int(std::count_if(events.begin(), events.end(), [&](const JobEvent &e) { return e.type == type; }));
    }
    std::mutex mutex;
    std::vector<JobEvent> events;
};

// A job that waits until released (or cancelled).
struct Gate {
    std::promise<void> promise;
    std::shared_future<void> future = promise.get_future().share();
    void open() { promise.set_value(); }
};

JobSpec job(std::string name, std::function<void(JobContext &)> work, int priority = 0)
{
    JobSpec spec;
    spec.name = std::move(name);
    spec.priority = priority;
    spec.work = std::move(work);
    return spec;
}

PoolOptions oneCpuWorker()
{
    PoolOptions o;
    o.cpuWorkers = 1;
    return o;
}

} // namespace

class TestWorkerPool : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsJobAndReportsStates()
    {
        WorkerPool pool(oneCpuWorker());
        Recorder rec;
        pool.addObserver(&rec);
        const JobId id = pool.submit(job("hello", [](JobContext &ctx) { ctx.setResult("done well"); }));
        const JobInfo info = pool.wait(id);
        QCOMPARE(info.state, JobState::Succeeded);
        QCOMPARE(info.message, std::string("done well"));
        QCOMPARE(info.progress, 1.0);
        QVERIFY(info.device && *info.device == DeviceId::cpu());
        QVERIFY(info.submittedMs <= info.startedMs && info.startedMs <= info.finishedMs);
        pool.removeObserver(&rec);
        const auto events = rec.of(id);
        QCOMPARE(events.size(), std::size_t(3));
        QCOMPARE(events[0].type, JobEventType::Submitted);
        QCOMPARE(events[1].type, JobEventType::Started);
        QCOMPARE(events[2].type, JobEventType::Finished);
    }

    void higherPriorityRunsFirst()
    {
        WorkerPool pool(oneCpuWorker());
        Gate gate;
        std::mutex m;
        std::vector<std::string> order;
        auto record = [&](const std::string &name) {
            return [&, name](JobContext &) {
                std::lock_guard lock(m);
                order.push_back(name);
            };
        };
        const JobId blocker = pool.submit(job("blocker", [f = gate.future](JobContext &) { f.wait(); }));
        QTRY_COMPARE(pool.info(blocker)->state, JobState::Running);
        pool.submit(job("low", record("low"), -5));
        pool.submit(job("normal-1", record("normal-1"), 0));
        pool.submit(job("high", record("high"), 10));
        pool.submit(job("normal-2", record("normal-2"), 0));
        gate.open();
        pool.waitIdle();
        QCOMPARE(order, (std::vector<std::string>{"high", "normal-1", "normal-2", "low"}));
    }

    void cancelQueuedJobNeverRuns()
    {
        WorkerPool pool(oneCpuWorker());
        Gate gate;
        std::atomic<bool> ran{false};
        pool.submit(job("blocker", [f = gate.future](JobContext &) { f.wait(); }));
        const JobId queued = pool.submit(job("queued", [&](JobContext &) { ran = true; }));
        QVERIFY(pool.cancel(queued));
        QCOMPARE(pool.info(queued)->state, JobState::Cancelled);
        QVERIFY(!pool.cancel(queued)); // already finished
        gate.open();
        pool.waitIdle();
        QVERIFY(!ran);
    }

    void cancelRunningJobStopsIt()
    {
        WorkerPool pool(oneCpuWorker());
        std::atomic<int> iterations{0};
        const JobId id = pool.submit(job("loop", [&](JobContext &ctx) {
            for (;;) {
                ctx.throwIfStopped();
                ++iterations;
                std::this_thread::sleep_for(1ms);
            }
        }));
        QTRY_VERIFY(iterations > 5);
        QVERIFY(pool.cancel(id));
        const JobInfo info = pool.wait(id);
        QCOMPARE(info.state, JobState::Cancelled);
        QVERIFY(info.error.empty());
        // A job that checks the flag itself and returns also ends cancelled.
        const JobId polite = pool.submit(job("polite", [](JobContext &ctx) {
            while (!ctx.stopRequested())
                std::this_thread::sleep_for(1ms);
        }));
        QTRY_COMPARE(pool.info(polite)->state, JobState::Running);
        pool.cancel(polite);
        QCOMPARE(pool.wait(polite).state, JobState::Cancelled);
    }

    void exceptionFailsOnlyThatJob()
    {
        WorkerPool pool(PoolOptions{});
        const JobId bad = pool.submit(job("bad", [](JobContext &) { throw std::runtime_error("column 'age' has text in row 17"); }));
        const JobId weird = pool.submit(job("weird", [](JobContext &) { throw 42; }));
        const JobId good = pool.submit(job("good", [](JobContext &) {}));
        const JobInfo badInfo = pool.wait(bad);
        QCOMPARE(badInfo.state, JobState::Failed);
        QCOMPARE(badInfo.error, std::string("column 'age' has text in row 17"));
        QCOMPARE(pool.wait(weird).state, JobState::Failed);
        QVERIFY(!pool.wait(weird).error.empty());
        QCOMPARE(pool.wait(good).state, JobState::Succeeded);
    }

    void libtorchErrorFailsTheJobWithItsMessage()
    {
        WorkerPool pool(oneCpuWorker());
        const JobId id = pool.submit(job("shape mismatch", [](JobContext &) {
            const at::Tensor a = at::ones({2, 3});
            const at::Tensor b = at::ones({4, 5});
            (void)at::mm(a, b);
        }));
        const JobInfo info = pool.wait(id);
        QCOMPARE(info.state, JobState::Failed);
        QVERIFY2(info.error.find("cannot be multiplied") != std::string::npos, info.error.c_str());
        // The C++ backtrace libtorch appends is not part of what the user reads.
        QVERIFY2(info.error.find("Exception raised from") == std::string::npos, info.error.c_str());
        QVERIFY2(info.error.find("frame #") == std::string::npos, info.error.c_str());
        // The pool goes on.
        QCOMPARE(pool.wait(pool.submit(job("after", [](JobContext &) {}))).state, JobState::Succeeded);
    }

    void progressIsDeliveredAndThrottled()
    {
        PoolOptions options = oneCpuWorker();
        options.progressIntervalMs = 50;
        WorkerPool pool(options);
        Recorder rec;
        pool.addObserver(&rec);
        const JobId id = pool.submit(job("busy", [](JobContext &ctx) {
            const int steps = 300;
            for (int i = 1; i <= steps; ++i) {
                ctx.progress(double(i) / steps, "step " + std::to_string(i));
                std::this_thread::sleep_for(1ms);
            }
        }));
        const JobInfo done = pool.wait(id);
        pool.removeObserver(&rec);
        const auto progress = rec.of(id, JobEventType::Progress);
        // At most one report per 50 ms (plus the first and the final one), however slow the
        // machine: a handful for 300 calls, not 300.
        const auto ranMs = done.finishedMs - done.startedMs;
        const auto allowed = std::size_t(ranMs / 50 + 3);
        QVERIFY2(progress.size() >= 3 && progress.size() <= allowed && progress.size() < 300,
                 (std::to_string(progress.size()) + " reports in " + std::to_string(ranMs) + " ms").c_str());
        for (std::size_t i = 1; i < progress.size(); ++i)
            QVERIFY(progress[i].info.progress >= progress[i - 1].info.progress);
        QCOMPARE(progress.back().info.progress, 1.0); // the final step is never dropped
        QCOMPARE(progress.back().info.message, std::string("step 300"));
    }

    void gpuJobWithoutGpuFailsClearly()
    {
        WorkerPool pool(oneCpuWorker()); // no GPU slots
        JobSpec spec = job("needs cuda", [](JobContext &) {});
        spec.need = DeviceNeed::Gpu;
        const JobInfo info = pool.wait(pool.submit(spec));
        QCOMPARE(info.state, JobState::Failed);
        QVERIFY2(info.error.find("needs a GPU") != std::string::npos, info.error.c_str());
        // "any" falls back to the CPU.
        spec.need = DeviceNeed::Any;
        const JobInfo any = pool.wait(pool.submit(spec));
        QCOMPARE(any.state, JobState::Succeeded);
        QVERIFY(any.device && !any.device->isCuda());
    }

    void memoryEstimateIsHonoured()
    {
        PoolOptions options;
        options.cpuWorkers = 2;
        options.cpuMemoryBudget = 100;
        WorkerPool pool(options);
        JobSpec huge = job("huge", [](JobContext &) {});
        huge.memoryEstimate = 1000;
        const JobInfo refused = pool.wait(pool.submit(huge));
        QCOMPARE(refused.state, JobState::Failed);
        QVERIFY2(refused.error.find("memory") != std::string::npos, refused.error.c_str());

        // Two jobs of 60 do not fit together in 100: they run one after the other.
        std::atomic<int> concurrent{0}, peak{0};
        auto work = [&](JobContext &) {
            const int now = ++concurrent;
            peak = std::max(peak.load(), now);
            std::this_thread::sleep_for(30ms);
            --concurrent;
        };
        JobSpec a = job("a", work), b = job("b", work);
        a.memoryEstimate = b.memoryEstimate = 60;
        pool.submit(a);
        pool.submit(b);
        pool.waitIdle();
        QCOMPARE(peak.load(), 1);
    }

    void thousandConcurrentJobsWithoutLoss()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        WorkerPool pool(PoolOptions{.cpuWorkers = 4});
        JobHistory history(ws->databasePath());
        Recorder rec;
        pool.addObserver(&history);
        pool.addObserver(&rec);
        std::atomic<int> ran{0};
        // Submitted from four threads at once.
        std::vector<std::thread> submitters;
        for (int t = 0; t < 4; ++t) {
            submitters.emplace_back([&, t] {
                for (int i = 0; i < 250; ++i)
                    pool.submit(job("job " + std::to_string(t) + "-" + std::to_string(i), [&](JobContext &ctx) {
                        ctx.progress(0.5);
                        ++ran;
                    }, i % 7));
            });
        }
        for (auto &s : submitters)
            s.join();
        pool.waitIdle();
        history.flush();
        pool.removeObserver(&history);
        pool.removeObserver(&rec);
        QCOMPARE(ran.load(), 1000);
        QCOMPARE(rec.count(JobEventType::Submitted), 1000);
        QCOMPARE(rec.count(JobEventType::Finished), 1000);
        auto st = ws->db().prepare("SELECT state, count(*) FROM jobs GROUP BY state");
        QVERIFY(st.step());
        QCOMPARE(st.text(0), std::string("succeeded"));
        QCOMPARE(st.int64(1), 1000);
        QVERIFY(!st.step());
    }

    void historyPersistsEveryOutcome()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        {
            WorkerPool pool(oneCpuWorker());
            JobHistory history(ws->databasePath());
            pool.addObserver(&history);
            Gate gate;
            const JobId ok = pool.submit(job("fits a model", [](JobContext &ctx) { ctx.setResult("accuracy 0.93"); }));
            const JobId bad = pool.submit(job("breaks", [](JobContext &) { throw std::runtime_error("file data.csv, line 3: bad value"); }));
            pool.wait(ok);
            pool.wait(bad);
            const JobId blocker = pool.submit(job("waits", [f = gate.future](JobContext &ctx) {
                while (f.wait_for(1ms) != std::future_status::ready)
                    ctx.throwIfStopped();
            }));
            const JobId queued = pool.submit(job("never runs", [](JobContext &) {}));
            QTRY_COMPARE(pool.info(blocker)->state, JobState::Running);
            pool.cancel(queued);
            pool.cancel(blocker);
            pool.wait(blocker);
            history.flush();
            pool.removeObserver(&history);
        }
        const auto rows = JobHistory::list(ws->db(), 10);
        QCOMPARE(rows.size(), std::size_t(4));
        // Newest first.
        QCOMPARE(rows[0].name, std::string("never runs"));
        QCOMPARE(rows[0].state, std::string("cancelled"));
        QVERIFY(!rows[0].startedMs);
        QCOMPARE(rows[1].name, std::string("waits"));
        QCOMPARE(rows[1].state, std::string("cancelled"));
        QVERIFY(rows[1].startedMs);
        QCOMPARE(rows[2].state, std::string("failed"));
        QCOMPARE(rows[2].error, std::string("file data.csv, line 3: bad value"));
        QCOMPARE(rows[3].state, std::string("succeeded"));
        QCOMPARE(rows[3].message, std::string("accuracy 0.93"));
        QCOMPARE(rows[3].device, std::string("cpu"));
        QVERIFY(rows[3].finishedMs && *rows[3].finishedMs >= rows[3].submittedMs);
    }

    void jobsLeftByADeadProcessAreMarkedInterrupted()
    {
        QTemporaryDir tmp;
        auto ws = store::Workspace::create(test::freshPath(tmp.path(), "ws"));
        // A pid far above pid_max belongs to no process.
        ws->db().prepare("INSERT INTO jobs (name, device_need, state, submitted_at, owner_pid) "
                         "VALUES ('orphan', 'cpu', 'running', 1, 2147483000)").run();
        ws->db().prepare("INSERT INTO jobs (name, device_need, state, submitted_at, owner_pid) "
                         "VALUES ('mine', 'cpu', 'running', 1, ?1)").bind(1, std::int64_t(getpid())).run();
        QCOMPARE(JobHistory::markInterrupted(ws->db()), 1);
        const auto rows = JobHistory::list(ws->db(), 10);
        QCOMPARE(rows[0].state, std::string("running")); // this process is alive
        QCOMPARE(rows[1].state, std::string("failed"));
        QVERIFY(rows[1].error.find("interrupted") != std::string::npos);
    }

    void threadSettingReachesWorkerThreads()
    {
        // OpenMP keeps its thread count per thread: the setting must reach the workers, where
        // libtorch and its BLAS actually run, and follow later changes.
        WorkerPool pool(poolOptionsFor(discoverDevices()));
        auto threadsInJob = [&pool] {
            std::atomic<int> seen{0};
            pool.wait(pool.submit(job("count threads", [&](JobContext &) { seen = at::get_num_threads(); })));
            return seen.load();
        };
        torchrt::setThreads(1);
        QCOMPARE(threadsInJob(), 1);
        torchrt::setThreads(3);
        QCOMPARE(threadsInJob(), 3);
        torchrt::setThreads(0); // one per core
        QCOMPARE(threadsInJob(), std::max(1, int(std::thread::hardware_concurrency())));
    }

    void destroyingThePoolCancelsWhatIsLeft()
    {
        Recorder rec;
        {
            WorkerPool pool(oneCpuWorker());
            pool.addObserver(&rec);
            pool.submit(job("runs until stopped", [](JobContext &ctx) {
                while (!ctx.stopRequested())
                    std::this_thread::sleep_for(1ms);
            }));
            for (int i = 0; i < 5; ++i)
                pool.submit(job("queued", [](JobContext &) {}));
        }
        QCOMPARE(rec.count(JobEventType::Finished), 6);
    }
};

QTEST_GUILESS_MAIN(TestWorkerPool)
#include "tst_workerpool.moc"
