#include "pipeline/noderegistry.h"
#include "pipeline/nodes/nodehelpers.h"

#include "core/error.h"
#include "data/table.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace keel::pipeline {

namespace {

// Fisher-Yates with a 64-bit Mersenne Twister: the same seed gives the same split everywhere.
std::vector<std::uint32_t> shuffled(std::vector<std::uint32_t> rows, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    for (std::size_t i = rows.size(); i > 1; --i)
        std::swap(rows[i - 1], rows[std::uniform_int_distribution<std::size_t>(0, i - 1)(rng)]);
    return rows;
}

} // namespace

NodeType splitNode()
{
    NodeType t;
    t.id = "split";
    t.title = KEEL_UI_TEXT("keel::pipeline", "Split");
    t.category = KEEL_UI_TEXT("keel::pipeline", "Data");
    t.description = KEEL_UI_TEXT("keel::pipeline", "Splits the rows into training and test sets: at random, stratified by a column (each class in the same "
                    "proportion in both), or by time (the latest rows are the test set). The test set has ceil(test_size x rows) "
                    "rows, as scikit-learn's train_test_split; both keep the file's row order.");
    t.inputs = {{"dataset", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the rows to split")}};
    t.outputs = {{"train", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the training rows")}, {"test", PortType::Dataset, true, KEEL_UI_TEXT("keel::pipeline", "the test rows")}};
    t.params = {
        {"method", ParamSpec::Kind::Choice, false, "random", {"random", "stratified", "time"}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "how rows are chosen")},
        {"test_size", ParamSpec::Kind::Number, false, 0.25, {}, 0.0, 1.0, KEEL_UI_TEXT("keel::pipeline", "the share of rows for the test set")},
        {"seed", ParamSpec::Kind::Integer, false, 42, {}, 0.0, {}, KEEL_UI_TEXT("keel::pipeline", "for random and stratified splits")},
        {"column", ParamSpec::Kind::String, false, nullptr, {}, {}, {}, KEEL_UI_TEXT("keel::pipeline", "the class column (stratified) or the time column (time)")},
    };
    t.run = [](NodeContext &ctx) {
        const data::Table &table = *ctx.required("dataset").table;
        const double share = ctx.number("test_size");
        if (!(share > 0 && share < 1))
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": test_size must be between 0 and 1, not " + ctx.param("test_size").dump());
        const std::size_t n = table.rows;
        const auto testCount = std::size_t(std::ceil(share * double(n)));
        if (n < 2 || testCount >= n)
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": " + std::to_string(n) + " rows cannot be split with test_size " +
                                                ctx.param("test_size").dump());
        const std::string method = ctx.text("method");
        const auto seed = std::uint64_t(ctx.number("seed"));
        std::vector<std::uint32_t> all(n);
        std::iota(all.begin(), all.end(), 0u);
        std::vector<char> isTest(n, 0);
        if (method == "random") {
            const auto order = shuffled(all, seed);
            for (std::size_t i = 0; i < testCount; ++i)
                isTest[order[i]] = 1;
        } else if (method == "stratified") {
            const std::string column = ctx.text("column");
            if (column.empty())
                throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": a stratified split needs \"column\", the class column");
            const auto labels = labelsOf(table, column);
            std::map<std::string, std::vector<std::uint32_t>> byClass;
            for (std::uint32_t r = 0; r < n; ++r)
                byClass[labels[r].value_or(std::string())].push_back(r);
            // Each class gets floor(share x its rows); the rows left go to the classes with the
            // largest remainders, so the total is testCount.
            std::vector<std::pair<double, std::string>> remainders;
            std::map<std::string, std::size_t> take;
            std::size_t taken = 0;
            for (const auto &[label, rows] : byClass) {
                const double exact = share * double(rows.size());
                take[label] = std::size_t(std::floor(exact));
                taken += take[label];
                remainders.emplace_back(exact - std::floor(exact), label);
            }
            std::stable_sort(remainders.begin(), remainders.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
            for (std::size_t i = 0; taken < testCount && i < remainders.size(); ++i, ++taken)
                ++take[remainders[i].second];
            std::uint64_t classSeed = seed;
            for (const auto &[label, rows] : byClass) {
                const auto order = shuffled(rows, classSeed++);
                for (std::size_t i = 0; i < take[label] && i < order.size(); ++i)
                    isTest[order[i]] = 1;
            }
        } else if (method == "time") {
            const std::string column = ctx.text("column");
            const data::Column &c = requireColumn(table, column, "the time column");
            std::vector<std::pair<std::string, std::uint32_t>> keyed;
            std::vector<double> number(n, -INFINITY);
            std::vector<std::string> text(n);
            for (std::size_t i = 0; i < c.present(); ++i) {
                if (c.type == data::ColumnType::Numerical)
                    number[c.row(i)] = c.numbers[i];
                else
                    text[c.row(i)] = c.text(i); // ISO-8601 times sort as text
            }
            std::vector<std::uint32_t> order = all;
            std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
                return c.type == data::ColumnType::Numerical ? number[a] < number[b] : text[a] < text[b];
            });
            for (std::size_t i = n - testCount; i < n; ++i)
                isTest[order[i]] = 1;
        } else {
            throwError(ErrorKind::BadInput, "node \"" + ctx.nodeId() + "\": method must be random, stratified or time, not \"" + method + "\"");
        }
        std::vector<std::uint32_t> train, test;
        for (std::uint32_t r = 0; r < n; ++r)
            (isTest[r] ? test : train).push_back(r);
        ctx.log(method + " split: " + std::to_string(train.size()) + " training rows, " + std::to_string(test.size()) + " test rows");
        ctx.output("train", tableValue(data::takeRows(table, train)));
        ctx.output("test", tableValue(data::takeRows(table, test)));
    };
    return t;
}

} // namespace keel::pipeline
