#include "models/ragworkbench.h"
#include "compute/torchruntime.h"

#include "compute/workerpool.h"
#include "core/error.h"
#include "models/enginetext.h"
#include "models/guipost.h"
#include "models/modelfolders.h"
#include "models/session.h"
#include "nn/modelcatalog.h"
#include "nn/tokenizer.h"
#include "store/workspace.h"

#include <QPointer>
#include <QThreadPool>

#include <chrono>

namespace keel {

struct RagWorkbench::OpenIndex {
    std::mutex mutex; // a RagIndex is used from one thread at a time
    std::unique_ptr<rag::RagIndex> index;
};

RagWorkbench::RagWorkbench(Session &session, QObject *parent) : QObject(parent), m_session(session)
{
    connect(&m_session, &Session::workspaceChanged, this, [this] {
        {
            std::lock_guard lock(m_mutex);
            m_open.clear();
        }
        refresh();
    });
    refresh();
}

RagWorkbench::~RagWorkbench()
{
    // Queries still running hold their index through a shared_ptr; nothing else to wait for.
}

void RagWorkbench::refresh()
{
    m_versions.clear();
    if (m_session.hasWorkspace())
        m_versions = rag::listIndexes(m_session.workspace()->dir());
    Q_EMIT indexesChanged();
}

QList<QPair<QString, QString>> RagWorkbench::encoders() const
{
    QList<QPair<QString, QString>> out;
    for (const auto &m : nn::findModels(nn::modelFolders(addedModelFolders())))
        if (m.kind == "encoder")
            out.append({QString::fromStdString(m.name), QString::fromStdString(m.path.string())});
    return out;
}

rag::TokenCounter RagWorkbench::tokenCounter(const QString &modelFolder)
{
    const std::string key = modelFolder.toStdString();
    std::shared_ptr<nn::WordPieceTokenizer> tokenizer;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_tokenizers.find(key);
        if (it != m_tokenizers.end())
            tokenizer = it->second;
    }
    if (!tokenizer) {
        const std::filesystem::path folder = key;
        tokenizer = std::make_shared<nn::WordPieceTokenizer>(
            std::filesystem::exists(folder / "tokenizer.json") ? nn::WordPieceTokenizer::fromTokenizerJson(folder / "tokenizer.json")
                                                               : nn::WordPieceTokenizer::fromVocabTxt(folder / "vocab.txt"));
        std::lock_guard lock(m_mutex);
        m_tokenizers[key] = tokenizer;
    }
    return [tokenizer](std::string_view text) { return tokenizer->encode(text, false, 0).ids.size(); };
}

compute::JobId RagWorkbench::build(const rag::BuildOptions &options)
{
    if (!m_session.hasWorkspace())
        throwError(ErrorKind::BadInput, "open a workspace first");
    const std::filesystem::path workspace = m_session.workspace()->dir();
    QPointer<RagWorkbench> self(this);
    compute::JobSpec spec;
    spec.name = "Build RAG index " + options.name;
    spec.kind = "rag-build";
    spec.need = compute::DeviceNeed::Any; // the encoder runs on the GPU worker when there is one
    spec.cores = compute::torchrt::threads(); // on the CPU, on every thread
    spec.work = [self, workspace, options](compute::JobContext &ctx) {
        rag::BuildOptions o = options;
        o.device = ctx.device();
        rag::BuildHooks hooks;
        hooks.progress = [&ctx](double f, const std::string &m) { ctx.progress(f, m); };
        hooks.stop = [&ctx] { return ctx.stopRequested(); };
        rag::BuildReport r;
        try {
            r = rag::buildIndex(workspace, o, hooks);
        } catch (const compute::JobCancelled &) {
            throw;
        } catch (const std::exception &e) {
            const QString message = EngineText::error(e);
            postToGui(self, [message](RagWorkbench *w) { Q_EMIT w->buildFailed(message); });
            throw;
        }
        std::string summary = r.name + " v" + std::to_string(r.version) + ": " + std::to_string(r.chunks) + " chunks from " +
                              std::to_string(r.files) + " files, " + std::to_string(r.embedded) + " embedded";
        if (r.measurement)
            summary += ", recall@" + std::to_string(r.measurement->k) + " " + std::to_string(r.measurement->recall).substr(0, 5);
        ctx.setResult(summary);
        const QString text = QString::fromStdString(summary);
        postToGui(self, [text](RagWorkbench *w) {
            w->refresh();
            Q_EMIT w->buildFinished(text);
        });
    };
    return m_session.pool().submit(std::move(spec));
}

std::shared_ptr<RagWorkbench::OpenIndex> RagWorkbench::openIndex(const rag::IndexVersion &version)
{
    std::lock_guard lock(m_mutex);
    auto &slot = m_open[version.dir.string()];
    if (!slot)
        slot = std::make_shared<OpenIndex>();
    return slot;
}

compute::JobId RagWorkbench::sweep(const rag::IndexVersion &version)
{
    QPointer<RagWorkbench> self(this);
    compute::JobSpec spec;
    spec.name = "Sweep index settings of " + version.name + " v" + std::to_string(version.version);
    spec.kind = "rag-sweep";
    spec.work = [self, version](compute::JobContext &ctx) {
        auto index = rag::RagIndex::open(version);
        std::vector<std::string> skipped;
        const auto ms = rag::sweepIndex(*index, 10, 200, skipped, [&ctx](std::size_t done, std::size_t total) {
            ctx.throwIfStopped();
            ctx.progress(total ? double(done) / double(total) : 1.0, std::to_string(done) + " of " + std::to_string(total) + " settings");
        });
        nlohmann::json bench = rag::readBench(version);
        if (!bench.is_object())
            bench = nlohmann::json::object();
        bench["sweep"] = nlohmann::json::array();
        for (const auto &m : ms)
            bench["sweep"].push_back(rag::measurementToJson(m));
        bench["skipped"] = skipped;
        rag::writeBench(version, bench);
        ctx.setResult(std::to_string(ms.size()) + " settings measured");
        const QString dir = QString::fromStdString(version.dir.string());
        postToGui(self, [dir](RagWorkbench *w) { Q_EMIT w->benchChanged(dir); });
    };
    return m_session.pool().submit(std::move(spec));
}

void RagWorkbench::query(int requestId, const rag::IndexVersion &version, const QString &text, int k, rag::QueryMode mode)
{
    QPointer<RagWorkbench> self(this);
    std::shared_ptr<OpenIndex> open = openIndex(version);
    const std::string question = text.toStdString();
    QThreadPool::globalInstance()->start([self, open, version, question, k, mode, requestId] {
        try {
            std::lock_guard lock(open->mutex);
            if (!open->index)
                open->index = rag::RagIndex::open(version);
            const auto start = std::chrono::steady_clock::now();
            auto hits = open->index->query(question, std::size_t(k), mode);
            const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            postToGui(self, [requestId, hits = std::move(hits), ms](RagWorkbench *w) { Q_EMIT w->queryAnswered(requestId, hits, ms); });
        } catch (const std::exception &e) {
            const QString message = EngineText::error(e);
            postToGui(self, [requestId, message](RagWorkbench *w) { Q_EMIT w->queryFailed(requestId, message); });
        }
    });
}

bool RagWorkbench::makeDefault(const rag::IndexVersion &version, const rag::IndexSpec &spec, QString *why)
{
    rag::IndexSpec current;
    try {
        current = rag::IndexSpec::fromJson(version.manifest.at("index"));
    } catch (const std::exception &e) {
        if (why)
            *why = EngineText::error(e);
        return false;
    }
    if (current.buildKey() != spec.buildKey()) {
        if (why)
            *why = tr("%1 is another index than this version's (%2): build a new version with it")
                       .arg(QString::fromStdString(spec.describe()), QString::fromStdString(current.describe()));
        return false;
    }
    rag::IndexVersion v = version;
    rag::setDefaultSearch(v, spec.efSearch, spec.nprobe);
    {
        std::lock_guard lock(m_mutex);
        m_open.erase(version.dir.string());
    }
    refresh();
    return true;
}

} // namespace keel
