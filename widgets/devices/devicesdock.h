#pragma once

#include <QDockWidget>

class QChartView;
class QComboBox;
class QLabel;
class QTableView;

namespace keel {

class DeviceTelemetryModel;
class Session;

// What the GPUs do over time: a row per GPU or MIG instance (busy, memory, power, temperature,
// clocks, processes, price, idle time while held), a chart of the selected one's utilisation and
// memory over the last ten minutes, hour or day, and the idle alerts with the money they burn.
class DevicesDock : public QDockWidget {
    Q_OBJECT
public:
    DevicesDock(Session &session, DeviceTelemetryModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    QChartView *chartView() const { return m_chart; }
    QLabel *summary() const { return m_summary; }

public Q_SLOTS:
    // The prices dialog: what it accepts is saved and charged from then on.
    void editPrices();

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
};

} // namespace keel
