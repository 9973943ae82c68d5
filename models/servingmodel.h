#pragma once

#include <QAbstractTableModel>
#include <QTimer>

#include <deque>
#include <memory>
#include <vector>

namespace keel::serve {
class Server;
}

namespace keel {

class Session;

// The model servers started from the window (engine/serve, the same server `keel serve` runs),
// one row each, with what they serve and how they are doing, sampled once a second from their
// metrics: requests per second, latency percentiles, time to first token, tokens per second,
// and what it costs.
// Each keeps the last five minutes of samples for the charts. Servers stop with the model (or
// the window), draining what they have in flight.
class ServingModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // Cost: what the server has cost so far while holding a model (the saved CPU price per
    // core-hour times Keel's threads; nothing while scaled to zero), its price per hour now in
    // the tooltip; CostPer1k: per 1,000 inference requests answered.
    enum Column { Address, Serving, RequestsPerSecond, LatencyP50, LatencyP95, TtftP50, TokensPerSecond, Requests, Cost, CostPer1k, ColumnCount };
    struct Sample {
        double t = 0;                 // seconds since the server started
        double requestsPerSecond = 0; // answered, any endpoint
        double p50Ms = 0, p95Ms = 0;  // request latency over the last interval (NaN: no requests)
        double ttftMs = 0;            // median time to first token over the interval (NaN: none)
        double tokensPerSecond = 0;   // generated tokens per second over the interval
    };

    explicit ServingModel(Session &session, QObject *parent = nullptr);
    ~ServingModel() override;

    // Starts a server on a thread of its own (loading a language model takes a while): `specs`
    // as `keel serve` takes them. started() or failed() follows.
    void start(const QStringList &specs, const QString &host, int port);
    // What can be served: registry:NAME@ALIAS for every alias in the workspace's registry, then
    // the local models Keel finds (their paths), each with a label.
    QList<QPair<QString, QString>> candidates() const;
    void stop(int row);
    void stopAll();
    // Runs an OpenAI Batch API file (`keel batch`'s format, resumable) on the server of `row` as
    // a pool job, listed in Jobs with its progress and stoppable there; batchFinished() or
    // batchFailed() follows. The server must stay up meanwhile: stopping it fails the batch's
    // remaining requests, and running the file again resumes it.
    void runBatch(int row, const QString &input, const QString &output);

    const std::deque<Sample> &history(int row) const;
    QString servedText(int row) const;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sampleNow(); // what the timer does each second (tests call it)

Q_SIGNALS:
    void started(const QString &address);
    void failed(const QString &message);
    void sampled();
    void batchFinished(const QString &summary);
    void batchFailed(const QString &message);

private:
    struct Endpoint;
    Session &m_session;
    std::vector<std::unique_ptr<Endpoint>> m_endpoints;
    QTimer m_timer;
    int m_starting = 0;
};

} // namespace keel
