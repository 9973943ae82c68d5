#include "models/devicetelemetrymodel.h"

#include "compute/telemetry.h"
#include "compute/workerpool.h"
#include "core/clock.h"
#include "models/costtext.h"
#include "models/durationtext.h"
#include "models/session.h"

#include <QBrush>
#include <QColor>
#include <QSettings>

namespace keel {
namespace {

QString gib(std::uint64_t bytes)
{
    return QString::number(double(bytes) / double(1ull << 30), 'f', 1);
}

} // namespace

DeviceTelemetryModel::DeviceTelemetryModel(Session &session, QObject *parent)
    : QAbstractTableModel(parent), m_session(session)
{
    m_alertMinutes = QSettings().value(QStringLiteral("costs/idleAlertMinutes"), 10).toInt();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &DeviceTelemetryModel::refresh);
    connect(&m_session, &Session::pricesChanged, this, &DeviceTelemetryModel::refresh);
    if (m_session.telemetry().available())
        m_timer.start();
    refresh();
}

void DeviceTelemetryModel::setAlertMinutes(int minutes)
{
    m_alertMinutes = qMax(0, minutes); // 0: at once (the dialog offers 1 and more)
    QSettings().setValue(QStringLiteral("costs/idleAlertMinutes"), m_alertMinutes);
    refresh();
}

QString DeviceTelemetryModel::unavailableReason() const
{
    const compute::TelemetrySampler &t = m_session.telemetry();
    if (!t.available())
        return QString::fromStdString(t.unavailableReason());
    if (m_rows.empty())
        return tr("no telemetry: NVML lists no GPU");
    return {};
}

void DeviceTelemetryModel::refresh()
{
    compute::TelemetrySampler &t = m_session.telemetry();
    m_refreshedMs = nowMs(); // every duration shown is as of this refresh, so the table, the alerts and the dock agree
    std::vector<Row> rows;
    for (const compute::NvmlDevice &d : t.devices()) {
        Row r;
        r.device = d;
        if (const auto p = t.latest(d.index)) {
            r.hasPoint = true;
            r.utilisation = p->utilisationPercent;
            r.memoryUsed = p->memoryUsed;
            r.memoryTotal = p->memoryTotal;
            r.power = p->powerWatts;
            r.temperature = p->temperatureC;
            r.smClock = p->smClockMHz;
            r.memoryClock = p->memoryClockMHz;
        }
        r.processes = t.processes(d.index);
        const compute::IdleSummary idle = t.idle(d.index);
        r.idleSeconds = idle.idleSeconds;
        r.idleSinceMs = idle.idleSinceMs;
        r.perHour = m_session.prices().gpuHour(d.name);
        for (const compute::GpuSlot &g : m_session.pool().gpus())
            if (t.deviceForCuda(g.index) == d.index)
                r.workers = std::max(1, g.workers);
        rows.push_back(std::move(r));
    }
    if (rows.size() != m_rows.size()) {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    } else {
        m_rows = std::move(rows);
        if (!m_rows.empty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
    const QStringList alerts = idleAlerts();
    if (alerts != m_lastAlerts) {
        m_lastAlerts = alerts;
        Q_EMIT alertsChanged();
    }
    Q_EMIT refreshed();
}

bool DeviceTelemetryModel::alerting(const Row &row) const
{
    return row.idleSinceMs > 0 && m_refreshedMs - row.idleSinceMs >= qint64(m_alertMinutes) * 60'000;
}

QStringList DeviceTelemetryModel::idleAlerts() const
{
    QStringList out;
    for (const Row &r : m_rows) {
        if (!alerting(r))
            continue;
        QStringList holders;
        for (const auto &p : r.processes)
            holders << tr("pid %1").arg(p.pid);
        out << tr("nvml:%1 %2 has been idle for %3 while held (%4): %5 an hour")
                   .arg(r.device.index)
                   .arg(QString::fromStdString(r.device.name), DurationText::of(m_refreshedMs - r.idleSinceMs),
                        holders.isEmpty() ? tr("a Keel job") : holders.join(QStringLiteral(", ")), CostText::usd(r.perHour));
    }
    return out;
}

double DeviceTelemetryModel::idleHours() const
{
    double seconds = 0;
    for (const Row &r : m_rows)
        seconds += r.idleSeconds;
    return seconds / 3600.0;
}

double DeviceTelemetryModel::idleCost() const
{
    double cost = 0;
    for (const Row &r : m_rows)
        cost += r.idleSeconds / 3600.0 * r.perHour;
    return cost;
}

int DeviceTelemetryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceTelemetryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceTelemetryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &r = m_rows[std::size_t(index.row())];
    switch (role) {
    case DeviceIndexRole: return r.device.index;
    case IdleAlertRole: return alerting(r);
    case IdleSecondsRole: return r.idleSeconds;
    case Qt::ForegroundRole:
        if (index.column() == IdleColumn && alerting(r))
            return QBrush(QColor(0xb3, 0x26, 0x1e));
        break;
    case Qt::TextAlignmentRole:
        if (index.column() != DeviceColumn && index.column() != IdleColumn && index.column() != ProcessesColumn && index.column() != WorkersColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == DeviceColumn) {
            QString tip = QString::fromStdString(r.device.uuid);
            if (r.device.isMig())
                tip += QStringLiteral("\n") + tr("MIG instance %1 of nvml:%2 (Kubernetes resource nvidia.com/mig-%1)")
                                                  .arg(QString::fromStdString(r.device.migProfile))
                                                  .arg(r.device.parent);
            return tip;
        }
        if (index.column() == WorkersColumn)
            return r.workers == 0 ? tr("Keel runs no jobs here: not a CUDA device of this process")
                   : r.workers == 1
                       ? tr("One Keel worker runs jobs here, charged the whole GPU. KEEL_GPU_TIME_SLICES=N time-slices it among N workers.")
                       : tr("%1 Keel workers take turns on this GPU (KEEL_GPU_TIME_SLICES); each job is charged 1/%1 of it: %2 an hour.")
                             .arg(r.workers)
                             .arg(CostText::usd(r.perHour / r.workers));
        if (index.column() == ProcessesColumn) {
            QStringList lines;
            for (const auto &p : r.processes)
                lines << tr("pid %1: %2 GiB").arg(p.pid).arg(gib(p.memoryUsed));
            return lines.join(QLatin1Char('\n'));
        }
        break;
    case Qt::DisplayRole:
        switch (index.column()) {
        case DeviceColumn:
            return r.device.isMig() ? tr("nvml:%1  MIG %2 of nvml:%3").arg(r.device.index).arg(QString::fromStdString(r.device.migProfile)).arg(r.device.parent)
                                    : QStringLiteral("nvml:%1  %2").arg(r.device.index).arg(QString::fromStdString(r.device.name));
        case BusyColumn: return r.utilisation >= 0 ? QStringLiteral("%1 %").arg(r.utilisation) : QStringLiteral("–");
        case MemoryColumn: return r.hasPoint ? tr("%1 / %2 GiB").arg(gib(r.memoryUsed), gib(r.memoryTotal)) : QString();
        case PowerColumn: return r.power >= 0 ? QStringLiteral("%1 W").arg(r.power, 0, 'f', 0) : QStringLiteral("–");
        case TemperatureColumn: return r.temperature >= 0 ? QStringLiteral("%1 °C").arg(r.temperature) : QStringLiteral("–");
        case ClocksColumn:
            return r.smClock >= 0 ? tr("%1 / %2 MHz").arg(r.smClock).arg(r.memoryClock >= 0 ? QString::number(r.memoryClock) : QStringLiteral("–"))
                                  : QStringLiteral("–");
        case ProcessesColumn: return r.processes.empty() ? tr("none") : tr("%n process(es)", nullptr, int(r.processes.size()));
        case WorkersColumn:
            if (r.workers == 0)
                return QStringLiteral("–");
            return r.workers == 1 ? tr("1, the whole GPU") : tr("%1, time-sliced: 1/%1 each").arg(r.workers);
        case PriceColumn: return tr("%1/h").arg(CostText::usd(r.perHour));
        case IdleColumn:
            if (r.idleSinceMs > 0)
                return tr("idle for %1").arg(DurationText::of(m_refreshedMs - r.idleSinceMs));
            return r.idleSeconds > 0 ? tr("%1 idle in all").arg(DurationText::of(qint64(r.idleSeconds * 1000))) : QString();
        }
        break;
    default: break;
    }
    return {};
}

QVariant DeviceTelemetryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case DeviceColumn: return tr("Device");
    case BusyColumn: return tr("Busy");
    case MemoryColumn: return tr("Memory");
    case PowerColumn: return tr("Power");
    case TemperatureColumn: return tr("Temp.");
    case ClocksColumn: return tr("SM / memory clock");
    case ProcessesColumn: return tr("Processes");
    case WorkersColumn: return tr("Keel workers");
    case PriceColumn: return tr("Price");
    case IdleColumn: return tr("Idle while held");
    }
    return {};
}

} // namespace keel
