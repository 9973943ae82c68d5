#include "widgets/pipeline/pipelineview.h"

#include "models/pipelinegraphmodel.h"
#include "models/pipelinerunner.h"
#include "models/pipelinerunsmodel.h"
#include "models/session.h"
#include "widgets/pipeline/pipelinescene.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QWheelEvent>

namespace keel {

namespace {

// Below this the nodes' text is too small to read.
constexpr qreal kReadableScale = 0.8;

// Wheel zooms, dragging pans: the way node editors move around a graph.
class GraphView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;

protected:
    void wheelEvent(QWheelEvent *e) override
    {
        const qreal f = e->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(f, f);
    }
};

} // namespace

PipelineView::PipelineView(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new PipelineGraphModel(this))
    , m_runner(new PipelineRunner(session, this))
    , m_runs(new PipelineRunsModel(session, this))
{
    setObjectName(QStringLiteral("pipelinesArea"));
    m_scene = new PipelineScene(m_model, this);

    auto *open = new QPushButton(tr("Open…"), this);
    open->setObjectName(QStringLiteral("pipelineOpen"));
    m_run = new QPushButton(tr("Run"), this);
    m_run->setObjectName(QStringLiteral("pipelineRun"));
    m_run->setToolTip(tr("Run the pipeline; nodes whose inputs and params did not change take their outputs from the cache"));
    m_runAgain = new QPushButton(tr("Run without cache"), this);
    m_runAgain->setToolTip(tr("Run every node again"));
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("pipelineCancel"));
    auto *fit = new QPushButton(tr("Fit"), this);
    fit->setToolTip(tr("Fit the whole graph in view (the wheel zooms, dragging pans)"));
    m_file = new QLabel(this);
    m_file->setObjectName(QStringLiteral("pipelineFile"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *bar = new QHBoxLayout;
    bar->addWidget(open);
    bar->addWidget(m_file, 1);
    bar->addWidget(m_run);
    bar->addWidget(m_runAgain);
    bar->addWidget(m_cancel);
    bar->addWidget(fit);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("pipelineStatus"));
    m_status->setWordWrap(true);
    auto *notice = new QLabel(tr("Editing on the canvas (drag nodes from a palette, connect ports, undo) is not built yet: "
                                 "edit the pipeline's YAML file and open it again, or run it headless with keel pipeline run FILE."),
                              this);
    notice->setObjectName(QStringLiteral("pipelineNotice"));
    notice->setWordWrap(true);
    notice->setStyleSheet(QStringLiteral("color: palette(mid);"));

    m_view = new GraphView(m_scene, this);
    m_view->setObjectName(QStringLiteral("pipelineCanvas"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::ScrollHandDrag);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    m_inspector = new QTextBrowser(this);
    m_inspector->setObjectName(QStringLiteral("pipelineInspector"));
    m_inspector->setOpenLinks(false);
    m_runsTable = new QTableView(this);
    m_runsTable->setObjectName(QStringLiteral("pipelineRuns"));
    m_runsTable->setModel(m_runs);
    m_runsTable->verticalHeader()->hide();
    m_runsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runsTable->horizontalHeader()->setStretchLastSection(true);
    m_runsTable->setWordWrap(false);
    m_runsTable->verticalHeader()->setDefaultSectionSize(m_runsTable->fontMetrics().height() + 10);
    m_runsTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_runsTable->setToolTip(tr("Double-click a run to open its pipeline file"));

    auto *side = new QSplitter(Qt::Horizontal, this);
    side->addWidget(m_view);
    side->addWidget(m_inspector);
    side->setStretchFactor(0, 3);
    side->setStretchFactor(1, 1);
    side->setSizes({960, 300});
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(side);
    vertical->addWidget(m_runsTable);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({600, 150});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(vertical, 1);
    layout->addWidget(notice);

    connect(open, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a pipeline file"), QString(), tr("Pipelines (*.yaml *.yml);;All files (*)"));
        if (!file.isEmpty())
            openFile(file.toStdString());
    });
    connect(m_run, &QPushButton::clicked, this, [this] { run(true); });
    connect(m_runAgain, &QPushButton::clicked, this, [this] { run(false); });
    connect(m_cancel, &QPushButton::clicked, this, &PipelineView::cancel);
    connect(fit, &QPushButton::clicked, this, [this] { m_view->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio); });
    connect(m_scene, &PipelineScene::nodeSelected, this, &PipelineView::showNode);
    connect(m_runner, &PipelineRunner::nodeChanged, this, [this](const QString &node, const pipeline::NodeStatus &status) {
        m_model->setStatus(node, status);
        if (node == m_selected)
            showNode(node);
    });
    connect(m_runner, &PipelineRunner::finished, this, [this](std::shared_ptr<const pipeline::RunResult> r) {
        m_model->setOutputs(r->outputs);
        int cached = 0;
        for (const auto &[id, s] : r->nodes)
            cached += s.state == pipeline::NodeState::Cached ? 1 : 0;
        m_status->setText(r->succeeded ? tr("Succeeded in %1 s · %n node(s) from the cache", nullptr, cached).arg(r->seconds, 0, 'f', 2)
                          : r->cancelled ? tr("Cancelled")
                                         : tr("Failed at node %1: %2").arg(QString::fromStdString(r->failedNode),
                                                                          QString::fromStdString(r->nodes.at(r->failedNode).message)));
        m_runs->reload();
        m_runsTable->resizeColumnsToContents();
        updateButtons();
        if (!m_selected.isEmpty())
            showNode(m_selected);
        Q_EMIT m_session.trackingChanged(); // the run and its child runs are new in Experiments
    });
    connect(m_runner, &PipelineRunner::failed, this, [this](const QString &message) {
        m_status->setText(message);
        updateButtons();
    });
    connect(m_runsTable, &QTableView::doubleClicked, this, [this](const QModelIndex &i) {
        openFile(i.data(PipelineRunsModel::FileRole).toString().toStdString());
    });
    connect(&m_session, &Session::workspaceChanged, this, &PipelineView::workspaceChanged);
    workspaceChanged();
}

PipelineView::~PipelineView()
{
    // The scene goes first: taking its items down emits selectionChanged, whose handler reads
    // the model, which would otherwise be gone already (it was created first).
    m_scene->blockSignals(true);
    delete m_scene;
}

void PipelineView::workspaceChanged()
{
    m_runs->reload();
    m_runsTable->resizeColumnsToContents();
    // The pipeline run last, when its file is still there.
    if (m_model->file().empty())
        for (int r = 0; r < m_runs->rowCount(); ++r) {
            const QString file = m_runs->index(r, 0).data(PipelineRunsModel::FileRole).toString();
            if (!file.isEmpty() && QFileInfo::exists(file)) {
                openFile(file.toStdString());
                break;
            }
        }
    if (m_model->file().empty()) {
        m_file->setText(tr("No pipeline open"));
        m_status->setText(tr("Open a pipeline file (YAML). The demo pipeline is resources/demo/breast-cancer/breast-cancer.yaml in Keel's folder."));
    }
    updateButtons();
}

bool PipelineView::openFile(const std::filesystem::path &file)
{
    const QString error = m_model->load(file);
    if (!error.isEmpty()) {
        m_status->setText(error);
        updateButtons();
        return false;
    }
    m_file->setText(QString::fromStdString(file.string()));
    const auto &problems = m_model->problems();
    if (problems.empty()) {
        m_status->setText(tr("%1: %n node(s), ready to run", nullptr, int(m_model->graph().nodes.size())).arg(QString::fromStdString(m_model->graph().name)));
    } else {
        QStringList lines;
        for (const auto &p : problems)
            lines << QString::fromStdString(p.text(file.filename().string())).toHtmlEscaped();
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(lines.join(QStringLiteral("<br>"))));
    }
    m_selected.clear();
    m_inspector->setHtml(tr("<p>Select a node to see its params, its state and log, and its metrics.</p>"));
    // The whole graph when it fits at a readable size; else its start at that size (Fit shows all).
    m_view->resetTransform();
    m_view->fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    if (m_view->transform().m11() < kReadableScale) {
        m_view->resetTransform();
        m_view->scale(kReadableScale, kReadableScale);
        m_view->centerOn(m_scene->sceneRect().left() + m_view->viewport()->width() / (2 * kReadableScale), m_scene->sceneRect().center().y());
    }
    updateButtons();
    return true;
}

void PipelineView::run(bool useCache)
{
    if (!m_model->isValid() || m_runner->isRunning())
        return;
    m_model->resetStates();
    if (m_runner->start(m_model->graph(), m_model->file(), useCache))
        m_status->setText(tr("Running %1…").arg(QString::fromStdString(m_model->graph().name)));
    updateButtons();
}

void PipelineView::cancel()
{
    m_runner->cancel();
    m_status->setText(tr("Cancelling…"));
}

void PipelineView::updateButtons()
{
    const bool running = m_runner->isRunning();
    m_run->setEnabled(m_model->isValid() && !running);
    m_runAgain->setEnabled(m_model->isValid() && !running);
    m_cancel->setEnabled(running);
}

void PipelineView::showNode(const QString &id)
{
    m_selected = id;
    const int row = m_model->rowOf(id);
    if (row < 0) {
        m_inspector->setHtml(tr("<p>Select a node to see its params, its state and log, and its metrics.</p>"));
        return;
    }
    const QModelIndex i = m_model->index(row);
    QString html = QStringLiteral("<h3>%1</h3><p><b>%2</b> · %3</p><p>%4</p>")
                       .arg(id.toHtmlEscaped(), i.data(PipelineGraphModel::TitleRole).toString().toHtmlEscaped(),
                            i.data(PipelineGraphModel::StateTextRole).toString(), i.data(PipelineGraphModel::DescriptionRole).toString().toHtmlEscaped());
    for (const QString &p : i.data(PipelineGraphModel::ProblemsRole).toStringList())
        html += QStringLiteral("<p style='color:#b3261e'>%1</p>").arg(p.toHtmlEscaped());
    const QString params = i.data(PipelineGraphModel::ParamsRole).toString();
    html += QStringLiteral("<h4>%1</h4><pre>%2</pre>").arg(tr("Params"), params.isEmpty() ? tr("(defaults)") : params.toHtmlEscaped());
    const QString message = i.data(PipelineGraphModel::MessageRole).toString();
    if (!message.isEmpty())
        html += QStringLiteral("<h4>%1</h4><p>%2</p>").arg(tr("Message"), message.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
    const QVariantMap metrics = i.data(PipelineGraphModel::MetricsRole).toMap();
    if (!metrics.isEmpty()) {
        html += QStringLiteral("<h4>%1</h4><table>").arg(tr("Metrics"));
        for (auto it = metrics.begin(); it != metrics.end(); ++it)
            html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td></tr>").arg(it.key().toHtmlEscaped()).arg(it.value().toDouble(), 0, 'g', 6);
        html += QStringLiteral("</table>");
    }
    const QStringList log = i.data(PipelineGraphModel::LogRole).toStringList();
    if (!log.isEmpty())
        html += QStringLiteral("<h4>%1</h4><pre style='white-space: pre-wrap'>%2</pre>").arg(tr("Log"), log.join(QLatin1Char('\n')).toHtmlEscaped());
    m_inspector->setHtml(html);
}

} // namespace keel
