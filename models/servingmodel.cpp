#include "models/servingmodel.h"

#include "models/costtext.h"
#include "models/enginetext.h"
#include "models/guipost.h"
#include "models/modelfolders.h"
#include "compute/workerpool.h"
#include "models/session.h"
#include "nn/modelcatalog.h"
#include "registry/modelregistry.h"
#include "serve/batch.h"
#include "serve/server.h"
#include "store/workspace.h"

#include <QPointer>

#include <chrono>
#include <cmath>

namespace keel {

struct ServingModel::Endpoint {
    std::shared_ptr<serve::Server> server;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now(), last = started;
    serve::Metrics::HistogramTotals latency, ttft;
    double requests = 0, tokens = 0;
    std::deque<Sample> history;
};

ServingModel::ServingModel(Session &session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &ServingModel::sampleNow);
}

ServingModel::~ServingModel()
{
    stopAll();
}

void ServingModel::start(const QStringList &specs, const QString &host, int port)
{
    serve::ServeOptions options;
    options.host = host.toStdString();
    options.port = port;
    // Served on the CPU: a core-hour per thread at the prices the pool charges (as keel serve).
    options.costPerHour = m_session.pool().costMeter()->runtimeHour(compute::DeviceId::cpu());
    for (const QString &s : specs)
        if (s.startsWith(QLatin1String("registry:")) && m_session.hasWorkspace())
            options.workspace = m_session.workspacePath().toStdString();
    std::vector<std::string> models;
    for (const QString &s : specs)
        models.push_back(s.toStdString());
    ++m_starting;
    QPointer<ServingModel> self(this);
    // Loading a language model takes a while: a pool job, listed with the others in Jobs.
    compute::JobSpec spec;
    spec.name = "Start serving " + (models.size() == 1 ? models.front() : std::to_string(models.size()) + " models");
    spec.kind = "serve-start";
    spec.work = [self, options, models](compute::JobContext &ctx) {
        ctx.progress(0.0, "loading");
        std::shared_ptr<serve::Server> server;
        QString error;
        try {
            server = std::make_shared<serve::Server>(options);
            for (const std::string &m : models)
                server->add(m);
            server->start();
        } catch (const std::exception &e) {
            server.reset();
            error = EngineText::error(e);
        }
        // Should the model be gone by then, the call is dropped and the server with it.
        postToGui(self, [server, error](ServingModel *m) {
            --m->m_starting;
            if (!server) {
                Q_EMIT m->failed(error);
                return;
            }
            auto endpoint = std::make_unique<Endpoint>();
            endpoint->server = server;
            const int row = int(m->m_endpoints.size());
            m->beginInsertRows({}, row, row);
            m->m_endpoints.push_back(std::move(endpoint));
            m->endInsertRows();
            m->m_timer.start();
            Q_EMIT m->started(QString::fromStdString(server->address()));
        });
        if (!server)
            throw std::runtime_error(error.toStdString()); // the job fails with the reason, as the view says
        ctx.setResult("serving on " + server->address());
    };
    m_session.pool().submit(std::move(spec));
}

void ServingModel::runBatch(int row, const QString &input, const QString &output)
{
    if (row < 0 || row >= int(m_endpoints.size())) {
        Q_EMIT batchFailed(tr("Start a server first: the batch runs on one"));
        return;
    }
    std::shared_ptr<serve::Server> server = m_endpoints[std::size_t(row)]->server;
    QPointer<ServingModel> self(this);
    compute::JobSpec spec;
    spec.name = "Batch " + input.toStdString();
    spec.kind = "serve-batch";
    const std::filesystem::path in = input.toStdString(), out = output.toStdString();
    spec.work = [self, server, in, out](compute::JobContext &ctx) {
        std::atomic<bool> stop{false};
        serve::BatchSummary summary;
        try {
            summary = serve::runBatch(*server, in, out, 8, [&](std::size_t done, std::size_t total) {
                ctx.progress(total ? double(done) / double(total) : 1.0, std::to_string(done) + " of " + std::to_string(total) + " requests");
                if (ctx.stopRequested())
                    stop = true;
            }, &stop);
        } catch (const std::exception &e) {
            const QString message = EngineText::error(e);
            postToGui(self, [message](ServingModel *m) { Q_EMIT m->batchFailed(message); });
            throw;
        }
        const QString text = tr("%1 of %2 requests answered, %3 failed, %4 done before (resumed) — %5 s; results in %6")
                                 .arg(summary.succeeded)
                                 .arg(summary.total)
                                 .arg(summary.failed)
                                 .arg(summary.skipped)
                                 .arg(summary.seconds, 0, 'f', 1)
                                 .arg(QString::fromStdString(out.string()));
        postToGui(self, [text](ServingModel *m) { Q_EMIT m->batchFinished(text); });
        ctx.setResult(std::to_string(summary.succeeded) + " answered, " + std::to_string(summary.failed) + " failed");
        ctx.throwIfStopped();
    };
    m_session.pool().submit(std::move(spec));
}

QList<QPair<QString, QString>> ServingModel::candidates() const
{
    QList<QPair<QString, QString>> out;
    if (m_session.hasWorkspace()) {
        try {
            registry::ModelRegistry reg(m_session.workspace()->db(), m_session.workspace()->artifacts());
            for (const auto &m : reg.models())
                for (const auto &[alias, version] : m.aliases)
                    out.append({tr("%1@%2 (registry, version %3)").arg(QString::fromStdString(m.name), QString::fromStdString(alias)).arg(version),
                                QStringLiteral("registry:%1@%2").arg(QString::fromStdString(m.name), QString::fromStdString(alias))});
        } catch (const std::exception &) {
            // A registry that cannot be read lists nothing here; the Registry area says why.
        }
    }
    for (const auto &m : nn::findModels(nn::modelFolders(addedModelFolders())))
        out.append({tr("%1 (%2)").arg(QString::fromStdString(m.name), m.kind == "encoder" ? tr("embeddings") : tr("chat, completions")),
                    QString::fromStdString(m.path.string())});
    return out;
}

void ServingModel::stop(int row)
{
    if (row < 0 || row >= int(m_endpoints.size()))
        return;
    m_endpoints[std::size_t(row)]->server->stop(); // drains: the requests in flight finish
    beginRemoveRows({}, row, row);
    m_endpoints.erase(m_endpoints.begin() + row);
    endRemoveRows();
    if (m_endpoints.empty())
        m_timer.stop();
}

void ServingModel::stopAll()
{
    while (!m_endpoints.empty())
        stop(int(m_endpoints.size()) - 1);
}

void ServingModel::sampleNow()
{
    const auto now = std::chrono::steady_clock::now();
    for (auto &e : m_endpoints) {
        serve::Metrics &metrics = e->server->metrics();
        const double dt = std::max(1e-3, std::chrono::duration<double>(now - e->last).count());
        const double requests = metrics.total("keel_requests_total"), tokens = metrics.total("keel_generated_tokens_total");
        const auto latency = metrics.histogram("keel_request_duration_seconds"), ttft = metrics.histogram("keel_time_to_first_token_seconds");
        Sample s;
        s.t = std::chrono::duration<double>(now - e->started).count();
        s.requestsPerSecond = (requests - e->requests) / dt;
        s.p50Ms = serve::Metrics::quantile(latency, e->latency, 0.5) * 1000;
        s.p95Ms = serve::Metrics::quantile(latency, e->latency, 0.95) * 1000;
        s.ttftMs = serve::Metrics::quantile(ttft, e->ttft, 0.5) * 1000;
        s.tokensPerSecond = (tokens - e->tokens) / dt;
        e->requests = requests;
        e->tokens = tokens;
        e->latency = latency;
        e->ttft = ttft;
        e->last = now;
        e->history.push_back(s);
        while (e->history.size() > 300)
            e->history.pop_front();
    }
    if (!m_endpoints.empty())
        Q_EMIT dataChanged(index(0, RequestsPerSecond), index(rowCount() - 1, CostPer1k));
    Q_EMIT sampled();
}

const std::deque<ServingModel::Sample> &ServingModel::history(int row) const
{
    return m_endpoints.at(std::size_t(row))->history;
}

QString ServingModel::servedText(int row) const
{
    QStringList parts;
    for (const auto &m : m_endpoints.at(std::size_t(row))->server->models()) {
        const QString name = QString::fromStdString(m.name);
        if (m.kind == "registry")
            parts << tr("%1@%2 → version %3").arg(QString::fromStdString(m.model), QString::fromStdString(m.alias)).arg(m.version);
        else if (m.kind == "encoder")
            parts << tr("%1 (embeddings)").arg(name);
        else
            parts << (m.loaded ? tr("%1 (chat, completions)").arg(name) : tr("%1 (unloaded while idle)").arg(name));
    }
    return parts.join(QStringLiteral(", "));
}

int ServingModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_endpoints.size());
}

int ServingModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServingModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Endpoint &e = *m_endpoints[std::size_t(index.row())];
    const Sample s = e.history.empty() ? Sample{0, 0, NAN, NAN, NAN, 0} : e.history.back();
    auto ms = [](double v) { return std::isnan(v) ? QStringLiteral("–") : tr("%1 ms").arg(v, 0, 'f', v < 10 ? 1 : 0); };
    if (role == Qt::DisplayRole) {
        switch (Column(index.column())) {
        case Address: return QString::fromStdString(e.server->address()).remove(QStringLiteral("http://"));
        case Serving: return servedText(index.row());
        case RequestsPerSecond: return QString::number(s.requestsPerSecond, 'f', 1);
        case LatencyP50: return ms(s.p50Ms);
        case LatencyP95: return ms(s.p95Ms);
        case TtftP50: return ms(s.ttftMs);
        case TokensPerSecond: return QString::number(s.tokensPerSecond, 'f', 1);
        case Requests: return QString::number(qint64(e.requests));
        case Cost: return CostText::usd(e.server->metrics().value("keel_cost_usd_total"));
        case CostPer1k: {
            const double per1k = e.server->metrics().value("keel_cost_per_1k_requests_usd");
            return per1k > 0 ? CostText::usd(per1k) : QStringLiteral("–");
        }
        case ColumnCount: break;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= RequestsPerSecond)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Address)
        return tr("OpenAI: %1/v1 · KServe v2: %1/v2 · Prometheus: %1/metrics").arg(QString::fromStdString(e.server->address()));
    if (role == Qt::ToolTipRole && index.column() >= Cost)
        return tr("%1 an hour now. Charged at the CPU's price per core-hour times Keel's threads while a model is held in memory; "
                  "nothing while every model is unloaded (scale to zero). Prices: Tools ▸ GPU and CPU Prices.")
            .arg(CostText::usd(e.server->metrics().value("keel_cost_per_hour_usd")));
    return {};
}

QVariant ServingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Address: return tr("Address");
    case Serving: return tr("Serving");
    case RequestsPerSecond: return tr("Requests/s");
    case LatencyP50: return tr("p50");
    case LatencyP95: return tr("p95");
    case TtftP50: return tr("First token");
    case TokensPerSecond: return tr("Tokens/s");
    case Requests: return tr("Requests");
    case Cost: return tr("Cost");
    case CostPer1k: return tr("Per 1k req.");
    case ColumnCount: break;
    }
    return {};
}

} // namespace keel
