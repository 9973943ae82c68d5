#include "widgets/experiments/metricchartview.h"

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
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QChartView>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>

#include <cmath>

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
    layout->addLayout(bar);
    auto *bar2 = new QHBoxLayout;
    bar2->addWidget(new QLabel(tr("Smoothing"), this));
    bar2->addWidget(m_smoothing);
    bar2->addWidget(m_smoothingValue);
    bar2->addSpacing(8);
    bar2->addWidget(m_logY);
    bar2->addWidget(reset);
    bar2->addStretch(1);
    layout->addLayout(bar2);

    m_chart = new QChart;
    m_chart->legend()->setAlignment(Qt::AlignRight);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_view = new QChartView(m_chart, this);
    m_view->setObjectName(QStringLiteral("metricChart"));
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setRubberBand(QChartView::HorizontalRubberBand);
    m_view->setMinimumHeight(220);
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

int MetricChartView::seriesCount() const
{
    int lines = 0;
    for (QAbstractSeries *s : m_chart->series())
        lines += s->type() == QAbstractSeries::SeriesTypeLine ? 1 : 0;
    return lines;
}

int MetricChartView::bandCount() const
{
    int bands = 0;
    for (QAbstractSeries *s : m_chart->series())
        bands += s->type() == QAbstractSeries::SeriesTypeArea ? 1 : 0;
    return bands;
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

void MetricChartView::rebuild()
{
    m_rebuilding = true;
    m_chart->removeAllSeries();
    for (QAbstractAxis *axis : m_chart->axes())
        m_chart->removeAxis(axis), delete axis;
    const QString key = m_metric->currentText();
    const auto axisKind = ChartXAxis(m_axis->currentData().toInt());
    const QString groupKey = m_groupBy->currentIndex() > 0 ? m_groupBy->currentText() : QString();
    std::vector<ChartSeries> series;
    if (m_loader && !key.isEmpty())
        series = m_loader(key, axisKind, m_smoothing->value() / 100.0, m_zoom, pointsFor(m_view), groupKey);
    if (series.empty()) {
        m_chart->setTitle(m_note.isEmpty() ? m_emptyText : m_note);
        m_info->setText(m_note);
        m_rebuilding = false;
        return;
    }
    m_chart->setTitle(QString());

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
    QAbstractAxis *y = nullptr;
    const bool logY = m_logY->isChecked();
    if (logY) {
        auto *l = new QLogValueAxis;
        l->setBase(10);
        l->setLabelFormat(QStringLiteral("%g"));
        y = l;
    } else {
        auto *v = new QValueAxis;
        v->setLabelFormat(QStringLiteral("%g"));
        y = v;
    }
    y->setTitleText(key);
    m_chart->addAxis(x, Qt::AlignBottom);
    m_chart->addAxis(y, Qt::AlignLeft);

    double minX = INFINITY, maxX = -INFINITY, minY = INFINITY, maxY = -INFINITY;
    int shown = 0, total = 0;
    // Ten colours that stay apart from each other (the categorical palette matplotlib calls tab10).
    static const QColor palette[] = {QColor(0x1f77b4), QColor(0xff7f0e), QColor(0x2ca02c), QColor(0xd62728), QColor(0x9467bd),
                                     QColor(0x8c564b), QColor(0xe377c2), QColor(0x7f7f7f), QColor(0xbcbd22), QColor(0x17becf)};
    int colour = 0;
    int groups = 0;
    const std::size_t runCount = series.size();
    if (!groupKey.isEmpty()) {
        // One mean line and one min-max band per group.
        for (const GroupSeries &g : groupSeries(series, std::max(100, pointsFor(m_view) / 4))) {
            QColor c = palette[colour++ % 10];
            auto *mean = new QLineSeries;
            mean->setName(QStringLiteral("%1 = %2 (%3)").arg(groupKey, g.group.isEmpty() ? tr("(not set)") : g.group).arg(g.runs));
            QPen pen(c);
            pen.setWidthF(2.0);
            mean->setPen(pen);
            auto *low = new QLineSeries;
            auto *high = new QLineSeries;
            QList<QPointF> lowPoints, highPoints, meanPoints;
            for (qsizetype i = 0; i < g.mean.size(); ++i) {
                if (logY && g.low[i].y() <= 0)
                    continue;
                lowPoints.append(g.low[i]);
                highPoints.append(g.high[i]);
                meanPoints.append(g.mean[i]);
                minX = std::min(minX, g.mean[i].x());
                maxX = std::max(maxX, g.mean[i].x());
                minY = std::min(minY, g.low[i].y());
                maxY = std::max(maxY, g.high[i].y());
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
            m_chart->addSeries(band);
            band->attachAxis(x);
            band->attachAxis(y);
            m_chart->addSeries(mean);
            mean->attachAxis(x);
            mean->attachAxis(y);
            shown += int(meanPoints.size());
            ++groups;
        }
        // The bands share their group's colour; the legend names the mean lines only.
        for (QLegendMarker *marker : m_chart->legend()->markers())
            marker->setVisible(marker->series()->type() == QAbstractSeries::SeriesTypeLine);
        // Qt 6.4's legend does not lay itself out again after markers are hidden.
        m_chart->legend()->hide();
        m_chart->legend()->show();
        for (const ChartSeries &s : series)
            total += s.pointsInRange;
        series.clear(); // drawn as groups
    }
    for (const ChartSeries &s : series) {
        auto *line = new QLineSeries;
        line->setName(s.label);
        QPen pen(palette[colour++ % 10]);
        pen.setWidthF(1.6);
        line->setPen(pen);
        QList<QPointF> points;
        points.reserve(s.points.size());
        for (QPointF p : s.points) {
            if (!std::isfinite(p.y()) || (logY && p.y() <= 0))
                continue; // a chart cannot place infinities, nor non-positive values on a log axis
            points.append(p);
            minX = std::min(minX, p.x());
            maxX = std::max(maxX, p.x());
            minY = std::min(minY, p.y());
            maxY = std::max(maxY, p.y());
        }
        line->replace(points);
        shown += int(points.size());
        total += s.pointsInRange;
        m_chart->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
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
    if (std::isfinite(minX)) {
        if (axisKind == ChartXAxis::WallTime)
            static_cast<QDateTimeAxis *>(x)->setRange(QDateTime::fromMSecsSinceEpoch(qint64(minX)), QDateTime::fromMSecsSinceEpoch(qint64(maxX)));
        else
            static_cast<QValueAxis *>(x)->setRange(minX, maxX > minX ? maxX : minX + 1);
        if (axisKind == ChartXAxis::Step && !m_zoom)
            static_cast<QValueAxis *>(x)->applyNiceNumbers();
        if (logY) {
            static_cast<QLogValueAxis *>(y)->setRange(minY * 0.9, maxY * 1.1);
        } else {
            auto *v = static_cast<QValueAxis *>(y);
            v->setRange(minY, maxY > minY ? maxY : minY + 1);
            v->applyNiceNumbers(); // round ticks that enclose the data
        }
    }
    const QString drawn = groups > 0 ? tr("%1 runs in %2 groups · means and bands from %3 points").arg(runCount).arg(groups).arg(total)
                                     : tr("%1 runs · %2 of %3 points drawn").arg(runCount).arg(shown).arg(total);
    m_info->setText(drawn + (m_note.isEmpty() ? QString() : QStringLiteral(" · ") + m_note));
    // A rubber-band zoom changes the x range: fetch that range again at full resolution.
    if (auto *v = qobject_cast<QValueAxis *>(x))
        connect(v, &QValueAxis::rangeChanged, this, &MetricChartView::onRangeChanged, Qt::QueuedConnection);
    else if (auto *t = qobject_cast<QDateTimeAxis *>(x))
        connect(t, &QDateTimeAxis::rangeChanged, this, &MetricChartView::onRangeChanged, Qt::QueuedConnection);
    m_rebuilding = false;
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
