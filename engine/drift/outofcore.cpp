#include "drift/outofcore.h"

#include "core/error.h"
#include "drift/stattests.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <utility>

namespace keel::drift {
namespace {

// The runs merged: a heap of each run's next value.
class MergedRuns : public AscendingValues {
public:
    MergedRuns(const data::SpilledCells &file, const std::vector<std::size_t> &bounds)
        : m_file(file)
    {
        for (std::size_t r = 0; r + 1 < bounds.size(); ++r) {
            m_runs.push_back({bounds[r], bounds[r + 1], {}, 0});
            if (refill(m_runs.back()))
                m_heads.push({m_runs.back().buffer[0], r});
        }
    }
    bool done() const override { return m_heads.empty(); }
    double peek() const override { return m_heads.top().first; }
    void pop() override
    {
        const std::size_t r = m_heads.top().second;
        m_heads.pop();
        Run &run = m_runs[r];
        if (++run.at == run.buffer.size() && !refill(run))
            return;
        m_heads.push({run.buffer[run.at], r});
    }

private:
    static constexpr std::size_t kBuffer = 4096;
    struct Run {
        std::size_t next, end; // slots not yet buffered
        std::vector<double> buffer;
        std::size_t at;
    };
    bool refill(Run &run)
    {
        if (run.next == run.end)
            return false;
        run.buffer.resize(std::min(kBuffer, run.end - run.next));
        m_file.read(run.next, run.buffer.size(), run.buffer.data());
        run.next += run.buffer.size();
        run.at = 0;
        return true;
    }
    const data::SpilledCells &m_file;
    std::vector<Run> m_runs;
    using Head = std::pair<double, std::size_t>;
    std::priority_queue<Head, std::vector<Head>, std::greater<Head>> m_heads;
};

// A sorted vector's values, one at a time.
class SortedVector : public AscendingValues {
public:
    explicit SortedVector(std::shared_ptr<const std::vector<double>> values)
        : m_values(std::move(values))
    {
    }
    bool done() const override { return m_at == m_values->size(); }
    double peek() const override { return (*m_values)[m_at]; }
    void pop() override { ++m_at; }

private:
    std::shared_ptr<const std::vector<double>> m_values;
    std::size_t m_at = 0;
};

} // namespace

SortedRuns::SortedRuns(const data::SpilledCells &cells, std::size_t runValues)
    : m_runs(cells.folder())
{
    if (runValues == 0)
        throwError(ErrorKind::Internal, "sorted runs of no values");
    if (!cells.numbers)
        throwError(ErrorKind::Internal, "sorted runs of a column without numbers");
    m_runs.reset(true);
    std::vector<double> run;
    run.reserve(std::min(runValues, cells.present));
    auto flush = [&] {
        if (run.empty())
            return;
        sortValues(run);
        m_bounds.push_back(m_runs.rows);
        m_runs.append(run.data(), run.size());
        run.clear();
    };
    cells.forBlocks([&](std::size_t, std::size_t n, const double *v, const std::uint32_t *) {
        for (std::size_t i = 0; i < n; ++i) {
            if (std::isnan(v[i]))
                continue; // missing
            run.push_back(v[i]);
            if (run.size() == runValues)
                flush();
        }
        return true;
    });
    flush();
    m_bounds.push_back(m_runs.rows);
    m_size = m_runs.rows;
}

std::unique_ptr<AscendingValues> SortedRuns::cursor() const
{
    return std::make_unique<MergedRuns>(m_runs, m_bounds);
}

StreamedSample streamedSample(const data::Column &column)
{
    StreamedSample s;
    s.size = column.present();
    if (!column.spilled) {
        const std::span<const double> values(column.numbers);
        s.blocks = [values](const std::function<bool(std::span<const double>)> &fn) { fn(values); };
        auto sorted = std::make_shared<std::shared_ptr<const std::vector<double>>>();
        s.ascending = [values, sorted]() -> std::unique_ptr<AscendingValues> {
            if (!*sorted) {
                auto copy = std::make_shared<std::vector<double>>(values.begin(), values.end());
                sortValues(*copy);
                *sorted = std::move(copy);
            }
            return std::make_unique<SortedVector>(*sorted);
        };
        s.load = [values] { return std::vector<double>(values.begin(), values.end()); };
        return s;
    }
    const std::shared_ptr<const data::SpilledCells> cells = column.spilled;
    const bool dense = column.missing == 0;
    s.blocks = [cells, dense](const std::function<bool(std::span<const double>)> &fn) {
        std::vector<double> present;
        cells->forBlocks([&](std::size_t, std::size_t n, const double *v, const std::uint32_t *) {
            if (dense)
                return fn(std::span<const double>(v, n));
            present.clear();
            for (std::size_t i = 0; i < n; ++i)
                if (!std::isnan(v[i]))
                    present.push_back(v[i]);
            return fn(present);
        });
    };
    // The runs are made when a cursor is first asked for, and kept for the next ones.
    auto runs = std::make_shared<std::shared_ptr<const SortedRuns>>();
    s.ascending = [cells, runs]() {
        if (!*runs)
            *runs = std::make_shared<const SortedRuns>(*cells);
        return (*runs)->cursor();
    };
    const data::Column *source = &column;
    s.load = [source] { return data::inCore(*source).numbers; };
    return s;
}

} // namespace keel::drift
