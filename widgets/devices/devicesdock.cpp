#include "widgets/devices/devicesdock.h"

#include "compute/telemetry.h"
#include "core/clock.h"
#include "models/costtext.h"
#include "models/devicetelemetrymodel.h"
#include "models/session.h"
#include "tracking/downsample.h"
#include "widgets/devices/pricesdialog.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

namespace keel {

DevicesDock::DevicesDock(Session &session, DeviceTelemetryModel *model, QWidget *parent)
    : QDockWidget(tr("Devices"), parent), m_session(session), m_model(model)
{
    setObjectName(QStringLiteral("devicesDock"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(6, 4, 6, 6);
    layout->setSpacing(4);

    auto *bar = new QHBoxLayout;
    m_summary = new QLabel(body);
    m_summary->setObjectName(QStringLiteral("devicesSummary"));
    m_summary->setWordWrap(true);
    m_range = new QComboBox(body);
    m_range->setObjectName(QStringLiteral("telemetryRange"));
    m_range->addItem(tr("Last 10 minutes"), 10 * 60);
    m_range->addItem(tr("Last hour"), 3600);
    m_range->addItem(tr("Last 24 hours"), 24 * 3600);
    auto *prices = new QPushButton(tr("Prices…"), body);
    prices->setObjectName(QStringLiteral("pricesButton"));
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_range);
    bar->addWidget(prices);
    layout->addLayout(bar);
    m_alerts = new QLabel(body);
    m_alerts->setObjectName(QStringLiteral("idleAlerts"));
    m_alerts->setWordWrap(true);
    m_alerts->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; font-weight: 600; }"));
    layout->addWidget(m_alerts);

    auto *split = new QSplitter(Qt::Horizontal, body);
    m_view = new QTableView(split);
    m_view->setObjectName(QStringLiteral("devicesView"));
    m_view->setModel(model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->verticalHeader()->hide();
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setWordWrap(false);
    m_view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(DeviceTelemetryModel::DeviceColumn, QHeaderView::Stretch);
    m_chart = new QChartView(split);
    m_chart->setObjectName(QStringLiteral("telemetryChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumWidth(320);
    split->addWidget(m_view);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(model, &DeviceTelemetryModel::refreshed, this, [this] {
        updateSummary();
        if (isVisible())
            updateChart();
    });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0)
            m_view->selectRow(0);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DevicesDock::updateChart);
    connect(m_range, &QComboBox::currentIndexChanged, this, &DevicesDock::updateChart);
    connect(prices, &QPushButton::clicked, this, &DevicesDock::editPrices);
    if (m_model->rowCount() > 0)
        m_view->selectRow(0);
    updateSummary();
    updateChart();
}

void DevicesDock::editPrices()
{
    PricesDialog dialog(m_session.prices(), m_model->alertMinutes(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session.setPrices(dialog.prices());
    m_model->setAlertMinutes(dialog.alertMinutes());
}

int DevicesDock::selectedDevice() const
{
    const QModelIndex current = m_view->currentIndex();
    if (current.isValid())
        return current.data(DeviceTelemetryModel::DeviceIndexRole).toInt();
    return m_model->rowCount() > 0 ? m_model->index(0, 0).data(DeviceTelemetryModel::DeviceIndexRole).toInt() : -1;
}

void DevicesDock::updateSummary()
{
    const QString reason = m_model->unavailableReason();
    const compute::Prices &p = m_session.prices();
    if (!reason.isEmpty()) {
        m_summary->setText(tr("%1. Jobs run on the CPU at %2 a core-hour%3.")
                               .arg(reason, CostText::usd(p.cpuHour()), p.spot ? tr(" (spot)") : QString()));
    } else {
        const double idleHours = m_model->idleHours();
        m_summary->setText(tr("%n GPU device(s), sampled every second. Idle while held: %1 h, %2 at the current prices%3.", nullptr,
                              m_model->rowCount())
                               .arg(idleHours, 0, 'f', 2)
                               .arg(CostText::usd(m_model->idleCost()))
                               .arg(p.spot ? tr(" (spot)") : QString()));
    }
    const QStringList alerts = m_model->idleAlerts();
    m_alerts->setVisible(!alerts.isEmpty());
    m_alerts->setText(alerts.join(QLatin1Char('\n')));
}

void DevicesDock::updateChart()
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignTop);
    const int device = selectedDevice();
    const qint64 span = qint64(m_range->currentData().toInt()) * 1000;
    const qint64 now = nowMs();
    if (device < 0) {
        chart->legend()->hide();
        chart->setTitle(tr("No GPU telemetry to chart"));
    } else {
        auto *busy = new QLineSeries;
        busy->setName(tr("busy %"));
        auto *memory = new QLineSeries;
        memory->setName(tr("memory used %"));
        // A day is 86,400 readings: drawn as the lowest and highest per pixel, so every spike shows.
        std::vector<tracking::MetricPoint> busyPoints, memoryPoints;
        for (const compute::TelemetryPoint &p : m_session.telemetry().points(device, now - span)) {
            if (p.utilisationPercent >= 0)
                busyPoints.push_back({p.timeMs, p.timeMs, double(p.utilisationPercent)});
            if (p.memoryTotal > 0)
                memoryPoints.push_back({p.timeMs, p.timeMs, 100.0 * double(p.memoryUsed) / double(p.memoryTotal)});
        }
        const bool reportsBusy = !busyPoints.empty();
        const std::size_t maxPoints = std::size_t(qMax(200, m_chart->width() * 2));
        const auto fill = [maxPoints](QLineSeries *series, const std::vector<tracking::MetricPoint> &points) {
            QList<QPointF> drawn;
            for (const tracking::MetricPoint &p : tracking::downsampleMinMax(points, maxPoints))
                drawn.append(QPointF(double(p.step), p.value));
            series->replace(drawn);
        };
        fill(busy, busyPoints);
        fill(memory, memoryPoints);
        auto *x = new QDateTimeAxis;
        x->setFormat(span > 3 * 3600 * 1000 ? QStringLiteral("HH:mm") : QStringLiteral("HH:mm:ss"));
        x->setRange(QDateTime::fromMSecsSinceEpoch(now - span), QDateTime::fromMSecsSinceEpoch(now));
        x->setTickCount(5);
        auto *y = new QValueAxis;
        y->setRange(0, 100);
        y->setLabelFormat(QStringLiteral("%d"));
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        for (QLineSeries *s : {busy, memory}) {
            if (s == busy && !reportsBusy) {
                delete s;
                continue;
            }
            chart->addSeries(s);
            s->attachAxis(x);
            s->attachAxis(y);
        }
        const QModelIndex row = m_view->currentIndex().isValid() ? m_view->currentIndex() : m_model->index(0, 0);
        chart->setTitle(m_model->index(row.row(), DeviceTelemetryModel::DeviceColumn).data().toString());
    }
    QChart *old = m_chart->chart();
    m_chart->setChart(chart);
    delete old;
}

} // namespace keel
