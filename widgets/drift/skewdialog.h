#pragma once

#include <QDialog>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace keel::drift {
struct SkewReport;
}

namespace keel {

class DriftRunner;

// Training-serving skew in the Drift area, as `keel skew` computes it: the features as computed
// for training (offline) and as logged at serving time (online, a file or serve-log:MODEL),
// joined on an entity key; per feature the share of rows that disagree, the largest difference,
// one disagreeing key to look at, and the distribution test. Runs as a job.
class SkewDialog : public QDialog {
    Q_OBJECT
public:
    SkewDialog(DriftRunner *runner, QWidget *parent = nullptr);

    void setFiles(const QString &offline, const QString &online, const QString &key);
    bool run();
    QTableWidget *table() const { return m_table; }
    QLabel *summary() const { return m_summary; }

Q_SIGNALS:
    void finished();

private:
    void showReport(const std::shared_ptr<const drift::SkewReport> &report);
    void readColumns();

    DriftRunner *m_runner;
    QLineEdit *m_offline, *m_online;
    QComboBox *m_key;
    QPushButton *m_run;
    QLabel *m_summary;
    QTableWidget *m_table;
};

} // namespace keel
