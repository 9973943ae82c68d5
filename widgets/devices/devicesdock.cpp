#include "widgets/devices/devicesdock.h"

#include "compute/telemetry.h"
#include "core/clock.h"
#include "compute/jobhistory.h"
#include "eval/costsummary.h"
#include "models/costsummarymodel.h"
#include "models/costtext.h"
#include "models/enginetext.h"
#include "models/modelhost.h"
#include "models/devicetelemetrymodel.h"
#include "models/session.h"
#include "store/workspace.h"
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
#include <QTabWidget>
#include <QTimer>
#include <QValueAxis>
#include <QVBoxLayout>

namespace keel {
namespace {

// A table of figures: whole rows selected one at a time, columns as wide as their contents but
// `stretch` (-1: none), which takes the rest.
QTableView *readOnlyTable(QSplitter *split, const QString &name, QAbstractItemModel *model, int stretch)
{
    auto *view = new QTableView(split);
    view->setObjectName(name);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setShowGrid(false);
    view->verticalHeader()->hide();
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setWordWrap(false);
    view->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    if (stretch >= 0)
        view->horizontalHeader()->setSectionResizeMode(stretch, QHeaderView::Stretch);
    split->addWidget(view);
    return view;
}

} // namespace

DevicesDock::DevicesDock(Session &session, DeviceTelemetryModel *model, QWidget *parent)
    : QDockWidget(tr("Devices"), parent), m_session(session), m_model(model)
{
    setObjectName(QStringLiteral("devicesDock"));
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("devicesTabs"));
    m_tabs->setDocumentMode(true);
    auto *body = new QWidget(m_tabs);
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
    // Every column as wide as it needs (the device's name in full); a narrow dock scrolls sideways.
    m_view = readOnlyTable(split, QStringLiteral("devicesView"), model, -1);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_chart = new QChartView(split);
    m_chart->setObjectName(QStringLiteral("telemetryChart"));
    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->setMinimumWidth(320);
    split->addWidget(m_chart);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    m_tabs->addTab(body, tr("Telemetry"));

    // Costs: the workspace's days and experiments (eval::costSummary, as `keel costs` prints it).
    auto *costs = new QWidget(m_tabs);
    auto *costLayout = new QVBoxLayout(costs);
    costLayout->setContentsMargins(6, 4, 6, 6);
    costLayout->setSpacing(4);
    auto *costBar = new QHBoxLayout;
    m_costTotal = new QLabel(costs);
    m_costTotal->setObjectName(QStringLiteral("costTotal"));
    m_costTotal->setWordWrap(true);
    m_costRange = new QComboBox(costs);
    m_costRange->setObjectName(QStringLiteral("costRange"));
    m_costRange->addItem(tr("Last 7 days"), 7);
    m_costRange->addItem(tr("Last 30 days"), 30);
    m_costRange->addItem(tr("Last 90 days"), 90);
    m_costRange->setCurrentIndex(1);
    costBar->addWidget(m_costTotal, 1);
    costBar->addWidget(m_costRange);
    costLayout->addLayout(costBar);
    auto *costSplit = new QSplitter(Qt::Horizontal, costs);
    m_costDaysModel = new CostSummaryModel(CostSummaryModel::Kind::Days, this);
    m_costExperimentsModel = new CostSummaryModel(CostSummaryModel::Kind::Experiments, this);
    m_costDays = readOnlyTable(costSplit, QStringLiteral("costDaysView"), m_costDaysModel, -1); // figures stay beside their day
    m_costExperiments = readOnlyTable(costSplit, QStringLiteral("costExperimentsView"), m_costExperimentsModel, CostSummaryModel::ExperimentColumn);
    costSplit->setStretchFactor(0, 3);
    costSplit->setStretchFactor(1, 2);
    costLayout->addWidget(costSplit, 1);
    m_tabs->addTab(costs, tr("Costs"));
    setWidget(m_tabs);
    m_costTimer = new QTimer(this);
    m_costTimer->setSingleShot(true);
    m_costTimer->setInterval(1000);
    connect(m_costTimer, &QTimer::timeout, this, &DevicesDock::refreshCosts);
    connect(m_costRange, &QComboBox::currentIndexChanged, this, &DevicesDock::refreshCosts);
    const auto shown = [this] {
        if (m_costsStale && isVisible() && m_tabs->currentIndex() == 1)
            refreshCosts();
    };
    connect(m_tabs, &QTabWidget::currentChanged, this, shown);
    connect(this, &QDockWidget::visibilityChanged, this, shown);
    connect(&m_session, &Session::workspaceChanged, this, &DevicesDock::refreshCosts);
    connect(&m_session, &Session::trackingChanged, this, &DevicesDock::costsChanged);

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
    refreshCosts();
}

void DevicesDock::costsChanged()
{
    m_costsStale = true;
    if (!isVisible() || m_tabs->currentIndex() != 1)
        return; // read when the tab is shown
    if (!m_costTimer->isActive())
        m_costTimer->start();
}

void DevicesDock::refreshCosts()
{
    m_costTimer->stop();
    m_costsStale = false;
    const int days = m_costRange->currentData().toInt();
    eval::CostSummary summary;
    if (!m_session.hasWorkspace()) {
        m_costTotal->setText(tr("Open a workspace to see what its jobs, runs and evals cost."));
    } else {
        try {
            if (m_session.history())
                m_session.history()->flush(); // what finished is written before it is read
            summary = eval::costSummary(m_session.workspace()->db(), nowMs() - qint64(days) * 86'400'000);
            if (summary.days.empty() && summary.experiments.empty())
                m_costTotal->setText(tr("Nothing that costs anything has run in the last %n day(s).", nullptr, days));
            else
                m_costTotal->setText(tr("The last %n day(s): %1 in all, of which %2 device time (%3 GPU hours; jobs: %4) and %5 hosted APIs. "
                                        "Per experiment: what its runs logged as cost_usd, over all time.",
                                        nullptr, days)
                                         .arg(CostText::usd(summary.total.totalUsd()), CostText::usd(summary.total.jobs.costUsd),
                                              CostSummaryModel::hours(summary.total.jobs.gpuSeconds))
                                         .arg(summary.total.jobs.jobs)
                                         .arg(CostText::usd(summary.total.hostedUsd)));
        } catch (const std::exception &e) {
            m_costTotal->setText(tr("The costs could not be read: %1").arg(EngineText::error(e)));
        }
    }
    m_costDaysModel->setSummary(summary);
    m_costExperimentsModel->setSummary(summary);
}

void DevicesDock::editPrices()
{
    const auto minutes = &ModelHost::idleUnloadMinutes;
    PricesDialog dialog(m_session.prices(), {m_model->alertMinutes(), minutes(true), minutes(false)}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_session.setPrices(dialog.prices());
    const PricesDialog::Idle idle = dialog.idle();
    m_model->setAlertMinutes(idle.alertMinutes);
    if (idle.unloadGpuMinutes != minutes(true))
        ModelHost::setIdleUnloadSeconds(true, idle.unloadGpuMinutes * 60);
    if (idle.unloadCpuMinutes != minutes(false))
        ModelHost::setIdleUnloadSeconds(false, idle.unloadCpuMinutes * 60);
    Q_EMIT idleUnloadChanged();
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
