#include "models/jobsmodel.h"

#include "models/costtext.h"
#include "models/enginetext.h"

#include "models/durationtext.h"

#include "core/clock.h"
#include "models/enginebridge.h"

#include <QDateTime>
#include <QIcon>
#include <QLocale>
#include <QPalette>

namespace keel {

using compute::JobInfo;
using compute::JobState;

JobsModel::JobsModel(EngineBridge *bridge, QObject *parent)
    : QAbstractTableModel(parent)
{
    if (bridge)
        connect(bridge, &EngineBridge::jobEvent, this, &JobsModel::applyEvent);
    m_elapsedTimer.setInterval(1000);
    connect(&m_elapsedTimer, &QTimer::timeout, this, &JobsModel::tickElapsed);
}

int JobsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_jobs.size());
}

int JobsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString JobsModel::stateText(JobState state)
{
    switch (state) {
    case JobState::Queued: return tr("Queued");
    case JobState::Running: return tr("Running");
    case JobState::Succeeded: return tr("Succeeded");
    case JobState::Failed: return tr("Failed");
    case JobState::Cancelled: return tr("Cancelled");
    }
    return {};
}

QString JobsModel::deviceText(const JobInfo &job)
{
    if (job.device)
        return job.device->isCuda() ? tr("GPU %1").arg(job.device->index) : tr("CPU");
    switch (job.need) {
    case compute::DeviceNeed::Cpu: return tr("CPU");
    case compute::DeviceNeed::Gpu: return tr("GPU");
    case compute::DeviceNeed::Any: return tr("any");
    }
    return {};
}

qint64 JobsModel::elapsedMs(const JobInfo &job) const
{
    if (!job.startedMs)
        return -1;
    const qint64 end = job.finishedMs ? job.finishedMs : nowMs();
    return end - job.startedMs;
}

QVariant JobsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const JobInfo &job = m_jobs[static_cast<std::size_t>(index.row())];
    const bool cancellable = !compute::isFinished(job.state);
    const bool earlier = m_earlier.contains(job.id);
    switch (role) {
    case EarlierRole: return earlier;
    case Qt::ForegroundRole:
        if (index.column() == DetailsColumn && !job.error.empty())
            return QBrush(QColor(0xb3, 0x26, 0x1e));
        break;
    case Qt::FontRole:
        if (earlier) { // told apart by italics, still readable
            QFont f;
            f.setItalic(true);
            return f;
        }
        break;
    case JobIdRole: return QVariant::fromValue<qulonglong>(job.id);
    case StateRole: return static_cast<int>(job.state);
    case ProgressRole: return job.progress;
    case MessageRole: return QString::fromStdString(job.message);
    case ErrorRole: return QString::fromStdString(job.error);
    case CancellableRole: return cancellable;
    case ElapsedMsRole: return elapsedMs(job);
    case CostRole: return job.startedMs && compute::isFinished(job.state) ? job.costUsd : -1.0;
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b><br>%2").arg(QString::fromStdString(job.name).toHtmlEscaped(), stateText(job.state));
        if (!job.message.empty())
            tip += QStringLiteral("<br>") + QString::fromStdString(job.message).toHtmlEscaped();
        if (!job.error.empty())
            tip += QStringLiteral("<br><span style='color:#b3261e'>%1</span>").arg(QString::fromStdString(job.error).toHtmlEscaped());
        if (const QString cost = costText(job); !cost.isEmpty())
            tip += QStringLiteral("<br>") + cost.toHtmlEscaped();
        if (earlier)
            tip += QStringLiteral("<br><i>%1</i>").arg(tr("From an earlier session, submitted %1")
                                                          .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(job.submittedMs), QLocale::ShortFormat)));
        return tip;
    }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return EngineText::jobName(job.name);
        case DeviceColumn: return deviceText(job);
        case StateColumn: return stateText(job.state);
        case ProgressColumn: return QStringLiteral("%1%").arg(qRound(job.progress * 100));
        case ElapsedColumn: return DurationText::of(elapsedMs(job));
        case CostColumn: return job.startedMs && compute::isFinished(job.state) ? CostText::usd(job.costUsd) : QString();
        case DetailsColumn: return job.error.empty() ? EngineText::jobDetail(job.message) : QString::fromStdString(job.error);
        case ActionColumn: return cancellable ? tr("Cancel") : QString();
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StateColumn) {
            switch (job.state) {
            case JobState::Queued: return QIcon(QStringLiteral(":/icons/state-queued.svg"));
            case JobState::Running: return QIcon(QStringLiteral(":/icons/state-running.svg"));
            case JobState::Succeeded: return QIcon(QStringLiteral(":/icons/state-succeeded.svg"));
            case JobState::Failed: return QIcon(QStringLiteral(":/icons/state-failed.svg"));
            case JobState::Cancelled: return QIcon(QStringLiteral(":/icons/state-cancelled.svg"));
            }
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == ElapsedColumn || index.column() == ProgressColumn || index.column() == CostColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant JobsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Job");
    case DeviceColumn: return tr("Device");
    case StateColumn: return tr("State");
    case ProgressColumn: return tr("Progress");
    case ElapsedColumn: return tr("Elapsed");
    case CostColumn: return tr("Cost");
    case DetailsColumn: return tr("Details");
    case ActionColumn: return QString();
    }
    return {};
}

QHash<int, QByteArray> JobsModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(JobIdRole, "jobId");
    names.insert(StateRole, "state");
    names.insert(ProgressRole, "progress");
    names.insert(MessageRole, "message");
    names.insert(ErrorRole, "error");
    names.insert(CancellableRole, "cancellable");
    names.insert(ElapsedMsRole, "elapsedMs");
    return names;
}

const JobInfo *JobsModel::jobAt(int row) const
{
    return row >= 0 && row < rowCount() ? &m_jobs[static_cast<std::size_t>(row)] : nullptr;
}

int JobsModel::rowOf(compute::JobId id) const
{
    return m_rowById.value(id, -1);
}

int JobsModel::activeCount() const
{
    int n = 0;
    for (const JobInfo &j : m_jobs)
        n += compute::isFinished(j.state) ? 0 : 1;
    return n;
}

void JobsModel::applyEvent(int type, const JobInfo &info)
{
    const int before = activeCount();
    if (static_cast<compute::JobEventType>(type) == compute::JobEventType::Submitted) {
        if (m_rowById.contains(info.id))
            return;
        const int row = rowCount();
        beginInsertRows({}, row, row);
        m_jobs.push_back(info);
        m_rowById.insert(info.id, row);
        endInsertRows();
    } else {
        const int row = rowOf(info.id);
        if (row < 0)
            return;
        m_jobs[static_cast<std::size_t>(row)] = info;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    const int after = activeCount();
    if (after > 0 && !m_elapsedTimer.isActive())
        m_elapsedTimer.start();
    else if (after == 0)
        m_elapsedTimer.stop();
    if (after != before)
        Q_EMIT activeCountChanged(after);
    if (compute::isFinished(info.state))
        trimFinished();
}

void JobsModel::tickElapsed()
{
    for (int row = 0; row < rowCount(); ++row) {
        if (m_jobs[static_cast<std::size_t>(row)].state == JobState::Running)
            Q_EMIT dataChanged(index(row, ElapsedColumn), index(row, ElapsedColumn));
    }
}

void JobsModel::reindex(int fromRow)
{
    if (fromRow == 0)
        m_rowById.clear();
    for (int row = fromRow; row < rowCount(); ++row)
        m_rowById.insert(m_jobs[static_cast<std::size_t>(row)].id, row);
}

void JobsModel::trimFinished()
{
    int finished = 0;
    for (const JobInfo &j : m_jobs)
        finished += compute::isFinished(j.state) ? 1 : 0;
    int row = 0;
    while (finished > m_maxFinished && row < rowCount()) {
        if (compute::isFinished(m_jobs[static_cast<std::size_t>(row)].state)) {
            beginRemoveRows({}, row, row);
            m_rowById.remove(m_jobs[static_cast<std::size_t>(row)].id);
            m_earlier.remove(m_jobs[static_cast<std::size_t>(row)].id);
            m_jobs.erase(m_jobs.begin() + row);
            endRemoveRows();
            --finished;
        } else {
            ++row;
        }
    }
    reindex(0);
}

QString JobsModel::costText(const JobInfo &job)
{
    if (!job.startedMs || !compute::isFinished(job.state))
        return {};
    QString text;
    if (job.costUsd >= 0 && job.device)
        text = tr("%1 for %2 of %3").arg(CostText::usd(job.costUsd), DurationText::of(qint64(job.deviceSeconds * 1000)), deviceText(job));
    if (job.usage) {
        QString use;
        if (job.usage->meanUtilisationPercent >= 0)
            use = tr("GPU %1 % busy on average, %2 % at peak, %3 GiB at peak")
                      .arg(job.usage->meanUtilisationPercent, 0, 'f', 0)
                      .arg(job.usage->peakUtilisationPercent)
                      .arg(double(job.usage->peakMemoryUsed) / double(1ull << 30), 0, 'f', 1);
        else
            use = tr("GPU memory %1 GiB at peak").arg(double(job.usage->peakMemoryUsed) / double(1ull << 30), 0, 'f', 1);
        text += (text.isEmpty() ? QString() : QStringLiteral(" · ")) + use;
    }
    return text;
}

double JobsModel::totalCost() const
{
    double total = 0;
    for (const JobInfo &j : m_jobs)
        if (j.startedMs && compute::isFinished(j.state) && j.costUsd > 0)
            total += j.costUsd;
    return total;
}

void JobsModel::showEarlierJobs(const std::vector<compute::JobRecord> &records)
{
    // Earlier sessions' ids come from the history table; the top bit keeps them apart from
    // this session's pool ids.
    constexpr compute::JobId kEarlierBit = compute::JobId(1) << 63;
    if (!m_earlier.isEmpty()) {
        int count = 0;
        while (count < rowCount() && m_earlier.contains(m_jobs[static_cast<std::size_t>(count)].id))
            ++count;
        if (count > 0) {
            beginRemoveRows({}, 0, count - 1);
            m_jobs.erase(m_jobs.begin(), m_jobs.begin() + count);
            endRemoveRows();
        }
        m_earlier.clear();
    }
    std::vector<JobInfo> rows;
    for (auto it = records.rbegin(); it != records.rend(); ++it) { // oldest first, like the live rows
        const compute::JobRecord &r = *it;
        const auto state = compute::jobStateFromString(r.state);
        if (!state || !compute::isFinished(*state))
            continue; // still queued or running in another process: not ours to show or cancel
        JobInfo info;
        info.id = kEarlierBit | compute::JobId(r.id);
        info.name = r.name;
        info.kind = r.kind;
        info.need = compute::deviceNeedFromString(r.deviceNeed).value_or(compute::DeviceNeed::Cpu);
        info.state = *state;
        if (r.device.rfind("cuda:", 0) == 0)
            info.device = compute::DeviceId::cuda(std::atoi(r.device.c_str() + 5));
        else if (!r.device.empty())
            info.device = compute::DeviceId::cpu();
        info.progress = r.progress;
        info.message = r.message;
        info.error = r.error;
        info.submittedMs = r.submittedMs;
        info.startedMs = r.startedMs.value_or(0);
        info.finishedMs = r.finishedMs.value_or(r.submittedMs);
        info.deviceSeconds = r.deviceSeconds.value_or(0);
        info.costUsd = r.costUsd.value_or(-1);
        if (r.gpuMemoryPeak) {
            compute::DeviceUsage usage;
            usage.samples = 1;
            usage.peakMemoryUsed = *r.gpuMemoryPeak;
            usage.meanUtilisationPercent = r.gpuUtilisationMean.value_or(-1);
            usage.peakUtilisationPercent = r.gpuUtilisationPeak.value_or(-1);
            info.usage = usage;
        }
        rows.push_back(std::move(info));
    }
    if (!rows.empty()) {
        beginInsertRows({}, 0, int(rows.size()) - 1);
        m_jobs.insert(m_jobs.begin(), rows.begin(), rows.end());
        for (const JobInfo &j : rows)
            m_earlier.insert(j.id);
        endInsertRows();
    }
    reindex(0);
}

void JobsModel::clearFinished()
{
    for (int row = rowCount() - 1; row >= 0; --row) {
        if (!compute::isFinished(m_jobs[static_cast<std::size_t>(row)].state))
            continue;
        beginRemoveRows({}, row, row);
        m_rowById.remove(m_jobs[static_cast<std::size_t>(row)].id);
        m_earlier.remove(m_jobs[static_cast<std::size_t>(row)].id);
        m_jobs.erase(m_jobs.begin() + row);
        endRemoveRows();
    }
    reindex(0);
}

} // namespace keel
