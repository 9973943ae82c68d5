// keel drift REFERENCE CURRENT: per-column data drift between two CSV/TSV files, by Evidently's
// default rule; exits 1 when the dataset drifted, so CI can gate on it.
#include "app/cli/cli.h"

#include "data/table.h"
#include "drift/driftanalysis.h"
#include "drift/driftreports.h"
#include "drift/inferencelogsource.h"
#include "drift/referenceprofiles.h"
#include "compute/histogram.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <cmath>

namespace keel::cli {
namespace {

bool parseDouble(const QString &text, double *out)
{
    bool ok = false;
    *out = text.toDouble(&ok);
    return ok;
}

// NAME:VERSION or NAME@ALIAS → the version's id; nullopt when the text has neither shape.
// Throws keel::Error (NotFound) for an unknown model, version or alias.
std::optional<std::int64_t> modelVersionId(store::Workspace &workspace, const QString &spec)
{
    registry::ModelRegistry models(workspace.db(), workspace.artifacts());
    const qsizetype at = spec.lastIndexOf(QLatin1Char('@')), colon = spec.lastIndexOf(QLatin1Char(':'));
    bool ok = false;
    if (at > 0)
        return models.versionByAlias(spec.left(at).toStdString(), spec.mid(at + 1).toStdString()).id;
    const int version = colon > 0 ? spec.mid(colon + 1).toInt(&ok) : 0;
    if (ok && version > 0)
        return models.version(spec.left(colon).toStdString(), version).id;
    return std::nullopt;
}

// keel drift reports [--model NAME:VERSION|NAME@ALIAS] [--id N] [--json]: the reports kept by --save.
int listReports(const QCommandLineParser &parser)
{
    try {
        auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
        drift::DriftReports reports(workspace->db());
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("id"))) {
            bool ok = false;
            const qint64 id = parser.value(QStringLiteral("id")).toLongLong(&ok);
            if (!ok)
                return Cli::usageError(Cli::tr("--id takes a report number, not '%1'").arg(parser.value(QStringLiteral("id"))));
            out << QString::fromStdString(reports.json(id)) << '\n';
            return Ok;
        }
        std::optional<std::int64_t> versionId;
        if (parser.isSet(QStringLiteral("model"))) {
            const auto id = modelVersionId(*workspace, parser.value(QStringLiteral("model")));
            if (!id)
                return Cli::usageError(Cli::tr("--model takes NAME:VERSION or NAME@ALIAS, not '%1'").arg(parser.value(QStringLiteral("model"))));
            versionId = id;
        }
        const auto list = reports.list(versionId, 1000);
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray array;
            for (const auto &r : list)
                array.append(QJsonObject{{QStringLiteral("id"), double(r.id)},
                                         {QStringLiteral("created_at"), double(r.createdAt)},
                                         {QStringLiteral("actor"), QString::fromStdString(r.actor)},
                                         {QStringLiteral("reference"), QString::fromStdString(r.reference)},
                                         {QStringLiteral("reference_sha256"), QString::fromStdString(r.referenceSha256)},
                                         {QStringLiteral("current"), QString::fromStdString(r.current)},
                                         {QStringLiteral("current_sha256"), QString::fromStdString(r.currentSha256)},
                                         {QStringLiteral("model"), r.modelVersionId ? QJsonValue(QString::fromStdString(r.model)) : QJsonValue()},
                                         {QStringLiteral("version"), r.modelVersionId ? QJsonValue(r.version) : QJsonValue()},
                                         {QStringLiteral("number_of_columns"), double(r.columns)},
                                         {QStringLiteral("number_of_drifted_columns"), double(r.driftedColumns)},
                                         {QStringLiteral("dataset_drift"), r.datasetDrift},
                                         {QStringLiteral("quality_alerts"), double(r.qualityAlerts)}});
            out << QJsonDocument(array).toJson();
            return Ok;
        }
        for (const auto &r : list) {
            out << QStringLiteral("%1  %2  %3/%4 drifted%5%6  %7 vs %8%9\n")
                       .arg(r.id, 4)
                       .arg(QDateTime::fromMSecsSinceEpoch(r.createdAt).toString(Qt::ISODate))
                       .arg(r.driftedColumns)
                       .arg(r.columns)
                       .arg(r.datasetDrift ? Cli::tr(", DATASET DRIFT") : QString())
                       .arg(r.qualityAlerts ? Cli::tr(", %1 quality alerts").arg(r.qualityAlerts) : QString())
                       .arg(QFileInfo(QString::fromStdString(r.current)).fileName(), QFileInfo(QString::fromStdString(r.reference)).fileName())
                       .arg(r.modelVersionId ? QStringLiteral("  [%1 v%2]").arg(QString::fromStdString(r.model)).arg(r.version) : QString());
        }
        if (list.empty())
            out << Cli::tr("No drift reports kept yet: run keel drift REF CUR --save.") << '\n';
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

std::map<std::string, data::ColumnType> categoricalOverrides(const QCommandLineParser &parser)
{
    std::map<std::string, data::ColumnType> overrides;
    for (const QString &c : parser.value(QStringLiteral("categorical")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        overrides[c.trimmed().toStdString()] = data::ColumnType::Categorical;
    return overrides;
}

// keel drift profile REF [--name NAME]: read the reference once and keep it in the workspace.
int createProfile(const QCommandLineParser &parser, const QString &file)
{
    try {
        auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
        const std::string name = parser.isSet(QStringLiteral("name")) ? parser.value(QStringLiteral("name")).toStdString()
                                                                      : QFileInfo(file).completeBaseName().toStdString();
        drift::ReferenceProfiles profiles(workspace->db(), workspace->artifacts());
        const auto p = profiles.create(name, file.toStdString(), categoricalOverrides(parser), registry::ModelRegistry::currentActor());
        if (parser.isSet(QStringLiteral("json"))) {
            Cli::out() << QString::fromStdString(p.summary) << '\n';
        } else {
            Cli::out() << Cli::tr("Profile \"%1\": %2 rows, %3 columns from %4. Use it as the reference: keel drift profile:%1 CURRENT")
                              .arg(QString::fromStdString(p.name))
                              .arg(p.rows)
                              .arg(p.columns)
                              .arg(QString::fromStdString(p.source))
                       << '\n';
        }
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

// keel drift profiles [--json]
int listProfiles(const QCommandLineParser &parser)
{
    try {
        auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
        const auto list = drift::ReferenceProfiles(workspace->db(), workspace->artifacts()).list();
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray array;
            for (const auto &p : list)
                array.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(p.name)},
                                         {QStringLiteral("source"), QString::fromStdString(p.source)},
                                         {QStringLiteral("source_sha256"), QString::fromStdString(p.sourceSha256)},
                                         {QStringLiteral("rows"), double(p.rows)},
                                         {QStringLiteral("columns"), double(p.columns)},
                                         {QStringLiteral("created_at"), double(p.createdAt)},
                                         {QStringLiteral("summary"), QJsonDocument::fromJson(QByteArray::fromStdString(p.summary)).object()}});
            out << QJsonDocument(array).toJson();
            return Ok;
        }
        for (const auto &p : list)
            out << QStringLiteral("%1  %2 rows × %3 columns  %4  %5\n")
                       .arg(QString::fromStdString(p.name), -20)
                       .arg(p.rows)
                       .arg(p.columns)
                       .arg(QDateTime::fromMSecsSinceEpoch(p.createdAt).toString(Qt::ISODate), QString::fromStdString(p.source));
        if (list.empty())
            out << Cli::tr("No reference profiles yet: keel drift profile REFERENCE --name NAME.") << '\n';
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace

int driftCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "REFERENCE CURRENT: compare two CSV, TSV or JSON Lines files column by column (KS, chi-square, z, Wasserstein or Jensen-Shannon, "
        "chosen as Evidently does), with multivariate drift (PCA reconstruction error) and, given --target and --prediction, model quality. "
        "Exit code 1 when the share of drifted columns reaches --share, or a window's multivariate or quality score leaves its reference band. "
        "CSV and TSV files of 256 MiB or more together, compared without windows or quality, are read out of core: their cells go to "
        "temporary files in $TMPDIR (8 bytes a number, 4 a category) and memory holds a pair of columns at a time."));
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
    parser.addOption({QStringLiteral("chunks"), Cli::tr("Without --time-column: also score the current data in N row chunks."), Cli::tr("N")});
    parser.addOption({QStringLiteral("target"), Cli::tr("Concept drift: the column with the true values (needs --prediction)."), Cli::tr("COLUMN")});
    parser.addOption({QStringLiteral("prediction"), Cli::tr("Concept drift: the column with the model's predictions or positive-class probabilities."),
                      Cli::tr("COLUMN")});
    parser.addOption({QStringLiteral("task"), Cli::tr("classification or regression (default: guessed from the target)."), Cli::tr("T")});
    parser.addOption({QStringLiteral("metric"), Cli::tr("The quality metric that alerts: accuracy, f1, roc_auc, mae or rmse."), Cli::tr("M")});
    parser.addOption({QStringLiteral("no-multivariate"), Cli::tr("Leave out the multivariate (PCA) check.")});
    parser.addOption({QStringLiteral("save"), Cli::tr("Keep the report in the workspace.")});
    parser.addOption({QStringLiteral("model"), Cli::tr("With --save: link the report to a model version, NAME:VERSION or NAME@ALIAS (with 'reports': only its reports)."),
                      Cli::tr("MODEL")});
    parser.addOption({QStringLiteral("name"), Cli::tr("With 'profile': the profile's name (default: the file's name)."), Cli::tr("NAME")});
    parser.addOption({QStringLiteral("id"), Cli::tr("With 'reports': print the JSON of this stored report."), Cli::tr("N")});
    parser.addPositionalArgument(QStringLiteral("reference"), Cli::tr("the reference data (CSV or TSV with a header row, or .jsonl), or profile:NAME"));
    // (current: a file, or serve-log:NAME for what `keel serve` logged for registry model NAME)
    parser.addPositionalArgument(QStringLiteral("current"), Cli::tr("the current data, with the same columns"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args == QStringList{QStringLiteral("reports")})
        return listReports(parser);
    if (args == QStringList{QStringLiteral("profiles")})
        return listProfiles(parser);
    if (args.size() == 2 && args[0] == QLatin1String("profile"))
        return createProfile(parser, args[1]);
    if (args.size() != 2)
        return Cli::usageError(Cli::tr("usage: keel drift REFERENCE CURRENT [--columns LIST] [--exclude LIST] [--threshold T] [--share S] [--time-column C [--period P] | --chunks N] [--target T --prediction P] [--save [--model M]] [--json]\n       keel drift reports [--model M] [--id N] [--json]\n       keel drift profile REFERENCE [--name NAME]   keel drift profiles"));

    drift::DriftRequest request;
    drift::DriftOptions &options = request.options;
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
    if (parser.isSet(QStringLiteral("period"))) {
        const auto p = drift::periodFromString(parser.value(QStringLiteral("period")).toStdString());
        if (!p)
            return Cli::usageError(Cli::tr("--period takes hour, day, week or month, not '%1'").arg(parser.value(QStringLiteral("period"))));
        request.period = *p;
    }
    request.overrides = categoricalOverrides(parser);
    request.histogram = compute::histogramWhereFastest;
    request.reference = args[0].toStdString();
    if (drift::profileName(request.reference.string()))
        request.workspace = Cli::workspaceDir(parser);
    request.current = args[1].toStdString();
    if (drift::isInferenceLogSource(request.current.string()))
        request.workspace = Cli::workspaceDir(parser);
    request.timeColumn = parser.value(QStringLiteral("time-column")).toStdString();
    request.multivariate = !parser.isSet(QStringLiteral("no-multivariate"));
    if (parser.isSet(QStringLiteral("chunks"))) {
        bool ok = false;
        const int n = parser.value(QStringLiteral("chunks")).toInt(&ok);
        if (!ok || n < 1)
            return Cli::usageError(Cli::tr("--chunks takes a whole number of at least 1, not '%1'").arg(parser.value(QStringLiteral("chunks"))));
        request.chunks = std::size_t(n);
    }
    if (parser.isSet(QStringLiteral("target")) != parser.isSet(QStringLiteral("prediction")))
        return Cli::usageError(Cli::tr("concept drift needs both --target and --prediction"));
    if (parser.isSet(QStringLiteral("target"))) {
        drift::ConceptDriftOptions quality;
        quality.target = parser.value(QStringLiteral("target")).toStdString();
        quality.prediction = parser.value(QStringLiteral("prediction")).toStdString();
        quality.metric = parser.value(QStringLiteral("metric")).toStdString();
        const QString task = parser.value(QStringLiteral("task"));
        if (task == QLatin1String("classification"))
            quality.task = drift::Task::Classification;
        else if (task == QLatin1String("regression"))
            quality.task = drift::Task::Regression;
        else if (!task.isEmpty())
            return Cli::usageError(Cli::tr("--task takes classification or regression, not '%1'").arg(task));
        // The target and prediction are watched by quality, not tested as features.
        for (const std::string &c : {quality.target, quality.prediction})
            if (std::find(options.exclude.begin(), options.exclude.end(), c) == options.exclude.end() &&
                std::find(options.columns.begin(), options.columns.end(), c) == options.columns.end())
                options.exclude.push_back(c);
        request.quality = quality;
    }
    if (parser.isSet(QStringLiteral("model")) && !parser.isSet(QStringLiteral("save")))
        return Cli::usageError(Cli::tr("--model goes with --save"));

    try {
        // Resolve the model version before the work, so a wrong name costs nothing.
        std::unique_ptr<store::Workspace> workspace;
        std::optional<std::int64_t> versionId;
        if (parser.isSet(QStringLiteral("save"))) {
            workspace = store::Workspace::open(Cli::workspaceDir(parser));
            if (parser.isSet(QStringLiteral("model"))) {
                versionId = modelVersionId(*workspace, parser.value(QStringLiteral("model")));
                if (!versionId)
                    return Cli::usageError(Cli::tr("--model takes NAME:VERSION or NAME@ALIAS, not '%1'").arg(parser.value(QStringLiteral("model"))));
            }
        }
        const drift::DriftAnalysis analysis = drift::analyseDrift(request);
        const drift::DriftReport &report = analysis.report;
        const auto &windows = analysis.windows;
        const std::string json = drift::toJson(analysis);
        std::int64_t savedId = 0;
        if (workspace)
            savedId = drift::DriftReports(workspace->db()).save(analysis, versionId, registry::ModelRegistry::currentActor());
        if (!Cli::writeOutput(parser, json))
            return BadUsage;
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json"))) {
            out << QString::fromStdString(json) << '\n';
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
                out << '\n' << (request.timeColumn.empty() ? Cli::tr("Per chunk of rows:")
                                                      : Cli::tr("Per %1 of %2:").arg(QLatin1String(drift::toString(request.period)),
                                                                                      QString::fromStdString(request.timeColumn)))
                    << '\n';
                out << QStringLiteral("%1 %2 %3 %4\n").arg(Cli::tr("window"), -16).arg(Cli::tr("rows"), 8).arg(Cli::tr("drifted"), 9).arg(Cli::tr("dataset drift"));
                for (const auto &w : windows) {
                    out << QStringLiteral("%1 %2 %3 %4\n")
                               .arg(QString::fromStdString(w.start), -16)
                               .arg(w.rows, 8)
                               .arg(QStringLiteral("%1/%2").arg(w.report.driftedColumns).arg(w.report.columns.size()), 9)
                               .arg(w.report.datasetDrift ? Cli::tr("DRIFT") : Cli::tr("no"));
                }
                if (analysis.untimed > 0)
                    out << Cli::tr("%1 rows have no time and are in no window").arg(analysis.untimed) << '\n';
                out << '\n';
            }
            out << (report.datasetDrift ? Cli::tr("Dataset drift: %1 of %2 columns drifted (share %3 reached).")
                                        : Cli::tr("No dataset drift: %1 of %2 columns drifted (share %3 not reached)."))
                       .arg(report.driftedColumns)
                       .arg(report.columns.size())
                       .arg(report.driftShare)
                << '\n';
            if (analysis.multivariate) {
                const drift::MultivariateDrift &m = *analysis.multivariate;
                out << Cli::tr("Multivariate drift (PCA reconstruction error, %1 components keep %2% of the variance): reference %3, alert outside [%4, %5]")
                           .arg(m.components)
                           .arg(100 * m.explainedVariance, 0, 'f', 1)
                           .arg(m.referenceError, 0, 'f', 4)
                           .arg(m.lower, 0, 'f', 4)
                           .arg(m.upper, 0, 'f', 4)
                    << '\n';
                for (const auto &w : m.windows)
                    out << QStringLiteral("%1 %2 %3 %4\n")
                               .arg(QString::fromStdString(w.start), -16)
                               .arg(w.rows, 8)
                               .arg(w.error, 9, 'f', 4)
                               .arg(w.alert ? Cli::tr("ALERT") : Cli::tr("ok"));
                out << '\n';
            }
            if (analysis.quality) {
                const drift::ConceptDrift &q = *analysis.quality;
                auto value = [](double v) { return std::isnan(v) ? QStringLiteral("-") : QString::number(v, 'f', 4); };
                out << Cli::tr("Model quality (%1, %2 of %3 against %4): reference %5, alert outside [%6, %7]")
                           .arg(QLatin1String(drift::toString(q.task)), QString::fromStdString(q.metric),
                                QString::fromStdString(request.quality->prediction), QString::fromStdString(request.quality->target),
                                value(q.reference.value(q.metric)), value(q.lower), value(q.upper))
                    << '\n';
                for (const auto &w : q.windows)
                    out << QStringLiteral("%1 %2 %3 %4\n")
                               .arg(QString::fromStdString(w.start), -16)
                               .arg(w.quality.rows, 8)
                               .arg(value(w.value), 9)
                               .arg(w.alert ? Cli::tr("ALERT") : Cli::tr("ok"));
                out << '\n';
            }
            if (savedId > 0)
                out << Cli::tr("Saved as drift report %1.").arg(savedId) << '\n';
        }
        out.flush();
        return analysis.alert() ? CheckFailed : Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
