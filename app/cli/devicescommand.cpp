// keel devices: the compute devices Keel sees, their telemetry, the BLAS and the threads.
#include "app/cli/cli.h"
#include "app/cli/recordedpool.h"

#include "compute/devices.h"
#include "compute/devicespeed.h"
#include "compute/telemetry.h"
#include "core/clock.h"
#include "models/costsettings.h"
#include "models/costtext.h"
#include "compute/workerpool.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <thread>

namespace keel::cli {
namespace {

QJsonArray nvmlJson()
{
    QJsonArray out;
    const compute::Nvml &nvml = compute::Nvml::instance();
    for (const compute::NvmlDevice &d : nvml.devices()) {
        QJsonObject o{{QStringLiteral("index"), d.index},
                      {QStringLiteral("name"), QString::fromStdString(d.name)},
                      {QStringLiteral("uuid"), QString::fromStdString(d.uuid)},
                      {QStringLiteral("memory_total"), double(d.memoryTotal)}};
        if (!d.pciBusId.empty())
            o.insert(QStringLiteral("pci_bus_id"), QString::fromStdString(d.pciBusId));
        if (d.isMig()) {
            o.insert(QStringLiteral("mig_parent"), d.parent);
            o.insert(QStringLiteral("mig_profile"), QString::fromStdString(d.migProfile));
        }
        out.append(o);
    }
    return out;
}

QJsonObject toJson(const compute::DeviceReport &report)
{
    QJsonArray devices;
    for (const compute::Device &d : report.devices) {
        QJsonObject o{{QStringLiteral("id"), QString::fromStdString(d.id.toString())},
                      {QStringLiteral("name"), QString::fromStdString(d.name)},
                      {QStringLiteral("memory_total"), double(d.memoryTotal)},
                      {QStringLiteral("memory_available"), double(d.memoryAvailable)}};
        if (!d.computeCapability.empty())
            o.insert(QStringLiteral("compute_capability"), QString::fromStdString(d.computeCapability));
        if (d.telemetry) {
            o.insert(QStringLiteral("telemetry"),
                     QJsonObject{{QStringLiteral("memory_used"), double(d.telemetry->memoryUsed)},
                                 {QStringLiteral("memory_total"), double(d.telemetry->memoryTotal)},
                                 {QStringLiteral("utilisation_percent"), d.telemetry->utilisationPercent},
                                 {QStringLiteral("power_watts"), d.telemetry->powerWatts},
                                 {QStringLiteral("temperature_c"), d.telemetry->temperatureC}});
        } else if (d.id.isCuda()) {
            o.insert(QStringLiteral("telemetry"), QJsonValue::Null);
        }
        devices.append(o);
    }
    return QJsonObject{
        {QStringLiteral("devices"), devices},
        {QStringLiteral("gpu_note"), QString::fromStdString(report.gpuNote)},
        {QStringLiteral("telemetry_note"), QString::fromStdString(report.telemetryNote)},
        {QStringLiteral("gpu_time_slices"), report.gpuTimeSlices},
        {QStringLiteral("blas"), QJsonObject{{QStringLiteral("name"), QString::fromStdString(report.blas.name)},
                                             {QStringLiteral("library"), QString::fromStdString(report.blas.library)},
                                             {QStringLiteral("fast"), report.blas.fast}}},
        {QStringLiteral("threads"), report.torchThreads},
        {QStringLiteral("libtorch"), QString::fromStdString(report.torchVersion)},
        {QStringLiteral("libtorch_cuda"), report.torchCuda},
        {QStringLiteral("cuda_runtime"), QString::fromStdString(report.cudaRuntime)},
        {QStringLiteral("cuda_driver"), QString::fromStdString(report.cudaDriver)},
        {QStringLiteral("cuda_kernels_built"), report.keelBuiltWithCuda},
        {QStringLiteral("nvml_devices"), nvmlJson()},
    };
}

QString deviceLabel(const compute::NvmlDevice &d)
{
    return QStringLiteral("nvml:%1").arg(d.index);
}

QJsonObject pointJson(const compute::NvmlDevice &d, const compute::TelemetryPoint &p, const std::vector<compute::GpuProcess> &processes)
{
    QJsonArray procs;
    for (const auto &proc : processes)
        procs.append(QJsonObject{{QStringLiteral("pid"), double(proc.pid)}, {QStringLiteral("memory_used"), double(proc.memoryUsed)}});
    auto optional = [](double v) { return v >= 0 ? QJsonValue(v) : QJsonValue(); };
    return QJsonObject{{QStringLiteral("time"), QString::fromStdString(isoTimeUtc(p.timeMs))},
                       {QStringLiteral("device"), deviceLabel(d)},
                       {QStringLiteral("name"), QString::fromStdString(d.name)},
                       {QStringLiteral("uuid"), QString::fromStdString(d.uuid)},
                       {QStringLiteral("utilisation_percent"), optional(p.utilisationPercent)},
                       {QStringLiteral("memory_used"), double(p.memoryUsed)},
                       {QStringLiteral("memory_total"), double(p.memoryTotal)},
                       {QStringLiteral("power_watts"), optional(p.powerWatts)},
                       {QStringLiteral("temperature_c"), optional(p.temperatureC)},
                       {QStringLiteral("sm_clock_mhz"), optional(p.smClockMHz)},
                       {QStringLiteral("memory_clock_mhz"), optional(p.memoryClockMHz)},
                       {QStringLiteral("held"), p.held},
                       {QStringLiteral("processes"), procs}};
}

// "  93 %  18.6 GiB / 80.0 GiB  640 W  70 °C  SM 1980 MHz  memory 2619 MHz  1 process"
QString pointFields(const compute::NvmlDevice &d, const compute::TelemetryPoint &p, std::size_t processes)
{
    const QString busy = p.utilisationPercent >= 0 ? QStringLiteral("%1 %").arg(p.utilisationPercent, 3) : QStringLiteral("    -");
    QString line = QStringLiteral("%1  %2 / %3")
                       .arg(busy)
                       .arg(Cli::bytes(p.memoryUsed), 10)
                       .arg(Cli::bytes(p.memoryTotal));
    if (p.powerWatts >= 0)
        line += Cli::tr("  %1 W").arg(p.powerWatts, 0, 'f', 0);
    if (p.temperatureC >= 0)
        line += Cli::tr("  %1 °C").arg(p.temperatureC);
    if (p.smClockMHz >= 0)
        line += Cli::tr("  SM %1 MHz").arg(p.smClockMHz);
    if (p.memoryClockMHz >= 0)
        line += Cli::tr("  memory %1 MHz").arg(p.memoryClockMHz);
    line += Cli::tr("  %n process(es)", nullptr, int(processes));
    if (d.isMig())
        line += Cli::tr("  (MIG %1 of nvml:%2)").arg(QString::fromStdString(d.migProfile)).arg(d.parent);
    return line;
}

QString pointLine(const compute::NvmlDevice &d, const compute::TelemetryPoint &p, std::size_t processes)
{
    return QStringLiteral("%1  %2  %3")
        .arg(QString::fromStdString(isoTimeUtc(p.timeMs)).mid(11, 8))
        .arg(deviceLabel(d), -7)
        .arg(pointFields(d, p, processes));
}

std::atomic<bool> g_interrupted{false};

// keel devices --watch: NVML sampled every --interval seconds, one line per device, and what
// the devices did over the watch when it ends (after --count samples, or Ctrl+C).
int watch(const QCommandLineParser &parser)
{
    bool ok = false;
    const double interval = parser.value(QStringLiteral("interval")).toDouble(&ok);
    if (!ok || interval < 0.01 || interval > 3600)
        return Cli::usageError(Cli::tr("--interval takes seconds between 0.01 and 3600, not '%1'").arg(parser.value(QStringLiteral("interval"))));
    const int count = parser.value(QStringLiteral("count")).toInt(&ok);
    if (!ok || count < 0)
        return Cli::usageError(Cli::tr("--count takes a whole number of samples (0: until interrupted), not '%1'").arg(parser.value(QStringLiteral("count"))));
    const bool json = parser.isSet(QStringLiteral("json"));
    compute::TelemetrySampler sampler({int(interval * 1000), 86400, 5});
    QTextStream &out = Cli::out();
    if (!sampler.available()) {
        Cli::err() << "keel: " << QString::fromStdString(sampler.unavailableReason()) << '\n';
        Cli::err().flush();
        return CheckFailed;
    }
    g_interrupted = false;
    std::signal(SIGINT, [](int) { g_interrupted = true; });
    const auto started = std::chrono::steady_clock::now();
    for (int n = 0; (count == 0 || n < count) && !g_interrupted; ++n) {
        if (n > 0) {
            const auto due = started + std::chrono::duration<double>(interval * n);
            while (!g_interrupted && std::chrono::steady_clock::now() < due)
                std::this_thread::sleep_for(std::min<std::chrono::duration<double>>(due - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
            if (g_interrupted)
                break;
        }
        sampler.sampleNow();
        for (const compute::NvmlDevice &d : sampler.devices()) {
            const auto p = sampler.latest(d.index);
            if (!p)
                continue;
            if (json)
                out << QJsonDocument(pointJson(d, *p, sampler.processes(d.index))).toJson(QJsonDocument::Compact) << '\n';
            else
                out << pointLine(d, *p, sampler.processes(d.index).size()) << '\n';
        }
        out.flush();
    }
    std::signal(SIGINT, SIG_DFL);
    if (json)
        return Ok;
    // What each device did over the watch, and what its idle time cost while something held it.
    const compute::Prices prices = savedPrices();
    out << Cli::tr("Over %n sample(s), %1 ms each to read:", nullptr, int(sampler.sampleCount()))
               .arg(sampler.meanSampleMicros() / 1000.0, 0, 'f', 2)
        << '\n';
    for (const compute::NvmlDevice &d : sampler.devices()) {
        const auto points = sampler.points(d.index);
        if (points.empty())
            continue;
        const compute::DeviceUsage u = sampler.usage(d.index, points.front().timeMs, points.back().timeMs);
        const compute::IdleSummary idle = sampler.idle(d.index);
        const double perHour = prices.gpuHour(d.name);
        out << QStringLiteral("  %1  %2: ").arg(deviceLabel(d), -7).arg(QString::fromStdString(d.name));
        if (u.meanUtilisationPercent >= 0)
            out << Cli::tr("%1 % busy on average, %2 % at peak, ").arg(u.meanUtilisationPercent, 0, 'f', 0).arg(u.peakUtilisationPercent);
        out << Cli::tr("%1 memory at peak; idle while held %2 s (%3 at %4/h)")
                   .arg(Cli::bytes(u.peakMemoryUsed))
                   .arg(idle.idleSeconds, 0, 'f', 1)
                   .arg(CostText::usd(perHour * idle.idleSeconds / 3600), CostText::usd(perHour))
            << '\n';
    }
    out.flush();
    return Ok;
}

// Memory admission on each GPU: a job asking for more than the GPU has is refused at once; one
// asking for more than is free (when something else holds memory) waits, saying why.
int admission(const compute::DeviceReport &report)
{
    QTextStream &out = Cli::out();
    const auto slots = report.gpuSlots();
    if (slots.empty()) {
        out << Cli::tr("admission: no GPU that Keel can use, nothing to admit") << '\n';
        out.flush();
        return Ok;
    }
    compute::PoolOptions options = compute::poolOptionsFor(report, savedPrices());
    options.cpuWorkers = 1;
    compute::WorkerPool pool(options);
    int failed = 0;
    for (const compute::GpuSlot &slot : slots) {
        const QString device = QStringLiteral("cuda:%1").arg(slot.index);
        compute::JobSpec spec;
        spec.name = "admission check";
        spec.need = compute::DeviceNeed::Gpu;
        spec.memoryEstimate = slot.memoryBytes * 2;
        spec.work = [](compute::JobContext &) {};
        const compute::JobInfo huge = pool.wait(pool.submit(spec));
        out << Cli::tr("admission on %1: a job asking for %2 (the GPU has %3): %4, \"%5\"")
                   .arg(device, Cli::bytes(spec.memoryEstimate), Cli::bytes(slot.memoryBytes), QString::fromLatin1(compute::toString(huge.state)),
                        QString::fromStdString(huge.error))
            << '\n';
        failed += huge.state != compute::JobState::Failed;
        const auto free = options.gpuFreeMemory ? options.gpuFreeMemory(slot.index) : std::nullopt;
        if (!free) {
            out << Cli::tr("admission on %1: NVML gives no free memory, so jobs are admitted against the total").arg(device) << '\n';
            continue;
        }
        if (*free + (1ull << 30) >= slot.memoryBytes) {
            out << Cli::tr("admission on %1: %2 free of %3; nothing else holds memory, so a job larger than the free memory is one larger than the GPU")
                       .arg(device, Cli::bytes(*free), Cli::bytes(slot.memoryBytes))
                << '\n';
            continue;
        }
        spec.memoryEstimate = (*free + slot.memoryBytes) / 2;
        const compute::JobId waiting = pool.submit(spec);
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        const auto info = pool.info(waiting);
        out << Cli::tr("admission on %1: a job asking for %2 with %3 free: %4, \"%5\"")
                   .arg(device, Cli::bytes(spec.memoryEstimate), Cli::bytes(*free), QString::fromLatin1(compute::toString(info->state)),
                        QString::fromStdString(info->waitingFor))
            << '\n';
        failed += info->state != compute::JobState::Queued;
        pool.cancel(waiting);
    }
    out.flush();
    return failed ? CheckFailed : Ok;
}

// The devices NVML lists (GPUs and their MIG instances), whether or not CUDA can use them.
void printNvmlDevices(QTextStream &out)
{
    const compute::Nvml &nvml = compute::Nvml::instance();
    if (!nvml.available())
        return;
    const auto devices = nvml.devices();
    if (devices.empty())
        return;
    out << Cli::tr("NVML (driver %1):").arg(QString::fromStdString(nvml.driverVersion())) << '\n';
    for (const compute::NvmlDevice &d : devices) {
        out << "  " << deviceLabel(d).leftJustified(8) << QString::fromStdString(d.name) << "  " << QString::fromStdString(d.uuid);
        if (d.isMig())
            out << Cli::tr("  (MIG instance of nvml:%1; Kubernetes resource nvidia.com/mig-%2)").arg(d.parent).arg(QString::fromStdString(d.migProfile));
        out << '\n';
        if (const auto t = nvml.telemetry(d)) {
            out << "          " << pointFields(d, compute::telemetryPoint(*t, nowMs()), t->processes.size()) << '\n';
            for (const auto &proc : t->processes)
                out << "            " << Cli::tr("pid %1: %2").arg(proc.pid).arg(Cli::bytes(proc.memoryUsed)) << '\n';
        }
    }
}

// Runs the speed job on each device through the worker pool, recording them in the workspace.
int measure(const compute::DeviceReport &report, const QCommandLineParser &parser)
{
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 600)
        return Cli::usageError(Cli::tr("--seconds takes a number of seconds between 0 and 600, not '%1'").arg(parser.value(QStringLiteral("seconds"))));
    auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    RecordedPool recorded(compute::poolOptionsFor(report, savedPrices()), workspace->databasePath());
    compute::WorkerPool &pool = recorded.pool();
    std::vector<compute::JobId> ids{pool.submit(compute::deviceSpeedJob(compute::DeviceNeed::Cpu, 1024, seconds))};
    if (!report.gpuSlots().empty())
        ids.push_back(pool.submit(compute::deviceSpeedJob(compute::DeviceNeed::Gpu, 4096, seconds)));
    int failed = 0;
    for (const compute::JobId id : ids) {
        const compute::JobInfo info = pool.wait(id);
        if (info.state == compute::JobState::Succeeded) {
            Cli::out() << QString::fromStdString(info.message);
            if (info.costUsd >= 0)
                Cli::out() << Cli::tr(" · cost %1 (%2 s of %3)")
                                  .arg(CostText::usd(info.costUsd))
                                  .arg(info.deviceSeconds, 0, 'f', 1)
                                  .arg(QString::fromStdString(info.device ? info.device->toString() : std::string("cpu")));
            Cli::out() << '\n';
        } else {
            ++failed;
            Cli::out() << Cli::tr("%1: %2").arg(QString::fromStdString(info.name), QString::fromStdString(info.error)) << '\n';
        }
    }
    recorded.flush();
    Cli::out().flush();
    return failed ? CheckFailed : Ok;
}

} // namespace

int devicesCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("Shows the devices Keel computes on."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("measure"),
                      Cli::tr("Measure fp32 matrix-multiply speed on every device, as jobs recorded in the workspace.")});
    parser.addOption({QStringLiteral("seconds"), Cli::tr("How long each measurement runs (default 3)."), Cli::tr("S"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("admission"),
                      Cli::tr("Show GPU memory admission: a job asking for more than a GPU has, and one asking for more than is free.")});
    parser.addOption({QStringLiteral("watch"),
                      Cli::tr("Sample NVML telemetry (utilisation, memory, power, temperature, clocks, processes) and print it, "
                              "then what each GPU did and what its idle time cost.")});
    parser.addOption({QStringLiteral("interval"), Cli::tr("Seconds between samples with --watch (default 1)."), Cli::tr("S"), QStringLiteral("1")});
    parser.addOption({QStringLiteral("count"), Cli::tr("Stop --watch after N samples (default 0: at Ctrl+C)."), Cli::tr("N"), QStringLiteral("0")});
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;

    const compute::DeviceReport report = compute::discoverDevices();
    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("measure")))
        return measure(report, parser);
    if (parser.isSet(QStringLiteral("watch")))
        return watch(parser);
    if (parser.isSet(QStringLiteral("admission")))
        return admission(report);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented);
        out.flush();
        return Ok;
    }
    for (const compute::Device &d : report.devices) {
        out << QString::fromStdString(d.id.toString()).leftJustified(8) << QString::fromStdString(d.name) << '\n';
        out << "        " << Cli::tr("memory: %1 total, %2 available").arg(Cli::bytes(d.memoryTotal), Cli::bytes(d.memoryAvailable));
        if (!d.computeCapability.empty())
            out << Cli::tr(", compute capability %1").arg(QString::fromStdString(d.computeCapability));
        out << '\n';
        if (d.id.isCuda()) {
            if (d.telemetry) {
                const auto &t = *d.telemetry;
                out << "        " << Cli::tr("telemetry: %1 / %2 used, %3% busy, %4 W, %5 °C")
                                         .arg(Cli::bytes(t.memoryUsed), Cli::bytes(t.memoryTotal))
                                         .arg(t.utilisationPercent)
                                         .arg(t.powerWatts, 0, 'f', 0)
                                         .arg(t.temperatureC)
                    << '\n';
            } else {
                out << "        " << QString::fromStdString(report.telemetryNote) << '\n';
            }
            if (report.gpuTimeSlices > 1)
                out << "        " << Cli::tr("time-sliced: %1 Keel workers, each charged 1/%1 of the GPU").arg(report.gpuTimeSlices) << '\n';
        }
    }
    printNvmlDevices(out);
    if (!report.timeSliceNote.empty())
        out << QString::fromStdString(report.timeSliceNote) << '\n';
    if (!report.gpuNote.empty())
        out << Cli::tr("GPUs: %1").arg(QString::fromStdString(report.gpuNote)) << '\n';
    out << Cli::tr("BLAS: %1").arg(QString::fromStdString(report.blas.name));
    if (!report.blas.library.empty())
        out << " (" << QString::fromStdString(report.blas.library) << ')';
    out << '\n';
    if (!report.blas.fast)
        out << Cli::tr("warning: %1").arg(QString::fromStdString(report.blas.advice)) << '\n';
    out << Cli::tr("Threads: %1 (libtorch intra-op)").arg(report.torchThreads) << '\n';
    out << Cli::tr("libtorch: %1 (%2)").arg(QString::fromStdString(report.torchVersion),
                                            report.torchCuda ? Cli::tr("CUDA") : Cli::tr("CPU only"))
        << '\n';
    QString cuda = Cli::tr("none");
    if (!report.cudaRuntime.empty()) {
        cuda = report.cudaDriver.empty()
                   ? Cli::tr("runtime %1, no driver").arg(QString::fromStdString(report.cudaRuntime))
                   : Cli::tr("runtime %1, driver %2").arg(QString::fromStdString(report.cudaRuntime), QString::fromStdString(report.cudaDriver));
    }
    out << Cli::tr("CUDA: %1").arg(cuda) << '\n';
    out.flush();
    return Ok;
}

} // namespace keel::cli
