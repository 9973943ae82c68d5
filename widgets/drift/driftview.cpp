#include "widgets/drift/driftview.h"
#include "models/enginetext.h"
#include "widgets/drift/skewdialog.h"

#include "data/table.h"
#include "drift/driftanalysis.h"
#include "models/driftcolumnsmodel.h"
#include "models/driftrunner.h"
#include "models/session.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"
#include "widgets/drift/driftcharts.h"
#include "widgets/drift/sparklinedelegate.h"

#include <QBuffer>
#include <QBrush>
#include <QDateTime>
#include <QTreeWidget>
#include <QDialogButtonBox>
#include <QDialog>
#include <QComboBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

namespace keel {
namespace {

enum WindowMode { NoWindows, ByTime, ByChunks };

QString none()
{
    return DriftView::tr("(none)");
}

QString percent(double share)
{
    return QStringLiteral("%1%").arg(100.0 * share, 0, 'f', 0);
}

QString pngDataUri(QWidget *widget, QSize size)
{
    widget->resize(size);
    widget->ensurePolished();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    widget->grab().save(&buffer, "PNG");
    return QStringLiteral("data:image/png;base64,") + QString::fromLatin1(bytes.toBase64());
}

} // namespace

DriftView::DriftView(Session &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_runner(new DriftRunner(session, this))
{
    setObjectName(QStringLiteral("driftArea"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    buildForm();
    buildResults();
    layout->addWidget(findChild<QGroupBox *>(QStringLiteral("driftForm")));
    layout->addWidget(m_pages, 1);

    connect(m_runner, &DriftRunner::finished, this, &DriftView::showAnalysis);
    connect(m_runner, &DriftRunner::failed, this, [this](const QString &message) {
        m_runButton->setEnabled(true);
        m_cancelButton->setEnabled(false);
        m_progress->clear();
        m_formError->setText(message);
        m_formError->setVisible(true);
        Q_EMIT analysisFailed(message);
    });
    connect(m_runner, &DriftRunner::progress, this, [this](double f, const QString &message) {
        m_progress->setText(tr("%1% · %2").arg(int(f * 100)).arg(message));
    });
    connect(&m_session, &Session::workspaceChanged, this, &DriftView::reloadVersions);
    connect(&m_session, &Session::trackingChanged, this, &DriftView::reloadVersions);
    reloadVersions();
    // The area opens on the workspace's latest report rather than an empty page.
    connect(&m_session, &Session::workspaceChanged, this, &DriftView::openLatestReport);
    openLatestReport();

    QSettings settings;
    const QString reference = settings.value(QStringLiteral("drift/reference")).toString();
    const QString current = settings.value(QStringLiteral("drift/current")).toString();
    if (QFileInfo::exists(reference) && QFileInfo::exists(current))
        setFiles(reference, current);
}

DriftView::~DriftView() = default;

void DriftView::buildForm()
{
    auto *form = new QGroupBox(tr("Compare"), this);
    form->setObjectName(QStringLiteral("driftForm"));
    auto *grid = new QGridLayout(form);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(6);

    QPushButton *profilesButton = nullptr;
    auto fileRow = [&](int row, const QString &label, QLineEdit *&edit, const QString &placeholder) {
        grid->addWidget(new QLabel(label, form), row, 0);
        edit = new QLineEdit(form);
        edit->setPlaceholderText(placeholder);
        edit->setClearButtonEnabled(true);
        grid->addWidget(edit, row, 1, 1, 4);
        auto *browseButton = new QPushButton(tr("Browse…"), form);
        auto *buttons = new QHBoxLayout;
        buttons->setSpacing(4);
        buttons->addWidget(browseButton);
        if (row == 0) {
            // Stored reference profiles: read once, loaded again without parsing.
            // A push button draws its menu arrow beside the text (a tool button's sat on it).
            profilesButton = new QPushButton(form);
            buttons->addWidget(profilesButton);
        }
        grid->addLayout(buttons, row, 5);
        connect(browseButton, &QPushButton::clicked, this, [this, edit] { browse(edit); });
        connect(edit, &QLineEdit::editingFinished, this, &DriftView::previewColumns);
    };
    fileRow(0, tr("Reference"), m_reference, tr("the data the model was trained or validated on (CSV, TSV or JSON Lines), or profile:NAME"));
    profilesButton->setObjectName(QStringLiteral("driftProfiles"));
    profilesButton->setText(tr("Profiles"));
    profilesButton->setToolTip(tr("References kept in the workspace: read once, loaded again without parsing"));
    auto *profilesMenu = new QMenu(profilesButton);
    profilesButton->setMenu(profilesMenu);
    connect(profilesMenu, &QMenu::aboutToShow, this, [this, profilesMenu] {
        profilesMenu->clear();
        const QStringList names = m_runner->profiles();
        for (const QString &name : names)
            profilesMenu->addAction(name, this, [this, name] {
                m_reference->setText(QStringLiteral("profile:") + name);
                previewColumns();
            });
        if (names.isEmpty())
            profilesMenu->addAction(tr("No profiles kept yet"))->setEnabled(false);
        profilesMenu->addSeparator();
        QAction *keep = profilesMenu->addAction(tr("Keep this reference as a profile…"), this, [this] { keepReferenceAsProfile(); });
        const QString reference = m_reference->text().trimmed();
        keep->setEnabled(m_session.hasWorkspace() && !reference.isEmpty() && !reference.startsWith(QLatin1String("profile:")));
    });
    connect(m_runner, &DriftRunner::profileCreated, this, [this](const QString &name, qint64 rows) {
        m_reference->setText(QStringLiteral("profile:") + name);
        m_progress->setText(tr("Kept as profile \"%1\" (%n rows).", nullptr, int(rows)).arg(name));
    });
    connect(m_runner, &DriftRunner::profileFailed, this, [this](const QString &message) {
        m_progress->clear();
        m_formError->setText(message);
        m_formError->setVisible(true);
    });
    fileRow(1, tr("Current"), m_current, tr("recent production data with the same columns"));

    grid->addWidget(new QLabel(tr("Windows"), form), 2, 0);
    m_windowMode = new QComboBox(form);
    m_windowMode->addItems({tr("Whole current data"), tr("By time column"), tr("By row chunks")});
    grid->addWidget(m_windowMode, 2, 1);
    m_timeColumn = new QComboBox(form);
    m_timeColumn->setToolTip(tr("A column of ISO-8601 dates or times in the current data"));
    m_timeColumn->setMinimumContentsLength(12);
    grid->addWidget(m_timeColumn, 2, 2);
    m_period = new QComboBox(form);
    m_period->addItem(tr("per hour"), QStringLiteral("hour"));
    m_period->addItem(tr("per day"), QStringLiteral("day"));
    m_period->addItem(tr("per week"), QStringLiteral("week"));
    m_period->addItem(tr("per month"), QStringLiteral("month"));
    m_period->setCurrentIndex(1);
    grid->addWidget(m_period, 2, 3);
    m_chunks = new QSpinBox(form);
    m_chunks->setRange(2, 1000);
    m_chunks->setValue(10);
    m_chunks->setSuffix(tr(" chunks"));
    grid->addWidget(m_chunks, 2, 2); // shown instead of the time column and period
    connect(m_windowMode, &QComboBox::currentIndexChanged, this, &DriftView::updateWindowControls);

    grid->addWidget(new QLabel(tr("Concept drift"), form), 3, 0);
    m_target = new QComboBox(form);
    m_target->setToolTip(tr("The column with the true values"));
    m_prediction = new QComboBox(form);
    m_prediction->setToolTip(tr("The model's predictions, or its probability of the positive class"));
    auto *qualityRow = new QHBoxLayout;
    qualityRow->addWidget(new QLabel(tr("target"), form));
    qualityRow->addWidget(m_target, 1);
    qualityRow->addWidget(new QLabel(tr("prediction"), form));
    qualityRow->addWidget(m_prediction, 1);
    grid->addLayout(qualityRow, 3, 1, 1, 2);
    m_exclude = new QLineEdit(form);
    m_exclude->setPlaceholderText(tr("columns to leave out: id, …"));
    m_exclude->setClearButtonEnabled(true);
    grid->addWidget(m_exclude, 3, 3, 1, 2);

    grid->addWidget(new QLabel(tr("Model version"), form), 4, 0);
    m_versions = new QComboBox(form);
    m_versions->setToolTip(tr("Link the report to a model version in the registry"));
    grid->addWidget(m_versions, 4, 1, 1, 2);
    auto *buttons = new QHBoxLayout;
    m_progress = new QLabel(form);
    m_progress->setObjectName(QStringLiteral("driftProgress"));
    buttons->addWidget(m_progress, 1);
    // Kept reports and the skew check sit beside the Current file's Browse, where the row has
    // room: the Run row stays narrow in every language.
    auto *currentButtons = grid->itemAtPosition(1, 5)->layout();
    m_reportsButton = new QPushButton(tr("Reports…"), form);
    m_reportsButton->setObjectName(QStringLiteral("driftReports"));
    m_reportsButton->setToolTip(tr("Open a drift report kept in the workspace"));
    currentButtons->addWidget(m_reportsButton);
    auto *skew = new QPushButton(tr("Skew…"), form);
    skew->setObjectName(QStringLiteral("driftSkew"));
    skew->setToolTip(tr("Training-serving skew: the same features offline and online, joined on a key"));
    currentButtons->addWidget(skew);
    connect(skew, &QPushButton::clicked, this, [this] { openSkew()->show(); });
    m_exportJson = new QPushButton(tr("Export JSON…"), form);
    m_exportHtml = new QPushButton(tr("Export HTML…"), form);
    m_cancelButton = new QPushButton(tr("Cancel"), form);
    m_runButton = new QPushButton(QIcon::fromTheme(QStringLiteral("media-playback-start")), tr("Run"), form);
    m_runButton->setDefault(true);
    m_runButton->setObjectName(QStringLiteral("driftRun"));
    m_exportJson->setEnabled(false);
    m_exportHtml->setEnabled(false);
    m_cancelButton->setEnabled(false);
    for (QPushButton *b : {m_exportJson, m_exportHtml, m_cancelButton, m_runButton})
        buttons->addWidget(b);
    grid->addLayout(buttons, 4, 3, 1, 3);
    connect(m_runButton, &QPushButton::clicked, this, &DriftView::run);
    connect(m_reportsButton, &QPushButton::clicked, this, &DriftView::chooseReport);
    connect(m_cancelButton, &QPushButton::clicked, m_runner, &DriftRunner::cancel);
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportWithDialog(false); });
    connect(m_exportHtml, &QPushButton::clicked, this, [this] { exportWithDialog(true); });

    m_formError = new QLabel(form);
    m_formError->setObjectName(QStringLiteral("driftFormError"));
    m_formError->setWordWrap(true);
    m_formError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_formError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_formError->setVisible(false);
    grid->addWidget(m_formError, 5, 0, 1, 6);
    grid->setColumnStretch(1, 2);
    grid->setColumnStretch(2, 1);
    grid->setColumnStretch(3, 1);
    grid->setColumnStretch(4, 1);
    updateWindowControls();
    previewColumns();
}

void DriftView::buildResults()
{
    m_pages = new QStackedWidget(this);
    auto *intro = new QLabel(tr("<h3>Data drift, concept drift and skew</h3>"
                                "<p>Choose the reference data (what the model learnt from) and the current data (what it sees now), "
                                "then <b>Run</b>. Each column is tested as Evidently does by default: Kolmogorov–Smirnov, chi-square "
                                "or a z test for up to 1,000 reference rows; Wasserstein distance or Jensen–Shannon distance above. "
                                "The dataset drifts when half of the columns do.</p>"
                                "<p>Split the current data by a time column or into row chunks to see drift over time; give the "
                                "target and prediction columns to watch model quality against a band learnt from the reference.</p>"
                                "<p>Every run is kept in the workspace. From the command line: <code>keel drift REF CUR</code>.</p>"),
                             m_pages);
    intro->setWordWrap(true);
    intro->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    intro->setContentsMargins(16, 16, 16, 16);
    intro->setMaximumWidth(900);
    m_pages->addWidget(intro);

    auto *results = new QWidget(m_pages);
    auto *layout = new QVBoxLayout(results);
    layout->setContentsMargins(0, 4, 0, 0);
    m_summary = new QLabel(results);
    m_summary->setObjectName(QStringLiteral("driftSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);
    m_skipped = new QLabel(results);
    m_skipped->setWordWrap(true);
    m_skipped->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    layout->addWidget(m_skipped);

    auto *split = new QSplitter(Qt::Horizontal, results);
    m_model = new DriftColumnsModel(this);
    m_table = new QTableView(split);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(24);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setItemDelegateForColumn(DriftColumnsModel::OverTime, new SparklineDelegate(m_table));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            showColumn(current.data(DriftColumnsModel::ReportIndexRole).toInt());
    });

    m_tabs = new QTabWidget(split);
    m_distribution = new DistributionChart(m_tabs);
    m_windowChart = new WindowScoreChart(m_tabs);
    m_heatmap = new DriftHeatmap;
    auto *heatmapScroll = new QScrollArea(m_tabs);
    heatmapScroll->setWidget(m_heatmap);
    heatmapScroll->setWidgetResizable(true);
    m_quality = new BandChart(m_tabs);
    m_multivariate = new BandChart(m_tabs);
    m_tabs->addTab(m_distribution, tr("Distribution"));
    m_tabs->addTab(m_windowChart, tr("Over time"));
    m_tabs->addTab(heatmapScroll, tr("Heatmap"));
    m_tabs->addTab(m_multivariate, tr("Multivariate"));
    m_tabs->addTab(m_quality, tr("Model quality"));
    connect(m_heatmap, &DriftHeatmap::columnClicked, this, [this](int reportIndex) {
        const int row = m_model->rowOf(reportIndex);
        if (row >= 0)
            m_table->setCurrentIndex(m_model->index(row, 0));
        m_tabs->setCurrentWidget(m_windowChart);
    });
    split->addWidget(m_table);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({640, 640});
    layout->addWidget(split, 1);
    m_pages->addWidget(results);
}

void DriftView::browse(QLineEdit *edit)
{
    const QString start = edit->text().isEmpty() ? QSettings().value(QStringLiteral("drift/folder")).toString() : edit->text();
    const QString file = QFileDialog::getOpenFileName(this, edit == m_reference ? tr("Reference data") : tr("Current data"), start,
                                                      tr("Tables (*.csv *.tsv *.txt *.jsonl *.ndjson);;All files (*)"));
    if (file.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("drift/folder"), QFileInfo(file).absolutePath());
    edit->setText(file);
    previewColumns();
}

void DriftView::keepReferenceAsProfile()
{
    const QString file = m_reference->text().trimmed();
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Keep reference as profile"), tr("Profile name:"), QLineEdit::Normal,
                                               QFileInfo(file).completeBaseName(), &ok);
    if (ok && !name.trimmed().isEmpty())
        keepReferenceAsProfile(name.trimmed());
}

bool DriftView::keepReferenceAsProfile(const QString &name)
{
    try {
        m_runner->createProfile(name.toStdString(), m_reference->text().trimmed().toStdString());
        m_progress->setText(tr("Profiling %1…").arg(QFileInfo(m_reference->text().trimmed()).fileName()));
        return true;
    } catch (const std::exception &e) {
        m_formError->setText(EngineText::error(e));
        m_formError->setVisible(true);
        return false;
    }
}

void DriftView::setFiles(const QString &reference, const QString &current)
{
    m_reference->setText(reference);
    m_current->setText(current);
    previewColumns();
}

void DriftView::previewColumns()
{
    // The column choices come from the first rows of the current data (the reference must
    // have the same columns; the run says so when it does not).
    const QString keepTime = m_timeColumn->currentText(), keepTarget = m_target->currentText(),
                  keepPrediction = m_prediction->currentText();
    m_timeColumn->clear();
    m_target->clear();
    m_prediction->clear();
    m_target->addItem(none());
    m_prediction->addItem(none());
    m_formError->setVisible(false);
    const QString file = m_current->text().trimmed().isEmpty() ? m_reference->text().trimmed() : m_current->text().trimmed();
    if (file.isEmpty() || file.startsWith(QLatin1String("profile:")))
        return;
    try {
        const data::Table preview = data::readTable(file.toStdString(), {}, 200);
        for (const data::Column &c : preview.columns) {
            const QString name = QString::fromStdString(c.name);
            if (c.type == data::ColumnType::Datetime)
                m_timeColumn->addItem(name);
            m_target->addItem(name);
            m_prediction->addItem(name);
        }
    } catch (const std::exception &e) {
        m_formError->setText(EngineText::error(e));
        m_formError->setVisible(true);
    }
    if (m_timeColumn->count() == 0)
        m_timeColumn->addItem(tr("(no date column)"));
    for (auto [combo, keep] : {std::pair{m_timeColumn, keepTime}, {m_target, keepTarget}, {m_prediction, keepPrediction}})
        if (const int i = combo->findText(keep); i >= 0)
            combo->setCurrentIndex(i);
    updateWindowControls();
}

void DriftView::reloadVersions()
{
    const QString keep = m_versions->currentText();
    m_versions->clear();
    m_versions->addItem(tr("no model version"), QVariant());
    if (m_session.hasWorkspace()) {
        try {
            registry::ModelRegistry models(m_session.workspace()->db(), m_session.workspace()->artifacts());
            for (const auto &model : models.models())
                for (const auto &v : models.versions(model.name)) {
                    QString label = QStringLiteral("%1 v%2").arg(QString::fromStdString(model.name)).arg(v.version);
                    if (!v.aliases.empty()) {
                        QStringList aliases;
                        for (const auto &a : v.aliases)
                            aliases << QStringLiteral("@") + QString::fromStdString(a);
                        label += QStringLiteral(" (%1)").arg(aliases.join(QStringLiteral(", ")));
                    }
                    m_versions->addItem(label, QVariant::fromValue<qlonglong>(v.id));
                }
        } catch (const std::exception &) {
            // An unreadable registry leaves only "no model version"; the Registry area says why.
        }
    }
    if (const int i = m_versions->findText(keep); i >= 0)
        m_versions->setCurrentIndex(i);
}

void DriftView::updateWindowControls()
{
    const int mode = m_windowMode->currentIndex();
    m_timeColumn->setVisible(mode == ByTime);
    m_period->setVisible(mode == ByTime);
    m_chunks->setVisible(mode == ByChunks);
}

void DriftView::setWindowsByTime(const QString &column, const QString &period)
{
    m_windowMode->setCurrentIndex(ByTime);
    if (const int i = m_timeColumn->findText(column); i >= 0)
        m_timeColumn->setCurrentIndex(i);
    if (const int i = m_period->findData(period); i >= 0)
        m_period->setCurrentIndex(i);
}

void DriftView::setWindowsByChunks(int chunks)
{
    m_windowMode->setCurrentIndex(ByChunks);
    m_chunks->setValue(chunks);
}

void DriftView::setQualityColumns(const QString &target, const QString &prediction)
{
    m_target->setCurrentIndex(std::max(0, m_target->findText(target)));
    m_prediction->setCurrentIndex(std::max(0, m_prediction->findText(prediction)));
}

void DriftView::setExcluded(const QString &commaSeparated)
{
    m_exclude->setText(commaSeparated);
}

std::optional<drift::DriftRequest> DriftView::request(QString *problem) const
{
    drift::DriftRequest r;
    if (m_reference->text().trimmed().isEmpty() || m_current->text().trimmed().isEmpty()) {
        *problem = tr("Choose both a reference and a current file.");
        return std::nullopt;
    }
    r.reference = m_reference->text().trimmed().toStdString();
    r.current = m_current->text().trimmed().toStdString();
    for (const QString &c : m_exclude->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        r.options.exclude.push_back(c.trimmed().toStdString());
    if (m_windowMode->currentIndex() == ByTime) {
        if (m_timeColumn->currentText() == tr("(no date column)")) {
            *problem = tr("The current data has no column of dates or times to window by; use row chunks instead.");
            return std::nullopt;
        }
        r.timeColumn = m_timeColumn->currentText().toStdString();
        r.period = *drift::periodFromString(m_period->currentData().toString().toStdString());
    } else if (m_windowMode->currentIndex() == ByChunks) {
        r.chunks = std::size_t(m_chunks->value());
    }
    const bool target = m_target->currentIndex() > 0, prediction = m_prediction->currentIndex() > 0;
    if (target != prediction) {
        *problem = tr("Concept drift needs both the target and the prediction column.");
        return std::nullopt;
    }
    if (target) {
        if (m_target->currentText() == m_prediction->currentText()) {
            *problem = tr("The target and the prediction must be different columns.");
            return std::nullopt;
        }
        drift::ConceptDriftOptions q;
        q.target = m_target->currentText().toStdString();
        q.prediction = m_prediction->currentText().toStdString();
        for (const std::string &c : {q.target, q.prediction})
            if (std::find(r.options.exclude.begin(), r.options.exclude.end(), c) == r.options.exclude.end())
                r.options.exclude.push_back(c);
        r.quality = q;
    }
    return r;
}

bool DriftView::run()
{
    if (m_runner->isRunning())
        return false;
    QString problem;
    auto r = request(&problem);
    if (!r) {
        m_formError->setText(problem);
        m_formError->setVisible(true);
        return false;
    }
    m_formError->setVisible(false);
    QSettings settings;
    settings.setValue(QStringLiteral("drift/reference"), m_reference->text().trimmed());
    settings.setValue(QStringLiteral("drift/current"), m_current->text().trimmed());
    std::optional<std::int64_t> version;
    if (m_versions->currentData().isValid())
        version = m_versions->currentData().toLongLong();
    m_runButton->setEnabled(false);
    m_cancelButton->setEnabled(true);
    m_progress->setText(tr("Starting…"));
    m_runner->run(std::move(*r), version);
    return true;
}

QString DriftView::referenceText() const
{
    return m_reference->text();
}

bool DriftView::isRunning() const
{
    return m_runner->isRunning();
}

const drift::DriftAnalysis *DriftView::analysis() const
{
    return m_analysis.get();
}

void DriftView::showAnalysis(std::shared_ptr<const drift::DriftAnalysis> analysis, qint64 savedId)
{
    m_runButton->setEnabled(true);
    m_cancelButton->setEnabled(false);
    m_exportJson->setEnabled(true);
    m_exportHtml->setEnabled(true);
    m_analysis = std::move(analysis);
    m_savedId = savedId;
    if (savedId > 0)
        m_reportsButton->setEnabled(true);
    const drift::DriftAnalysis &a = *m_analysis;
    const auto &report = a.report;
    const double share = report.columns.empty() ? 0.0 : double(report.driftedColumns) / double(report.columns.size());
    QString text = report.datasetDrift
                       ? tr("<b>Dataset drift</b>: %1 of %2 columns drifted (%3, the limit is %4).")
                       : tr("<b>No dataset drift</b>: %1 of %2 columns drifted (%3, the limit is %4).");
    text = text.arg(report.driftedColumns).arg(report.columns.size()).arg(percent(share), percent(report.driftShare));
    text += QStringLiteral(" ") + tr("%1 reference rows, %2 current rows.").arg(report.referenceRows).arg(report.currentRows);
    if (!a.windows.empty()) {
        int drifting = 0;
        for (const auto &w : a.windows)
            drifting += w.report.datasetDrift ? 1 : 0;
        text += QStringLiteral("<br>") + tr("%1 of %n windows show dataset drift.", nullptr, int(a.windows.size())).arg(drifting);
        if (a.untimed > 0)
            text += QStringLiteral(" ") + tr("%n rows have no time and are in no window.", nullptr, int(a.untimed));
    }
    if (a.multivariate) {
        const auto &m = *a.multivariate;
        text += QStringLiteral("<br>") + tr("Multivariate drift (PCA reconstruction error): %1 of %n windows outside the reference band.", nullptr,
                                            int(m.windows.size()))
                                             .arg(m.alerts);
    }
    if (a.quality) {
        const auto &q = *a.quality;
        text += QStringLiteral("<br>") +
                tr("Model quality (%1 of %2): %3 of %n windows outside the reference band [%4, %5].", nullptr, int(q.windows.size()))
                    .arg(QString::fromStdString(q.metric), QString::fromStdString(a.request.quality->prediction))
                    .arg(q.alerts)
                    .arg(q.lower, 0, 'f', 3)
                    .arg(q.upper, 0, 'f', 3);
    }
    if (savedId > 0)
        text += QStringLiteral("<br><span style='color: palette(placeholder-text)'>%1</span>")
                    .arg(tr("%1 against %2; kept in the workspace as report %3.")
                             .arg(QFileInfo(QString::fromStdString(a.request.current.string())).fileName().toHtmlEscaped(),
                                  QFileInfo(QString::fromStdString(a.request.reference.string())).fileName().toHtmlEscaped())
                             .arg(savedId));
    const bool alert = a.alert();
    m_summary->setText(text);
    m_summary->setStyleSheet(alert ? QStringLiteral("QLabel { background: #fdecea; border: 1px solid #f5c2c0; border-radius: 6px; padding: 8px; }")
                                   : QStringLiteral("QLabel { background: #e8f5e9; border: 1px solid #b9dfbb; border-radius: 6px; padding: 8px; }"));
    QStringList skipped;
    for (const auto &s : report.skipped)
        skipped << EngineText::skipReason(s);
    m_skipped->setText(skipped.isEmpty() ? QString() : tr("Not tested: %1").arg(skipped.join(QStringLiteral("; "))));
    m_skipped->setVisible(!skipped.isEmpty());

    m_model->setAnalysis(m_analysis);
    m_table->resizeColumnsToContents();
    m_table->setColumnWidth(DriftColumnsModel::OverTime, 140);
    std::vector<int> order;
    for (int row = 0; row < m_model->rowCount(); ++row)
        order.push_back(m_model->index(row, 0).data(DriftColumnsModel::ReportIndexRole).toInt());
    m_heatmap->setAnalysis(m_analysis.get(), order);
    if (a.quality)
        m_quality->setQuality(*a.quality, tr("%1 per window").arg(QString::fromStdString(a.quality->metric)));
    else
        m_quality->clear(tr("Give the target and prediction columns to watch model quality."));
    if (a.multivariate)
        m_multivariate->setMultivariate(*a.multivariate, tr("PCA reconstruction error per window (%1 components, %2% of the variance)")
                                                              .arg(a.multivariate->components)
                                                              .arg(100 * a.multivariate->explainedVariance, 0, 'f', 0));
    else
        m_multivariate->clear(tr("Multivariate drift needs at least two tested columns."));
    m_pages->setCurrentIndex(1);
    m_progress->clear();
    if (m_model->rowCount() > 0)
        m_table->setCurrentIndex(m_model->index(0, 0));
    else {
        m_distribution->clear(tr("No column could be tested."));
        m_windowChart->clear(QString());
    }
    Q_EMIT analysisFinished();
}

void DriftView::showColumn(int reportIndex)
{
    if (!m_analysis || reportIndex < 0 || reportIndex >= int(m_analysis->report.columns.size()))
        return;
    const auto &column = m_analysis->report.columns[std::size_t(reportIndex)];
    const QString name = QString::fromStdString(column.column);
    const QString verdict = column.drift.drifted ? tr("drift") : tr("no drift");
    m_distribution->setDistribution(m_analysis->distributions[std::size_t(reportIndex)],
                                    tr("%1 — %2, %3 %4").arg(name, verdict, QString::fromStdString(column.drift.test),
                                                            DriftColumnsModel::formatScore(column.drift.score, column.drift.scoreIsPValue)));
    if (m_analysis->windows.empty()) {
        m_windowChart->clear(tr("Choose windows (a time column or row chunks) and run again to see %1 over time.").arg(name));
        return;
    }
    QStringList windows;
    for (const auto &w : m_analysis->windows)
        windows << QString::fromStdString(w.start);
    std::optional<std::pair<double, double>> band;
    if (std::size_t(reportIndex) < m_analysis->bands.size() && m_analysis->bands[std::size_t(reportIndex)])
        band = std::pair{m_analysis->bands[std::size_t(reportIndex)]->lower, m_analysis->bands[std::size_t(reportIndex)]->upper};
    m_windowChart->setScores(windows, DriftColumnsModel::windowScores(*m_analysis, column.column), column.drift.threshold,
                             column.drift.scoreIsPValue, tr("%1 per window (%2)").arg(name, QString::fromStdString(column.drift.test)), band);
}

void DriftView::selectColumn(const QString &name)
{
    for (int row = 0; row < m_model->rowCount(); ++row)
        if (m_model->index(row, DriftColumnsModel::Name).data().toString() == name) {
            m_table->setCurrentIndex(m_model->index(row, 0));
            return;
        }
}

bool DriftView::exportJson(const QString &file, QString *error) const
{
    if (!m_analysis)
        return false;
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    const std::string json = drift::toJson(*m_analysis);
    out.write(json.data(), qint64(json.size()));
    return out.flush();
}

bool DriftView::exportHtml(const QString &file, QString *error) const
{
    if (!m_analysis)
        return false;
    const drift::DriftAnalysis &a = *m_analysis;
    auto esc = [](const std::string &s) { return QString::fromStdString(s).toHtmlEscaped(); };
    QString html;
    html += QStringLiteral("<!DOCTYPE html><html><head><meta charset='utf-8'><title>%1</title><style>"
                           "body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse}"
                           "td,th{border:1px solid #ddd;padding:4px 8px;text-align:left}th{background:#f4f4f4}"
                           ".drift{color:#c62828;font-weight:bold}.ok{color:#2e7d32}.summary{padding:10px;border-radius:6px}"
                           ".alert{background:#fdecea}.fine{background:#e8f5e9}img{max-width:100%}</style></head><body>")
                .arg(tr("Drift report"));
    html += QStringLiteral("<h1>%1</h1><p>%2<br>%3</p>")
                .arg(tr("Drift report"), tr("Reference: %1 (%2 rows)").arg(esc(a.request.reference.string())).arg(a.report.referenceRows),
                     tr("Current: %1 (%2 rows)").arg(esc(a.request.current.string())).arg(a.report.currentRows));
    html += QStringLiteral("<div class='summary %1'>%2</div>").arg(a.alert() ? QStringLiteral("alert") : QStringLiteral("fine"), m_summary->text());
    html += QStringLiteral("<h2>%1</h2><table><tr>").arg(tr("Columns"));
    for (int c = 0; c < DriftColumnsModel::OverTime; ++c)
        html += QStringLiteral("<th>%1</th>").arg(m_model->headerData(c, Qt::Horizontal).toString().toHtmlEscaped());
    html += QStringLiteral("</tr>");
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const bool drifted = m_model->index(row, 0).data(DriftColumnsModel::DriftedRole).toBool();
        html += QStringLiteral("<tr>");
        for (int c = 0; c < DriftColumnsModel::OverTime; ++c)
            html += QStringLiteral("<td%1>%2</td>")
                        .arg(c == DriftColumnsModel::Drift ? (drifted ? QStringLiteral(" class='drift'") : QStringLiteral(" class='ok'")) : QString(),
                             m_model->index(row, c).data().toString().toHtmlEscaped());
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral("</table>");
    if (!a.report.skipped.empty()) {
        html += QStringLiteral("<p>%1</p><ul>").arg(tr("Not tested:"));
        for (const auto &s : a.report.skipped)
            html += QStringLiteral("<li>%1</li>").arg(EngineText::skipReason(s).toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    // Charts drawn off screen at a fixed size, embedded as PNG.
    const QSize size(760, 300);
    if (a.multivariate) {
        BandChart chart;
        chart.setMultivariate(*a.multivariate, tr("PCA reconstruction error per window"));
        html += QStringLiteral("<h2>%1</h2><img src='%2'>").arg(tr("Multivariate drift"), pngDataUri(&chart, size));
    }
    if (a.quality) {
        BandChart chart;
        chart.setQuality(*a.quality, tr("%1 per window").arg(QString::fromStdString(a.quality->metric)));
        html += QStringLiteral("<h2>%1</h2><img src='%2'>").arg(tr("Model quality"), pngDataUri(&chart, size));
    }
    if (!a.windows.empty()) {
        std::vector<int> order;
        for (int row = 0; row < m_model->rowCount(); ++row)
            order.push_back(m_model->index(row, 0).data(DriftColumnsModel::ReportIndexRole).toInt());
        DriftHeatmap heatmap;
        heatmap.setAnalysis(&a, order);
        html += QStringLiteral("<h2>%1</h2><img src='%2'>").arg(tr("Drift over time"), pngDataUri(&heatmap, heatmap.sizeHint().expandedTo(QSize(500, 200))));
    }
    QStringList windows;
    for (const auto &w : a.windows)
        windows << QString::fromStdString(w.start);
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const int i = m_model->index(row, 0).data(DriftColumnsModel::ReportIndexRole).toInt();
        const auto &column = a.report.columns[std::size_t(i)];
        html += QStringLiteral("<h3>%1</h3>").arg(esc(column.column));
        DistributionChart distribution;
        distribution.setDistribution(a.distributions[std::size_t(i)], tr("%1: reference and current").arg(esc(column.column)));
        html += QStringLiteral("<img src='%1'>").arg(pngDataUri(&distribution, size));
        if (!a.windows.empty()) {
            WindowScoreChart overTime;
            std::optional<std::pair<double, double>> band;
            if (std::size_t(i) < a.bands.size() && a.bands[std::size_t(i)])
                band = std::pair{a.bands[std::size_t(i)]->lower, a.bands[std::size_t(i)]->upper};
            overTime.setScores(windows, DriftColumnsModel::windowScores(a, column.column), column.drift.threshold, column.drift.scoreIsPValue,
                               tr("%1 per window").arg(esc(column.column)), band);
            html += QStringLiteral("<img src='%1'>").arg(pngDataUri(&overTime, size));
        }
    }
    html += QStringLiteral("</body></html>");
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = tr("Cannot write %1: %2").arg(file, out.errorString());
        return false;
    }
    out.write(html.toUtf8());
    return out.flush();
}

void DriftView::exportWithDialog(bool html)
{
    const QString file = QFileDialog::getSaveFileName(this, html ? tr("Export drift report as HTML") : tr("Export drift report as JSON"),
                                                      html ? QStringLiteral("drift-report.html") : QStringLiteral("drift-report.json"),
                                                      html ? tr("HTML (*.html)") : tr("JSON (*.json)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!(html ? exportHtml(file, &error) : exportJson(file, &error)))
        QMessageBox::warning(this, tr("Export"), error);
}

bool DriftView::openReport(qint64 id)
{
    try {
        showAnalysis(m_runner->openReport(id), id);
        m_formError->setVisible(false);
        return true;
    } catch (const std::exception &e) {
        m_formError->setText(tr("Report %1 cannot be opened: %2").arg(id).arg(EngineText::error(e)));
        m_formError->setVisible(true);
        return false;
    }
}

void DriftView::openLatestReport()
{
    const auto reports = m_runner->reports();
    m_reportsButton->setEnabled(!reports.empty());
    if (!reports.empty() && !m_runner->isRunning())
        openReport(reports.front().id);
}

void DriftView::chooseReport()
{
    const auto reports = m_runner->reports();
    if (reports.empty())
        return;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("driftReportsDialog"));
    dialog.setWindowTitle(tr("Drift reports"));
    auto *layout = new QVBoxLayout(&dialog);
    auto *list = new QTreeWidget(&dialog);
    list->setObjectName(QStringLiteral("driftReportsList"));
    list->setRootIsDecorated(false);
    list->setHeaderLabels({tr("When"), tr("Reference → current"), tr("Verdict"), tr("Model version")});
    for (const auto &r : reports) {
        auto *item = new QTreeWidgetItem(list);
        item->setText(0, QDateTime::fromMSecsSinceEpoch(r.createdAt).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        item->setText(1, QStringLiteral("%1 → %2").arg(QFileInfo(QString::fromStdString(r.reference)).fileName(),
                                                       QFileInfo(QString::fromStdString(r.current)).fileName()));
        item->setToolTip(1, QStringLiteral("%1\n%2").arg(QString::fromStdString(r.reference), QString::fromStdString(r.current)));
        QString verdict = r.datasetDrift ? tr("drift: %1 of %2 columns").arg(r.driftedColumns).arg(r.columns)
                                         : tr("no drift: %1 of %2 columns").arg(r.driftedColumns).arg(r.columns);
        if (r.qualityAlerts > 0)
            verdict += QStringLiteral(", ") + tr("%n quality alert(s)", nullptr, int(r.qualityAlerts));
        item->setText(2, verdict);
        item->setForeground(2, r.datasetDrift || r.qualityAlerts ? QBrush(QColor(0xb4, 0x23, 0x18)) : QBrush(QColor(0x1e, 0x7a, 0x34)));
        item->setText(3, r.model.empty() ? tr("–") : tr("%1 v%2").arg(QString::fromStdString(r.model)).arg(r.version));
        item->setData(0, Qt::UserRole, qint64(r.id));
        if (r.id == m_savedId)
            list->setCurrentItem(item);
    }
    if (!list->currentItem())
        list->setCurrentItem(list->topLevelItem(0));
    for (int c = 0; c < 4; ++c)
        list->resizeColumnToContents(c);
    layout->addWidget(list);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, &dialog);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(list, &QTreeWidget::itemActivated, &dialog, &QDialog::accept);
    layout->addWidget(buttons);
    dialog.resize(820, 420);
    if (dialog.exec() == QDialog::Accepted && list->currentItem())
        openReport(list->currentItem()->data(0, Qt::UserRole).toLongLong());
}

SkewDialog *DriftView::openSkew()
{
    auto *dialog = findChild<SkewDialog *>(QStringLiteral("skewDialog"));
    if (!dialog)
        dialog = new SkewDialog(m_runner, this);
    dialog->raise();
    return dialog;
}

} // namespace keel
