#include "models/modelhost.h"

#include "compute/workerpool.h"
#include "models/guipost.h"
#include "models/session.h"
#include "nn/chattemplate.h"
#include "nn/llamamodel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>

namespace keel {

ModelHost::ModelHost(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_idle.setSingleShot(true);
    setIdleTimeout(QSettings().value(QStringLiteral("models/idleUnloadSeconds"), 300).toInt());
    connect(&m_idle, &QTimer::timeout, this, &ModelHost::unloadAll);
}

ModelHost::~ModelHost() = default;

void ModelHost::setIdleTimeout(int seconds)
{
    m_idle.setInterval(std::max(1, seconds) * 1000);
}

std::shared_ptr<nn::LlamaModel> ModelHost::Loaded::get(const std::string &path)
{
    {
        std::lock_guard lock(mutex);
        if (auto it = models.find(path); it != models.end())
            return it->second;
    }
    std::shared_ptr<nn::LlamaModel> model = nn::LlamaModel::load(path); // outside the lock: seconds
    std::lock_guard lock(mutex);
    return models.emplace(path, std::move(model)).first->second;
}

compute::JobId ModelHost::generate(const QString &modelPath, const QString &prompt, bool useChatTemplate, const nn::SamplingParams &params)
{
    m_idle.stop();
    QPointer<ModelHost> self(this);
    auto post = [self](auto call) { postToGui(self, call); };
    compute::JobSpec spec;
    spec.name = "Generate with " + QFileInfo(modelPath).completeBaseName().toStdString();
    spec.kind = "generate";
    const std::string path = modelPath.toStdString(), text = prompt.toStdString();
    spec.work = [loaded = m_loaded, post, path, text, useChatTemplate, params](compute::JobContext &ctx) {
        const compute::JobId job = ctx.id();
        try {
            ctx.progress(0.0, "loading the model");
            const auto model = loaded->get(path);
            post([](ModelHost *h) { Q_EMIT h->loadedChanged(); });
            const std::string input = useChatTemplate ? nn::renderChat(model->chatTemplate(), {{"user", text}}) : text;
            const auto ids = model->tokenizer().encode(input).ids;
            std::size_t produced = 0;
            const nn::Generation g = model->generate(ids, params, [&](const std::string &piece) {
                ++produced;
                ctx.progress(std::min(0.99, double(produced) / double(std::max<std::size_t>(params.maxTokens, 1))), "generating");
                post([job, p = QString::fromStdString(piece)](ModelHost *h) { Q_EMIT h->textPiece(job, p); });
                return !ctx.stopRequested();
            });
            ctx.setResult(std::to_string(g.tokens.size()) + " tokens, " + std::to_string(int(g.tokensPerSecond)) + " tokens/s");
            post([job, g](ModelHost *h) {
                Q_EMIT h->finished(job, int(g.promptTokens), int(g.tokens.size()), g.timeToFirstTokenMs, g.tokensPerSecond,
                                   QString::fromStdString(g.stopReason));
                h->m_idle.start(); // scale to zero after the idle timeout
            });
        } catch (const std::exception &e) {
            post([job, m = QString::fromStdString(compute::userMessageFromException(e))](ModelHost *h) { Q_EMIT h->failed(job, m); });
            throw;
        }
    };
    return m_session.pool().submit(std::move(spec));
}

void ModelHost::cancel(compute::JobId job)
{
    m_session.pool().cancel(job);
}

void ModelHost::unloadAll()
{
    {
        std::lock_guard lock(m_loaded->mutex);
        m_loaded->models.clear(); // a generation still running keeps its model until it ends
    }
    Q_EMIT loadedChanged();
}

QStringList ModelHost::loaded() const
{
    std::lock_guard lock(m_loaded->mutex);
    QStringList out;
    for (const auto &[path, model] : m_loaded->models)
        out << QStringLiteral("%1 (%2 MiB)").arg(QFileInfo(QString::fromStdString(path)).completeBaseName()).arg(model->weightBytes() >> 20);
    return out;
}

std::uint64_t ModelHost::loadedBytes() const
{
    std::lock_guard lock(m_loaded->mutex);
    std::uint64_t bytes = 0;
    for (const auto &[path, model] : m_loaded->models)
        bytes += model->weightBytes();
    return bytes;
}

} // namespace keel
