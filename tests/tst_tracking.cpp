// Experiment tracking: batched logging, immutable params, NaN/Inf kept, MLflow's latest
// value, the search syntax (with errors that name position and token), paging, and the
// min/max down-sampling for charts.
#include "testsupport.h"

#include "core/error.h"
#include "store/database.h"
#include "store/workspace.h"
#include "tracking/downsample.h"
#include "tracking/runsearch.h"
#include "tracking/trackingstore.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

using namespace keel;
using namespace keel::tracking;
namespace fs = std::filesystem;

class TestTracking : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    std::unique_ptr<store::Workspace> m_ws;

    std::vector<std::string> search(const std::string &filter, std::vector<std::string> orderBy = {})
    {
        TrackingStore store(m_ws->db());
        SearchQuery q;
        q.filter = filter;
        q.orderBy = std::move(orderBy);
        return store.search(q).runUuids;
    }

private Q_SLOTS:
    void init()
    {
        m_ws = store::Workspace::create(test::freshPath(m_tmp.path(), ("ws" + std::to_string(std::rand())).c_str()));
    }
    void cleanup() { m_ws.reset(); }

    void logsAndReadsBack()
    {
        TrackingStore store(m_ws->db());
        const auto exp = store.createExperiment("mnist", {{"team", "vision"}});
        const std::string run = store.createRun(exp, "baseline", 1000, "ada");
        QCOMPARE(run.size(), std::size_t(32));
        const double inf = std::numeric_limits<double>::infinity();
        const std::vector<Metric> metrics{{"loss", 0.9, 1001, 0}, {"loss", 0.5, 1002, 1}, {"loss", std::nan(""), 1003, 2},
                                          {"grad", inf, 1001, 0}, {"grad", -inf, 1002, 1}, {"acc", 0.25, 1004, 7}};
        const std::vector<std::pair<std::string, std::string>> params{{"lr", "0.01"}, {"layers", "4"}};
        const std::vector<std::pair<std::string, std::string>> tags{{"mlflow.runName", "renamed"}, {"note", "first"}};
        store.logBatch(run, metrics, params, tags);
        store.setRunStatus(run, "FINISHED", 2000);

        const auto data = store.run(run);
        QVERIFY(data);
        QCOMPARE(data->run.name, std::string("renamed"));
        QCOMPARE(data->run.status, std::string("FINISHED"));
        QCOMPARE(data->run.endTime.value_or(0), std::int64_t(2000));
        QCOMPARE(data->params.at("lr"), std::string("0.01"));
        QCOMPARE(data->tags.at("note"), std::string("first"));
        // The latest value is the one with the largest step: NaN here, kept as NaN.
        QVERIFY(std::isnan(data->latestMetrics.at("loss").value));
        QCOMPARE(data->latestMetrics.at("loss").step, std::int64_t(2));
        QCOMPARE(data->latestMetrics.at("grad").value, -inf);
        const auto history = store.metricHistory(run, "grad");
        QCOMPARE(history.size(), std::size_t(2));
        QCOMPARE(history[0].value, inf);
        QCOMPARE(history[1].value, -inf);
        const auto loss = store.metricHistory(run, "loss");
        QVERIFY(std::isnan(loss[2].value));
        QCOMPARE(store.metricKeys(run), (std::vector<std::string>{"acc", "grad", "loss"}));
        QCOMPARE(store.experiment(exp)->tags.at("team"), std::string("vision"));
    }

    void latestFollowsStepThenTimestampThenValue()
    {
        TrackingStore store(m_ws->db());
        const std::string run = store.createRun(store.createExperiment("e"));
        // Same step: the later timestamp wins; same step and timestamp: the larger value.
        const std::vector<Metric> m{{"x", 5.0, 100, 3}, {"x", 1.0, 200, 3}, {"x", 9.0, 50, 2},
                                    {"y", 1.0, 100, 3}, {"y", 2.0, 100, 3}};
        store.logBatch(run, m);
        const auto data = store.run(run);
        QCOMPARE(data->latestMetrics.at("x").value, 1.0);
        QCOMPARE(data->latestMetrics.at("y").value, 2.0);
        // Logging the very same point twice stores it once (MLflow's key).
        store.logBatch(run, std::vector<Metric>{{"x", 1.0, 200, 3}});
        QCOMPARE(store.metricHistory(run, "x").size(), std::size_t(3));
        // A large batch (stored many rows per statement): repeats inside it and of earlier
        // points, on either side of a statement's rows, count once; NaN is kept; the latest is
        // the largest step whatever the order.
        std::vector<Metric> big;
        for (int i = 0; i < 300; ++i)
            big.push_back({"z", i == 150 ? std::nan("") : double(i), 1000 + i, 299 - i});
        for (int i : {0, 63, 64, 65, 127, 128, 299})
            big.push_back(big[std::size_t(i)]);
        store.logBatch(run, big);
        store.logBatch(run, std::span(big).subspan(100, 100));
        const auto z = store.metricHistory(run, "z");
        QCOMPARE(z.size(), std::size_t(300));
        QCOMPARE(int(std::count_if(z.begin(), z.end(), [](const MetricPoint &p) { return std::isnan(p.value); })), 1);
        QCOMPARE(store.run(run)->latestMetrics.at("z").value, 0.0);
        auto points = m_ws->db().prepare("SELECT points FROM metric_series WHERE key = 'z'");
        QVERIFY(points.step());
        QCOMPARE(points.int64(0), std::int64_t(300));
    }

    void paramsAreImmutableAndABadBatchStoresNothing()
    {
        TrackingStore store(m_ws->db());
        const std::string run = store.createRun(store.createExperiment("e"));
        const std::vector<std::pair<std::string, std::string>> first{{"lr", "0.01"}};
        store.logBatch(run, {}, first);
        store.logBatch(run, {}, first); // the same value again is fine
        const std::vector<Metric> metrics{{"loss", 0.3, 1, 1}};
        const std::vector<std::pair<std::string, std::string>> changed{{"layers", "3"}, {"lr", "0.02"}};
        try {
            store.logBatch(run, metrics, changed);
            QFAIL("changing a param must fail");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::Conflict);
            QVERIFY2(std::string(e.what()).find("\"lr\"") != std::string::npos, e.what());
        }
        const auto data = store.run(run);
        QCOMPARE(data->params.size(), std::size_t(1));
        QVERIFY(data->latestMetrics.empty());
        QVERIFY(!data->params.count("layers"));
    }

    void parsesMlflowFilters_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("conditions");
        QTest::addColumn<QString>("firstKey");
        QTest::addColumn<QString>("firstComparator");
        QTest::newRow("doc example") << "metrics.acc > 0.9 and params.lr = '0.01' and tags.team LIKE '%nlp%' and attributes.status = 'FINISHED'" << 4 << "acc" << ">";
        QTest::newRow("backticks") << "metrics.`my-metric` >= 1e-3" << 1 << "my-metric" << ">=";
        QTest::newRow("double quotes") << "params.\"a b\" = \"x\"" << 1 << "a b" << "=";
        QTest::newRow("singular entity") << "metric.acc = 1" << 1 << "acc" << "=";
        QTest::newRow("is null") << "params.lr IS NULL" << 1 << "lr" << "IS NULL";
        QTest::newRow("is not null") << "tags.x is not null" << 1 << "x" << "IS NOT NULL";
        QTest::newRow("bare attribute alias") << "created > 5" << 1 << "start_time" << ">";
        QTest::newRow("run name alias") << "attributes.`Run name` = 'x'" << 1 << "run_name" << "=";
        QTest::newRow("in list") << "attributes.run_id IN ('a', 'b')" << 1 << "run_id" << "IN";
        QTest::newRow("not in") << "run.run_id not in ('a')" << 1 << "run_id" << "NOT IN";
        QTest::newRow("dataset") << "datasets.context = 'training'" << 1 << "context" << "=";
        QTest::newRow("dotted key") << "metrics.val.loss < 2" << 1 << "val.loss" << "<";
        QTest::newRow("negative") << "metrics.delta > -0.5" << 1 << "delta" << ">";
        QTest::newRow("ilike") << "tags.team ILIKE '%NLP%'" << 1 << "team" << "ILIKE";
        QTest::newRow("empty") << "" << 0 << "" << "";
    }

    void parsesMlflowFilters()
    {
        QFETCH(QString, filter);
        QFETCH(int, conditions);
        QFETCH(QString, firstKey);
        QFETCH(QString, firstComparator);
        const auto parsed = parseFilter(filter.toStdString());
        QCOMPARE(int(parsed.size()), conditions);
        if (conditions > 0) {
            QCOMPARE(QString::fromStdString(parsed[0].key), firstKey);
            QCOMPARE(QString::fromStdString(parsed[0].comparator), firstComparator);
        }
    }

    void syntaxErrorsNamePositionAndToken_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("expected");
        QTest::newRow("missing value") << "metrics.acc >" << "position 14, near the end";
        QTest::newRow("string for metric") << "metrics.acc > 'x'" << "position 15, near 'x'";
        QTest::newRow("unknown entity") << "foo.bar = 1" << "position 1, near 'foo'";
        QTest::newRow("or") << "metrics.acc > 1 or params.x = '1'" << "position 17, near 'or'";
        QTest::newRow("bad comparator for param") << "params.lr > '1'" << "position 11, near '>'";
        QTest::newRow("unquoted param value") << "params.lr = 1" << "position 13, near '1'";
        QTest::newRow("unknown attribute") << "attributes.color = 'red'" << "position 12, near 'color'";
        QTest::newRow("unclosed quote") << "params.lr = '0.1" << "position 13";
        QTest::newRow("list not allowed") << "attributes.status IN ('A')" << "position 19, near 'IN'";
        QTest::newRow("dangling and") << "metrics.a > 1 and" << "near the end";
    }

    void syntaxErrorsNamePositionAndToken()
    {
        QFETCH(QString, filter);
        QFETCH(QString, expected);
        try {
            parseFilter(filter.toStdString());
            QFAIL("expected a syntax error");
        } catch (const Error &e) {
            QCOMPARE(e.kind(), ErrorKind::BadInput);
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
    }

    void searchSemantics()
    {
        TrackingStore store(m_ws->db());
        const auto exp = store.createExperiment("e");
        auto make = [&](const char *name, std::int64_t start, std::vector<Metric> m, std::vector<std::pair<std::string, std::string>> p,
                        std::vector<std::pair<std::string, std::string>> t) {
            const std::string id = store.createRun(exp, name, start);
            store.logBatch(id, m, p, t);
            return id;
        };
        const auto a = make("a", 100, {{"acc", 0.95, 1, 0}}, {{"lr", "0.01"}}, {{"team", "nlp-core"}});
        const auto b = make("b", 200, {{"acc", 0.80, 1, 0}}, {{"lr", "0.1"}}, {{"team", "NLP"}});
        const auto c = make("c", 300, {{"acc", std::nan(""), 1, 0}}, {}, {{"team", "vision"}});
        const auto d = make("d", 400, {}, {{"lr", "0.01"}}, {});

        QCOMPARE(search("metrics.acc > 0.9"), (std::vector<std::string>{a}));
        QCOMPARE(search("metrics.acc != 0.8"), (std::vector<std::string>{c, a})); // NaN satisfies only !=
        QCOMPARE(search("params.lr = '0.01'"), (std::vector<std::string>{d, a}));
        QCOMPARE(search("tags.team LIKE '%nlp%'"), (std::vector<std::string>{a}));   // case-sensitive
        QCOMPARE(search("tags.team ILIKE '%nlp%'"), (std::vector<std::string>{b, a}));
        QCOMPARE(search("params.lr IS NULL"), (std::vector<std::string>{c}));
        QCOMPARE(search("attributes.run_id IN ('" + a + "', '" + d + "')"), (std::vector<std::string>{d, a}));
        QCOMPARE(search("attributes.run_name = 'b'"), (std::vector<std::string>{b}));
        QCOMPARE(search("attributes.start_time >= 300"), (std::vector<std::string>{d, c}));
        // Order by a metric: numbers first, then NaN, then runs without it, in both directions.
        QCOMPARE(search("", {"metrics.acc DESC"}), (std::vector<std::string>{a, b, c, d}));
        QCOMPARE(search("", {"metrics.acc ASC"}), (std::vector<std::string>{b, a, c, d}));
        QCOMPARE(search("", {"attributes.start_time ASC"}), (std::vector<std::string>{a, b, c, d}));

        // Paging.
        SearchQuery q;
        q.maxResults = 3;
        const auto first = store.search(q);
        QCOMPARE(first.runUuids.size(), std::size_t(3));
        QVERIFY(!first.nextPageToken.empty());
        q.pageToken = first.nextPageToken;
        const auto second = store.search(q);
        QCOMPARE(second.runUuids, (std::vector<std::string>{a}));
        QVERIFY(second.nextPageToken.empty());
        q.pageToken = "bogus";
        QVERIFY_THROWS_EXCEPTION(Error, store.search(q));
    }

    void storedOverviewKeepsExtremes()
    {
        // A long series logged in batches, the second half before the first (steps out of
        // order), with a spike, a dip, NaN and an infinity: the stored overview gives a chart
        // of the whole range what down-sampling every point gives it.
        TrackingStore store(m_ws->db());
        const std::string run = store.createRun(store.createExperiment("overview"));
        std::vector<Metric> points;
        for (int i = 0; i < 100000; ++i)
            points.push_back({"loss", std::sin(i / 500.0) + (i == 31337 ? 50.0 : 0.0) - (i == 77777 ? 40.0 : 0.0), 1000 + i, i});
        points[500].value = std::nan("");
        points[99999].value = std::nan("");
        points[64000].value = std::numeric_limits<double>::infinity();
        for (std::size_t at : {std::size_t(50000), std::size_t(0)})
            for (std::size_t b = at; b < at + 50000; b += 1000)
                store.logBatch(run, std::span(points).subspan(b, 1000));
        const auto overview = store.metricOverview(run, "loss", 2000);
        QVERIFY2(overview.size() <= 2000 && overview.size() > 1500, qPrintable(QString::number(overview.size())));
        QCOMPARE(overview.front().step, std::int64_t(0));
        QCOMPARE(overview.back().step, std::int64_t(99998)); // the last point that is not NaN
        bool spike = false, dip = false, infinite = false;
        for (std::size_t i = 0; i < overview.size(); ++i) {
            QVERIFY(!std::isnan(overview[i].value));
            if (i > 0)
                QVERIFY(overview[i].step > overview[i - 1].step);
            QCOMPARE(overview[i].timestamp, 1000 + overview[i].step);
            spike = spike || (overview[i].step == 31337 && overview[i].value > 49.0);
            dip = dip || overview[i].step == 77777;
            infinite = infinite || std::isinf(overview[i].value);
        }
        QVERIFY(spike && dip && infinite);
        // Each bucket's extremes are the series' own points.
        for (const MetricPoint &p : overview)
            QCOMPARE(p.value, points[std::size_t(p.step)].value);
        // A short series is read whole.
        store.logBatch(run, std::vector<Metric>{{"acc", 0.5, 1, 0}, {"acc", 0.7, 2, 1}});
        QCOMPARE(store.metricOverview(run, "acc", 2000).size(), std::size_t(2));
        QCOMPARE(store.metricPointCount(run, "loss"), std::int64_t(100000));
        QVERIFY(store.metricOverview(run, "no such metric", 2000).empty());

        // A workspace of schema 12 (no overviews yet) gets the same ones from migration 13.
        const fs::path db = m_ws->databasePath();
        m_ws.reset();
        const fs::path older = test::freshPath(m_tmp.path(), "schema12");
        fs::create_directories(older);
        fs::copy_file(db, older / "workspace.db");
        {
            auto raw = sql::Database::open(older / "workspace.db", sql::Database::Mode::ReadWrite);
            raw.exec("DROP TABLE metric_buckets");
            for (const char *column : {"device_seconds", "cost_usd", "gpu_utilisation_mean", "gpu_utilisation_peak", "gpu_memory_peak"})
                raw.exec(std::string("ALTER TABLE jobs DROP COLUMN ") + column); // migration 14's
            raw.exec("ALTER TABLE reference_profiles DROP COLUMN multivariate_fit"); // migration 15's
            raw.setUserVersion(12);
        }
        auto migrated = store::Workspace::open(older);
        QCOMPARE(TrackingStore(migrated->db()).metricOverview(run, "loss", 2000), overview);
        m_ws = store::Workspace::open(db.parent_path());
        const auto rows = [](sql::Database &d) {
            std::vector<std::string> out;
            auto st = d.prepare("SELECT series_id, width, bucket, lo_step, lo_value, hi_step, hi_value FROM metric_buckets ORDER BY 1, 2, 3");
            while (st.step())
                out.push_back(std::to_string(st.int64(0)) + " " + std::to_string(st.int64(1)) + " " + std::to_string(st.int64(2)) + " " +
                              std::to_string(st.int64(3)) + " " + std::to_string(st.real(4)) + " " + std::to_string(st.int64(5)) + " " +
                              std::to_string(st.real(6)));
            return out;
        };
        const auto incremental = rows(m_ws->db()), backfilled = rows(migrated->db());
        QVERIFY(incremental.size() > 1500);
        QCOMPARE(backfilled, incremental);
    }

    void downsampleKeepsExtremes()
    {
        std::vector<MetricPoint> series;
        for (int i = 0; i < 100000; ++i)
            series.push_back({i, i, std::sin(i / 500.0) + (i == 31337 ? 50.0 : 0.0) - (i == 77777 ? 40.0 : 0.0)});
        series[500].value = std::nan("");
        const auto reduced = downsampleMinMax(series, 1000);
        QVERIFY(reduced.size() <= 1000);
        QVERIFY(reduced.size() > 900);
        QCOMPARE(reduced.front().step, std::int64_t(0));
        QCOMPARE(reduced.back().step, std::int64_t(99999));
        bool spike = false, dip = false;
        for (std::size_t i = 0; i < reduced.size(); ++i) {
            QVERIFY(!std::isnan(reduced[i].value));
            if (i > 0)
                QVERIFY(reduced[i].step > reduced[i - 1].step);
            spike = spike || reduced[i].step == 31337;
            dip = dip || reduced[i].step == 77777;
        }
        QVERIFY(spike && dip);
        // The pyramid answers wide ranges from its coarse copy and keeps the extremes;
        // a narrow range comes from the raw points.
        const SeriesPyramid pyramid(series);
        const auto wide = pyramid.query(0, 99999, 1000);
        QVERIFY(wide.size() <= 1000);
        QVERIFY(std::any_of(wide.begin(), wide.end(), [](const MetricPoint &p) { return p.step == 31337; }));
        QVERIFY(std::any_of(wide.begin(), wide.end(), [](const MetricPoint &p) { return p.step == 77777; }));
        const auto narrow = pyramid.query(31000, 31400, 1000);
        QCOMPARE(narrow.size(), std::size_t(401)); // every raw point in the range
        QCOMPARE(narrow.front().step, std::int64_t(31000));
        QVERIFY(pyramid.query(200000, 300000, 1000).empty());
        // Short series come back whole (minus NaN).
        QCOMPARE(downsampleMinMax(std::span(series).subspan(0, 10), 1000).size(), std::size_t(10));
    }
};

QTEST_GUILESS_MAIN(TestTracking)
#include "tst_tracking.moc"
