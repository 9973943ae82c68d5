#include "drift/driftanalysis.h"

#include "drift/inferencelogsource.h"
#include "drift/outofcore.h"

#include "core/error.h"
#include "drift/referenceprofiles.h"
#include "drift/stattests.h"
#include "store/artifactstore.h"
#include "store/database.h"
#include "store/workspace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <thread>

namespace keel::drift {
namespace {

using nlohmann::ordered_json;

// JSON has no NaN: a metric that does not apply is null.
ordered_json number(double v)
{
    return std::isfinite(v) ? ordered_json(v) : ordered_json(nullptr);
}

ordered_json reportJson(const DriftReport &report, const std::vector<ColumnDistribution> *distributions,
                        const std::vector<std::optional<ColumnBand>> *bands = nullptr)
{
    ordered_json columns = ordered_json::array();
    for (std::size_t i = 0; i < report.columns.size(); ++i) {
        const ColumnReport &c = report.columns[i];
        ordered_json column{{"column", c.column},
                            {"type", data::toString(c.type)},
                            {"stattest", c.drift.test},
                            {"score", number(c.drift.score)},
                            {"score_is_p_value", c.drift.scoreIsPValue},
                            {"threshold", c.drift.threshold},
                            {"drift_detected", c.drift.drifted},
                            {"reference_missing", c.referenceMissing},
                            {"current_missing", c.currentMissing}};
        if (distributions && i < distributions->size()) {
            const ColumnDistribution &d = (*distributions)[i];
            column["distribution"] = ordered_json{{"bars", d.labels}, {"reference", d.reference}, {"current", d.current}};
            if (d.numeric)
                column["distribution"]["edges"] = d.edges;
        }
        if (bands && i < bands->size() && (*bands)[i]) {
            const ColumnBand &b = *(*bands)[i];
            column["reference_band"] = ordered_json{{"chunks", b.chunks}, {"mean", b.mean}, {"std", b.stddev}, {"lower", b.lower}, {"upper", b.upper}};
        }
        columns.push_back(std::move(column));
    }
    return ordered_json{{"number_of_columns", report.columns.size()},
                        {"number_of_drifted_columns", report.driftedColumns},
                        {"share_of_drifted_columns",
                         report.columns.empty() ? 0.0 : double(report.driftedColumns) / double(report.columns.size())},
                        {"drift_share", report.driftShare},
                        {"dataset_drift", report.datasetDrift},
                        {"columns", columns},
                        {"skipped", report.skipped}};
}

// Each distance-tested column's score over reference chunks against the whole reference.
std::vector<std::optional<ColumnBand>> columnBands(const data::Table &reference, const DriftReport &report, std::size_t chunks, unsigned threads)
{
    const std::vector<data::Table> parts = splitTable(reference, windowsByChunks(reference.rows, chunks));
    std::vector<std::optional<ColumnBand>> bands(report.columns.size());
    parallelFor(report.columns.size(), threads, [&](std::size_t i) {
        const ColumnReport &c = report.columns[i];
        if (c.drift.scoreIsPValue)
            return;
        const data::Column &ref = *reference.column(c.column);
        ColumnBand band;
        std::vector<double> sorted;
        double norm = 1;
        if (c.drift.test == "wasserstein") {
            sorted = ref.numbers;
            std::sort(sorted.begin(), sorted.end());
            norm = std::max(meanAndStd(sorted).stddev, 0.001);
        }
        for (const data::Table &part : parts) {
            const data::Column &chunk = *part.column(c.column);
            if (chunk.present() == 0)
                continue;
            double score = 0;
            if (c.drift.test == "wasserstein")
                score = wassersteinDistance(sorted, chunk.numbers) / norm;
            else if (ref.type == data::ColumnType::Numerical)
                score = numericColumnDrift(ref.numbers, chunk.numbers, c.drift.threshold).score;
            else
                score = categoricalColumnDrift(categoryCounts(ref, chunk), c.drift.threshold).score;
            band.chunks.push_back(score);
        }
        if (band.chunks.empty())
            return;
        const MeanStd spread = meanAndStd(band.chunks);
        band.mean = spread.mean;
        band.stddev = spread.stddev;
        band.lower = std::max(0.0, band.mean - 3 * band.stddev);
        band.upper = band.mean + 3 * band.stddev;
        bands[i] = std::move(band);
    });
    return bands;
}

std::atomic<std::uint64_t> g_outOfCoreMinimum{std::uint64_t(256) << 20};
std::atomic<std::uint64_t> g_inCoreColumnMaximum{std::uint64_t(64) << 20};

// Memory for the column tasks run at once when the tables were read out of core.
constexpr std::uint64_t kOutOfCoreColumnBudget = std::uint64_t(192) << 20;

bool spilled(const data::Table &table)
{
    return std::any_of(table.columns.begin(), table.columns.end(), [](const data::Column &c) { return bool(c.spilled); });
}

// Whether both inputs are files read out of core: large, delimited, and asked only for what
// needs each column one at a time or row by row (no windows, no model quality).
bool readOutOfCore(const DriftRequest &request)
{
    if (profileName(request.reference.string()) || isInferenceLogSource(request.current.string()))
        return false;
    if (!request.timeColumn.empty() || request.chunks > 0 || request.quality)
        return false;
    std::uint64_t bytes = 0;
    for (const auto &file : {request.reference, request.current}) {
        if (data::isJsonLinesFile(file))
            return false;
        std::error_code error;
        const auto size = std::filesystem::file_size(file, error);
        if (error)
            return false; // readTable names the file
        bytes += size;
    }
    return bytes >= g_outOfCoreMinimum.load();
}

// The per-column tests and distributions, one column per task. A pair of columns read out of core
// is brought into memory when the test's copies and sort of it fit g_inCoreColumnMaximum (32 bytes
// a value) and streamed from its files otherwise (numbers sorted in runs, so a task needs a run
// and its sort's spare buffer); as many tasks run at once as fit kOutOfCoreColumnBudget.
void testColumns(DriftAnalysis &a, const data::Table &reference, const data::Table &current)
{
    const DriftRequest &request = a.request;
    std::vector<ColumnTest> tests;
    a.report = planComparison(reference, current, request.options, tests);
    a.distributions.resize(tests.size());
    unsigned threads = request.options.threads;
    const std::uint64_t inCoreMaximum = g_inCoreColumnMaximum.load();
    auto inCoreBytes = [](const ColumnTest &t) { return 32 * std::uint64_t(t.reference->present() + t.current->present()); };
    if (spilled(reference) || spilled(current)) {
        std::uint64_t largest = 1;
        for (const ColumnTest &t : tests) {
            const std::uint64_t streamed =
                16 * std::uint64_t(std::min(SortedRuns::kRunValues, std::max(t.reference->present(), t.current->present()))) + (std::uint64_t(4) << 20);
            largest = std::max(largest, inCoreBytes(t) <= inCoreMaximum ? inCoreBytes(t) : streamed);
        }
        const unsigned cores = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
        threads = unsigned(std::clamp<std::uint64_t>(kOutOfCoreColumnBudget / largest, 1, cores));
    }
    // A numerical pair in memory is summarised once (sorted, or its few values counted) for both
    // the test and the distribution.
    auto test = [&](std::size_t i, const data::Column &ref, const data::Column &cur) {
        if (ref.type == data::ColumnType::Numerical && cur.type == data::ColumnType::Numerical && !ref.spilled && !cur.spilled) {
            const NumericSummary r = summariseNumbers(ref.numbers, true), c = summariseNumbers(cur.numbers, false);
            a.report.columns[i].drift = numericColumnDrift(r, c, tests[i].threshold);
            a.distributions[i] = columnDistribution(ref.name, r, c, 30);
            return;
        }
        a.report.columns[i].drift = runColumnTest(ref, cur, tests[i].threshold);
        a.distributions[i] = columnDistribution(ref, cur, 30, request.histogram);
    };
    parallelFor(tests.size(), threads, [&](std::size_t i) {
        const ColumnTest &t = tests[i];
        if ((t.reference->spilled || t.current->spilled) && inCoreBytes(t) <= inCoreMaximum) {
            test(i, data::inCore(*t.reference), data::inCore(*t.current));
            return;
        }
        test(i, *t.reference, *t.current);
    });
    finishReport(a.report, reference, current, request.options.driftShare);
}

ordered_json qualityJson(const Quality &q)
{
    return ordered_json{{"rows", q.rows},         {"accuracy", number(q.accuracy)}, {"f1", number(q.f1)},
                        {"roc_auc", number(q.rocAuc)}, {"mae", number(q.mae)},       {"rmse", number(q.rmse)}};
}

} // namespace

void setOutOfCoreLimits(std::uint64_t fileBytes, std::uint64_t columnBytes)
{
    g_outOfCoreMinimum = fileBytes;
    g_inCoreColumnMaximum = columnBytes;
}

DriftAnalysis analyseDrift(const DriftRequest &request, const ProgressFn &progress, const CheckpointFn &checkpoint)
{
    if (progress)
        progress(0.0, "reading " + request.reference.filename().string() + " and " + request.current.filename().string());
    // Large files are read out of core: their cells go to temporary files, and memory holds a
    // pair of columns (or a block of rows) at a time, however many rows there are.
    const bool outOfCore = readOutOfCore(request);
    std::optional<MultivariateFit> storedFit; // a profile's
    auto readReference = [&] {
        if (const auto profile = profileName(request.reference.string())) {
            // A profile was read once already: load its stored table instead of parsing again.
            if (request.workspace.empty())
                throwError(ErrorKind::BadInput, "a reference profile (" + request.reference.string() + ") needs a workspace");
            sql::Database db = store::openWorkspaceConnection(request.workspace / store::Workspace::kDatabaseName);
            store::ArtifactStore artifacts(request.workspace / "artifacts");
            ReferenceProfiles profiles(db, artifacts);
            try {
                storedFit = profiles.multivariateFit(*profile);
            } catch (const Error &) {
                // A fit that cannot be read is made again from the table, as for a profile without one.
            }
            return profiles.load(*profile);
        }
        if (outOfCore)
            return data::readDelimitedOutOfCore(request.reference, std::filesystem::temp_directory_path(), request.overrides);
        return data::readTable(request.reference, request.overrides);
    };
    auto readCurrent = [&] {
        if (std::string model; isInferenceLogSource(request.current.string(), &model)) {
            // What `keel serve` logged for a registry model: the rows it was asked about.
            if (request.workspace.empty())
                throwError(ErrorKind::BadInput, "the inference log (" + request.current.string() + ") needs a workspace");
            sql::Database db = store::openWorkspaceConnection(request.workspace / store::Workspace::kDatabaseName);
            return readInferenceLog(db, model);
        }
        if (outOfCore)
            return data::readDelimitedOutOfCore(request.current, std::filesystem::temp_directory_path(), request.overrides);
        return data::readTable(request.current, request.overrides);
    };
    // Both at once; a stored profile only loads, so the current file parses in parts meanwhile.
    auto tables = data::readBoth(readReference, readCurrent, !profileName(request.reference.string()));
    auto &[reference, current] = tables;
    if (checkpoint)
        checkpoint();
    auto step = [&](double from, double to) -> ProgressFn {
        if (!progress)
            return {};
        return [&progress, from, to](double f, const std::string &m) { progress(from + (to - from) * f, m); };
    };
    return analyseDrift(request, reference, current, step(0.4, 1.0), checkpoint, storedFit ? &*storedFit : nullptr);
}

DriftAnalysis analyseDrift(const DriftRequest &request, const data::Table &reference, const data::Table &current,
                           const ProgressFn &progress, const CheckpointFn &checkpoint, const MultivariateFit *referenceFit)
{
    auto report = [&](double f, const std::string &m) {
        if (progress)
            progress(f, m);
        if (checkpoint)
            checkpoint();
    };
    DriftAnalysis a;
    a.request = request;
    if ((spilled(reference) || spilled(current)) && (!request.timeColumn.empty() || request.chunks > 0 || request.quality))
        throwError(ErrorKind::Internal, "drift: windows and model quality need the tables in memory, not read out of core");
    report(0.0, "testing " + std::to_string(reference.columns.size()) + " columns");
    testColumns(a, reference, current);
    report(0.3, "distributions");
    std::vector<RowWindow> windows;
    if (!request.timeColumn.empty())
        windows = windowsByTime(current, request.timeColumn, request.period, &a.untimed);
    else if (request.chunks > 0)
        windows = windowsByChunks(current.rows, request.chunks);
    if (!windows.empty()) {
        report(0.4, "scoring " + std::to_string(windows.size()) + " windows");
        a.windows = compareWindows(reference, current, windows, request.options);
        report(0.7, "reference bands");
        a.bands = columnBands(reference, a.report, std::max<std::size_t>(request.referenceChunks, 2), request.options.threads);
    }
    std::vector<std::string> features;
    for (const ColumnReport &c : a.report.columns)
        features.push_back(c.column);
    if (request.multivariate && features.size() >= 2 && reference.rows > features.size()) {
        report(0.8, "multivariate drift");
        MultivariateOptions options;
        options.columns = features;
        options.referenceChunks = request.referenceChunks;
        // A profile's fit, when it is the one these columns and options ask for.
        a.multivariate = referenceFit && referenceFit->fits(options) ? multivariateDrift(*referenceFit, current, windows)
                                                                      : multivariateDrift(reference, current, windows, options);
    }
    if (request.quality) {
        if (windows.empty())
            windows = windowsByChunks(current.rows, 1); // the whole current data as one window
        report(0.9, "model quality");
        a.quality = conceptDrift(reference, current, windows, *request.quality);
    }
    report(1.0, a.report.datasetDrift ? "dataset drift" : "no dataset drift");
    return a;
}

std::string toJson(const DriftAnalysis &a, int indent)
{
    ordered_json json{{"reference", a.request.reference.string()},
                      {"current", a.request.current.string()},
                      {"reference_rows", a.report.referenceRows},
                      {"current_rows", a.report.currentRows}};
    json.update(reportJson(a.report, &a.distributions, &a.bands));
    if (!a.windows.empty()) {
        if (!a.request.timeColumn.empty()) {
            json["time_column"] = a.request.timeColumn;
            json["period"] = toString(a.request.period);
            json["rows_without_time"] = a.untimed;
        } else {
            json["chunks"] = a.request.chunks;
        }
        ordered_json windows = ordered_json::array();
        for (const WindowReport &w : a.windows) {
            ordered_json o{{"start", w.start}, {"rows", w.rows}};
            o.update(reportJson(w.report, nullptr));
            windows.push_back(std::move(o));
        }
        json["windows"] = std::move(windows);
    }
    if (a.multivariate) {
        const MultivariateDrift &m = *a.multivariate;
        ordered_json windows = ordered_json::array();
        for (const MultivariateWindow &w : m.windows)
            windows.push_back({{"start", w.start}, {"rows", w.rows}, {"reconstruction_error", number(w.error)}, {"alert", w.alert}});
        json["multivariate_drift"] = ordered_json{{"method", "pca_reconstruction_error"},
                                                  {"columns", m.columns},
                                                  {"components", m.components},
                                                  {"explained_variance", m.explainedVariance},
                                                  {"reference_error", m.referenceError},
                                                  {"reference_chunks", m.referenceChunkErrors},
                                                  {"band", {{"mean", m.mean}, {"std", m.stddev}, {"lower", m.lower}, {"upper", m.upper}}},
                                                  {"alerts", m.alerts},
                                                  {"windows", windows}};
    }
    if (a.quality) {
        const ConceptDrift &c = *a.quality;
        ordered_json windows = ordered_json::array();
        for (const QualityWindow &w : c.windows) {
            ordered_json o{{"start", w.start}, {"value", number(w.value)}, {"alert", w.alert}};
            o["quality"] = qualityJson(w.quality);
            windows.push_back(std::move(o));
        }
        json["concept_drift"] = ordered_json{{"target", a.request.quality->target},
                                             {"prediction", a.request.quality->prediction},
                                             {"task", toString(c.task)},
                                             {"probabilities", c.probabilities},
                                             {"positive_label", c.positiveLabel},
                                             {"metric", c.metric},
                                             {"reference", qualityJson(c.reference)},
                                             {"reference_chunks", c.referenceChunkValues},
                                             {"band", {{"mean", c.mean}, {"std", c.stddev}, {"lower", c.lower}, {"upper", c.upper}}},
                                             {"alerts", c.alerts},
                                             {"windows", windows}};
    }
    return json.dump(indent);
}

namespace {

using nlohmann::json;

double numberOr(const json &j, const char *key, double otherwise = std::numeric_limits<double>::quiet_NaN())
{
    const auto it = j.find(key);
    return it == j.end() || it->is_null() ? otherwise : it->get<double>();
}

DriftReport reportFromJson(const json &j, std::vector<ColumnDistribution> *distributions, std::vector<std::optional<ColumnBand>> *bands)
{
    DriftReport r;
    r.driftedColumns = j.at("number_of_drifted_columns").get<std::size_t>();
    r.driftShare = j.at("drift_share").get<double>();
    r.datasetDrift = j.at("dataset_drift").get<bool>();
    r.skipped = j.value("skipped", std::vector<std::string>{});
    for (const json &c : j.at("columns")) {
        ColumnReport col;
        col.column = c.at("column").get<std::string>();
        col.type = data::columnTypeFromString(c.at("type").get<std::string>()).value_or(data::ColumnType::Categorical);
        col.drift.test = c.at("stattest").get<std::string>();
        col.drift.score = numberOr(c, "score");
        col.drift.scoreIsPValue = c.at("score_is_p_value").get<bool>();
        col.drift.threshold = c.at("threshold").get<double>();
        col.drift.drifted = c.at("drift_detected").get<bool>();
        col.referenceMissing = c.value("reference_missing", std::size_t(0));
        col.currentMissing = c.value("current_missing", std::size_t(0));
        if (distributions) {
            ColumnDistribution d;
            d.column = col.column;
            if (const auto it = c.find("distribution"); it != c.end()) {
                d.labels = it->at("bars").get<std::vector<std::string>>();
                d.reference = it->at("reference").get<std::vector<double>>();
                d.current = it->at("current").get<std::vector<double>>();
                if (it->contains("edges")) {
                    d.numeric = true;
                    d.edges = it->at("edges").get<std::vector<double>>();
                }
            }
            distributions->push_back(std::move(d));
        }
        if (bands) {
            std::optional<ColumnBand> band;
            if (const auto it = c.find("reference_band"); it != c.end())
                band = ColumnBand{it->at("chunks").get<std::vector<double>>(), it->at("mean").get<double>(), it->at("std").get<double>(),
                                  it->at("lower").get<double>(), it->at("upper").get<double>()};
            bands->push_back(std::move(band));
        }
        r.columns.push_back(std::move(col));
    }
    return r;
}

Quality qualityFromJson(const json &j)
{
    Quality q;
    q.rows = j.value("rows", std::size_t(0));
    q.accuracy = numberOr(j, "accuracy");
    q.f1 = numberOr(j, "f1");
    q.rocAuc = numberOr(j, "roc_auc");
    q.mae = numberOr(j, "mae");
    q.rmse = numberOr(j, "rmse");
    return q;
}

} // namespace

DriftAnalysis analysisFromJson(const std::string &text)
{
    try {
        const json j = json::parse(text);
        DriftAnalysis a;
        a.request.reference = j.at("reference").get<std::string>();
        a.request.current = j.at("current").get<std::string>();
        a.report = reportFromJson(j, &a.distributions, &a.bands);
        a.report.referenceRows = j.at("reference_rows").get<std::size_t>();
        a.report.currentRows = j.at("current_rows").get<std::size_t>();
        bool anyBand = false;
        for (const auto &b : a.bands)
            anyBand = anyBand || b.has_value();
        if (const auto it = j.find("windows"); it != j.end()) {
            if (j.contains("time_column")) {
                a.request.timeColumn = j.at("time_column").get<std::string>();
                a.request.period = periodFromString(j.at("period").get<std::string>()).value_or(Period::Day);
                a.untimed = j.value("rows_without_time", std::size_t(0));
            } else {
                a.request.chunks = j.value("chunks", std::size_t(0));
            }
            for (const json &w : *it) {
                WindowReport window;
                window.start = w.at("start").get<std::string>();
                window.rows = w.at("rows").get<std::size_t>();
                window.report = reportFromJson(w, nullptr, nullptr);
                window.report.currentRows = window.rows;
                a.windows.push_back(std::move(window));
            }
        }
        if (!anyBand)
            a.bands.clear(); // as the analysis leaves them without windows
        if (const auto it = j.find("multivariate_drift"); it != j.end()) {
            MultivariateDrift m;
            m.columns = it->at("columns").get<std::vector<std::string>>();
            m.components = it->at("components").get<std::size_t>();
            m.explainedVariance = it->at("explained_variance").get<double>();
            m.referenceError = it->at("reference_error").get<double>();
            m.referenceChunkErrors = it->at("reference_chunks").get<std::vector<double>>();
            const json &band = it->at("band");
            m.mean = band.at("mean").get<double>();
            m.stddev = band.at("std").get<double>();
            m.lower = band.at("lower").get<double>();
            m.upper = band.at("upper").get<double>();
            m.alerts = it->at("alerts").get<std::size_t>();
            for (const json &w : it->at("windows"))
                m.windows.push_back({w.at("start").get<std::string>(), w.at("rows").get<std::size_t>(), numberOr(w, "reconstruction_error"),
                                     w.at("alert").get<bool>()});
            a.multivariate = std::move(m);
        }
        if (const auto it = j.find("concept_drift"); it != j.end()) {
            a.request.quality = ConceptDriftOptions{it->at("target").get<std::string>(), it->at("prediction").get<std::string>()};
            ConceptDrift c;
            const std::string task = it->at("task").get<std::string>();
            c.task = task == "regression" ? Task::Regression : Task::Classification;
            c.probabilities = it->at("probabilities").get<bool>();
            c.positiveLabel = it->at("positive_label").get<std::string>();
            c.metric = it->at("metric").get<std::string>();
            c.reference = qualityFromJson(it->at("reference"));
            c.referenceChunkValues = it->at("reference_chunks").get<std::vector<double>>();
            const json &band = it->at("band");
            c.mean = band.at("mean").get<double>();
            c.stddev = band.at("std").get<double>();
            c.lower = band.at("lower").get<double>();
            c.upper = band.at("upper").get<double>();
            c.alerts = it->at("alerts").get<std::size_t>();
            for (const json &w : it->at("windows")) {
                QualityWindow q;
                q.start = w.at("start").get<std::string>();
                q.value = numberOr(w, "value");
                q.alert = w.at("alert").get<bool>();
                q.quality = qualityFromJson(w.at("quality"));
                c.windows.push_back(std::move(q));
            }
            a.quality = std::move(c);
        }
        return a;
    } catch (const json::exception &e) {
        throwError(ErrorKind::Corrupt, std::string("the stored drift report cannot be read: ") + e.what());
    }
}

} // namespace keel::drift
