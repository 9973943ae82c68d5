// The metric chart on every value a double can hold (NaN, ±Inf, ±DBL_MAX, denormals, all-equal
// values, one point, values at or below zero under log y) with every option (log y, each
// y-range mode, smoothing, grouping, bars): each draws something or says why not, the axes are
// finite, and every drawn point lies inside them. The scale rules themselves are checked
// against numpy's quantiles and hand-worked cases.
#include "testsupport.h"

#include "models/chartscale.h"
#include "models/metricchartdata.h"
#include "widgets/experiments/metricchartview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QTest>
#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QLogValueAxis>
#include <QtCharts/QValueAxis>
#include <QtCharts/QXYSeries>

#include <cfloat>
#include <cmath>

using namespace keel;

Q_DECLARE_METATYPE(std::vector<ChartSeries>)

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kDenormal = 4.9406564584124654e-324;

ChartSeries series(const char *name, const QVector<double> &values, const char *group = "")
{
    ChartSeries s;
    s.runUuid = QString::fromLatin1(name);
    s.label = s.runUuid;
    s.group = QString::fromLatin1(group);
    for (qsizetype i = 0; i < values.size(); ++i)
        s.points.append(QPointF(double(i), values[i]));
    s.pointsInRange = int(values.size());
    return s;
}

// A training curve: 0.9 falling to about 0.1 over 50 steps.
ChartSeries healthy(const char *name, const char *group = "a")
{
    QVector<double> v;
    for (int i = 0; i < 50; ++i)
        v.append(0.1 + 0.8 * std::exp(-i / 10.0));
    return series(name, v, group);
}

double axisMin(QAbstractAxis *a)
{
    if (auto *v = qobject_cast<QValueAxis *>(a))
        return v->min();
    return static_cast<QLogValueAxis *>(a)->min();
}

double axisMax(QAbstractAxis *a)
{
    if (auto *v = qobject_cast<QValueAxis *>(a))
        return v->max();
    return static_cast<QLogValueAxis *>(a)->max();
}

} // namespace

class TestMetricChart : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyValueDrawsOrSaysWhy_data()
    {
        QTest::addColumn<std::vector<ChartSeries>>("runs");
        QTest::addColumn<bool>("logY");
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("smoothing");
        QTest::addColumn<bool>("grouped");

        const std::vector<std::pair<const char *, std::vector<ChartSeries>>> cases = {
            {"diverged to +DBL_MAX", {healthy("h1"), healthy("h2", "b"), series("diverged", {kNan, DBL_MAX}, "b")}},
            {"to -DBL_MAX", {healthy("h1"), series("neg", {0.5, -DBL_MAX, 0.4}, "b")}},
            {"+-DBL_MAX alone", {series("x", {-DBL_MAX, DBL_MAX, -DBL_MAX}), series("y", {DBL_MAX, DBL_MAX}, "b")}},
            {"+Inf", {healthy("h1"), series("inf", {0.3, kInf, 0.2}, "b")}},
            {"-Inf", {healthy("h1"), series("ninf", {0.3, -kInf, 0.2}, "b")}},
            {"only infinities", {series("i", {kInf, -kInf, kInf}), series("j", {kInf, kInf})}},
            {"NaN among values", {series("n", {0.2, kNan, 0.3, kNan, 0.1})}},
            {"only NaN", {series("n", {kNan, kNan}), series("m", {kNan, kNan, kNan}, "b")}},
            {"denormals", {series("d", {kDenormal, 2 * kDenormal, 0.0, kDenormal}), series("e", {1e-310, 1e-315}, "b")}},
            {"denormals with healthy", {healthy("h1"), series("d", {kDenormal, 1e-310, 3e-320}, "b")}},
            {"all equal", {series("c", {0.75, 0.75, 0.75}), series("d", {0.75, 0.75}, "b")}},
            {"all equal at DBL_MAX", {series("c", {DBL_MAX, DBL_MAX, DBL_MAX})}},
            {"all zero", {series("z", {0.0, 0.0, 0.0})}},
            {"one point each", {series("p", {0.8}), series("q", {0.6}, "b"), series("r", {DBL_MAX}, "b")}},
            {"one point and a curve", {healthy("h1"), series("p", {0.8}, "b")}},
            {"negative values", {series("neg", {-3.0, -2.0, -1.0, -0.5}), series("mix", {-1.0, 0.0, 1.0, 2.0}, "b")}},
            {"huge and tiny", {series("w", {1e-300, 1e300, 1.0, 1e-200, 1e200})}},
            {"big steps", {[] {
                 ChartSeries s = series("s", {1.0, 2.0, 3.0});
                 s.points[0].setX(-9.2e18);
                 s.points[2].setX(9.2e18);
                 return s;
             }()}},
        };
        for (const auto &[name, runs] : cases) {
            for (bool logY : {false, true})
                for (int mode : {int(OutlierMode::Auto), int(OutlierMode::ShowAll), int(OutlierMode::Percentile)})
                    for (double smoothing : {0.0, 0.6})
                        for (bool grouped : {false, true})
                            QTest::addRow("%s log=%d mode=%d smooth=%.1f grouped=%d", name, logY, mode, smoothing, grouped)
                                << runs << logY << mode << smoothing << grouped;
        }
    }

    void everyValueDrawsOrSaysWhy()
    {
        QFETCH(std::vector<ChartSeries>, runs);
        QFETCH(bool, logY);
        QFETCH(int, mode);
        QFETCH(double, smoothing);
        QFETCH(bool, grouped);

        MetricChartView view;
        view.resize(900, 500);
        view.setLoader([&](const QString &, ChartXAxis, double weight, std::optional<std::pair<double, double>>, int, const QString &) {
            std::vector<ChartSeries> out = runs;
            for (ChartSeries &s : out)
                smoothEma(s.points, weight);
            return out;
        });
        view.setGroupKeys({QStringLiteral("group")});
        view.setMetricKeys({QStringLiteral("loss")});
        view.setLogY(logY);
        view.setOutlierMode(OutlierMode(mode));
        view.setSmoothing(smoothing);
        view.setGroupBy(grouped ? QStringLiteral("group") : QString());
        view.refresh();
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Painting is where a chart with an unusable axis falls over.
        const QImage image = view.chartView()->grab().toImage();
        QVERIFY(!image.isNull());

        QChart *chart = view.chart();
        if (!view.yScale().drawable) {
            QVERIFY2(chart->series().isEmpty(), "nothing is drawn when the values cannot be placed");
            QVERIFY2(chart->title().contains(QLatin1String("cannot be drawn")), qPrintable(chart->title()));
            QVERIFY(!view.infoText().isEmpty());
            return;
        }
        QVERIFY(!chart->series().isEmpty());
        QVERIFY(!view.infoText().isEmpty());
        QAbstractAxis *y = chart->axes(Qt::Vertical).value(0);
        QVERIFY(y);
        const double lo = axisMin(y), hi = axisMax(y);
        QVERIFY2(std::isfinite(lo) && std::isfinite(hi) && lo < hi && std::isfinite(hi - lo),
                 qPrintable(QStringLiteral("%1 .. %2").arg(lo, 0, 'g', 17).arg(hi, 0, 'g', 17)));
        if (logY)
            QVERIFY(lo > 0);
        for (QAbstractSeries *s : chart->series()) {
            QList<QPointF> points;
            if (auto *area = qobject_cast<QAreaSeries *>(s)) {
                points = area->upperSeries()->points();
                if (area->lowerSeries())
                    points += area->lowerSeries()->points();
            } else {
                points = static_cast<QXYSeries *>(s)->points();
            }
            for (const QPointF &p : points) {
                QVERIFY(std::isfinite(p.x()));
                QVERIFY2(p.y() >= lo && p.y() <= hi, qPrintable(QStringLiteral("%1 outside %2 .. %3").arg(p.y()).arg(lo).arg(hi)));
            }
        }
        // What was left out or put at the edge is said.
        const ChartScale &scale = view.yScale();
        if (scale.nan > 0)
            QVERIFY2(view.infoText().contains(QLatin1String("NaN")), qPrintable(view.infoText()));
        if (scale.clipped + scale.infinite > 0) {
            QVERIFY(view.offChartCount() > 0);
            QVERIFY2(view.infoText().contains(QLatin1String("off the chart")), qPrintable(view.infoText()));
        }
    }

    void oneOutlierDoesNotFlattenTheRest()
    {
        // The wine-boosting case: three healthy curves and a run that diverged to 1.8e308.
        MetricChartView view;
        view.resize(900, 500);
        view.setLoader([](const QString &, ChartXAxis, double, std::optional<std::pair<double, double>>, int, const QString &) {
            return std::vector<ChartSeries>{healthy("depth 1"), healthy("depth 2"), series("diverged", {kNan, DBL_MAX})};
        });
        view.setMetricKeys({QStringLiteral("test_log_loss")});
        view.refresh();
        auto *y = static_cast<QValueAxis *>(view.chart()->axes(Qt::Vertical).first());
        QVERIFY2(y->max() <= 1.0 && y->min() >= 0.0, qPrintable(QStringLiteral("%1 .. %2").arg(y->min()).arg(y->max())));
        QCOMPARE(view.offChartCount(), 1);
        QCOMPARE(view.seriesCount(), 3);
        // All values: a chart cannot hold 0.1 .. 1.8e308 usefully, but it still draws; with the
        // other runs alone the outlier sets the top.
        view.setOutlierMode(OutlierMode::ShowAll);
        y = static_cast<QValueAxis *>(view.chart()->axes(Qt::Vertical).first());
        QVERIFY(y->max() >= DBL_MAX * 0.99);
        QCOMPARE(view.offChartCount(), 0);
        // Log y, the option that used to kill the app.
        view.setOutlierMode(OutlierMode::Auto);
        QTest::mouseClick(view.findChild<QCheckBox *>(QStringLiteral("logYCheck")), Qt::LeftButton);
        QVERIFY(view.yScale().log);
        auto *logAxis = static_cast<QLogValueAxis *>(view.chart()->axes(Qt::Vertical).first());
        QVERIFY2(logAxis->max() <= 10.0 && logAxis->min() > 0, qPrintable(QString::number(logAxis->max())));
        QCOMPARE(view.offChartCount(), 1);
        QVERIFY(!view.chartView()->grab().isNull());
    }

    void metricsLoggedOnceAreBars()
    {
        MetricChartView view;
        view.resize(900, 500);
        view.setLoader([](const QString &, ChartXAxis, double, std::optional<std::pair<double, double>>, int, const QString &) {
            std::vector<ChartSeries> runs{series("a", {0.91}, "x"), series("b", {0.87}, "x"), series("c", {0.95}, "y"),
                                          series("nan", {}, "y"), series("diverged", {DBL_MAX}, "y")};
            runs[3].latest = kNan; // its only value is NaN: no point to draw
            return runs;
        });
        view.setGroupKeys({QStringLiteral("g")});
        view.setMetricKeys({QStringLiteral("accuracy")});
        view.refresh();
        QCOMPARE(view.barCount(), 4); // the NaN run has no bar
        QCOMPARE(view.seriesCount(), 0);
        QCOMPARE(view.offChartCount(), 1); // the diverged run's bar reaches the top and is marked
        QVERIFY2(view.infoText().contains(QLatin1String("5 run")) && view.infoText().contains(QLatin1String("bars")) &&
                     view.infoText().contains(QLatin1String("1 NaN")),
                 qPrintable(view.infoText()));
        auto *y = static_cast<QValueAxis *>(view.chart()->axes(Qt::Vertical).first());
        QVERIFY(y->max() <= 1.0);
        QCOMPARE(y->min(), 0.0); // bars rise from zero
        // Grouped: one bar per group, the mean of its finite values.
        view.setGroupBy(QStringLiteral("g"));
        QCOMPARE(view.barCount(), 2);
        QVERIFY(view.infoText().contains(QLatin1String("mean of each group")));
        // Log y with nothing above zero says so instead of drawing.
        view.setGroupBy(QString());
        view.setLoader([](const QString &, ChartXAxis, double, std::optional<std::pair<double, double>>, int, const QString &) {
            return std::vector<ChartSeries>{series("grad_norm", {-DBL_MAX}), series("zero", {0.0})};
        });
        view.setLogY(true);
        QCOMPARE(view.barCount(), 0);
        QVERIFY2(view.chart()->title().contains(QLatin1String("above zero")), qPrintable(view.chart()->title()));
    }

    void smoothingKeepsTheRawLineFaint()
    {
        MetricChartView view;
        view.resize(900, 500);
        view.setLoader([](const QString &, ChartXAxis, double weight, std::optional<std::pair<double, double>>, int, const QString &) {
            std::vector<ChartSeries> runs{healthy("a"), healthy("b")};
            for (ChartSeries &s : runs)
                smoothEma(s.points, weight);
            return runs;
        });
        view.setMetricKeys({QStringLiteral("loss")});
        view.refresh();
        QCOMPARE(view.chart()->series().size(), 2);
        view.setSmoothing(0.8);
        QCOMPARE(view.seriesCount(), 2);          // the smoothed lines
        QCOMPARE(view.chart()->series().size(), 4); // and the raw ones behind them
        int faint = 0;
        for (QAbstractSeries *s : view.chart()->series())
            if (s->objectName() == QLatin1String("raw"))
                faint += static_cast<QXYSeries *>(s)->pen().color().alpha() < 128 ? 1 : 0;
        QCOMPARE(faint, 2);
    }

    void scaleRules_data()
    {
        QTest::addColumn<QVector<double>>("values");
        QTest::addColumn<bool>("logY");
        QTest::addColumn<int>("mode");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("clipped");

        // numpy.quantile([1..20], [0.05, 0.95]) = 1.95, 19.05
        QVector<double> oneToTwenty;
        for (int i = 1; i <= 20; ++i)
            oneToTwenty.append(i);
        QTest::newRow("percentile as numpy") << oneToTwenty << false << int(OutlierMode::Percentile) << 1.95 << 19.05 << 2;
        QTest::newRow("all values") << oneToTwenty << false << int(OutlierMode::ShowAll) << 1.0 << 20.0 << 0;
        QTest::newRow("auto keeps a plain range") << oneToTwenty << false << int(OutlierMode::Auto) << 1.0 << 20.0 << 0;
        QTest::newRow("auto clips DBL_MAX") << QVector<double>{0.9, 0.91, 0.93, 0.95, DBL_MAX} << false << int(OutlierMode::Auto)
                                            << 0.9 << 0.95 << 1;
        // median 0.5, no spread: the fence is 1000 x 10% of the median either side; inside it only
        // 0.5, widened by 5%
        QTest::newRow("auto on equal values and one outlier") << QVector<double>{0.5, 0.5, 0.5, 1e9} << false << int(OutlierMode::Auto)
                                                              << 0.475 << 0.525 << 1;
        QTest::newRow("log decades") << QVector<double>{0.02, 0.5, 3.0} << true << int(OutlierMode::ShowAll) << 0.01 << 10.0 << 0;
        QTest::newRow("log of one value") << QVector<double>{100.0} << true << int(OutlierMode::Auto) << 10.0 << 1000.0 << 0;
        QTest::newRow("log clamps denormals") << QVector<double>{kDenormal, 1.0} << true << int(OutlierMode::ShowAll) << 1e-300 << 1.0
                                              << 1;
        QTest::newRow("one value widened 5%") << QVector<double>{2.0} << false << int(OutlierMode::Auto) << 1.9 << 2.1 << 0;
        QTest::newRow("zero widened by one") << QVector<double>{0.0} << false << int(OutlierMode::Auto) << -1.0 << 1.0 << 0;
    }

    void scaleRules()
    {
        QFETCH(QVector<double>, values);
        QFETCH(bool, logY);
        QFETCH(int, mode);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, clipped);
        const ChartScale s = chooseScale(std::span<const double>(values.data(), std::size_t(values.size())), logY, OutlierMode(mode));
        QVERIFY(s.drawable);
        QVERIFY2(std::abs(s.lo - lo) <= 1e-12 * std::max(1.0, std::abs(lo)) && std::abs(s.hi - hi) <= 1e-12 * std::max(1.0, std::abs(hi)),
                 qPrintable(QStringLiteral("%1 .. %2").arg(s.lo, 0, 'g', 17).arg(s.hi, 0, 'g', 17)));
        QCOMPARE(s.clipped, clipped);
    }

    void spanThatOverflowsFallsBack()
    {
        const std::vector<double> v{-DBL_MAX, 0.0, 1.0, DBL_MAX};
        const ChartScale s = chooseScale(v, false, OutlierMode::ShowAll);
        QVERIFY(s.drawable);
        QVERIFY(s.fellBack);
        QVERIFY(std::isfinite(s.hi - s.lo));
        QVERIFY(!s.summary().isEmpty());
        // At the top of the double range a single value still gets a usable range below it.
        const std::vector<double> top{DBL_MAX};
        const ChartScale t = chooseScale(top, false, OutlierMode::Auto);
        QVERIFY(t.drawable && t.lo < t.hi && t.hi == DBL_MAX && std::isfinite(t.hi - t.lo));
        double at = 0;
        QVERIFY(t.place(kInf, &at) && at == t.hi);
        QVERIFY(!t.place(kNan, &at));
    }
};

QTEST_MAIN(TestMetricChart)
#include "tst_metricchart.moc"
