#pragma once

#include <QMainWindow>

class QLabel;
class QListWidget;
class QMenu;
class QPushButton;
class QStackedWidget;
class QTimer;

namespace keel {

class EngineBridge;
class ExperimentsView;
class RegistryView;
class DriftView;
class PipelineView;
class RagView;
class EvalView;
class ModelsView;
class StoreFollower;
class JobsDock;
class DevicesDock;
class DeviceTelemetryModel;
class JobsModel;
class Session;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Area { Experiments, Registry, Drift, Pipelines, Rag, Evals, Models, AreaCount };

    explicit MainWindow(Session &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    EngineBridge *bridge() const { return m_bridge; }
    JobsModel *jobsModel() const { return m_jobsModel; }
    JobsDock *jobsDock() const { return m_jobsDock; }
    StoreFollower *follower() const { return m_follower; }
    QListWidget *navigation() const { return m_navigation; }
    QStackedWidget *areas() const { return m_areas; }
    QLabel *deviceLabel() const { return m_deviceLabel; }
    // Shows and raises the dock named "jobs" or "devices"; false for another name.
    bool raiseDock(const QString &name);

    void showArea(Area area);
    // Opens (or, for an empty folder, creates) a workspace; reports failures in a dialog.
    bool openWorkspaceAt(const QString &dir);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createNavigation();
    void createAreas();
    void createStatusBar();
    void restoreSettings();
    void rememberWorkspace(const QString &dir);
    void rebuildRecentMenu();
    void updateWorkspaceLabel();
    void updateDeviceLabel();
    void newWorkspace();
    void importMlflow();
    void rebuildFollowMenu();
    void openWorkspace();
    void chooseThreads();
    void about();
    void showGuide();
    void updateModelsLabel();

    Session &m_session;
    EngineBridge *m_bridge;
    JobsModel *m_jobsModel;
    JobsDock *m_jobsDock = nullptr;
    DeviceTelemetryModel *m_deviceModel = nullptr;
    DevicesDock *m_devicesDock = nullptr;
    QPushButton *m_idleLabel = nullptr;
    QListWidget *m_navigation = nullptr;
    QStackedWidget *m_areas = nullptr;
    QMenu *m_recentMenu = nullptr;
    QLabel *m_workspaceLabel = nullptr;
    QLabel *m_deviceLabel = nullptr;
    ExperimentsView *m_experimentsView = nullptr;
    RegistryView *m_registryView = nullptr;
    DriftView *m_driftView = nullptr;
    PipelineView *m_pipelineView = nullptr;
    RagView *m_ragView = nullptr;
    EvalView *m_evalView = nullptr;
    ModelsView *m_modelsView = nullptr;
    QLabel *m_modelsLabel = nullptr;
    StoreFollower *m_follower;
    QMenu *m_followMenu = nullptr;
    QLabel *m_followLabel = nullptr;
};

} // namespace keel
