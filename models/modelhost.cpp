#include "models/modelhost.h"

#include "compute/workerpool.h"
#include "compute/torchruntime.h"
#include "models/guipost.h"
#include "models/session.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/log.h"
#include "nn/chattemplate.h"
#include "nn/generationservice.h"
#include "nn/llamamodel.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>

#include <atomic>
#include <utility>

namespace keel {

ModelHost::ModelHost(Session &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_idle.setInterval(2000);
    connect(&m_idle, &QTimer::timeout, this, [this] { unloadIdle(nowMs()); });
    connect(this, &ModelHost::loadedChanged, this, [this] {
        std::lock_guard lock(m_loaded->mutex);
        if (m_loaded->models.empty())
            m_idle.stop();
        else if (!m_idle.isActive())
            m_idle.start();
    });
}

ModelHost::~ModelHost() = default;

int ModelHost::idleUnloadSeconds(bool gpu)
{
    const QSettings settings;
    const QVariant fallback = settings.value(QStringLiteral("models/idleUnloadSeconds"), 300);
    bool ok = false;
    const int seconds = settings.value(gpu ? QStringLiteral("models/idleUnloadGpuSeconds") : QStringLiteral("models/idleUnloadCpuSeconds"), fallback).toInt(&ok);
    return ok && seconds > 0 ? seconds : 300;
}

void ModelHost::setIdleUnloadSeconds(bool gpu, int seconds)
{
    QSettings().setValue(gpu ? QStringLiteral("models/idleUnloadGpuSeconds") : QStringLiteral("models/idleUnloadCpuSeconds"), std::max(1, seconds));
}

int ModelHost::unloadIdle(std::int64_t now)
{
    const std::int64_t gpuMs = std::int64_t(idleUnloadSeconds(true)) * 1000, cpuMs = std::int64_t(idleUnloadSeconds(false)) * 1000;
    int unloaded = 0;
    {
        std::lock_guard lock(m_loaded->mutex);
        for (auto it = m_loaded->models.begin(); it != m_loaded->models.end();) {
            const Served &s = *it->second;
            if (s.active.load() == 0 && now - s.lastUsedMs.load() > (s.device.isCuda() ? gpuMs : cpuMs)) {
                log::info("models: unloaded " + it->first + " from " + s.device.toString() + " after " +
                          std::to_string((s.device.isCuda() ? gpuMs : cpuMs) / 1000) + " s idle");
                it = m_loaded->models.erase(it); // a generation starting now keeps its own reference
                ++unloaded;
            } else {
                ++it;
            }
        }
    }
    if (unloaded > 0)
        Q_EMIT loadedChanged();
    return unloaded;
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
    served->device = device;
    served->lastUsedMs = nowMs();
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
    QPointer<ModelHost> self(this);
    auto post = [self](auto call) { postToGui(self, call); };
    compute::JobSpec spec;
    spec.name = "Generate with " + QFileInfo(modelPath).completeBaseName().toStdString();
    spec.kind = "generate";
    // On the GPU worker when the machine has one (the model is loaded there, in fp16).
    spec.need = m_session.devices().gpuSlots().empty() ? compute::DeviceNeed::Cpu : compute::DeviceNeed::Gpu;
    spec.cores = compute::torchrt::threads(); // on the CPU, the decoder runs on every thread
    const std::string path = modelPath.toStdString();
    spec.work = [loaded = m_loaded, post, path, messages, useChatTemplate, params](compute::JobContext &ctx) {
        const compute::JobId job = ctx.id();
        try {
            ctx.progress(0.0, "loading the model");
            const auto served = loaded->get(path, ctx.device());
            // In use until this generation ends, however it ends: the idle clock starts then.
            ++served->active;
            struct Release {
                Served &s;
                bool done = false;
                void now()
                {
                    if (std::exchange(done, true))
                        return;
                    s.lastUsedMs = nowMs();
                    --s.active;
                }
                ~Release() { now(); }
            } release{*served};
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
            release.now(); // idle from here: before finished() reaches the window
            post([job, g](ModelHost *h) {
                Q_EMIT h->finished(job, int(g.promptTokens), int(g.tokens.size()), g.timeToFirstTokenMs, g.tokensPerSecond,
                                   QString::fromStdString(g.stopReason));
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
        out << QStringLiteral("%1 (%2 MiB, %3)")
                   .arg(QFileInfo(QString::fromStdString(path)).completeBaseName())
                   .arg(served->model->weightBytes() >> 20)
                   .arg(QString::fromStdString(served->device.toString()));
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
