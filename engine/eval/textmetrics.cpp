#include "eval/textmetrics.h"

#include "nn/unicode.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

namespace keel::eval {

std::size_t levenshtein(std::string_view a, std::string_view b)
{
    const std::u32string x = nn::unicode::decode(a), y = nn::unicode::decode(b);
    std::vector<std::size_t> row(y.size() + 1);
    for (std::size_t j = 0; j <= y.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= x.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= y.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[y.size()];
}

std::vector<std::string> rougeTokens(std::string_view text)
{
    // rouge_score.tokenize: lower-case, replace every run of non-[a-z0-9] with a space, split.
    std::vector<std::string> tokens;
    std::string current;
    for (const char raw : text) {
        char c = raw;
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            current += c;
        } else if (!current.empty()) {
            tokens.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty())
        tokens.push_back(std::move(current));
    return tokens;
}

namespace {
using NgramCounts = std::map<std::vector<std::string>, std::size_t>;
NgramCounts ngrams(const std::vector<std::string> &tokens, std::size_t n)
{
    NgramCounts counts;
    for (std::size_t i = 0; i + n <= tokens.size(); ++i)
        ++counts[std::vector<std::string>(tokens.begin() + std::ptrdiff_t(i), tokens.begin() + std::ptrdiff_t(i + n))];
    return counts;
}
std::size_t total(const NgramCounts &counts)
{
    std::size_t sum = 0;
    for (const auto &[gram, count] : counts)
        sum += count;
    return sum;
}
std::size_t clippedOverlap(const NgramCounts &hypothesis, const NgramCounts &reference)
{
    std::size_t overlap = 0;
    for (const auto &[gram, count] : hypothesis) {
        const auto it = reference.find(gram);
        if (it != reference.end())
            overlap += std::min(count, it->second);
    }
    return overlap;
}
} // namespace

RougeScore rougeN(std::string_view target, std::string_view prediction, int n)
{
    const NgramCounts t = ngrams(rougeTokens(target), std::size_t(std::max(1, n)));
    const NgramCounts p = ngrams(rougeTokens(prediction), std::size_t(std::max(1, n)));
    const double overlap = double(clippedOverlap(t, p));
    RougeScore s;
    s.precision = overlap / double(std::max<std::size_t>(total(p), 1));
    s.recall = overlap / double(std::max<std::size_t>(total(t), 1));
    s.fmeasure = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0.0;
    return s;
}

std::vector<std::string> bleuTokens13a(std::string_view text)
{
    std::string line(text);
    auto replaceAll = [&line](const std::string &from, const std::string &to) {
        for (std::size_t at = line.find(from); at != std::string::npos; at = line.find(from, at + to.size()))
            line.replace(at, from.size(), to);
    };
    replaceAll("<skipped>", "");
    replaceAll("-\n", "");
    replaceAll("\n", " ");
    if (line.find('&') != std::string::npos) {
        replaceAll("&quot;", "\"");
        replaceAll("&amp;", "&");
        replaceAll("&lt;", "<");
        replaceAll("&gt;", ">");
    }
    line = " " + line + " ";
    // sacrebleu's TokenizerRegexp, in its order.
    static const std::regex punctuation(R"(([\{-\~\[-\` -\&\(-\+\:-\@\/]))");
    static const std::regex periodCommaAfter(R"(([^0-9])([\.,]))");
    static const std::regex periodCommaBefore(R"(([\.,])([^0-9]))");
    static const std::regex dashAfterDigit(R"(([0-9])(-))");
    line = std::regex_replace(line, punctuation, " $1 ");
    line = std::regex_replace(line, periodCommaAfter, "$1 $2 ");
    line = std::regex_replace(line, periodCommaBefore, " $1 $2");
    line = std::regex_replace(line, dashAfterDigit, "$1 $2 ");
    // Python's str.split(): runs of ASCII whitespace (the tokens hold no other kind sacrebleu splits on here).
    std::vector<std::string> tokens;
    std::string current;
    for (const char c : line) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
            if (!current.empty())
                tokens.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty())
        tokens.push_back(std::move(current));
    return tokens;
}

double sentenceBleu(std::string_view hypothesis, const std::vector<std::string> &references)
{
    constexpr std::size_t maxOrder = 4;
    const std::vector<std::string> hyp = bleuTokens13a(hypothesis);
    std::vector<std::vector<std::string>> refs;
    for (const auto &r : references)
        refs.push_back(bleuTokens13a(r));
    const double sysLen = double(hyp.size());
    // The closest reference length (ties: the shorter), as sacrebleu's BLEU._get_closest_ref_len.
    double refLen = 0;
    double closest = -1;
    for (const auto &r : refs) {
        const double diff = std::abs(double(r.size()) - sysLen);
        if (closest < 0 || diff < closest || (diff == closest && double(r.size()) < refLen)) {
            closest = diff;
            refLen = double(r.size());
        }
    }
    std::vector<double> correct(maxOrder, 0), totals(maxOrder, 0);
    for (std::size_t n = 1; n <= maxOrder; ++n) {
        const NgramCounts h = ngrams(hyp, n);
        NgramCounts maxRef;
        for (const auto &r : refs)
            for (const auto &[gram, count] : ngrams(r, n))
                maxRef[gram] = std::max(maxRef[gram], count);
        correct[n - 1] = double(clippedOverlap(h, maxRef));
        totals[n - 1] = double(total(h));
    }
    const double bp = sysLen < refLen ? (sysLen > 0 ? std::exp(1 - refLen / sysLen) : 0.0) : 1.0;
    if (std::all_of(correct.begin(), correct.end(), [](double c) { return c == 0; }))
        return 0.0;
    std::vector<double> precisions(maxOrder, 0.0);
    double smooth = 1;
    std::size_t effectiveOrder = maxOrder;
    for (std::size_t n = 1; n <= maxOrder; ++n) {
        if (totals[n - 1] == 0)
            break;
        effectiveOrder = n;
        if (correct[n - 1] == 0) {
            smooth *= 2;
            precisions[n - 1] = 100.0 / (smooth * totals[n - 1]);
        } else {
            precisions[n - 1] = 100.0 * correct[n - 1] / totals[n - 1];
        }
    }
    double logSum = 0;
    for (std::size_t n = 0; n < effectiveOrder; ++n)
        logSum += precisions[n] == 0 ? -9999999999.0 : std::log(precisions[n]);
    return bp * std::exp(logSum / double(effectiveOrder)) / 100.0;
}

double cosineSimilarity(const std::vector<float> &a, const std::vector<float> &b)
{
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

} // namespace keel::eval
