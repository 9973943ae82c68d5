#pragma once

#include "data/table.h"
#include "drift/conceptdrift.h"
#include "drift/distribution.h"
#include "drift/multivariate.h"
#include "drift/tabledrift.h"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::drift {

// Everything one drift check is asked to do: the command line and the Drift view both fill this.
struct DriftRequest {
    std::filesystem::path reference;                    // a file, or "profile:NAME" for a profile kept in `workspace`
    std::filesystem::path workspace;                    // the workspace folder holding profiles (empty: none)
    std::filesystem::path current;
    std::map<std::string, data::ColumnType> overrides;  // read these columns as this type
    DriftOptions options;
    std::string timeColumn;                             // windows by period of this column...
    Period period = Period::Day;
    std::size_t chunks = 0;                             // ...or, without one, this many row chunks (0: no windows)
    std::optional<ConceptDriftOptions> quality;         // target and prediction columns, when given
    bool multivariate = true;                           // PCA reconstruction error over the tested columns (two or more)
    std::size_t referenceChunks = 10;                   // for the bands of per-column distances, multivariate and quality
    HistogramFn histogram;                              // binning for the charts; empty: on the CPU here
};

// The spread of a column's drift distance over chunks of the reference, each scored against the
// whole reference (NannyML's univariate thresholds): a window past `upper` drifts more than the
// reference ever does with itself. Only for distance tests (Wasserstein, Jensen-Shannon): a
// p-value of the reference against itself says nothing.
struct ColumnBand {
    std::vector<double> chunks;
    double mean = 0, stddev = 0, lower = 0, upper = 0;
};

struct DriftAnalysis {
    DriftRequest request;
    DriftReport report;                                 // the whole current data against the reference
    std::vector<ColumnDistribution> distributions;      // one per report.columns entry, same order
    std::vector<WindowReport> windows;
    std::vector<std::optional<ColumnBand>> bands;       // with windows: one per report.columns entry, for distance tests
    std::size_t untimed = 0;                            // current rows without a timestamp
    std::optional<ConceptDrift> quality;
    std::optional<MultivariateDrift> multivariate;
    bool alert() const { return report.datasetDrift || (quality && quality->alerts > 0) || (multivariate && multivariate->alerts > 0); }
};

using ProgressFn = std::function<void(double fraction, const std::string &message)>;
// Called between steps; throwing from it (a job's stop) abandons the analysis.
using CheckpointFn = std::function<void()>;

// Reads both files (at once, on two threads), compares them, splits the current data into
// windows and scores each, and measures model quality when asked. Throws keel::Error for bad
// input (naming the file, line and column) and whatever `checkpoint` throws.
DriftAnalysis analyseDrift(const DriftRequest &request, const ProgressFn &progress = {}, const CheckpointFn &checkpoint = {});
// Reference and current files adding up to `fileBytes` (256 MiB unless set) are read out of core
// (data::readDelimitedOutOfCore) when the request has no windows and no model quality: the same
// analysis to the last bit, with memory for a few pairs of columns, or blocks of rows, at a time.
// A pair of columns whose test needs at most `columnBytes` (64 MiB unless set; 32 bytes a value)
// is brought into memory for it; larger ones are streamed. Tests set both to compare the paths.
void setOutOfCoreLimits(std::uint64_t fileBytes, std::uint64_t columnBytes);
// The same on tables already read (request.reference and .current are only recorded);
// `referenceFit`: the multivariate fit of `reference` made before (a profile's), used when it is
// the one the check asks for.
DriftAnalysis analyseDrift(const DriftRequest &request, const data::Table &reference, const data::Table &current,
                           const ProgressFn &progress = {}, const CheckpointFn &checkpoint = {}, const MultivariateFit *referenceFit = nullptr);

// The analysis as JSON: Evidently-like names for the dataset part (number_of_drifted_columns,
// share_of_drifted_columns, dataset_drift), one object per column (stattest, score, threshold,
// drift_detected, the bars of its distribution), the windows and the quality drift.
std::string toJson(const DriftAnalysis &analysis, int indent = 2);
// The analysis back from what toJson wrote (a stored report, opened again): everything the
// views show. Throws keel::Error (Corrupt) naming the field that is missing or of the wrong kind.
DriftAnalysis analysisFromJson(const std::string &json);

} // namespace keel::drift
