// Drift's statistical tests against SciPy's own numbers (tests/data/drift_scipy.json, written
// by tests/data/make_drift_fixtures.py): statistics to 1e-9, p-values to 1e-6.
#include "core/error.h"
#include "data/table.h"
#include "drift/columndrift.h"
#include "drift/outofcore.h"
#include "drift/stattests.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using namespace keel;
using namespace keel::drift;

namespace {

std::vector<double> numbers(const QJsonValue &v)
{
    std::vector<double> out;
    for (const QJsonValue &x : v.toArray())
        out.push_back(x.toDouble());
    return out;
}

QJsonObject fixture()
{
    QFile f(QStringLiteral(KEEL_TEST_DATA "/drift_scipy.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).object();
}

} // namespace

class TestDrift : public QObject {
    Q_OBJECT
    QJsonObject m_data = fixture();
    QJsonArray m_evidently;

private Q_SLOTS:
    void ksAndWassersteinMatchScipy_data()
    {
        QTest::addColumn<int>("index");
        const QJsonArray cases = m_data.value(QStringLiteral("ks")).toArray();
        QVERIFY(cases.size() >= 7);
        for (int i = 0; i < cases.size(); ++i)
            QTest::newRow(qPrintable(cases[i].toObject().value(QStringLiteral("name")).toString())) << i;
    }

    void ksAndWassersteinMatchScipy()
    {
        QFETCH(int, index);
        const QJsonObject c = m_data.value(QStringLiteral("ks")).toArray()[index].toObject();
        const auto a = numbers(c.value(QStringLiteral("a"))), b = numbers(c.value(QStringLiteral("b")));
        const TestResult ks = ks2samp(a, b);
        QVERIFY2(std::abs(ks.statistic - c.value(QStringLiteral("statistic")).toDouble()) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(ks.statistic, 0, 'g', 17).arg(c.value(QStringLiteral("statistic")).toDouble(), 0, 'g', 17)));
        QVERIFY2(std::abs(ks.pValue - c.value(QStringLiteral("pvalue")).toDouble()) < 1e-6,
                 qPrintable(QStringLiteral("p %1 vs %2").arg(ks.pValue, 0, 'g', 17).arg(c.value(QStringLiteral("pvalue")).toDouble(), 0, 'g', 17)));
        const double w = wassersteinDistance(a, b);
        QVERIFY2(std::abs(w - c.value(QStringLiteral("wasserstein")).toDouble()) < 1e-9,
                 qPrintable(QStringLiteral("%1 vs %2").arg(w, 0, 'g', 17).arg(c.value(QStringLiteral("wasserstein")).toDouble(), 0, 'g', 17)));
    }

    // An out-of-core column's numbers sorted in runs and merged as they are read: the same sequence
    // as sorting them all, and the same test result to the last bit as in memory.
    void sortedRunsMergeAsOneSort()
    {
        QTemporaryDir dir;
        std::mt19937_64 rng(11);
        std::normal_distribution<double> normal(0.0, 1.0);
        auto spill = [&](std::size_t n, double shift, std::vector<double> &present) {
            auto cells = std::make_shared<data::SpilledCells>(dir.path().toStdString());
            std::vector<double> slots(n);
            for (std::size_t i = 0; i < n; ++i) {
                slots[i] = i % 31 == 3 ? std::numeric_limits<double>::quiet_NaN() : std::round((normal(rng) + shift) * 100) / 100;
                if (!std::isnan(slots[i]))
                    present.push_back(slots[i]);
            }
            cells->append(slots.data(), n);
            cells->present = present.size();
            return cells;
        };
        std::vector<double> a, b;
        const auto ca = spill(10007, 0.0, a), cb = spill(7919, 0.3, b);
        const SortedRuns runs(*ca, 1000); // 10 runs and a short one
        QCOMPARE(runs.size(), a.size());
        std::vector<double> merged;
        for (auto c = runs.cursor(); !c->done(); c->pop())
            merged.push_back(c->peek());
        std::vector<double> expected = a;
        std::sort(expected.begin(), expected.end());
        QVERIFY(merged == expected);

        // The streamed Wasserstein walk over such runs against the in-memory one.
        auto sample = [](const std::shared_ptr<data::SpilledCells> &cells, const std::vector<double> &present) {
            auto runs = std::make_shared<SortedRuns>(*cells, 777);
            StreamedSample s;
            s.size = present.size();
            s.blocks = [&present](const std::function<bool(std::span<const double>)> &fn) {
                for (std::size_t at = 0; at < present.size(); at += 1000)
                    if (!fn(std::span<const double>(present).subspan(at, std::min<std::size_t>(1000, present.size() - at))))
                        return;
            };
            s.ascending = [runs] { return runs->cursor(); };
            s.load = [&present] { return present; };
            return s;
        };
        const ColumnDrift streamed = numericColumnDrift(sample(ca, a), sample(cb, b));
        const ColumnDrift inMemory = numericColumnDrift(std::span<const double>(a), std::span<const double>(b));
        QCOMPARE(streamed.test, std::string("wasserstein"));
        QCOMPARE(streamed.test, inMemory.test);
        QCOMPARE(streamed.score, inMemory.score); // bit for bit
        QVERIFY(streamed.score > 0.1);
    }

    // SciPy's kstwo.sf and smirnov on a grid through every method SciPy picks between.
    void sortValuesSortsAsStdSort()
    {
        // Large samples take the radix path: negatives, zeros of both signs, denormals, huge and
        // repeated values, in the order std::sort gives (-0 and +0 compare equal). The last size is
        // past the spare buffer each thread keeps (2^21 values), and comes after smaller sorts that
        // kept one.
        std::mt19937_64 rng(7);
        std::normal_distribution<double> normal(0.0, 1e3);
        for (const std::size_t n : {std::size_t(5000), std::size_t(100000), (std::size_t(1) << 21) + 5}) {
            std::vector<double> v(n);
            for (std::size_t i = 0; i < n; ++i) {
                switch (i % 7) {
                case 0: v[i] = normal(rng); break;
                case 1: v[i] = -0.0; break;
                case 2: v[i] = 0.0; break;
                case 3: v[i] = std::numeric_limits<double>::denorm_min() * double(i % 13) * (i % 2 ? -1 : 1); break;
                case 4: v[i] = std::numeric_limits<double>::max() / double(1 + i % 5) * (i % 3 ? 1 : -1); break;
                case 5: v[i] = double(i % 4); break;
                default: v[i] = std::ldexp(normal(rng), int(i % 600) - 300); break;
                }
            }
            std::vector<double> expected = v;
            std::sort(expected.begin(), expected.end());
            drift::sortValues(v);
            QVERIFY(std::is_sorted(v.begin(), v.end()));
            for (std::size_t i = 0; i < n; ++i)
                QVERIFY2(v[i] == expected[i], qPrintable(QStringLiteral("at %1: %2 vs %3").arg(i).arg(v[i]).arg(expected[i])));
            // And -0 before +0 among the zeros.
            const auto zero = std::find(v.begin(), v.end(), 0.0);
            QVERIFY(std::signbit(*zero));
        }
        // A few-valued column (most digits the same for every value, so their passes are skipped).
        std::vector<double> few(300000);
        for (std::size_t i = 0; i < few.size(); ++i)
            few[i] = double(rng() % 5);
        std::vector<double> expected = few;
        std::sort(expected.begin(), expected.end());
        drift::sortValues(few);
        QVERIFY(few == expected);
    }

    void kolmogorovDistributionsMatchScipy()
    {
        QFile f(QStringLiteral(KEEL_TEST_DATA "/drift/kstwo.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject data = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonArray grid = data.value(QStringLiteral("grid")).toArray();
        QVERIFY(grid.size() > 200);
        double worst = 0;
        auto close = [&worst](double have, double want) {
            worst = std::max(worst, std::abs(have - want) / std::max(std::abs(want), 1e-300));
            return std::abs(have - want) <= 1e-12 + 1e-9 * std::abs(want);
        };
        for (const QJsonValue &v : grid) {
            const QJsonObject c = v.toObject();
            const auto n = std::int64_t(c.value(QStringLiteral("n")).toDouble());
            const double x = c.value(QStringLiteral("x")).toDouble();
            const double sf = kolmogorovSf(n, x), want = c.value(QStringLiteral("sf")).toDouble();
            QVERIFY2(close(sf, want), qPrintable(QStringLiteral("kstwo.sf(%1, %2): %3, SciPy %4").arg(x, 0, 'g', 17).arg(n).arg(sf, 0, 'g', 17).arg(want, 0, 'g', 17)));
            const double sm = smirnovSf(n, x), wantSm = c.value(QStringLiteral("smirnov")).toDouble();
            QVERIFY2(close(sm, wantSm), qPrintable(QStringLiteral("smirnov(%1, %2): %3, SciPy %4").arg(n).arg(x, 0, 'g', 17).arg(sm, 0, 'g', 17).arg(wantSm, 0, 'g', 17)));
        }
        qInfo("kstwo.sf and smirnov: largest relative difference from SciPy %.3g over %d points", worst, int(grid.size()));
        // ks_2samp past the exact limit: SciPy's asymptotic p-value.
        auto sample = [](const QJsonArray &spec) {
            std::vector<double> out;
            const double a = spec[1].toDouble(), b = spec[2].toDouble(), shift = spec[3].toDouble();
            for (int i = 1; i <= spec[0].toInt(); ++i) {
                const double fa = i * a - std::floor(i * a), fb = i * b - std::floor(i * b);
                out.push_back(fa * fb + shift);
            }
            return out;
        };
        for (const QJsonValue &v : data.value(QStringLiteral("ks_2samp")).toArray()) {
            const QJsonObject c = v.toObject();
            const TestResult r = ks2samp(sample(c.value(QStringLiteral("a")).toArray()), sample(c.value(QStringLiteral("b")).toArray()));
            QVERIFY2(std::abs(r.statistic - c.value(QStringLiteral("statistic")).toDouble()) < 1e-12, qPrintable(c.value(QStringLiteral("name")).toString()));
            QVERIFY2(close(r.pValue, c.value(QStringLiteral("pvalue")).toDouble()),
                     qPrintable(QStringLiteral("%1: p %2, SciPy %3").arg(c.value(QStringLiteral("name")).toString()).arg(r.pValue, 0, 'g', 17).arg(c.value(QStringLiteral("pvalue")).toDouble(), 0, 'g', 17)));
        }
    }

    void distributionDistancesMatch()
    {
        const QJsonArray cases = m_data.value(QStringLiteral("distributions")).toArray();
        QVERIFY(!cases.isEmpty());
        for (const QJsonValue &v : cases) {
            const QJsonObject c = v.toObject();
            const auto p = numbers(c.value(QStringLiteral("p"))), q = numbers(c.value(QStringLiteral("q")));
            QVERIFY(std::abs(jensenShannonDistance(p, q) - c.value(QStringLiteral("jensenshannon")).toDouble()) < 1e-9);
            QVERIFY(std::abs(klDivergence(p, q) - c.value(QStringLiteral("kl")).toDouble()) < 1e-9);
            QVERIFY(std::abs(hellinger(p, q) - c.value(QStringLiteral("hellinger")).toDouble()) < 1e-9);
            double ps = 0, qs = 0;
            for (double x : p)
                ps += x;
            for (double x : q)
                qs += x;
            std::vector<double> pn, qn;
            for (double x : p)
                pn.push_back(x / ps);
            for (double x : q)
                qn.push_back(x / qs);
            QVERIFY(std::abs(psi(pn, qn) - c.value(QStringLiteral("psi")).toDouble()) < 1e-9);
            const TestResult chi = chiSquare(q, numbers(c.value(QStringLiteral("chisquare_expected"))));
            QVERIFY(std::abs(chi.statistic - c.value(QStringLiteral("chisquare_statistic")).toDouble()) < 1e-9 * std::max(1.0, chi.statistic));
            QVERIFY2(std::abs(chi.pValue - c.value(QStringLiteral("chisquare_pvalue")).toDouble()) < 1e-6,
                     qPrintable(QStringLiteral("%1 vs %2").arg(chi.pValue).arg(c.value(QStringLiteral("chisquare_pvalue")).toDouble())));
        }
    }

    void gammaAndZMatch()
    {
        for (const QJsonValue &v : m_data.value(QStringLiteral("gammaincc")).toArray()) {
            const QJsonObject c = v.toObject();
            const double mine = gammaQ(c.value(QStringLiteral("a")).toDouble(), c.value(QStringLiteral("x")).toDouble());
            QVERIFY2(std::abs(mine - c.value(QStringLiteral("q")).toDouble()) < 1e-12 + 1e-10 * c.value(QStringLiteral("q")).toDouble(),
                     qPrintable(QStringLiteral("Q(%1, %2) = %3 vs %4").arg(c.value(QStringLiteral("a")).toDouble()).arg(c.value(QStringLiteral("x")).toDouble())
                                    .arg(mine, 0, 'g', 17).arg(c.value(QStringLiteral("q")).toDouble(), 0, 'g', 17)));
        }
        for (const QJsonValue &v : m_data.value(QStringLiteral("ztests")).toArray()) {
            const QJsonObject c = v.toObject();
            const TestResult z = twoProportionZ(c.value(QStringLiteral("s1")).toDouble(), c.value(QStringLiteral("n1")).toDouble(),
                                                c.value(QStringLiteral("s2")).toDouble(), c.value(QStringLiteral("n2")).toDouble());
            QVERIFY(std::abs(z.statistic - c.value(QStringLiteral("z")).toDouble()) < 1e-9);
            QVERIFY(std::abs(z.pValue - c.value(QStringLiteral("pvalue")).toDouble()) < 1e-9);
        }
    }

    void columnVerdictsMatchEvidently_data()
    {
        QTest::addColumn<int>("index");
        QFile f(QStringLiteral(KEEL_TEST_DATA "/drift_evidently.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_evidently = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("cases")).toArray();
        QVERIFY(m_evidently.size() >= 10);
        for (int i = 0; i < m_evidently.size(); ++i)
            QTest::newRow(qPrintable(m_evidently[i].toObject().value(QStringLiteral("name")).toString())) << i;
    }

    void columnVerdictsMatchEvidently()
    {
        QFETCH(int, index);
        const QJsonObject c = m_evidently[index].toObject();
        ColumnDrift d;
        if (c.value(QStringLiteral("kind")).toString() == QLatin1String("numerical")) {
            d = numericColumnDrift(numbers(c.value(QStringLiteral("reference"))), numbers(c.value(QStringLiteral("current"))));
        } else {
            std::vector<std::string> r, cur;
            for (const QJsonValue &v : c.value(QStringLiteral("reference")).toArray())
                r.push_back(v.toString().toStdString());
            for (const QJsonValue &v : c.value(QStringLiteral("current")).toArray())
                cur.push_back(v.toString().toStdString());
            d = categoricalColumnDrift(r, cur);
        }
        QCOMPARE(QString::fromStdString(d.test), c.value(QStringLiteral("test")).toString());
        QCOMPARE(d.threshold, c.value(QStringLiteral("threshold")).toDouble());
        QCOMPARE(d.drifted, c.value(QStringLiteral("drifted")).toBool());
        const double expected = c.value(QStringLiteral("score")).toDouble();
        QVERIFY2(std::abs(d.score - expected) < 1e-6 + 1e-6 * std::abs(expected),
                 qPrintable(QStringLiteral("%1 vs %2").arg(d.score, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    }

    void datasetDriftIsAShare()
    {
        std::vector<ColumnDrift> columns(4);
        columns[0].drifted = columns[1].drifted = true;
        QVERIFY(datasetDrift(columns));        // 2 of 4 reaches the default 0.5
        QVERIFY(!datasetDrift(columns, 0.75));
        QVERIFY(!datasetDrift({}));
    }

    void sturgesEdgesAreNumpys()
    {
        // numpy.histogram_bin_edges([0, 1, 2, 3, 10], 'sturges'): width 10 / (log2(5) + 1) → 4 bins.
        const std::vector<double> v{0, 1, 2, 3, 10};
        const auto edges = sturgesEdges(v);
        QCOMPARE(edges, (std::vector<double>{0, 2.5, 5, 7.5, 10}));
        QCOMPARE(histogramCounts(v, edges), (std::vector<double>{3, 1, 0, 1}));
    }

    void badInputIsNamed()
    {
        const std::vector<double> empty, one{1.0};
        QVERIFY_THROWS_EXCEPTION(Error, ks2samp(empty, one));
        const std::vector<double> two{1, 2}, three{1, 2, 3};
        QVERIFY_THROWS_EXCEPTION(Error, jensenShannonDistance(two, three));
        QVERIFY_THROWS_EXCEPTION(Error, chiSquare(std::vector<double>{1, 2}, std::vector<double>{1, 1}));
        QVERIFY_THROWS_EXCEPTION(Error, psi(std::vector<double>{0.5, 0.5}, std::vector<double>{1.0, 0.0}));
    }
};

QTEST_GUILESS_MAIN(TestDrift)
#include "tst_drift.moc"
