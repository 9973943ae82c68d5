// keel skew OFFLINE ONLINE --key ID: training-serving skew between features computed offline (for
// training) and online (at serving), joined on an entity key; exits 1 when a feature is skewed.
#include "app/cli/cli.h"

#include "drift/inferencelogsource.h"
#include "store/workspace.h"

#include "data/table.h"
#include "drift/skew.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <cmath>

namespace keel::cli {

int skewCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr(
        "OFFLINE ONLINE: the same features computed for training and at serving time, joined on --key. Per feature: the share "
        "of rows that disagree, the largest difference, and a distribution test. Exit code 1 when a feature is skewed."));
    Cli::addCommonOptions(parser);
    parser.addOption({QStringLiteral("key"), Cli::tr("The entity id column that joins the two files."), Cli::tr("COLUMN")});
    parser.addOption({QStringLiteral("columns"), Cli::tr("Only these features (comma-separated)."), Cli::tr("LIST")});
    parser.addOption({QStringLiteral("tolerance"), Cli::tr("Numbers agree when |a - b| ≤ T + 1e-6·|b| (default 1e-9)."), Cli::tr("T")});
    parser.addOption({QStringLiteral("max-mismatch"), Cli::tr("A feature is skewed when more than this share of rows disagree (default 0.01)."),
                      Cli::tr("S")});
    parser.addOption({QStringLiteral("no-distribution"), Cli::tr("Judge by disagreement only, without the distribution test.")});
    parser.addOption({QStringLiteral("categorical"), Cli::tr("Read these columns as categories even if they hold numbers (comma-separated)."),
                      Cli::tr("LIST")});
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("output"), Cli::tr("Also write the JSON report to FILE."), Cli::tr("FILE")});
    parser.addPositionalArgument(QStringLiteral("offline"), Cli::tr("features as computed for training (CSV, TSV or .jsonl)"));
    parser.addPositionalArgument(QStringLiteral("online"), Cli::tr("the same features as logged at serving time"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    if (args.size() != 2 || !parser.isSet(QStringLiteral("key")))
        return Cli::usageError(Cli::tr("usage: keel skew OFFLINE ONLINE --key COLUMN [--columns LIST] [--tolerance T] [--max-mismatch S] [--json]"));
    drift::SkewOptions options;
    options.key = parser.value(QStringLiteral("key")).toStdString();
    for (const QString &c : parser.value(QStringLiteral("columns")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        options.columns.push_back(c.trimmed().toStdString());
    bool ok = true;
    if (parser.isSet(QStringLiteral("tolerance"))) {
        options.absoluteTolerance = parser.value(QStringLiteral("tolerance")).toDouble(&ok);
        if (!ok || options.absoluteTolerance < 0)
            return Cli::usageError(Cli::tr("--tolerance takes a number ≥ 0, not '%1'").arg(parser.value(QStringLiteral("tolerance"))));
    }
    if (parser.isSet(QStringLiteral("max-mismatch"))) {
        options.maxMismatchRate = parser.value(QStringLiteral("max-mismatch")).toDouble(&ok);
        if (!ok || options.maxMismatchRate < 0 || options.maxMismatchRate > 1)
            return Cli::usageError(Cli::tr("--max-mismatch takes a share in [0, 1], not '%1'").arg(parser.value(QStringLiteral("max-mismatch"))));
    }
    options.testDistributions = !parser.isSet(QStringLiteral("no-distribution"));
    std::vector<std::string> categorical;
    for (const QString &c : parser.value(QStringLiteral("categorical")).split(QLatin1Char(','), Qt::SkipEmptyParts))
        categorical.push_back(c.trimmed().toStdString());
    try {
        // The online side may be what `keel serve` logged (serve-log:NAME).
        const auto [offline, online] = drift::readSkewInputs(args[0].toStdString(), args[1].toStdString(), options.key, categorical,
                                                             Cli::workspaceDir(parser));
        const drift::SkewReport report = drift::compareSkew(offline, online, options);
        const std::string json = drift::toJson(report);
        if (!Cli::writeOutput(parser, json))
            return BadUsage;
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json"))) {
            out << QString::fromStdString(json) << '\n';
        } else {
            out << Cli::tr("%1 keys in both (%2 offline only, %3 online only; %4 repeated keys, %5 rows without a key)")
                       .arg(report.joined)
                       .arg(report.onlyOffline)
                       .arg(report.onlyOnline)
                       .arg(report.duplicateOffline + report.duplicateOnline)
                       .arg(report.missingKeys)
                << '\n';
            out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                       .arg(Cli::tr("feature"), -24)
                       .arg(Cli::tr("mismatch"), 10)
                       .arg(Cli::tr("max |diff|"), 12)
                       .arg(Cli::tr("test"), -14)
                       .arg(Cli::tr("score"), 12)
                       .arg(Cli::tr("skew"));
            for (const auto &f : report.features) {
                const QString score = !f.distributionTested ? QStringLiteral("-")
                                      : f.distribution.scoreIsPValue ? QStringLiteral("p=%1").arg(f.distribution.score, 0, 'g', 4)
                                                                     : QString::number(f.distribution.score, 'g', 4);
                out << QStringLiteral("%1 %2 %3 %4 %5 %6\n")
                           .arg(QString::fromStdString(f.column), -24)
                           .arg(QStringLiteral("%1%").arg(100 * f.mismatchRate, 0, 'f', 2), 10)
                           .arg(std::isnan(f.maxAbsDifference) ? QStringLiteral("-") : QString::number(f.maxAbsDifference, 'g', 4), 12)
                           .arg(f.distributionTested ? QString::fromStdString(f.distribution.test) : QStringLiteral("-"), -14)
                           .arg(score, 12)
                           .arg(f.skewed ? Cli::tr("SKEW (e.g. key %1)").arg(QString::fromStdString(f.example)) : Cli::tr("no"));
            }
            for (const auto &s : report.skipped)
                out << Cli::tr("skipped %1").arg(QString::fromStdString(s)) << '\n';
            out << Cli::tr("%1 of %2 features skewed.").arg(report.skewedFeatures).arg(report.features.size()) << '\n';
        }
        out.flush();
        return report.skewedFeatures > 0 ? CheckFailed : Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
