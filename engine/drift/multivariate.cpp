#include "drift/multivariate.h"

#include "core/error.h"
#include "drift/stattests.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <thread>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include <nlohmann/json.hpp>

namespace keel::drift {
namespace {

using data::ColumnType;

// How one feature becomes a number: its encoding and imputation, learnt from the reference.
using Encoder = FeatureEncoding;

// Encoded values of one column, row by row in ascending order, without materialising the column:
// a cursor over its present cells (missing rows take the imputed value), or over the slots of a
// spilled column, read a buffer at a time.
class ColumnCursor {
public:
    ColumnCursor(const data::Column &column, const Encoder &encoder, std::size_t firstRow)
        : m_column(column)
        , m_encoder(encoder)
    {
        if (column.spilled)
            m_next = firstRow;
        else if (!column.rowOf.empty())
            m_next = std::size_t(std::lower_bound(column.rowOf.begin(), column.rowOf.end(), std::uint32_t(firstRow)) - column.rowOf.begin());
        else
            m_next = firstRow;
        if (!encoder.numeric && column.categories) {
            m_codeValue.resize(column.categories->size());
            for (std::size_t i = 0; i < m_codeValue.size(); ++i) {
                const auto it = encoder.share.find((*column.categories)[i]);
                m_codeValue[i] = it == encoder.share.end() ? 0.0 : it->second;
            }
        }
    }

    // The values of rows first .. first + n − 1 into `out`, standardised: (value − mean) / scale.
    // Rows must come in ascending order, as for at().
    void fill(std::size_t first, std::size_t n, double mean, double scale, double *out)
    {
        if (m_column.spilled) {
            const data::SpilledCells &cells = *m_column.spilled;
            if (first < m_bufferFirst || first + n > m_bufferFirst + m_bufferRows) {
                m_bufferFirst = first;
                m_bufferRows = std::min(kBufferRows, cells.rows - first);
                if (cells.numbers)
                    m_numbers.resize(kBufferRows);
                else
                    m_codes.resize(kBufferRows);
                cells.read(first, m_bufferRows, cells.numbers ? static_cast<void *>(m_numbers.data()) : static_cast<void *>(m_codes.data()));
            }
            const std::size_t at = first - m_bufferFirst;
            const double fill = m_encoder.fill;
            if (cells.numbers && m_encoder.numeric) {
                const double *v = m_numbers.data() + at;
                for (std::size_t i = 0; i < n; ++i)
                    out[i] = ((std::isnan(v[i]) ? fill : v[i]) - mean) / scale;
            } else if (cells.numbers) { // a non-numerical column with no values: all imputed
                for (std::size_t i = 0; i < n; ++i)
                    out[i] = (fill - mean) / scale;
            } else {
                const std::uint32_t *c = m_codes.data() + at;
                for (std::size_t i = 0; i < n; ++i)
                    out[i] = ((c[i] == data::SpilledCells::kMissingCode ? fill : m_codeValue[c[i]]) - mean) / scale;
            }
            return;
        }
        if (m_column.rowOf.empty() && m_column.missing == 0 && m_next == first) { // dense: no lookups
            if (m_encoder.numeric) {
                const double *v = m_column.numbers.data() + first;
                for (std::size_t i = 0; i < n; ++i)
                    out[i] = (v[i] - mean) / scale;
            } else {
                const std::uint32_t *c = m_column.codes.data() + first;
                for (std::size_t i = 0; i < n; ++i)
                    out[i] = (m_codeValue[c[i]] - mean) / scale;
            }
            m_next += n;
            return;
        }
        for (std::size_t i = 0; i < n; ++i)
            out[i] = (at(first + i) - mean) / scale;
    }

    // The value at `row`; rows must come in ascending order.
    double at(std::size_t row)
    {
        const std::size_t n = m_column.present();
        if (m_next >= n || m_column.row(m_next) != row)
            return m_encoder.fill;
        const std::size_t i = m_next++;
        return m_encoder.numeric ? m_column.numbers[i] : m_codeValue[m_column.codes[i]];
    }

private:
    const data::Column &m_column;
    const Encoder &m_encoder;
    std::size_t m_next = 0;
    std::vector<double> m_codeValue; // category code → its reference share
    static constexpr std::size_t kBufferRows = 8192;
    std::size_t m_bufferFirst = 0, m_bufferRows = 0; // spilled: the rows in the buffer
    std::vector<double> m_numbers;
    std::vector<std::uint32_t> m_codes;
};

Encoder learn(const data::Table &reference, const data::Column &column)
{
    Encoder e;
    e.numeric = column.type == ColumnType::Numerical;
    if (e.numeric) {
        double sum = 0;
        if (column.spilled) { // the same sum, in the same order
            column.spilled->forBlocks([&](std::size_t, std::size_t n, const double *v, const std::uint32_t *) {
                for (std::size_t i = 0; i < n; ++i)
                    if (!std::isnan(v[i]))
                        sum += v[i];
                return true;
            });
        } else {
            for (double v : column.numbers)
                sum += v;
        }
        const std::size_t present = column.present();
        e.fill = present == 0 ? 0.0 : sum / double(present);
        return e;
    }
    std::vector<double> counts(column.categories ? column.categories->size() : 0, 0.0);
    if (column.spilled) {
        if (!column.spilled->numbers) // (numbers in a non-numerical column's file: every cell missing)
            column.spilled->forBlocks([&](std::size_t, std::size_t n, const double *, const std::uint32_t *c) {
                for (std::size_t i = 0; i < n; ++i)
                    if (c[i] != data::SpilledCells::kMissingCode)
                        counts[c[i]] += 1;
                return true;
            });
    } else {
        for (std::uint32_t c : column.codes)
            counts[c] += 1;
    }
    // The encoder is fitted on the imputed column: missing cells count as the mode.
    std::size_t mode = 0;
    for (std::size_t i = 1; i < counts.size(); ++i)
        if (counts[i] > counts[mode] || (counts[i] == counts[mode] && (*column.categories)[i] < (*column.categories)[mode]))
            mode = i;
    if (!counts.empty())
        counts[mode] += double(column.missing);
    for (std::size_t i = 0; i < counts.size(); ++i)
        e.share[(*column.categories)[i]] = counts[i] / double(reference.rows);
    e.fill = counts.empty() ? 0.0 : counts[mode] / double(reference.rows);
    return e;
}

// The row-wise kernels below run on blocks of rows, column-major (value j of row i at
// x[j * kBlock + i]), so each loop runs along the rows of a block and vectorises; every sum keeps
// the order it had row by row (over j, then over c, ascending), and the file is built without
// contracting multiplies and adds, so a report is the same on every kernel set.
constexpr std::size_t kBlock = 64;

#if defined(__x86_64__) && defined(__GNUC__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define KEEL_ROW_KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#endif
#endif
#ifndef KEEL_ROW_KERNEL
#define KEEL_ROW_KERNEL
#endif

// Whether reconstructionErrors projects on the d − k eigenvectors left out (fewer products than
// projecting on the k kept and rebuilding).
bool projectOnRest(std::size_t d, std::size_t k)
{
    return d - k < 2 * k;
}

// Adds the block's products (x_a − μ_a)(x_b − μ_b), b ≥ a, to the upper triangle of `cov`
// (d×d), row by row; `centred` is scratch for one row per block row (n×d).
KEEL_ROW_KERNEL void addCovariance(const double *x, std::size_t n, std::size_t d, const double *means, double *centred, double *cov)
{
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t i = 0; i < n; ++i)
            centred[i * d + j] = x[j * kBlock + i] - means[j];
    for (std::size_t i = 0; i < n; ++i) {
        const double *row = &centred[i * d];
        for (std::size_t a = 0; a < d; ++a) {
            const double xa = row[a];
            double *c = &cov[a * d];
            for (std::size_t b = a; b < d; ++b)
                c[b] += xa * row[b];
        }
    }
}

// out[o] += Σ_r w[r * stride + o] · in[r], over the input rows r in ascending order, for
// `outs` output rows of a block (n values each, kBlock apart). Four outputs by eight block rows
// at a time are summed in registers over every r (each sum still adds its products in order of r,
// so the bits are those of the plain loop, which takes what is left).
KEEL_ROW_KERNEL void addWeighted(const double *in, std::size_t ins, const double *w, std::size_t stride, double *out, std::size_t outs,
                                 std::size_t n)
{
    constexpr std::size_t kOuts = 4, kRows = 8;
    const std::size_t fullOuts = outs / kOuts * kOuts, fullRows = n / kRows * kRows;
    for (std::size_t o0 = 0; o0 < fullOuts; o0 += kOuts)
        for (std::size_t i0 = 0; i0 < fullRows; i0 += kRows) {
            double acc[kOuts][kRows];
            for (std::size_t o = 0; o < kOuts; ++o)
                for (std::size_t i = 0; i < kRows; ++i)
                    acc[o][i] = out[(o0 + o) * kBlock + i0 + i];
            for (std::size_t r = 0; r < ins; ++r) {
                const double *x = &in[r * kBlock + i0];
                const double *weights = &w[r * stride + o0];
                for (std::size_t o = 0; o < kOuts; ++o) {
                    const double weight = weights[o];
                    for (std::size_t i = 0; i < kRows; ++i)
                        acc[o][i] += weight * x[i];
                }
            }
            for (std::size_t o = 0; o < kOuts; ++o)
                for (std::size_t i = 0; i < kRows; ++i)
                    out[(o0 + o) * kBlock + i0 + i] = acc[o][i];
        }
    // The rest: outputs past the last four (every row), and rows past the last eight (the first outputs).
    for (std::size_t r = 0; r < ins; ++r) {
        const double *x = &in[r * kBlock];
        for (std::size_t o = 0; o < outs; ++o) {
            const double weight = w[r * stride + o];
            double *y = &out[o * kBlock];
            for (std::size_t i = o < fullOuts ? fullRows : 0; i < n; ++i)
                y[i] += weight * x[i];
        }
    }
}

// Each block row's reconstruction error ‖(x − μ) − V_k V_kᵀ (x − μ)‖ into `error` (n values).
// `v` holds the d eigenvectors as columns (v[j * d + c]), `vt` the first k of them as rows;
// `centred`, `rebuilt` (d×kBlock) and `scores` (max(k, d − k)×kBlock) are scratch. The d
// eigenvectors are an orthonormal basis, so what the first k leave out is the part along the
// other d − k: ‖(x − μ) − V_k V_kᵀ (x − μ)‖ = ‖V_restᵀ (x − μ)‖. That costs d·(d − k) products
// a row against 2·d·k for projecting and rebuilding, and adds squares without cancelling; the
// cheaper of the two runs.
KEEL_ROW_KERNEL void reconstructionErrors(const double *x, std::size_t n, std::size_t d, std::size_t k, const double *means, const double *v,
                                          const double *vt, double *centred, double *scores, double *rebuilt, double *error)
{
    for (std::size_t j = 0; j < d; ++j)
        for (std::size_t i = 0; i < n; ++i)
            centred[j * kBlock + i] = x[j * kBlock + i] - means[j];
    std::fill(error, error + n, 0.0);
    if (projectOnRest(d, k)) {
        const std::size_t rest = d - k;
        std::fill(scores, scores + rest * kBlock, 0.0);
        addWeighted(centred, d, v + k, d, scores, rest, n); // scores = V_restᵀ (x − μ)
        for (std::size_t c = 0; c < rest; ++c) {
            const double *sc = &scores[c * kBlock];
            for (std::size_t i = 0; i < n; ++i)
                error[i] += sc[i] * sc[i];
        }
    } else {
        std::fill(scores, scores + k * kBlock, 0.0);
        addWeighted(centred, d, v, d, scores, k, n); // scores = V_kᵀ (x − μ)
        std::fill(rebuilt, rebuilt + d * kBlock, 0.0);
        addWeighted(scores, k, vt, d, rebuilt, d, n); // rebuilt = V_k scores
        for (std::size_t j = 0; j < d; ++j) {
            const double *cj = &centred[j * kBlock], *rj = &rebuilt[j * kBlock];
            for (std::size_t i = 0; i < n; ++i)
                error[i] += (cj[i] - rj[i]) * (cj[i] - rj[i]);
        }
    }
    for (std::size_t i = 0; i < n; ++i)
        error[i] = std::sqrt(error[i]);
}

} // namespace

void symmetricEigen(std::vector<double> a, std::size_t n, std::vector<double> &values, std::vector<double> &vectors)
{
    vectors.assign(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        vectors[i * n + i] = 1.0;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0, diag = 0;
        for (std::size_t p = 0; p < n; ++p) {
            diag += a[p * n + p] * a[p * n + p];
            for (std::size_t q = p + 1; q < n; ++q)
                off += a[p * n + q] * a[p * n + q];
        }
        if (off <= 1e-30 * std::max(diag, 1e-300))
            break;
        for (std::size_t p = 0; p < n; ++p) {
            for (std::size_t q = p + 1; q < n; ++q) {
                const double apq = a[p * n + q];
                if (std::fabs(apq) < 1e-300)
                    continue;
                const double theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (std::size_t k = 0; k < n; ++k) { // A ← A·J
                    const double akp = a[k * n + p], akq = a[k * n + q];
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) { // A ← Jᵀ·A
                    const double apk = a[p * n + k], aqk = a[q * n + k];
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for (std::size_t k = 0; k < n; ++k) { // V ← V·J
                    const double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
                    vectors[k * n + p] = c * vkp - s * vkq;
                    vectors[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return a[x * n + x] > a[y * n + y]; });
    values.resize(n);
    std::vector<double> sorted(n * n);
    for (std::size_t j = 0; j < n; ++j) {
        values[j] = a[order[j] * n + order[j]];
        for (std::size_t k = 0; k < n; ++k)
            sorted[k * n + j] = vectors[k * n + order[j]];
    }
    vectors = std::move(sorted);
}

namespace {

// Each task reads its range of rows in blocks (column-major, standardised with the encoders' mean
// and scale as they stand) and hands each block to `visit`.
void forBlocks(const data::Table &table, const std::vector<const data::Column *> &columns, const std::vector<Encoder> &encoders,
               std::size_t parts, const std::function<void(std::size_t part, std::size_t firstRow, std::size_t count, const double *x)> &visit)
{
    const std::size_t d = columns.size();
    parallelFor(parts, 0, [&](std::size_t part) {
        const std::size_t begin = part * table.rows / parts, end = (part + 1) * table.rows / parts;
        std::vector<ColumnCursor> cursors;
        cursors.reserve(d);
        for (std::size_t j = 0; j < d; ++j)
            cursors.emplace_back(*columns[j], encoders[j], begin);
        std::vector<double> x(d * kBlock);
        for (std::size_t first = begin; first < end; first += kBlock) {
            const std::size_t n = std::min(kBlock, end - first);
            for (std::size_t j = 0; j < d; ++j)
                cursors[j].fill(first, n, encoders[j].mean, encoders[j].scale, &x[j * kBlock]);
            visit(part, first, n, x.data());
        }
    });
}

std::size_t rangesFor(std::size_t rows)
{
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    return std::min<std::size_t>(threads * 4, std::max<std::size_t>(rows / 4096, 1));
}

// Mean reconstruction error per group of rows (a chunk of the reference, a window of the current
// data), summed in row order within each range; `groupOf(row)`: the row's group, or −1 for none.
// `total`: the mean over every row.
template<typename GroupOf>
std::vector<double> groupMeans(const MultivariateFit &fit, const data::Table &table, const std::vector<const data::Column *> &columns,
                               const GroupOf &groupOf, std::size_t groups, double *total)
{
    const std::size_t d = fit.columns.size(), k = fit.components;
    std::vector<double> vt(k * d);
    for (std::size_t c = 0; c < k; ++c)
        for (std::size_t j = 0; j < d; ++j)
            vt[c * d + j] = fit.eigenvectors[j * d + c];
    const std::size_t parts = rangesFor(table.rows);
    std::vector<std::vector<double>> sums(parts, std::vector<double>(groups + 1, 0.0));
    std::vector<std::vector<std::size_t>> counts(parts, std::vector<std::size_t>(groups + 1, 0));
    struct Scratch {
        std::vector<double> centred, scores, rebuilt, error;
    };
    std::vector<Scratch> scratch(parts, Scratch{std::vector<double>(d * kBlock), std::vector<double>(std::max(k, d - k) * kBlock),
                                                std::vector<double>(d * kBlock), std::vector<double>(kBlock)});
    forBlocks(table, columns, fit.encoders, parts, [&](std::size_t part, std::size_t first, std::size_t n, const double *x) {
        Scratch &t = scratch[part];
        reconstructionErrors(x, n, d, k, fit.means.data(), fit.eigenvectors.data(), vt.data(), t.centred.data(), t.scores.data(),
                             t.rebuilt.data(), t.error.data());
        for (std::size_t i = 0; i < n; ++i) {
            const double e = t.error[i];
            sums[part][groups] += e; // the whole table
            counts[part][groups] += 1;
            if (const std::int64_t g = groupOf(first + i); g >= 0) {
                sums[part][std::size_t(g)] += e;
                counts[part][std::size_t(g)] += 1;
            }
        }
    });
    std::vector<double> means(groups, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t g = 0; g <= groups; ++g) {
        double s = 0;
        std::size_t n = 0;
        for (std::size_t p = 0; p < parts; ++p) {
            s += sums[p][g];
            n += counts[p][g];
        }
        if (g == groups) {
            if (total)
                *total = n ? s / double(n) : 0.0;
        } else if (n) {
            means[g] = s / double(n);
        }
    }
    return means;
}

} // namespace

bool MultivariateFit::fits(const MultivariateOptions &options) const
{
    return options.columns == columns && options.varianceKept == varianceKept &&
           std::min(std::max<std::size_t>(options.referenceChunks, 1), std::max<std::size_t>(referenceRows, 1)) == referenceChunks;
}

MultivariateFit fitMultivariate(const data::Table &reference, const MultivariateOptions &options)
{
    const std::size_t d = options.columns.size();
    if (d < 2)
        throwError(ErrorKind::BadInput, "multivariate drift needs at least two columns");
    if (reference.rows <= d)
        throwError(ErrorKind::BadInput, "multivariate drift needs more reference rows (" + std::to_string(reference.rows) + ") than columns (" +
                                            std::to_string(d) + ")");
    if (!(options.varianceKept > 0 && options.varianceKept < 1))
        throwError(ErrorKind::BadInput, "the share of variance to keep must lie in (0, 1)");
    MultivariateFit fit;
    fit.columns = options.columns;
    fit.varianceKept = options.varianceKept;
    fit.referenceRows = reference.rows;

    // Encoders from the reference; tables are then read row by row through cursors, so memory
    // stays at a few vectors of the columns' count however many rows there are.
    std::vector<const data::Column *> refColumns(d);
    std::vector<Encoder> &encoders = fit.encoders;
    encoders.resize(d);
    for (std::size_t j = 0; j < d; ++j) {
        refColumns[j] = reference.column(options.columns[j]);
        if (!refColumns[j])
            throwError(ErrorKind::BadInput, "column \"" + options.columns[j] + "\" is not in the reference");
        encoders[j] = learn(reference, *refColumns[j]);
    }
    // Rows split into ranges, one per task; each task keeps its own cursors and sums.
    const std::size_t ranges = rangesFor(reference.rows);
    // Per-column sums of the values over the reference's rows, in row order within each range.
    auto columnSums = [&] {
        std::vector<std::vector<double>> sums(ranges, std::vector<double>(d, 0.0));
        forBlocks(reference, refColumns, encoders, ranges, [&](std::size_t part, std::size_t, std::size_t n, const double *x) {
            for (std::size_t j = 0; j < d; ++j) {
                double s = sums[part][j];
                for (std::size_t i = 0; i < n; ++i)
                    s += x[j * kBlock + i];
                sums[part][j] = s;
            }
        });
        std::vector<double> total(d, 0.0);
        for (std::size_t j = 0; j < d; ++j) {
            double s = 0;
            for (const auto &p : sums)
                s += p[j];
            total[j] = s;
        }
        return total;
    };
    // Standardisation and the PCA's covariance in two passes: the encoded reference's means, then
    // the products of its centred values u = x − mean, summed per range. Their squares give the
    // population standard deviations s (scikit-learn's StandardScaler; the same sums, in the same
    // order, as summing the squares alone), and all of them the covariance of the standardised
    // values, (S_ab − T_a·T_b / n) / (s_a·s_b) / (n − 1), T being the sums of u (≈ 0).
    const double rows = double(reference.rows);
    std::vector<double> &means = fit.means;
    std::vector<double> cov(d * d, 0.0);
    means.assign(d, 0.0);
    {
        const std::vector<double> sums = columnSums();
        for (std::size_t j = 0; j < d; ++j)
            encoders[j].mean = sums[j] / rows;
        std::vector<std::vector<double>> products(ranges, std::vector<double>(d * d, 0.0)), centred(ranges, std::vector<double>(d, 0.0));
        std::vector<std::vector<double>> scratch(ranges, std::vector<double>(kBlock * d));
        const std::vector<double> zero(d, 0.0);
        forBlocks(reference, refColumns, encoders, ranges, [&](std::size_t part, std::size_t, std::size_t n, const double *x) {
            addCovariance(x, n, d, zero.data(), scratch[part].data(), products[part].data());
            for (std::size_t j = 0; j < d; ++j) {
                double t = centred[part][j];
                for (std::size_t i = 0; i < n; ++i)
                    t += x[j * kBlock + i];
                centred[part][j] = t;
            }
        });
        std::vector<double> S(d * d, 0.0), T(d, 0.0);
        for (std::size_t p = 0; p < ranges; ++p) {
            for (std::size_t a = 0; a < d; ++a) {
                T[a] += centred[p][a];
                for (std::size_t b = a; b < d; ++b)
                    S[a * d + b] += products[p][a * d + b];
            }
        }
        for (std::size_t j = 0; j < d; ++j) {
            const double sd = std::sqrt(S[j * d + j] / rows);
            encoders[j].scale = sd > 1e-300 ? sd : 1.0; // scikit-learn leaves constant columns unscaled
            means[j] = T[j] / rows / encoders[j].scale;  // the standardised values' means
        }
        for (std::size_t a = 0; a < d; ++a)
            for (std::size_t b = a; b < d; ++b)
                cov[a * d + b] = cov[b * d + a] = (S[a * d + b] - T[a] * T[b] / rows) / (encoders[a].scale * encoders[b].scale) / (rows - 1);
    }
    std::vector<double> eigenvalues;
    symmetricEigen(cov, d, eigenvalues, fit.eigenvectors);
    const double total = std::accumulate(eigenvalues.begin(), eigenvalues.end(), 0.0);
    // scikit-learn: the fewest components whose cumulative share exceeds the target.
    double cumulative = 0;
    std::size_t k = 0;
    while (k < d) {
        cumulative += std::max(eigenvalues[k], 0.0) / total;
        ++k;
        if (cumulative > options.varianceKept)
            break;
    }
    fit.components = k;
    fit.explainedVariance = cumulative;

    // Each reference row's reconstruction error ‖(x − μ) − V_k V_kᵀ (x − μ)‖, summed per chunk in
    // row order; the chunks by arithmetic, so no list of every row is made.
    fit.referenceChunks = std::min(std::max<std::size_t>(options.referenceChunks, 1), std::max<std::size_t>(reference.rows, 1));
    const auto chunkOf = [&](std::size_t row) { return std::int64_t(chunkOfRow(row, reference.rows, fit.referenceChunks)); };
    fit.referenceChunkErrors = groupMeans(fit, reference, refColumns, chunkOf, fit.referenceChunks, &fit.referenceError);
    const MeanStd spread = meanAndStd(fit.referenceChunkErrors);
    fit.mean = spread.mean;
    fit.stddev = spread.stddev;
    fit.lower = std::max(0.0, fit.mean - 3 * fit.stddev);
    fit.upper = fit.mean + 3 * fit.stddev;
    return fit;
}

MultivariateDrift multivariateDrift(const MultivariateFit &fit, const data::Table &current, const std::vector<RowWindow> &windows)
{
    const std::size_t d = fit.columns.size();
    std::vector<const data::Column *> curColumns(d);
    for (std::size_t j = 0; j < d; ++j) {
        const std::string &name = fit.columns[j];
        curColumns[j] = current.column(name);
        if (!curColumns[j])
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the current data");
        if (fit.encoders[j].numeric != (curColumns[j]->type == ColumnType::Numerical))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is numerical on one side only");
    }
    MultivariateDrift result;
    result.columns = fit.columns;
    result.components = fit.components;
    result.explainedVariance = fit.explainedVariance;
    result.referenceError = fit.referenceError;
    result.referenceChunkErrors = fit.referenceChunkErrors;
    result.mean = fit.mean;
    result.stddev = fit.stddev;
    result.lower = fit.lower;
    result.upper = fit.upper;

    std::vector<std::int32_t> windowOf;
    if (!windows.empty()) {
        windowOf.assign(current.rows, -1);
        for (std::size_t w = 0; w < windows.size(); ++w)
            for (std::uint32_t r : windows[w].rows)
                if (r < current.rows)
                    windowOf[r] = std::int32_t(w);
    }
    const std::size_t windowCount = windows.empty() ? 1 : windows.size();
    const std::vector<double> windowErrors =
        windows.empty() ? groupMeans(fit, current, curColumns, [](std::size_t) { return std::int64_t(0); }, 1, nullptr)
                        : groupMeans(fit, current, curColumns, [&](std::size_t row) { return std::int64_t(windowOf[row]); }, windows.size(), nullptr);
    for (std::size_t w = 0; w < windowCount; ++w) {
        MultivariateWindow m;
        m.start = windows.empty() ? "rows 1-" + std::to_string(current.rows) : windows[w].start;
        m.rows = windows.empty() ? current.rows : windows[w].rows.size();
        m.error = windowErrors[w];
        m.alert = std::isfinite(m.error) && (m.error < result.lower || m.error > result.upper);
        result.alerts += m.alert ? 1 : 0;
        result.windows.push_back(std::move(m));
    }
    return result;
}

MultivariateDrift multivariateDrift(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                                    const MultivariateOptions &options)
{
    // Every feature in both tables, with the same kind on both sides, before the reference is fitted.
    for (const std::string &name : options.columns) {
        const data::Column *ref = reference.column(name), *cur = current.column(name);
        if (!ref || !cur)
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the " + (ref ? "current data" : "reference"));
        if ((ref->type == ColumnType::Numerical) != (cur->type == ColumnType::Numerical))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is numerical on one side only");
    }
    return multivariateDrift(fitMultivariate(reference, options), current, windows);
}

std::string toJson(const MultivariateFit &fit)
{
    nlohmann::ordered_json encoders = nlohmann::ordered_json::array();
    for (const Encoder &e : fit.encoders)
        encoders.push_back({{"numeric", e.numeric}, {"fill", e.fill}, {"share", e.share}, {"mean", e.mean}, {"scale", e.scale}});
    return nlohmann::ordered_json{{"columns", fit.columns},
                                  {"variance_kept", fit.varianceKept},
                                  {"reference_chunks", fit.referenceChunks},
                                  {"reference_rows", fit.referenceRows},
                                  {"encoders", encoders},
                                  {"means", fit.means},
                                  {"eigenvectors", fit.eigenvectors},
                                  {"components", fit.components},
                                  {"explained_variance", fit.explainedVariance},
                                  {"reference_error", fit.referenceError},
                                  {"reference_chunk_errors", fit.referenceChunkErrors},
                                  {"band", {fit.mean, fit.stddev, fit.lower, fit.upper}}}
        .dump();
}

MultivariateFit multivariateFitFromJson(const std::string &text)
{
    try {
        const nlohmann::json j = nlohmann::json::parse(text);
        MultivariateFit fit;
        fit.columns = j.at("columns").get<std::vector<std::string>>();
        fit.varianceKept = j.at("variance_kept").get<double>();
        fit.referenceChunks = j.at("reference_chunks").get<std::size_t>();
        fit.referenceRows = j.at("reference_rows").get<std::size_t>();
        for (const auto &e : j.at("encoders"))
            fit.encoders.push_back({e.at("numeric").get<bool>(), e.at("fill").get<double>(), e.at("share").get<std::map<std::string, double>>(),
                                    e.at("mean").get<double>(), e.at("scale").get<double>()});
        fit.means = j.at("means").get<std::vector<double>>();
        fit.eigenvectors = j.at("eigenvectors").get<std::vector<double>>();
        fit.components = j.at("components").get<std::size_t>();
        fit.explainedVariance = j.at("explained_variance").get<double>();
        fit.referenceError = j.at("reference_error").get<double>();
        fit.referenceChunkErrors = j.at("reference_chunk_errors").get<std::vector<double>>();
        const auto band = j.at("band").get<std::vector<double>>();
        const std::size_t d = fit.columns.size();
        if (band.size() != 4 || fit.encoders.size() != d || fit.means.size() != d || fit.eigenvectors.size() != d * d || fit.components == 0 ||
            fit.components > d || fit.referenceChunkErrors.size() != fit.referenceChunks)
            throwError(ErrorKind::Corrupt, "the stored multivariate fit does not add up (its features, components or chunks)");
        fit.mean = band[0];
        fit.stddev = band[1];
        fit.lower = band[2];
        fit.upper = band[3];
        return fit;
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::Corrupt, std::string("the stored multivariate fit cannot be read: ") + e.what());
    }
}

} // namespace keel::drift
