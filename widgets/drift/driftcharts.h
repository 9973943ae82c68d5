#pragma once

#include <QChartView>
#include <QStringList>
#include <QWidget>

#include <optional>
#include <utility>
#include <vector>

namespace keel::drift {
struct ColumnDistribution;
struct ConceptDrift;
struct MultivariateDrift;
struct DriftAnalysis;
}

namespace keel {

// A column's reference and current shares side by side, per bin or category.
class DistributionChart : public QChartView {
    Q_OBJECT
public:
    explicit DistributionChart(QWidget *parent = nullptr);
    void setDistribution(const drift::ColumnDistribution &distribution, const QString &title);
    void clear(const QString &message);
    int barCount() const;
};

// A column's drift score in each window, with the threshold as a dashed line and the windows
// that drifted marked in red.
class WindowScoreChart : public QChartView {
    Q_OBJECT
public:
    explicit WindowScoreChart(QWidget *parent = nullptr);
    // `band`: the spread of the score over reference chunks (lower, upper), drawn behind the line.
    void setScores(const QStringList &windows, const std::vector<double> &scores, double threshold, bool pValue, const QString &title,
                   std::optional<std::pair<double, double>> band = std::nullopt);
    bool hasBand() const;
    void clear(const QString &message);
    int pointCount() const;
};

// A score per window inside the band learnt from reference chunks (model quality, multivariate
// reconstruction error); windows outside it are alerts, in red.
class BandChart : public QChartView {
    Q_OBJECT
public:
    explicit BandChart(QWidget *parent = nullptr);
    void setBand(const QStringList &windows, const std::vector<double> &values, const std::vector<bool> &alerts, double lower, double upper,
                 const QString &valueName, const QString &title);
    void setQuality(const drift::ConceptDrift &quality, const QString &title);
    void setMultivariate(const drift::MultivariateDrift &multivariate, const QString &title);
    void clear(const QString &message);
    int alertCount() const;
};

// Columns × windows, each cell coloured by how far the window's score is past (red) or short of
// (green) the column's threshold. Clicking a row picks that column.
class DriftHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit DriftHeatmap(QWidget *parent = nullptr);
    void setAnalysis(const drift::DriftAnalysis *analysis, const std::vector<int> &columnOrder);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    int rows() const { return int(m_columns.size()); }
    int windows() const { return int(m_windows.size()); }
    // ≥ 1 past the threshold, below 1 short of it; NaN where the window did not test the column.
    double severity(int row, int window) const;
    // Where a cell is drawn, in the widget's coordinates.
    QRect cellRect(int row, int window) const;

Q_SIGNALS:
    void columnClicked(int reportIndex);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;


private:
    int m_labelWidth = 120;
    int m_headerHeight = 70;
    int m_cell = 22;
    QStringList m_columns;
    std::vector<int> m_reportIndex;
    QStringList m_windows;
    std::vector<std::vector<double>> m_severity; // [row][window]
    std::vector<std::vector<QString>> m_tips;
};

} // namespace keel
