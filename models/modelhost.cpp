#include "models/modelhost.h"

#include "compute/workerpool.h"
#include "models/guipost.h"
#include "models/session.h"
#include "core/error.h"
#include "nn/chattemplate.h"
#include "nn/generationservice.h"
#include "nn/llamamodel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>

#include <atomic>

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

ModelHost::Served::~Served() = default;

std::shared_ptr<ModelHost::Served> ModelHost::Loaded::get(const std::string &path, compute::DeviceId device)
{
    {
        std::lock_guard lock(mutex);
        if (auto it = models.find(path); it != models.end())
            return it->second;
    }
    auto served = std::make_shared<Served>();
    served->model = nn::LlamaModel::load(path, device); // outside the lock: seconds (fp16 on a GPU)
    nn::GenerationService::Options options;
    options.ownThread = false; // driven by the requests' pool jobs
    served->service = std::make_unique<nn::GenerationService>(served->model, options);
    std::lock_guard lock(mutex);
    return models.emplace(path, std::move(served)).first->second; // (a model loaded twice at once: the first kept)
}

compute::JobId ModelHost::generate(const QString &modelPath, const QString &prompt, bool useChatTemplate, const nn::SamplingParams &params)
{
    return generate(modelPath, std::vector<nn::ChatMessage>{{"user", prompt.toStdString()}}, useChatTemplate, params);
}

compute::JobId ModelHost::generate(const QString &modelPath, const std::vector<nn::ChatMessage> &messages, bool useChatTemplate,
                                   const nn::SamplingParams &params)
{
    m_idle.stop();
    QPointer<ModelHost> self(this);
    auto post = [self](auto call) { postToGui(self, call); };
    compute::JobSpec spec;
    spec.name = "Generate with " + QFileInfo(modelPath).completeBaseName().toStdString();
    spec.kind = "generate";
    // On the GPU worker when the machine has one (the model is loaded there, in fp16).
    spec.need = m_session.devices().gpuSlots().empty() ? compute::DeviceNeed::Cpu : compute::DeviceNeed::Gpu;
    const std::string path = modelPath.toStdString();
    spec.work = [loaded = m_loaded, post, path, messages, useChatTemplate, params](compute::JobContext &ctx) {
        const compute::JobId job = ctx.id();
        try {
            ctx.progress(0.0, "loading the model");
            const auto served = loaded->get(path, ctx.device());
            const auto &model = served->model;
            post([](ModelHost *h) { Q_EMIT h->loadedChanged(); });
            const std::string input = useChatTemplate ? nn::renderChat(model->chatTemplate(), messages)
                                                      : (messages.empty() ? std::string() : messages.back().content);
            nn::GenerationService::Request request;
            request.prompt = model->tokenizer().encodePrompt(input).ids;
            request.params = params;
            // Called on whichever request's job drives the service at the time (one at a time).
            std::size_t produced = 0;
            request.onText = [&](const std::string &piece) {
                ++produced;
                ctx.progress(std::min(0.99, double(produced) / double(std::max<std::size_t>(params.maxTokens, 1))), "generating");
                post([job, p = QString::fromStdString(piece)](ModelHost *h) { Q_EMIT h->textPiece(job, p); });
                return !ctx.stopRequested();
            };
            nn::Generation g;
            std::atomic<bool> done{false};
            request.onDone = [&](const nn::Generation &result) {
                g = result;
                done = true;
            };
            ctx.progress(0.0, "waiting for the model");
            const auto id = served->service->submit(std::move(request));
            bool cancelSent = false;
            served->service->serveUntil([&] {
                if (ctx.stopRequested() && !cancelSent) {
                    served->service->cancel(id); // also before the first token (waiting, or in its prompt)
                    cancelSent = true;
                }
                return done.load();
            });
            if (g.stopReason.rfind("error: ", 0) == 0)
                throwError(ErrorKind::BadInput, g.stopReason.substr(7));
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
    for (const auto &[path, served] : m_loaded->models)
        out << QStringLiteral("%1 (%2 MiB)").arg(QFileInfo(QString::fromStdString(path)).completeBaseName()).arg(served->model->weightBytes() >> 20);
    return out;
}

std::uint64_t ModelHost::loadedBytes() const
{
    std::lock_guard lock(m_loaded->mutex);
    std::uint64_t bytes = 0;
    for (const auto &[path, served] : m_loaded->models)
        bytes += served->model->weightBytes();
    return bytes;
}

} // namespace keel
