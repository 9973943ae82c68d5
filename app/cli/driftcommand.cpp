// keel drift REFERENCE CURRENT: per-column data drift between two CSV/TSV files, by Evidently's
// default rule; exits 1 when the dataset drifted, so CI can gate on it.
#include "app/cli/cli.h"

#include "data/table.h"
#include "drift/tabledrift.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <future>

namespace keel::cli {
namespace {

QJsonObject reportJson(const drift::DriftReport &report, const QString &reference, const QString &current)
{
    QJsonArray columns;
    for (const auto &c : report.columns) {
        columns.append(QJsonObject{{QStringLiteral("column"), QString::fromStdString(c.column)},
                                   {QStringLiteral("type"), QLatin1String(data::toString(c.type))},
                                   {QStringLiteral("stattest"), QString::fromStdString(c.drift.test)},
                                   {QStringLiteral("score"), c.drift.score},
                                   {QStringLiteral("score_is_p_value"), c.drift.scoreIsPValue},
                                   {QStringLiteral("threshold"), c.drift.threshold},
                                   {QStringLiteral("drift_detected"), c.drift.drifted},
                                   {QStringLiteral("reference_missing"), double(c.referenceMissing)},
                                   {QStringLiteral("current_missing"), double(c.currentMissing)}});
    }
    QJsonArray skipped;
    for (const auto &s : report.skipped)
        skipped.append(QString::fromStdString(s));
    return QJsonObject{{QStringLiteral("reference"), reference},
                       {QStringLiteral("current"), current},
                       {QStringLiteral("reference_rows"), double(report.referenceRows)},
                       {QStringLiteral("current_rows"), double(report.currentRows)},
                       {QStringLiteral("number_of_columns"), double(report.columns.size())},
                       {QStringLiteral("number_of_drifted_columns"), double(report.driftedColumns)},
                       {QStringLiteral("share_of_drifted_columns"),
                        report.columns.empty() ? 0.0 : double(report.driftedColumns) / double(report.columns.size())},
                       {QStringLiteral("drift_share"), report.driftShare},
                       {QStringLiteral("dataset_drift"), report.datasetDrift},
                       {QStringLiteral("columns"), columns},
                       {QStringLiteral("skipped"), skipped}};
}

bool parseDouble(const QString &text, double *out)
{
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok;
}

} // namespace

int driftCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "REFERENCE CURRENT: compare two CSV, TSV or JSON Lines files column by column (KS, chi-square, z, Wasserstein or Jensen-Shannon, "
        "chosen as Evidently does). Exit code 1 when the share of drifted columns reaches --share."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Also write the JSON report to FILE."), Cli::tr("FILE")});
    parser.addOption({QStringLiteral("columns"), Cli::tr("Only these columns (comma-separated)."), Cli::tr("LIST")});
    parser.addOption({QStringLiteral("exclude"), Cli::tr("Leave out these columns: identifiers, the target, timestamps (comma-separated)."),
                      Cli::tr("LIST")});
    parser.addOption({QStringLiteral("threshold"), Cli::tr("A threshold instead of each test's default: T for every column, or COLUMN=T for one (repeatable)."),
                      Cli::tr("T")});
    parser.addOption({QStringLiteral("share"), Cli::tr("The share of drifted columns that means dataset drift (default 0.5)."), Cli::tr("S")});
    parser.addOption({QStringLiteral("categorical"), Cli::tr("Read these columns as categories even if they hold numbers (comma-separated)."),
                      Cli::tr("LIST")});
    parser.addOption({QStringLiteral("time-column"), Cli::tr("Also score the current data per period of this timestamp column."),
                      Cli::tr("COLUMN")});
    parser.addOption({QStringLiteral("period"), Cli::tr("With --time-column: hour, day, week or month (default day)."), Cli::tr("P")});
    parser.addPositionalArgument(QStringLiteral("reference"), Cli::tr("the reference data (CSV or TSV with a header row, or .jsonl)"));
    parser.addPositionalArgument(QStringLiteral("current"), Cli::tr("the current data, with the same columns"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2)
        return Cli::usageError(Cli::tr("usage: keel drift REFERENCE CURRENT [--columns LIST] [--exclude LIST] [--threshold T] [--share S] [--time-column C [--period P]] [--json]"));

    drift::DriftOptions options;
    if (parser.isSet(QStringLiteral("columns"))) {
        for (const QString &c : parser.value(QStringLiteral("columns")).split(QLatin1Char(','), Qt::SkipEmptyParts))
            options.columns.push_back(c.trimmed().toStdString());
    }
    for (const QString &c : parser.value(QStringLiteral("exclude")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.exclude.push_back(c.trimmed().toStdString());
    for (const QString &value : parser.values(QStringLiteral("threshold"))) {
        const qsizetype eq = value.lastIndexOf(QLatin1Char('='));
        double t = 0;
        if (!parseDouble(eq < 0 ? value : value.mid(eq + 1), &t) || t <= 0 || eq == 0)
            return Cli::usageError(Cli::tr("--threshold takes a positive number or COLUMN=NUMBER, not '%1'").arg(value));
        if (eq < 0)
            options.threshold = t;
        else
            options.columnThresholds[value.left(eq).toStdString()] = t;
    }
    if (parser.isSet(QStringLiteral("share"))) {
        if (!parseDouble(parser.value(QStringLiteral("share")), &options.driftShare) || options.driftShare <= 0 || options.driftShare > 1)
            return Cli::usageError(Cli::tr("--share takes a number in (0, 1], not '%1'").arg(parser.value(QStringLiteral("share"))));
    }
    drift::Period period = drift::Period::Day;
    if (parser.isSet(QStringLiteral("period"))) {
        const auto p = drift::periodFromString(parser.value(QStringLiteral("period")).toStdString());
        if (!p)
            return Cli::usageError(Cli::tr("--period takes hour, day, week or month, not '%1'").arg(parser.value(QStringLiteral("period"))));
        period = *p;
    }
    std::map<std::string, data::ColumnType> overrides;
    for (const QString &c : parser.value(QStringLiteral("categorical")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        overrides[c.trimmed().toStdString()] = data::ColumnType::Categorical;

    try {
        // The two files are read at once, each on its own thread.
        auto readingCurrent = std::async(std::launch::async, [&] { return data::readTable(args[1].toStdString(), overrides); });
        const auto reference = data::readTable(args[0].toStdString(), overrides);
        const auto current = readingCurrent.get();
        const auto report = drift::compareTables(reference, current, options);
        QJsonObject json = reportJson(report, args[0], args[1]);
        std::vector<drift::WindowReport> windows;
        std::size_t untimed = 0;
        if (parser.isSet(QStringLiteral("time-column"))) {
            windows = drift::compareByWindow(reference, current, parser.value(QStringLiteral("time-column")).toStdString(), period, options,
                                             &untimed);
            QJsonArray array;
            for (const auto &w : windows) {
                QJsonObject o = reportJson(w.report, args[0], args[1]);
                o.remove(QStringLiteral("reference"));
                o.remove(QStringLiteral("current"));
                o.remove(QStringLiteral("reference_rows"));
                o.remove(QStringLiteral("current_rows"));
                o.insert(QStringLiteral("start"), QString::fromStdString(w.start));
                o.insert(QStringLiteral("rows"), double(w.rows));
                array.append(o);
            }
            json.insert(QStringLiteral("period"), QLatin1String(drift::toString(period)));
            json.insert(QStringLiteral("rows_without_time"), double(untimed));
            json.insert(QStringLiteral("windows"), array);
        }
        if (parser.isSet(QStringLiteral("output"))) {
            QFile file(parser.value(QStringLiteral("output")));
            if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
                return Cli::usageError(Cli::tr("cannot write %1: %2").arg(file.fileName(), file.errorString()));
            file.write(QJsonDocument(json).toJson());
        }
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json"))) {
            out << QJsonDocument(json).toJson();
        } else {
            out << Cli::tr("%1 rows in the reference, %2 in the current data").arg(report.referenceRows).arg(report.currentRows) << '\n';
            out << QStringLiteral("%1 %2 %3 %4 %5\n")
                       .arg(Cli::tr("column"), -24)
                       .arg(Cli::tr("type"), -12)
                       .arg(Cli::tr("test"), -14)
                       .arg(Cli::tr("score"), 12)
                       .arg(Cli::tr("drift"));
            for (const auto &c : report.columns) {
                const QString score = c.drift.scoreIsPValue ? QStringLiteral("p=%1").arg(c.drift.score, 0, 'g', 4)
                                                            : QString::number(c.drift.score, 'g', 4);
                out << QStringLiteral("%1 %2 %3 %4 %5\n")
                           .arg(QString::fromStdString(c.column), -24)
                           .arg(QLatin1String(data::toString(c.type)), -12)
                           .arg(QString::fromStdString(c.drift.test), -14)
                           .arg(score, 12)
                           .arg(c.drift.drifted ? Cli::tr("DRIFT") : Cli::tr("no"));
            }
            for (const auto &s : report.skipped)
                out << Cli::tr("skipped %1").arg(QString::fromStdString(s)) << '\n';
            if (!windows.empty()) {
                out << '\n' << Cli::tr("Per %1 of %2:").arg(QLatin1String(drift::toString(period)), parser.value(QStringLiteral("time-column")))
                    << '\n';
                out << QStringLiteral("%1 %2 %3 %4\n").arg(Cli::tr("window"), -16).arg(Cli::tr("rows"), 8).arg(Cli::tr("drifted"), 9).arg(Cli::tr("dataset drift"));
                for (const auto &w : windows) {
                    out << QStringLiteral("%1 %2 %3 %4\n")
                               .arg(QString::fromStdString(w.start), -16)
                               .arg(w.rows, 8)
                               .arg(QStringLiteral("%1/%2").arg(w.report.driftedColumns).arg(w.report.columns.size()), 9)
                               .arg(w.report.datasetDrift ? Cli::tr("DRIFT") : Cli::tr("no"));
                }
                if (untimed > 0)
                    out << Cli::tr("%1 rows have no time and are in no window").arg(untimed) << '\n';
                out << '\n';
            }
            out << (report.datasetDrift ? Cli::tr("Dataset drift: %1 of %2 columns drifted (share %3 reached).")
                                        : Cli::tr("No dataset drift: %1 of %2 columns drifted (share %3 not reached)."))
                       .arg(report.driftedColumns)
                       .arg(report.columns.size())
                       .arg(report.driftShare)
                << '\n';
        }
        out.flush();
        return report.datasetDrift ? CheckFailed : Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
