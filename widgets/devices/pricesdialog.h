#pragma once

#include "compute/costmeter.h"

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QSpinBox;
class QTableWidget;

namespace keel {

// Edits what the cost meter charges: a price per GPU model (on demand and spot, US dollars an
// hour), the CPU core-hour, whether to charge spot prices, after how many idle minutes a held
// GPU raises an alert, and after how many a local model unloads from a GPU and from the CPU
// (scale to zero, per device).
class PricesDialog : public QDialog {
    Q_OBJECT
public:
    struct Idle {
        int alertMinutes = 10;
        int unloadGpuMinutes = 5, unloadCpuMinutes = 5;
    };
    PricesDialog(const compute::Prices &prices, const Idle &idle, QWidget *parent = nullptr);

    compute::Prices prices() const;
    Idle idle() const;

private:
    void fill(const compute::Prices &prices);

    QTableWidget *m_table;
    QDoubleSpinBox *m_otherOnDemand;
    QDoubleSpinBox *m_otherSpot;
    QDoubleSpinBox *m_cpu;
    QDoubleSpinBox *m_cpuSpot;
    QCheckBox *m_spot;
    QSpinBox *m_alert;
    QSpinBox *m_unloadGpu;
    QSpinBox *m_unloadCpu;
};

} // namespace keel
