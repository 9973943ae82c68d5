#pragma once

#include <QDockWidget>

class QChartView;
class QComboBox;
class QLabel;
class QTableView;
class QTabWidget;
class QTimer;

namespace keel {

class CostSummaryModel;
class DeviceTelemetryModel;
class Session;

// What the GPUs do over time: a row per GPU or MIG instance (busy, memory, power, temperature,
// clocks, processes, price, idle time while held), a chart of the selected one's utilisation and
// memory over the last ten minutes, hour or day, and the idle alerts with the money they burn; and
// on a tab of its own, what the workspace cost per day and per experiment.
class DevicesDock : public QDockWidget {
    Q_OBJECT
public:
    DevicesDock(Session &session, DeviceTelemetryModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QChartView *chartView() const { return m_chart; }
    QLabel *summary() const { return m_summary; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *costDaysView() const { return m_costDays; }
    QTableView *costExperimentsView() const { return m_costExperiments; }
    QLabel *costTotal() const { return m_costTotal; }

public Q_SLOTS:
    // The prices dialog: what it accepts is saved and charged from then on, with the idle
    // alert and the idle-unload timeouts.
    void editPrices();
    // Reads the cost summary again now, from what the job history has written.
    void refreshCosts();
    // A job finished: the costs are read again a moment later (once for a burst of jobs).
    void costsChanged();

Q_SIGNALS:
    // The prices dialog changed the idle-unload timeouts (ModelHost reads them at its next check).
    void idleUnloadChanged();

private:
    void updateSummary();
    void updateChart();
    int selectedDevice() const;

    Session &m_session;
    DeviceTelemetryModel *m_model;
    QLabel *m_summary;
    QLabel *m_alerts;
    QTableView *m_view;
    QComboBox *m_range;
    QChartView *m_chart;
    QTabWidget *m_tabs;
    QLabel *m_costTotal;
    QComboBox *m_costRange;
    CostSummaryModel *m_costDaysModel;
    CostSummaryModel *m_costExperimentsModel;
    QTableView *m_costDays;
    QTableView *m_costExperiments;
    QTimer *m_costTimer;
    bool m_costsStale = false;
};

} // namespace keel
