// keel jobs: the job history of a workspace, newest first; keel costs: what it cost, per day and
// per experiment.
#include "app/cli/cli.h"

#include "compute/jobhistory.h"
#include "core/clock.h"
#include "eval/costsummary.h"
#include "models/costsummarymodel.h"
#include "models/costtext.h"
#include "store/database.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>

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

int costsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("What the workspace cost: per day, its jobs' device time (at the prices in force when each finished) and the hosted APIs its "
                "evals called; per experiment, the cost_usd its runs logged (pipeline runs, eval runs)."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("days"), Cli::tr("The last N days (default 30)."), Cli::tr("N"), QStringLiteral("30")});
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    bool ok = false;
    const int days = parser.value(QStringLiteral("days")).toInt(&ok);
    if (!ok || days < 1)
        return Cli::usageError(Cli::tr("--days takes a whole number of at least 1, not '%1'").arg(parser.value(QStringLiteral("days"))));

    const auto dir = Cli::workspaceDir(parser);
    store::Workspace::inspect(dir);
    sql::Database db = sql::Database::open(dir / store::Workspace::kDatabaseName, sql::Database::Mode::ReadOnly);
    const std::int64_t since = nowMs() - std::int64_t(days) * 86'400'000;
    const eval::CostSummary summary = eval::costSummary(db, since);

    QTextStream &out = Cli::out();
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray dayRows, experimentRows;
        for (const eval::CostDay &d : summary.days)
            dayRows.append(QJsonObject{{QStringLiteral("day"), QString::fromStdString(d.day)},
                                       {QStringLiteral("jobs"), d.jobs.jobs},
                                       {QStringLiteral("device_seconds"), d.jobs.deviceSeconds},
                                       {QStringLiteral("gpu_seconds"), d.jobs.gpuSeconds},
                                       {QStringLiteral("jobs_cost_usd"), d.jobs.costUsd},
                                       {QStringLiteral("hosted_api_cost_usd"), d.hostedUsd},
                                       {QStringLiteral("cost_usd"), d.totalUsd()}});
        for (const auto &e : summary.experiments)
            experimentRows.append(QJsonObject{{QStringLiteral("experiment_id"), double(e.experimentId)},
                                              {QStringLiteral("name"), QString::fromStdString(e.name)},
                                              {QStringLiteral("runs"), e.runs},
                                              {QStringLiteral("gpu_seconds"), e.gpuSeconds},
                                              {QStringLiteral("cost_usd"), e.costUsd}});
        out << QJsonDocument(QJsonObject{{QStringLiteral("days"), dayRows}, {QStringLiteral("experiments"), experimentRows}}).toJson(QJsonDocument::Indented);
        out.flush();
        return Ok;
    }
    const auto hours = &CostSummaryModel::hours;
    // Columns as wide as their heading or their figures, whichever is wider (headings translate).
    const auto row = [&out](const QStringList &cells, const std::vector<int> &widths) {
        for (qsizetype i = 0; i < cells.size(); ++i)
            out << "  " << (i == 0 ? cells[i].leftJustified(widths[i]) : cells[i].rightJustified(widths[i]));
        out << '\n';
    };
    const auto widthsOf = [](const QStringList &heading, std::vector<int> widths) {
        for (qsizetype i = 0; i < heading.size(); ++i)
            widths[i] = std::max<int>(widths[i], int(heading[i].size()));
        return widths;
    };
    out << Cli::tr("Cost per day, the last %n day(s) (local time):", nullptr, days) << '\n';
    if (summary.days.empty())
        out << "  " << Cli::tr("nothing ran") << '\n';
    else {
        const QStringList heading{Cli::tr("Day"), Cli::tr("Jobs"), Cli::tr("Device-h"), Cli::tr("GPU-h"), Cli::tr("Devices"), Cli::tr("Hosted APIs"), Cli::tr("Total")};
        const std::vector<int> widths = widthsOf(heading, {10, 5, 9, 8, 12, 11, 10});
        row(heading, widths);
        const auto cells = [hours](const QString &day, const eval::CostDay &d) {
            return QStringList{day, QString::number(d.jobs.jobs), hours(d.jobs.deviceSeconds), hours(d.jobs.gpuSeconds), CostText::usd(d.jobs.costUsd),
                               CostText::usd(d.hostedUsd), CostText::usd(d.totalUsd())};
        };
        for (const eval::CostDay &d : summary.days)
            row(cells(QString::fromStdString(d.day), d), widths);
        row(cells(Cli::tr("all"), summary.total), widths);
    }
    out << '\n' << Cli::tr("Cost per experiment (the cost_usd its runs logged):") << '\n';
    if (summary.experiments.empty())
        out << "  " << Cli::tr("no run has logged a cost") << '\n';
    else {
        const QStringList heading{Cli::tr("Experiment"), Cli::tr("Runs"), Cli::tr("GPU-h"), Cli::tr("Cost")};
        const std::vector<int> widths = widthsOf(heading, {30, 5, 8, 10});
        row(heading, widths);
        for (const auto &e : summary.experiments)
            row({QString::fromStdString(e.name), QString::number(e.runs), hours(e.gpuSeconds), CostText::usd(e.costUsd)}, widths);
    }
    out.flush();
    return Ok;
}

} // namespace keel::cli
