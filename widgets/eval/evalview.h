#pragma once

#include <QString>
#include <QWidget>

class QCheckBox;
class QChartView;
class QComboBox;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;
class QTimer;
class QTreeWidget;

namespace keel {

class EvalResultsModel;
class EvalWorkbench;
class Session;

// The Evals area: the workspace's suites and eval runs (left); a suite editor that checks the
// suite as it is typed (the error's line marked) and runs it, beside a second local model when
// one is chosen; the results grid as promptfoo's viewer shows it (cases × prompts/providers,
// pass/fail colours, failures only, the diff against a baseline run) with the chosen cell's
// prompt, output, context, assertions, judge answers and traces; and charts of latency and cost
// per provider and the pass rate per assertion.
class EvalView : public QWidget {
    Q_OBJECT
public:
    explicit EvalView(Session &session, QWidget *parent = nullptr);

    EvalWorkbench *workbench() const { return m_workbench; }
    EvalResultsModel *resultsModel() const { return m_results; }
    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *editor() const { return m_editor; }
    QLabel *checkLabel() const { return m_check; }
    QTableView *grid() const { return m_grid; }
    QTextBrowser *detail() const { return m_detail; }
    QTreeWidget *runList() const { return m_runs; }

    // Opens a suite file in the editor.
    bool openSuite(const QString &path);
    // Shows a run's results (its baseline chosen when it recorded one).
    void showRun(const QString &uuid);
    QString shownRun() const { return m_shownRun; }
    // Saves the editor (when changed) and runs the suite; false with the reason in the status line.
    bool runSuite();
    void rerunFailing();

private:
    QWidget *createEditor();
    QWidget *createResults();
    QWidget *createCharts();
    void rebuildSuites();
    void rebuildRuns();
    void checkNow();
    bool save();
    void fillBaselines();
    void applyBaseline();
    void showCell(const QModelIndex &index);
    void updateCharts();
    void updateSummary();

    Session &m_session;
    EvalWorkbench *m_workbench;
    EvalResultsModel *m_results;
    QListWidget *m_suites;
    QTreeWidget *m_runs;
    QTabWidget *m_tabs;
    // Suite
    QLabel *m_file, *m_check, *m_runStatus;
    QPlainTextEdit *m_editor;
    QComboBox *m_extraModel;
    QPushButton *m_save, *m_run;
    QTimer *m_checkTimer;
    QString m_path;
    bool m_dirty = false;
    // Results
    QLabel *m_runTitle, *m_summary;
    QComboBox *m_baseline;
    QCheckBox *m_failuresOnly;
    QPushButton *m_rerun;
    QTableView *m_grid;
    QTextBrowser *m_detail;
    QString m_shownRun;
    // Charts
    QChartView *m_passChart, *m_latencyChart, *m_costChart;
};

} // namespace keel
