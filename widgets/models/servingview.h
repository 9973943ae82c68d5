#pragma once

#include <QWidget>

class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace keel {

class ServingModel;
class Session;

// Serving, in the Models area: start a model server (what `keel serve` runs) on a local model
// or a registry alias, see the endpoints running with the version each alias serves now, their
// requests per second, latency percentiles, time to first token and tokens per second, and the
// last minutes of those as charts; run OpenAI Batch API files on them as pool jobs; stop them.
class ServingView : public QWidget {
    Q_OBJECT
public:
    explicit ServingView(Session &session, QWidget *parent = nullptr);
    ~ServingView() override;

    ServingModel *model() const { return m_model; }
    QComboBox *candidates() const { return m_candidates; }
    QLabel *status() const { return m_status; }
    void refreshCandidates();
    // Starts serving the candidate `spec` on `port` (0: any free port).
    void start(const QString &spec, int port);
    // Runs an OpenAI Batch API file on the selected server (the button asks for the files).
    void runBatch(const QString &input, const QString &output);

private:
    void updateCharts();
    Session &m_session;
    ServingModel *m_model;
    QComboBox *m_candidates;
    QLabel *m_host;
    QSpinBox *m_port;
    QPushButton *m_start, *m_stop, *m_batch;
    QLabel *m_status;
    QTableView *m_table;
    QChartView *m_traffic, *m_generation;
};

} // namespace keel
