#pragma once

#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTabWidget;
class QTableView;

namespace keel::drift {
struct DriftAnalysis;
struct DriftRequest;
}

namespace keel {

class DistributionChart;
class DriftColumnsModel;
class DriftHeatmap;
class DriftRunner;
class BandChart;
class Session;
class SkewDialog;
class WindowScoreChart;

// The Drift area: pick a reference and a current file, how to window the current data, the
// target and prediction columns for concept drift and the model version it watches; run (a
// job); read the verdict, the per-column table (drifted first, with a sparkline per column),
// and per column its distributions and its score over time; a heatmap of columns × windows and
// the model-quality timeline. Each run is kept in the workspace; export as JSON or HTML.
class DriftView : public QWidget {
    Q_OBJECT
public:
    explicit DriftView(Session &session, QWidget *parent = nullptr);
    ~DriftView() override;

    // Fills the file fields and reads the first rows of each for the column choices.
    void setFiles(const QString &reference, const QString &current);
    void setWindowsByTime(const QString &column, const QString &period);
    void setWindowsByChunks(int chunks);
    void setQualityColumns(const QString &target, const QString &prediction);
    void setExcluded(const QString &commaSeparated);
    // Starts the analysis; false (with the reason shown) when the form is incomplete.
    bool run();
    // Reads the reference file once, as a job, and keeps it as profile `name`; the reference field
    // then names the profile.
    bool keepReferenceAsProfile(const QString &name);
    bool isRunning() const;

    const drift::DriftAnalysis *analysis() const;
    DriftColumnsModel *columnsModel() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLabel *summary() const { return m_summary; }
    QLabel *formError() const { return m_formError; }
    DistributionChart *distributionChart() const { return m_distribution; }
    WindowScoreChart *windowChart() const { return m_windowChart; }
    DriftHeatmap *heatmap() const { return m_heatmap; }
    BandChart *qualityChart() const { return m_quality; }
    BandChart *multivariateChart() const { return m_multivariate; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *modelVersions() const { return m_versions; }
    void selectColumn(const QString &name);
    qint64 savedReportId() const { return m_savedId; }
    // Shows a report kept in the workspace again, every tab as it was; false (with the reason
    // shown) when it cannot be read.
    bool openReport(qint64 id);
    // Opens the newest kept report, if there is one.
    void openLatestReport();
    DriftRunner *runner() const { return m_runner; }
    // The training-serving skew dialog (made the first time).
    SkewDialog *openSkew();
    QString referenceText() const;

    bool exportJson(const QString &file, QString *error = nullptr) const;
    // One self-contained file: the verdict, the table, and every chart as an embedded image.
    bool exportHtml(const QString &file, QString *error = nullptr) const;

Q_SIGNALS:
    void analysisFinished();
    void analysisFailed(const QString &message);

private:
    void buildForm();
    void buildResults();
    void browse(QLineEdit *edit);
    void previewColumns();
    void reloadVersions();
    void updateWindowControls();
    void showAnalysis(std::shared_ptr<const drift::DriftAnalysis> analysis, qint64 savedId);
    void showColumn(int reportIndex);
    std::optional<drift::DriftRequest> request(QString *problem) const;
    void exportWithDialog(bool html);
    void keepReferenceAsProfile();
    void chooseReport();

    Session &m_session;
    DriftRunner *m_runner;
    std::shared_ptr<const drift::DriftAnalysis> m_analysis;
    qint64 m_savedId = 0;

    QLineEdit *m_reference;
    QLineEdit *m_current;
    QComboBox *m_windowMode;
    QComboBox *m_timeColumn;
    QComboBox *m_period;
    QSpinBox *m_chunks;
    QComboBox *m_target;
    QComboBox *m_prediction;
    QLineEdit *m_exclude;
    QComboBox *m_versions;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QPushButton *m_exportJson;
    QPushButton *m_exportHtml;
    QPushButton *m_reportsButton;
    QLabel *m_formError;
    QLabel *m_progress;

    QStackedWidget *m_pages;
    QLabel *m_summary;
    QLabel *m_skipped;
    QTableView *m_table;
    DriftColumnsModel *m_model;
    QTabWidget *m_tabs;
    DistributionChart *m_distribution;
    WindowScoreChart *m_windowChart;
    DriftHeatmap *m_heatmap;
    BandChart *m_quality;
    BandChart *m_multivariate;
};

} // namespace keel
