// Token sampling (nn/sampling.h) on hand-made logits: greedy, the repetition penalty, top-k,
// top-p (including a head far larger than the first part sorted), temperature, seeds; the
// decoder's thread pool (every item once, errors rethrown, sessions one after another); and the
// small vector operations the decoder's attention and the sampler use, against plain loops.
#include "nn/sampling.h"
#include "nn/spinpool.h"
#include "nn/vecops.h"

#include <QTest>

#include <atomic>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <map>
#include <numeric>
#include <thread>

using namespace keel::nn;

namespace {

std::vector<float> logitsOf(const std::vector<double> &probabilities)
{
    std::vector<float> l;
    for (double p : probabilities)
        l.push_back(float(std::log(p)));
    return l;
}

std::map<std::int32_t, int> draws(const std::vector<float> &logits, const SamplingParams &p, int n, std::uint64_t seed = 1)
{
    std::mt19937_64 rng(seed);
    std::map<std::int32_t, int> counts;
    for (int i = 0; i < n; ++i)
        ++counts[sampleToken(logits, p, {}, rng)];
    return counts;
}

} // namespace

class TestSampling : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void greedyAndRepetitionPenalty()
    {
        std::mt19937_64 rng(1);
        SamplingParams p;
        const std::vector<float> l{1.0f, 3.0f, 2.5f, -1.0f};
        QCOMPARE(sampleToken(l, p, {}, rng), 1);
        // Hugging Face's rule: a positive logit is divided (3 / 1.5 = 2 < 2.5), a negative one multiplied.
        p.repetitionPenalty = 1.5;
        QCOMPARE(sampleToken(l, p, {1}, rng), 2);
        const std::vector<float> negative{-1.0f, -1.2f};
        QCOMPARE(sampleToken(negative, p, {0}, rng), 1); // −1 × 1.5 = −1.5 < −1.2
    }

    void topKDrawsOnlyTheKBest()
    {
        SamplingParams p;
        p.temperature = 1.0;
        p.topK = 2;
        const auto counts = draws(logitsOf({0.1, 0.4, 0.2, 0.3}), p, 4000);
        QCOMPARE(counts.size(), std::size_t(2));
        QVERIFY(counts.count(1) && counts.count(3));
        // Renormalised over the two: 0.4 / 0.7 ≈ 0.571 (4000 draws: σ ≈ 0.008).
        QVERIFY(std::fabs(counts.at(1) / 4000.0 - 0.4 / 0.7) < 0.04);
    }

    void topPKeepsTheSmallestHeadReachingP()
    {
        SamplingParams p;
        p.temperature = 1.0;
        p.topP = 0.75; // 0.4 + 0.3 = 0.7 < 0.75: the third token (0.2) is needed, the fourth not
        const auto counts = draws(logitsOf({0.1, 0.4, 0.2, 0.3}), p, 3000);
        QCOMPARE(counts.size(), std::size_t(3));
        QVERIFY(!counts.count(0));
        // 1000 tokens of equal weight: half the mass needs ~500 of them, far past the first
        // sorted part; ties go by id, so only the lowest ids are drawn, and about evenly.
        std::vector<float> flat(1000, 0.5f);
        p.topP = 0.5;
        const auto wide = draws(flat, p, 20000);
        QVERIFY(wide.rbegin()->first <= 501);
        QVERIFY(wide.rbegin()->first >= 450); // (almost surely drawn within 20000 tries)
        QVERIFY(wide.size() > 450);
    }

    void temperatureAndSeeds()
    {
        SamplingParams p;
        p.temperature = 0.5;
        const auto counts = draws(logitsOf({0.25, 0.75}), p, 6000);
        // softmax(log p / 0.5) = p² / Σp²: 0.0625 / 0.625 = 0.1.
        QVERIFY(std::fabs(counts.at(0) / 6000.0 - 0.1) < 0.02);
        p.temperature = 1.0;
        QVERIFY(draws(logitsOf({0.25, 0.75}), p, 50, 9) == draws(logitsOf({0.25, 0.75}), p, 50, 9));
        QVERIFY(draws(logitsOf({0.25, 0.75}), p, 50, 9) != draws(logitsOf({0.25, 0.75}), p, 50, 10));
    }

    void spinPoolRunsEveryItemOnceAndRethrows()
    {
        SpinPool pool(3);
        QCOMPARE(pool.threads(), std::size_t(3));
        for (int round = 0; round < 2; ++round) { // a second session after the workers slept
            SpinPool::Session session(pool);
            for (std::size_t n : {1, 2, 5, 1000}) {
                std::vector<std::atomic<int>> hits(n);
                session.run(n, 1, [&](std::size_t from, std::size_t to) {
                    for (std::size_t i = from; i < to; ++i)
                        ++hits[i];
                });
                for (std::size_t i = 0; i < n; ++i)
                    QCOMPARE(hits[i].load(), 1);
            }
            // An exception in a worker's part reaches the caller; the pool keeps working. (Item
            // 50 is in a worker's part when the range is split; on a busy machine the caller may
            // run the whole range alone, and then it is the caller's own.)
            bool thrown = false;
            try {
                session.run(100, 1, [&](std::size_t from, std::size_t to) {
                    if (from <= 50 && 50 < to)
                        throw std::runtime_error("part failed");
                });
            } catch (const std::runtime_error &) {
                thrown = true;
            }
            QVERIFY(thrown);
            std::atomic<std::size_t> total{0};
            session.run(10, 4, [&](std::size_t from, std::size_t to) { total += to - from; });
            QCOMPARE(total.load(), std::size_t(10));
        }
    }

    void spinPoolRunsAloneWhileItsWorkersAreHeldUp()
    {
        // Workers that keep the caller waiting (standing in for cores another process holds):
        // after a few such runs the caller runs whole ranges itself, every item still once.
        // (That workers which keep up go on splitting cannot be held on a loaded machine.)
        SpinPool pool(2);
        SpinPool::Session session(pool);
        const auto caller = std::this_thread::get_id();
        int held = 0;
        for (; held < 20; ++held) {
            std::atomic<int> parts{0};
            session.run(100, 1, [&](std::size_t from, std::size_t) {
                ++parts;
                if (from > 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(3));
            });
            if (parts.load() == 1)
                break;
        }
        QVERIFY2(held >= 4 && held < 20, qPrintable(QString::number(held))); // a few held-up runs, then alone
        for (int i = 0; i < 3; ++i) {
            std::vector<std::atomic<int>> hits(100);
            std::atomic<int> parts{0};
            std::atomic<bool> elsewhere{false};
            session.run(100, 1, [&](std::size_t from, std::size_t to) {
                ++parts;
                elsewhere = elsewhere || std::this_thread::get_id() != caller;
                for (std::size_t j = from; j < to; ++j)
                    ++hits[j];
            });
            QCOMPARE(parts.load(), 1);
            QVERIFY(!elsewhere);
            for (const auto &h : hits)
                QCOMPARE(h.load(), 1);
        }
    }

    void vectorOperationsEqualPlainLoops()
    {
        for (std::size_t n : {1, 7, 8, 16, 33, 64, 100}) {
            std::vector<float> a(n), b(n), y(n), expectY(n);
            for (std::size_t i = 0; i < n; ++i) {
                a[i] = float(std::sin(double(i) * 0.7));
                b[i] = float(std::cos(double(i) * 1.3));
                y[i] = expectY[i] = float(i) * 0.01f;
            }
            double expected = 0;
            for (std::size_t i = 0; i < n; ++i)
                expected += double(a[i]) * b[i];
            QVERIFY2(std::fabs(dot(a.data(), b.data(), n) - expected) < 1e-5, qPrintable(QString::number(n)));
            axpy(0.5f, a.data(), y.data(), n);
            for (std::size_t i = 0; i < n; ++i)
                QVERIFY(std::fabs(y[i] - (expectY[i] + 0.5f * a[i])) < 1e-6f);
        }
        // exp over a vocabulary's range of shifted logits, down to where float underflows.
        std::vector<float> x;
        for (double t = -120; t <= 3; t += 0.0137)
            x.push_back(float(t));
        std::vector<float> e(x.size());
        const double sum = expShifted(x.data(), 3.0f, 0.8f, e.data(), x.size());
        double expectedSum = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double want = std::exp(double((x[i] - 3.0f) * 0.8f)); // the argument as computed in float
            expectedSum += want;
            if (want > 1e-37)
                QVERIFY2(std::fabs(e[i] - want) <= 3e-7 * want, qPrintable(QStringLiteral("exp(%1)").arg(double(x[i]))));
            else
                QVERIFY(e[i] >= 0 && e[i] < 1e-36f);
        }
        QVERIFY(std::fabs(sum - expectedSum) <= 1e-6 * expectedSum);
        // Past float's range exp is infinite, as std::exp's; e^88 is not.
        const std::vector<float> big{100.0f, 89.0f, 88.0f, 0.0f, -200.0f, 1.0f, 2.0f, 3.0f, 88.5f};
        std::vector<float> bigOut(big.size());
        expShifted(big.data(), 0.0f, 1.0f, bigOut.data(), big.size());
        QVERIFY(std::isinf(bigOut[0]) && std::isinf(bigOut[1]));
        QVERIFY(std::fabs(bigOut[2] - std::exp(88.0f)) <= 3e-7 * std::exp(88.0f));
        QCOMPARE(bigOut[3], 1.0f);
        QCOMPARE(bigOut[4], 0.0f);

        // Attention's two loops over a cache (rows 72 floats apart, 64 used; 1 to 9 rows, so the
        // groups of four end part-way): each score within rounding of the exact dot product, and
        // each output the same, bit for bit, as a run of axpy calls.
        for (const std::size_t n : {std::size_t(64), std::size_t(128), std::size_t(40)})
            for (std::size_t count = 1; count <= 9; ++count) {
                const std::size_t stride = n + 8;
                std::vector<float> rows(count * stride), q(n), w(count), scores(count), out(n), expect(n, 0.0f);
                for (std::size_t i = 0; i < rows.size(); ++i)
                    rows[i] = float(std::sin(double(i) * 0.31));
                for (std::size_t i = 0; i < n; ++i)
                    q[i] = float(std::cos(double(i) * 0.17));
                for (std::size_t p = 0; p < count; ++p)
                    w[p] = 1.0f / float(p + 2);
                dots(q.data(), rows.data(), stride, count, n, scores.data());
                for (std::size_t p = 0; p < count; ++p) {
                    double exact = 0, scale = 0;
                    for (std::size_t i = 0; i < n; ++i) {
                        exact += double(q[i]) * rows[p * stride + i];
                        scale += std::fabs(double(q[i]) * rows[p * stride + i]);
                    }
                    QVERIFY2(std::fabs(scores[p] - exact) <= 1e-6 * scale, qPrintable(QStringLiteral("n %1 row %2 of %3").arg(n).arg(p).arg(count)));
                }
                weightedSum(w.data(), rows.data(), stride, count, n, out.data());
                for (std::size_t p = 0; p < count; ++p)
                    axpy(w[p], rows.data() + p * stride, expect.data(), n);
                QVERIFY2(out == expect, qPrintable(QStringLiteral("n %1, %2 rows").arg(n).arg(count)));
            }
    }
};

QTEST_APPLESS_MAIN(TestSampling)
#include "tst_sampling.moc"
