#pragma once

#include "rag/ragindex.h"

#include <QWidget>

#include <optional>
#include <vector>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTextBrowser;
class QTreeWidget;

namespace keel {

class RagWorkbench;
class Session;

// The RAG area: the workspace's indexes and their versions (left); a builder (sources dropped
// from the desktop, chunker with a live preview of a sample document's chunks, model, index and
// its parameters), the recall-against-QPS trade-off chart of every setting measured (as
// ANN-benchmarks draws it, the Pareto front drawn), a query playground with two retrievers side
// by side, and the version's manifest (right).
class RagView : public QWidget {
    Q_OBJECT
public:
    explicit RagView(Session &session, QWidget *parent = nullptr);
    ~RagView() override;

    RagWorkbench *workbench() const { return m_workbench; }
    QTabWidget *tabs() const { return m_tabs; }
    QTreeWidget *indexes() const { return m_indexes; }
    QListWidget *sources() const { return m_sources; }
    QTextBrowser *preview() const { return m_preview; }
    QChartView *tradeOff() const { return m_chart; }
    QLineEdit *question() const { return m_question; }
    QTextBrowser *results(int side) const { return m_results[side]; }
    QPushButton *buildButton() const { return m_build; }

    void addSources(const QStringList &paths);
    // Selects index `name` (its latest version when `version` is 0).
    void selectIndex(const QString &name, int version = 0);
    // Options as the builder's fields set them; false with `why` when they cannot build.
    bool buildOptions(rag::BuildOptions &options, QString *why) const;
    void startBuild();
    void runQuery();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *createBuilder();
    QWidget *createTradeOff();
    QWidget *createPlayground();
    QWidget *createManifest();
    void rebuildIndexList();
    void updatePreview();
    void updateIndexFields();
    void showVersion();
    void fillBuilder(const rag::IndexVersion &version);
    void updateChart();
    void showPoint(std::size_t i);
    const rag::IndexVersion *current() const;

    Session &m_session;
    RagWorkbench *m_workbench;
    QTreeWidget *m_indexes;
    QTabWidget *m_tabs;
    // Builder
    QListWidget *m_sources;
    QLineEdit *m_name;
    QComboBox *m_chunker, *m_model, *m_indexType, *m_metric;
    QSpinBox *m_chunkSize, *m_chunkOverlap, *m_m, *m_efConstruction, *m_efSearch, *m_nlist, *m_nprobe, *m_pqM;
    QComboBox *m_sample;
    QTextBrowser *m_preview;
    QLabel *m_previewStats, *m_buildStatus;
    QPushButton *m_build;
    // Trade-off
    QChartView *m_chart;
    QLabel *m_pointInfo;
    QPushButton *m_sweep, *m_makeDefault;
    std::vector<rag::IndexMeasurement> m_points;
    std::optional<std::size_t> m_selectedPoint;
    // Playground
    QLineEdit *m_question;
    QComboBox *m_side[2], *m_mode[2];
    QSpinBox *m_k;
    QTextBrowser *m_results[2];
    QLabel *m_timing[2];
    bool m_shownOnce = false;
    int m_requests = 0;
    int m_pending[2] = {-1, -1};
    // Manifest
    QTreeWidget *m_manifest;
    QLabel *m_usedBy;
};

} // namespace keel
