// The histogram kernel and its CPU twin against numpy.histogram's own counts
// (tests/data/histogram_numpy.json, written by tests/data/make_histogram_fixtures.py).
// The CPU twin always runs; the CUDA kernel runs where a GPU is present.
#include "compute/cudaruntime.h"
#include "compute/histogram.h"
#include "core/error.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>

using namespace keel;
using namespace keel::compute;

Q_DECLARE_METATYPE(std::vector<double>)
Q_DECLARE_METATYPE(std::vector<std::int64_t>)

namespace {

double decode(const QJsonValue &v)
{
    if (v.isString()) {
        const QString s = v.toString();
        if (s == QLatin1String("nan"))
            return std::numeric_limits<double>::quiet_NaN();
        return s.startsWith(QLatin1Char('-')) ? -std::numeric_limits<double>::infinity()
                                              : std::numeric_limits<double>::infinity();
    }
    return v.toDouble();
}

} // namespace

class TestHistogram : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesNumpy_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("bins");
        QTest::addColumn<std::vector<std::int64_t>>("expected");

        QFile file(QStringLiteral(KEEL_TEST_DATA "/histogram_numpy.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonArray cases = root.value(QStringLiteral("cases")).toArray();
        QVERIFY(cases.size() >= 10);
        for (const QJsonValue &c : cases) {
            const QJsonObject o = c.toObject();
            std::vector<double> values;
            for (const QJsonValue &v : o.value(QStringLiteral("values")).toArray())
                values.push_back(decode(v));
            std::vector<std::int64_t> counts;
            for (const QJsonValue &v : o.value(QStringLiteral("counts")).toArray())
                counts.push_back(v.toInteger());
            QTest::newRow(qPrintable(o.value(QStringLiteral("name")).toString()))
                << values << o.value(QStringLiteral("lo")).toDouble() << o.value(QStringLiteral("hi")).toDouble()
                << o.value(QStringLiteral("bins")).toInt() << counts;
        }
    }

    void matchesNumpy()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, bins);
        QFETCH(std::vector<std::int64_t>, expected);
        const HistogramRange range{lo, hi, bins};

        QCOMPARE(histogramCpu(values, range), expected);
        // The dispatcher with no GPU (or a CPU device) gives the CPU's answer, without error.
        QCOMPARE(histogram(values, range, DeviceId::cuda(0)), expected);

        if (cuda::deviceCount() == 0) {
            qInfo("no GPU here (%s): the CUDA kernel was not run", cuda::unavailableReason().c_str());
            return;
        }
        QCOMPARE(histogramCuda(values, range, 0), expected);
    }

    void rejectsBadRanges_data()
    {
        QTest::addColumn<double>("lo");
        QTest::addColumn<double>("hi");
        QTest::addColumn<int>("bins");
        QTest::newRow("no bins") << 0.0 << 1.0 << 0;
        QTest::newRow("min above max") << 2.0 << 1.0 << 10;
        QTest::newRow("infinite") << 0.0 << std::numeric_limits<double>::infinity() << 10;
        QTest::newRow("nan") << std::numeric_limits<double>::quiet_NaN() << 1.0 << 10;
    }

    void rejectsBadRanges()
    {
        QFETCH(double, lo);
        QFETCH(double, hi);
        QFETCH(int, bins);
        const std::vector<double> values{0.5};
        try {
            histogramCpu(values, {lo, hi, bins});
            QFAIL("expected an error");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY(std::string(e.what()).find("histogram") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestHistogram)
#include "tst_histogram.moc"
