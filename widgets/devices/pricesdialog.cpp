#include "widgets/devices/pricesdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace keel {
namespace {

QDoubleSpinBox *priceBox(QWidget *parent)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(0, 1000);
    box->setDecimals(3);
    box->setSingleStep(0.05);
    box->setPrefix(QStringLiteral("$"));
    return box;
}

QTableWidgetItem *number(double v)
{
    auto *item = new QTableWidgetItem;
    item->setData(Qt::EditRole, v);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

PricesDialog::PricesDialog(const compute::Prices &prices, const Idle &idle, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("pricesDialog"));
    setWindowTitle(tr("GPU and CPU Prices"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("What an hour of each device costs, in US dollars. Every job's device time is charged at these "
                                "prices when it finishes; a GPU is matched by the longest model name its name contains, and a "
                                "MIG instance costs its share of seven slices. The defaults are rough cloud list prices: "
                                "put in what you pay."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QTableWidget(0, 3, this);
    m_table->setObjectName(QStringLiteral("gpuPrices"));
    m_table->setHorizontalHeaderLabels({tr("GPU model"), tr("On demand ($/h)"), tr("Spot ($/h)")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(240);
    layout->addWidget(m_table, 1);
    auto *rowButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add GPU"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *reset = new QPushButton(tr("Restore defaults"), this);
    reset->setObjectName(QStringLiteral("restoreDefaultPrices"));
    rowButtons->addWidget(add);
    rowButtons->addWidget(remove);
    rowButtons->addStretch(1);
    rowButtons->addWidget(reset);
    layout->addLayout(rowButtons);

    auto *form = new QFormLayout;
    m_otherOnDemand = priceBox(this);
    m_otherSpot = priceBox(this);
    auto *other = new QHBoxLayout;
    other->addWidget(m_otherOnDemand);
    other->addWidget(new QLabel(tr("spot"), this));
    other->addWidget(m_otherSpot);
    form->addRow(tr("Any other GPU:"), other);
    m_cpu = priceBox(this);
    m_cpuSpot = priceBox(this);
    auto *cpu = new QHBoxLayout;
    cpu->addWidget(m_cpu);
    cpu->addWidget(new QLabel(tr("spot"), this));
    cpu->addWidget(m_cpuSpot);
    form->addRow(tr("CPU, per core-hour:"), cpu);
    m_spot = new QCheckBox(tr("Charge spot prices (this machine runs on spot or preemptible capacity)"), this);
    m_spot->setObjectName(QStringLiteral("chargeSpot"));
    form->addRow(QString(), m_spot);
    auto minutes = [this](const char *name, int value) {
        auto *box = new QSpinBox(this);
        box->setObjectName(QLatin1String(name));
        box->setRange(1, 24 * 60);
        box->setSuffix(tr(" min"));
        box->setValue(value);
        return box;
    };
    m_alert = minutes("idleAlertMinutes", idle.alertMinutes);
    form->addRow(tr("Alert when a held GPU is idle for:"), m_alert);
    m_unloadGpu = minutes("unloadGpuMinutes", idle.unloadGpuMinutes);
    m_unloadCpu = minutes("unloadCpuMinutes", idle.unloadCpuMinutes);
    auto *unload = new QHBoxLayout;
    unload->addWidget(m_unloadGpu);
    unload->addWidget(new QLabel(tr("on the CPU"), this));
    unload->addWidget(m_unloadCpu);
    form->addRow(tr("Unload an idle local model on a GPU after:"), unload);
    layout->addLayout(form);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(tr("GPU model")));
        m_table->setItem(row, 1, number(1.0));
        m_table->setItem(row, 2, number(0.5));
        m_table->editItem(m_table->item(row, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0)
            m_table->removeRow(m_table->currentRow());
    });
    connect(reset, &QPushButton::clicked, this, [this] { fill(compute::Prices::defaults()); });
    fill(prices);
    resize(560, 560);
}

void PricesDialog::fill(const compute::Prices &prices)
{
    m_table->setRowCount(0);
    for (const compute::GpuPrice &g : prices.gpus) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(QString::fromStdString(g.model)));
        m_table->setItem(row, 1, number(g.onDemand));
        m_table->setItem(row, 2, number(g.spot));
    }
    m_otherOnDemand->setValue(prices.otherGpu.onDemand);
    m_otherSpot->setValue(prices.otherGpu.spot);
    m_cpu->setValue(prices.cpuCoreHour);
    m_cpuSpot->setValue(prices.cpuCoreHourSpot);
    m_spot->setChecked(prices.spot);
}

compute::Prices PricesDialog::prices() const
{
    compute::Prices p;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString model = m_table->item(row, 0) ? m_table->item(row, 0)->text().trimmed() : QString();
        if (model.isEmpty())
            continue;
        const double onDemand = m_table->item(row, 1) ? qMax(0.0, m_table->item(row, 1)->data(Qt::EditRole).toDouble()) : 0;
        const double spot = m_table->item(row, 2) ? qMax(0.0, m_table->item(row, 2)->data(Qt::EditRole).toDouble()) : 0;
        p.gpus.push_back({model.toStdString(), onDemand, spot});
    }
    p.otherGpu.onDemand = m_otherOnDemand->value();
    p.otherGpu.spot = m_otherSpot->value();
    p.cpuCoreHour = m_cpu->value();
    p.cpuCoreHourSpot = m_cpuSpot->value();
    p.spot = m_spot->isChecked();
    return p;
}

PricesDialog::Idle PricesDialog::idle() const
{
    return {m_alert->value(), m_unloadGpu->value(), m_unloadCpu->value()};
}

} // namespace keel
