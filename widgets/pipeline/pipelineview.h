#pragma once

#include <QWidget>

#include <filesystem>

class QGraphicsView;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace keel {

class PipelineGraphModel;
class PipelineRunner;
class PipelineRunsModel;
class PipelineScene;
class Session;

// The Pipelines area: a pipeline file drawn as its graph (node states as KNIME's traffic
// lights), Run / Run again without the cache / Cancel on the worker pool, an inspector with
// the selected node's params, state, log and metrics, and the workspace's pipeline runs.
// Editing on the canvas is not built yet: the view says so and points at the file.
class PipelineView : public QWidget {
    Q_OBJECT
public:
    explicit PipelineView(Session &session, QWidget *parent = nullptr);
    ~PipelineView() override;

    bool openFile(const std::filesystem::path &file);
    void run(bool useCache = true);
    void cancel();

    PipelineGraphModel *graphModel() const { return m_model; }
    PipelineScene *scene() const { return m_scene; }
    PipelineRunner *runner() const { return m_runner; }
    PipelineRunsModel *runsModel() const { return m_runs; }
    QLabel *statusLabel() const { return m_status; }
    QTextBrowser *inspector() const { return m_inspector; }

private:
    void workspaceChanged();
    void showNode(const QString &id);
    void updateButtons();

    Session &m_session;
    PipelineGraphModel *m_model;
    PipelineScene *m_scene;
    PipelineRunner *m_runner;
    PipelineRunsModel *m_runs;
    QGraphicsView *m_view;
    QLabel *m_file;
    QLabel *m_status;
    QTextBrowser *m_inspector;
    QTableView *m_runsTable;
    QPushButton *m_run, *m_runAgain, *m_cancel;
    QString m_selected;
};

} // namespace keel
