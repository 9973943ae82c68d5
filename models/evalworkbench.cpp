#include "models/evalworkbench.h"
#include "compute/torchruntime.h"

#include "compute/workerpool.h"
#include "core/error.h"
#include "models/enginetext.h"
#include "models/guipost.h"
#include "models/modelfolders.h"
#include "models/keychain.h"
#include "models/session.h"
#include "nn/modelcatalog.h"
#include "store/workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QRegularExpression>

#include <algorithm>

namespace keel {

EvalWorkbench::EvalWorkbench(Session &session, QObject *parent) : QObject(parent), m_session(session)
{
    qRegisterMetaType<eval::EvalProgress>();
    connect(&m_session, &Session::workspaceChanged, this, &EvalWorkbench::refresh);
    refresh();
}

SuiteCheck EvalWorkbench::check(const QString &yaml, const QString &file)
{
    SuiteCheck c;
    const std::filesystem::path path = file.isEmpty() ? std::filesystem::path("suite.yaml") : std::filesystem::path(file.toStdString());
    try {
        const eval::EvalSuite suite = eval::parseSuite(yaml.toStdString(), path, path.parent_path());
        c.ok = true;
        c.cases = int(suite.cases.size());
        c.prompts = int(suite.prompts.size());
        c.providers = int(suite.providers.size());
        for (const auto &p : suite.providers)
            c.providerNames << QString::fromStdString(p.name());
        for (const auto &k : suite.cases) {
            c.assertions += int(k.asserts.size());
            if (!k.error.empty())
                c.caseErrors << QString::fromStdString(k.error); // it names its line
        }
        for (const auto &w : suite.warnings)
            c.warnings << EngineText::error(w); // worded as the engine's errors are
    } catch (const std::exception &e) {
        c.error = EngineText::error(e);
        // "<the suite's path>:LINE:COLUMN: message": the editor marks that line. An error in
        // another file (a CSV of tests) names that file and marks nothing here.
        const QString prefix = QString::fromStdString(path.string()) + QLatin1Char(':');
        if (c.error.startsWith(prefix)) {
            static const QRegularExpression position(QStringLiteral("^(\\d+)(?::(\\d+))?:"));
            const auto m = position.match(c.error.mid(prefix.size()));
            if (m.hasMatch()) {
                c.line = m.captured(1).toInt();
                c.column = m.captured(2).toInt();
            }
        }
    }
    return c;
}

QStringList EvalWorkbench::suiteFiles() const
{
    if (!m_session.hasWorkspace())
        return {};
    QDir dir(QString::fromStdString((m_session.workspace()->dir() / "evals").string()));
    QStringList out;
    for (const QFileInfo &f : dir.entryInfoList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Time))
        out << f.absoluteFilePath();
    return out;
}

QList<QPair<QString, QString>> EvalWorkbench::localModels() const
{
    QList<QPair<QString, QString>> out;
    for (const auto &m : nn::findModels(nn::modelFolders(addedModelFolders())))
        if (m.kind == "decoder")
            out.append({QString::fromStdString(m.name), QString::fromStdString(m.path.string())});
    return out;
}

const eval::EvalRunInfo *EvalWorkbench::run(const QString &uuid) const
{
    const std::string id = uuid.toStdString();
    for (const auto &r : m_runs)
        if (r.runUuid == id)
            return &r;
    return nullptr;
}

void EvalWorkbench::refresh()
{
    m_runs.clear();
    if (m_session.hasWorkspace()) {
        try {
            m_runs = eval::evalRuns(m_session.workspace()->db());
        } catch (const std::exception &) {
            // A workspace of an older Keel without the eval tables lists no runs.
        }
    }
    Q_EMIT runsChanged();
}

compute::JobId EvalWorkbench::start(const RunRequest &request)
{
    if (!m_session.hasWorkspace())
        throwError(ErrorKind::BadInput, "open a workspace first");
    const std::filesystem::path workspaceDir = m_session.workspace()->dir();
    QPointer<EvalWorkbench> self(this);
    const QString suitePath = request.suitePath;
    compute::JobSpec spec;
    spec.name = "Eval " + QFileInfo(suitePath).fileName().toStdString();
    if (!request.onlyCaseKeys.empty())
        spec.name += " (" + std::to_string(request.onlyCaseKeys.size()) + " failing cases again)";
    spec.kind = "eval-run";
    spec.need = compute::DeviceNeed::Any; // local models decode on the GPU worker when there is one
    try { // priced per core when a local model decodes on the CPU (the job itself says what is wrong with the suite)
        spec.cores = !request.extraModels.isEmpty() || eval::runsLocalModels(eval::readSuite(suitePath.toStdString())) ? compute::torchrt::threads() : 1;
    } catch (const std::exception &) {
    }
    std::vector<std::string> extraModels;
    for (const QString &m : request.extraModels)
        extraModels.push_back(m.toStdString());
    const std::set<std::string> only = request.onlyCaseKeys;
    const std::string baseline = request.baselineUuid.toStdString(), resume = request.resumeUuid.toStdString();
    const std::vector<std::filesystem::path> folders = addedModelFolders(); // read here: the settings are the GUI thread's
    const auto costMeter = m_session.pool().costMeter(); // the saved prices, as the pool's jobs are charged
    spec.work = [self, workspaceDir, suitePath, extraModels, only, baseline, resume, folders, costMeter](compute::JobContext &ctx) {
        try {
            const eval::EvalSuite suite = eval::readSuite(suitePath.toStdString());
            const auto workspace = store::Workspace::open(workspaceDir); // a connection of this thread's own
            eval::EvalRunOptions options;
            options.providers.resolveModel = [folders](const std::string &name) { return nn::resolveModel(name, folders); };
            options.providers.device = ctx.device();
            options.providers.secret = [](const std::string &name) { return models::readSecret(name); };
            options.providers.costMeter = costMeter;
            options.embed = eval::lazyEncoder([folders] { return nn::resolveModel("all-MiniLM-L6-v2", folders); }, ctx.device());
            if (!extraModels.empty()) {
                // Two models side by side: the suite's providers and each model added, with the
                // generation settings of the suite's first local provider.
                options.providerOverride = suite.providers;
                nlohmann::json config = nlohmann::json::object();
                for (const auto &p : suite.providers)
                    if (p.id.rfind("keel:", 0) == 0) {
                        config = p.config;
                        break;
                    }
                for (const auto &m : extraModels) {
                    eval::ProviderSpec p;
                    p.id = "keel:" + m;
                    p.label = std::filesystem::path(m).stem().string();
                    p.config = config;
                    p.where = "added in the Evals area";
                    options.providerOverride.push_back(p);
                }
            }
            options.onlyCaseKeys = only;
            options.baselineRunUuid = baseline;
            options.resumeRunUuid = resume;
            options.stopped = [&ctx] { return ctx.stopRequested(); };
            options.progress = [&ctx, self, suitePath](const eval::EvalProgress &p) {
                const double fraction = p.total ? double(p.done) / double(p.total) : 0.0;
                char tps[32];
                std::snprintf(tps, sizeof tps, "%.1f", p.tokensPerSecond);
                ctx.progress(fraction, std::to_string(p.done) + "/" + std::to_string(p.total) + " cells, " + std::to_string(p.passed) +
                                           " passed, " + std::to_string(p.failed) + " failed, " + std::to_string(p.errors) + " errors, " +
                                           tps + " tokens/s");
                postToGui(self, [suitePath, p](EvalWorkbench *w) { Q_EMIT w->progress(suitePath, p); });
            };
            const eval::EvalRunSummary summary = eval::runSuite(*workspace, suite, options);
            ctx.setResult(eval::summaryLine(summary));
            const QString uuid = QString::fromStdString(summary.runUuid), status = QString::fromStdString(summary.status);
            postToGui(self, [uuid, status](EvalWorkbench *w) {
                w->refresh();
                Q_EMIT w->runFinished(uuid, status);
            });
        } catch (const std::exception &e) {
            const QString message = EngineText::error(e);
            postToGui(self, [suitePath, message](EvalWorkbench *w) {
                w->refresh();
                Q_EMIT w->runFailed(suitePath, message);
            });
            throw;
        }
    };
    return m_session.pool().submit(std::move(spec));
}

std::vector<eval::EvalCellResult> EvalWorkbench::results(const QString &uuid) const
{
    const eval::EvalRunInfo *info = run(uuid);
    if (!info || !m_session.hasWorkspace())
        return {};
    return eval::evalResults(m_session.workspace()->db(), info->id, eval::ResultText::Outputs);
}

std::optional<eval::EvalCellResult> EvalWorkbench::cell(const QString &uuid, std::int64_t resultId) const
{
    const eval::EvalRunInfo *info = run(uuid);
    if (!info || !m_session.hasWorkspace())
        return std::nullopt;
    return eval::evalResult(m_session.workspace()->db(), info->id, resultId);
}

std::vector<eval::EvalTrace> EvalWorkbench::traces(const QString &uuid, std::int64_t resultId) const
{
    const eval::EvalRunInfo *info = run(uuid);
    if (!info || !m_session.hasWorkspace())
        return {};
    return eval::evalTraces(m_session.workspace()->db(), info->id, resultId);
}

} // namespace keel
