// keel eval run|validate|runs|show|compare|export and keel tokenize: eval suites run headless,
// with a regression gate for CI (exit 1 on a regression or a pass rate under the bar, 2 on bad
// input), over the engine the Evals area uses (engine/eval).
#include "app/cli/cli.h"
#include "compute/torchruntime.h"
#include "app/cli/recordedpool.h"

#include "compute/devices.h"
#include "compute/job.h"
#include "core/clock.h"
#include "core/error.h"
#include "eval/evalrun.h"
#include "models/costsettings.h"
#include "models/keychain.h"
#include "nn/llamamodel.h"
#include "nn/tokenizer.h"
#include "store/workspace.h"

#include <QCommandLineParser>
#include <QFile>
#include <QTextStream>

#include <atomic>
#include <csignal>
#include <fstream>

namespace keel::cli {
namespace {

using nlohmann::json;

std::atomic<bool> g_stop{false};
void stopRun(int)
{
    g_stop = true;
}

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString oneLine(const std::string &s, int width = 70)
{
    QString t = q(s).simplified();
    return t.size() > width ? t.left(width - 1) + QChar(0x2026) : t;
}

eval::ProviderContext providerContext(const QCommandLineParser &parser)
{
    eval::ProviderContext context;
    const auto extra = extraFolders(parser);
    context.resolveModel = [extra](const std::string &name) { return resolveModel(QString::fromStdString(name), extra); };
    context.device = deviceOption(parser);
    context.secret = [](const std::string &name) { return models::readSecret(name); };
    // The saved prices; the GPU's name (its price row) needs discovery, the CPU's price does not.
    context.costMeter = compute::costMeterFor(context.device.isCuda() ? compute::discoverDevices() : compute::DeviceReport{}, savedPrices());
    return context;
}

// The sentence encoder of `similar` and answer-relevance, loaded the first time one needs it.
eval::Embedder lazyEncoder(const QCommandLineParser &parser)
{
    const QString name = parser.isSet(QStringLiteral("encoder")) ? parser.value(QStringLiteral("encoder")) : QStringLiteral("all-MiniLM-L6-v2");
    const auto extra = extraFolders(parser);
    return eval::lazyEncoder([name, extra] { return resolveModel(name, extra); }, deviceOption(parser));
}

json cellJson(const eval::EvalCellResult &r, bool full)
{
    json o = {{"case", r.caseIndex + 1},   {"case_key", r.caseKey}, {"description", r.description}, {"prompt", r.promptId},
              {"provider", r.providerId},  {"status", r.status},    {"score", r.score},             {"reason", r.reason},
              {"latency_ms", r.latencyMs}, {"cost_usd", r.cost},    {"prompt_tokens", r.promptTokens}, {"completion_tokens", r.completionTokens}};
    if (r.ttftMs)
        o["ttft_ms"] = *r.ttftMs;
    if (full) {
        o["vars"] = r.vars;
        o["output"] = r.output;
        o["assertions"] = r.assertions;
        o["contexts"] = r.contexts;
    }
    return o;
}

json runJson(const eval::EvalRunInfo &i)
{
    const std::size_t ran = i.passed + i.failed + i.errors;
    return {{"run_id", i.runUuid},  {"suite", i.suitePath}, {"description", i.description}, {"status", i.status},
            {"cells", i.totalCells}, {"done", i.done},      {"passed", i.passed},           {"failed", i.failed},
            {"errors", i.errors},    {"pass_rate", ran ? double(i.passed) / double(ran) : 0.0}, {"cost_usd", i.cost},
            {"started", isoTimeUtc(i.startedAt)}, {"baseline", i.baselineUuid}};
}

QString cellName(const eval::EvalCellResult &r)
{
    QString name = Cli::tr("case %1").arg(r.caseIndex + 1);
    if (!r.description.empty())
        name += QStringLiteral(" (%1)").arg(oneLine(r.description, 40));
    return name + QStringLiteral(" · %1").arg(q(r.providerId));
}

void printComparison(QTextStream &out, const eval::EvalComparison &c)
{
    for (const auto &[before, now] : c.regressed)
        out << Cli::tr("REGRESSED  %1: %2 → %3: %4").arg(cellName(now), q(before.status), q(now.status), oneLine(now.reason)) << '\n';
    for (const auto &[before, now] : c.improved)
        out << Cli::tr("improved   %1: %2 → %3").arg(cellName(now), q(before.status), q(now.status)) << '\n';
    out << Cli::tr("%n regressed", nullptr, int(c.regressed.size())) << ", " << Cli::tr("%n improved", nullptr, int(c.improved.size())) << ", "
        << Cli::tr("%n still failing", nullptr, int(c.unchangedFailing.size())) << ", " << Cli::tr("%n still passing", nullptr, int(c.unchangedPassing));
    if (!c.added.empty() || !c.removed.empty())
        out << ", " << Cli::tr("%n new", nullptr, int(c.added.size())) << ", " << Cli::tr("%n gone", nullptr, int(c.removed.size()));
    out << '\n';
}

json comparisonJson(const eval::EvalComparison &c)
{
    json regressed = json::array(), improved = json::array();
    for (const auto &[before, now] : c.regressed)
        regressed.push_back({{"case", now.caseIndex + 1}, {"case_key", now.caseKey}, {"description", now.description}, {"prompt", now.promptId},
                             {"provider", now.providerId}, {"was", before.status}, {"now", now.status}, {"reason", now.reason}});
    for (const auto &[before, now] : c.improved)
        improved.push_back({{"case", now.caseIndex + 1}, {"case_key", now.caseKey}, {"provider", now.providerId}, {"was", before.status}, {"now", now.status}});
    return {{"regressed", regressed}, {"improved", improved}, {"still_failing", c.unchangedFailing.size()},
            {"still_passing", c.unchangedPassing}, {"new", c.added.size()}, {"gone", c.removed.size()}};
}

int runAction(const QCommandLineParser &parser, const QString &suitePath, bool asJson)
{
    const eval::EvalSuite suite = eval::readSuite(suitePath.toStdString());
    double minPassRate = -1;
    if (parser.isSet(QStringLiteral("min-pass-rate"))) {
        bool ok = false;
        minPassRate = parser.value(QStringLiteral("min-pass-rate")).toDouble(&ok);
        if (!ok || minPassRate < 0 || minPassRate > 1)
            return Cli::usageError(Cli::tr("--min-pass-rate takes a number from 0 to 1, not '%1'").arg(parser.value(QStringLiteral("min-pass-rate"))));
    }
    const auto workspace = store::Workspace::openOrCreate(Cli::workspaceDir(parser));
    eval::EvalRunOptions options;
    options.providers = providerContext(parser);
    for (const QString &p : parser.values(QStringLiteral("provider"))) {
        eval::ProviderSpec spec;
        spec.id = p.toStdString();
        // The suite's config for the same provider id applies to the override too.
        for (const auto &s : suite.providers)
            if (s.id == spec.id)
                spec = s;
        spec.where = "--provider";
        options.providerOverride.push_back(spec);
    }
    std::optional<eval::EvalRunInfo> baseline;
    if (parser.isSet(QStringLiteral("gate"))) {
        baseline = eval::evalRun(workspace->db(), parser.value(QStringLiteral("gate")).toStdString());
        options.baselineRunUuid = baseline->runUuid;
    }
    if (parser.isSet(QStringLiteral("resume")))
        options.resumeRunUuid = parser.value(QStringLiteral("resume")).toStdString();
    if (parser.isSet(QStringLiteral("window")))
        options.window = std::max(1, parser.value(QStringLiteral("window")).toInt());
    options.embed = lazyEncoder(parser);
    options.stopped = [] { return g_stop.load(); };
    QTextStream &err = Cli::err();
    for (const std::string &w : suite.warnings)
        err << Cli::tr("keel: warning: %1").arg(q(w)) << '\n';
    options.progress = [&err, asJson](const eval::EvalProgress &p) {
        if (asJson || p.total == 0)
            return;
        err << Cli::tr("eval: %1/%2 cells  %3 passed  %4 failed  %5 errors  %6 tokens/s")
                   .arg(p.done)
                   .arg(p.total)
                   .arg(p.passed)
                   .arg(p.failed)
                   .arg(p.errors)
                   .arg(p.tokensPerSecond, 0, 'f', 1)
            << '\n';
        err.flush();
    };
    g_stop = false;
    std::signal(SIGINT, stopRun);
    std::signal(SIGTERM, stopRun);
    // As a job of the pool, as the Evals area runs it: its device time goes into the job history
    // (keel jobs, keel costs) beside the cost the run logs.
    const compute::DeviceId device = options.providers.device;
    compute::PoolOptions poolOptions = compute::poolOptionsFor(device.isCuda() ? compute::discoverDevices() : compute::DeviceReport{}, savedPrices());
    poolOptions.cpuWorkers = 1;
    RecordedPool recorded(poolOptions, workspace->databasePath());
    compute::JobSpec job;
    job.name = "Eval " + std::filesystem::path(suitePath.toStdString()).filename().string();
    job.kind = "eval-run";
    job.need = device.isCuda() ? compute::DeviceNeed::Gpu : compute::DeviceNeed::Cpu;
    job.cores = eval::runsLocalModels(suite) ? compute::torchrt::threads() : 1; // a local model decodes on every thread
    eval::EvalRunSummary summary;
    job.work = [&](compute::JobContext &ctx) {
        summary = eval::runSuite(*workspace, suite, options);
        ctx.setResult(eval::summaryLine(summary));
    };
    recorded.run(std::move(job));
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    for (std::size_t i = suite.warnings.size(); i < summary.warnings.size(); ++i)
        err << Cli::tr("keel: warning: %1").arg(q(summary.warnings[i])) << '\n';

    const eval::EvalRunInfo info = eval::evalRun(workspace->db(), summary.runUuid);
    // Read back without their texts, one at a time where they are only printed: a run of
    // 100,000 cells does not come back into memory whole.
    std::optional<eval::EvalComparison> comparison;
    if (baseline)
        comparison = eval::compareEvalRuns(eval::evalResults(workspace->db(), baseline->id, eval::ResultText::None),
                                           eval::evalResults(workspace->db(), info.id, eval::ResultText::None));
    const bool regressed = comparison && !comparison->regressed.empty();
    const bool belowBar = minPassRate >= 0 && summary.passRate < minPassRate;

    json report = runJson(info);
    report["pass_rate"] = summary.passRate;
    if (asJson || parser.isSet(QStringLiteral("output"))) {
        json cells = json::array();
        eval::forEachEvalResult(workspace->db(), info.id, [&cells](const eval::EvalCellResult &r) { cells.push_back(cellJson(r, false)); },
                                eval::ResultText::None);
        report["results"] = std::move(cells);
    }
    if (comparison)
        report["gate"] = comparisonJson(*comparison);
    if (minPassRate >= 0)
        report["min_pass_rate"] = minPassRate;
    report["gate_passed"] = !regressed && !belowBar;
    if (parser.isSet(QStringLiteral("output")) && !Cli::writeOutput(parser, report.dump(2)))
        return CheckFailed;
    QTextStream &out = Cli::out();
    if (asJson) {
        out << q(report.dump(2)) << '\n';
    } else {
        eval::forEachEvalResult(workspace->db(), info.id, [&out](const eval::EvalCellResult &r) {
            if (r.status != "pass")
                out << QStringLiteral("%1  %2: %3\n").arg(r.status == "fail" ? Cli::tr("FAIL ") : Cli::tr("ERROR"), cellName(r), oneLine(r.reason, 90));
        }, eval::ResultText::None);
        out << Cli::tr("eval run %1 (%2): %3 of %4 cells passed (%5%), %6 failed, %7 errors; cost $%8")
                   .arg(q(summary.runUuid))
                   .arg(q(summary.status))
                   .arg(summary.counts.passed)
                   .arg(summary.counts.passed + summary.counts.failed + summary.counts.errors)
                   .arg(summary.passRate * 100, 0, 'f', 1)
                   .arg(summary.counts.failed)
                   .arg(summary.counts.errors)
                   .arg(info.cost, 0, 'f', 6)
            << '\n';
        if (comparison) {
            out << Cli::tr("against %1:").arg(q(baseline->runUuid)) << '\n';
            printComparison(out, *comparison);
        }
        if (belowBar)
            out << Cli::tr("the pass rate %1 is under the required %2").arg(summary.passRate, 0, 'f', 3).arg(minPassRate, 0, 'f', 3) << '\n';
    }
    if (summary.status == "KILLED") {
        err << Cli::tr("keel: cancelled; the finished cells are kept: keel eval run %1 --resume %2").arg(suitePath, q(summary.runUuid)) << '\n';
        return CheckFailed;
    }
    return regressed || belowBar ? CheckFailed : Ok;
}

int validateAction(const QString &suitePath, bool asJson)
{
    const eval::EvalSuite suite = eval::readSuite(suitePath.toStdString());
    std::vector<std::string> caseErrors;
    for (const auto &c : suite.cases)
        if (!c.error.empty())
            caseErrors.push_back(c.error);
    QTextStream &out = Cli::out();
    if (asJson) {
        out << q(json{{"prompts", suite.prompts.size()}, {"providers", suite.providers.size()}, {"cases", suite.cases.size()},
                      {"warnings", suite.warnings}, {"case_errors", caseErrors}}
                     .dump(2))
            << '\n';
    } else {
        for (const auto &w : suite.warnings)
            out << Cli::tr("warning: %1").arg(q(w)) << '\n';
        for (const auto &e : caseErrors)
            out << Cli::tr("error: %1").arg(q(e)) << '\n';
        out << Cli::tr("%1: %2 prompts, %3 providers, %4 cases").arg(suitePath).arg(suite.prompts.size()).arg(suite.providers.size()).arg(suite.cases.size())
            << '\n';
    }
    return caseErrors.empty() ? Ok : BadUsage;
}

int runsAction(const QCommandLineParser &parser, bool asJson)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const auto runs = eval::evalRuns(workspace->db());
    QTextStream &out = Cli::out();
    if (asJson) {
        json a = json::array();
        for (const auto &r : runs)
            a.push_back(runJson(r));
        out << q(a.dump(2)) << '\n';
        return Ok;
    }
    if (runs.empty()) {
        out << Cli::tr("No eval runs yet: keel eval run SUITE.yaml makes one.") << '\n';
        return Ok;
    }
    for (const auto &r : runs) {
        const std::size_t ran = r.passed + r.failed + r.errors;
        out << QStringLiteral("%1  %2  %3  %4/%5  %6%  %7\n")
                   .arg(q(r.runUuid).left(12), q(isoTimeUtc(r.startedAt)).left(19).replace(QLatin1Char('T'), QLatin1Char(' ')), q(r.status))
                   .arg(r.passed)
                   .arg(ran)
                   .arg(ran ? double(r.passed) * 100 / double(ran) : 0.0, 0, 'f', 1)
                   .arg(q(r.description.empty() ? std::filesystem::path(r.suitePath).filename().string() : r.description));
    }
    return Ok;
}

int showAction(const QCommandLineParser &parser, const QString &run, bool asJson)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const eval::EvalRunInfo info = eval::evalRun(workspace->db(), run.toStdString());
    const bool failures = parser.isSet(QStringLiteral("failures"));
    QTextStream &out = Cli::out();
    const auto results = eval::evalResults(workspace->db(), info.id);
    if (asJson) {
        json report = runJson(info);
        json cells = json::array();
        for (const auto &r : results)
            if (!failures || r.status != "pass")
                cells.push_back(cellJson(r, true));
        report["results"] = cells;
        out << q(report.dump(2)) << '\n';
        return Ok;
    }
    out << Cli::tr("eval run %1 (%2), %3").arg(q(info.runUuid), q(info.status), q(info.suitePath)) << '\n';
    for (const auto &r : results) {
        if (failures && r.status == "pass")
            continue;
        out << QStringLiteral("%1  %2  score %3  %4 ms  %5+%6 tokens\n")
                   .arg(r.status == "pass" ? Cli::tr("pass ") : r.status == "fail" ? Cli::tr("FAIL ") : Cli::tr("ERROR"), cellName(r))
                   .arg(r.score, 0, 'f', 2)
                   .arg(r.latencyMs, 0, 'f', 0)
                   .arg(r.promptTokens)
                   .arg(r.completionTokens);
        out << QStringLiteral("       %1\n").arg(Cli::tr("output: %1").arg(oneLine(r.output, 100)));
        for (const json &a : r.assertions)
            out << QStringLiteral("       %1 %2: %3\n")
                       .arg(a.value("error", false) ? QStringLiteral("!") : a.value("pass", false) ? QStringLiteral("✓") : QStringLiteral("✗"),
                            q(a.value("type", std::string())), oneLine(a.value("reason", std::string()), 90));
        if (r.status == "error" && r.assertions.empty())
            out << QStringLiteral("       %1\n").arg(oneLine(r.reason, 100));
    }
    return Ok;
}

int compareAction(const QCommandLineParser &parser, const QString &a, const QString &b, bool asJson)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const auto base = eval::evalRun(workspace->db(), a.toStdString());
    const auto now = eval::evalRun(workspace->db(), b.toStdString());
    const auto c = eval::compareEvalRuns(eval::evalResults(workspace->db(), base.id, eval::ResultText::None),
                                          eval::evalResults(workspace->db(), now.id, eval::ResultText::None));
    if (asJson)
        Cli::out() << q(comparisonJson(c).dump(2)) << '\n';
    else
        printComparison(Cli::out(), c);
    return c.regressed.empty() ? Ok : CheckFailed;
}

int exportAction(const QCommandLineParser &parser, const QString &run)
{
    const auto workspace = store::Workspace::open(Cli::workspaceDir(parser));
    const auto info = eval::evalRun(workspace->db(), run.toStdString());
    const std::string otlp = eval::exportOtlp(workspace->db(), info).dump();
    if (parser.isSet(QStringLiteral("output")))
        return Cli::writeOutput(parser, otlp) ? Ok : CheckFailed;
    Cli::out() << q(otlp) << '\n';
    return Ok;
}

} // namespace

int evalCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        Cli::tr("run SUITE [--provider ID]... [--gate RUN | --min-pass-rate X] [--resume RUN] | validate SUITE | runs | show RUN [--failures] | "
                "compare BASELINE RUN | export RUN [-o traces.json] | key set NAME (reads the key from stdin).  "
                "Exit codes: 0 passed, 1 a regression, a pass rate under the bar or a cancelled run, 2 bad input."));
    Cli::addCommonOptions(parser);
    addModelOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("provider"), Cli::tr("run: this provider instead of the suite's (repeat for several)."), Cli::tr("ID")});
    parser.addOption({QStringLiteral("gate"), Cli::tr("run: compare with this baseline run; exit 1 when a cell that passed there does not pass now."), Cli::tr("RUN")});
    parser.addOption({QStringLiteral("min-pass-rate"), Cli::tr("run: exit 1 when fewer than this share of cells pass (0 to 1)."), Cli::tr("X")});
    parser.addOption({QStringLiteral("resume"), Cli::tr("run: continue this interrupted run; the cells it finished are kept."), Cli::tr("RUN")});
    parser.addOption({QStringLiteral("window"), Cli::tr("run: cells generated, judged and stored together (64)."), Cli::tr("N")});
    parser.addOption({QStringLiteral("encoder"), Cli::tr("run: the sentence encoder of similar and answer-relevance (all-MiniLM-L6-v2)."), Cli::tr("MODEL")});
    parser.addOption({QStringLiteral("failures"), Cli::tr("show: only the cells that did not pass.")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, Cli::tr("run: write the JSON report here; export: the OTLP traces."), Cli::tr("FILE")});
    parser.addPositionalArgument(QStringLiteral("action"), Cli::tr("run, validate, runs, show, compare, export or key"));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    const bool asJson = parser.isSet(QStringLiteral("json"));
    try {
        const QString action = args.value(0);
        if (action == QLatin1String("run") && args.size() == 2)
            return runAction(parser, args[1], asJson);
        if (action == QLatin1String("validate") && args.size() == 2)
            return validateAction(args[1], asJson);
        if (action == QLatin1String("runs") && args.size() == 1)
            return runsAction(parser, asJson);
        if (action == QLatin1String("show") && args.size() == 2)
            return showAction(parser, args[1], asJson);
        if (action == QLatin1String("compare") && args.size() == 3)
            return compareAction(parser, args[1], args[2], asJson);
        if (action == QLatin1String("export") && args.size() == 2)
            return exportAction(parser, args[1]);
        if (action == QLatin1String("key") && args.size() == 3 && args[1] == QLatin1String("set")) {
            QTextStream in(stdin);
            const QString key = in.readLine().trimmed();
            if (key.isEmpty())
                return Cli::usageError(Cli::tr("keel eval key set NAME reads the key from standard input; it was empty"));
            models::writeSecret(args[2].toStdString(), key.toStdString());
            Cli::out() << Cli::tr("stored %1 in the keychain").arg(args[2]) << '\n';
            return Ok;
        }
        return Cli::usageError(Cli::tr("usage: keel eval run SUITE [--gate RUN] [--min-pass-rate X] | validate SUITE | runs | show RUN | "
                                       "compare BASELINE RUN | export RUN | key set NAME"));
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

int tokenizeCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(Cli::tr("Token ids, pieces and the count of a text under a model's tokenizer (GGUF decoders and encoder folders)."));
    Cli::addCommonOptions(parser);
    addModelOptions(parser);
    parser.addOption({QStringLiteral("json"), Cli::tr("Print JSON.")});
    parser.addOption({QStringLiteral("file"), Cli::tr("Tokenize this file's text instead."), Cli::tr("FILE")});
    parser.addOption({QStringLiteral("chat"), Cli::tr("Wrap the text in the model's chat template as a user turn first (what a prompt costs).")});
    parser.addPositionalArgument(QStringLiteral("model"), Cli::tr("A model name or path."));
    parser.addPositionalArgument(QStringLiteral("text"), Cli::tr("The text (or --file)."));
    if (!Cli::parse(parser, arguments))
        return parser.isSet(QStringLiteral("help")) ? Ok : BadUsage;
    const QStringList args = parser.positionalArguments();
    const bool fromFile = parser.isSet(QStringLiteral("file"));
    if (args.size() != (fromFile ? 1 : 2))
        return Cli::usageError(Cli::tr("usage: keel tokenize MODEL TEXT | keel tokenize MODEL --file FILE"));
    try {
        std::string text;
        if (fromFile) {
            QFile f(parser.value(QStringLiteral("file")));
            if (!f.open(QIODevice::ReadOnly))
                throwError(ErrorKind::NotFound, "cannot read " + f.fileName().toStdString());
            text = f.readAll().toStdString();
        } else {
            text = args[1].toStdString();
        }
        const auto path = resolveModel(args[0], extraFolders(parser));
        nn::Encoding encoding;
        std::string modelName;
        if (std::filesystem::is_directory(path)) {
            const auto tokenizer = std::filesystem::exists(path / "tokenizer.json") ? nn::WordPieceTokenizer::fromTokenizerJson(path / "tokenizer.json")
                                                                                     : nn::WordPieceTokenizer::fromVocabTxt(path / "vocab.txt");
            encoding = tokenizer.encode(text, true, 0);
            modelName = path.filename().string();
        } else {
            const auto model = nn::LlamaModel::load(path);
            if (parser.isSet(QStringLiteral("chat")))
                text = nn::renderChat(model->chatTemplate(), {{"user", text}});
            encoding = model->tokenizer().encodePrompt(text);
            encoding.tokens.clear();
            for (const auto id : encoding.ids)
                encoding.tokens.push_back(model->tokenizer().tokenBytes(id));
            modelName = model->config().name;
        }
        QTextStream &out = Cli::out();
        if (parser.isSet(QStringLiteral("json"))) {
            json pieces = json::array();
            for (const auto &t : encoding.tokens)
                pieces.push_back(t); // bytes of a token that splits a character print as U+FFFD
            out << q(json{{"model", modelName}, {"count", encoding.ids.size()}, {"ids", encoding.ids}, {"pieces", pieces}}.dump(-1, ' ', false, json::error_handler_t::replace))
                << '\n';
            return Ok;
        }
        out << Cli::tr("%n tokens", nullptr, int(encoding.ids.size())) << QStringLiteral(" (%1)\n").arg(q(modelName));
        for (std::size_t i = 0; i < encoding.ids.size(); ++i)
            out << QStringLiteral("%1\t%2\n").arg(encoding.ids[i]).arg(q(json(encoding.tokens[i]).dump(-1, ' ', false, json::error_handler_t::replace)));
        return Ok;
    } catch (const std::exception &e) {
        return Cli::fail(e);
    }
}

} // namespace keel::cli
