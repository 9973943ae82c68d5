#include "widgets/pipeline/pipelineview.h"

#include "models/enginetext.h"

#include "models/pipelineedits.h"
#include "models/pipelinegraphmodel.h"
#include "models/pipelinerunner.h"
#include "models/pipelinerunsmodel.h"
#include "models/pipelinewatcher.h"
#include "models/session.h"
#include "pipeline/noderegistry.h"
#include "pipeline/pipelinefile.h"
#include "widgets/pipeline/pipelinescene.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QResizeEvent>
#include <QTime>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <functional>

namespace keel {

namespace {

constexpr const char *kNodesMime = "application/x-keel-pipeline-nodes";

// Below this the nodes' text is too small to read.
constexpr qreal kReadableScale = 0.8;

// Wheel zooms, the middle button pans, the left one selects with a rubber band: the way node
// editors move around a graph.
class GraphView : public QGraphicsView {
public:
    using QGraphicsView::QGraphicsView;
    // Frames a newly opened graph again when the canvas changes size (the window is still being
    // laid out when a file opens), until the user zooms or clicks.
    std::function<void()> frame;
    bool framing = false;

protected:
    void resizeEvent(QResizeEvent *e) override
    {
        QGraphicsView::resizeEvent(e);
        if (framing && frame)
            frame();
    }
    void wheelEvent(QWheelEvent *e) override
    {
        framing = false;
        const qreal f = e->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(f, f);
    }
    void mousePressEvent(QMouseEvent *e) override
    {
        framing = false;
        if (e->button() == Qt::MiddleButton) {
            m_panFrom = e->position().toPoint();
            m_panning = true;
            return;
        }
        QGraphicsView::mousePressEvent(e);
    }
    void mouseMoveEvent(QMouseEvent *e) override
    {
        if (m_panning) {
            const QPoint d = e->position().toPoint() - m_panFrom;
            m_panFrom = e->position().toPoint();
            horizontalScrollBar()->setValue(horizontalScrollBar()->value() - d.x());
            verticalScrollBar()->setValue(verticalScrollBar()->value() - d.y());
            return;
        }
        QGraphicsView::mouseMoveEvent(e);
    }
    void mouseReleaseEvent(QMouseEvent *e) override
    {
        if (e->button() == Qt::MiddleButton) {
            m_panning = false;
            return;
        }
        QGraphicsView::mouseReleaseEvent(e);
    }

private:
    bool m_panning = false;
    QPoint m_panFrom;
};

// The palette: node types by category; dragging one carries its id under kNodeTypeMime, as
// Orange's toolbox does.
class PaletteTree : public QTreeWidget {
public:
    using QTreeWidget::QTreeWidget;

protected:
    QStringList mimeTypes() const override { return {QLatin1String(kNodeTypeMime)}; }
    QMimeData *mimeData(const QList<QTreeWidgetItem *> &items) const override
    {
        if (items.isEmpty() || items.first()->data(0, Qt::UserRole).toString().isEmpty())
            return nullptr;
        auto *mime = new QMimeData;
        mime->setData(QLatin1String(kNodeTypeMime), items.first()->data(0, Qt::UserRole).toString().toUtf8());
        return mime;
    }
};

} // namespace

PipelineView::PipelineView(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new PipelineGraphModel(this))
    , m_runner(new PipelineRunner(session, this))
    , m_runs(new PipelineRunsModel(session, this))
    , m_undo(new QUndoStack(this))
    , m_watcher(new PipelineWatcher(this))
{
    setObjectName(QStringLiteral("pipelinesArea"));
    m_scene = new PipelineScene(m_model, this);

    auto button = [this](const QString &text, const char *name, const QString &tip) {
        auto *b = new QPushButton(text, this);
        // Sized to their text: the bar must fit a 1024-pixel window in any language.
        b->setMinimumWidth(0);
        b->setStyleSheet(QStringLiteral("QPushButton { padding: 3px 8px; }"));
        b->setObjectName(QLatin1String(name));
        b->setToolTip(tip);
        return b;
    };
    auto *create = button(tr("New"), "pipelineNew", tr("Start an empty pipeline"));
    auto *open = button(tr("Open…"), "pipelineOpen", tr("Open a pipeline file (YAML)"));
    m_save = button(tr("Save"), "pipelineSave", tr("Save the pipeline to its file (Ctrl+S)"));
    auto *undo = button(tr("Undo"), "pipelineUndo", tr("Undo the last edit (Ctrl+Z)"));
    auto *redo = button(tr("Redo"), "pipelineRedo", tr("Redo (Ctrl+Shift+Z)"));
    m_run = button(tr("Run"), "pipelineRun", tr("Run the pipeline; nodes whose inputs and params did not change take their outputs from the cache"));
    m_runAgain = button(tr("Run all"), "pipelineRunAgain", tr("Run every node again, taking nothing from the cache"));
    m_cancel = button(tr("Cancel"), "pipelineCancel", tr("Stop the run"));
    m_watch = button(tr("Watch triggers"), "pipelineWatch", tr("Run the pipeline when one of its triggers fires (a schedule, new files, drift in new data) while Keel is open"));
    m_watch->setCheckable(true);
    m_file = new QLabel(this);
    m_file->setObjectName(QStringLiteral("pipelineFile"));
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_file->setMinimumWidth(80);
    auto *bar = new QHBoxLayout;
    for (QPushButton *b : {create, open, m_save})
        bar->addWidget(b);
    bar->addSpacing(8);
    bar->addWidget(undo);
    bar->addWidget(redo);
    bar->addSpacing(8);
    bar->addWidget(m_file, 1);
    for (QPushButton *b : {m_run, m_runAgain, m_cancel, m_watch})
        bar->addWidget(b);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("pipelineStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::RichText);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("paletteSearch"));
    m_search->setPlaceholderText(tr("Search node types"));
    m_search->setClearButtonEnabled(true);
    m_palette = new PaletteTree(this);
    m_palette->setObjectName(QStringLiteral("palette"));
    m_palette->setHeaderHidden(true);
    m_palette->setDragEnabled(true);
    m_palette->setDragDropMode(QAbstractItemView::DragOnly);
    m_palette->setToolTip(tr("Drag a node type onto the canvas, or double-click it"));
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_palette, 1);
    left->setMinimumWidth(170);

    m_view = new GraphView(m_scene, this);
    static_cast<GraphView *>(m_view)->frame = [this] { frameGraph(); };
    m_view->setObjectName(QStringLiteral("pipelineCanvas"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setDragMode(QGraphicsView::RubberBandDrag);
    m_view->setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    m_view->setAcceptDrops(true);
    m_view->setFocusPolicy(Qt::StrongFocus);

    m_inspector = new QTextBrowser(this);
    m_inspector->setObjectName(QStringLiteral("pipelineInspector"));
    m_inspector->setOpenLinks(false);
    m_params = new QPlainTextEdit(this);
    m_params->setObjectName(QStringLiteral("paramsEditor"));
    m_params->setPlaceholderText(tr("name: value, one per line"));
    m_params->setMaximumHeight(150);
    m_applyParams = new QPushButton(tr("Apply params"), this);
    m_applyParams->setObjectName(QStringLiteral("applyParams"));
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_inspector, 1);
    rightLayout->addWidget(new QLabel(tr("Params (YAML)"), right));
    rightLayout->addWidget(m_params);
    rightLayout->addWidget(m_applyParams, 0, Qt::AlignRight);

    m_runsTable = new QTableView(this);
    m_runsTable->setObjectName(QStringLiteral("pipelineRuns"));
    m_runsTable->setModel(m_runs);
    m_runsTable->verticalHeader()->hide();
    m_runsTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runsTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_runsTable->horizontalHeader()->setStretchLastSection(true);
    m_runsTable->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_runsTable->setWordWrap(false);
    m_runsTable->verticalHeader()->setDefaultSectionSize(m_runsTable->fontMetrics().height() + 10);
    m_runsTable->setToolTip(tr("Double-click a run to open its pipeline file"));

    auto *side = new QSplitter(Qt::Horizontal, this);
    side->addWidget(left);
    side->addWidget(m_view);
    side->addWidget(right);
    side->setStretchFactor(1, 3);
    side->setStretchFactor(2, 1);
    side->setSizes({190, 800, 290});
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(side);
    vertical->addWidget(m_runsTable);
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({620, 130});
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(vertical, 1);

    fillPalette({});
    connect(m_search, &QLineEdit::textChanged, this, &PipelineView::fillPalette);
    connect(m_palette, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const QString type = item->data(0, Qt::UserRole).toString();
        if (!type.isEmpty())
            addNode(type, m_view->mapToScene(m_view->viewport()->rect().center()));
    });
    connect(create, &QPushButton::clicked, this, &PipelineView::newPipeline);
    connect(open, &QPushButton::clicked, this, [this] {
        if (!confirmDiscard())
            return;
        const QString file = QFileDialog::getOpenFileName(this, tr("Open a pipeline file"), QString(), tr("Pipelines (*.yaml *.yml);;All files (*)"));
        if (!file.isEmpty())
            openFile(file.toStdString());
    });
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(undo, &QPushButton::clicked, m_undo, &QUndoStack::undo);
    connect(redo, &QPushButton::clicked, m_undo, &QUndoStack::redo);
    connect(m_undo, &QUndoStack::canUndoChanged, undo, &QPushButton::setEnabled);
    connect(m_undo, &QUndoStack::canRedoChanged, redo, &QPushButton::setEnabled);
    undo->setEnabled(false);
    redo->setEnabled(false);
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *a = new QAction(this);
        a->setShortcut(keys);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        addAction(a);
    };
    shortcut(QKeySequence::Undo, [this] { m_undo->undo(); });
    shortcut(QKeySequence::Redo, [this] { m_undo->redo(); });
    shortcut(QKeySequence::Save, [this] { save(); });
    auto *remove = new QAction(tr("Delete"), m_view);
    remove->setShortcuts({QKeySequence::Delete, QKeySequence(Qt::Key_Backspace)});
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &PipelineView::deleteSelection);
    m_view->addAction(remove);
    auto *copy = new QAction(tr("Copy"), m_view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &PipelineView::copySelection);
    auto *pasteAction = new QAction(tr("Paste"), m_view);
    pasteAction->setShortcut(QKeySequence::Paste);
    pasteAction->setShortcutContext(Qt::WidgetShortcut);
    connect(pasteAction, &QAction::triggered, this, [this] { paste(); });
    auto *arrangeAction = new QAction(tr("Arrange left to right"), m_view);
    arrangeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    arrangeAction->setShortcutContext(Qt::WidgetShortcut);
    connect(arrangeAction, &QAction::triggered, this, &PipelineView::arrange);
    auto *fitAction = new QAction(tr("Fit in view"), m_view);
    connect(fitAction, &QAction::triggered, this, [this] { m_view->fitInView(m_scene->itemsBoundingRect(), Qt::KeepAspectRatio); });
    // The canvas's context menu: what can be done to the selection and the graph.
    m_view->insertActions(remove, {copy, pasteAction});
    m_view->addAction(arrangeAction);
    m_view->addAction(fitAction);
    m_view->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_run, &QPushButton::clicked, this, [this] { run(true); });
    connect(m_runAgain, &QPushButton::clicked, this, [this] { run(false); });
    connect(m_cancel, &QPushButton::clicked, this, &PipelineView::cancel);
    connect(m_watch, &QPushButton::toggled, this, [this](bool on) {
        if (on != m_watcher->isWatching())
            setWatching(on);
    });
    connect(m_watcher, &PipelineWatcher::triggered, this, [this](const QString &kind, const QString &reason) {
        m_lastTrigger = tr("last trigger: %1 at %2 (%3)").arg(kind, QTime::currentTime().toString(QStringLiteral("HH:mm")), reason);
        if (!m_runner->isRunning() && m_model->isValid() && !m_model->isDirty()) {
            m_model->resetStates();
            m_runner->start(m_model->graph(), m_model->file(), true, kind.toStdString(), reason.toStdString());
            m_status->setText(tr("Running %1…").arg(QString::fromStdString(m_model->graph().name).toHtmlEscaped()) + QStringLiteral(" · ") +
                              m_lastTrigger.toHtmlEscaped());
            updateButtons();
        }
    });
    connect(m_watcher, &PipelineWatcher::pollFailed, this, [this](const QString &message) { m_status->setText(message.toHtmlEscaped()); });
    connect(m_inspector, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const QString target = url.toString().section(QLatin1Char(':'), 1);
        if (url.scheme() == QLatin1String("run"))
            Q_EMIT openRun(target);
        else if (url.scheme() == QLatin1String("version"))
            Q_EMIT openVersion(target.section(QLatin1Char('/'), 0, -2), target.section(QLatin1Char('/'), -1).toInt());
    });
    connect(m_applyParams, &QPushButton::clicked, this, [this] { applyParams(m_params->toPlainText()); });
    connect(m_scene, &PipelineScene::nodeSelected, this, &PipelineView::showNode);
    connect(m_scene, &PipelineScene::nodeDropped, this, [this](const QString &type, QPointF at) { addNode(type, at); });
    connect(m_scene, &PipelineScene::nodeMoved, this, [this](const QString &id, QPointF from, QPointF to) {
        m_undo->push(new MoveNodeCommand(m_model, id, from, to));
    });
    connect(m_scene, &PipelineScene::connectRequested, this, &PipelineView::connectPorts);
    connect(m_scene, &PipelineScene::linkDroppedOnCanvas, this, &PipelineView::offerNodesFor);
    connect(m_model, &PipelineGraphModel::graphChanged, this, [this] {
        updateButtons();
        if (!m_selected.isEmpty())
            showNode(m_selected);
    });
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
        m_status->setText((r->succeeded ? tr("Succeeded in %1 s · %n node(s) from the cache", nullptr, cached).arg(r->seconds, 0, 'f', 2)
                           : r->cancelled ? tr("Cancelled")
                                          : tr("Failed at node %1: %2").arg(QString::fromStdString(r->failedNode),
                                                                           QString::fromStdString(r->nodes.at(r->failedNode).message).toHtmlEscaped())) +
                          (m_watcher->isWatching() && !m_lastTrigger.isEmpty() ? QStringLiteral(" · ") + m_lastTrigger.toHtmlEscaped() : QString()));
        m_runs->reload();
        m_runsTable->resizeColumnsToContents();
        updateButtons();
        if (!m_selected.isEmpty())
            showNode(m_selected);
        Q_EMIT m_session.trackingChanged(); // the run and its child runs are new in Experiments
    });
    connect(m_runner, &PipelineRunner::failed, this, [this](const QString &message) {
        m_status->setText(message.toHtmlEscaped());
        updateButtons();
    });
    connect(m_runsTable, &QTableView::doubleClicked, this, [this](const QModelIndex &i) {
        if (confirmDiscard())
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

void PipelineView::fillPalette(const QString &filter)
{
    m_palette->clear();
    QMap<QString, QTreeWidgetItem *> categories;
    for (const pipeline::NodeType &t : pipeline::NodeRegistry::builtin().types()) {
        // Found by its title or description in the reader's language or in English, or by its id.
        const QString title = EngineText::pipelineText(t.title), description = EngineText::pipelineText(t.description);
        const auto matches = [&](const QString &text) { return text.contains(filter, Qt::CaseInsensitive); };
        if (!filter.isEmpty() && !matches(title) && !matches(description) && !matches(QString::fromStdString(t.title)) &&
            !matches(QString::fromStdString(t.description)) && !matches(QString::fromStdString(t.id)))
            continue;
        const QString category = EngineText::pipelineText(t.category);
        QTreeWidgetItem *&group = categories[category];
        if (!group) {
            group = new QTreeWidgetItem(m_palette, {category});
            group->setFlags(Qt::ItemIsEnabled);
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
        }
        auto *item = new QTreeWidgetItem(group, {title});
        item->setData(0, Qt::UserRole, QString::fromStdString(t.id));
        item->setToolTip(0, description);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
    }
    m_palette->expandAll();
}

void PipelineView::workspaceChanged()
{
    m_runs->reload();
    m_runsTable->resizeColumnsToContents();
    // The pipeline run last, when its file is still there.
    if (m_model->file().empty() && m_model->rowCount() == 0)
        for (int r = 0; r < m_runs->rowCount(); ++r) {
            const QString file = m_runs->index(r, 0).data(PipelineRunsModel::FileRole).toString();
            if (!file.isEmpty() && QFileInfo::exists(file)) {
                openFile(file.toStdString());
                break;
            }
        }
    if (m_model->file().empty() && m_model->rowCount() == 0) {
        m_file->setText(tr("No pipeline open"));
        m_status->setText(tr("Drag node types from the palette onto the canvas to start a pipeline, or open a file. "
                             "The demo pipeline is resources/demo/breast-cancer/breast-cancer.yaml in Keel's folder."));
    }
    updateButtons();
}

bool PipelineView::confirmDiscard()
{
    if (!m_model->isDirty())
        return true;
    return QMessageBox::question(this, tr("Unsaved changes"), tr("The pipeline has changes that are not saved. Discard them?"),
                                 QMessageBox::Discard | QMessageBox::Cancel) == QMessageBox::Discard;
}

void PipelineView::newPipeline()
{
    if (!confirmDiscard())
        return;
    m_model->newGraph("untitled");
    m_undo->clear();
    m_file->setText(tr("untitled (not saved)"));
    m_status->setText(tr("Drag node types from the palette onto the canvas; drag from an output port to an input port to connect them."));
    m_scene->rebuildNow();
    updateButtons();
}

bool PipelineView::openFile(const std::filesystem::path &file)
{
    m_watcher->stop(); // another file's triggers are not this one's
    m_watch->setChecked(false);
    const QString error = m_model->load(file);
    if (!error.isEmpty()) {
        m_status->setText(error.toHtmlEscaped());
        updateButtons();
        return false;
    }
    m_undo->clear();
    m_scene->rebuildNow();
    m_file->setText(QString::fromStdString(file.string()));
    // What its last run here left: each node's light, message and log.
    const QString path = QString::fromStdString(file.string());
    const auto lastRun = m_runs->lastRunOf(path);
    for (const auto &[node, status] : lastRun)
        m_model->setStatus(node, status);
    m_model->setOutputs(m_runs->outputsOf(lastRun));
    const QString last = m_runs->lastRunSummary(path);
    const auto &problems = m_model->problems();
    if (problems.empty()) {
        m_status->setText(tr("%1: %n node(s), ready to run", nullptr, int(m_model->graph().nodes.size())).arg(QString::fromStdString(m_model->graph().name)) +
                          (last.isEmpty() ? QString() : QStringLiteral(" · ") + last.toHtmlEscaped()));
    } else {
        QStringList lines;
        for (const auto &p : problems)
            lines << EngineText::pipelineProblem(p, file.filename().string()).toHtmlEscaped();
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(lines.join(QStringLiteral("<br>"))));
    }
    m_selected.clear();
    m_inspector->setHtml(tr("<p>Select a node to see its params, its state and log, and its metrics.</p>"));
    m_params->clear();
    frameGraph();
    static_cast<GraphView *>(m_view)->framing = true;
    updateButtons();
    return true;
}

void PipelineView::frameGraph()
{
    // The whole graph when it fits at a readable size; else its start at that size (Fit shows all).
    const QRectF items = m_scene->itemsBoundingRect();
    m_view->resetTransform();
    m_view->fitInView(items, Qt::KeepAspectRatio);
    if (m_view->transform().m11() < kReadableScale || m_view->transform().m11() > 1.0) {
        const qreal scale = std::min<qreal>(1.0, std::max(kReadableScale, m_view->transform().m11()));
        m_view->resetTransform();
        m_view->scale(scale, scale);
        const bool tooWide = items.width() * scale > m_view->viewport()->width();
        m_view->centerOn(tooWide ? items.left() - 10 + m_view->viewport()->width() / (2 * scale) : items.center().x(), items.center().y());
    }
}

bool PipelineView::save(const std::filesystem::path &file)
{
    std::filesystem::path target = file;
    if (target.empty() && m_model->file().empty()) {
        const QString chosen = QFileDialog::getSaveFileName(this, tr("Save the pipeline"), QStringLiteral("pipeline.yaml"), tr("Pipelines (*.yaml *.yml)"));
        if (chosen.isEmpty())
            return false;
        target = chosen.toStdString();
    }
    if (const QString error = m_model->save(target); !error.isEmpty()) {
        m_status->setText(error.toHtmlEscaped());
        return false;
    }
    m_undo->setClean();
    m_file->setText(QString::fromStdString(m_model->file().string()));
    m_status->setText(tr("Saved %1").arg(QString::fromStdString(m_model->file().string()).toHtmlEscaped()));
    return true;
}

QString PipelineView::addNode(const QString &type, QPointF at)
{
    const pipeline::NodeType *t = pipeline::NodeRegistry::builtin().find(type.toStdString());
    if (!t)
        return {};
    pipeline::Node node;
    node.id = m_model->uniqueId(type).toStdString();
    node.type = t->id;
    // Its required params start at their defaults, so the form shows what to fill in.
    for (const pipeline::ParamSpec &p : t->params)
        if (p.required)
            node.params[p.name] = p.defaultValue.is_null() ? nlohmann::ordered_json("") : p.defaultValue;
    node.x = at.x() - 100;
    node.y = at.y() - 20;
    m_undo->push(new AddNodeCommand(m_model, node));
    m_scene->rebuildNow();
    if (auto *item = m_scene->nodeItem(QString::fromStdString(node.id))) {
        m_scene->clearSelection();
        item->setSelected(true);
    }
    return QString::fromStdString(node.id);
}

bool PipelineView::connectPorts(const pipeline::Link &link)
{
    if (const QString why = m_model->cannotConnect(link); !why.isEmpty()) {
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(tr("Not connected: %1").arg(why).toHtmlEscaped()));
        return false;
    }
    m_undo->push(new LinkCommand(m_model, link, true));
    m_status->setText(tr("Connected %1.%2 → %3.%4")
                          .arg(QString::fromStdString(link.fromNode), QString::fromStdString(link.fromPort), QString::fromStdString(link.toNode),
                               QString::fromStdString(link.toPort)));
    return true;
}

void PipelineView::offerNodesFor(const QString &fromNode, const QString &fromPort, const QString &type, QPointF at)
{
    // Orange's quick menu: the node types that take what the link carries.
    const QStringList types = m_model->typesAccepting(type);
    Q_EMIT quickMenuShown(types);
    if (types.isEmpty())
        return;
    QMenu menu(this);
    menu.setObjectName(QStringLiteral("quickMenu"));
    for (const QString &id : types) {
        const auto *t = pipeline::NodeRegistry::builtin().find(id.toStdString());
        menu.addAction(EngineText::pipelineText(t->title))->setData(id);
    }
    QAction *chosen = menu.exec(m_view->viewport()->mapToGlobal(m_view->mapFromScene(at)));
    if (!chosen)
        return;
    const QString typeId = chosen->data().toString();
    const auto *t = pipeline::NodeRegistry::builtin().find(typeId.toStdString());
    m_undo->beginMacro(tr("Add %1 and connect it").arg(EngineText::pipelineText(t->title)));
    const QString id = addNode(typeId, at + QPointF(100, 20));
    for (const pipeline::PortSpec &in : t->inputs) {
        const pipeline::Link link{fromNode.toStdString(), fromPort.toStdString(), id.toStdString(), in.name, {}};
        if (m_model->cannotConnect(link).isEmpty()) {
            m_undo->push(new LinkCommand(m_model, link, true));
            break;
        }
    }
    m_undo->endMacro();
}

void PipelineView::deleteSelection()
{
    const QStringList nodes = m_scene->selectedNodes();
    const auto links = m_scene->selectedLinks();
    if (nodes.isEmpty() && links.empty())
        return;
    m_undo->beginMacro(tr("Delete"));
    for (const pipeline::Link &l : links)
        if (!nodes.contains(QString::fromStdString(l.fromNode)) && !nodes.contains(QString::fromStdString(l.toNode)))
            m_undo->push(new LinkCommand(m_model, l, false));
    if (!nodes.isEmpty())
        m_undo->push(new RemoveNodesCommand(m_model, nodes));
    m_undo->endMacro();
    m_selected.clear();
    showNode({});
}

bool PipelineView::setWatching(bool on)
{
    if (!on) {
        m_watcher->stop();
        m_watch->setChecked(false);
        m_status->setText(tr("Not watching triggers"));
        return true;
    }
    if (m_model->graph().triggers.empty() || m_model->file().empty() || m_model->isDirty()) {
        m_watch->setChecked(false);
        m_status->setText(m_model->graph().triggers.empty() ? tr("This pipeline has no triggers (schedule, files or drift) to watch.")
                                                            : tr("Save the pipeline before watching its triggers."));
        return false;
    }
    if (const QString error = m_watcher->start(m_model->graph(), m_model->file()); !error.isEmpty()) {
        m_watch->setChecked(false);
        m_status->setText(error.toHtmlEscaped());
        return false;
    }
    m_watch->setChecked(true);
    QStringList kinds;
    for (const auto &t : m_model->graph().triggers)
        kinds << QString::fromStdString(t.kind + " " + t.value);
    const QString next = m_watcher->nextScheduled();
    m_status->setText(tr("Watching triggers: %1").arg(kinds.join(QStringLiteral(", ")).toHtmlEscaped()) +
                      (next.isEmpty() ? QString() : QStringLiteral(" · ") + next));
    return true;
}

void PipelineView::copySelection()
{
    const QStringList ids = m_scene->selectedNodes();
    if (ids.isEmpty())
        return;
    pipeline::Graph part;
    part.name = m_model->graph().name;
    for (const pipeline::Node &n : m_model->graph().nodes)
        if (ids.contains(QString::fromStdString(n.id)))
            part.nodes.push_back(n);
    for (const pipeline::Link &l : m_model->graph().links)
        if (ids.contains(QString::fromStdString(l.fromNode)) && ids.contains(QString::fromStdString(l.toNode)))
            part.links.push_back(l);
    const std::string yaml = pipeline::formatPipeline(part);
    auto *mime = new QMimeData;
    mime->setData(QLatin1String(kNodesMime), QByteArray::fromStdString(yaml));
    mime->setText(QString::fromStdString(yaml));
    QGuiApplication::clipboard()->setMimeData(mime);
    m_status->setText(tr("Copied %n node(s)", nullptr, int(part.nodes.size())));
}

QStringList PipelineView::paste()
{
    const QMimeData *mime = QGuiApplication::clipboard()->mimeData();
    if (!mime || !mime->hasFormat(QLatin1String(kNodesMime)))
        return {};
    pipeline::Graph part;
    try {
        part = pipeline::parsePipeline(mime->data(QLatin1String(kNodesMime)).toStdString(), "clipboard");
    } catch (const std::exception &e) {
        m_status->setText(EngineText::error(e).toHtmlEscaped());
        return {};
    }
    QStringList added;
    std::map<std::string, std::string> renamed;
    m_undo->beginMacro(tr("Paste %n node(s)", nullptr, int(part.nodes.size())));
    for (pipeline::Node n : part.nodes) {
        const std::string fresh = m_model->uniqueId(QString::fromStdString(n.id)).toStdString();
        renamed[n.id] = fresh;
        n.id = fresh;
        n.x += 40;
        n.y += 40;
        n.pos = {};
        n.paramPos.clear();
        m_undo->push(new AddNodeCommand(m_model, n));
        added << QString::fromStdString(fresh);
    }
    for (pipeline::Link l : part.links) {
        l.fromNode = renamed[l.fromNode];
        l.toNode = renamed[l.toNode];
        m_undo->push(new LinkCommand(m_model, l, true));
    }
    m_undo->endMacro();
    m_scene->rebuildNow();
    m_scene->clearSelection();
    for (const QString &id : added)
        if (auto *item = m_scene->nodeItem(id))
            item->setSelected(true);
    return added;
}

void PipelineView::arrange()
{
    const pipeline::Graph &g = m_model->graph();
    const auto order = g.topologicalOrder();
    if (!order)
        return;
    std::map<std::string, int> layer;
    for (const std::string &id : *order) {
        int l = 0;
        for (const pipeline::Link *in : g.linksInto(id))
            l = std::max(l, layer[in->fromNode] + 1);
        layer[id] = l;
    }
    // Within a column, nodes keep their order from top to bottom.
    std::map<int, std::vector<const pipeline::Node *>> columns;
    for (const pipeline::Node &n : g.nodes)
        columns[layer[n.id]].push_back(&n);
    m_undo->beginMacro(tr("Arrange"));
    for (auto &[column, nodes] : columns) {
        std::stable_sort(nodes.begin(), nodes.end(), [](const pipeline::Node *a, const pipeline::Node *b) { return a->y < b->y; });
        for (std::size_t k = 0; k < nodes.size(); ++k) {
            const QPointF to(240.0 * column, 140.0 * double(k));
            const QPointF from(nodes[k]->x, nodes[k]->y);
            if (from != to)
                m_undo->push(new MoveNodeCommand(m_model, QString::fromStdString(nodes[k]->id), from, to));
        }
    }
    m_undo->endMacro();
    m_view->fitInView(m_scene->itemsBoundingRect(), Qt::KeepAspectRatio);
}

bool PipelineView::applyParams(const QString &yaml)
{
    if (m_selected.isEmpty())
        return false;
    nlohmann::ordered_json params;
    try {
        params = pipeline::parseParams(yaml.toStdString(), m_selected.toStdString());
    } catch (const std::exception &e) {
        m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(EngineText::error(e).toHtmlEscaped()));
        return false;
    }
    const auto *node = m_model->graph().node(m_selected.toStdString());
    if (!node || node->params == params)
        return true;
    m_undo->push(new SetParamsCommand(m_model, m_selected, node->params, params));
    return true;
}

void PipelineView::run(bool useCache)
{
    if (!m_model->isValid() || m_runner->isRunning())
        return;
    // Runs read the file's folder for relative paths: what runs is what is saved.
    if (m_model->isDirty() && !save())
        return;
    m_model->resetStates();
    if (m_runner->start(m_model->graph(), m_model->file(), useCache))
        m_status->setText(tr("Running %1…").arg(QString::fromStdString(m_model->graph().name).toHtmlEscaped()));
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
    const bool runnable = !m_model->graph().nodes.empty() && !pipeline::hasErrors(m_model->problems()) && (!m_model->file().empty() || m_model->isDirty());
    m_run->setEnabled(runnable && !running);
    m_runAgain->setEnabled(runnable && !running);
    m_cancel->setEnabled(running);
    m_save->setEnabled(m_model->isDirty() || (m_model->file().empty() && m_model->rowCount() > 0));
    if (m_model->isDirty() && !m_file->text().endsWith(QLatin1Char('*')))
        m_file->setText(m_file->text() + QStringLiteral(" *"));
    else if (!m_model->isDirty() && m_file->text().endsWith(QStringLiteral(" *")))
        m_file->setText(m_file->text().chopped(2));
    if (m_model->isDirty() && !running) {
        const auto &problems = m_model->problems();
        if (pipeline::hasErrors(problems)) {
            QStringList lines;
            for (const auto &p : problems)
                if (p.severity == pipeline::Problem::Severity::Error)
                    lines << EngineText::pipelineProblem(p).toHtmlEscaped();
            m_status->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(lines.mid(0, 4).join(QStringLiteral("<br>")) +
                                                                                        (lines.size() > 4 ? QStringLiteral("<br>…") : QString())));
        }
    }
}

void PipelineView::showNode(const QString &id)
{
    m_selected = id;
    const int row = m_model->rowOf(id);
    m_params->setEnabled(row >= 0);
    m_applyParams->setEnabled(row >= 0);
    if (row < 0) {
        m_inspector->setHtml(tr("<p>Select a node to see its params, its state and log, and its metrics.</p>"));
        m_params->clear();
        return;
    }
    const QModelIndex i = m_model->index(row);
    QString html = QStringLiteral("<h3>%1</h3><p><b>%2</b> · %3</p><p>%4</p>")
                       .arg(id.toHtmlEscaped(), i.data(PipelineGraphModel::TitleRole).toString().toHtmlEscaped(),
                            i.data(PipelineGraphModel::StateTextRole).toString(), i.data(PipelineGraphModel::DescriptionRole).toString().toHtmlEscaped());
    for (const QString &p : i.data(PipelineGraphModel::ProblemsRole).toStringList())
        html += QStringLiteral("<p style='color:#b3261e'>%1</p>").arg(p.toHtmlEscaped());
    // What the node takes, for the params editor below.
    if (const auto *t = pipeline::NodeRegistry::builtin().find(i.data(PipelineGraphModel::TypeRole).toString().toStdString()); t && !t->params.empty()) {
        html += QStringLiteral("<h4>%1</h4><table>").arg(tr("Takes"));
        for (const auto &p : t->params)
            html += QStringLiteral("<tr><td><code>%1</code>%2</td><td>%3</td></tr>")
                        .arg(QString::fromStdString(p.name), p.required ? QStringLiteral("*") : QString(), EngineText::pipelineText(p.help).toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
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
    for (const QVariant &l : i.data(PipelineGraphModel::LinksRole).toList()) {
        const QVariantMap link = l.toMap();
        html += QStringLiteral("<p>→ <a href='%1:%2'>%3</a></p>")
                    .arg(link.value(QStringLiteral("kind")).toString(), link.value(QStringLiteral("target")).toString().toHtmlEscaped(),
                         link.value(QStringLiteral("label")).toString().toHtmlEscaped());
    }
    for (const QVariant &pv : i.data(PipelineGraphModel::PreviewRole).toList()) {
        const QVariantMap preview = pv.toMap();
        const QString port = preview.value(QStringLiteral("port")).toString().toHtmlEscaped();
        if (preview.contains(QStringLiteral("text"))) {
            html += QStringLiteral("<h4>%1</h4><pre style='white-space: pre-wrap'>%2</pre>")
                        .arg(port, preview.value(QStringLiteral("text")).toString().toHtmlEscaped());
            continue;
        }
        html += QStringLiteral("<h4>%1 · %2</h4><table cellspacing='0' cellpadding='2' style='font-size: small'><tr>")
                    .arg(port, preview.value(QStringLiteral("summary")).toString().toHtmlEscaped());
        for (const QString &c : preview.value(QStringLiteral("columns")).toStringList())
            html += QStringLiteral("<th align='left' style='white-space: nowrap'>%1</th>").arg(c.toHtmlEscaped());
        html += QStringLiteral("</tr>");
        for (const QVariant &row : preview.value(QStringLiteral("rows")).toList()) {
            html += QStringLiteral("<tr>");
            for (const QString &cell : row.toStringList())
                html += QStringLiteral("<td style='white-space: nowrap'>%1</td>").arg(cell.toHtmlEscaped());
            html += QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
        if (const int more = preview.value(QStringLiteral("more_columns")).toInt(); more > 0)
            html += QStringLiteral("<p>%1</p>").arg(tr("… and %n more column(s)", nullptr, more));
    }
    const QStringList log = i.data(PipelineGraphModel::LogRole).toStringList();
    if (!log.isEmpty())
        html += QStringLiteral("<h4>%1</h4><pre style='white-space: pre-wrap'>%2</pre>").arg(tr("Log"), log.join(QLatin1Char('\n')).toHtmlEscaped());
    m_inspector->setHtml(html);
    const auto *node = m_model->graph().node(id.toStdString());
    const QString yaml = node ? QString::fromStdString(pipeline::formatParams(node->params)) : QString();
    if (m_params->toPlainText() != yaml && !m_params->hasFocus())
        m_params->setPlainText(yaml);
}

} // namespace keel
