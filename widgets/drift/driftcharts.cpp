#include "widgets/drift/driftcharts.h"

#include "models/chartscale.h"

#include "drift/driftanalysis.h"
#include "models/driftcolumnsmodel.h"

#include <QAreaSeries>
#include <QCoreApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <limits>

namespace keel {
namespace {

const QColor kReference(0x5c, 0x7c, 0xa8);
const QColor kCurrent(0xef, 0x8a, 0x3c);
const QColor kDrift(0xc6, 0x28, 0x28);
const QColor kFine(0x2e, 0x7d, 0x32);

QChart *freshChart(QChartView *view, const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignTop);
    QChart *old = view->chart();
    view->setChart(chart);
    delete old;
    return chart;
}

void showMessage(QChartView *view, const QString &message)
{
    QChart *chart = freshChart(view, QString());
    chart->legend()->hide();
    chart->setTitle(message);
}

// An x axis for points at 0..n-1 that names the windows, about a dozen of them when there are many.
QAbstractAxis *windowAxis(const QStringList &windows)
{
    auto *x = new QCategoryAxis;
    const int n = int(windows.size());
    x->setRange(-0.5, std::max(n, 1) - 0.5);
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    const int step = std::max(1, (n + 11) / 12);
    // Row chunks read "rows 1-250": name the axis once and label the ranges.
    const bool chunks = n > 0 && std::all_of(windows.begin(), windows.end(), [](const QString &w) { return w.startsWith(QLatin1String("rows ")); });
    if (chunks)
        x->setTitleText(QCoreApplication::translate("keel::WindowScoreChart", "rows"));
    for (int i = 0; i < n; i += step)
        x->append(chunks ? windows[i].mid(5) : windows[i], i);
    x->setGridLineVisible(false);
    if (n > 4)
        x->setLabelsAngle(-45);
    QFont small = x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    x->setLabelsFont(small);
    return x;
}

QStringList shortLabels(const QStringList &labels, int max)
{
    QStringList out;
    for (const QString &l : labels)
        out << (l.size() > max ? l.left(max - 1) + QChar(0x2026) : l);
    return out;
}

} // namespace

DistributionChart::DistributionChart(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
}

namespace {
// The y axis of a distribution: the share of each sample's rows, up to the tallest bar.
QValueAxis *shareAxis(const drift::ColumnDistribution &d)
{
    auto *y = new QValueAxis;
    y->setTitleText(DistributionChart::tr("share of rows"));
    y->setLabelFormat(QStringLiteral("%.2f"));
    double top = 0;
    for (std::size_t i = 0; i < d.labels.size(); ++i)
        top = std::max({top, d.reference[i], d.current[i]});
    y->setRange(0, top > 0 ? top * 1.08 : 1);
    y->applyNiceNumbers();
    return y;
}
} // namespace

void DistributionChart::setDistribution(const drift::ColumnDistribution &d, const QString &title)
{
    setProperty("bars", int(d.labels.size()));
    const bool numericAxis = d.numeric && d.edges.size() == d.labels.size() + 1 && d.edges.size() >= 2 &&
                             std::all_of(d.edges.begin(), d.edges.end(), [](double e) { return std::isfinite(e); }) && d.edges.back() > d.edges.front();
    if (numericAxis) {
        // A numerical column on a numerical axis: the two histograms as steps over the bins'
        // edges, filled half-transparent so both show where they overlap.
        QChart *chart = freshChart(this, title);
        auto *x = new QValueAxis;
        x->setRange(d.edges.front(), d.edges.back());
        x->setLabelFormat(QStringLiteral("%.4g"));
        x->setTickCount(6);
        x->applyNiceNumbers();
        auto *y = shareAxis(d);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        const std::vector<double> edges = d.edges, r = d.reference, c = d.current;
        auto steps = [&](const QString &name, const std::vector<double> &shares, QColor colour) {
            auto *upper = new QLineSeries;
            upper->append(edges.front(), 0);
            for (std::size_t i = 0; i < shares.size(); ++i) {
                upper->append(edges[i], shares[i]);
                upper->append(edges[i + 1], shares[i]);
            }
            upper->append(edges.back(), 0);
            auto *area = new QAreaSeries(upper);
            area->setName(name);
            QColor fill = colour;
            fill.setAlpha(110);
            area->setBrush(fill);
            area->setPen(QPen(colour, 1.5));
            chart->addSeries(area);
            area->attachAxis(x);
            area->attachAxis(y);
            connect(area, &QAreaSeries::hovered, this, [edges, r, c](const QPointF &point, bool on) {
                if (!on) {
                    QToolTip::hideText();
                    return;
                }
                const auto bin = std::upper_bound(edges.begin(), edges.end(), point.x()) - edges.begin() - 1;
                if (bin < 0 || std::size_t(bin) >= r.size())
                    return;
                QToolTip::showText(QCursor::pos(), tr("[%1, %2)\nreference %3%  ·  current %4%")
                                                       .arg(edges[std::size_t(bin)], 0, 'g', 4)
                                                       .arg(edges[std::size_t(bin) + 1], 0, 'g', 4)
                                                       .arg(100 * r[std::size_t(bin)], 0, 'f', 1)
                                                       .arg(100 * c[std::size_t(bin)], 0, 'f', 1));
            });
        };
        steps(tr("Reference"), r, kReference);
        steps(tr("Current"), c, kCurrent);
        return;
    }
    QChart *chart = freshChart(this, title);
    auto *reference = new QBarSet(tr("Reference"));
    auto *current = new QBarSet(tr("Current"));
    reference->setColor(kReference);
    current->setColor(kCurrent);
    reference->setBorderColor(kReference);
    current->setBorderColor(kCurrent);
    QStringList labels;
    for (std::size_t i = 0; i < d.labels.size(); ++i) {
        *reference << d.reference[i];
        *current << d.current[i];
        labels << QString::fromStdString(d.labels[i]);
    }
    auto *series = new QBarSeries;
    series->append(reference);
    series->append(current);
    series->setBarWidth(d.numeric ? 0.95 : 0.8);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(shortLabels(labels, 18));
    if (labels.size() > 8)
        x->setLabelsAngle(-60);
    QFont small = x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    x->setLabelsFont(small);
    auto *y = shareAxis(d);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    const std::vector<double> r = d.reference, c = d.current;
    connect(series, &QBarSeries::hovered, this, [labels, r, c](bool on, int index, QBarSet *) {
        if (!on || index < 0 || index >= labels.size()) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(QCursor::pos(), tr("%1\nreference %2%  ·  current %3%")
                                               .arg(labels[index])
                                               .arg(100 * r[std::size_t(index)], 0, 'f', 1)
                                               .arg(100 * c[std::size_t(index)], 0, 'f', 1));
    });
}

void DistributionChart::clear(const QString &message)
{
    showMessage(this, message);
}

int DistributionChart::barCount() const
{
    if (chart()->series().isEmpty())
        return 0;
    if (property("bars").isValid())
        return property("bars").toInt(); // bins, drawn as bars or, on a numerical axis, as steps
    const auto series = chart()->series();
    if (series.isEmpty())
        return 0;
    auto *bars = qobject_cast<QBarSeries *>(series.first());
    return bars && !bars->barSets().isEmpty() ? int(bars->barSets().first()->count()) : 0;
}

WindowScoreChart::WindowScoreChart(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

void WindowScoreChart::setScores(const QStringList &windows, const std::vector<double> &scores, double threshold, bool pValue,
                                 const QString &title, std::optional<std::pair<double, double>> band)
{
    QChart *chart = freshChart(this, title);
    if (band) {
        const double n = double(std::max<std::size_t>(scores.size(), 1));
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        upper->append(-0.5, band->second);
        upper->append(n - 0.5, band->second);
        lower->append(-0.5, band->first);
        lower->append(n - 0.5, band->first);
        auto *area = new QAreaSeries(upper, lower);
        area->setObjectName(QStringLiteral("referenceBand"));
        area->setName(tr("reference chunks (mean ± 3σ)"));
        QColor fill = kReference;
        fill.setAlpha(35);
        area->setBrush(fill);
        area->setPen(Qt::NoPen);
        chart->addSeries(area);
    }
    auto *line = new QLineSeries;
    line->setName(pValue ? tr("p-value") : tr("distance"));
    line->setPen(QPen(kReference, 2));
    auto *drifted = new QScatterSeries;
    drifted->setName(tr("drift"));
    drifted->setColor(kDrift);
    drifted->setBorderColor(kDrift);
    drifted->setMarkerSize(9);
    auto *fine = new QScatterSeries;
    fine->setName(tr("no drift"));
    fine->setColor(kFine);
    fine->setBorderColor(kFine);
    fine->setMarkerSize(7);
    double top = band ? std::max(threshold, band->second) : threshold;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!std::isfinite(scores[i]))
            continue;
        line->append(double(i), scores[i]);
        const bool isDrift = pValue ? scores[i] < threshold : scores[i] >= threshold;
        (isDrift ? drifted : fine)->append(double(i), scores[i]);
        top = std::max(top, scores[i]);
    }
    const double n = double(std::max<std::size_t>(scores.size(), 1));
    auto *limit = new QLineSeries;
    limit->setName(tr("threshold %1").arg(threshold));
    limit->setPen(QPen(kDrift, 1.5, Qt::DashLine));
    limit->append(-0.5, threshold);
    limit->append(n - 0.5, threshold);
    for (QAbstractSeries *s : std::initializer_list<QAbstractSeries *>{limit, line, fine, drifted})
        chart->addSeries(s);
    QAbstractAxis *x = windowAxis(windows);
    auto *y = new QValueAxis;
    y->setTitleText(pValue ? tr("p-value (drift below the line)") : tr("distance (drift above the line)"));
    // A distance can be as large as a double holds: the range must stay finite and tickable.
    const ChartScale span = chooseSpan(std::array<double, 2>{0.0, std::min(top, DBL_MAX / 2) * 1.1});
    y->setRange(0, pValue ? 1.0 : span.hi);
    if (!pValue && span.nice())
        y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    for (QScatterSeries *points : {drifted, fine})
        connect(points, &QScatterSeries::hovered, this, [windows, pValue](const QPointF &p, bool on) {
            const int i = int(std::lround(p.x()));
            if (on && i >= 0 && i < windows.size())
                QToolTip::showText(QCursor::pos(), QStringLiteral("%1: %2").arg(windows[i], DriftColumnsModel::formatScore(p.y(), pValue)));
            else
                QToolTip::hideText();
        });
}

void WindowScoreChart::clear(const QString &message)
{
    showMessage(this, message);
}

bool WindowScoreChart::hasBand() const
{
    for (QAbstractSeries *s : chart()->series())
        if (s->objectName() == QLatin1String("referenceBand"))
            return true;
    return false;
}

int WindowScoreChart::pointCount() const
{
    int n = 0;
    for (QAbstractSeries *s : chart()->series())
        if (auto *scatter = qobject_cast<QScatterSeries *>(s))
            n += int(scatter->count());
    return n;
}

BandChart::BandChart(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

void BandChart::setBand(const QStringList &windows, const std::vector<double> &values, const std::vector<bool> &alertAt, double lowerBound,
                        double upperBound, const QString &valueName, const QString &title)
{
    QChart *chart = freshChart(this, title);
    const double n = double(std::max<std::size_t>(values.size(), 1));
    auto *upper = new QLineSeries;
    auto *lower = new QLineSeries;
    upper->append(-0.5, upperBound);
    upper->append(n - 0.5, upperBound);
    lower->append(-0.5, lowerBound);
    lower->append(n - 0.5, lowerBound);
    auto *band = new QAreaSeries(upper, lower);
    band->setName(tr("reference band (mean ± 3σ)"));
    QColor fill = kFine;
    fill.setAlpha(40);
    band->setBrush(fill);
    QColor edge = kFine;
    edge.setAlpha(120);
    band->setPen(QPen(edge, 1));
    auto *line = new QLineSeries;
    line->setName(valueName);
    line->setPen(QPen(kReference, 2));
    auto *alerts = new QScatterSeries;
    alerts->setName(tr("alert"));
    alerts->setColor(kDrift);
    alerts->setBorderColor(kDrift);
    alerts->setMarkerSize(10);
    double lo = lowerBound, hi = upperBound;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double v = values[i];
        if (!std::isfinite(v))
            continue;
        line->append(double(i), v);
        if (i < alertAt.size() && alertAt[i])
            alerts->append(double(i), v);
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    chart->addSeries(band);
    chart->addSeries(line);
    chart->addSeries(alerts);
    QAbstractAxis *x = windowAxis(windows);
    auto *y = new QValueAxis;
    y->setTitleText(valueName);
    const ChartScale span = chooseSpan(std::array<double, 2>{lo, hi});
    double pad = (span.hi - span.lo) * 0.1;
    if (!std::isfinite(span.lo - pad) || !std::isfinite(span.hi + pad))
        pad = 0;
    y->setRange(span.lo - pad, span.hi + pad);
    if (span.nice())
        y->applyNiceNumbers();
    // Errors and scores in [0, 1] never go below 0 (nor scores above 1): keep the axis inside.
    const bool unitScale = lo >= 0 && hi <= 1;
    if (lo >= 0 && y->min() < 0)
        y->setMin(0);
    if (unitScale && y->max() > 1)
        y->setMax(1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    connect(line, &QLineSeries::hovered, this, [windows](const QPointF &p, bool on) {
        const int i = int(std::lround(p.x()));
        if (on && i >= 0 && i < windows.size())
            QToolTip::showText(QCursor::pos(), QStringLiteral("%1: %2").arg(windows[i]).arg(p.y(), 0, 'f', 4));
        else
            QToolTip::hideText();
    });
}

void BandChart::setQuality(const drift::ConceptDrift &q, const QString &title)
{
    QStringList windows;
    std::vector<double> values;
    std::vector<bool> alerts;
    for (const auto &w : q.windows) {
        windows << QString::fromStdString(w.start);
        values.push_back(w.value);
        alerts.push_back(w.alert);
    }
    setBand(windows, values, alerts, q.lower, q.upper, QString::fromStdString(q.metric), title);
}

void BandChart::setMultivariate(const drift::MultivariateDrift &m, const QString &title)
{
    QStringList windows;
    std::vector<double> values;
    std::vector<bool> alerts;
    for (const auto &w : m.windows) {
        windows << QString::fromStdString(w.start);
        values.push_back(w.error);
        alerts.push_back(w.alert);
    }
    setBand(windows, values, alerts, m.lower, m.upper, tr("reconstruction error"), title);
}

void BandChart::clear(const QString &message)
{
    showMessage(this, message);
}

int BandChart::alertCount() const
{
    const auto series = chart()->series();
    return series.size() == 3 ? int(qobject_cast<QScatterSeries *>(series[2])->count()) : 0;
}

DriftHeatmap::DriftHeatmap(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void DriftHeatmap::setAnalysis(const drift::DriftAnalysis *analysis, const std::vector<int> &columnOrder)
{
    m_columns.clear();
    m_reportIndex.clear();
    m_windows.clear();
    m_severity.clear();
    m_tips.clear();
    if (analysis) {
        for (const auto &w : analysis->windows)
            m_windows << QString::fromStdString(w.start);
        for (int reportIndex : columnOrder) {
            const auto &column = analysis->report.columns[std::size_t(reportIndex)];
            m_columns << QString::fromStdString(column.column);
            m_reportIndex.push_back(reportIndex);
            std::vector<double> row;
            std::vector<QString> tips;
            const auto scores = DriftColumnsModel::windowScores(*analysis, column.column);
            for (std::size_t w = 0; w < scores.size(); ++w) {
                const double s = scores[w], t = column.drift.threshold;
                double severity = std::numeric_limits<double>::quiet_NaN();
                if (std::isfinite(s))
                    severity = column.drift.scoreIsPValue ? (s > 0 ? std::log10(s) / std::log10(t) : 10.0) : s / t;
                row.push_back(severity);
                tips.push_back(QStringLiteral("%1 · %2: %3").arg(m_columns.back(), m_windows[int(w)],
                                                                  DriftColumnsModel::formatScore(s, column.drift.scoreIsPValue)));
            }
            m_severity.push_back(std::move(row));
            m_tips.push_back(std::move(tips));
        }
    }
    QFontMetrics fm(font());
    m_labelWidth = 16;
    for (const QString &c : m_columns)
        m_labelWidth = std::max(m_labelWidth, fm.horizontalAdvance(c) + 12);
    m_labelWidth = std::min(m_labelWidth, 200);
    m_headerHeight = 16;
    for (const QString &w : m_windows)
        m_headerHeight = std::max(m_headerHeight, fm.horizontalAdvance(w) + 10);
    m_headerHeight = std::min(m_headerHeight, 120);
    updateGeometry();
    update();
}

double DriftHeatmap::severity(int row, int window) const
{
    return m_severity.at(std::size_t(row)).at(std::size_t(window));
}

QSize DriftHeatmap::sizeHint() const
{
    return {m_labelWidth + std::max<int>(1, int(m_windows.size())) * m_cell + 8,
            m_headerHeight + std::max<int>(1, int(m_columns.size())) * m_cell + 48};
}

QSize DriftHeatmap::minimumSizeHint() const
{
    return {200, 120};
}

QRect DriftHeatmap::cellRect(int row, int window) const
{
    const int available = width() - m_labelWidth - 8;
    const int cell = m_windows.isEmpty() ? m_cell : std::clamp(available / int(m_windows.size()), 6, 48);
    return {m_labelWidth + window * cell, m_headerHeight + row * m_cell, cell, m_cell};
}

void DriftHeatmap::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    if (m_windows.isEmpty() || m_columns.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No windows: choose a time column or row chunks, then run, to see each column's drift over time."));
        return;
    }
    const QFontMetrics fm(font());
    p.setPen(palette().color(QPalette::Text));
    for (int r = 0; r < int(m_columns.size()); ++r) {
        const QRect cell = cellRect(r, 0);
        p.drawText(QRect(4, cell.top(), m_labelWidth - 8, cell.height()), Qt::AlignVCenter | Qt::AlignRight,
                   fm.elidedText(m_columns[r], Qt::ElideMiddle, m_labelWidth - 8));
    }
    const int step = std::max(1, int(std::ceil(double(fm.height()) / cellRect(0, 0).width())));
    for (int w = 0; w < int(m_windows.size()); w += step) {
        const QRect cell = cellRect(0, w);
        p.save();
        p.translate(cell.center().x() + fm.ascent() / 2, m_headerHeight - 4);
        p.rotate(-90);
        p.drawText(0, 0, m_windows[w]);
        p.restore();
    }
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRect(4, cellRect(int(m_columns.size()), 0).top() + 6, width() - 8, fm.height() * 2), Qt::AlignLeft | Qt::TextWordWrap,
               tr("green: well short of the threshold · yellow: near it · red: past it (darker: further) · grey: not tested"));
    for (int r = 0; r < int(m_columns.size()); ++r) {
        for (int w = 0; w < int(m_windows.size()); ++w) {
            const QRect cell = cellRect(r, w).adjusted(0, 0, -1, -1);
            const double s = m_severity[std::size_t(r)][std::size_t(w)];
            QColor c;
            if (!std::isfinite(s)) {
                c = palette().color(QPalette::AlternateBase);
            } else if (s < 1.0) {
                // Short of the threshold: pale green turning yellow as it nears it.
                const double t = std::clamp(s, 0.0, 1.0);
                c = QColor::fromRgbF(float(0.85 + 0.15 * t), float(0.94 - 0.04 * t), float(0.86 - 0.40 * t));
            } else {
                // Past it: deeper red the further (log scale, saturating at 10×).
                const double t = std::clamp(std::log10(s), 0.0, 1.0);
                c = QColor::fromRgbF(float(0.98 - 0.2 * t), float(0.62 - 0.5 * t), float(0.55 - 0.45 * t));
            }
            p.fillRect(cell, c);
        }
    }
}

void DriftHeatmap::mousePressEvent(QMouseEvent *event)
{
    for (int r = 0; r < int(m_columns.size()); ++r) {
        const QRect row = cellRect(r, 0);
        if (event->position().y() >= row.top() && event->position().y() < row.top() + row.height()) {
            Q_EMIT columnClicked(m_reportIndex[std::size_t(r)]);
            return;
        }
    }
}

void DriftHeatmap::mouseMoveEvent(QMouseEvent *event)
{
    for (int r = 0; r < int(m_columns.size()); ++r)
        for (int w = 0; w < int(m_windows.size()); ++w)
            if (cellRect(r, w).contains(event->position().toPoint())) {
                QToolTip::showText(event->globalPosition().toPoint(), m_tips[std::size_t(r)][std::size_t(w)], this);
                return;
            }
    QToolTip::hideText();
}

} // namespace keel
