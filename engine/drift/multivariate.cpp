#include "drift/multivariate.h"

#include "core/error.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace keel::drift {
namespace {

using data::ColumnType;

// How one feature becomes a number: its encoding and imputation, learnt from the reference.
struct Encoder {
    bool numeric = true;
    double fill = 0;                                      // numbers: the reference mean; categories: the mode's share
    std::unordered_map<std::string_view, double> share;   // categories: share of the reference rows
    double mean = 0, scale = 1;                           // standardisation of the encoded values
};

// Column values for every row of `table`, encoded and imputed (not yet standardised).
std::vector<double> encodeColumn(const data::Table &table, const data::Column &column, const Encoder &e)
{
    std::vector<double> out(table.rows, e.fill);
    for (std::size_t i = 0; i < column.present(); ++i) {
        double v = 0;
        if (e.numeric) {
            v = column.numbers[i];
        } else {
            const auto it = e.share.find(column.text(i));
            v = it == e.share.end() ? 0.0 : it->second;
        }
        out[column.row(i)] = v;
    }
    return out;
}

Encoder learn(const data::Table &reference, const data::Column &column)
{
    Encoder e;
    e.numeric = column.type == ColumnType::Numerical;
    if (e.numeric) {
        double sum = 0;
        for (double v : column.numbers)
            sum += v;
        e.fill = column.numbers.empty() ? 0.0 : sum / double(column.numbers.size());
        return e;
    }
    std::vector<double> counts(column.categories ? column.categories->size() : 0, 0.0);
    for (std::uint32_t c : column.codes)
        counts[c] += 1;
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

MultivariateDrift multivariateDrift(const data::Table &reference, const data::Table &current, const std::vector<RowWindow> &windows,
                                    const MultivariateOptions &options)
{
    const std::size_t d = options.columns.size();
    if (d < 2)
        throwError(ErrorKind::BadInput, "multivariate drift needs at least two columns");
    if (reference.rows <= d)
        throwError(ErrorKind::BadInput, "multivariate drift needs more reference rows (" + std::to_string(reference.rows) + ") than columns (" +
                                            std::to_string(d) + ")");
    if (!(options.varianceKept > 0 && options.varianceKept < 1))
        throwError(ErrorKind::BadInput, "the share of variance to keep must lie in (0, 1)");
    MultivariateDrift result;
    result.columns = options.columns;

    // Encode, impute and standardise both tables, column by column (column-major).
    std::vector<std::vector<double>> ref(d), cur(d);
    for (std::size_t j = 0; j < d; ++j) {
        const std::string &name = options.columns[j];
        const data::Column *r = reference.column(name), *c = current.column(name);
        if (!r || !c)
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is not in the " + (r ? "current data" : "reference"));
        if ((r->type == ColumnType::Numerical) != (c->type == ColumnType::Numerical))
            throwError(ErrorKind::BadInput, "column \"" + name + "\" is numerical on one side only");
        Encoder e = learn(reference, *r);
        ref[j] = encodeColumn(reference, *r, e);
        cur[j] = encodeColumn(current, *c, e);
        double sum = 0;
        for (double v : ref[j])
            sum += v;
        e.mean = sum / double(reference.rows);
        double var = 0;
        for (double v : ref[j])
            var += (v - e.mean) * (v - e.mean);
        const double sd = std::sqrt(var / double(reference.rows));
        e.scale = sd > 0 ? sd : 1.0; // scikit-learn leaves constant columns unscaled
        for (double &v : ref[j])
            v = (v - e.mean) / e.scale;
        for (double &v : cur[j])
            v = (v - e.mean) / e.scale;
    }
    // PCA of the standardised reference: its covariance (centred by its own mean, ~0) → eigenvectors.
    std::vector<double> means(d, 0.0);
    for (std::size_t j = 0; j < d; ++j)
        means[j] = std::accumulate(ref[j].begin(), ref[j].end(), 0.0) / double(reference.rows);
    std::vector<double> cov(d * d, 0.0);
    parallelFor(d, 0, [&](std::size_t a) {
        for (std::size_t b = a; b < d; ++b) {
            double s = 0;
            const double ma = means[a], mb = means[b];
            const double *x = ref[a].data(), *y = ref[b].data();
            for (std::size_t r = 0; r < reference.rows; ++r)
                s += (x[r] - ma) * (y[r] - mb);
            cov[a * d + b] = cov[b * d + a] = s / double(reference.rows - 1);
        }
    });
    std::vector<double> eigenvalues, eigenvectors;
    symmetricEigen(cov, d, eigenvalues, eigenvectors);
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
    result.components = k;
    result.explainedVariance = cumulative;

    // Each row's reconstruction error: ‖(x − μ) − V_k V_kᵀ (x − μ)‖.
    auto rowErrors = [&](const std::vector<std::vector<double>> &x, std::size_t rows) {
        std::vector<double> errors(rows);
        std::vector<double> centred(d), scores(k);
        for (std::size_t r = 0; r < rows; ++r) {
            for (std::size_t j = 0; j < d; ++j)
                centred[j] = x[j][r] - means[j];
            for (std::size_t c = 0; c < k; ++c) {
                double s = 0;
                for (std::size_t j = 0; j < d; ++j)
                    s += eigenvectors[j * d + c] * centred[j];
                scores[c] = s;
            }
            double e = 0;
            for (std::size_t j = 0; j < d; ++j) {
                double rebuilt = 0;
                for (std::size_t c = 0; c < k; ++c)
                    rebuilt += eigenvectors[j * d + c] * scores[c];
                e += (centred[j] - rebuilt) * (centred[j] - rebuilt);
            }
            errors[r] = std::sqrt(e);
        }
        return errors;
    };
    auto meanOver = [](const std::vector<double> &errors, const std::vector<std::uint32_t> &rows) {
        double s = 0;
        for (std::uint32_t r : rows)
            s += errors[r];
        return rows.empty() ? std::numeric_limits<double>::quiet_NaN() : s / double(rows.size());
    };
    const std::vector<double> refErrors = rowErrors(ref, reference.rows);
    result.referenceError = std::accumulate(refErrors.begin(), refErrors.end(), 0.0) / double(reference.rows);
    for (const RowWindow &chunk : windowsByChunks(reference.rows, std::max<std::size_t>(options.referenceChunks, 1)))
        result.referenceChunkErrors.push_back(meanOver(refErrors, chunk.rows));
    const auto &chunks = result.referenceChunkErrors;
    result.mean = std::accumulate(chunks.begin(), chunks.end(), 0.0) / double(chunks.size());
    double var = 0;
    for (double v : chunks)
        var += (v - result.mean) * (v - result.mean);
    result.stddev = std::sqrt(var / double(chunks.size()));
    result.lower = std::max(0.0, result.mean - 3 * result.stddev);
    result.upper = result.mean + 3 * result.stddev;

    const std::vector<double> curErrors = rowErrors(cur, current.rows);
    for (const RowWindow &w : windows) {
        MultivariateWindow m;
        m.start = w.start;
        m.rows = w.rows.size();
        m.error = meanOver(curErrors, w.rows);
        m.alert = std::isfinite(m.error) && (m.error < result.lower || m.error > result.upper);
        result.alerts += m.alert ? 1 : 0;
        result.windows.push_back(std::move(m));
    }
    return result;
}

} // namespace keel::drift
