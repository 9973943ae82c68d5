// The whole drift check: windows by chunk, distributions for the charts, concept drift against
// scikit-learn's own metrics (tests/data/drift/quality_sklearn.json, written by
// tests/data/make_quality_fixtures.py), the JSON report, and reports kept in the workspace.
#include "core/error.h"
#include "data/table.h"
#include "drift/driftanalysis.h"
#include "drift/driftreports.h"
#include "data/tablefile.h"
#include "drift/multivariate.h"
#include "drift/referenceprofiles.h"
#include "drift/skew.h"
#include "registry/modelregistry.h"
#include "store/workspace.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

using namespace keel;
using namespace keel::drift;

namespace {

const std::string kData = KEEL_TEST_DATA "/drift/";

QJsonObject sklearn()
{
    QFile f(QString::fromStdString(kData + "quality_sklearn.json"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).object();
}

ConceptDrift quality(const std::string &target, const std::string &prediction, const std::string &metric = {})
{
    const auto reference = data::readTable(kData + "quality_reference.csv");
    const auto current = data::readTable(kData + "quality_current.csv");
    ConceptDriftOptions options;
    options.target = target;
    options.prediction = prediction;
    options.metric = metric;
    return conceptDrift(reference, current, windowsByTime(current, "ts", Period::Day), options);
}

void near(double actual, double expected, const char *what)
{
    if (std::fabs(actual - expected) > 1e-9)
        QFAIL(qPrintable(QStringLiteral("%1: %2, scikit-learn %3").arg(QLatin1String(what)).arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)));
}

} // namespace

class TestDriftAnalysis : public QObject {
    Q_OBJECT
    QJsonObject m_expected = sklearn();

private Q_SLOTS:
    void chunksSplitLikeNumpy()
    {
        const auto w = windowsByChunks(10, 3);
        QCOMPARE(w.size(), std::size_t(3));
        // numpy.array_split(range(10), 3): 4, 3, 3 rows.
        QCOMPARE(w[0].rows.size(), std::size_t(4));
        QCOMPARE(w[1].rows.size(), std::size_t(3));
        QCOMPARE(w[2].rows.size(), std::size_t(3));
        QCOMPARE(w[0].start, std::string("rows 1-4"));
        QCOMPARE(w[2].start, std::string("rows 8-10"));
        QCOMPARE(windowsByChunks(2, 5).size(), std::size_t(2));
        for (const auto &[rows, chunks] : {std::pair<std::size_t, std::size_t>{10, 3}, {1000, 7}, {5, 5}, {2, 5}, {12, 1}})
            for (const auto &[c, window] : [&] {
                     std::vector<std::pair<std::size_t, RowWindow>> all;
                     const auto split = windowsByChunks(rows, chunks);
                     for (std::size_t i = 0; i < split.size(); ++i)
                         all.push_back({i, split[i]});
                     return all;
                 }())
                for (const std::uint32_t r : window.rows)
                    QCOMPARE(chunkOfRow(r, rows, chunks), c);
        QVERIFY_THROWS_EXCEPTION(keel::Error, windowsByChunks(10, 0));
    }

    void binaryQualityMatchesSklearn()
    {
        const ConceptDrift q = quality("target", "score");
        QCOMPARE(q.task, Task::Classification);
        QVERIFY(q.probabilities);
        QCOMPARE(q.positiveLabel, std::string("1"));
        QCOMPARE(q.metric, std::string("roc_auc"));
        const QJsonObject ref = m_expected[QStringLiteral("reference")].toObject()[QStringLiteral("binary")].toObject();
        near(q.reference.accuracy, ref[QStringLiteral("accuracy")].toDouble(), "reference accuracy");
        near(q.reference.f1, ref[QStringLiteral("f1")].toDouble(), "reference f1");
        near(q.reference.rocAuc, ref[QStringLiteral("roc_auc")].toDouble(), "reference roc_auc");
        const QJsonObject band = m_expected[QStringLiteral("band")].toObject()[QStringLiteral("binary")].toObject()[QStringLiteral("roc_auc")].toObject();
        near(q.mean, band[QStringLiteral("mean")].toDouble(), "band mean");
        near(q.stddev, band[QStringLiteral("std")].toDouble(), "band std");
        const QJsonArray windows = m_expected[QStringLiteral("windows")].toArray();
        QCOMPARE(q.windows.size(), std::size_t(windows.size()));
        for (qsizetype i = 0; i < windows.size(); ++i) {
            const QJsonObject w = windows[i].toObject();
            const QJsonObject b = w[QStringLiteral("binary")].toObject();
            QCOMPARE(q.windows[std::size_t(i)].start, w[QStringLiteral("start")].toString().toStdString());
            QCOMPARE(q.windows[std::size_t(i)].quality.rows, std::size_t(w[QStringLiteral("rows")].toInt()));
            near(q.windows[std::size_t(i)].quality.accuracy, b[QStringLiteral("accuracy")].toDouble(), "window accuracy");
            near(q.windows[std::size_t(i)].quality.f1, b[QStringLiteral("f1")].toDouble(), "window f1");
            near(q.windows[std::size_t(i)].quality.rocAuc, b[QStringLiteral("roc_auc")].toDouble(), "window roc_auc");
            const double v = b[QStringLiteral("roc_auc")].toDouble();
            QCOMPARE(q.windows[std::size_t(i)].alert, v < q.mean - 3 * q.stddev || v > std::min(1.0, q.mean + 3 * q.stddev));
        }
        // The fixture degrades from the fourth day: those alert, the first three do not.
        QVERIFY(!q.windows[0].alert && !q.windows[1].alert && !q.windows[2].alert);
        QVERIFY(q.windows[4].alert && q.windows[5].alert);
        QCOMPARE(q.upper, 1.0); // mean + 3σ passes 1: clamped to what an AUC can reach
    }

    void multiclassQualityMatchesSklearn()
    {
        const ConceptDrift q = quality("animal", "animal_pred", "f1");
        QCOMPARE(q.task, Task::Classification);
        QVERIFY(!q.probabilities);
        QVERIFY(std::isnan(q.reference.rocAuc));
        const QJsonObject ref = m_expected[QStringLiteral("reference")].toObject()[QStringLiteral("multiclass")].toObject();
        near(q.reference.accuracy, ref[QStringLiteral("accuracy")].toDouble(), "reference accuracy");
        near(q.reference.f1, ref[QStringLiteral("f1")].toDouble(), "reference macro f1");
        const QJsonArray windows = m_expected[QStringLiteral("windows")].toArray();
        for (qsizetype i = 0; i < windows.size(); ++i) {
            const QJsonObject m = windows[i].toObject()[QStringLiteral("multiclass")].toObject();
            near(q.windows[std::size_t(i)].quality.accuracy, m[QStringLiteral("accuracy")].toDouble(), "window accuracy");
            near(q.windows[std::size_t(i)].value, m[QStringLiteral("f1")].toDouble(), "window macro f1");
        }
        QVERIFY_THROWS_EXCEPTION(keel::Error, quality("animal", "animal_pred", "roc_auc"));
    }

    void regressionQualityMatchesSklearn()
    {
        const ConceptDrift q = quality("price", "price_pred", "rmse");
        QCOMPARE(q.task, Task::Regression);
        const QJsonObject ref = m_expected[QStringLiteral("reference")].toObject()[QStringLiteral("regression")].toObject();
        near(q.reference.mae, ref[QStringLiteral("mae")].toDouble(), "reference mae");
        near(q.reference.rmse, ref[QStringLiteral("rmse")].toDouble(), "reference rmse");
        const QJsonObject band = m_expected[QStringLiteral("band")].toObject()[QStringLiteral("regression")].toObject()[QStringLiteral("rmse")].toObject();
        near(q.mean, band[QStringLiteral("mean")].toDouble(), "band mean");
        near(q.stddev, band[QStringLiteral("std")].toDouble(), "band std");
        const QJsonArray windows = m_expected[QStringLiteral("windows")].toArray();
        for (qsizetype i = 0; i < windows.size(); ++i) {
            const QJsonObject r = windows[i].toObject()[QStringLiteral("regression")].toObject();
            near(q.windows[std::size_t(i)].quality.mae, r[QStringLiteral("mae")].toDouble(), "window mae");
            near(q.windows[std::size_t(i)].quality.rmse, r[QStringLiteral("rmse")].toDouble(), "window rmse");
        }
        QCOMPARE(q.alerts, std::size_t(3));
        QVERIFY_THROWS_EXCEPTION(keel::Error, quality("price", "price_pred", "accuracy"));
        QVERIFY_THROWS_EXCEPTION(keel::Error, quality("price", "no_such_column"));
    }

    void distributionsShareToOne()
    {
        const auto reference = data::readTable(kData + "reference.csv");
        const auto current = data::readTable(kData + "current.csv");
        const auto income = columnDistribution(*reference.column("income"), *current.column("income"));
        QVERIFY(income.numeric);
        QCOMPARE(income.labels.size() + 1, income.edges.size());
        // Sturges over both samples together: 1,400 values → ceil(log2(1400) + 1) = 12 bins.
        QCOMPARE(income.labels.size(), std::size_t(12));
        double r = 0, c = 0;
        for (std::size_t i = 0; i < income.labels.size(); ++i) {
            r += income.reference[i];
            c += income.current[i];
        }
        QVERIFY(std::fabs(r - 1) < 1e-12 && std::fabs(c - 1) < 1e-12);
        const auto channel = columnDistribution(*reference.column("channel"), *current.column("channel"), 3);
        QVERIFY(!channel.numeric);
        QCOMPARE(channel.labels.size(), std::size_t(3));
        QVERIFY(QString::fromStdString(channel.labels.back()).startsWith(QLatin1String("other (")));
    }

    // A numerical column summarised once (sorted, or its few values counted) gives the test and
    // the bars that the columns give: the same bits, the same counts as the histogram's edges,
    // values lying on the edges and at both ends included.
    void summariesGiveWhatTheColumnsGive()
    {
        std::mt19937_64 rng(11);
        std::normal_distribution<double> normal(0, 1);
        std::uniform_int_distribution<int> small(0, 4);
        auto column = [](std::vector<double> values) {
            data::Column c;
            c.name = "x";
            c.type = data::ColumnType::Numerical;
            c.numbers = std::move(values);
            return c;
        };
        for (int kind = 0; kind < 4; ++kind) {
            std::vector<double> a(3000), b(2500);
            for (double &v : a)
                v = kind == 0 ? std::round(normal(rng) * 100) / 100 : kind == 1 ? small(rng) : kind == 2 ? small(rng) * 0.5 : normal(rng);
            for (double &v : b)
                v = kind == 0 ? std::round((normal(rng) + 0.2) * 100) / 100 : kind == 1 ? small(rng) + 1 : kind == 2 ? normal(rng) : small(rng);
            const NumericSummary r = summariseNumbers(a, true), c = summariseNumbers(b, false);
            QCOMPARE(r.few, kind == 1 || kind == 2);
            const ColumnDrift fromSummaries = numericColumnDrift(r, c), fromColumns = numericColumnDrift(std::span<const double>(a), std::span<const double>(b));
            QCOMPARE(fromSummaries.test, fromColumns.test);
            QCOMPARE(fromSummaries.score, fromColumns.score);
            const auto summarised = columnDistribution("x", r, c, 30);
            const auto counted = columnDistribution(column(a), column(b), 30);
            const auto binned = columnDistribution(column(a), column(b), 30, [](std::span<const double> v, double lo, double hi, int bins) {
                std::vector<double> edges(std::size_t(bins) + 1);
                for (int i = 0; i < bins; ++i)
                    edges[std::size_t(i)] = i * ((hi - lo) / bins) + lo;
                edges.back() = hi;
                return histogramCounts(v, edges);
            });
            QCOMPARE(summarised.edges, counted.edges);
            QCOMPARE(summarised.labels, counted.labels);
            QCOMPARE(summarised.reference, counted.reference);
            QCOMPARE(summarised.current, counted.current);
            QCOMPARE(summarised.reference, binned.reference);
        }
        // The smallest reference goes through KS or chi-square the same way.
        const std::vector<double> few{1, 2, 2, 3}, many{0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5};
        QCOMPARE(numericColumnDrift(summariseNumbers(few, true), summariseNumbers(many, false)).score,
                 numericColumnDrift(std::span<const double>(few), std::span<const double>(many)).score);
        QVERIFY_THROWS_EXCEPTION(keel::Error, numericColumnDrift(summariseNumbers({}, true), summariseNumbers(many, false)));
    }

    void parallelColumnsGiveTheSameReport()
    {
        const auto reference = data::readTable(kData + "reference.csv");
        const auto current = data::readTable(kData + "current.csv");
        DriftOptions one, many;
        one.threads = 1;
        many.threads = 4;
        const auto a = compareTables(reference, current, one), b = compareTables(reference, current, many);
        QCOMPARE(a.columns.size(), b.columns.size());
        for (std::size_t i = 0; i < a.columns.size(); ++i) {
            QCOMPARE(a.columns[i].column, b.columns[i].column);
            QCOMPARE(a.columns[i].drift.score, b.columns[i].drift.score);
        }
        QCOMPARE(a.driftedColumns, b.driftedColumns);
    }

    void jsonCarriesEverything()
    {
        DriftRequest request;
        request.reference = kData + "quality_reference.csv";
        request.current = kData + "quality_current.csv";
        request.timeColumn = "ts";
        request.quality = ConceptDriftOptions{"target", "score"};
        request.options.exclude = {"target", "score"};
        std::vector<double> progress;
        const DriftAnalysis a = analyseDrift(request, [&](double f, const std::string &) { progress.push_back(f); });
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));
        QCOMPARE(progress.back(), 1.0);
        QVERIFY(a.alert());
        const auto json = nlohmann::json::parse(toJson(a));
        QCOMPARE(json["windows"].size(), std::size_t(6));
        QCOMPARE(json["period"].get<std::string>(), std::string("day"));
        QCOMPARE(json["columns"].size(), a.report.columns.size());
        QVERIFY(json["columns"][0].contains("distribution"));
        QCOMPARE(json["concept_drift"]["metric"].get<std::string>(), std::string("roc_auc"));
        QCOMPARE(json["concept_drift"]["alerts"].get<std::size_t>(), a.quality->alerts);
        // A stored report opens again as the same analysis: its JSON read back writes the same JSON.
        const DriftAnalysis back = analysisFromJson(toJson(a));
        QCOMPARE(toJson(back), toJson(a));
        QCOMPARE(back.windows.size(), a.windows.size());
        QCOMPARE(back.distributions.size(), a.distributions.size());
        QVERIFY(back.quality && back.multivariate.has_value() == a.multivariate.has_value());
        QVERIFY_THROWS_EXCEPTION(keel::Error, analysisFromJson("{\"reference\": 3}"));
        // A checkpoint that throws abandons the work.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, analyseDrift(request, {}, [] { throw std::runtime_error("stop"); }));
    }

    void eigenDecompositionRebuildsTheMatrix()
    {
        const std::vector<double> m{4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 1};
        std::vector<double> values, vectors;
        symmetricEigen(m, 3, values, vectors);
        QVERIFY(values[0] >= values[1] && values[1] >= values[2]);
        for (std::size_t i = 0; i < 3; ++i)
            for (std::size_t j = 0; j < 3; ++j) {
                double v = 0;
                for (std::size_t k = 0; k < 3; ++k)
                    v += vectors[i * 3 + k] * values[k] * vectors[j * 3 + k];
                QVERIFY(std::fabs(v - m[i * 3 + j]) < 1e-12);
            }
    }

    void multivariateMatchesSklearnPca()
    {
        QFile f(QString::fromStdString(kData + "multivariate_sklearn.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject expected = QJsonDocument::fromJson(f.readAll()).object();
        const auto reference = data::readTable(kData + "quality_reference.csv");
        const auto current = data::readTable(kData + "quality_current.csv");
        MultivariateOptions options;
        for (const QJsonValue &c : expected[QStringLiteral("columns")].toArray())
            options.columns.push_back(c.toString().toStdString());
        // Two of five components kept (the error measured along the other three), then one (the
        // row projected on it and rebuilt): the two ways reconstructionErrors measures.
        for (const auto &[variance, want] : {std::pair{0.65, expected}, std::pair{0.3, expected[QStringLiteral("variance_kept_0_3")].toObject()}}) {
            options.varianceKept = variance;
            const auto m = multivariateDrift(reference, current, windowsByTime(current, "ts", Period::Day), options);
            QCOMPARE(m.components, std::size_t(want[QStringLiteral("components")].toInt()));
            near(m.explainedVariance, want[QStringLiteral("explained_variance")].toDouble(), "explained variance");
            near(m.referenceError, want[QStringLiteral("reference_error")].toDouble(), "reference error");
            near(m.mean, want[QStringLiteral("mean")].toDouble(), "band mean");
            near(m.stddev, want[QStringLiteral("std")].toDouble(), "band std");
            const QJsonArray windows = want[QStringLiteral("windows")].toArray();
            QCOMPARE(m.windows.size(), std::size_t(windows.size()));
            for (qsizetype i = 0; i < windows.size(); ++i) {
                QCOMPARE(m.windows[std::size_t(i)].start, windows[i].toObject()[QStringLiteral("start")].toString().toStdString());
                near(m.windows[std::size_t(i)].error, windows[i].toObject()[QStringLiteral("error")].toDouble(), "window error");
            }
        }
        options.varianceKept = 0.65;
        options.columns = {"price"};
        QVERIFY_THROWS_EXCEPTION(keel::Error, multivariateDrift(reference, current, {}, options));
    }

    void distanceColumnsGetAReferenceBand()
    {
        QTemporaryDir dir;
        const std::string ref = dir.filePath(QStringLiteral("ref.csv")).toStdString();
        const std::string cur = dir.filePath(QStringLiteral("cur.csv")).toStdString();
        {
            std::ofstream r(ref), c(cur);
            r << "x,colour,small\n";
            c << "x,colour,small\n";
            const char *colours[] = {"red", "green", "blue"};
            for (int i = 0; i < 3000; ++i) {
                r << std::sin(i * 0.7) * 10 << "," << colours[i % 3] << "," << i % 4 << "\n";
                c << std::sin(i * 0.7) * 10 + (i >= 2000 ? 4 : 0) << "," << colours[(i * 7) % 3] << "," << i % 4 << "\n";
            }
        }
        DriftRequest request;
        request.reference = ref;
        request.current = cur;
        request.chunks = 3;
        const DriftAnalysis a = analyseDrift(request);
        QCOMPARE(a.bands.size(), a.report.columns.size());
        const auto reference = data::readTable(ref);
        const auto parts = splitTable(reference, windowsByChunks(reference.rows, 10));
        for (std::size_t i = 0; i < a.report.columns.size(); ++i) {
            const auto &c = a.report.columns[i];
            QVERIFY2(a.bands[i].has_value() == !c.drift.scoreIsPValue, c.column.c_str());
            QCOMPARE(a.bands[i]->chunks.size(), std::size_t(10));
            // Each chunk's score is the plain comparison of that chunk with the whole reference.
            for (std::size_t k = 0; k < parts.size(); ++k) {
                const double plain = compareTables(reference, parts[k]).columns[i].drift.score;
                QVERIFY2(std::fabs(a.bands[i]->chunks[k] - plain) < 1e-12, c.column.c_str());
            }
            QVERIFY(a.bands[i]->upper >= a.bands[i]->mean);
        }
        // The shifted last third of x lies far above its band.
        const auto scores = a.windows.back().report.columns[0].drift.score;
        QVERIFY(scores > a.bands[0]->upper);
        QVERIFY(nlohmann::json::parse(toJson(a))["columns"][0].contains("reference_band"));
        QCOMPARE(toJson(analysisFromJson(toJson(a))), toJson(a)); // bands and windows come back too
    }

    void skewJoinsOnTheKey()
    {
        QTemporaryDir dir;
        const std::string off = dir.filePath(QStringLiteral("offline.csv")).toStdString();
        const std::string on = dir.filePath(QStringLiteral("online.csv")).toStdString();
        {
            std::ofstream o(off), n(on);
            o << "id,age,income,channel\n";
            n << "id,channel,income,age,extra\n";
            for (int i = 1; i <= 200; ++i) {
                const double income = 1000.0 + i;
                o << "u" << i << "," << 20 + i % 50 << "," << income << "," << (i % 3 ? "web" : "store") << "\n";
                if (i == 1)
                    continue; // offline only
                // Rows 11-20: income off by 3 (a unit bug online); 30: "Web"; 40-42: age not logged online;
                // every other row: income off by 1e-10 relative, inside the tolerance.
                const double served = (i > 10 && i <= 20) ? income + 3 : income * (1 + 1e-10);
                const std::string channel = i == 30 ? "Web" : (i % 3 ? "web" : "store");
                const std::string age = (i >= 40 && i <= 42) ? "" : std::to_string(20 + i % 50);
                char incomeText[32];
                std::snprintf(incomeText, sizeof incomeText, "%.12g", served);
                n << "u" << i << "," << channel << "," << incomeText << "," << age << ",x\n";
            }
            n << "u201,web,1.0,30,x\n"; // online only
            n << "u5,web,99999,99,x\n";  // a repeated key: the first row counts
        }
        const auto offline = data::readTable(off, {{"id", data::ColumnType::Categorical}});
        const auto online = data::readTable(on, {{"id", data::ColumnType::Categorical}});
        SkewOptions options;
        options.key = "id";
        const SkewReport r = compareSkew(offline, online, options);
        QCOMPARE(r.joined, std::size_t(199));
        QCOMPARE(r.onlyOffline, std::size_t(1));
        QCOMPARE(r.onlyOnline, std::size_t(1));
        QCOMPARE(r.duplicateOnline, std::size_t(1));
        QCOMPARE(r.features.size(), std::size_t(3));
        QCOMPARE(r.skipped, std::vector<std::string>{"extra: not in the offline data"});
        auto feature = [&](const std::string &name) {
            return *std::find_if(r.features.begin(), r.features.end(), [&](const FeatureSkew &f) { return f.column == name; });
        };
        const FeatureSkew income = feature("income");
        QCOMPARE(income.mismatches, std::size_t(10));
        QCOMPARE(income.maxAbsDifference, 3.0);
        QVERIFY(income.skewed);
        QCOMPARE(income.example, std::string("u11"));
        const FeatureSkew age = feature("age");
        QCOMPARE(age.mismatches, std::size_t(3));
        QCOMPARE(age.missingOnline, std::size_t(3));
        QVERIFY(age.skewed); // 3 of 199 rows is above 1%
        const FeatureSkew channel = feature("channel");
        QCOMPARE(channel.mismatches, std::size_t(1));
        QVERIFY(channel.distributionTested);
        // Only 0.5% disagree, but "Web" is a category the offline data never has: chi-square's
        // expected count of 0 gives p = 0 (as SciPy answers), so the casing bug is caught.
        QCOMPARE(channel.distribution.test, std::string("chisquare"));
        QCOMPARE(channel.distribution.score, 0.0);
        QVERIFY(channel.skewed);
        QCOMPARE(r.skewedFeatures, std::size_t(3));
        // Judged by disagreement alone, with a tolerance that forgives the unit bug: only age is left.
        options.absoluteTolerance = 5;
        options.testDistributions = false;
        const SkewReport loose = compareSkew(offline, online, options);
        QCOMPARE(loose.skewedFeatures, std::size_t(1));
        QVERIFY(std::find_if(loose.features.begin(), loose.features.end(), [](const FeatureSkew &f) { return f.skewed; })->column == "age");
        options.key = "user";
        QVERIFY_THROWS_EXCEPTION(keel::Error, compareSkew(offline, online, options));
        QVERIFY(nlohmann::json::parse(toJson(r))["features"].size() == 3);
    }

    void profilesGiveTheSameAnswerAsTheFile()
    {
        QTemporaryDir dir;
        const auto wsDir = dir.filePath(QStringLiteral("ws")).toStdString();
        auto workspace = store::Workspace::create(wsDir);
        ReferenceProfiles profiles(workspace->db(), workspace->artifacts());
        const auto p = profiles.create("quality", kData + "quality_reference.csv", {}, "tester");
        QCOMPARE(p.rows, std::size_t(1000));
        const auto summary = nlohmann::json::parse(p.summary);
        QCOMPARE(summary["columns"][2]["column"].get<std::string>(), std::string("score"));
        QVERIFY(summary["columns"][2].contains("quantiles"));
        QCOMPARE(summary["columns"][3]["top"].size(), std::size_t(3)); // animal: bird, cat, dog

        DriftRequest fromFile;
        fromFile.reference = kData + "quality_reference.csv";
        fromFile.current = kData + "quality_current.csv";
        fromFile.timeColumn = "ts";
        fromFile.quality = ConceptDriftOptions{"price", "price_pred"};
        DriftRequest fromProfile = fromFile;
        fromProfile.reference = "profile:quality";
        fromProfile.workspace = wsDir;
        auto a = nlohmann::json::parse(toJson(analyseDrift(fromFile)));
        auto b = nlohmann::json::parse(toJson(analyseDrift(fromProfile)));
        a.erase("reference");
        b.erase("reference");
        QVERIFY(a == b);
        // The profile keeps the multivariate fit of the columns a check tests by default, and the
        // check reads it instead of fitting the reference again: the same report from the fit
        // kept, written to JSON and read back, as from fitting anew; a damaged fit is made again.
        QVERIFY(!p.multivariateFit.empty());
        const auto stored = profiles.multivariateFit("quality");
        QVERIFY(stored && stored->components > 0);
        QCOMPARE(toJson(*stored), p.multivariateFit);
        const auto reference = data::readTable(kData + "quality_reference.csv"), current = data::readTable(kData + "quality_current.csv");
        MultivariateOptions options;
        options.columns = stored->columns;
        QVERIFY(stored->fits(options));
        const auto fitted = multivariateDrift(reference, current, {}, options), kept = multivariateDrift(*stored, current, {});
        QCOMPARE(kept.referenceChunkErrors, fitted.referenceChunkErrors);
        QCOMPARE(kept.windows.front().error, fitted.windows.front().error);
        options.referenceChunks = 7;
        QVERIFY(!stored->fits(options));
        workspace->db().exec("UPDATE reference_profiles SET multivariate_fit = '{\"columns\": 3}' WHERE name = 'quality'");
        QVERIFY_THROWS_EXCEPTION(keel::Error, profiles.multivariateFit("quality"));
        auto c = nlohmann::json::parse(toJson(analyseDrift(fromProfile)));
        c.erase("reference");
        QVERIFY(a == c);
        // Replacing a profile keeps one of that name; a missing one is named.
        profiles.create("quality", kData + "reference.csv");
        QCOMPARE(profiles.list().size(), std::size_t(1));
        QCOMPARE(profiles.get("quality").rows, std::size_t(800));
        fromProfile.reference = "profile:other";
        QVERIFY_THROWS_EXCEPTION(keel::Error, analyseDrift(fromProfile));
    }

    // Large files are read out of core (cells in temporary files, a pair of columns in memory at a
    // time): the same columns as reading them into memory, and the same report to the last bit.
    void outOfCoreGivesTheSameReport()
    {
        QTemporaryDir dir;
        auto write = [&](const std::string &name, std::size_t rows, double shift, std::uint32_t seed) {
            std::mt19937 rng(seed);
            std::normal_distribution<double> normal(shift, 1.0);
            std::ofstream out(dir.filePath(QString::fromStdString(name)).toStdString());
            out << "x,y,k,colour,flag,late,empty\n";
            const char *colours[] = {"red", "green", "blue", "amber"};
            for (std::size_t r = 0; r < rows; ++r) {
                const double x = normal(rng), y = 0.8 * x + 0.3 * normal(rng);
                char line[256];
                // Missing cells here and there; `late` turns from numbers to a word near the end,
                // so it is read again as text; `empty` has no values at all.
                std::snprintf(line, sizeof line, "%s,%.6f,%d,%s,%s,%s,\n", r % 97 == 5 ? "" : std::to_string(x).c_str(), y,
                              int(rng() % (shift > 0 ? 5 : 4)), r % 50 == 7 ? "NA" : colours[rng() % (shift > 0 ? 4 : 3)],
                              rng() % 10 < (shift > 0 ? 5 : 3) ? "true" : "false",
                              r + 10 == rows ? "unknown" : std::to_string(int(rng() % 40)).c_str());
                out << line;
            }
            return dir.filePath(QString::fromStdString(name)).toStdString();
        };
        const std::string reference = write("reference.csv", 3000, 0.0, 1), current = write("current.csv", 2500, 0.4, 2);
        const std::string small = write("small.csv", 800, 0.0, 3);

        const auto inMemory = data::readTable(reference);
        const auto outOfCore = data::readDelimitedOutOfCore(reference, dir.path().toStdString());
        QCOMPARE(outOfCore.rows, inMemory.rows);
        QCOMPARE(outOfCore.columns.size(), inMemory.columns.size());
        for (std::size_t c = 0; c < inMemory.columns.size(); ++c) {
            const data::Column &m = inMemory.columns[c];
            QVERIFY(outOfCore.columns[c].spilled);
            QVERIFY(m.numbers.empty() || outOfCore.columns[c].numbers.empty());
            const data::Column back = data::inCore(outOfCore.columns[c]);
            QCOMPARE(back.name, m.name);
            QCOMPARE(int(back.type), int(m.type));
            QCOMPARE(back.missing, m.missing);
            QCOMPARE(back.distinct, m.distinct);
            QVERIFY(back.numbers == m.numbers);
            QVERIFY(back.codes == m.codes);
            QVERIFY(back.rowOf == m.rowOf);
            QVERIFY((back.categories ? *back.categories : std::vector<std::string>{}) ==
                    (m.categories ? *m.categories : std::vector<std::string>{}));
        }
        QCOMPARE(int(inMemory.column("late")->type), int(data::ColumnType::Categorical));
        QCOMPARE(inMemory.column("empty")->present(), std::size_t(0));
        QCOMPARE(outOfCore.column("x")->present(), inMemory.column("x")->present());

        for (const std::string &ref : {reference, small}) {
            DriftRequest request;
            request.reference = ref;
            request.current = current;
            const std::string expected = toJson(analyseDrift(request));
            // The tables read out of core, then the whole request from the files.
            const auto spilledRef = data::readDelimitedOutOfCore(ref, dir.path().toStdString());
            const auto spilledCur = data::readDelimitedOutOfCore(current, dir.path().toStdString());
            setOutOfCoreLimits(std::uint64_t(256) << 20, 0); // streamed
            QCOMPARE(toJson(analyseDrift(request, spilledRef, spilledCur)), expected);
            setOutOfCoreLimits(std::uint64_t(256) << 20, std::uint64_t(64) << 20);
            // From the files: each pair of columns brought into memory, then each streamed.
            for (const std::uint64_t columnBytes : {std::uint64_t(64) << 20, std::uint64_t(0)}) {
                setOutOfCoreLimits(0, columnBytes);
                const std::string fromFiles = toJson(analyseDrift(request));
                setOutOfCoreLimits(std::uint64_t(256) << 20, std::uint64_t(64) << 20);
                QCOMPARE(fromFiles, expected);
            }
            const auto json = nlohmann::json::parse(expected);
            QVERIFY(json.contains("multivariate_drift"));
            QCOMPARE(json["number_of_columns"].get<int>(), 6); // every column but `empty`
        }
        // An identifier column keeps no cells out of core (its dictionary would grow with the
        // rows): it is left out, as in memory, and naming it is an error.
        {
            const std::string ids = dir.filePath("ids.csv").toStdString();
            std::ofstream out(ids);
            out << "id,x\n";
            for (std::size_t r = 0; r < data::kMaxSpilledCategories + 100; ++r)
                out << "user-" << r << "," << (r % 17) * 0.5 << "\n";
            out.close();
            const auto spilledIds = data::readDelimitedOutOfCore(ids, dir.path().toStdString());
            QVERIFY(spilledIds.column("id")->distinctCapped);
            QVERIFY(!spilledIds.column("x")->distinctCapped);
            DriftRequest request;
            request.reference = ids;
            request.current = ids;
            const auto inMemory = analyseDrift(request);
            const auto outOfCore = analyseDrift(request, spilledIds, spilledIds);
            QCOMPARE(outOfCore.report.columns.size(), std::size_t(1));
            QCOMPARE(outOfCore.report.columns[0].column, std::string("x"));
            QCOMPARE(outOfCore.report.columns[0].drift.score, inMemory.report.columns[0].drift.score);
            QCOMPARE(outOfCore.report.skipped.size(), std::size_t(1));
            QVERIFY2(outOfCore.report.skipped[0].find("id: more than 65536 distinct values") == 0, outOfCore.report.skipped[0].c_str());
            request.options.columns = {"id", "x"};
            QVERIFY_THROWS_EXCEPTION(keel::Error, analyseDrift(request, spilledIds, spilledIds));
        }
        // A folder where no temporary file can be made is named.
        try {
            data::readDelimitedOutOfCore(reference, dir.filePath("missing").toStdString());
            QFAIL("no error for a missing folder");
        } catch (const keel::Error &e) {
            QVERIFY2(std::string(e.what()).find("missing") != std::string::npos, e.what());
        }
        // Windows need the tables in memory: asked for on spilled tables, they are refused.
        DriftRequest windowed;
        windowed.reference = reference;
        windowed.current = current;
        windowed.chunks = 3;
        QVERIFY_THROWS_EXCEPTION(keel::Error, analyseDrift(windowed, outOfCore, data::readDelimitedOutOfCore(current, dir.path().toStdString())));
    }

    void storedTablesRoundTripAndRefuseDamage()
    {
        const auto t = data::readTable(kData + "reference.csv");
        const std::string bytes = data::encodeTable(t);
        const auto back = data::decodeTable(bytes, t.source);
        QCOMPARE(back.rows, t.rows);
        QCOMPARE(back.columns.size(), t.columns.size());
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            QCOMPARE(back.columns[i].name, t.columns[i].name);
            QCOMPARE(back.columns[i].type, t.columns[i].type);
            QCOMPARE(back.columns[i].numbers, t.columns[i].numbers);
            if (t.columns[i].type != data::ColumnType::Numerical)
                QCOMPARE(back.columns[i].texts(), t.columns[i].texts());
        }
        // Every truncation is refused with a reason, never read past the end.
        for (std::size_t cut : {std::size_t(3), std::size_t(12), bytes.size() / 2, bytes.size() - 1})
            QVERIFY_THROWS_EXCEPTION(keel::Error, data::decodeTable(std::string_view(bytes).substr(0, cut), t.source));
        std::string damaged = bytes;
        damaged[8] = char(0xff); // the row count
        QVERIFY_THROWS_EXCEPTION(keel::Error, data::decodeTable(damaged, t.source));
    }

    void reportsAreKeptAndLinkedToAVersion()
    {
        QTemporaryDir dir;
        auto workspace = store::Workspace::create(dir.filePath(QStringLiteral("ws")).toStdString());
        registry::ModelRegistry models(workspace->db(), workspace->artifacts());
        const std::string artifact = dir.filePath(QStringLiteral("model.bin")).toStdString();
        std::ofstream(artifact) << "weights";
        registry::NewVersion nv;
        nv.artifactFile = artifact;
        models.createModel("scorer");
        models.registerVersion("scorer", nv);
        const std::int64_t versionId = models.version("scorer", 1).id;

        DriftRequest request;
        request.reference = kData + "reference.csv";
        request.current = kData + "current.csv";
        const DriftAnalysis a = analyseDrift(request);
        DriftReports reports(workspace->db());
        const std::int64_t first = reports.save(a, std::nullopt, "tester");
        const std::int64_t second = reports.save(a, versionId, "tester");
        QVERIFY_THROWS_EXCEPTION(keel::Error, reports.save(a, versionId + 100, "tester"));
        const auto all = reports.list();
        QCOMPARE(all.size(), std::size_t(2)); // the refused one left nothing
        QCOMPARE(all[0].id, second);
        QCOMPARE(all[0].model, std::string("scorer"));
        QCOMPARE(all[0].version, 1);
        QCOMPARE(all[1].id, first);
        QVERIFY(!all[1].modelVersionId);
        QCOMPARE(all[0].driftedColumns, a.report.driftedColumns);
        QCOMPARE(all[0].referenceSha256.size(), std::size_t(64));
        QCOMPARE(reports.list(versionId).size(), std::size_t(1));
        QCOMPARE(nlohmann::json::parse(reports.json(first))["number_of_drifted_columns"].get<std::size_t>(), a.report.driftedColumns);
        QVERIFY_THROWS_EXCEPTION(keel::Error, reports.get(999));
    }
};

QTEST_GUILESS_MAIN(TestDriftAnalysis)
#include "tst_driftanalysis.moc"
