// keel devices: the compute devices Keel sees, their telemetry, the BLAS and the threads.
#include "app/cli/cli.h"

#include "compute/devices.h"
#include "compute/devicespeed.h"
#include "compute/jobhistory.h"
#include "compute/workerpool.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace keel::cli {
namespace {

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
        {QStringLiteral("blas"), QJsonObject{{QStringLiteral("name"), QString::fromStdString(report.blas.name)},
                                             {QStringLiteral("library"), QString::fromStdString(report.blas.library)},
                                             {QStringLiteral("fast"), report.blas.fast}}},
        {QStringLiteral("threads"), report.torchThreads},
        {QStringLiteral("libtorch"), QString::fromStdString(report.torchVersion)},
        {QStringLiteral("libtorch_cuda"), report.torchCuda},
        {QStringLiteral("cuda_runtime"), QString::fromStdString(report.cudaRuntime)},
        {QStringLiteral("cuda_driver"), QString::fromStdString(report.cudaDriver)},
        {QStringLiteral("cuda_kernels_built"), report.keelBuiltWithCuda},
    };
}

// Runs the speed job on each device through the worker pool, recording them in the workspace.
int measure(const compute::DeviceReport &report, const QCommandLineParser &parser)
{
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble(&ok);
    if (!ok || seconds <= 0 || seconds > 600)
        return Cli::usageError(Cli::tr("--seconds takes a number of seconds between 0 and 600, not '%1'").arg(parser.value(QStringLiteral("seconds"))));
    auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    compute::WorkerPool pool(compute::poolOptionsFor(report));
    compute::JobHistory history(workspace->databasePath());
    pool.addObserver(&history);
    std::vector<compute::JobId> ids{pool.submit(compute::deviceSpeedJob(compute::DeviceNeed::Cpu, 1024, seconds))};
    if (!report.gpuSlots().empty())
        ids.push_back(pool.submit(compute::deviceSpeedJob(compute::DeviceNeed::Gpu, 4096, seconds)));
    int failed = 0;
    for (const compute::JobId id : ids) {
        const compute::JobInfo info = pool.wait(id);
        if (info.state == compute::JobState::Succeeded) {
            Cli::out() << QString::fromStdString(info.message) << '\n';
        } else {
            ++failed;
            Cli::out() << Cli::tr("%1: %2").arg(QString::fromStdString(info.name), QString::fromStdString(info.error)) << '\n';
        }
    }
    history.flush();
    pool.removeObserver(&history);
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
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;

    const compute::DeviceReport report = compute::discoverDevices();
    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("measure")))
        return measure(report, parser);
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
        }
    }
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
