#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

namespace keel::drift {
struct DriftAnalysis;
}

namespace keel {

// One row per tested column of a drift analysis, drifted columns first (then in the file's
// order): type, test, score, threshold, verdict, missing cells and the score per window.
class DriftColumnsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Type, Test, Score, Threshold, Drift, Missing, OverTime, ColumnCount };
    enum Role {
        DriftedRole = Qt::UserRole + 1, // bool
        ReportIndexRole,                // int: the column's place in report.columns
        WindowScoresRole,               // QVariantList of double, one per window (NaN where untested)
        ThresholdRole,                  // double
        ScoreIsPValueRole,              // bool
    };

    explicit DriftColumnsModel(QObject *parent = nullptr);

    void setAnalysis(std::shared_ptr<const drift::DriftAnalysis> analysis);
    const drift::DriftAnalysis *analysis() const { return m_analysis.get(); }
    // The row showing report.columns[reportIndex], or -1.
    int rowOf(int reportIndex) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "p = 0.0123" for p-values, "0.234" for distances.
    static QString formatScore(double score, bool isPValue);
    // A column's score in each window, NaN where the window did not test it.
    static std::vector<double> windowScores(const drift::DriftAnalysis &analysis, const std::string &column);

private:
    std::shared_ptr<const drift::DriftAnalysis> m_analysis;
    std::vector<int> m_order; // row → report index
};

} // namespace keel
