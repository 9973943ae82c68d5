#pragma once

#include "data/table.h"
#include "drift/columndrift.h"

#include <cstddef>
#include <memory>
#include <vector>

namespace keel::drift {

// A spilled numerical column's present values in ascending order without holding them: runs of
// kRunValues are sorted in memory (sortValues) and written to a temporary file beside the
// column's, and each cursor merges the runs as it reads them, a buffer per run.
class SortedRuns {
public:
    static constexpr std::size_t kRunValues = std::size_t(1) << 21; // 16 MiB a run, and as much to sort it
    explicit SortedRuns(const data::SpilledCells &cells, std::size_t runValues = kRunValues);
    std::size_t size() const { return m_size; }
    std::unique_ptr<AscendingValues> cursor() const;

private:
    data::SpilledCells m_runs;
    std::vector<std::size_t> m_bounds; // run r holds slots m_bounds[r] .. m_bounds[r + 1] − 1
    std::size_t m_size = 0;
};

// A numerical column as the streamed tests read it: its present values a block at a time and,
// when first asked, its sorted runs. A column in memory is read in place (and sorted as a copy).
StreamedSample streamedSample(const data::Column &column);

} // namespace keel::drift
