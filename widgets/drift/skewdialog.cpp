#include "widgets/drift/skewdialog.h"

#include "data/table.h"
#include "drift/skew.h"
#include "models/driftrunner.h"
#include "models/enginetext.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace keel {

SkewDialog::SkewDialog(DriftRunner *runner, QWidget *parent) : QDialog(parent), m_runner(runner)
{
    setObjectName(QStringLiteral("skewDialog"));
    setWindowTitle(tr("Training-serving skew"));
    auto *layout = new QVBoxLayout(this);
    auto *intro = new QLabel(tr("The same features computed twice: for training (offline) and at serving time (online), joined on an entity key. "
                                "A feature is skewed when more than 1% of the joined rows disagree or its two distributions drift."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto *grid = new QGridLayout;
    auto fileRow = [&](int row, const QString &label, QLineEdit *&edit, const char *name, const QString &placeholder) {
        grid->addWidget(new QLabel(label, this), row, 0);
        edit = new QLineEdit(this);
        edit->setObjectName(QLatin1String(name));
        edit->setPlaceholderText(placeholder);
        grid->addWidget(edit, row, 1);
        auto *browse = new QPushButton(tr("Browse…"), this);
        grid->addWidget(browse, row, 2);
        connect(browse, &QPushButton::clicked, this, [this, edit] {
            const QString file = QFileDialog::getOpenFileName(this, tr("Choose a file of features"), QString(), tr("Tables (*.csv *.tsv *.jsonl *.json);;All files (*)"));
            if (!file.isEmpty())
                edit->setText(file);
        });
    };
    fileRow(0, tr("Offline"), m_offline, "skewOffline", tr("features as computed for training"));
    fileRow(1, tr("Online"), m_online, "skewOnline", tr("the same features as logged at serving time, or serve-log:MODEL"));
    grid->addWidget(new QLabel(tr("Key"), this), 2, 0);
    m_key = new QComboBox(this);
    m_key->setObjectName(QStringLiteral("skewKey"));
    m_key->setEditable(true);
    m_key->setToolTip(tr("The entity id column that joins the two files"));
    grid->addWidget(m_key, 2, 1);
    m_run = new QPushButton(tr("Compare"), this);
    m_run->setObjectName(QStringLiteral("skewRun"));
    m_run->setDefault(true);
    grid->addWidget(m_run, 2, 2);
    layout->addLayout(grid);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("skewSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_table = new QTableWidget(0, 7, this);
    m_table->setObjectName(QStringLiteral("skewTable"));
    m_table->setHorizontalHeaderLabels({tr("Feature"), tr("Type"), tr("Disagree"), tr("Largest difference"), tr("Test"), tr("Score"), tr("Verdict")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(m_table, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
    resize(860, 520);

    connect(m_offline, &QLineEdit::editingFinished, this, &SkewDialog::readColumns);
    connect(m_run, &QPushButton::clicked, this, &SkewDialog::run);
    connect(m_runner, &DriftRunner::skewFinished, this, [this](const std::shared_ptr<const drift::SkewReport> &report) {
        m_run->setEnabled(true);
        showReport(report);
        Q_EMIT finished();
    });
    connect(m_runner, &DriftRunner::skewFailed, this, [this](const QString &message) {
        m_run->setEnabled(true);
        m_summary->setText(QStringLiteral("<span style='color:#b42318'>%1</span>").arg(message.toHtmlEscaped()));
        Q_EMIT finished();
    });
}

void SkewDialog::setFiles(const QString &offline, const QString &online, const QString &key)
{
    m_offline->setText(offline);
    m_online->setText(online);
    readColumns();
    m_key->setCurrentText(key);
}

void SkewDialog::readColumns()
{
    // The offline file's columns as the key's choices (its header and a few rows).
    const QString current = m_key->currentText();
    m_key->clear();
    try {
        const data::Table head = data::readTable(m_offline->text().toStdString(), {}, 50);
        for (const auto &c : head.columns)
            m_key->addItem(QString::fromStdString(c.name));
    } catch (const std::exception &) {
        // a file that cannot be read says so when compared
    }
    const int at = m_key->findText(current.isEmpty() ? QStringLiteral("id") : current);
    if (at >= 0)
        m_key->setCurrentIndex(at);
}

bool SkewDialog::run()
{
    if (m_offline->text().trimmed().isEmpty() || m_online->text().trimmed().isEmpty() || m_key->currentText().trimmed().isEmpty()) {
        m_summary->setText(tr("Choose both files and the key column first."));
        return false;
    }
    m_run->setEnabled(false);
    m_summary->setText(tr("Comparing… (the Jobs dock shows it)"));
    m_runner->runSkew(m_offline->text().trimmed(), m_online->text().trimmed(), m_key->currentText().trimmed());
    return true;
}

void SkewDialog::showReport(const std::shared_ptr<const drift::SkewReport> &r)
{
    QString text = r->skewedFeatures > 0 ? tr("<b>Skew</b>: %1 of %2 features disagree between training and serving.")
                                         : tr("<b>No skew</b>: %1 of %2 features disagree between training and serving.");
    text = text.arg(r->skewedFeatures).arg(r->features.size());
    text += QStringLiteral(" ") + tr("%1 keys in both; %2 offline only, %3 online only, %4 repeated, %5 rows without a key.")
                                      .arg(r->joined)
                                      .arg(r->onlyOffline)
                                      .arg(r->onlyOnline)
                                      .arg(r->duplicateOffline + r->duplicateOnline)
                                      .arg(r->missingKeys);
    for (const auto &s : r->skipped)
        text += QStringLiteral("<br>") + tr("Not compared: %1").arg(EngineText::skipReason(s).toHtmlEscaped());
    m_summary->setText(text);
    m_table->setRowCount(0);
    for (const auto &f : r->features) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto set = [&](int column, const QString &value) { m_table->setItem(row, column, new QTableWidgetItem(value)); };
        set(0, QString::fromStdString(f.column));
        set(1, EngineText::columnKind(f.type));
        set(2, tr("%1% (%2 of %3)").arg(100 * f.mismatchRate, 0, 'f', 2).arg(f.mismatches).arg(f.compared));
        set(3, std::isnan(f.maxAbsDifference) ? QStringLiteral("–") : QString::number(f.maxAbsDifference, 'g', 4));
        set(4, f.distributionTested ? QString::fromStdString(f.distribution.test) : QStringLiteral("–"));
        set(5, !f.distributionTested              ? QStringLiteral("–")
               : f.distribution.scoreIsPValue ? QStringLiteral("p = %1").arg(f.distribution.score, 0, 'g', 3)
                                              : QString::number(f.distribution.score, 'g', 3));
        set(6, f.skewed ? tr("Skew (e.g. key %1)").arg(QString::fromStdString(f.example)) : tr("No skew"));
        m_table->item(row, 6)->setForeground(f.skewed ? QColor(0xb4, 0x23, 0x18) : QColor(0x1e, 0x7a, 0x34));
    }
}

} // namespace keel
