#pragma once

#include "data/table.h"
#include "drift/columndrift.h"

#include <filesystem>
#include <limits>
#include <utility>
#include <string>
#include <vector>

namespace keel::drift {

// Training-serving skew: the same features computed twice (offline for training, online at
// serving time), joined on an entity key. Per feature: how often the two disagree, by how much,
// and whether their distributions over the joined rows differ (Evidently's default test).
struct SkewOptions {
    std::string key;                  // the entity id column, in both tables
    std::vector<std::string> columns; // empty: every column in both but the key
    double absoluteTolerance = 1e-9;  // numbers agree when |a - b| ≤ abs + rel·|a| (numpy.isclose's rule)
    double relativeTolerance = 1e-6;
    double maxMismatchRate = 0.01;    // a feature is skewed above this share of disagreeing rows...
    bool testDistributions = true;    // ...or when its two distributions drift
};

struct FeatureSkew {
    std::string column;
    data::ColumnType type = data::ColumnType::Categorical;
    std::size_t compared = 0;         // joined rows with a value on at least one side
    std::size_t mismatches = 0;       // values that disagree, a value against a missing one included
    std::size_t missingOffline = 0;   // present online only
    std::size_t missingOnline = 0;    // present offline only
    double mismatchRate = 0;
    double maxAbsDifference = std::numeric_limits<double>::quiet_NaN(); // numerical features
    double meanAbsDifference = std::numeric_limits<double>::quiet_NaN();
    std::string example;              // one disagreeing key, to look at
    ColumnDrift distribution;         // offline against online values over the joined rows
    bool distributionTested = false;
    bool skewed = false;
};

struct SkewReport {
    std::size_t offlineRows = 0, onlineRows = 0;
    std::size_t joined = 0;           // keys in both
    std::size_t onlyOffline = 0, onlyOnline = 0;
    std::size_t duplicateOffline = 0, duplicateOnline = 0; // repeated keys (the first row of each is used)
    std::size_t missingKeys = 0;      // rows without a key, left out
    std::vector<FeatureSkew> features;
    std::vector<std::string> skipped;
    std::size_t skewedFeatures = 0;
};

// Throws keel::Error naming the column when the key or a named column is missing from either
// table, or a feature is numerical on one side only.
SkewReport compareSkew(const data::Table &offline, const data::Table &online, const SkewOptions &options);

std::string toJson(const SkewReport &report, int indent = 2);

// The two sides of a skew check, read at once: CSV, TSV or JSON Lines files, or for either side
// serve-log:NAME, what `keel serve` logged for registry model NAME in `workspace`. The key column
// and `categorical` columns read as categories ("007" stays "007"). Throws keel::Error naming the
// file, line and column.
std::pair<data::Table, data::Table> readSkewInputs(const std::string &offline, const std::string &online, const std::string &key,
                                                   const std::vector<std::string> &categorical, const std::filesystem::path &workspace);

} // namespace keel::drift
