#include "widgets/experiments/paramsplotview.h"

#include "models/chartscale.h"

#include <QComboBox>
#include <QCursor>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QStackedWidget>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <cmath>
#include <map>
#include <set>

namespace keel {

namespace {

// One axis of values across runs: numbers, or text placed at category positions.
struct Axis {
    QString name;
    bool categorical = false;
    bool logScale = false; // positive values spanning two orders of magnitude or more (learning rates)
    QStringList categories;
    std::vector<std::optional<double>> values; // per run
    double lo = 0, hi = 1;
};

std::optional<std::string> rawValue(const tracking::RunData &d, const QString &key, bool *isMetric = nullptr)
{
    if (key.startsWith(QLatin1String("metrics."))) {
        if (isMetric)
            *isMetric = true;
        auto it = d.latestMetrics.find(key.mid(8).toStdString());
        if (it == d.latestMetrics.end() || !std::isfinite(it->second.value))
            return std::nullopt;
        return std::to_string(it->second.value);
    }
    auto it = d.params.find(key.mid(7).toStdString());
    if (it == d.params.end())
        return std::nullopt;
    return it->second;
}

Axis makeAxis(const std::vector<tracking::RunData> &runs, const QString &key)
{
    Axis a;
    a.name = key;
    std::vector<std::optional<std::string>> raw;
    bool numeric = true;
    for (const auto &d : runs) {
        raw.push_back(rawValue(d, key));
        if (raw.back()) {
            char *end = nullptr;
            std::strtod(raw.back()->c_str(), &end);
            numeric = numeric && end && *end == '\0' && !raw.back()->empty();
        }
    }
    a.categorical = !numeric;
    if (a.categorical) {
        std::set<QString> unique;
        for (const auto &r : raw)
            if (r)
                unique.insert(QString::fromStdString(*r));
        a.categories = QStringList(unique.begin(), unique.end());
    }
    double lo = INFINITY, hi = -INFINITY;
    for (const auto &r : raw) {
        if (!r) {
            a.values.push_back(std::nullopt);
            continue;
        }
        const double v = a.categorical ? double(a.categories.indexOf(QString::fromStdString(*r))) : std::strtod(r->c_str(), nullptr);
        a.values.push_back(v);
        if (std::isfinite(v))
            lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (std::isfinite(lo) && !a.categorical && lo > 0 && hi / lo >= 100) {
        a.logScale = true;
        for (auto &v : a.values)
            if (v)
                v = *v > 0 ? std::log10(*v) : NAN;
    }
    if (a.categorical) {
        a.lo = 0;
        a.hi = std::max(1.0, double(a.categories.size() - 1));
        return a;
    }
    // The range every chart uses: outliers (a param of 1e999, a metric at 1.8e308) rest at its
    // edge instead of squeezing every other run into one line.
    std::vector<double> placed;
    for (const auto &v : a.values)
        if (v)
            placed.push_back(*v);
    const ChartScale scale = chooseScale(placed, false, OutlierMode::Auto);
    if (scale.drawable) {
        a.lo = scale.lo;
        a.hi = scale.hi;
    }
    for (auto &v : a.values) {
        double at = 0;
        if (v && scale.drawable && scale.place(*v, &at))
            v = at;
        else
            v = std::nullopt;
    }
    return a;
}

QColor colourFor(double t)
{
    // Low values blue, high values orange-red, through a light middle.
    t = std::clamp(t, 0.0, 1.0);
    const QColor a(0x31, 0x68, 0xc4), m(0xc8, 0xc8, 0x78), b(0xe0, 0x4a, 0x1f);
    auto mix = [](const QColor &x, const QColor &y, double f) {
        return QColor::fromRgbF(float(x.redF() + (y.redF() - x.redF()) * f), float(x.greenF() + (y.greenF() - x.greenF()) * f),
                                float(x.blueF() + (y.blueF() - x.blueF()) * f));
    };
    return t < 0.5 ? mix(a, m, t * 2) : mix(m, b, (t - 0.5) * 2);
}

} // namespace

class ParallelCoordinates : public QWidget {
public:
    explicit ParallelCoordinates(QWidget *parent) : QWidget(parent)
    {
        setObjectName(QStringLiteral("parallelCoordinates"));
        setMinimumHeight(150); // as the metric chart: the runs table keeps ten rows at 1280x800
        setMouseTracking(true);
    }
    void setAxes(std::vector<Axis> axes, std::vector<QString> names)
    {
        m_axes = std::move(axes);
        m_names = std::move(names);
        update();
    }
    const std::vector<Axis> &axes() const { return m_axes; }

protected:
    void paintEvent(QPaintEvent *) override
    {
        QPainter p(this);
        p.setRenderHint(QPainter::Antialiasing);
        p.fillRect(rect(), palette().base());
        if (m_axes.size() < 2) {
            p.setPen(palette().color(QPalette::PlaceholderText));
            p.drawText(rect(), Qt::AlignCenter, tr("Parallel coordinates need at least one param that differs between the runs"));
            return;
        }
        const int left = 60, right = width() - 90, top = 40, bottom = height() - 30;
        const int n = int(m_axes.size());
        auto xOf = [&](int i) { return left + (right - left) * i / (n - 1); };
        auto yOf = [&](const Axis &a, double v) { return bottom - (bottom - top) * (v - a.lo) / (a.hi - a.lo); };
        const Axis &metric = m_axes.back();
        // Lines, drawn first so the axes stay readable on top.
        for (std::size_t r = 0; r < metric.values.size(); ++r) {
            if (!metric.values[r])
                continue;
            QPainterPath path;
            bool started = false;
            for (int i = 0; i < n; ++i) {
                const auto &v = m_axes[std::size_t(i)].values[r];
                if (!v) {
                    started = false;
                    continue;
                }
                const QPointF pt(xOf(i), yOf(m_axes[std::size_t(i)], *v));
                started ? path.lineTo(pt) : path.moveTo(pt);
                started = true;
            }
            QColor c = colourFor((*metric.values[r] - metric.lo) / (metric.hi - metric.lo));
            c.setAlpha(200);
            p.setPen(QPen(c, 1.6));
            p.drawPath(path);
        }
        // Axes: name on top, range or categories along.
        const QFontMetrics fm = p.fontMetrics();
        for (int i = 0; i < n; ++i) {
            const Axis &a = m_axes[std::size_t(i)];
            const int x = xOf(i);
            p.setPen(QPen(palette().color(QPalette::Text), 1.2));
            p.drawLine(x, top, x, bottom);
            QFont bold = p.font();
            bold.setBold(i == n - 1);
            p.setFont(bold);
            const QString name = fm.elidedText(a.name, Qt::ElideMiddle, 140);
            p.drawText(QRect(x - 75, top - 32, 150, 18), Qt::AlignCenter, name);
            p.setFont(font());
            auto label = [&](double v, const QString &text) {
                const int y = int(yOf(a, v));
                p.drawLine(x - 3, y, x + 3, y);
                p.drawText(QRect(x + 6, y - 9, 120, 18), Qt::AlignLeft | Qt::AlignVCenter, text);
            };
            if (a.categorical) {
                for (int c = 0; c < a.categories.size(); ++c)
                    label(c, fm.elidedText(a.categories[c], Qt::ElideRight, 80));
            } else if (a.logScale) {
                for (double e = std::ceil(a.lo); e <= std::floor(a.hi) + 1e-9; e += 1)
                    label(e, QString::number(std::pow(10.0, e), 'g', 4));
            } else {
                label(a.lo, QString::number(a.lo, 'g', 4));
                label(a.hi, QString::number(a.hi, 'g', 4));
            }
        }
    }

private:
    std::vector<Axis> m_axes;
    std::vector<QString> m_names;
};

ParamsPlotView::ParamsPlotView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    auto *bar = new QHBoxLayout;
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("plotMode"));
    m_mode->addItem(tr("Scatter plot"));
    m_mode->addItem(tr("Parallel coordinates"));
    m_x = new QComboBox(this);
    m_x->setObjectName(QStringLiteral("scatterX"));
    m_x->setMinimumContentsLength(12);
    m_x->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("plotMetric"));
    m_metric->setMinimumContentsLength(12);
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    bar->addWidget(m_mode);
    bar->addSpacing(8);
    auto *xLabel = new QLabel(tr("X"), this);
    bar->addWidget(xLabel);
    bar->addWidget(m_x, 1);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("Metric"), this));
    bar->addWidget(m_metric, 1);
    layout->addLayout(bar);

    m_stack = new QStackedWidget(this);
    m_chart = new QChart;
    m_chart->legend()->hide();
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chartView = new QChartView(m_chart, m_stack);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_parallel = new ParallelCoordinates(m_stack);
    m_stack->addWidget(m_chartView);
    m_stack->addWidget(m_parallel);
    layout->addWidget(m_stack, 1);

    connect(m_mode, &QComboBox::currentIndexChanged, this, [this, xLabel](int mode) {
        m_x->setVisible(mode == 0);
        xLabel->setVisible(mode == 0);
        rebuild();
    });
    connect(m_x, &QComboBox::currentIndexChanged, this, &ParamsPlotView::rebuild);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &ParamsPlotView::rebuild);
}

void ParamsPlotView::setRuns(std::vector<tracking::RunData> runs)
{
    m_runs = std::move(runs);
    std::set<QString> params, metrics;
    for (const auto &d : m_runs) {
        for (const auto &[k, v] : d.params)
            params.insert(QString::fromStdString(k));
        for (const auto &[k, v] : d.latestMetrics)
            metrics.insert(QString::fromStdString(k));
    }
    const QString x = m_x->currentText(), metric = m_metric->currentText();
    {
        QSignalBlocker b1(m_x), b2(m_metric);
        m_x->clear();
        for (const QString &p : params)
            m_x->addItem(QStringLiteral("params.") + p);
        for (const QString &m : metrics)
            m_x->addItem(QStringLiteral("metrics.") + m);
        m_metric->clear();
        m_metric->addItems(QStringList(metrics.begin(), metrics.end()));
        if (m_x->findText(x) >= 0)
            m_x->setCurrentText(x);
        if (m_metric->findText(metric) >= 0)
            m_metric->setCurrentText(metric);
        else if (m_metric->findText(QStringLiteral("accuracy")) >= 0)
            m_metric->setCurrentText(QStringLiteral("accuracy"));
    }
    rebuild();
}

void ParamsPlotView::setMode(int mode)
{
    m_mode->setCurrentIndex(mode);
}

void ParamsPlotView::setX(const QString &key)
{
    m_x->setCurrentText(key);
}

void ParamsPlotView::setMetric(const QString &key)
{
    m_metric->setCurrentText(key);
}

QStringList ParamsPlotView::parallelAxes() const
{
    QStringList names;
    for (const Axis &a : m_parallel->axes())
        names << a.name;
    return names;
}

void ParamsPlotView::rebuild()
{
    m_plotted = 0;
    const QString metricKey = m_metric->currentText();
    m_stack->setCurrentIndex(m_mode->currentIndex());
    if (m_mode->currentIndex() == 1) {
        // The params whose values differ between runs, then the metric.
        std::vector<Axis> axes;
        std::set<QString> params;
        for (const auto &d : m_runs)
            for (const auto &[k, v] : d.params)
                params.insert(QString::fromStdString(k));
        for (const QString &p : params) {
            Axis a = makeAxis(m_runs, QStringLiteral("params.") + p);
            std::set<double> distinct;
            for (const auto &v : a.values)
                if (v)
                    distinct.insert(*v);
            if (distinct.size() > 1 && axes.size() < 10)
                axes.push_back(std::move(a));
        }
        if (!metricKey.isEmpty()) {
            Axis metric = makeAxis(m_runs, QStringLiteral("metrics.") + metricKey);
            for (const auto &v : metric.values)
                m_plotted += v ? 1 : 0;
            axes.push_back(std::move(metric));
        }
        m_parallel->setAxes(axes.size() >= 2 ? std::move(axes) : std::vector<Axis>{}, {});
        return;
    }

    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis), delete axis;
    if (metricKey.isEmpty() || m_x->currentText().isEmpty()) {
        m_chart->setTitle(tr("No metrics to plot"));
        return;
    }
    m_chart->setTitle(QString());
    const Axis x = makeAxis(m_runs, m_x->currentText());
    const Axis y = makeAxis(m_runs, QStringLiteral("metrics.") + metricKey);
    auto *points = new QScatterSeries;
    points->setMarkerSize(9);
    points->setColor(QColor(0x1f, 0x77, 0xb4));
    points->setBorderColor(Qt::white);
    std::vector<QString> names;
    for (std::size_t r = 0; r < m_runs.size(); ++r) {
        if (!x.values[r] || !y.values[r])
            continue;
        // A log-scaled x is plotted on a log axis in its own units.
        points->append(x.logScale ? std::pow(10.0, *x.values[r]) : *x.values[r], y.logScale ? std::pow(10.0, *y.values[r]) : *y.values[r]);
        const auto &run = m_runs[r].run;
        names.push_back(QString::fromStdString(run.name.empty() ? run.uuid.substr(0, 8) : run.name));
        ++m_plotted;
    }
    m_chart->addSeries(points);
    QAbstractAxis *xAxis = nullptr;
    if (x.categorical) {
        auto *c = new QCategoryAxis;
        c->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
        for (int i = 0; i < x.categories.size(); ++i)
            c->append(x.categories[i], i);
        c->setRange(-0.5, x.categories.size() - 0.5);
        xAxis = c;
    } else if (x.logScale) {
        auto *l = new QLogValueAxis;
        l->setBase(10);
        l->setRange(std::pow(10.0, std::clamp(x.lo - 0.3, -300.0, 300.0)), std::pow(10.0, std::clamp(x.hi + 0.3, -300.0, 300.0)));
        l->setLabelFormat(QStringLiteral("%g"));
        xAxis = l;
    } else {
        auto *v = new QValueAxis;
        v->setRange(x.lo, x.hi);
        if (std::abs(x.lo) < 1e300 && std::abs(x.hi) < 1e300) // rounding outwards must not overflow
            v->applyNiceNumbers();
        v->setLabelFormat(QStringLiteral("%g"));
        xAxis = v;
    }
    xAxis->setTitleText(m_x->currentText());
    auto *yAxis = new QValueAxis;
    const double ylo = y.logScale ? std::pow(10.0, y.lo) : y.lo, yhi = y.logScale ? std::pow(10.0, y.hi) : y.hi;
    yAxis->setRange(ylo, yhi);
    if (std::abs(ylo) < 1e300 && std::abs(yhi) < 1e300)
        yAxis->applyNiceNumbers();
    yAxis->setLabelFormat(QStringLiteral("%g"));
    yAxis->setTitleText(metricKey);
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    m_chart->addAxis(yAxis, Qt::AlignLeft);
    points->attachAxis(xAxis);
    points->attachAxis(yAxis);
    connect(points, &QScatterSeries::hovered, this, [points, names, metricKey, xName = m_x->currentText()](const QPointF &p, bool on) {
        if (!on) {
            QToolTip::hideText();
            return;
        }
        const auto all = points->points();
        for (qsizetype i = 0; i < all.size(); ++i) {
            if (all[i] == p) {
                QToolTip::showText(QCursor::pos(), QStringLiteral("%1\n%2 = %3\n%4 = %5").arg(names[std::size_t(i)], xName)
                                                       .arg(p.x(), 0, 'g', 6).arg(metricKey).arg(p.y(), 0, 'g', 6));
                return;
            }
        }
    });
}

} // namespace keel
