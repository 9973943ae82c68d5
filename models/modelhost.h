#pragma once

#include "compute/job.h"

#include "nn/chattemplate.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace keel::nn {
class GenerationService;
class LlamaModel;
struct SamplingParams;
}

namespace keel {

class Session;

// Keeps local generation models loaded between requests and runs generations as jobs on the
// session's pool (they show in the Jobs dock, and cancel there). Each loaded model has a
// continuous-batching GenerationService without a thread of its own: the jobs of concurrent
// requests drive it in turn from their pool workers, so their tokens share steps. A model nobody
// used for its device's idle timeout is unloaded (scale to zero) and loads again on the next
// request: each device on its own clock, a GPU's timeout apart from the CPU's (settings).
class ModelHost : public QObject {
    Q_OBJECT
public:
    explicit ModelHost(Session &session, QObject *parent = nullptr);
    ~ModelHost() override;

    // Returns the job's id; text arrives through textPiece, then finished or failed. With the
    // chat template, `messages` are the conversation so far (system, user and assistant turns,
    // the last a user's); without it, the last message's text is the prompt as written.
    compute::JobId generate(const QString &modelPath, const std::vector<nn::ChatMessage> &messages, bool useChatTemplate,
                            const nn::SamplingParams &params);
    compute::JobId generate(const QString &modelPath, const QString &prompt, bool useChatTemplate, const nn::SamplingParams &params);
    void cancel(compute::JobId job);
    void unloadAll();
    // "name (size, device)" of each loaded model.
    QStringList loaded() const;
    // Bytes the loaded models' weights hold in memory.
    std::uint64_t loadedBytes() const;
    // Unloads the models idle (no generation running) for longer than their device's timeout at
    // `nowMs`; what the host's timer does every few seconds. Returns how many went.
    int unloadIdle(std::int64_t nowMs);

    // Seconds a model may sit unused on a GPU (or on the CPU) before it is unloaded, from the
    // settings (models/idleUnloadGpuSeconds, models/idleUnloadCpuSeconds; both default to
    // models/idleUnloadSeconds, then 300): the Prices dialog edits them.
    static int idleUnloadSeconds(bool gpu);
    static int idleUnloadMinutes(bool gpu) { return (idleUnloadSeconds(gpu) + 59) / 60; } // rounded up
    static void setIdleUnloadSeconds(bool gpu, int seconds);

Q_SIGNALS:
    void textPiece(quint64 job, const QString &text);
    // Metrics of a finished generation.
    void finished(quint64 job, int promptTokens, int completionTokens, double timeToFirstTokenMs, double tokensPerSecond, const QString &stopReason);
    void failed(quint64 job, const QString &message);
    void loadedChanged();

private:
    // Shared with running jobs, which may outlive this object (the pool outlives the window).
    struct Served {
        std::shared_ptr<nn::LlamaModel> model;
        std::unique_ptr<nn::GenerationService> service;
        compute::DeviceId device;
        std::atomic<int> active{0};              // generations running on it
        std::atomic<std::int64_t> lastUsedMs{0}; // when the last one ended (or began)
        ~Served();
    };
    struct Loaded {
        std::mutex mutex;
        std::map<std::string, std::shared_ptr<Served>> models;
        std::shared_ptr<Served> get(const std::string &path, compute::DeviceId device);
    };
    Session &m_session;
    std::shared_ptr<Loaded> m_loaded = std::make_shared<Loaded>();
    QTimer m_idle; // checks for idle models while any is loaded
};

} // namespace keel
