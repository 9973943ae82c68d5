#include "models/enginetext.h"

#include "pipeline/noderegistry.h"
#include "pipeline/validation.h"

#include <QCoreApplication>
#include <QMutex>
#include <QRegularExpression>

#include <vector>

namespace keel {
namespace {

struct Pattern {
    QRegularExpression match;
    const char *text; // the template: its %1, %2, ... take the match's groups in order
};

QString fromCatalogue(const char *text)
{
    return QCoreApplication::translate("keel::EngineText", text);
}

// Fills the first pattern that matches the whole text; the text itself when none does. `kinds`
// marks the groups that are column kinds (translated too).
QString translated(const std::vector<Pattern> &patterns, const std::string &engine, int kindGroup = -1)
{
    const QString text = QString::fromStdString(engine);
    for (const Pattern &p : patterns) {
        const QRegularExpressionMatch m = p.match.match(text);
        if (!m.hasMatch())
            continue;
        QString out = fromCatalogue(p.text);
        for (int g = 1; g <= m.lastCapturedIndex(); ++g)
            out = out.arg(g == kindGroup ? EngineText::columnKind(m.captured(g).toStdString()) : m.captured(g));
        return out;
    }
    return text;
}

QRegularExpression whole(const char *pattern)
{
    return QRegularExpression(QStringLiteral("^%1$").arg(QLatin1String(pattern)), QRegularExpression::DotMatchesEverythingOption);
}

} // namespace

QString EngineText::columnKind(data::ColumnType type)
{
    switch (type) {
    case data::ColumnType::Numerical: return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "numerical"));
    case data::ColumnType::Categorical: return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "categorical"));
    case data::ColumnType::Boolean: return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "boolean"));
    case data::ColumnType::Datetime: return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "datetime"));
    case data::ColumnType::Text: return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "text"));
    }
    return QString::fromLatin1(data::toString(type));
}

QString EngineText::columnKind(const std::string &engineName)
{
    const auto type = data::columnTypeFromString(engineName);
    return type ? columnKind(*type) : QString::fromStdString(engineName);
}

QString EngineText::skipReason(const std::string &text)
{
    static const std::vector<Pattern> patterns = {
        {whole("(.+): excluded"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: excluded")},
        {whole("(.+): not in the current data"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: not in the current data")},
        {whole("(.+): not in the reference"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: not in the reference")},
        {whole("(.+): not in the online data"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: not in the online data")},
        {whole("(.+): not in the offline data"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: not in the offline data")},
        {whole("(.+): no values in the reference"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: no values in the reference")},
        {whole("(.+): no values in the current data"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: no values in the current data")},
        {whole("(.+): (\\w+) columns are not tested unless named"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: %2 columns are not tested unless named")},
        {whole("(.+): (\\d+) distinct values in (\\d+) rows, more than (\\d+) categories \\(an identifier\\?\\); name it to test it"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1: %2 distinct values in %3 rows, more than %4 categories (an identifier?); name it to test it")},
    };
    return translated(patterns, text, 2);
}

QString EngineText::evalReason(const std::string &text)
{
    // "not: …" and a cell's "type: …" wrap an assertion's own reason.
    if (text.rfind("not: ", 0) == 0)
        return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "not: %1")).arg(evalReason(text.substr(5)));
    static const QRegularExpression typed(QStringLiteral("^([a-z][a-z-]*): (.*)$"), QRegularExpression::DotMatchesEverythingOption);
    if (const auto m = typed.match(QString::fromStdString(text)); m.hasMatch())
        return m.captured(1) + QStringLiteral(": ") + evalReason(m.captured(2).toStdString());
    static const std::vector<Pattern> patterns = {
        {whole("the output contains (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "the output contains %1")},
        {whole("the output does not contain (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "the output does not contain %1")},
        {whole("the output matches (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "the output matches %1")},
        {whole("the output does not match (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "the output does not match %1")},
        {whole("the output starts with (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "the output starts with %1")},
        {whole("the output does not start with (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "the output does not start with %1")},
        {whole("the output equals the expected value"), QT_TRANSLATE_NOOP("keel::EngineText", "the output equals the expected value")},
        {whole("expected (.*), got (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "expected %1, got %2")},
        {whole("the output contains every value"), QT_TRANSLATE_NOOP("keel::EngineText", "the output contains every value")},
        {whole("missing (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "missing %1")},
        {whole("no personal data found"), QT_TRANSLATE_NOOP("keel::EngineText", "no personal data found")},
        {whole("personal data: (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "personal data: %1")},
        {whole("no prompt injection found"), QT_TRANSLATE_NOOP("keel::EngineText", "no prompt injection found")},
        {whole("prompt injection: (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "prompt injection: %1")},
        {whole("the output answers"), QT_TRANSLATE_NOOP("keel::EngineText", "the output answers")},
        {whole("the output is empty"), QT_TRANSLATE_NOOP("keel::EngineText", "the output is empty")},
        {whole("a refusal: (.*)"), QT_TRANSLATE_NOOP("keel::EngineText", "a refusal: %1")},
        {whole("Levenshtein distance (\\d+) <= (\\d+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Levenshtein distance %1 <= %2")},
        {whole("Levenshtein distance (\\d+) > (\\d+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Levenshtein distance %1 > %2")},
        {whole("latency ([0-9.e+-]+) ms <= ([0-9.e+-]+)"), QT_TRANSLATE_NOOP("keel::EngineText", "latency %1 ms <= %2")},
        {whole("latency ([0-9.e+-]+) ms > ([0-9.e+-]+)"), QT_TRANSLATE_NOOP("keel::EngineText", "latency %1 ms > %2")},
        {whole("the assertion type '(.*)' is not one Keel runs"), QT_TRANSLATE_NOOP("keel::EngineText", "the assertion type '%1' is not one Keel runs")},
    };
    return translated(patterns, text);
}

QString EngineText::jobName(const std::string &text)
{
    static const std::vector<Pattern> patterns = {
        {whole("Drift: (.+) against (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Drift: %1 against %2")},
        {whole("Skew: (.+) against (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Skew: %1 against %2")},
        {whole("Reference profile (.+) from (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Reference profile %1 from %2")},
        {whole("Eval (.+) \\((\\d+) failing cases again\\)"), QT_TRANSLATE_NOOP("keel::EngineText", "Eval %1 (%2 failing cases again)")},
        {whole("Eval (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Eval %1")},
        {whole("Generate with (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Generate with %1")},
        {whole("Build RAG index (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Build RAG index %1")},
        {whole("Sweep index settings of (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Sweep index settings of %1")},
        {whole("Verify (.+) version (\\d+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Verify %1 version %2")},
        {whole("Start serving (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Start serving %1")},
        {whole("Batch (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Batch %1")},
        {whole("Import MLflow store (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "Import MLflow store %1")},
        {whole("Measure CPU matmul speed"), QT_TRANSLATE_NOOP("keel::EngineText", "Measure CPU matmul speed")},
        {whole("Measure GPU matmul speed"), QT_TRANSLATE_NOOP("keel::EngineText", "Measure GPU matmul speed")},
    };
    return translated(patterns, text);
}

QString EngineText::jobDetail(const std::string &text)
{
    static const std::vector<Pattern> patterns = {
        {whole("the artifact matches its registered hash"), QT_TRANSLATE_NOOP("keel::EngineText", "the artifact matches its registered hash")},
        {whole("(\\d+) of (\\d+) columns drifted: dataset drift"), QT_TRANSLATE_NOOP("keel::EngineText", "%1 of %2 columns drifted: dataset drift")},
        {whole("(\\d+) of (\\d+) columns drifted"), QT_TRANSLATE_NOOP("keel::EngineText", "%1 of %2 columns drifted")},
        {whole("(\\d+) of (\\d+) features skewed"), QT_TRANSLATE_NOOP("keel::EngineText", "%1 of %2 features skewed")},
        {whole("(\\d+) of (\\d+) cells passed \\(([0-9.]+)%\\), run (\\w+)"), QT_TRANSLATE_NOOP("keel::EngineText", "%1 of %2 cells passed (%3%), run %4")},
        {whole("(\\d+)/(\\d+) cells, (\\d+) passed, (\\d+) failed, (\\d+) errors, ([0-9.]+) tokens/s"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1/%2 cells, %3 passed, %4 failed, %5 errors, %6 tokens/s")},
        {whole("([0-9.]+) GFLOP/s on (\\w+) \\((.+) fp32, (\\d+) multiplications\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1 GFLOP/s on %2 (%3 fp32, %4 multiplications)")},
        {whole("reading both files"), QT_TRANSLATE_NOOP("keel::EngineText", "reading both files")},
        {whole("loading the model"), QT_TRANSLATE_NOOP("keel::EngineText", "loading the model")},
        {whole("waiting for the model"), QT_TRANSLATE_NOOP("keel::EngineText", "waiting for the model")},
        {whole("generating"), QT_TRANSLATE_NOOP("keel::EngineText", "generating")},
        {whole("cancelled"), QT_TRANSLATE_NOOP("keel::EngineText", "cancelled")},
    };
    // A failed job's detail is its error.
    const QString shown = translated(patterns, text);
    return shown == QString::fromStdString(text) ? error(text) : shown;
}

QString EngineText::runStatus(const std::string &status)
{
    if (status == "FINISHED") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "FINISHED"));
    if (status == "RUNNING") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "RUNNING"));
    if (status == "FAILED") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "FAILED"));
    if (status == "KILLED") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "KILLED"));
    if (status == "SCHEDULED") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "SCHEDULED"));
    return QString::fromStdString(status);
}

QString EngineText::stage(const std::string &stage)
{
    if (stage == "None") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "no stage"));
    if (stage == "Staging") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "Staging"));
    if (stage == "Production") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "Production"));
    if (stage == "Archived") return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "Archived"));
    return QString::fromStdString(stage);
}

QString EngineText::error(const std::string &message)
{
    static const std::vector<Pattern> patterns = {
        // The table readers (data/table.cpp): what users hand to Drift, Skew, Pipelines and RAG.
        {whole("(.+):(\\d+): column \"(.+)\" was declared numerical, but \"(.*)\" is not a number"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: column \"%3\" was declared numerical, but \"%4\" is not a number")},
        {whole("(.+):(\\d+): (\\d+) fields, but the header has (\\d+)"), QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: %3 fields, but the header has %4")},
        {whole("(.+):(\\d+): a quoted field is never closed"), QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: a quoted field is never closed")},
        {whole("(.+):(\\d+): the header names \"(.+)\" twice"), QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: the header names \"%3\" twice")},
        {whole("(.+):(\\d+): column (\\d+) of the header is not UTF-8 text"), QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: column %3 of the header is not UTF-8 text")},
        {whole("(.+):(\\d+): column \"(.+)\" holds bytes that are not UTF-8"), QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: column \"%3\" holds bytes that are not UTF-8")},
        {whole("(.+):(\\d+): not JSON \\((.*)\\)"), QT_TRANSLATE_NOOP("keel::EngineText", "%1:%2: not JSON (%3)")},
        {whole("(.+) is empty: no header row"), QT_TRANSLATE_NOOP("keel::EngineText", "%1 is empty: no header row")},
        {whole("(.+): each line must be a JSON object"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: each line must be a JSON object")},
        {whole("(.+): each row must be a JSON object"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: each row must be a JSON object")},
        {whole("(.+): the key \"(.+)\" appears twice"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: the key \"%2\" appears twice")},
        {whole("(.+): field \"(.+)\" holds a nested (?:array|object); only flat rows can be compared"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1: field \"%2\" holds a nested value; only flat rows can be compared")},
        {whole("(.+): no column \"(.+)\" \\((.+) has it\\)"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: no column \"%2\" (%3 has it)")},
        {whole("cannot read ([^:]+): (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "cannot read %1: %2")},
        {whole("cannot read (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "cannot read %1")},
        // Opening and creating workspaces (store/workspace.cpp).
        {whole("no workspace at (.+): the folder does not exist"), QT_TRANSLATE_NOOP("keel::EngineText", "no workspace at %1: the folder does not exist")},
        {whole("(.+) is a file, not a workspace folder"), QT_TRANSLATE_NOOP("keel::EngineText", "%1 is a file, not a workspace folder")},
        {whole("(.+) is not a Keel workspace: it has no (.+) \\(choose an empty folder to create one\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1 is not a Keel workspace: it has no %2 (choose an empty folder to create one)")},
        {whole("cannot create a workspace in (.+): the folder is not empty"), QT_TRANSLATE_NOOP("keel::EngineText", "cannot create a workspace in %1: the folder is not empty")},
        {whole("(.+) is not an SQLite database \\(damaged, truncated, or another kind of file\\); the workspace was left as it is"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1 is not an SQLite database (damaged, truncated, or another kind of file); the workspace was left as it is")},
        {whole("(.+) is an SQLite database but not a Keel workspace \\(application_id (\\d+)\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1 is an SQLite database but not a Keel workspace (application_id %2)")},
        // The registry's (registry/modelregistry.cpp), as the Registry area's dialogs and
        // "Register model" meet them.
        {whole("model names are 1 to 256 characters long \\(got (\\d+)\\)"), QT_TRANSLATE_NOOP("keel::EngineText", "model names are 1 to 256 characters long (got %1)")},
        {whole("a model name cannot be blank"), QT_TRANSLATE_NOOP("keel::EngineText", "a model name cannot be blank")},
        {whole("invalid model name \"(.+)\": names cannot contain '/' or ':' \\(MLflow's rule\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "invalid model name \"%1\": names cannot contain '/' or ':' (MLflow's rule)")},
        {whole("an alias name cannot be empty"), QT_TRANSLATE_NOOP("keel::EngineText", "an alias name cannot be empty")},
        {whole("invalid alias \"(.+)\": aliases may only contain letters, digits, underscores \\(_\\) and hyphens \\(-\\), as MLflow's do"),
         QT_TRANSLATE_NOOP("keel::EngineText", "invalid alias \"%1\": aliases may only contain letters, digits, underscores (_) and hyphens (-), as MLflow's do")},
        {whole("the alias \"(.+)\" is reserved: \"latest\" \\(in any case\\) names the newest version"),
         QT_TRANSLATE_NOOP("keel::EngineText", "the alias \"%1\" is reserved: \"latest\" (in any case) names the newest version")},
        {whole("the alias \"(.+)\" is reserved: \"v<N>\" names version N"), QT_TRANSLATE_NOOP("keel::EngineText", "the alias \"%1\" is reserved: \"v<N>\" names version N")},
        {whole("no registered model named \"(.+)\""), QT_TRANSLATE_NOOP("keel::EngineText", "no registered model named \"%1\"")},
        {whole("model \"(.+)\" has no version (\\d+)"), QT_TRANSLATE_NOOP("keel::EngineText", "model \"%1\" has no version %2")},
        {whole("a model named \"(.+)\" already exists \\(names are compared without case\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "a model named \"%1\" already exists (names are compared without case)")},
        {whole("a model named \"(.+)\" already exists"), QT_TRANSLATE_NOOP("keel::EngineText", "a model named \"%1\" already exists")},
        {whole("alias \"(.+)\" of \"(.+)\" has never pointed anywhere else; nothing to roll back to"),
         QT_TRANSLATE_NOOP("keel::EngineText", "alias \"%1\" of \"%2\" has never pointed anywhere else; nothing to roll back to")},
        {whole("alias \"(.+)\" pointed at version (\\d+) before, which is archived now; move the alias explicitly"),
         QT_TRANSLATE_NOOP("keel::EngineText", "alias \"%1\" pointed at version %2 before, which is archived now; move the alias explicitly")},
        {whole("model \"(.+)\" has no alias \"(.+)\""), QT_TRANSLATE_NOOP("keel::EngineText", "model \"%1\" has no alias \"%2\"")},
        // An eval suite's problems (eval/suite.cpp), after their place in the file.
        {whole("'(.+)' must be text, not a list"), QT_TRANSLATE_NOOP("keel::EngineText", "'%1' must be text, not a list")},
        {whole("'(.+)' must be text, not a mapping"), QT_TRANSLATE_NOOP("keel::EngineText", "'%1' must be text, not a mapping")},
        {whole("'(.+)' must be text, not empty"), QT_TRANSLATE_NOOP("keel::EngineText", "'%1' must be text, not empty")},
        {whole("'(.+)' must be a number, not '(.*)'"), QT_TRANSLATE_NOOP("keel::EngineText", "'%1' must be a number, not '%2'")},
        {whole("the prompt field '(.+)' is not supported by Keel and is ignored"),
         QT_TRANSLATE_NOOP("keel::EngineText", "the prompt field '%1' is not supported by Keel and is ignored")},
        {whole("the provider field '(.+)' is not supported by Keel and is ignored"),
         QT_TRANSLATE_NOOP("keel::EngineText", "the provider field '%1' is not supported by Keel and is ignored")},
        {whole("the assertion field '(.+)' is not supported by Keel and is ignored"),
         QT_TRANSLATE_NOOP("keel::EngineText", "the assertion field '%1' is not supported by Keel and is ignored")},
        {whole("the test field '(.+)' is not supported by Keel and is ignored"),
         QT_TRANSLATE_NOOP("keel::EngineText", "the test field '%1' is not supported by Keel and is ignored")},
        {whole("the option '(.+)' is not supported by Keel and is ignored"),
         QT_TRANSLATE_NOOP("keel::EngineText", "the option '%1' is not supported by Keel and is ignored")},
        {whole("'(.+)' is not supported by Keel and is ignored"), QT_TRANSLATE_NOOP("keel::EngineText", "'%1' is not supported by Keel and is ignored")},
        {whole("'prompts' lists no prompt"), QT_TRANSLATE_NOOP("keel::EngineText", "'prompts' lists no prompt")},
        {whole("'providers' lists no provider"), QT_TRANSLATE_NOOP("keel::EngineText", "'providers' lists no provider")},
        {whole("a provider needs an 'id' \\(keel:MODEL, or openai:chat:MODEL with config.apiBaseUrl\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "a provider needs an 'id' (keel:MODEL, or openai:chat:MODEL with config.apiBaseUrl)")},
        {whole("the provider's 'config' must be a mapping"), QT_TRANSLATE_NOOP("keel::EngineText", "the provider's 'config' must be a mapping")},
        {whole("an assertion must be a mapping with a 'type'"), QT_TRANSLATE_NOOP("keel::EngineText", "an assertion must be a mapping with a 'type'")},
        {whole("an eval suite is a mapping with prompts, providers and tests"),
         QT_TRANSLATE_NOOP("keel::EngineText", "an eval suite is a mapping with prompts, providers and tests")},
        {whole("the assertion type '(.+)' is not one Keel runs"), QT_TRANSLATE_NOOP("keel::EngineText", "the assertion type '%1' is not one Keel runs")},
        {whole("(.+) was written by a newer Keel \\(schema version (\\d+); this Keel knows up to (\\d+)\\); update Keel to open it. Nothing was changed"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1 was written by a newer Keel (schema version %2; this Keel knows up to %3); update Keel to open it. Nothing was changed")},
    };
    // Jobs fail on worker threads: one at a time through the shared expressions.
    static QMutex mutex;
    const QMutexLocker lock(&mutex);
    // "column "x" is categorical, but numerical in a.csv": the kinds are translated too.
    static const QRegularExpression kinds = whole("(.+): column \"(.+)\" is (\\w+), but (\\w+) in (.+)");
    const QString text = QString::fromStdString(message);
    if (const QRegularExpressionMatch m = kinds.match(text); m.hasMatch())
        return fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "%1: column \"%2\" is %3, but %4 in %5"))
            .arg(m.captured(1), m.captured(2), columnKind(m.captured(3).toStdString()), columnKind(m.captured(4).toStdString()), m.captured(5));
    const QString shown = translated(patterns, message);
    if (shown != text)
        return shown;
    // "file:line:column: message" or "file:line: message": the place kept, the message looked up.
    static const QRegularExpression placed = whole("(.+?:\\d+(?::\\d+)?): (.+)");
    if (const QRegularExpressionMatch m = placed.match(text); m.hasMatch()) {
        const QString rest = translated(patterns, m.captured(2).toStdString());
        if (rest != m.captured(2))
            return m.captured(1) + QStringLiteral(": ") + rest;
    }
    return shown;
}

QString EngineText::runReason(const std::string &text)
{
    static const std::vector<Pattern> patterns = {
        {whole("manual"), QT_TRANSLATE_NOOP("keel::EngineText", "manual")},
        {whole("schedule (.+) at (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "schedule %1 at %2")},
        {whole("new or changed in (.+): (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "new or changed in %1: %2")},
        {whole("(.+): dataset drift: (\\d+) of (\\d+) columns drifted \\((.+)\\)"),
         QT_TRANSLATE_NOOP("keel::EngineText", "%1: dataset drift: %2 of %3 columns drifted (%4)")},
        {whole("(.+): dataset drift: (\\d+) of (\\d+) columns drifted"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: dataset drift: %2 of %3 columns drifted")},
        {whole("(.+): dataset drift"), QT_TRANSLATE_NOOP("keel::EngineText", "%1: dataset drift")},
    };
    return translated(patterns, text);
}

QString EngineText::pipelineProblem(const pipeline::Problem &problem, const std::string &file)
{
    // The validator's wording (pipeline/validation.cpp).
    static const std::vector<Pattern> messages = {
        {whole("is required"), QT_TRANSLATE_NOOP("keel::EngineText", "is required")},
        {whole("must be text, not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be text, not %1")},
        {whole("must be a number, not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be a number, not %1")},
        {whole("must be a whole number, not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be a whole number, not %1")},
        {whole("must be at least (.+), not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be at least %1, not %2")},
        {whole("must be at most (.+), not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be at most %1, not %2")},
        {whole("must be true or false, not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be true or false, not %1")},
        {whole("must be one of (.+), not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be one of %1, not %2")},
        {whole("must be a list of column names, not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be a list of column names, not %1")},
        {whole("must be a mapping \\(column: value\\), not (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "must be a mapping (column: value), not %1")},
        {whole("a node has an empty id"), QT_TRANSLATE_NOOP("keel::EngineText", "a node has an empty id")},
        {whole("the id is used by another node"), QT_TRANSLATE_NOOP("keel::EngineText", "the id is used by another node")},
        {whole("unknown node type \"(.+)\" \\(known: (.+)\\)"), QT_TRANSLATE_NOOP("keel::EngineText", "unknown node type \"%1\" (known: %2)")},
        {whole("a link comes from \"(.+)\", which is not a node"), QT_TRANSLATE_NOOP("keel::EngineText", "a link comes from \"%1\", which is not a node")},
        {whole("a link goes to \"(.+)\", which is not a node"), QT_TRANSLATE_NOOP("keel::EngineText", "a link goes to \"%1\", which is not a node")},
        {whole("takes (\\w+), but (.+) gives (\\w+)"), QT_TRANSLATE_NOOP("keel::EngineText", "takes %1, but %2 gives %3")},
        {whole("has more than one link into it"), QT_TRANSLATE_NOOP("keel::EngineText", "has more than one link into it")},
        {whole("is not connected \\(it needs (\\w+)\\)"), QT_TRANSLATE_NOOP("keel::EngineText", "is not connected (it needs %1)")},
        {whole("the links form a cycle: (.+)"), QT_TRANSLATE_NOOP("keel::EngineText", "the links form a cycle: %1")},
        {whole("drift names \"(.+)\", which is not a node"), QT_TRANSLATE_NOOP("keel::EngineText", "drift names \"%1\", which is not a node")},
    };
    static const std::vector<Pattern> fields = {
        {whole("param \"(.+)\""), QT_TRANSLATE_NOOP("keel::EngineText", "param \"%1\"")},
        {whole("input \"(.+)\""), QT_TRANSLATE_NOOP("keel::EngineText", "input \"%1\"")},
        {whole("output \"(.+)\""), QT_TRANSLATE_NOOP("keel::EngineText", "output \"%1\"")},
        {whole("trigger"), QT_TRANSLATE_NOOP("keel::EngineText", "trigger")},
    };
    QString out;
    if (!file.empty())
        out += QString::fromStdString(file) + (problem.pos.line ? QStringLiteral(":%1:%2").arg(problem.pos.line).arg(problem.pos.column) : QString()) +
               QStringLiteral(": ");
    if (problem.severity == pipeline::Problem::Severity::Warning)
        out += fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "warning: "));
    if (!problem.node.empty())
        out += fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "node \"%1\": ")).arg(QString::fromStdString(problem.node));
    if (!problem.field.empty())
        out += translated(fields, problem.field) + QStringLiteral(": ");
    // Node type titles inside the message ("unknown for Split (it takes ...)") are translated too.
    const auto title = [](const QString &engine) {
        for (const pipeline::NodeType &t : pipeline::NodeRegistry::builtin().types())
            if (engine == QLatin1String(t.title.c_str()))
                return pipelineText(t.title);
        return engine;
    };
    static const QRegularExpression unknownFor = whole("unknown for (.+) \\(it takes (.+)\\)"), noOutput = whole("(.+) has no such output"),
                                    noInput = whole("(.+) has no such input");
    const QString engine = QString::fromStdString(problem.message);
    static const QRegularExpression requiredWith = whole("is required \\((.+)\\)");
    if (const auto m = requiredWith.match(engine); m.hasMatch()) // the param's help, translated
        return out + fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "is required (%1)")).arg(pipelineText(m.captured(1).toStdString()));
    if (const auto m = unknownFor.match(engine); m.hasMatch())
        return out + fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "unknown for %1 (it takes %2)")).arg(title(m.captured(1)), m.captured(2));
    if (const auto m = noOutput.match(engine); m.hasMatch())
        return out + fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "%1 has no such output")).arg(title(m.captured(1)));
    if (const auto m = noInput.match(engine); m.hasMatch())
        return out + fromCatalogue(QT_TRANSLATE_NOOP("keel::EngineText", "%1 has no such input")).arg(title(m.captured(1)));
    return out + translated(messages, problem.message);
}

QString EngineText::pipelineText(const std::string &text)
{
    return text.empty() ? QString() : QCoreApplication::translate("keel::pipeline", text.c_str());
}

} // namespace keel
