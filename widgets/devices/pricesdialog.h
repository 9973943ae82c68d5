#pragma once

#include "compute/costmeter.h"

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QSpinBox;
class QTableWidget;

namespace keel {

// Edits what the cost meter charges: a price per GPU model (on demand and spot, US dollars an
// hour), the CPU core-hour, whether to charge spot prices, and after how many idle minutes a held
// GPU raises an alert.
class PricesDialog : public QDialog {
    Q_OBJECT
public:
    PricesDialog(const compute::Prices &prices, int alertMinutes, QWidget *parent = nullptr);

    compute::Prices prices() const;
    int alertMinutes() const;

private:
    void fill(const compute::Prices &prices);

    QTableWidget *m_table;
    QDoubleSpinBox *m_otherOnDemand;
    QDoubleSpinBox *m_otherSpot;
    QDoubleSpinBox *m_cpu;
    QDoubleSpinBox *m_cpuSpot;
    QCheckBox *m_spot;
    QSpinBox *m_alert;
};

} // namespace keel
