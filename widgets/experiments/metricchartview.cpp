#include "widgets/experiments/metricchartview.h"

#include "models/runcolours.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace keel {

namespace {
// Chart points per run: about two per horizontal pixel keeps every peak visible.
int pointsFor(const QWidget *w)
{
    return std::max(200, w->width() * 2);
}
} // namespace

MetricChartView::MetricChartView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *bar = new QHBoxLayout;
    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("metricCombo"));
    m_metric->setMinimumContentsLength(12);
    m_metric->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_axis = new QComboBox(this);
    m_axis->setObjectName(QStringLiteral("axisCombo"));
    m_axis->addItem(tr("Step"), int(ChartXAxis::Step));
    m_axis->addItem(tr("Wall time"), int(ChartXAxis::WallTime));
    m_axis->addItem(tr("Relative time (s)"), int(ChartXAxis::RelativeTime));
    m_groupBy = new QComboBox(this);
    m_groupBy->setObjectName(QStringLiteral("groupByCombo"));
    m_groupBy->addItem(tr("none"));
    m_groupBy->setToolTip(tr("Group the runs by a param: each group's mean, with a band from its lowest to its highest run"));
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothing->setRange(0, 99);
    m_smoothing->setFixedWidth(120);
    m_smoothingValue = new QLabel(QStringLiteral("0.00"), this);
    m_logY = new QCheckBox(tr("Log y"), this);
    m_logY->setObjectName(QStringLiteral("logYCheck"));
    m_outliers = new QComboBox(this);
    m_outliers->setObjectName(QStringLiteral("outlierCombo"));
    m_outliers->addItem(tr("Y range: clip outliers"), int(OutlierMode::Auto));
    m_outliers->addItem(tr("Y range: all values"), int(OutlierMode::ShowAll));
    m_outliers->addItem(tr("Y range: 5th-95th percentile"), int(OutlierMode::Percentile));
    m_outliers->setToolTip(tr("How far the y axis reaches. Values beyond it are drawn at its edge and marked with a red triangle; "
                              "hover one to read its value."));
    auto *reset = new QPushButton(tr("Reset zoom"), this);
    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("chartInfo"));
    // Two rows, so the area fits a narrow window in any language.
    bar->addWidget(new QLabel(tr("Metric"), this));
    bar->addWidget(m_metric, 1);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("X axis"), this));
    bar->addWidget(m_axis);
    bar->addSpacing(8);
    bar->addWidget(new QLabel(tr("Group by"), this));
    bar->addWidget(m_groupBy);
    bar->addStretch(1);
    m_controls = new QWidget(this);
    auto *controlsLayout = new QVBoxLayout(m_controls);
    controlsLayout->setContentsMargins(0, 0, 0, 0);
    controlsLayout->addLayout(bar);
    layout->addWidget(m_controls);
    auto *bar2 = new QHBoxLayout;
    bar2->addWidget(new QLabel(tr("Smoothing"), this));
    bar2->addWidget(m_smoothing);
    bar2->addWidget(m_smoothingValue);
    bar2->addSpacing(8);
    bar2->addWidget(m_logY);
    bar2->addWidget(m_outliers);
    bar2->addWidget(reset);
    bar2->addStretch(1);
    controlsLayout->addLayout(bar2);

    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("metricChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->setMinimumHeight(150); // small enough that the runs table keeps ten rows at 1280x800 (under its two-row header)
    m_view->setFocusPolicy(Qt::StrongFocus);
    m_view->setToolTip(tr("Drag to zoom in on a range of x; ← → pan, + − zoom, 0 resets"));
    m_view->installEventFilter(this);
    layout->addWidget(m_view, 1);
    m_info->setStyleSheet(QStringLiteral("color: palette(mid);"));
    layout->addWidget(m_info);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        m_zoom.reset();
        rebuild();
    });
    connect(m_axis, &QComboBox::currentIndexChanged, this, [this] {
        m_zoom.reset();
        rebuild();
    });
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, &MetricChartView::rebuild);
    connect(m_smoothing, &QSlider::valueChanged, this, [this](int v) {
        m_smoothingValue->setText(QString::number(v / 100.0, 'f', 2));
        rebuild();
    });
    connect(m_logY, &QCheckBox::toggled, this, &MetricChartView::rebuild);
    connect(m_outliers, &QComboBox::currentIndexChanged, this, &MetricChartView::rebuild);
    connect(reset, &QPushButton::clicked, this, [this] {
        m_zoom.reset();
        rebuild();
    });
}

void MetricChartView::setMetricKeys(const QStringList &keys)
{
    const QString current = m_metric->currentText();
    QSignalBlocker block(m_metric);
    m_metric->clear();
    m_metric->addItems(keys);
    const int keep = keys.indexOf(current);
    // Prefer a loss-like or accuracy-like metric the first time.
    int pick = keep;
    if (pick < 0) {
        for (const char *preferred : {"loss", "accuracy", "val_loss"})
            if ((pick = keys.indexOf(QLatin1String(preferred))) >= 0)
                break;
    }
    m_metric->setCurrentIndex(pick >= 0 ? pick : 0);
    if (keep < 0)
        m_zoom.reset();
}

void MetricChartView::setGroupKeys(const QStringList &params)
{
    const QString current = m_groupBy->currentIndex() > 0 ? m_groupBy->currentText() : QString();
    QSignalBlocker block(m_groupBy);
    m_groupBy->clear();
    m_groupBy->addItem(tr("none"));
    m_groupBy->addItems(params);
    const int keep = params.indexOf(current);
    m_groupBy->setCurrentIndex(keep >= 0 ? keep + 1 : 0);
}

void MetricChartView::setGroupBy(const QString &param)
{
    const int i = m_groupBy->findText(param);
    m_groupBy->setCurrentIndex(i > 0 ? i : 0);
}

void MetricChartView::setEmptyText(const QString &text)
{
    m_emptyText = text;
}

void MetricChartView::setCompact(bool on)
{
    m_compact = on;
    m_controls->setVisible(!on);
    m_info->setVisible(!on);
    m_view->setMinimumHeight(on ? 180 : 150);
    m_view->setToolTip(on ? QString() : m_view->toolTip());
    refresh();
}

void MetricChartView::refresh()
{
    rebuild();
}

QString MetricChartView::currentMetric() const
{
    return m_metric->currentText();
}

void MetricChartView::setCurrentMetric(const QString &key)
{
    m_metric->setCurrentText(key);
}

void MetricChartView::setAxis(ChartXAxis axis)
{
    m_axis->setCurrentIndex(m_axis->findData(int(axis)));
}

void MetricChartView::setSmoothing(double weight)
{
    m_smoothing->setValue(int(std::lround(weight * 100)));
}

void MetricChartView::setLogY(bool on)
{
    m_logY->setChecked(on);
}

void MetricChartView::setOutlierMode(OutlierMode mode)
{
    m_outliers->setCurrentIndex(m_outliers->findData(int(mode)));
}

int MetricChartView::seriesCount() const
{
    int lines = 0;
    for (QAbstractSeries *s : m_chart->series())
        lines += s->type() == QAbstractSeries::SeriesTypeLine && s->objectName() != QLatin1String("raw") ? 1 : 0;
    return lines;
}

int MetricChartView::bandCount() const
{
    int bands = 0;
    for (QAbstractSeries *s : m_chart->series())
        bands += s->type() == QAbstractSeries::SeriesTypeArea && s->objectName() != QLatin1String("bar") ? 1 : 0;
    return bands;
}

int MetricChartView::barCount() const
{
    int bars = 0;
    for (QAbstractSeries *s : m_chart->series())
        bars += s->objectName() == QLatin1String("bar") ? 1 : 0;
    return bars;
}

int MetricChartView::offChartCount() const
{
    for (QAbstractSeries *s : m_chart->series())
        if (s->objectName() == QLatin1String("offChart"))
            return int(static_cast<QScatterSeries *>(s)->count());
    return 0;
}

QString MetricChartView::infoText() const
{
    return m_info->text();
}

void MetricChartView::zoomTo(double from, double to)
{
    m_zoom = std::make_pair(from, to);
    rebuild();
}

bool MetricChartView::savePng(const QString &file) const
{
    return m_view->grab().save(file, "PNG");
}

namespace {

// Red triangles at the chart's edge where a value lies beyond it; hovering one reads the value.
QScatterSeries *newOffChartSeries(QObject *tipOwner, const QString &key, std::shared_ptr<std::vector<double>> values)
{
    auto *off = new QScatterSeries;
    off->setObjectName(QStringLiteral("offChart"));
    off->setName(MetricChartView::tr("beyond the axis"));
    off->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
    off->setMarkerSize(11);
    off->setColor(QColor(0xd6, 0x27, 0x28));
    off->setBorderColor(Qt::white);
    QObject::connect(off, &QScatterSeries::hovered, tipOwner, [off, key, values](const QPointF &p, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        const auto all = off->points();
        for (qsizetype i = 0; i < all.size() && std::size_t(i) < values->size(); ++i) {
            if (all[i] == p) {
                QToolTip::showText(QCursor::pos(), MetricChartView::tr("%1 = %2\n(beyond the axis, drawn at its edge)")
                                                       .arg(key, QString::number((*values)[std::size_t(i)], 'g', 17)));
                return;
            }
        }
    });
    return off;
}

QAbstractAxis *newValueAxis(bool log, const QString &title)
{
    QAbstractAxis *y = nullptr;
    if (log) {
        auto *l = new QLogValueAxis;
        l->setBase(10);
        l->setLabelFormat(QStringLiteral("%g"));
        y = l;
    } else {
        auto *v = new QValueAxis;
        v->setLabelFormat(QStringLiteral("%g"));
        y = v;
    }
    y->setTitleText(title);
    return y;
}

// Puts the scale on the axis; rounds a linear one outwards to nice ticks where that is safe and
// counts the values against the rounded ends.
void applyScale(QAbstractAxis *axis, ChartScale &scale, std::span<const double> values)
{
    if (auto *l = qobject_cast<QLogValueAxis *>(axis)) {
        l->setRange(scale.lo, scale.hi);
        return;
    }
    auto *v = static_cast<QValueAxis *>(axis);
    v->setRange(scale.lo, scale.hi);
    if (scale.nice()) {
        v->applyNiceNumbers();
        scale.setRange(v->min(), v->max(), values);
        v->setRange(scale.lo, scale.hi); // setRange keeps its ends when the rounded ones are unusable
    }
}

void reapplyRange(QAbstractAxis *axis, const ChartScale &scale)
{
    if (auto *l = qobject_cast<QLogValueAxis *>(axis))
        l->setRange(scale.lo, scale.hi);
    else
        static_cast<QValueAxis *>(axis)->setRange(scale.lo, scale.hi);
}

void hideLegendMarkers(QChart *chart, const std::function<bool(QAbstractSeries *)> &hide)
{
    for (QLegendMarker *marker : chart->legend()->markers())
        marker->setVisible(!hide(marker->series()));
    // Qt 6.4's legend does not lay itself out again after markers are hidden.
    const bool visible = chart->legend()->isVisible();
    chart->legend()->hide();
    if (visible)
        chart->legend()->show();
}

} // namespace

void MetricChartView::rebuild()
{
    m_rebuilding = true;
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis), delete axis;
    m_yScale = ChartScale{};
    const QString key = m_metric->currentText();
    const auto axisKind = ChartXAxis(m_axis->currentData().toInt());
    const QString groupKey = m_groupBy->currentIndex() > 0 ? m_groupBy->currentText() : QString();
    const double smoothing = m_smoothing->value() / 100.0;
    std::vector<ChartSeries> series;
    if (m_loader && !key.isEmpty())
        series = m_loader(key, axisKind, smoothing, m_zoom, pointsFor(m_view), groupKey);
    if (series.empty()) {
        m_chart->setTitle(m_note.isEmpty() ? m_emptyText : m_note);
        m_info->setText(m_note);
        m_rebuilding = false;
        return;
    }
    m_chart->setTitle(m_compact ? key : QString());
    m_chart->legend()->setVisible(!m_compact);
    // A metric every run logged once (a final accuracy): a line of one point cannot be seen, so
    // bars across the runs, as MLflow draws it.
    const auto finitePoints = [](const ChartSeries &s) {
        return std::count_if(s.points.begin(), s.points.end(), [](const QPointF &p) { return std::isfinite(p.y()); });
    };
    if (!m_zoom && std::all_of(series.begin(), series.end(), [&](const ChartSeries &s) { return finitePoints(s) <= 1; })) {
        drawBars(series, key, groupKey);
        m_rebuilding = false;
        return;
    }
    // Smoothed lines keep the raw one faint behind them.
    std::vector<ChartSeries> raw;
    if (smoothing > 0.0 && groupKey.isEmpty())
        raw = m_loader(key, axisKind, 0.0, m_zoom, pointsFor(m_view), groupKey);
    std::vector<GroupSeries> groups;
    if (!groupKey.isEmpty())
        groups = groupSeries(series, std::max(100, pointsFor(m_view) / 4));

    // Every value drawn decides the y scale; x spans every position.
    std::vector<double> ys, xs;
    for (const GroupSeries &g : groups)
        for (qsizetype i = 0; i < g.mean.size(); ++i)
            ys.insert(ys.end(), {g.mean[i].y(), g.low[i].y(), g.high[i].y()}), xs.push_back(g.mean[i].x());
    for (const auto *set : {&series, &raw}) {
        if (!groups.empty() && set == &series)
            continue;
        for (const ChartSeries &s : *set)
            for (const QPointF &p : s.points)
                ys.push_back(p.y()), xs.push_back(p.x());
    }
    const bool logY = m_logY->isChecked();
    m_yScale = chooseScale(ys, logY, OutlierMode(m_outliers->currentData().toInt()));
    const ChartScale xScale = chooseSpan(xs);
    if (!m_yScale.drawable || !xScale.drawable) {
        const QString why = m_yScale.drawable ? xScale.reason : m_yScale.reason;
        m_chart->setTitle(tr("%1 cannot be drawn: %2").arg(key, why));
        m_info->setText(why + (m_note.isEmpty() ? QString() : QStringLiteral(" · ") + m_note));
        m_rebuilding = false;
        return;
    }

    QAbstractAxis *x = nullptr;
    if (axisKind == ChartXAxis::WallTime) {
        auto *t = new QDateTimeAxis;
        t->setFormat(QStringLiteral("MM-dd HH:mm:ss"));
        t->setTitleText(tr("Wall time"));
        x = t;
    } else {
        auto *v = new QValueAxis;
        v->setTitleText(axisKind == ChartXAxis::Step ? tr("Step") : tr("Seconds since the run's first point"));
        v->setLabelFormat(QStringLiteral("%g"));
        x = v;
    }
    QAbstractAxis *y = newValueAxis(logY, key);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    if (axisKind == ChartXAxis::WallTime) {
        static_cast<QDateTimeAxis *>(x)->setRange(QDateTime::fromMSecsSinceEpoch(qint64(xScale.lo)),
                                                  QDateTime::fromMSecsSinceEpoch(qint64(xScale.hi)));
    } else {
        auto *v = static_cast<QValueAxis *>(x);
        v->setRange(xScale.lo, xScale.hi);
        if (axisKind == ChartXAxis::Step && !m_zoom && xScale.nice())
            v->applyNiceNumbers();
    }
    applyScale(y, m_yScale, ys);

    auto offValues = std::make_shared<std::vector<double>>();
    QScatterSeries *off = newOffChartSeries(this, key, offValues);
    // A point as the chart can draw it: NaN (and, on a log axis, values <= 0) left out, values
    // beyond the axis at its edge and marked.
    auto place = [&](QList<QPointF> &out, QPointF p, bool mark) {
        double at = 0;
        if (!std::isfinite(p.x()) || !m_yScale.place(p.y(), &at))
            return false;
        out.append(QPointF(p.x(), at));
        if (mark && !m_yScale.inside(p.y())) {
            off->append(p.x(), at);
            offValues->push_back(p.y());
        }
        return true;
    };
    auto attach = [&](QAbstractSeries *s) {
        m_chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    };

    int shown = 0, total = 0, colour = 0;
    for (const ChartSeries &s : series)
        total += s.pointsInRange;
    for (const GroupSeries &g : groups) {
        QColor c = runColour(colour++);
        auto *mean = new QLineSeries;
        mean->setName(QStringLiteral("%1 = %2 (%3)").arg(groupKey, g.group.isEmpty() ? tr("(not set)") : g.group).arg(g.runs));
        QPen pen(c);
        pen.setWidthF(2.0);
        mean->setPen(pen);
        auto *low = new QLineSeries;
        auto *high = new QLineSeries;
        QList<QPointF> lowPoints, highPoints, meanPoints;
        for (qsizetype i = 0; i < g.mean.size(); ++i) {
            if (!place(meanPoints, g.mean[i], true))
                continue;
            // A band edge that a log axis cannot place rests on the axis.
            if (!place(lowPoints, g.low[i], false))
                lowPoints.append(QPointF(g.low[i].x(), m_yScale.lo));
            if (!place(highPoints, g.high[i], false))
                highPoints.append(QPointF(g.high[i].x(), m_yScale.lo));
        }
        low->replace(lowPoints);
        high->replace(highPoints);
        mean->replace(meanPoints);
        auto *band = new QAreaSeries(high, low);
        low->setParent(band); // the area series does not own its edges
        high->setParent(band);
        c.setAlpha(50);
        band->setBrush(c);
        band->setPen(Qt::NoPen);
        attach(band);
        attach(mean);
        shown += int(meanPoints.size());
    }
    for (const ChartSeries &s : raw) {
        auto *line = new QLineSeries;
        line->setObjectName(QStringLiteral("raw"));
        QColor c = runColour(s.colour >= 0 ? s.colour : colour + int(&s - raw.data()));
        c.setAlpha(60);
        QPen pen(c);
        pen.setWidthF(1.0);
        line->setPen(pen);
        QList<QPointF> points;
        for (const QPointF &p : s.points)
            place(points, p, false);
        line->replace(points);
        attach(line);
    }
    if (groups.empty()) {
        for (const ChartSeries &s : series) {
            auto *line = new QLineSeries;
            line->setName(s.label);
            QPen pen(runColour(s.colour >= 0 ? s.colour : colour + int(&s - series.data())));
            pen.setWidthF(1.6);
            line->setPen(pen);
            QList<QPointF> points;
            points.reserve(s.points.size());
            for (const QPointF &p : s.points)
                place(points, p, true);
            line->replace(points);
            line->setPointsVisible(points.size() == 1); // a line of one point would not show
            shown += int(points.size());
            attach(line);
            const QString label = s.label;
            connect(line, &QLineSeries::hovered, this, [label, axisKind, key](const QPointF &p, bool state) {
                if (!state) {
                    QToolTip::hideText();
                    return;
                }
                const QString xText = axisKind == ChartXAxis::WallTime
                                          ? QDateTime::fromMSecsSinceEpoch(qint64(p.x())).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"))
                                          : QString::number(p.x(), 'g', 10);
                QToolTip::showText(QCursor::pos(), QStringLiteral("%1\n%2 = %3\nx = %4").arg(label, key, QString::number(p.y(), 'g', 8), xText));
            });
        }
    }
    if (off->count() > 0) {
        attach(off);
        off->setName(tr("%n beyond the axis", nullptr, int(off->count())));
    } else {
        delete off;
    }
    // Attaching series lets Qt fit the axes to them again: put the chosen ranges back.
    if (auto *v = qobject_cast<QValueAxis *>(x))
        v->setRange(v->min(), v->max());
    reapplyRange(y, m_yScale);
    // Bands share their group's colour and raw lines their run's: the legend names the rest.
    hideLegendMarkers(m_chart, [](QAbstractSeries *s) {
        return s->objectName() == QLatin1String("raw") || s->type() == QAbstractSeries::SeriesTypeArea;
    });
    const int runCount = int(series.size());
    const QString runs = tr("%n run(s)", nullptr, runCount);
    const QString drawn = !groups.empty() ? tr("%1 in %n group(s) · means and bands from %2 points", nullptr, int(groups.size())).arg(runs).arg(total)
                                          : tr("%1 · %2 of %3 points drawn").arg(runs).arg(shown).arg(total);
    QStringList info{drawn};
    if (const QString scale = m_yScale.summary(); !scale.isEmpty())
        info << scale;
    if (!m_note.isEmpty())
        info << m_note;
    m_info->setText(info.join(QStringLiteral(" · ")));
    // A rubber-band zoom changes the x range: fetch that range again at full resolution.
    if (auto *v = qobject_cast<QValueAxis *>(x))
        connect(v, &QValueAxis::rangeChanged, this, &MetricChartView::onRangeChanged, Qt::QueuedConnection);
    else if (auto *t = qobject_cast<QDateTimeAxis *>(x))
        connect(t, &QDateTimeAxis::rangeChanged, this, &MetricChartView::onRangeChanged, Qt::QueuedConnection);
    m_rebuilding = false;
}

void MetricChartView::drawBars(const std::vector<ChartSeries> &series, const QString &key, const QString &groupKey)
{
    struct Bar {
        QString label;
        double value;
        QColor colour;
    };
    std::vector<Bar> bars;
    if (!groupKey.isEmpty()) {
        // A group's bar is the mean of its runs' values (the finite ones, when there are any).
        std::map<QString, std::vector<double>> byGroup;
        for (const ChartSeries &s : series)
            byGroup[s.group].push_back(s.latest ? *s.latest : s.points.isEmpty() ? NAN : s.points.last().y());
        int colour = 0;
        for (const auto &[group, values] : byGroup) {
            long double sum = 0;
            int n = 0;
            for (double v : values)
                if (std::isfinite(v))
                    sum += v, ++n;
            const double value = n > 0 ? double(sum / n) : values.front();
            bars.push_back({QStringLiteral("%1 = %2 (%3)").arg(groupKey, group.isEmpty() ? tr("(not set)") : group).arg(values.size()),
                            value, runColour(colour++)});
        }
    } else {
        for (std::size_t i = 0; i < series.size(); ++i) {
            const ChartSeries &s = series[i];
            // The latest value, as the runs table and MLflow's bar charts show it.
            bars.push_back({s.label, s.latest ? *s.latest : s.points.isEmpty() ? NAN : s.points.last().y(),
                            runColour(s.colour >= 0 ? s.colour : int(i))});
        }
    }
    std::vector<double> values;
    for (const Bar &b : bars)
        values.push_back(b.value);
    const bool logY = m_logY->isChecked();
    m_yScale = chooseScale(values, logY, OutlierMode(m_outliers->currentData().toInt()));
    if (!m_yScale.drawable) {
        m_chart->setTitle(tr("%1 cannot be drawn: %2").arg(key, m_yScale.reason));
        m_info->setText(m_yScale.reason);
        return;
    }
    if (!logY) // bars rise from zero, so zero is on the axis
        m_yScale.setRange(std::min(m_yScale.lo, 0.0), std::max(m_yScale.hi, 0.0), values);
    auto *x = new QCategoryAxis;
    x->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    x->setGridLineVisible(false);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const bool nan = std::isnan(bars[i].value);
        // Category labels must differ; the index keeps two runs of one name apart.
        // On a line of its own, so eliding a long run name cannot hide it.
        const QString label = bars[i].label + (nan ? QStringLiteral("<br>(NaN)") : QString());
        x->append(x->categoriesLabels().contains(label) ? QStringLiteral("%1 #%2").arg(label).arg(i + 1) : label, double(i));
    }
    x->setRange(-0.5, double(bars.size()) - 0.5);
    if (bars.size() > 6)
        x->setLabelsAngle(-30);
    QAbstractAxis *y = newValueAxis(logY, key);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);
    applyScale(y, m_yScale, values);
    // Bars rise from zero, or from the bottom of the axis when zero is not on it.
    const double base = logY ? m_yScale.lo : std::clamp(0.0, m_yScale.lo, m_yScale.hi);
    auto offValues = std::make_shared<std::vector<double>>();
    QScatterSeries *off = newOffChartSeries(this, key, offValues);
    for (std::size_t i = 0; i < bars.size(); ++i) {
        double top = 0;
        if (!m_yScale.place(bars[i].value, &top))
            continue; // NaN, or <= 0 on a log axis: the summary counts it
        const double c = double(i);
        auto *upper = new QLineSeries;
        auto *lower = new QLineSeries;
        upper->append({QPointF(c - 0.36, top), QPointF(c + 0.36, top)});
        lower->append({QPointF(c - 0.36, base), QPointF(c + 0.36, base)});
        auto *bar = new QAreaSeries(upper, lower);
        upper->setParent(bar);
        lower->setParent(bar);
        bar->setObjectName(QStringLiteral("bar"));
        bar->setName(bars[i].label);
        bar->setBrush(bars[i].colour);
        bar->setPen(QPen(bars[i].colour.darker(130), 1.0));
        m_chart->addSeries(bar);
        bar->attachAxis(x);
        bar->attachAxis(y);
        const QString tip = QStringLiteral("%1\n%2 = %3").arg(bars[i].label, key, QString::number(bars[i].value, 'g', 10));
        connect(bar, &QAreaSeries::hovered, this, [tip](const QPointF &, bool state) {
            state ? QToolTip::showText(QCursor::pos(), tip) : QToolTip::hideText();
        });
        if (!m_yScale.inside(bars[i].value)) {
            off->append(c, top);
            offValues->push_back(bars[i].value);
        }
    }
    if (off->count() > 0) {
        m_chart->addSeries(off);
        off->attachAxis(x);
        off->attachAxis(y);
        off->setName(tr("%n beyond the axis", nullptr, int(off->count())));
    } else {
        delete off;
    }
    reapplyRange(y, m_yScale);
    // The axis names the bars; the legend keeps only the off-the-chart marker.
    hideLegendMarkers(m_chart, [](QAbstractSeries *s) { return s->objectName() == QLatin1String("bar"); });
    QStringList info{groupKey.isEmpty() ? tr("%n run(s) · one value each, drawn as bars", nullptr, int(series.size()))
                                        : tr("%n run(s) · one value each, the mean of each group drawn as a bar", nullptr, int(series.size()))};
    if (const QString scale = m_yScale.summary(); !scale.isEmpty())
        info << scale;
    if (!m_note.isEmpty())
        info << m_note;
    m_info->setText(info.join(QStringLiteral(" · ")));
}

bool MetricChartView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress && !m_chart->series().isEmpty()) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        const qreal step = m_chart->plotArea().width() / 10;
        switch (key) {
        case Qt::Key_Left: m_chart->scroll(-step, 0); return true;   // pan; the range change re-fetches
        case Qt::Key_Right: m_chart->scroll(step, 0); return true;
        case Qt::Key_Plus:
        case Qt::Key_Equal: m_chart->zoom(1.25); return true;
        case Qt::Key_Minus: m_chart->zoom(0.8); return true;
        case Qt::Key_0:
            m_zoom.reset();
            rebuild();
            return true;
        default: break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void MetricChartView::onRangeChanged()
{
    if (m_rebuilding || m_chart->axes(Qt::Horizontal).isEmpty())
        return;
    QAbstractAxis *x = m_chart->axes(Qt::Horizontal).first();
    std::pair<double, double> range;
    if (auto *v = qobject_cast<QValueAxis *>(x))
        range = {v->min(), v->max()};
    else if (auto *t = qobject_cast<QDateTimeAxis *>(x))
        range = {double(t->min().toMSecsSinceEpoch()), double(t->max().toMSecsSinceEpoch())};
    if (m_zoom && std::abs(m_zoom->first - range.first) < 1e-9 && std::abs(m_zoom->second - range.second) < 1e-9)
        return;
    m_zoom = range;
    rebuild();
}

} // namespace keel
