#include "app/mainwindow.h"

#include "app/appsetup.h"
#include "compute/cudaruntime.h"
#include "compute/devices.h"
#include "compute/devicespeed.h"
#include "compute/torchruntime.h"
#include "core/error.h"
#include "keel/version.h"
#include "models/enginebridge.h"
#include "models/enginetext.h"
#include "models/jobsmodel.h"
#include "models/session.h"
#include "models/storefollower.h"
#include "store/database.h"
#include "widgets/experiments/experimentsview.h"
#include "widgets/drift/driftview.h"
#include "widgets/eval/evalview.h"
#include "widgets/pipeline/pipelineview.h"
#include "models/modelhost.h"
#include "widgets/models/modelsview.h"
#include "widgets/registry/registryview.h"
#include "widgets/rag/ragview.h"
#include "widgets/jobs/jobsdock.h"
#include "widgets/devices/devicesdock.h"
#include "models/devicetelemetrymodel.h"
#include "compute/telemetry.h"

#include <QAction>
#include <QVBoxLayout>
#include <QTabWidget>
#include <QTextBrowser>
#include <QPushButton>
#include <QDialogButtonBox>
#include <QDialog>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>

#include <thread>

namespace keel {
namespace {

constexpr int kMaxRecent = 8;
constexpr int kEarlierJobsShown = 20;

QString gib(std::uint64_t bytes)
{
    return QString::number(double(bytes) / double(1ull << 30), 'f', 1);
}

} // namespace

MainWindow::MainWindow(Session &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_bridge(new EngineBridge(session.pool(), this))
    , m_jobsModel(new JobsModel(m_bridge, this))
    , m_follower(new StoreFollower(session, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/keel.svg")));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    createNavigation();
    createAreas();
    auto *central = new QWidget(this);
    auto *layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_navigation);
    layout->addWidget(m_areas, 1);
    setCentralWidget(central);

    m_jobsDock = new JobsDock(m_bridge, m_jobsModel, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_jobsDock);
    m_deviceModel = new DeviceTelemetryModel(m_session, this);
    m_devicesDock = new DevicesDock(m_session, m_deviceModel, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_devicesDock);
    tabifyDockWidget(m_jobsDock, m_devicesDock);
    // Hidden until asked for (View → Devices, an idle alert): a second tab would take the
    // height of two rows of the areas above.
    m_devicesDock->hide();
    m_jobsDock->raise();
    // The table and chart need more height than the jobs' two lines.
    connect(m_bridge, &EngineBridge::jobEvent, m_devicesDock, [this](int type, const compute::JobInfo &) {
        if (type == int(compute::JobEventType::Finished))
            m_devicesDock->costsChanged();
    });
    connect(m_devicesDock, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_devicesDock->isFloating() && m_devicesDock->height() < 240)
            resizeDocks({m_devicesDock}, {280}, Qt::Vertical);
    });

    m_followLabel = new QLabel(this);
    m_followLabel->setObjectName(QStringLiteral("followLabel"));
    createActions();
    createStatusBar();
    restoreSettings();

    connect(&m_session, &Session::workspaceChanged, this, [this](const QString &dir) {
        rememberWorkspace(dir);
        updateWorkspaceLabel();
        m_jobsModel->showEarlierJobs(m_session.recentJobs(kEarlierJobsShown));
    });
    updateWorkspaceLabel();
    if (m_session.hasWorkspace())
        rememberWorkspace(m_session.workspacePath());
}

MainWindow::~MainWindow() = default;

bool MainWindow::raiseDock(const QString &name)
{
    const bool costs = name == QLatin1String("costs"); // the Devices dock on its Costs tab
    QDockWidget *dock = name == QLatin1String("jobs") ? static_cast<QDockWidget *>(m_jobsDock)
                        : name == QLatin1String("devices") || costs ? static_cast<QDockWidget *>(m_devicesDock)
                                                                    : nullptr;
    if (!dock)
        return false;
    dock->show();
    dock->raise();
    m_devicesDock->tabs()->setCurrentIndex(costs ? 1 : 0);
    return true;
}

void MainWindow::createNavigation()
{
    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigationRail"));
    m_navigation->setViewMode(QListView::IconMode);
    m_navigation->setFlow(QListView::TopToBottom);
    m_navigation->setMovement(QListView::Static);
    m_navigation->setWrapping(false);
    m_navigation->setIconSize(QSize(28, 28));
    m_navigation->setGridSize(QSize(112, 72));
    m_navigation->setFixedWidth(116);
    m_navigation->setWordWrap(true);
    m_navigation->setTextElideMode(Qt::ElideNone);
    m_navigation->setSpacing(0);
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setStyleSheet(QStringLiteral(
        "QListWidget#navigationRail { background: palette(window); border-right: 1px solid palette(mid); }"
        "QListWidget#navigationRail::item { border-radius: 8px; padding-top: 6px; margin: 2px 4px; }"
        "QListWidget#navigationRail::item:selected { background: palette(highlight); color: palette(highlighted-text); }"));

    const struct {
        const char *icon;
        QString label;
    } entries[] = {
        {"area-experiments", tr("Experiments")}, {"area-registry", tr("Registry")},
        {"area-drift", tr("Drift")},             {"area-pipelines", tr("Pipelines")},
        {"area-rag", tr("RAG")},                 {"area-evals", tr("Evals")},
        {"area-models", tr("Models")},
    };
    for (const auto &entry : entries) {
        auto *item = new QListWidgetItem(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(entry.icon))),
                                         entry.label, m_navigation);
        item->setTextAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        item->setSizeHint(QSize(108, 68));
    }
}

void MainWindow::createAreas()
{
    m_areas = new QStackedWidget(this);
    m_areas->setObjectName(QStringLiteral("areas"));
    m_experimentsView = new ExperimentsView(m_session, m_areas);
    m_areas->addWidget(m_experimentsView);
    m_registryView = new RegistryView(m_session, m_areas);
    m_areas->addWidget(m_registryView);
    // A version's run opens in Experiments.
    connect(m_registryView, &RegistryView::openRun, this, [this](const QString &uuid) {
        showArea(Experiments);
        m_experimentsView->showRun(uuid);
        m_experimentsView->openRunPage(uuid);
    });
    m_driftView = new DriftView(m_session, m_areas);
    m_areas->addWidget(m_driftView);
    connect(m_registryView, &RegistryView::openDriftReport, this, [this](qint64 id) {
        showArea(Drift);
        m_driftView->openReport(id);
    });
    m_pipelineView = new PipelineView(m_session, m_areas);
    m_areas->addWidget(m_pipelineView);
    connect(m_pipelineView, &PipelineView::openRun, this, [this](const QString &uuid) {
        showArea(Experiments);
        m_experimentsView->showRun(uuid);
        m_experimentsView->openRunPage(uuid);
    });
    connect(m_pipelineView, &PipelineView::openVersion, this, [this](const QString &model, int version) {
        showArea(Registry);
        m_registryView->select(model, version);
    });
    m_ragView = new RagView(m_session, m_areas);
    m_areas->addWidget(m_ragView);
    m_evalView = new EvalView(m_session, m_areas);
    m_areas->addWidget(m_evalView);
    m_modelsView = new ModelsView(m_session, m_areas);
    m_areas->addWidget(m_modelsView); // the rail's last entry
    connect(m_navigation, &QListWidget::currentRowChanged, m_areas, &QStackedWidget::setCurrentIndex);
    m_navigation->setCurrentRow(0);
}

void MainWindow::showArea(Area area)
{
    m_navigation->setCurrentRow(area);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("fileMenu"));
    QAction *newAction = file->addAction(tr("&New Workspace…"), this, &MainWindow::newWorkspace);
    newAction->setShortcut(QKeySequence::New);
    QAction *openAction = file->addAction(tr("&Open Workspace…"), this, &MainWindow::openWorkspace);
    openAction->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Recent &Workspaces"));
    file->addSeparator();
    QAction *import = file->addAction(tr("&Import from MLflow…"), this, &MainWindow::importMlflow);
    import->setObjectName(QStringLiteral("importMlflowAction"));
    m_followMenu = file->addMenu(tr("Fo&llow MLflow Store"));
    rebuildFollowMenu();
    connect(m_follower, &StoreFollower::followedChanged, this, &MainWindow::rebuildFollowMenu);
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    rebuildRecentMenu();

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < AreaCount; ++i) {
        QAction *go = view->addAction(m_navigation->item(i)->text(), this, [this, i] { showArea(Area(i)); });
        go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }
    view->addSeparator();
    QAction *toggleJobs = m_jobsDock->toggleViewAction();
    toggleJobs->setText(tr("&Jobs"));
    toggleJobs->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(toggleJobs);
    QAction *toggleDevices = m_devicesDock->toggleViewAction();
    toggleDevices->setText(tr("&Devices"));
    toggleDevices->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    view->addAction(toggleDevices);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->addAction(tr("Measure &CPU Speed"), this, [this] {
        m_bridge->submit(compute::deviceSpeedJob(compute::DeviceNeed::Cpu));
        m_jobsDock->show();
    });
    QAction *gpuSpeed = tools->addAction(tr("Measure &GPU Speed"), this, [this] {
        m_bridge->submit(compute::deviceSpeedJob(compute::DeviceNeed::Gpu));
        m_jobsDock->show();
    });
    const bool hasGpu = !m_session.devices().gpuSlots().empty();
    gpuSpeed->setEnabled(hasGpu);
    if (!hasGpu)
        gpuSpeed->setToolTip(tr("No GPU found"));
    tools->menuAction()->setMenuRole(QAction::NoRole);
    tools->addSeparator();
    tools->addAction(tr("Compute &Threads…"), this, &MainWindow::chooseThreads);
    tools->addAction(tr("GPU and CPU &Prices…"), m_devicesDock, &DevicesDock::editPrices);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *guide = help->addAction(tr("&User Guide"), this, &MainWindow::showGuide);
    guide->setShortcut(QKeySequence::HelpContents);
    guide->setObjectName(QStringLiteral("userGuideAction"));
    help->addAction(tr("&About Keel"), this, &MainWindow::about);
}

void MainWindow::createStatusBar()
{
    m_workspaceLabel = new QLabel(this);
    m_workspaceLabel->setObjectName(QStringLiteral("workspaceLabel"));
    m_workspaceLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_deviceLabel = new QLabel(this);
    m_deviceLabel->setObjectName(QStringLiteral("deviceLabel"));
    statusBar()->addWidget(m_workspaceLabel, 1);
    // Loaded local models and the memory their weights hold (hidden when none is loaded).
    m_modelsLabel = new QLabel(this);
    m_modelsLabel->setObjectName(QStringLiteral("modelsLabel"));
    statusBar()->addPermanentWidget(m_modelsLabel);
    connect(m_modelsView->host(), &ModelHost::loadedChanged, this, &MainWindow::updateModelsLabel);
    // New idle-unload timeouts: the views that state them say them again.
    connect(m_devicesDock, &DevicesDock::idleUnloadChanged, m_modelsView->host(), &ModelHost::loadedChanged);
    updateModelsLabel();
    statusBar()->addPermanentWidget(m_followLabel);
    // A held GPU left idle past the alert time, with the money it burns; a click shows Devices.
    m_idleLabel = new QPushButton(this);
    m_idleLabel->setObjectName(QStringLiteral("idleAlertLabel"));
    m_idleLabel->setFlat(true);
    m_idleLabel->setStyleSheet(QStringLiteral("QPushButton { color: #b3261e; font-weight: 600; padding: 0 6px; }"));
    m_idleLabel->hide();
    connect(m_idleLabel, &QPushButton::clicked, this, [this] {
        m_devicesDock->show();
        m_devicesDock->raise();
    });
    statusBar()->addPermanentWidget(m_idleLabel);
    statusBar()->addPermanentWidget(m_deviceLabel);
    updateDeviceLabel();
    connect(m_deviceModel, &DeviceTelemetryModel::refreshed, this, &MainWindow::updateDeviceLabel);
    connect(m_deviceModel, &DeviceTelemetryModel::alertsChanged, this, [this] {
        const QStringList alerts = m_deviceModel->idleAlerts();
        m_idleLabel->setVisible(!alerts.isEmpty());
        m_idleLabel->setText(tr("⚠ %n GPU(s) idle while held", nullptr, int(alerts.size())));
        m_idleLabel->setToolTip(alerts.join(QLatin1Char('\n')));
    });
}

void MainWindow::updateModelsLabel()
{
    const ModelHost *host = m_modelsView->host();
    const QStringList loaded = host->loaded();
    m_modelsLabel->setVisible(!loaded.isEmpty());
    m_modelsLabel->setText(tr("Models loaded: %n · %1 MiB", nullptr, int(loaded.size())).arg(host->loadedBytes() >> 20));
    m_modelsLabel->setToolTip(tr("Kept in memory until idle for the unload timeout (Models area):\n%1").arg(loaded.join(QLatin1Char('\n'))));
}

void MainWindow::updateDeviceLabel()
{
    const compute::DeviceReport &report = m_session.devices();
    QString text;
    QString tip;
    const compute::Device *gpu = nullptr;
    for (const compute::Device &d : report.devices) {
        if (d.id.isCuda()) {
            gpu = &d;
            break;
        }
    }
    compute::TelemetrySampler &telemetry = m_session.telemetry();
    const int sampled = gpu ? telemetry.deviceForCuda(gpu->id.index) : -1;
    if (gpu) {
        std::uint64_t used = gpu->memoryTotal - gpu->memoryAvailable;
        std::uint64_t total = gpu->memoryTotal;
        int busy = -1;
        if (const auto p = sampled >= 0 ? telemetry.latest(sampled) : std::nullopt) {
            used = p->memoryUsed;
            total = p->memoryTotal;
            busy = p->utilisationPercent;
        }
        text = tr("GPU: %1 · %2 / %3 GiB").arg(QString::fromStdString(gpu->name), gib(used), gib(total));
        if (busy >= 0)
            text += tr(" · %1 % busy").arg(busy);
        if (report.gpuSlots().size() > 1)
            text += tr(" (+%n more)", nullptr, int(report.gpuSlots().size()) - 1);
    } else if (const auto devices = telemetry.devices(); !devices.empty()) {
        // NVML sees GPUs that this Keel cannot compute on (no CUDA runtime or driver match).
        const auto p = telemetry.latest(0);
        text = tr("GPU (telemetry only): %1").arg(QString::fromStdString(devices.front().name));
        if (p)
            text += tr(" · %1 / %2 GiB").arg(gib(p->memoryUsed), gib(p->memoryTotal));
        if (p && p->utilisationPercent >= 0)
            text += tr(" · %1 % busy").arg(p->utilisationPercent);
        tip = QString::fromStdString(report.gpuNote);
    } else {
        text = tr("CPU only");
        tip = QString::fromStdString(report.gpuNote);
    }
    text += tr(" · threads: %1").arg(compute::torchrt::threads());
    text += QStringLiteral(" · ") + QString::fromStdString(report.blas.name);
    if (!report.blas.fast) {
        text += QStringLiteral(" ⚠");
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + QString::fromStdString(report.blas.advice);
    }
    m_deviceLabel->setText(text);
    tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Telemetry over time and what each device costs: View → Devices (Ctrl+Shift+D)");
    m_deviceLabel->setToolTip(tip);
}

void MainWindow::updateWorkspaceLabel()
{
    if (!m_session.hasWorkspace()) {
        m_workspaceLabel->setText(tr("No workspace open"));
        setWindowTitle(tr("Keel"));
        return;
    }
    const QString dir = QDir::toNativeSeparators(m_session.workspacePath());
    m_workspaceLabel->setText(tr("Workspace: %1").arg(dir));
    setWindowTitle(tr("%1 — Keel").arg(QFileInfo(m_session.workspacePath()).fileName()));
}

bool MainWindow::openWorkspaceAt(const QString &dir)
{
    try {
        m_session.openWorkspace(dir.toStdString(), true);
        return true;
    } catch (const Error &e) {
        QMessageBox::warning(this, tr("Cannot open workspace"),
                             tr("Keel could not open %1.\n\n%2").arg(QDir::toNativeSeparators(dir), EngineText::error(e)));
    } catch (const std::exception &e) {
        QMessageBox::critical(this, tr("Cannot open workspace"), EngineText::error(e));
    }
    return false;
}

void MainWindow::newWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose an empty folder for the new workspace"));
    if (dir.isEmpty())
        return;
    if (!QDir(dir).isEmpty()) {
        QMessageBox::warning(this, tr("Folder is not empty"),
                             tr("A new workspace needs an empty folder; %1 has files in it. To open an existing "
                                "workspace, use File → Open Workspace.").arg(QDir::toNativeSeparators(dir)));
        return;
    }
    openWorkspaceAt(dir);
}

void MainWindow::openWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a Keel workspace folder"));
    if (!dir.isEmpty())
        openWorkspaceAt(dir);
}

void MainWindow::rebuildFollowMenu()
{
    m_followMenu->clear();
    m_followMenu->addAction(tr("Follow an mlflow.db…"), this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Follow an MLflow SQLite store that is still being written"), QString(),
                                                          tr("MLflow store (mlflow.db *.db *.sqlite);;All files (*)"));
        if (file.isEmpty())
            return;
        try {
            m_follower->follow(file);
            m_jobsDock->show();
        } catch (const std::exception &e) {
            QMessageBox::warning(this, tr("Cannot follow"), EngineText::error(e));
        }
    });
    const QStringList followed = m_follower->followed();
    if (!followed.isEmpty())
        m_followMenu->addSeparator();
    for (const QString &store : followed)
        m_followMenu->addAction(tr("Stop following %1").arg(QDir::toNativeSeparators(store)), this, [this, store] { m_follower->stop(store); });
    m_followLabel->setText(followed.isEmpty() ? QString() : tr("Following: %1").arg(followed.size()));
    m_followLabel->setToolTip(followed.join(QLatin1Char('\n')));
}

void MainWindow::importMlflow()
{
    // One entry for every kind of MLflow store: a database file, an mlruns/ folder or a server.
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("importMlflowDialog"));
    dialog.setWindowTitle(tr("Import from MLflow"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(new QLabel(tr("An MLflow SQLite database (mlflow.db), a file store folder (mlruns/) or a tracking server's address.\n"
                                    "A server's credentials come from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD."),
                                 &dialog));
    auto *row = new QHBoxLayout;
    auto *source = new QLineEdit(&dialog);
    source->setObjectName(QStringLiteral("importMlflowSource"));
    source->setPlaceholderText(QStringLiteral("mlflow.db, ~/project/mlruns or http://127.0.0.1:5000"));
    source->setMinimumWidth(420);
    row->addWidget(source, 1);
    auto *file = new QPushButton(tr("File…"), &dialog);
    auto *folder = new QPushButton(tr("Folder…"), &dialog);
    row->addWidget(file);
    row->addWidget(folder);
    layout->addLayout(row);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    layout->addWidget(buttons);
    connect(file, &QPushButton::clicked, &dialog, [&] {
        const QString path = QFileDialog::getOpenFileName(&dialog, tr("Import an MLflow SQLite store"), QString(),
                                                          tr("MLflow store (mlflow.db *.db *.sqlite);;All files (*)"));
        if (!path.isEmpty())
            source->setText(path);
    });
    connect(folder, &QPushButton::clicked, &dialog, [&] {
        const QString path = QFileDialog::getExistingDirectory(&dialog, tr("Choose an MLflow mlruns/ folder"));
        if (!path.isEmpty())
            source->setText(path);
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        QString text = source->text().trimmed();
        if (text.startsWith(QLatin1String("~/")))
            text = QDir::homePath() + text.mid(1);
        const bool server = text.startsWith(QLatin1String("http://")) || text.startsWith(QLatin1String("https://"));
        if (text.isEmpty() || (!server && !QFileInfo::exists(text))) {
            QMessageBox::warning(&dialog, tr("Cannot import"),
                                 text.isEmpty() ? tr("Give a database file, an mlruns/ folder or a server address.")
                                                : tr("\"%1\" is neither a file or folder here nor an http:// or https:// address.").arg(text));
            return;
        }
        try {
            m_session.importMlflow(text.toStdString());
            m_jobsDock->show();
            dialog.accept();
        } catch (const std::exception &e) {
            QMessageBox::warning(&dialog, tr("Cannot import"), EngineText::error(e));
        }
    });
    dialog.exec();
}

void MainWindow::showGuide()
{
    auto *dialog = findChild<QDialog *>(QStringLiteral("userGuide"));
    if (!dialog) {
        dialog = new QDialog(this);
        dialog->setObjectName(QStringLiteral("userGuide"));
        dialog->setWindowTitle(tr("Keel user guide"));
        auto *layout = new QVBoxLayout(dialog);
        auto *text = new QTextBrowser(dialog);
        text->setObjectName(QStringLiteral("userGuideText"));
        text->setOpenExternalLinks(false);
        text->setHtml(tr(
            "<h2>Keel</h2>"
            "<p>One window over a local worker pool for the work of an ML engineer. Everything it computes is kept in the "
            "<b>workspace</b> (File → New or Open Workspace): one SQLite file and a folder of artifacts named by their SHA-256.</p>"
            "<h3>Areas</h3>"
            "<dl>"
            "<dt><b>Experiments</b></dt><dd>Runs with their params and metrics, searched with MLflow's filter syntax; metric charts "
            "(step, wall or relative time, smoothing, log scale, outliers marked); runs compared side by side. Runs come from "
            "File → Import from MLflow (a database, an mlruns/ folder or a server), or from pipelines and evals.</dd>"
            "<dt><b>Registry</b></dt><dd>Registered models with immutable versions, aliases (champion, challenger) and stages, lineage "
            "back to the run, and the audit history; moving an alias, rolling it back or changing a stage asks for a reason and "
            "records it.</dd>"
            "<dt><b>Drift</b></dt><dd>Reference against current data: every column tested as Evidently tests it, drift over time "
            "windows, model quality against its band; every report kept in the workspace.</dd>"
            "<dt><b>Pipelines</b></dt><dd>Drag nodes from the palette onto the canvas and connect their ports: load and validate data, "
            "train, evaluate, gate, register. Runs are tracked; a pipeline can retrain on a schedule or when drift is found.</dd>"
            "<dt><b>RAG</b></dt><dd>Build an index from documents (chunk, embed, vector index) and see recall against speed for each "
            "index setting; ask questions of two retrievers side by side.</dd>"
            "<dt><b>Evals</b></dt><dd>Eval suites in promptfoo's format: edit one (checked as you type) and run it on a local model or an "
            "OpenAI-compatible endpoint. Results show case by case in pass/fail colours, against a baseline run, with each cell's "
            "prompt, output, assertions, judge answers and trace; re-run the failing cases with one click.</dd>"
            "<dt><b>Models</b></dt><dd>The local models Keel finds, a playground to talk to one, and servers (OpenAI-compatible and "
            "KServe v2) started from here.</dd>"
            "</dl>"
            "<h3>Jobs</h3>"
            "<p>Long work (imports, training, index builds, eval runs) runs as jobs in the Jobs dock (View → Jobs), with progress and "
            "Cancel. A failing job fails alone; its message says why.</p>"
            "<h3>On the command line</h3>"
            "<p>The same engine runs headless, for scripts and CI: <code>keel --help</code> lists the commands. For example "
            "<code>keel import mlflow mlflow.db</code>, <code>keel runs search \"metrics.rmse &lt; 0.5\"</code>, "
            "<code>keel registry alias MODEL champion 3</code>, <code>keel drift REF.csv CUR.csv</code>, "
            "<code>keel pipeline run PIPELINE.yaml</code>, <code>keel rag build INDEX.yaml</code>, "
            "<code>keel eval run SUITE.yaml --gate RUN</code> (exit 1 on a regression), <code>keel serve MODEL</code>. "
            "<code>--workspace DIR</code> chooses the workspace (else $KEEL_WORKSPACE).</p>"
            "<h3>Keyboard</h3>"
            "<table cellpadding='3'>"
            "<tr><td><b>Ctrl+N</b> / <b>Ctrl+O</b></td><td>new / open workspace</td></tr>"
            "<tr><td><b>Ctrl+S</b></td><td>save (the pipeline or eval suite being edited)</td></tr>"
            "<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>undo / redo on the pipeline canvas</td></tr>"
            "<tr><td><b>Delete</b></td><td>remove the selected nodes and links</td></tr>"
            "<tr><td><b>F1</b></td><td>this guide</td></tr>"
            "<tr><td><b>Ctrl+Q</b></td><td>quit</td></tr>"
            "</table>"));
        layout->addWidget(text);
        auto *close = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        connect(close, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        layout->addWidget(close);
        dialog->resize(720, 640);
    }
    dialog->show();
    dialog->raise();
}

void MainWindow::rememberWorkspace(const QString &dir)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("workspaces/recent")).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("workspaces/recent"), recent);
    settings.setValue(QStringLiteral("workspaces/last"), dir);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("workspaces/recent")).toStringList();
    for (const QString &dir : recent) {
        QAction *action = m_recentMenu->addAction(QDir::toNativeSeparators(dir), this, [this, dir] { openWorkspaceAt(dir); });
        action->setEnabled(QFileInfo::exists(dir));
    }
    if (recent.isEmpty())
        m_recentMenu->addAction(tr("(none yet)"))->setEnabled(false);
}

void MainWindow::chooseThreads()
{
    bool ok = false;
    const int current = QSettings().value(QStringLiteral("compute/threads"), 0).toInt();
    const int cores = int(std::thread::hardware_concurrency());
    const int n = QInputDialog::getInt(this, tr("Compute threads"),
                                       tr("Threads for CPU maths (libtorch and its BLAS).\n0 = one per core (cores here: %1).").arg(cores),
                                       current, 0, 1024, 1, &ok);
    if (!ok)
        return;
    saveThreadSetting(n);
    compute::configureThreads(n);
    updateDeviceLabel();
}

void MainWindow::about()
{
    const compute::DeviceReport &report = m_session.devices();
    QString cuda = tr("none");
    if (!report.cudaRuntime.empty()) {
        cuda = report.cudaDriver.empty() ? tr("runtime %1, no driver").arg(QString::fromStdString(report.cudaRuntime))
                                         : tr("runtime %1, driver %2").arg(QString::fromStdString(report.cudaRuntime),
                                                                           QString::fromStdString(report.cudaDriver));
    }
    QString text = QStringLiteral("<h3>Keel %1</h3><p>%2</p><table cellspacing='4'>").arg(QStringLiteral(KEEL_VERSION),
                                                                                         tr("A workbench for MLOps and LLMOps.").toHtmlEscaped());
    auto row = [&text](const QString &name, const QString &value) {
        text += QStringLiteral("<tr><td style='white-space:nowrap; padding-right:12px'><b>%1</b></td>"
                               "<td style='white-space:nowrap'>%2</td></tr>").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    };
    row(tr("Qt"), QString::fromLatin1(qVersion()));
    row(tr("libtorch"), QString::fromStdString(report.torchVersion) + (report.torchCuda ? tr(" (CUDA)") : tr(" (CPU)")));
    row(tr("CUDA"), cuda);
    row(tr("Keel's CUDA kernels"), report.keelBuiltWithCuda ? tr("built") : tr("not built"));
    row(tr("SQLite"), QString::fromStdString(sql::sqliteVersion()));
    row(tr("BLAS"), QString::fromStdString(report.blas.name));
    text += QStringLiteral("</table>");
    QMessageBox::about(this, tr("About Keel"), text);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        resizeDocks({m_jobsDock}, {112}, Qt::Vertical); // the summary line, the header and two jobs
    const int area = settings.value(QStringLiteral("window/area"), 0).toInt();
    if (area >= 0 && area < AreaCount)
        showArea(Area(area));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/area"), m_navigation->currentRow());
    event->accept();
}

} // namespace keel
