// keel jobs: the job history of a workspace, newest first.
#include "app/cli/cli.h"

#include "compute/jobhistory.h"
#include "core/clock.h"
#include "models/costtext.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace keel::cli {

int jobsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("Lists the jobs recorded in a workspace, newest first."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("limit"), Cli::tr("Show at most N jobs (default 50)."), Cli::tr("N"), QStringLiteral("50")});
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    bool ok = false;
    const int limit = parser.value(QStringLiteral("limit")).toInt(&ok);
    if (!ok || limit < 1)
        return Cli::usageError(Cli::tr("--limit takes a whole number of at least 1, not '%1'").arg(parser.value(QStringLiteral("limit"))));

    const auto dir = Cli::workspaceDir(parser);
    store::Workspace::inspect(dir); // refuses what is not a workspace, changing nothing
    sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
    const auto jobs = compute::JobHistory::list(db, limit);

    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray rows;
        for (const auto &j : jobs) {
            QJsonObject o{{QStringLiteral("id"), double(j.id)},
                          {QStringLiteral("name"), QString::fromStdString(j.name)},
                          {QStringLiteral("kind"), QString::fromStdString(j.kind)},
                          {QStringLiteral("device_need"), QString::fromStdString(j.deviceNeed)},
                          {QStringLiteral("device"), QString::fromStdString(j.device)},
                          {QStringLiteral("priority"), j.priority},
                          {QStringLiteral("memory_estimate"), double(j.memoryEstimate)},
                          {QStringLiteral("state"), QString::fromStdString(j.state)},
                          {QStringLiteral("progress"), j.progress},
                          {QStringLiteral("message"), QString::fromStdString(j.message)},
                          {QStringLiteral("error"), j.error.empty() ? QJsonValue() : QJsonValue(QString::fromStdString(j.error))},
                          {QStringLiteral("submitted_at"), double(j.submittedMs)},
                          {QStringLiteral("started_at"), j.startedMs ? QJsonValue(double(*j.startedMs)) : QJsonValue()},
                          {QStringLiteral("finished_at"), j.finishedMs ? QJsonValue(double(*j.finishedMs)) : QJsonValue()},
                          {QStringLiteral("device_seconds"), j.deviceSeconds ? QJsonValue(*j.deviceSeconds) : QJsonValue()},
                          {QStringLiteral("cost_usd"), j.costUsd ? QJsonValue(*j.costUsd) : QJsonValue()},
                          {QStringLiteral("gpu_utilisation_mean"), j.gpuUtilisationMean ? QJsonValue(*j.gpuUtilisationMean) : QJsonValue()},
                          {QStringLiteral("gpu_utilisation_peak"), j.gpuUtilisationPeak ? QJsonValue(*j.gpuUtilisationPeak) : QJsonValue()},
                          {QStringLiteral("gpu_memory_peak"), j.gpuMemoryPeak ? QJsonValue(double(*j.gpuMemoryPeak)) : QJsonValue()}};
            rows.append(o);
        }
        out << QJsonDocument(rows).toJson(QJsonDocument::Indented);
        out.flush();
        return Ok;
    }
    if (jobs.empty()) {
        out << Cli::tr("No jobs recorded in %1 yet.").arg(QString::fromStdString(dir.string())) << '\n';
        out.flush();
        return Ok;
    }
    out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
               .arg(Cli::tr("ID"), 6)
               .arg(Cli::tr("Submitted (UTC)"), -24)
               .arg(Cli::tr("State"), -10)
               .arg(Cli::tr("Device"), -7)
               .arg(Cli::tr("Time"), 8)
               .arg(Cli::tr("Cost"), 9)
               .arg(Cli::tr("Job"));
    for (const auto &j : jobs) {
        QString duration;
        if (j.startedMs && j.finishedMs)
            duration = QStringLiteral("%1 s").arg(double(*j.finishedMs - *j.startedMs) / 1000.0, 0, 'f', 1);
        out << QStringLiteral("%1  %2  %3  %4  %5  %6  %7\n")
                   .arg(j.id, 6)
                   .arg(QString::fromStdString(isoTimeUtc(j.submittedMs)).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')), -24)
                   .arg(QString::fromStdString(j.state), -10)
                   .arg(QString::fromStdString(j.device.empty() ? "-" : j.device), -7)
                   .arg(duration, 8)
                   .arg(j.costUsd ? CostText::usd(*j.costUsd) : QStringLiteral("-"), 9)
                   .arg(QString::fromStdString(j.name));
        if (j.gpuMemoryPeak)
            out << "        " << Cli::tr("GPU: %1 % busy on average, %2 % at peak, %3 memory at peak")
                                     .arg(j.gpuUtilisationMean ? QString::number(*j.gpuUtilisationMean, 'f', 0) : QStringLiteral("-"),
                                          j.gpuUtilisationPeak ? QString::number(*j.gpuUtilisationPeak) : QStringLiteral("-"),
                                          Cli::bytes(*j.gpuMemoryPeak))
                << '\n';
        if (!j.error.empty())
            out << "        " << Cli::tr("error: %1").arg(QString::fromStdString(j.error)) << '\n';
        else if (!j.message.empty())
            out << "        " << QString::fromStdString(j.message) << '\n';
    }
    out.flush();
    return Ok;
}

} // namespace keel::cli
