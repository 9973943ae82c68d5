#include "widgets/models/servingview.h"

#include "models/chartscale.h"
#include "models/servingmodel.h"
#include "models/session.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QFileDialog>
#include <QFileInfo>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace keel {

namespace {

QChartView *emptyChart(const QString &title, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(180);
    return view;
}

// Two series over time, each on a value axis of its own (left and right), scaled by the
// charts' one scale rule from their finite values.
void drawTwo(QChartView *view, const QString &leftName, const std::vector<QPointF> &left, const QString &rightName, const std::vector<QPointF> &right)
{
    QChart *chart = view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis *axis : chart->axes())
        chart->removeAxis(axis);
    auto *time = new QValueAxis;
    time->setTitleText(ServingView::tr("seconds"));
    time->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(time, Qt::AlignBottom);
    std::vector<double> ts;
    for (const auto *points : {&left, &right})
        for (const QPointF &p : *points)
            ts.push_back(p.x());
    const ChartScale span = chooseSpan(ts);
    time->setRange(span.lo, span.hi);
    time->setLabelFormat(span.hi - span.lo < 10 ? QStringLiteral("%.1f") : QStringLiteral("%.0f"));
    auto add = [&](const QString &name, const std::vector<QPointF> &points, Qt::Alignment side) {
        auto *series = new QLineSeries;
        series->setName(name);
        std::vector<double> ys;
        for (const QPointF &p : points)
            if (std::isfinite(p.y())) {
                series->append(p);
                ys.push_back(p.y());
            }
        chart->addSeries(series);
        auto *axis = new QValueAxis;
        axis->setTitleText(name);
        ys.push_back(0.0); // rates and latencies start from zero
        // Every value in range: a latency spike is what these charts are for.
        const ChartScale scale = chooseScale(ys, false, OutlierMode::ShowAll);
        axis->setRange(scale.lo, scale.drawable ? scale.hi : 1.0);
        axis->setLabelFormat(QStringLiteral("%.3g"));
        chart->addAxis(axis, side);
        series->attachAxis(time);
        series->attachAxis(axis);
    };
    add(leftName, left, Qt::AlignLeft);
    add(rightName, right, Qt::AlignRight);
}

} // namespace

ServingView::ServingView(Session &session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new ServingModel(session, this))
{
    auto *layout = new QVBoxLayout(this);
    auto *form = new QHBoxLayout;
    m_candidates = new QComboBox(this);
    m_candidates->setObjectName(QStringLiteral("servingCandidates"));
    m_candidates->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_candidates->setMinimumContentsLength(24);
    m_candidates->setToolTip(tr("A local model (chat and completions over OpenAI's API, or embeddings) or a registry alias (KServe v2, following the alias)"));
    form->addWidget(m_candidates, 1);
    m_host = new QLabel(tr("on 127.0.0.1, port"), this);
    m_host->setToolTip(tr("The window serves on this machine only; beyond it, run keel serve --host with --api-key-env"));
    form->addWidget(m_host);
    m_port = new QSpinBox(this);
    m_port->setRange(0, 65535);
    m_port->setValue(8080);
    m_port->setToolTip(tr("The port (0: any free one)"));
    form->addWidget(m_port);
    m_start = new QPushButton(tr("Serve"), this);
    m_start->setObjectName(QStringLiteral("servingStart"));
    form->addWidget(m_start);
    layout->addLayout(form);
    m_status = new QLabel(tr("Serve a local model over OpenAI's API, or a registry model over KServe's v2 protocol; clients then use the address below."), this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);

    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    // Every column as wide as what it says, on one line; a narrow pane scrolls sideways
    // rather than squeezing what is served to nothing.
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setMinimumHeight(90);
    layout->addWidget(m_table);
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    m_stop = new QPushButton(tr("Stop"), this);
    m_stop->setToolTip(tr("Stops accepting requests, lets the ones in flight finish, and stops"));
    m_stop->setEnabled(false);
    m_batch = new QPushButton(tr("Run a batch file…"), this);
    m_batch->setObjectName(QStringLiteral("servingBatch"));
    m_batch->setToolTip(tr("Sends every request of an OpenAI Batch API file (JSONL) to the selected server, as keel batch does; resumes a file run before"));
    m_batch->setEnabled(false);
    row->addWidget(m_batch);
    row->addWidget(m_stop);
    layout->addLayout(row);
    m_traffic = emptyChart(tr("Traffic"), this);
    m_generation = emptyChart(tr("Generation"), this);
    auto *charts = new QHBoxLayout;
    charts->addWidget(m_traffic);
    charts->addWidget(m_generation);
    layout->addLayout(charts, 1);
    updateCharts();

    connect(m_start, &QPushButton::clicked, this, [this] { start(m_candidates->currentData().toString(), m_port->value()); });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows();
        m_model->stop(rows.isEmpty() ? 0 : rows.first().row());
        m_stop->setEnabled(m_model->rowCount() > 0);
        m_batch->setEnabled(m_model->rowCount() > 0);
        updateCharts();
    });
    connect(m_batch, &QPushButton::clicked, this, [this] {
        const QString input = QFileDialog::getOpenFileName(this, tr("Batch input"), QString(), tr("OpenAI Batch API files (*.jsonl);;All files (*)"));
        if (input.isEmpty())
            return;
        QString suggested = input;
        suggested.replace(QRegularExpression(QStringLiteral("\\.jsonl$")), QString());
        const QString output = QFileDialog::getSaveFileName(this, tr("Batch results"), suggested + QStringLiteral(".results.jsonl"),
                                                            tr("JSON Lines (*.jsonl)"), nullptr, QFileDialog::DontConfirmOverwrite);
        if (!output.isEmpty())
            runBatch(input, output);
    });
    connect(m_model, &ServingModel::batchFinished, this, [this](const QString &summary) {
        m_batch->setEnabled(m_model->rowCount() > 0);
        m_status->setText(tr("Batch done: %1").arg(summary));
    });
    connect(m_model, &ServingModel::batchFailed, this, [this](const QString &message) {
        m_batch->setEnabled(m_model->rowCount() > 0);
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(tr("The batch failed: %1").arg(message).toHtmlEscaped()));
    });
    connect(m_model, &ServingModel::started, this, [this](const QString &address) {
        m_start->setEnabled(true);
        m_stop->setEnabled(true);
        m_batch->setEnabled(true);
        m_status->setText(tr("Serving on %1 — OpenAI: %1/v1 · KServe v2: %1/v2 · Prometheus: %1/metrics").arg(address));
        m_table->selectRow(m_model->rowCount() - 1);
    });
    connect(m_model, &ServingModel::failed, this, [this](const QString &message) {
        m_start->setEnabled(true);
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(tr("Could not start: %1").arg(message).toHtmlEscaped()));
    });
    connect(m_model, &ServingModel::sampled, this, &ServingView::updateCharts);
    connect(&m_session, &Session::workspaceChanged, this, &ServingView::refreshCandidates);
    refreshCandidates();
}

ServingView::~ServingView() = default;

void ServingView::refreshCandidates()
{
    const QString current = m_candidates->currentData().toString();
    m_candidates->clear();
    for (const auto &[label, spec] : m_model->candidates())
        m_candidates->addItem(label, spec);
    if (const int i = m_candidates->findData(current); i >= 0)
        m_candidates->setCurrentIndex(i);
    m_start->setEnabled(m_candidates->count() > 0);
    if (m_candidates->count() == 0)
        m_status->setText(tr("Nothing to serve yet: fetch a model (scripts/fetch-models.sh) or register one from a pipeline."));
}

void ServingView::start(const QString &spec, int port)
{
    if (spec.isEmpty())
        return;
    m_start->setEnabled(false);
    m_status->setText(tr("Starting %1…").arg(spec));
    m_model->start({spec}, QStringLiteral("127.0.0.1"), port);
}

void ServingView::runBatch(const QString &input, const QString &output)
{
    const auto rows = m_table->selectionModel()->selectedRows();
    m_batch->setEnabled(false);
    m_status->setText(tr("Running the batch %1 (its progress is in Jobs)…").arg(QFileInfo(input).fileName()));
    m_model->runBatch(rows.isEmpty() ? 0 : rows.first().row(), input, output);
}

void ServingView::updateCharts()
{
    const auto rows = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList{};
    const int row = rows.isEmpty() ? (m_model->rowCount() > 0 ? 0 : -1) : rows.first().row();
    std::vector<QPointF> rate, p95, ttft, tps;
    if (row >= 0)
        for (const auto &s : m_model->history(row)) {
            rate.emplace_back(s.t, s.requestsPerSecond);
            p95.emplace_back(s.t, s.p95Ms);
            ttft.emplace_back(s.t, s.ttftMs);
            tps.emplace_back(s.t, s.tokensPerSecond);
        }
    drawTwo(m_traffic, tr("requests/s"), rate, tr("p95 latency (ms)"), p95);
    drawTwo(m_generation, tr("first token, median (ms)"), ttft, tr("tokens/s"), tps);
}

} // namespace keel
