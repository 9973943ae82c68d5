#include "widgets/eval/evalview.h"

#include "models/costtext.h"
#include "models/evalresultsmodel.h"
#include "models/enginetext.h"
#include "models/evalworkbench.h"
#include "models/session.h"
#include "store/workspace.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace keel {
namespace {

constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kUuidRole = Qt::UserRole + 2;

QString q(const std::string &s)
{
    return QString::fromStdString(s);
}

QString esc(const std::string &s)
{
    return q(s).toHtmlEscaped();
}

QString pre(const std::string &s)
{
    return QStringLiteral("<pre style=\"white-space:pre-wrap; background:#f4f5f7; padding:4px\">%1</pre>").arg(esc(s));
}

QString when(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString statusColour(const std::string &status)
{
    return status == "pass" ? QStringLiteral("#1e7a34") : status == "fail" ? QStringLiteral("#b42318") : QStringLiteral("#9a6200");
}

// pass, fail, error as the reader's language says them.
QString statusText(const std::string &status)
{
    return status == "pass"   ? QCoreApplication::translate("keel::EvalView", "pass")
           : status == "fail" ? QCoreApplication::translate("keel::EvalView", "fail")
                              : QCoreApplication::translate("keel::EvalView", "error");
}

QString passRate(const eval::EvalRunInfo &r)
{
    const std::size_t ran = r.passed + r.failed + r.errors;
    return ran ? QStringLiteral("%1%").arg(100.0 * double(r.passed) / double(ran), 0, 'f', 0) : QStringLiteral("–");
}

// A bar chart with one category per label and one bar set per series; `unit` names the axis.
QChart *barChart(const QString &title, const QStringList &labels, const QList<QPair<QString, QList<qreal>>> &sets, const QString &unit, qreal max = -1)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *series = new QBarSeries;
    qreal top = 0;
    const QColor colours[] = {QColor(0x3b, 0x6e, 0xc9), QColor(0xe0, 0x8a, 0x2c), QColor(0x4c, 0xa0, 0x5a)};
    int n = 0;
    for (const auto &[name, values] : sets) {
        auto *set = new QBarSet(name);
        set->setColor(colours[n++ % 3]);
        for (qreal v : values) {
            *set << (std::isfinite(v) ? v : 0.0);
            if (std::isfinite(v))
                top = std::max(top, v);
        }
        series->append(set);
    }
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsPrecision(3);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(labels);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setTitleText(unit);
    y->setRange(0, max > 0 ? max : (top > 0 ? top * 1.2 : 1.0));
    y->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setVisible(sets.size() > 1);
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

const char *kNewSuite = R"(# An eval suite in promptfoo's format: prompts, providers, tests with assertions.
description: My suite
prompts:
  - "Answer in one word: {{question}}"
providers:
  - id: keel:SmolLM2-135M-Instruct
    config: {temperature: 0, max_tokens: 32}
tests:
  - vars: {question: What colour is the sky on a clear day?}
    assert:
      - {type: icontains, value: blue}
)";

} // namespace

EvalView::EvalView(Session &session, QWidget *parent)
    : QWidget(parent), m_session(session), m_workbench(new EvalWorkbench(session, this)), m_results(new EvalResultsModel(this))
{
    setObjectName(QStringLiteral("evalsArea"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    layout->addWidget(splitter);

    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Suites</b>"), left));
    m_suites = new QListWidget(left);
    m_suites->setObjectName(QStringLiteral("evalSuites"));
    m_suites->setMaximumHeight(150);
    leftLayout->addWidget(m_suites);
    auto *suiteButtons = new QHBoxLayout;
    auto *open = new QPushButton(tr("Open suite…"), left);
    auto *create = new QPushButton(tr("New suite"), left);
    suiteButtons->addWidget(open);
    suiteButtons->addWidget(create);
    leftLayout->addLayout(suiteButtons);
    leftLayout->addSpacing(8);
    leftLayout->addWidget(new QLabel(tr("<b>Runs</b>"), left));
    m_runs = new QTreeWidget(left);
    m_runs->setObjectName(QStringLiteral("evalRuns"));
    m_runs->setHeaderLabels({tr("Run", "the runs list's column"), tr("Passed"), tr("Status")});
    m_runs->setRootIsDecorated(false);
    m_runs->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_runs->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_runs->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_runs->header()->setStretchLastSection(false);
    leftLayout->addWidget(m_runs, 1);
    splitter->addWidget(left);

    m_tabs = new QTabWidget(splitter);
    m_tabs->setObjectName(QStringLiteral("evalTabs"));
    m_tabs->addTab(createEditor(), tr("Suite"));
    m_tabs->addTab(createResults(), tr("Results"));
    m_tabs->addTab(createCharts(), tr("Charts"));
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({320, 1000});

    connect(open, &QPushButton::clicked, this, [this] {
        const QString start = m_session.hasWorkspace() ? q((m_session.workspace()->dir() / "evals").string()) : QDir::homePath();
        const QString path = QFileDialog::getOpenFileName(this, tr("Open an eval suite"), start, tr("Eval suites (*.yaml *.yml)"));
        if (!path.isEmpty())
            openSuite(path);
    });
    connect(create, &QPushButton::clicked, this, [this] {
        m_path.clear();
        m_file->setText(tr("<i>New suite, not saved yet</i>"));
        m_editor->setPlainText(QString::fromUtf8(kNewSuite));
        m_dirty = true;
        m_tabs->setCurrentIndex(0);
        checkNow();
    });
    connect(m_suites, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) { openSuite(item->data(kPathRole).toString()); });
    connect(m_suites, &QListWidget::itemClicked, this, [this](QListWidgetItem *item) { openSuite(item->data(kPathRole).toString()); });
    connect(m_runs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item && item->data(0, kUuidRole).toString() != m_shownRun)
            showRun(item->data(0, kUuidRole).toString());
    });
    connect(m_workbench, &EvalWorkbench::runsChanged, this, &EvalView::rebuildRuns);
    connect(m_workbench, &EvalWorkbench::progress, this, [this](const QString &suite, const eval::EvalProgress &p) {
        m_runStatus->setText(tr("%1: %2 of %3 cells, %4 passed, %5 failed, %6 errors, %7 tokens/s")
                                 .arg(QFileInfo(suite).fileName())
                                 .arg(p.done)
                                 .arg(p.total)
                                 .arg(p.passed)
                                 .arg(p.failed)
                                 .arg(p.errors)
                                 .arg(p.tokensPerSecond, 0, 'f', 1));
        m_workbench->refresh(); // the run's row shows what it has so far
    });
    connect(m_workbench, &EvalWorkbench::runFinished, this, [this](const QString &uuid, const QString &status) {
        const eval::EvalRunInfo *info = m_workbench->run(uuid);
        m_runStatus->setText(status == QLatin1String("KILLED") ? tr("Cancelled: the finished cells are kept.")
                                                               : tr("Finished: %1 of %2 cells passed.")
                                                                     .arg(info ? info->passed : 0)
                                                                     .arg(info ? info->passed + info->failed + info->errors : 0));
        showRun(uuid);
        m_tabs->setCurrentIndex(1);
    });
    connect(m_workbench, &EvalWorkbench::runFailed, this, [this](const QString &suite, const QString &message) {
        m_runStatus->setText(tr("<span style=\"color:#b42318\">%1 could not run: %2</span>").arg(QFileInfo(suite).fileName(), message.toHtmlEscaped()));
    });
    connect(&m_session, &Session::workspaceChanged, this, [this] {
        // The editor leaves the other workspace's suite: this one's first suite opens instead.
        m_path.clear();
        m_editor->clear();
        m_dirty = false;
        m_file->setText(tr("<i>No suite open: choose one on the left, open a file or start a new one.</i>"));
        rebuildSuites();
        if (m_path.isEmpty())
            checkNow();
        m_shownRun.clear();
        m_results->setResults({});
        if (!m_workbench->runs().empty()) {
            showRun(q(m_workbench->runs().front().runUuid));
            m_tabs->setCurrentIndex(1);
        }
    });
    rebuildSuites();
    rebuildRuns();
    // A workspace with runs opens on the latest one's results; one without, on its first suite.
    if (!m_workbench->runs().empty()) {
        showRun(q(m_workbench->runs().front().runUuid));
        m_tabs->setCurrentIndex(1);
    }
}

QWidget *EvalView::createEditor()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *bar = new QHBoxLayout;
    m_file = new QLabel(tr("<i>No suite open: choose one on the left, open a file or start a new one.</i>"), page);
    m_file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_file->setWordWrap(true);
    m_file->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bar->addWidget(m_file, 1);
    bar->addWidget(new QLabel(tr("Beside:"), page));
    m_extraModel = new QComboBox(page);
    m_extraModel->setObjectName(QStringLiteral("evalExtraModel"));
    m_extraModel->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_extraModel->setMinimumContentsLength(18);
    m_extraModel->setToolTip(tr("Run a second local model on the same suite: its results get a column of their own."));
    m_extraModel->addItem(tr("the suite's providers only"), QString());
    for (const auto &[name, path] : m_workbench->localModels())
        m_extraModel->addItem(name, path);
    bar->addWidget(m_extraModel);
    m_save = new QPushButton(tr("Save"), page);
    m_save->setShortcut(QKeySequence::Save);
    bar->addWidget(m_save);
    m_run = new QPushButton(tr("Run"), page);
    m_run->setObjectName(QStringLiteral("evalRun"));
    m_run->setDefault(true);
    bar->addWidget(m_run);
    layout->addLayout(bar);
    m_editor = new QPlainTextEdit(page);
    m_editor->setObjectName(QStringLiteral("evalEditor"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(false);
    layout->addWidget(m_editor, 1);
    m_check = new QLabel(page);
    m_check->setObjectName(QStringLiteral("evalCheck"));
    m_check->setWordWrap(true);
    m_check->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_check);
    m_runStatus = new QLabel(page);
    m_runStatus->setObjectName(QStringLiteral("evalRunStatus"));
    m_runStatus->setWordWrap(true);
    layout->addWidget(m_runStatus);

    m_checkTimer = new QTimer(this);
    m_checkTimer->setSingleShot(true);
    m_checkTimer->setInterval(250);
    connect(m_checkTimer, &QTimer::timeout, this, &EvalView::checkNow);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        m_dirty = true;
        m_checkTimer->start();
    });
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(m_run, &QPushButton::clicked, this, [this] { runSuite(); });
    m_run->setEnabled(false);
    return page;
}

QWidget *EvalView::createResults()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    m_runTitle = new QLabel(tr("<i>No run shown: run a suite, or choose a run on the left.</i>"), page);
    m_runTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_runTitle->setWordWrap(true);
    layout->addWidget(m_runTitle);
    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Compare with:"), page));
    m_baseline = new QComboBox(page);
    m_baseline->setObjectName(QStringLiteral("evalBaseline"));
    m_baseline->setMinimumContentsLength(16);
    m_baseline->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bar->addWidget(m_baseline);
    m_failuresOnly = new QCheckBox(tr("Failures only"), page);
    m_failuresOnly->setObjectName(QStringLiteral("evalFailuresOnly"));
    bar->addWidget(m_failuresOnly);
    bar->addStretch(1);
    m_rerun = new QPushButton(tr("Re-run failing cases"), page);
    m_rerun->setObjectName(QStringLiteral("evalRerun"));
    bar->addWidget(m_rerun);
    layout->addLayout(bar);
    m_summary = new QLabel(page);
    m_summary->setObjectName(QStringLiteral("evalSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto *split = new QSplitter(Qt::Horizontal, page);
    m_grid = new QTableView(split);
    m_grid->setObjectName(QStringLiteral("evalGrid"));
    m_grid->setModel(m_results);
    m_grid->setWordWrap(true);
    m_grid->setSelectionMode(QAbstractItemView::SingleSelection);
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->verticalHeader()->setVisible(false);
    {
        // The chosen cell keeps its pass/fail colour under a light tint.
        QPalette palette = m_grid->palette();
        palette.setColor(QPalette::Highlight, QColor(0x3b, 0x6e, 0xc9, 70));
        palette.setColor(QPalette::HighlightedText, palette.color(QPalette::Text));
        m_grid->setPalette(palette);
    }
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_grid->horizontalHeader()->setMinimumSectionSize(120);
    m_grid->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_detail = new QTextBrowser(split);
    m_detail->setObjectName(QStringLiteral("evalDetail"));
    m_detail->setOpenLinks(false);
    split->addWidget(m_grid);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(m_baseline, &QComboBox::currentIndexChanged, this, [this] { applyBaseline(); });
    connect(m_failuresOnly, &QCheckBox::toggled, m_results, &EvalResultsModel::setFailuresOnly);
    connect(m_rerun, &QPushButton::clicked, this, &EvalView::rerunFailing);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &index) { showCell(index); });
    connect(m_results, &QAbstractItemModel::modelReset, this, [this] {
        // Keep a cell chosen: the first that did not pass, else the first.
        QModelIndex pick;
        for (int r = 0; r < m_results->rowCount() && !pick.isValid(); ++r)
            for (int c = 1; c < m_results->columnCount(); ++c)
                if (m_results->index(r, c).data(EvalResultsModel::StatusRole).toString() != QLatin1String("pass")) {
                    pick = m_results->index(r, c);
                    break;
                }
        if (!pick.isValid() && m_results->rowCount() > 0 && m_results->columnCount() > 1)
            pick = m_results->index(0, 1);
        if (pick.isValid())
            m_grid->setCurrentIndex(pick);
        else
            m_detail->setHtml(QString());
        updateSummary();
    });
    return page;
}

QWidget *EvalView::createCharts()
{
    auto *page = new QWidget(this);
    auto *grid = new QGridLayout(page);
    auto view = [page](const char *name) {
        auto *v = new QChartView(page);
        v->setObjectName(QLatin1String(name));
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumSize(160, 200);
        return v;
    };
    m_passChart = view("evalPassChart");
    m_latencyChart = view("evalLatencyChart");
    m_costChart = view("evalCostChart");
    grid->addWidget(m_passChart, 0, 0, 1, 2);
    grid->addWidget(m_latencyChart, 1, 0);
    grid->addWidget(m_costChart, 1, 1);
    grid->setRowStretch(0, 1);
    grid->setRowStretch(1, 1);
    return page;
}

void EvalView::rebuildSuites()
{
    m_suites->clear();
    for (const QString &path : m_workbench->suiteFiles()) {
        auto *item = new QListWidgetItem(QFileInfo(path).fileName(), m_suites);
        item->setData(kPathRole, path);
        item->setToolTip(path);
    }
    if (m_path.isEmpty() && m_suites->count() > 0)
        openSuite(m_suites->item(0)->data(kPathRole).toString());
}

void EvalView::rebuildRuns()
{
    const QSignalBlocker block(m_runs);
    m_runs->clear();
    for (const auto &r : m_workbench->runs()) {
        auto *item = new QTreeWidgetItem(m_runs);
        item->setText(0, QStringLiteral("%1  %2").arg(QFileInfo(q(r.suitePath)).completeBaseName(),
                                                      QDateTime::fromMSecsSinceEpoch(r.startedAt).toString(QStringLiteral("MM-dd HH:mm"))));
        item->setText(1, passRate(r));
        item->setText(2, EngineText::runStatus(r.status));
        item->setData(0, kUuidRole, q(r.runUuid));
        item->setToolTip(0, tr("Run %1 of %2\n%3 of %4 cells done, %5 passed, %6 failed, %7 errors")
                                .arg(q(r.runUuid), q(r.suitePath))
                                .arg(r.done)
                                .arg(r.totalCells)
                                .arg(r.passed)
                                .arg(r.failed)
                                .arg(r.errors));
        if (q(r.runUuid) == m_shownRun)
            m_runs->setCurrentItem(item);
    }
}

bool EvalView::openSuite(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        m_check->setText(tr("<span style=\"color:#b42318\">Cannot read %1: %2</span>").arg(path.toHtmlEscaped(), file.errorString()));
        return false;
    }
    m_path = path;
    m_file->setText(QStringLiteral("<b>%1</b> &nbsp; <span style=\"color:#666\">%2</span>")
                        .arg(QFileInfo(path).fileName().toHtmlEscaped(), QFileInfo(path).absolutePath().toHtmlEscaped()));
    {
        const QSignalBlocker block(m_editor);
        m_editor->setPlainText(QString::fromUtf8(file.readAll()));
    }
    m_dirty = false;
    for (int i = 0; i < m_suites->count(); ++i)
        if (m_suites->item(i)->data(kPathRole).toString() == path) {
            const QSignalBlocker block(m_suites);
            m_suites->setCurrentRow(i);
        }
    checkNow();
    return true;
}

void EvalView::checkNow()
{
    m_checkTimer->stop();
    if (m_editor->toPlainText().trimmed().isEmpty()) { // nothing written yet: nothing to point at
        m_editor->setExtraSelections({});
        m_check->clear();
        m_run->setEnabled(false);
        return;
    }
    const QString file = m_path.isEmpty() && m_session.hasWorkspace() ? q((m_session.workspace()->dir() / "evals" / "untitled.yaml").string()) : m_path;
    const SuiteCheck c = EvalWorkbench::check(m_editor->toPlainText(), file);
    QList<QTextEdit::ExtraSelection> marks;
    QString text;
    if (c.ok) {
        text = tr("<span style=\"color:#1e7a34\">✓</span> %n case(s)", nullptr, c.cases) + QStringLiteral(" × ") +
               tr("%n prompt(s)", nullptr, c.prompts) + QStringLiteral(" × ") + tr("%n provider(s)", nullptr, c.providers) + QStringLiteral(", ") +
               tr("%n assertion(s)", nullptr, c.assertions) + QStringLiteral(" (") + c.providerNames.join(QStringLiteral(", ")).toHtmlEscaped() +
               QStringLiteral(")");
        for (const QString &e : c.caseErrors)
            text += QStringLiteral("<br><span style=\"color:#b42318\">%1</span>").arg(e.toHtmlEscaped());
        for (const QString &w : c.warnings)
            text += QStringLiteral("<br><span style=\"color:#9a6200\">%1</span>").arg(tr("warning: %1").arg(w.toHtmlEscaped()));
    } else {
        text = QStringLiteral("<span style=\"color:#b42318\">%1</span>").arg(c.error.toHtmlEscaped());
        if (c.line > 0) {
            QTextEdit::ExtraSelection mark;
            mark.cursor = QTextCursor(m_editor->document()->findBlockByNumber(c.line - 1));
            mark.format.setBackground(QColor(0xf8, 0xd7, 0xd7));
            mark.format.setProperty(QTextFormat::FullWidthSelection, true);
            marks << mark;
        }
    }
    m_editor->setExtraSelections(marks);
    m_check->setText(text);
    m_run->setEnabled(c.ok && m_session.hasWorkspace());
}

bool EvalView::save()
{
    if (m_path.isEmpty()) {
        QString start = QDir::homePath();
        if (m_session.hasWorkspace()) {
            const QString evals = q((m_session.workspace()->dir() / "evals").string());
            QDir().mkpath(evals);
            start = evals + QStringLiteral("/suite.yaml");
        }
        const QString path = QFileDialog::getSaveFileName(this, tr("Save the eval suite"), start, tr("Eval suites (*.yaml *.yml)"));
        if (path.isEmpty())
            return false;
        m_path = path;
    }
    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(m_editor->toPlainText().toUtf8()) < 0 || !file.flush()) {
        m_runStatus->setText(tr("<span style=\"color:#b42318\">Cannot save %1: %2</span>").arg(m_path.toHtmlEscaped(), file.errorString()));
        return false;
    }
    file.close();
    m_dirty = false;
    m_file->setText(QStringLiteral("<b>%1</b> &nbsp; <span style=\"color:#666\">%2</span>")
                        .arg(QFileInfo(m_path).fileName().toHtmlEscaped(), QFileInfo(m_path).absolutePath().toHtmlEscaped()));
    const QString kept = m_path;
    rebuildSuites();
    m_path = kept;
    checkNow();
    return true;
}

bool EvalView::runSuite()
{
    checkNow();
    if (!m_run->isEnabled())
        return false;
    if ((m_dirty || m_path.isEmpty()) && !save())
        return false;
    EvalWorkbench::RunRequest request;
    request.suitePath = m_path;
    if (const QString extra = m_extraModel->currentData().toString(); !extra.isEmpty())
        request.extraModels << extra;
    try {
        m_workbench->start(request);
    } catch (const std::exception &e) {
        m_runStatus->setText(tr("<span style=\"color:#b42318\">%1</span>").arg(EngineText::error(e).toHtmlEscaped()));
        return false;
    }
    m_runStatus->setText(tr("%1 is queued: the Jobs dock shows its progress and can cancel it.").arg(QFileInfo(m_path).fileName()));
    return true;
}

void EvalView::rerunFailing()
{
    const eval::EvalRunInfo *info = m_workbench->run(m_shownRun);
    const std::set<std::string> failing = m_results->failingCaseKeys();
    if (!info || failing.empty())
        return;
    EvalWorkbench::RunRequest request;
    request.suitePath = q(info->suitePath);
    request.onlyCaseKeys = failing;
    request.baselineUuid = m_shownRun; // the new run is compared with this one
    try {
        m_workbench->start(request);
        m_summary->setText(tr("%n failing case(s) queued again: the Jobs dock shows the run.", nullptr, int(failing.size())));
    } catch (const std::exception &e) {
        m_summary->setText(EngineText::error(e).toHtmlEscaped());
    }
}

void EvalView::showRun(const QString &uuid)
{
    const eval::EvalRunInfo *info = m_workbench->run(uuid);
    if (!info)
        return;
    m_shownRun = uuid;
    m_runTitle->setText(tr("<b>%1</b> &nbsp; run %2, %3, %4")
                            .arg(QFileInfo(q(info->suitePath)).fileName().toHtmlEscaped(), uuid.left(8), when(info->startedAt), EngineText::runStatus(info->status)));
    fillBaselines();
    applyBaseline();
    const QSignalBlocker block(m_runs);
    for (int i = 0; i < m_runs->topLevelItemCount(); ++i)
        if (m_runs->topLevelItem(i)->data(0, kUuidRole).toString() == uuid)
            m_runs->setCurrentItem(m_runs->topLevelItem(i));
}

void EvalView::fillBaselines()
{
    const QSignalBlocker block(m_baseline);
    m_baseline->clear();
    m_baseline->addItem(tr("no baseline"), QString());
    const eval::EvalRunInfo *info = m_workbench->run(m_shownRun);
    if (!info)
        return;
    int pick = 0;
    for (const auto &r : m_workbench->runs()) {
        if (r.runUuid == info->runUuid || r.suitePath != info->suitePath)
            continue;
        m_baseline->addItem(tr("run %1, %2 (%3 passed)").arg(q(r.runUuid).left(8), when(r.startedAt), passRate(r)), q(r.runUuid));
        if (r.runUuid == info->baselineUuid)
            pick = m_baseline->count() - 1;
    }
    m_baseline->setCurrentIndex(pick);
}

void EvalView::applyBaseline()
{
    const QString baseline = m_baseline->currentData().toString();
    try {
        auto results = m_workbench->results(m_shownRun);
        if (baseline.isEmpty())
            m_results->setResults(std::move(results));
        else
            m_results->setResults(std::move(results), m_workbench->results(baseline), true);
    } catch (const std::exception &e) {
        m_results->setResults({});
        m_summary->setText(tr("<span style=\"color:#b42318\">The results cannot be read: %1</span>").arg(EngineText::error(e).toHtmlEscaped()));
    }
    updateCharts();
}

void EvalView::updateSummary()
{
    const auto &results = m_results->results();
    std::size_t passed = 0, failed = 0, errors = 0, tokens = 0;
    double cost = 0;
    for (const auto &r : results) {
        passed += r.status == "pass";
        failed += r.status == "fail";
        errors += r.status == "error";
        tokens += r.promptTokens + r.completionTokens;
        cost += r.cost;
    }
    m_rerun->setEnabled(failed + errors > 0);
    if (results.empty()) {
        m_summary->setText(m_shownRun.isEmpty() ? QString() : tr("This run has no finished cells."));
        return;
    }
    QString text = tr("%1 of %2 cells passed (%3%), %4 failed, %n error(s); %5 tokens, %6", nullptr, int(errors))
                       .arg(passed)
                       .arg(results.size())
                       .arg(100.0 * double(passed) / double(results.size()), 0, 'f', 1)
                       .arg(failed)
                       .arg(tokens)
                       .arg(CostText::usd(cost));
    if (m_results->hasBaseline())
        text += QStringLiteral("<br>") + tr("Against the baseline: <b style=\"color:#b42318\">%1 regressed</b>, <b style=\"color:#1e7a34\">%2 improved</b>")
                                             .arg(m_results->regressedCount())
                                             .arg(m_results->improvedCount());
    m_summary->setText(text);
}

void EvalView::showCell(const QModelIndex &index)
{
    const eval::EvalCellResult *shown = m_results->result(index);
    if (!shown) {
        m_detail->setHtml(QString());
        return;
    }
    // The grid holds cells without their prompts and contexts: the one shown is read whole.
    const std::optional<eval::EvalCellResult> whole = m_workbench->cell(m_shownRun, shown->id);
    const eval::EvalCellResult *r = whole ? &*whole : shown;
    QString html = QStringLiteral("<h3>%1</h3>").arg(tr("Case %1").arg(r->caseIndex + 1) + (r->description.empty() ? QString() : QStringLiteral(": ") + esc(r->description)));
    html += QStringLiteral("<p><b style=\"color:%1\">%2</b> &nbsp; %3 &nbsp; <span style=\"color:#555\">%4 · %5</span></p>")
                .arg(statusColour(r->status), statusText(r->status).toUpper(), tr("score %1").arg(r->score, 0, 'f', 3), esc(r->providerId),
                     QString(q(r->promptId).simplified().left(40) + (r->promptId.size() > 40 ? QStringLiteral("…") : QString())).toHtmlEscaped());
    if (!r->reason.empty())
        html += QStringLiteral("<p>%1</p>").arg(EngineText::evalReason(r->reason).toHtmlEscaped());
    if (r->vars.is_object() && !r->vars.empty()) {
        html += QStringLiteral("<h4>%1</h4><table cellspacing=0 cellpadding=2>").arg(tr("Variables"));
        for (auto it = r->vars.begin(); it != r->vars.end(); ++it) {
            if (it.key() == "context" && r->contexts.is_array() && !r->contexts.empty())
                continue; // retrieved: shown chunk by chunk below
            QString value = q(it.value().is_string() ? it.value().get<std::string>() : it.value().dump());
            if (value.size() > 400)
                value = value.left(399) + QChar(0x2026);
            html += QStringLiteral("<tr><td><b>%1</b>&nbsp;</td><td>%2</td></tr>").arg(esc(it.key()), value.toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    }
    const auto traces = m_workbench->traces(m_shownRun, r->id);
    std::string sent = r->prompt;
    for (const auto &t : traces)
        if (t.kind == "generation" && !t.prompt.empty())
            sent = t.prompt;
    html += QStringLiteral("<h4>%1</h4>").arg(tr("Prompt as sent")) + pre(sent);
    html += QStringLiteral("<h4>%1</h4>").arg(tr("Output")) + pre(r->output);
    if (r->contexts.is_array() && !r->contexts.empty()) {
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Context (%n chunk(s))", nullptr, int(r->contexts.size())));
        for (const auto &c : r->contexts) {
            if (c.is_object() && c.contains("source"))
                html += QStringLiteral("<p style=\"color:#555\">%1 &nbsp; %2</p>")
                            .arg(esc(c.value("source", std::string())), tr("score %1").arg(c.value("score", 0.0), 0, 'f', 3));
            html += pre(c.is_object() ? c.value("text", std::string()) : c.is_string() ? c.get<std::string>() : c.dump());
        }
    }
    html += QStringLiteral("<h4>%1</h4><table cellspacing=0 cellpadding=3 border=1 style=\"border-collapse:collapse\">").arg(tr("Assertions"));
    html += QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th></tr>").arg(tr("Type"), tr("Result"), tr("Score"), tr("Reason"));
    QString judges;
    for (const auto &a : r->assertions) {
        const bool error = a.value("error", false), pass = a.value("pass", false);
        const std::string status = error ? "error" : pass ? "pass" : "fail";
        QString measured;
        if (a.contains("value") && a["value"].is_number())
            measured = QStringLiteral(" (%1)").arg(a["value"].get<double>(), 0, 'g', 4);
        html += QStringLiteral("<tr><td>%1</td><td style=\"color:%2\"><b>%3</b></td><td>%4%5</td><td>%6</td></tr>")
                    .arg(esc(a.value("type", std::string())), statusColour(status),
                         QString(status == "pass" ? QStringLiteral("✓ ") : status == "fail" ? QStringLiteral("✗ ") : QStringLiteral("⚠ ")))
                    .arg(a.value("score", 0.0), 0, 'f', 3)
                    .arg(measured, EngineText::evalReason(a.value("reason", std::string())).toHtmlEscaped());
        if (a.contains("judge") && a["judge"].is_string())
            judges += QStringLiteral("<p><b>%1</b></p>").arg(esc(a.value("type", std::string()))) + pre(a["judge"].get<std::string>());
    }
    html += QStringLiteral("</table>");
    if (!judges.isEmpty())
        html += QStringLiteral("<h4>%1</h4>").arg(tr("The judge's answers")) + judges;
    if (const eval::EvalCellResult *b = m_results->baselineOf(*r)) {
        html += QStringLiteral("<h4>%1</h4><p><b style=\"color:%2\">%3</b> &nbsp; %4</p>")
                    .arg(tr("In the baseline"), statusColour(b->status), statusText(b->status).toUpper(), tr("score %1").arg(b->score, 0, 'f', 3));
        if (b->output != r->output)
            html += pre(b->output);
    }
    if (!traces.empty()) {
        html += QStringLiteral("<h4>%1</h4>").arg(tr("Trace"));
        for (const auto &t : traces) {
            QStringList parts;
            parts << QStringLiteral("<b>%1</b>").arg(esc(t.kind)) << esc(std::filesystem::path(t.model).filename().string())
                  << tr("%1 tokens in, %2 out").arg(t.promptTokens).arg(t.completionTokens);
            if (t.ttftMs)
                parts << tr("first token %1 ms").arg(*t.ttftMs, 0, 'f', 0);
            parts << tr("%1 ms in all").arg(t.latencyMs, 0, 'f', 0) << CostText::usd(t.cost);
            if (!t.finishReason.empty())
                parts << tr("ended: %1").arg(esc(t.finishReason));
            if (!t.error.empty())
                parts << QStringLiteral("<span style=\"color:#b42318\">%1</span>").arg(esc(t.error));
            html += QStringLiteral("<p>%1</p>").arg(parts.join(QStringLiteral(" · ")));
        }
    }
    m_detail->setHtml(html);
}

void EvalView::updateCharts()
{
    const auto &results = m_results->results();
    // Pass rate per assertion type, over every cell.
    std::map<std::string, std::pair<int, int>> byType;
    std::map<std::string, std::vector<double>> latency;
    std::map<std::string, std::pair<double, std::size_t>> cost; // provider → (dollars, tokens)
    for (const auto &r : results) {
        for (const auto &a : r.assertions) {
            auto &[passed, total] = byType[a.value("type", std::string("?"))];
            ++total;
            passed += a.value("pass", false) && !a.value("error", false);
        }
        latency[r.providerId].push_back(r.latencyMs);
        cost[r.providerId].first += r.cost;
        cost[r.providerId].second += r.promptTokens + r.completionTokens;
    }
    QStringList types;
    QList<qreal> rates;
    for (const auto &[type, counts] : byType) {
        types << q(type);
        rates << 100.0 * counts.first / std::max(1, counts.second);
    }
    auto replace = [](QChartView *view, QChart *chart) {
        QChart *old = view->chart();
        view->setChart(chart);
        delete old;
    };
    replace(m_passChart, barChart(tr("Pass rate per assertion"), types, {{tr("passed (%)"), rates}}, tr("%"), 100));
    QStringList providers;
    QList<qreal> p50, p95, perThousand;
    for (const auto &[provider, values] : latency) {
        providers << q(provider);
        p50 << eval::percentile(values, 50) / 1000.0;
        p95 << eval::percentile(values, 95) / 1000.0;
        const auto &[d, tokens] = cost.at(provider);
        perThousand << (tokens ? d / double(tokens) * 1000.0 : 0.0);
    }
    replace(m_latencyChart, barChart(tr("Latency per provider"), providers, {{tr("p50"), p50}, {tr("p95"), p95}}, tr("seconds")));
    replace(m_costChart, barChart(tr("Cost per 1,000 tokens"), providers, {{tr("USD per 1,000 tokens"), perThousand}}, tr("USD")));
}

} // namespace keel
