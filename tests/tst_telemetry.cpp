// GPU telemetry, memory admission and the cost meter, through the scripted NVML
// (tests/fakenvml) loaded on the same dlopen path as NVIDIA's library.
#include "app/appsetup.h"
#include "compute/costmeter.h"
#include "compute/devices.h"
#include "compute/jobhistory.h"
#include "compute/nvml.h"
#include "compute/telemetry.h"
#include "compute/workerpool.h"
#include "core/error.h"
#include "store/workspace.h"
#include "tracking/trackingstore.h"
#include "core/clock.h"
#include "models/costsummarymodel.h"
#include "models/costtext.h"
#include "models/devicetelemetrymodel.h"
#include "models/session.h"
#include "testsupport.h"
#include "widgets/devices/devicesdock.h"
#include "widgets/devices/pricesdialog.h"

#include <QAbstractItemModelTester>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QTabWidget>
#include <QLabel>
#include <QLineSeries>
#include <QTableView>

#include <dlfcn.h>

#include <chrono>
#include <mutex>
#include <atomic>
#include <future>
#include <thread>

using namespace keel;
using namespace keel::compute;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t GiB = 1ull << 30;

// Five steps of an H100 held by process 4242: idle, idle, busy, idle, released; and an A100
// split into two MIG instances.
const char *kScript = R"({
  "driver": "550.54.15",
  "devices": [
    {"name": "NVIDIA H100 80GB HBM3", "uuid": "GPU-11111111", "pci_bus_id": "00000000:65:00.0",
     "memory_total": 85899345920,
     "samples": [
       {"utilisation": 0, "memory_used": 75161927680, "power_watts": 70.5, "temperature_c": 35,
        "sm_clock_mhz": 345, "memory_clock_mhz": 2619, "processes": [{"pid": 4242, "memory": 74088185856}]},
       {"utilisation": 1, "memory_used": 75161927680, "power_watts": 71, "temperature_c": 35,
        "sm_clock_mhz": 345, "memory_clock_mhz": 2619, "processes": [{"pid": 4242, "memory": 74088185856}]},
       {"utilisation": 90, "memory_used": 10737418240, "power_watts": 650, "temperature_c": 71,
        "sm_clock_mhz": 1980, "memory_clock_mhz": 2619, "processes": [{"pid": 4242, "memory": 9663676416}]},
       {"utilisation": 2, "memory_used": 10737418240, "power_watts": 90, "temperature_c": 50,
        "sm_clock_mhz": 345, "memory_clock_mhz": 2619, "processes": [{"pid": 4242, "memory": 9663676416}]},
       {"utilisation": 3, "memory_used": 536870912, "power_watts": 60, "temperature_c": 40,
        "sm_clock_mhz": 345, "memory_clock_mhz": 2619, "processes": []}
     ]},
    {"name": "NVIDIA A100-SXM4-80GB", "uuid": "GPU-22222222", "pci_bus_id": "00000000:B1:00.0",
     "memory_total": 85899345920,
     "samples": [{"utilisation": 40, "memory_used": 21474836480, "power_watts": 300, "temperature_c": 60}],
     "mig": [
       {"name": "NVIDIA A100-SXM4-80GB MIG 3g.40gb", "uuid": "MIG-33333333", "memory_total": 42949672960,
        "samples": [{"memory_used": 17179869184}]},
       {"name": "NVIDIA A100-SXM4-80GB MIG 1g.10gb", "uuid": "MIG-44444444", "memory_total": 10737418240,
        "samples": [{"memory_used": 1073741824}]}
     ]}
  ]
})";

class Recorder : public JobObserver {
public:
    void onJobEvent(const JobEvent &event) override
    {
        std::lock_guard lock(mutex);
        events.push_back(event);
    }
    std::vector<JobEvent> of(JobId id, JobEventType type)
    {
        std::lock_guard lock(mutex);
        std::vector<JobEvent> out;
        for (const auto &e : events)
            if (e.info.id == id && e.type == type)
                out.push_back(e);
        return out;
    }
    std::mutex mutex;
    std::vector<JobEvent> events;
};

JobSpec sleeper(DeviceNeed need, std::uint64_t memory, std::chrono::milliseconds time)
{
    JobSpec spec;
    spec.name = "sleeper";
    spec.need = need;
    spec.memoryEstimate = memory;
    spec.work = [time](JobContext &) { std::this_thread::sleep_for(time); };
    return spec;
}

} // namespace

class TestTelemetry : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_script;
    void *m_fake = nullptr;

    void step(int n)
    {
        reinterpret_cast<void (*)(int)>(dlsym(m_fake, "keel_fake_nvml_step"))(n);
    }
    void rewind()
    {
        reinterpret_cast<void (*)()>(dlsym(m_fake, "keel_fake_nvml_reload"))();
    }
    // A sample of every device, at a time of its own (the ring's times are milliseconds).
    void sampleAndStep(TelemetrySampler &sampler)
    {
        sampler.sampleNow();
        std::this_thread::sleep_for(3ms);
        step(1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_script = m_dir.filePath(QStringLiteral("nvml.json"));
        QFile f(m_script);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kScript);
        f.close();
        QStandardPaths::setTestModeEnabled(true);
        installTranslations(*QCoreApplication::instance(), QStringLiteral("en")); // "1 process", "4 GPU devices"
        QSettings().clear();
        qputenv("KEEL_NVML_LIBRARY", KEEL_FAKE_NVML);
        qputenv("KEEL_FAKE_NVML_SCRIPT", m_script.toUtf8());
        QVERIFY2(Nvml::instance().available(), Nvml::instance().unavailableReason().c_str());
        m_fake = dlopen(KEEL_FAKE_NVML, RTLD_NOW | RTLD_NOLOAD);
        QVERIFY(m_fake);
    }

    void init() { rewind(); }

    void listsGpusAndMigInstances()
    {
        const Nvml &nvml = Nvml::instance();
        QCOMPARE(nvml.driverVersion(), std::string("550.54.15"));
        QCOMPARE(nvml.deviceCount(), 2);
        const auto devices = nvml.devices();
        QCOMPARE(devices.size(), std::size_t(4));
        QCOMPARE(devices[0].name, std::string("NVIDIA H100 80GB HBM3"));
        QCOMPARE(devices[0].pciBusId, std::string("00000000:65:00.0"));
        QVERIFY(!devices[0].isMig());
        QCOMPARE(devices[2].parent, 1);
        QCOMPARE(devices[2].migProfile, std::string("3g.40gb"));
        QCOMPARE(devices[2].memoryTotal, 40 * GiB);
        QCOMPARE(devices[3].migProfile, std::string("1g.10gb"));
        QCOMPARE(devices[3].uuid, std::string("MIG-44444444"));
        QCOMPARE(migProfileFromName("NVIDIA H100 80GB HBM3"), std::string());
    }

    void readsEveryField()
    {
        const Nvml &nvml = Nvml::instance();
        const auto devices = nvml.devices();
        const auto t = nvml.telemetry(devices[0]);
        QVERIFY(t);
        QCOMPARE(t->utilisationPercent, 0);
        QCOMPARE(t->memoryUsed, 70 * GiB);
        QCOMPARE(t->memoryTotal, 80 * GiB);
        QCOMPARE(t->powerWatts, 70.5);
        QCOMPARE(t->temperatureC, 35);
        QCOMPARE(t->smClockMHz, 345);
        QCOMPARE(t->memoryClockMHz, 2619);
        QCOMPARE(t->processes.size(), std::size_t(1));
        QCOMPARE(t->processes[0].pid, 4242u);
        QCOMPARE(t->processes[0].memoryUsed, 69 * GiB);
        // MIG instances report memory but not utilisation, power or clocks (as NVML does).
        const auto mig = nvml.telemetry(devices[2]);
        QVERIFY(mig);
        QCOMPARE(mig->memoryUsed, 16 * GiB);
        QCOMPARE(mig->utilisationPercent, -1);
        QCOMPARE(mig->powerWatts, -1.0);
        // Matched by PCI bus id, as a CUDA device is.
        QCOMPARE(nvml.telemetryByPciBusId("00000000:B1:00.0")->name, std::string("NVIDIA A100-SXM4-80GB"));
    }

    void ringIsBounded()
    {
        TelemetrySampler sampler({1000, 3, 5});
        for (int i = 0; i < 5; ++i)
            sampleAndStep(sampler);
        const auto points = sampler.points(0);
        QCOMPARE(points.size(), std::size_t(3));
        QCOMPARE(points[0].utilisationPercent, 90);
        QCOMPARE(points[1].utilisationPercent, 2);
        QCOMPARE(points[2].utilisationPercent, 3);
        QCOMPARE(sampler.sampleCount(), std::uint64_t(5));
        QVERIFY(sampler.meanSampleMicros() > 0);
        QCOMPARE(sampler.devices().size(), std::size_t(4));
        QCOMPARE(sampler.points(2).size(), std::size_t(3)); // MIG instances have rings too
        QCOMPARE(sampler.points(2).back().utilisationPercent, -1);
    }

    void usageOverAWindow()
    {
        TelemetrySampler sampler;
        for (int i = 0; i < 3; ++i)
            sampleAndStep(sampler);
        const auto points = sampler.points(0);
        QCOMPARE(points.size(), std::size_t(3));
        const DeviceUsage all = sampler.usage(0, points[0].timeMs, points[2].timeMs);
        QCOMPARE(all.samples, 3);
        QCOMPARE(all.meanUtilisationPercent, (0 + 1 + 90) / 3.0);
        QCOMPARE(all.peakUtilisationPercent, 90);
        QCOMPARE(all.peakMemoryUsed, 70 * GiB);
        QCOMPARE(all.meanMemoryUsed, (70.0 + 70 + 10) / 3 * GiB);
        // A window opening between two readings starts from the one before it.
        const DeviceUsage late = sampler.usage(0, points[1].timeMs + 1, points[2].timeMs);
        QCOMPARE(late.samples, 2);
        QCOMPARE(late.peakUtilisationPercent, 90);
        QCOMPARE(late.meanUtilisationPercent, 45.5);
        // A job shorter than the interval gets the reading it ran under.
        const DeviceUsage brief = sampler.usage(0, points[2].timeMs + 1, points[2].timeMs + 2);
        QCOMPARE(brief.samples, 1);
        QCOMPARE(brief.peakUtilisationPercent, 90);
    }

    void idleHeldGpuIsCounted()
    {
        TelemetrySampler sampler;
        sampleAndStep(sampler);
        sampleAndStep(sampler);
        auto points = sampler.points(0);
        // Held by process 4242 and under 5 % busy since the first reading.
        IdleSummary idle = sampler.idle(0);
        QCOMPARE(idle.idleSinceMs, points[0].timeMs);
        QCOMPARE(idle.idleSeconds, (points[1].timeMs - points[0].timeMs) / 1000.0);
        sampleAndStep(sampler); // 90 % busy
        QCOMPARE(sampler.idle(0).idleSinceMs, std::int64_t(0));
        sampleAndStep(sampler); // 2 %, still held
        sampleAndStep(sampler); // 3 %, but nothing holds it any more
        points = sampler.points(0);
        QVERIFY(!points[4].held);
        idle = sampler.idle(0);
        QCOMPARE(idle.idleSinceMs, std::int64_t(0));
        const double expected = (points[2].timeMs - points[0].timeMs + points[4].timeMs - points[3].timeMs) / 1000.0;
        QCOMPARE(idle.idleSeconds, expected);
    }

    void keelJobsHoldTheirGpu()
    {
        TelemetrySampler sampler;
        step(4); // nothing else holds the H100
        sampler.sampleNow();
        QVERIFY(!sampler.latest(0)->held);
        JobInfo info;
        info.device = DeviceId::cuda(0);
        info.startedMs = 1;
        sampler.onJobEvent({JobEventType::Started, info});
        sampler.sampleNow();
        QVERIFY(sampler.latest(0)->held);
        sampler.onJobEvent({JobEventType::Finished, info});
        sampler.sampleNow();
        QVERIFY(!sampler.latest(0)->held);
    }

    void gpuJobWaitsForMemory()
    {
        PoolOptions options;
        options.cpuWorkers = 1;
        options.gpus = {GpuSlot{0, 80 * GiB}};
        options.memoryRecheckMs = 10;
        options.gpuFreeMemory = [](int index) -> std::optional<std::uint64_t> {
            const auto t = Nvml::instance().telemetry(index);
            return t ? std::optional(t->memoryTotal - t->memoryUsed) : std::nullopt;
        };
        WorkerPool pool(options);
        Recorder recorder;
        pool.addObserver(&recorder);

        // 10 GiB free while process 4242 holds 70: a 40 GiB job waits, saying why.
        const JobId big = pool.submit(sleeper(DeviceNeed::Gpu, 40 * GiB, 1ms));
        QTRY_VERIFY(!recorder.of(big, JobEventType::Progress).empty());
        const std::string reason = recorder.of(big, JobEventType::Progress).front().info.waitingFor;
        QCOMPARE(reason, std::string("waiting for GPU memory: needs about 40.0 GiB on cuda:0, 10.0 GiB free"));
        QCOMPARE(pool.info(big)->state, JobState::Queued);
        QCOMPARE(pool.info(big)->waitingFor, reason);
        // A smaller job goes past it.
        const JobId small = pool.submit(sleeper(DeviceNeed::Gpu, 4 * GiB, 1ms));
        QCOMPARE(pool.wait(small).state, JobState::Succeeded);
        std::this_thread::sleep_for(50ms);
        QCOMPARE(pool.info(big)->state, JobState::Queued);
        // More than the GPU has at all: refused at once, never queued.
        const JobInfo huge = pool.wait(pool.submit(sleeper(DeviceNeed::Gpu, 100 * GiB, 1ms)));
        QCOMPARE(huge.state, JobState::Failed);
        QVERIFY2(huge.error.find("more than any device") != std::string::npos, huge.error.c_str());
        // The process lets go of 60 GiB: the waiting job starts by itself.
        step(2);
        const JobInfo done = pool.wait(big);
        QCOMPARE(done.state, JobState::Succeeded);
        QVERIFY(done.waitingFor.empty());
        pool.removeObserver(&recorder);
    }

    void jobsAreCharged()
    {
        // Two workers time-slice the H100: each holds half of it.
        const auto meter = std::make_shared<const CostMeter>(Prices::defaults(), std::vector<std::string>{"NVIDIA H100 80GB HBM3"},
                                                             std::vector<int>{2});
        PoolOptions options;
        options.cpuWorkers = 1;
        options.gpus = {GpuSlot{0, 80 * GiB, 2}};
        options.costMeter = meter;
        WorkerPool pool(options);
        const JobInfo gpu = pool.wait(pool.submit(sleeper(DeviceNeed::Gpu, 0, 30ms)));
        QCOMPARE(gpu.state, JobState::Succeeded);
        const double wall = (gpu.finishedMs - gpu.startedMs) / 1000.0;
        QVERIFY(wall >= 0.03);
        QCOMPARE(gpu.deviceSeconds, wall / 2);
        QCOMPARE(gpu.costUsd, 3.90 * gpu.deviceSeconds / 3600);
        QCOMPARE(meter->perHour(DeviceId::cuda(0)), 1.95);
        const JobInfo cpu = pool.wait(pool.submit(sleeper(DeviceNeed::Cpu, 0, 20ms)));
        QCOMPARE(cpu.deviceSeconds, (cpu.finishedMs - cpu.startedMs) / 1000.0);
        QCOMPARE(cpu.costUsd, 0.04 * cpu.deviceSeconds / 3600);
        // A job on four threads (a local model decoding) pays four core-hours an hour, as evals price it.
        JobSpec threaded = sleeper(DeviceNeed::Cpu, 0, 20ms);
        threaded.cores = 4;
        const JobInfo four = pool.wait(pool.submit(std::move(threaded)));
        QCOMPARE(four.cores, 4);
        QCOMPARE(four.deviceSeconds, 4 * (four.finishedMs - four.startedMs) / 1000.0);
        QCOMPARE(four.costUsd, 0.04 * four.deviceSeconds / 3600);
        // New prices apply to the next job.
        Prices spot = Prices::defaults();
        spot.spot = true;
        pool.setCostMeter(std::make_shared<const CostMeter>(spot, std::vector<std::string>{"NVIDIA H100 80GB HBM3"}, std::vector<int>{2}));
        const JobInfo onSpot = pool.wait(pool.submit(sleeper(DeviceNeed::Gpu, 0, 10ms)));
        QCOMPARE(onSpot.costUsd, 1.90 * onSpot.deviceSeconds / 3600);
        // A job refused before it ran costs nothing and held no device.
        const JobInfo refused = pool.wait(pool.submit(sleeper(DeviceNeed::Gpu, 100 * GiB, 1ms)));
        QCOMPARE(refused.deviceSeconds, 0.0);
    }

    void pricesMatchAndParse()
    {
        const Prices p = Prices::defaults();
        QCOMPARE(p.priceFor("NVIDIA H100 80GB HBM3").model, std::string("H100"));
        QCOMPARE(p.priceFor("NVIDIA A100-SXM4-80GB").model, std::string("A100-SXM4-80GB"));
        QCOMPARE(p.priceFor("NVIDIA A100-PCIE-40GB").model, std::string("A100"));
        QCOMPARE(p.priceFor("NVIDIA L40S").model, std::string("L40S"));
        QCOMPARE(p.priceFor("Tesla T4").model, std::string("T4"));
        QCOMPARE(p.priceFor("Some Future GPU").model, std::string("other GPU"));
        // A MIG instance is charged for its compute slices out of seven.
        QCOMPARE(p.gpuHour("NVIDIA A100-SXM4-80GB MIG 3g.40gb"), 2.50 * 3 / 7);
        QCOMPARE(p.gpuHour("NVIDIA A100-SXM4-80GB MIG 1g.10gb"), 2.50 / 7);

        const Prices back = Prices::fromJson(p.toJson());
        QCOMPARE(back.gpus.size(), p.gpus.size());
        QCOMPARE(back.gpuHour("NVIDIA H100 80GB HBM3"), 3.90);
        QCOMPARE(back.cpuCoreHour, 0.04);

        const Prices edited = Prices::fromJson(R"({"gpus": [{"model": "H100", "on_demand": 2.0, "spot": 0.9}], "spot": true})");
        QCOMPARE(edited.gpuHour("NVIDIA H100 PCIe"), 0.9);
        QCOMPARE(edited.gpuHour("NVIDIA L4"), edited.otherGpu.spot);

        const auto error = [](const char *text) {
            try {
                Prices::fromJson(text);
            } catch (const Error &e) {
                return std::string(e.what());
            }
            return std::string();
        };
        QCOMPARE(error(R"({"gpus": [{"model": "H100", "on_demand": 2.0}]})"), std::string("prices: gpus[0]: 'spot' is missing"));
        QCOMPARE(error(R"({"gpus": [{"model": "H100", "on_demand": -1, "spot": 1}]})"),
                 std::string("prices: gpus[0]: 'on_demand' must be a price of 0 or more, not -1"));
        QCOMPARE(error(R"({"spot": "yes"})"), std::string("prices: 'spot' must be true or false"));
        QVERIFY(error("{").rfind("prices: not JSON", 0) == 0);
    }

    void jobUsageAndCostAreKept()
    {
        step(2); // the H100 at 90 %
        TelemetrySampler sampler({20, 1000, 5});
        sampler.sampleNow();
        sampler.start();
        PoolOptions options;
        options.cpuWorkers = 1;
        options.gpus = {GpuSlot{0, 80 * GiB}};
        options.costMeter = std::make_shared<const CostMeter>(Prices::defaults(), std::vector<std::string>{"NVIDIA H100 80GB HBM3"});
        attachTelemetry(options, sampler);
        QTemporaryDir dir;
        auto ws = store::Workspace::openOrCreate(std::filesystem::path(dir.path().toStdString()) / "ws");
        JobInfo done;
        {
            WorkerPool pool(options);
            JobHistory history(ws->databasePath());
            pool.addObserver(&history);
            pool.addObserver(&sampler);
            done = pool.wait(pool.submit(sleeper(DeviceNeed::Gpu, GiB, 60ms)));
            history.flush();
            pool.removeObserver(&sampler);
            pool.removeObserver(&history);
        }
        sampler.stop();
        QCOMPARE(done.state, JobState::Succeeded);
        QVERIFY(done.usage);
        QVERIFY(done.usage->samples >= 1);
        QCOMPARE(done.usage->peakUtilisationPercent, 90);
        QCOMPARE(done.usage->peakMemoryUsed, 10 * GiB);
        QCOMPARE(done.usage->meanPowerWatts, 650.0);
        const auto jobs = JobHistory::list(ws->db(), 10);
        QCOMPARE(jobs.size(), std::size_t(1));
        QCOMPARE(*jobs[0].costUsd, done.costUsd);
        QCOMPARE(*jobs[0].deviceSeconds, done.deviceSeconds);
        QCOMPARE(*jobs[0].gpuUtilisationPeak, 90);
        QCOMPARE(*jobs[0].gpuMemoryPeak, 10 * GiB);
    }

    void costsPerDayAndExperiment()
    {
        // A GPU job (through the pool, charged at the H100's price), a run that logged its cost,
        // a deleted run that did too, and an eval that paid a hosted API and ran a local model.
        step(2);
        QTemporaryDir dir;
        const auto root = std::filesystem::path(dir.path().toStdString()) / "ws";
        JobInfo done;
        {
            auto ws = store::Workspace::openOrCreate(root);
            PoolOptions options;
            options.cpuWorkers = 1;
            options.gpus = {GpuSlot{0, 80 * GiB}};
            options.costMeter = std::make_shared<const CostMeter>(Prices::defaults(), std::vector<std::string>{"NVIDIA H100 80GB HBM3"});
            {
                WorkerPool pool(options);
                JobHistory history(ws->databasePath());
                pool.addObserver(&history);
                done = pool.wait(pool.submit(sleeper(DeviceNeed::Gpu, GiB, 30ms)));
                history.flush();
                pool.removeObserver(&history);
            }
            QCOMPARE(done.state, JobState::Succeeded);
            QVERIFY(done.costUsd > 0);

            tracking::TrackingStore tracking(ws->db());
            const std::int64_t train = tracking.createExperiment("train");
            const std::int64_t quiet = tracking.createExperiment("quiet");
            const std::string a = tracking.createRun(train, "a"), b = tracking.createRun(train, "b"), gone = tracking.createRun(train, "gone");
            const std::string c = tracking.createRun(quiet, "c");
            // The latest value counts: an earlier step's cost is replaced by the final one.
            const std::vector<tracking::Metric> am{{"cost_usd", 0.5, 1, 0}, {"cost_usd", 1.25, 2, 1}, {"gpu_seconds", 3600, 2, 1}};
            const std::vector<tracking::Metric> bm{{"cost_usd", 0.75, 1, 0}};
            const std::vector<tracking::Metric> gm{{"cost_usd", 100, 1, 0}};
            const std::vector<tracking::Metric> cm{{"accuracy", 0.9, 1, 0}};
            tracking.logBatch(a, am);
            tracking.logBatch(b, bm);
            tracking.logBatch(gone, gm);
            tracking.logBatch(c, cm);
            ws->db().exec("UPDATE runs SET lifecycle_stage = 'deleted' WHERE name = 'gone'");

            const std::int64_t now = nowMs();
            ws->db().exec("INSERT INTO eval_runs (id, run_uuid, suite_path, suite_sha256, status, total_cells, started_at) VALUES "
                          "(1, '" + a + "', 'suite.yaml', '', 'FINISHED', 2, " + std::to_string(now) + ")");
            const auto trace = [&](const char *system, double cost, std::int64_t at) {
                ws->db().exec("INSERT INTO eval_traces (eval_run_id, kind, provider_id, system, model, params_json, prompt, output, error, "
                              "finish_reason, prompt_tokens, completion_tokens, latency_ms, cost, started_at) VALUES (1, 'generation', 'p', '" +
                              std::string(system) + "', 'm', '{}', '', '', '', 'stop', 10, 10, 1, " + std::to_string(cost) + ", " +
                              std::to_string(at) + ")");
            };
            trace("openai", 0.02, now);
            trace("openai", 0.01, now);
            trace("keel", 0.5, now); // a local model: its device time is the jobs' cost
            trace("openai", 7.0, now - 40LL * 86'400'000); // before the window
        }
        const QString ws = QString::fromStdString(root.string());
        const test::KeelResult json = test::runKeel({QStringLiteral("costs"), QStringLiteral("--json"), QStringLiteral("--workspace"), ws});
        QCOMPARE(json.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        const QJsonArray days = o.value(QStringLiteral("days")).toArray();
        QCOMPARE(days.size(), 1);
        const QJsonObject today = days[0].toObject();
        QCOMPARE(today.value(QStringLiteral("day")).toString(), QDate::currentDate().toString(Qt::ISODate));
        QCOMPARE(today.value(QStringLiteral("jobs")).toInt(), 1);
        QCOMPARE(today.value(QStringLiteral("gpu_seconds")).toDouble(), done.deviceSeconds);
        QCOMPARE(today.value(QStringLiteral("jobs_cost_usd")).toDouble(), done.costUsd);
        QVERIFY(qAbs(today.value(QStringLiteral("hosted_api_cost_usd")).toDouble() - 0.03) < 1e-9);
        QVERIFY(qAbs(today.value(QStringLiteral("cost_usd")).toDouble() - (done.costUsd + 0.03)) < 1e-9);
        const QJsonArray experiments = o.value(QStringLiteral("experiments")).toArray();
        QCOMPARE(experiments.size(), 1); // "quiet" logged no cost
        const QJsonObject train = experiments[0].toObject();
        QCOMPARE(train.value(QStringLiteral("name")).toString(), QStringLiteral("train"));
        QCOMPARE(train.value(QStringLiteral("runs")).toInt(), 2);
        QCOMPARE(train.value(QStringLiteral("cost_usd")).toDouble(), 2.0);
        QCOMPARE(train.value(QStringLiteral("gpu_seconds")).toDouble(), 3600.0);

        const test::KeelResult text = test::runKeel({QStringLiteral("costs"), QStringLiteral("--workspace"), ws});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains(QStringLiteral("Cost per day, the last 30 days")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QRegularExpression(QStringLiteral("train\\s+2\\s+1.00\\s+\\$2.00"))), qPrintable(text.out));
        QCOMPARE(test::runKeel({QStringLiteral("costs"), QStringLiteral("--days"), QStringLiteral("0"), QStringLiteral("--workspace"), ws}).code, 2);
    }

    void devicesCommandWatches()
    {
        // The same scripted GPUs, seen by `keel devices` in a process of its own.
        const test::KeelResult list = test::runKeel({QStringLiteral("devices")});
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains(QStringLiteral("nvml:0  NVIDIA H100 80GB HBM3  GPU-11111111")), qPrintable(list.out));
        QVERIFY(list.out.contains(QStringLiteral("pid 4242: 69.0 GiB")));
        QVERIFY(list.out.contains(QStringLiteral("Kubernetes resource nvidia.com/mig-1g.10gb")));

        const test::KeelResult watch = test::runKeel({QStringLiteral("devices"), QStringLiteral("--watch"), QStringLiteral("--count"),
                                                      QStringLiteral("3"), QStringLiteral("--interval"), QStringLiteral("0.05")});
        QCOMPARE(watch.code, 0);
        const QStringList lines = watch.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        // Three samples of four devices, the summary's heading, and a line per device.
        QCOMPARE(lines.size(), 3 * 4 + 1 + 4);
        QVERIFY2(lines[0].contains(QStringLiteral("nvml:0     0 %    70.0 GiB / 80.0 GiB  71 W  35 °C  SM 345 MHz  memory 2619 MHz  1 process")),
                 qPrintable(lines[0]));
        QVERIFY(lines[2].contains(QStringLiteral("(MIG 3g.40gb of nvml:1)")));
        QVERIFY(lines[12].startsWith(QStringLiteral("Over 3 samples")));
        QVERIFY2(lines[13].contains(QStringLiteral("NVIDIA H100 80GB HBM3: 0 % busy on average, 0 % at peak, 70.0 GiB memory at peak; idle while held")),
                 qPrintable(lines[13]));
        QVERIFY(lines[13].contains(QStringLiteral("at $3.90/h)")));

        const test::KeelResult json = test::runKeel({QStringLiteral("devices"), QStringLiteral("--watch"), QStringLiteral("--count"),
                                                     QStringLiteral("1"), QStringLiteral("--interval"), QStringLiteral("0.05"),
                                                     QStringLiteral("--json")});
        QCOMPARE(json.code, 0);
        const QStringList rows = json.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 4);
        const QJsonObject first = QJsonDocument::fromJson(rows[0].toUtf8()).object();
        QCOMPARE(first.value(QStringLiteral("memory_used")).toDouble(), double(70 * GiB));
        QCOMPARE(first.value(QStringLiteral("held")).toBool(), true);
        QCOMPARE(first.value(QStringLiteral("processes")).toArray().size(), 1);
        QVERIFY(QJsonDocument::fromJson(rows[2].toUtf8()).object().value(QStringLiteral("utilisation_percent")).isNull());

        QCOMPARE(runKeel({QStringLiteral("devices"), QStringLiteral("--watch"), QStringLiteral("--interval"), QStringLiteral("0")}).code, 2);
        // Without NVML: says why, and fails so that a script notices.
        const QByteArray saved = qgetenv("KEEL_NVML_LIBRARY");
        qputenv("KEEL_NVML_LIBRARY", "/nonexistent/libnvidia-ml.so.1");
        const test::KeelResult none = test::runKeel({QStringLiteral("devices"), QStringLiteral("--watch"), QStringLiteral("--count"), QStringLiteral("1")});
        qputenv("KEEL_NVML_LIBRARY", saved);
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains(QStringLiteral("no telemetry: /nonexistent/libnvidia-ml.so.1 (KEEL_NVML_LIBRARY) could not be loaded")),
                 qPrintable(none.err));
    }

    void devicesViewShowsTelemetryAndIdleMoney()
    {
        Session session(compute::DeviceReport{});
        session.telemetry().stop(); // sampled here, step by step
        DeviceTelemetryModel model(session);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        session.telemetry().sampleNow();
        model.refresh();
        QCOMPARE(model.rowCount(), 4);
        QVERIFY(model.unavailableReason().isEmpty());
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, DeviceTelemetryModel::DeviceColumn), QStringLiteral("nvml:0  NVIDIA H100 80GB HBM3"));
        QCOMPARE(cell(0, DeviceTelemetryModel::BusyColumn), QStringLiteral("0 %"));
        QCOMPARE(cell(0, DeviceTelemetryModel::MemoryColumn), QStringLiteral("70.0 / 80.0 GiB"));
        QCOMPARE(cell(0, DeviceTelemetryModel::PowerColumn), QStringLiteral("71 W"));
        QCOMPARE(cell(0, DeviceTelemetryModel::ClocksColumn), QStringLiteral("345 / 2619 MHz"));
        QCOMPARE(cell(0, DeviceTelemetryModel::ProcessesColumn), QStringLiteral("1 process"));
        QCOMPARE(cell(0, DeviceTelemetryModel::PriceColumn), QStringLiteral("$3.90/h"));
        QCOMPARE(cell(2, DeviceTelemetryModel::DeviceColumn), QStringLiteral("nvml:2  MIG 3g.40gb of nvml:1"));
        QCOMPARE(cell(2, DeviceTelemetryModel::BusyColumn), QStringLiteral("–"));
        QCOMPARE(cell(2, DeviceTelemetryModel::PriceColumn), QStringLiteral("$1.07/h")); // 3/7 of an A100 80GB
        QVERIFY(model.index(3, 0).data(Qt::ToolTipRole).toString().contains(QStringLiteral("nvidia.com/mig-1g.10gb")));

        // Held by pid 4242 and idle: with the alert time at 0 minutes it is called out with its price.
        QSignalSpy alerts(&model, &DeviceTelemetryModel::alertsChanged);
        model.setAlertMinutes(0);
        std::this_thread::sleep_for(5ms);
        step(1); // 1 % busy: still idle
        session.telemetry().sampleNow();
        model.refresh();
        QVERIFY(alerts.count() >= 1);
        QCOMPARE(model.idleAlerts().size(), 1);
        QVERIFY2(model.idleAlerts().front().startsWith(QStringLiteral("nvml:0 NVIDIA H100 80GB HBM3 has been idle for ")),
                 qPrintable(model.idleAlerts().front()));
        QVERIFY(model.idleAlerts().front().endsWith(QStringLiteral("while held (pid 4242): $3.90 an hour")));
        QVERIFY(model.index(0, 0).data(DeviceTelemetryModel::IdleAlertRole).toBool());
        QVERIFY(model.idleHours() > 0);
        QCOMPARE(model.idleCost(), model.idleHours() * 3.90);

        DevicesDock dock(session, &model);
        dock.resize(1200, 320);
        dock.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        model.refresh();
        QVERIFY2(dock.summary()->text().startsWith(QStringLiteral("4 GPU devices, sampled every second.")), qPrintable(dock.summary()->text()));
        QLabel *alertLabel = dock.findChild<QLabel *>(QStringLiteral("idleAlerts"));
        QVERIFY(alertLabel->isVisible());
        QCOMPARE(alertLabel->text(), model.idleAlerts().join(QLatin1Char('\n')));
        const auto series = dock.chartView()->chart()->series();
        QCOMPARE(series.size(), 2);
        auto *busy = qobject_cast<QLineSeries *>(series[0]);
        QCOMPARE(busy->count(), 2);
        QCOMPARE(busy->at(1).y(), 1.0);
        // A MIG instance reports no utilisation: only its memory is charted.
        dock.view()->selectRow(2);
        QCOMPARE(dock.chartView()->chart()->series().size(), 1);
        test::screenshot(&dock, "devices-dock.png");

        // Spot prices: the table and the next job's cost follow.
        compute::Prices spot = session.prices();
        spot.spot = true;
        session.setPrices(spot);
        QCOMPARE(cell(0, DeviceTelemetryModel::PriceColumn), QStringLiteral("$1.90/h"));
        const JobInfo cpu = session.pool().wait(session.pool().submit(sleeper(DeviceNeed::Cpu, 0, 10ms)));
        QCOMPARE(cpu.costUsd, 0.015 * cpu.deviceSeconds / 3600);
        QVERIFY(QSettings().value(QStringLiteral("costs/prices")).toString().contains(QStringLiteral("\"spot\": true")));
        session.setPrices(compute::Prices::defaults());
    }

    void costsTabFollowsTheWorkspace()
    {
        Session session(compute::DeviceReport{});
        session.telemetry().stop();
        DeviceTelemetryModel model(session);
        DevicesDock dock(session, &model);
        QAbstractItemModelTester days(dock.costDaysView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        dock.resize(1200, 320);
        dock.show();
        dock.tabs()->setCurrentIndex(1);
        QVERIFY(QTest::qWaitForWindowExposed(&dock));
        QVERIFY2(dock.costTotal()->text().startsWith(QStringLiteral("Open a workspace")), qPrintable(dock.costTotal()->text()));

        QTemporaryDir dir;
        session.openWorkspace(std::filesystem::path(dir.path().toStdString()) / "ws", true);
        QCOMPARE(dock.costTotal()->text(), QStringLiteral("Nothing that costs anything has run in the last 30 days."));

        // A job finishes: the tab reads the history again a moment later.
        const JobInfo cpu = session.pool().wait(session.pool().submit(sleeper(DeviceNeed::Cpu, 0, 20ms)));
        QVERIFY(cpu.costUsd > 0);
        dock.costsChanged();
        QTRY_COMPARE(dock.costDaysView()->model()->rowCount(), 1);
        const QAbstractItemModel *d = dock.costDaysView()->model();
        QCOMPARE(d->index(0, CostSummaryModel::DayColumn).data().toString(), QDate::currentDate().toString(Qt::ISODate));
        QCOMPARE(d->index(0, CostSummaryModel::JobsColumn).data().toInt(), 1);
        QCOMPARE(d->index(0, CostSummaryModel::DevicesCostColumn).data(CostSummaryModel::ValueRole).toDouble(), cpu.costUsd);
        QCOMPARE(d->index(0, CostSummaryModel::TotalColumn).data().toString(), CostText::usd(cpu.costUsd));
        QVERIFY2(dock.costTotal()->text().startsWith(QStringLiteral("The last 30 days: %1 in all").arg(CostText::usd(cpu.costUsd))),
                 qPrintable(dock.costTotal()->text()));

        // A run logs its cost: the experiments' table follows the tracking store.
        tracking::TrackingStore tracking(session.workspace()->db());
        const std::string run = tracking.createRun(tracking.createExperiment("priced"), "r");
        const std::vector<tracking::Metric> metrics{{"cost_usd", 0.42, 1, 0}, {"gpu_seconds", 1800, 1, 0}};
        tracking.logBatch(run, metrics);
        Q_EMIT session.trackingChanged();
        QTRY_COMPARE(dock.costExperimentsView()->model()->rowCount(), 1);
        const QAbstractItemModel *e = dock.costExperimentsView()->model();
        QCOMPARE(e->index(0, CostSummaryModel::ExperimentColumn).data().toString(), QStringLiteral("priced"));
        QCOMPARE(e->index(0, CostSummaryModel::ExperimentCostColumn).data().toString(), QStringLiteral("$0.420"));
        QCOMPARE(e->index(0, CostSummaryModel::ExperimentGpuHoursColumn).data().toString(), QStringLiteral("0.50"));
        test::screenshot(&dock, "devices-costs.png");

        // A shorter range reads again at once.
        dock.findChild<QComboBox *>(QStringLiteral("costRange"))->setCurrentIndex(0);
        QVERIFY(dock.costTotal()->text().startsWith(QStringLiteral("The last 7 days: ")));
    }

    void timeSlicedGpuShowsItsWorkersAndShares()
    {
        // KEEL_GPU_TIME_SLICES: 1 to 64, anything else one worker with the reason.
        qputenv("KEEL_GPU_TIME_SLICES", "3");
        QCOMPARE(gpuTimeSlicesFromEnvironment(), 3);
        std::string note;
        qputenv("KEEL_GPU_TIME_SLICES", "0");
        QCOMPARE(gpuTimeSlicesFromEnvironment(&note), 1);
        QVERIFY2(note.find("KEEL_GPU_TIME_SLICES='0' is not a whole number from 1 to 64") != std::string::npos, note.c_str());
        qputenv("KEEL_GPU_TIME_SLICES", "2x");
        QCOMPARE(gpuTimeSlicesFromEnvironment(), 1);
        qunsetenv("KEEL_GPU_TIME_SLICES");
        QCOMPARE(gpuTimeSlicesFromEnvironment(), 1);

        // The scripted H100 as CUDA device 0, time-sliced in two: two workers take jobs at once,
        // each charged half of the GPU; the Devices view says so.
        DeviceReport report;
        report.devices.push_back({DeviceId::cpu(), "CPU", 8 * GiB, 8 * GiB, {}, {}});
        report.devices.push_back({DeviceId::cuda(0), "NVIDIA H100 80GB HBM3", 80 * GiB, 80 * GiB, "9.0", {}});
        report.gpuTimeSlices = 2;
        QCOMPARE(report.gpuSlots().front().workers, 2);
        Session session(report);
        session.telemetry().stop();
        QCOMPARE(session.pool().gpus().size(), std::size_t(1));
        QCOMPARE(session.pool().gpus().front().workers, 2);
        QCOMPARE(session.pool().costMeter()->share(DeviceId::cuda(0)), 0.5);
        std::promise<void> release;
        std::shared_future<void> gate = release.get_future().share();
        std::atomic<int> running{0};
        auto held = [&] {
            JobSpec spec;
            spec.name = "held";
            spec.need = DeviceNeed::Gpu;
            spec.work = [&, gate](JobContext &ctx) {
                if (ctx.device().isCuda())
                    ++running;
                gate.wait();
            };
            return session.pool().submit(std::move(spec));
        };
        const JobId a = held(), b = held();
        QTRY_COMPARE(running.load(), 2); // both on the one GPU at once
        release.set_value();
        const JobInfo ja = session.pool().wait(a), jb = session.pool().wait(b);
        QCOMPARE(ja.state, JobState::Succeeded);
        QCOMPARE(ja.deviceSeconds, (ja.finishedMs - ja.startedMs) / 1000.0 / 2);
        QCOMPARE(jb.costUsd, session.prices().gpuHour("NVIDIA H100 80GB HBM3") * jb.deviceSeconds / 3600);

        session.telemetry().sampleNow();
        DeviceTelemetryModel model(session);
        model.refresh();
        QCOMPARE(model.index(0, DeviceTelemetryModel::WorkersColumn).data().toString(), QStringLiteral("2, time-sliced: 1/2 each"));
        QVERIFY(model.index(0, DeviceTelemetryModel::WorkersColumn).data(Qt::ToolTipRole).toString().contains(QStringLiteral("$1.95 an hour")));
        QCOMPARE(model.index(1, DeviceTelemetryModel::WorkersColumn).data().toString(), QStringLiteral("–")); // Keel runs nothing there
        QCOMPARE(model.headerData(DeviceTelemetryModel::WorkersColumn, Qt::Horizontal).toString(), QStringLiteral("Keel workers"));
        if (const QByteArray dir = qgetenv("KEEL_SCREENSHOTS"); !dir.isEmpty()) {
            DevicesDock dock(session, &model);
            dock.resize(1400, 320);
            dock.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dock));
            dock.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/devices-timesliced.png"));
        }

        // keel devices says why a bad value was not taken.
        qputenv("KEEL_GPU_TIME_SLICES", "many");
        const test::KeelResult devices = test::runKeel({QStringLiteral("devices")});
        qunsetenv("KEEL_GPU_TIME_SLICES");
        QCOMPARE(devices.code, 0);
        QVERIFY2(devices.out.contains(QStringLiteral("KEEL_GPU_TIME_SLICES='many' is not a whole number from 1 to 64: one worker per GPU")),
                 qPrintable(devices.out));
    }

    void pricesDialogEditsPrices()
    {
        compute::Prices p = compute::Prices::defaults();
        p.gpus.resize(2);
        p.gpus[1].onDemand = 4.25;
        p.cpuCoreHour = 0.05;
        PricesDialog dialog(p, {15, 4, 30});
        const compute::Prices back = dialog.prices();
        QCOMPARE(back.gpus.size(), std::size_t(2));
        QCOMPARE(back.gpus[1].model, p.gpus[1].model);
        QCOMPARE(back.gpus[1].onDemand, 4.25);
        QCOMPARE(back.cpuCoreHour, 0.05);
        QCOMPARE(dialog.idle().alertMinutes, 15);
        QCOMPARE(dialog.idle().unloadGpuMinutes, 4);
        dialog.findChild<QSpinBox *>(QStringLiteral("unloadCpuMinutes"))->setValue(45);
        QCOMPARE(dialog.idle().unloadCpuMinutes, 45);
        dialog.findChild<QPushButton *>(QStringLiteral("restoreDefaultPrices"))->click();
        QCOMPARE(dialog.prices().gpus.size(), compute::Prices::defaults().gpus.size());
        QCOMPARE(dialog.prices().cpuCoreHour, 0.04);
    }

private:
    static test::KeelResult runKeel(const QStringList &args) { return test::runKeel(args); }
};

QTEST_MAIN(TestTelemetry)
#include "tst_telemetry.moc"
