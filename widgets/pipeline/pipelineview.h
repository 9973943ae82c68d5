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
    bool applyParams(const QString &yaml); // for the selected node

    PipelineGraphModel *graphModel() const { return m_model; }
    PipelineScene *scene() const { return m_scene; }
    QGraphicsView *canvas() const { return m_view; }
    PipelineRunner *runner() const { return m_runner; }
    PipelineRunsModel *runsModel() const { return m_runs; }
    QUndoStack *undoStack() const { return m_undo; }
    QTreeWidget *palette() const { return m_palette; }
    QLabel *statusLabel() const { return m_status; }
    QTextBrowser *inspector() const { return m_inspector; }
    QPlainTextEdit *paramsEditor() const { return m_params; }

Q_SIGNALS:
    // A node type offered on empty canvas after a link was dropped there (tests choose one).
    void quickMenuShown(const QStringList &types);

private:
    void workspaceChanged();
    void showNode(const QString &id);
    void updateButtons();
    void offerNodesFor(const QString &fromNode, const QString &fromPort, const QString &type, QPointF at);
    void fillPalette(const QString &filter);
    bool confirmDiscard();

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
    QPushButton *m_run, *m_runAgain, *m_cancel, *m_save;
    QString m_selected;
};

} // namespace keel
