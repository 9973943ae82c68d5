#pragma once

#include "pipeline/graph.h"

#include <QWidget>

#include <filesystem>

class QGraphicsView;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QTreeWidget;
class QUndoStack;

namespace keel {

class PipelineGraphModel;
class PipelineRunner;
class PipelineRunsModel;
class PipelineWatcher;
class PipelineScene;
class Session;

// The Pipelines area, a canvas as direct as Orange's: a searchable palette of node types to drag
// onto the canvas, ports that connect only to compatible ports (releasing a link on empty canvas
// offers the node types that take it), move, delete, undo and redo of every edit, params edited
// in the inspector, Save to the YAML file. Run / Run without cache / Cancel over the worker pool,
// each node's state as KNIME's traffic light, the selected node's state, log and metrics, and
// the workspace's pipeline runs.
class PipelineView : public QWidget {
    Q_OBJECT
public:
    explicit PipelineView(Session &session, QWidget *parent = nullptr);
    ~PipelineView() override;

    bool openFile(const std::filesystem::path &file);
    void newPipeline();
    bool save(const std::filesystem::path &file = {});
    void run(bool useCache = true);
    void cancel();
    // Adds a node of `type` at `at` (scene coordinates) as one undoable step; returns its id.
    QString addNode(const QString &type, QPointF at);
    // Connects as one undoable step, or says why not in the status line and returns false.
    bool connectPorts(const pipeline::Link &link);
    void deleteSelection();
    // The selected nodes and the links between them, on the clipboard (JSON under a MIME type of
    // Keel's own, and as pipeline YAML for text editors); pasted with fresh ids, as one step.
    void copySelection();
    QStringList paste();
    // Layered, left to right: each node one column after the last node it takes inputs from.
    void arrange();
    bool applyParams(const QString &yaml); // for the selected node

    PipelineGraphModel *graphModel() const { return m_model; }
    PipelineScene *scene() const { return m_scene; }
    QGraphicsView *canvas() const { return m_view; }
    PipelineRunner *runner() const { return m_runner; }
    PipelineRunsModel *runsModel() const { return m_runs; }
    PipelineWatcher *watcher() const { return m_watcher; }
    // Watches the open pipeline's triggers while the window is open (the Watch button).
    bool setWatching(bool on);
    QUndoStack *undoStack() const { return m_undo; }
    QTreeWidget *palette() const { return m_palette; }
    QLabel *statusLabel() const { return m_status; }
    QTextBrowser *inspector() const { return m_inspector; }
    QPlainTextEdit *paramsEditor() const { return m_params; }

Q_SIGNALS:
    // The inspector's links: a Train node's run, a Register node's version.
    void openRun(const QString &runUuid);
    void openVersion(const QString &model, int version);
    // A node type offered on empty canvas after a link was dropped there (tests choose one).
    void quickMenuShown(const QStringList &types);

private:
    void workspaceChanged();
    void showNode(const QString &id);
    void updateButtons();
    void offerNodesFor(const QString &fromNode, const QString &fromPort, const QString &type, QPointF at);
    void fillPalette(const QString &filter);
    bool confirmDiscard();
    // Shows the whole graph when it fits at a readable size, else its start at that size.
    void frameGraph();

    Session &m_session;
    PipelineGraphModel *m_model;
    PipelineScene *m_scene;
    PipelineRunner *m_runner;
    PipelineRunsModel *m_runs;
    QUndoStack *m_undo;
    QGraphicsView *m_view;
    QTreeWidget *m_palette;
    QLineEdit *m_search;
    QLabel *m_file;
    QLabel *m_status;
    QTextBrowser *m_inspector;
    QPlainTextEdit *m_params;
    QPushButton *m_applyParams;
    QTableView *m_runsTable;
    QPushButton *m_run, *m_runAgain, *m_cancel, *m_save, *m_watch;
    PipelineWatcher *m_watcher;
    QString m_lastTrigger;
    QString m_selected;
};

} // namespace keel
