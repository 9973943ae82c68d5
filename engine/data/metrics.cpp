#include "data/metrics.h"

#include <algorithm>
#include <cctype>
#include <cfloat>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace keel::data {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

bool isPositiveLabel(const std::string &label)
{
    std::string l;
    for (char c : label)
        l.push_back(char(std::tolower(static_cast<unsigned char>(c))));
    return l == "1" || l == "true" || l == "yes";
}

double rocAuc(std::vector<std::pair<double, bool>> s)
{
    std::sort(s.begin(), s.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    double positives = 0, rankSum = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t j = i;
        while (j < s.size() && s[j].first == s[i].first)
            ++j;
        const double rank = (double(i + 1) + double(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k)
            if (s[k].second) {
                positives += 1;
                rankSum += rank;
            }
        i = j;
    }
    const double negatives = double(s.size()) - positives;
    if (positives == 0 || negatives == 0)
        return kNaN; // undefined with one class, as scikit-learn refuses it
    return (rankSum - positives * (positives + 1) / 2.0) / (positives * negatives);
}

double accuracy(const std::vector<std::string> &truth, const std::vector<std::string> &predicted)
{
    if (truth.empty())
        return kNaN;
    std::size_t correct = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        correct += truth[i] == predicted[i] ? 1 : 0;
    return double(correct) / double(truth.size());
}

namespace {
double f1Of(const std::vector<std::string> &truth, const std::vector<std::string> &predicted, const std::string &label)
{
    double tp = 0, predictedCount = 0, actual = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const bool t = truth[i] == label, p = predicted[i] == label;
        tp += t && p ? 1 : 0;
        predictedCount += p ? 1 : 0;
        actual += t ? 1 : 0;
    }
    return predictedCount + actual > 0 ? 2 * tp / (predictedCount + actual) : 0.0; // zero_division=0
}
} // namespace

double f1Binary(const std::vector<std::string> &truth, const std::vector<std::string> &predicted, const std::string &positive)
{
    return truth.empty() ? kNaN : f1Of(truth, predicted, positive);
}

double f1Macro(const std::vector<std::string> &truth, const std::vector<std::string> &predicted)
{
    if (truth.empty())
        return kNaN;
    std::set<std::string> labels(truth.begin(), truth.end());
    labels.insert(predicted.begin(), predicted.end());
    double sum = 0;
    for (const std::string &l : labels)
        sum += f1Of(truth, predicted, l);
    return sum / double(labels.size());
}

double logLoss(const std::vector<std::size_t> &truth, const std::vector<double> &probabilities, std::size_t classes)
{
    if (truth.empty() || classes == 0)
        return kNaN;
    const double eps = DBL_EPSILON;
    double sum = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        double rowSum = 0;
        for (std::size_t k = 0; k < classes; ++k)
            rowSum += std::clamp(probabilities[i * classes + k], eps, 1 - eps);
        const double p = std::clamp(probabilities[i * classes + truth[i]], eps, 1 - eps) / rowSum;
        sum -= std::log(p);
    }
    return sum / double(truth.size());
}

double meanAbsoluteError(const std::vector<double> &truth, const std::vector<double> &predicted)
{
    if (truth.empty())
        return kNaN;
    double s = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        s += std::fabs(predicted[i] - truth[i]);
    return s / double(truth.size());
}

double rootMeanSquaredError(const std::vector<double> &truth, const std::vector<double> &predicted)
{
    if (truth.empty())
        return kNaN;
    double s = 0;
    for (std::size_t i = 0; i < truth.size(); ++i)
        s += (predicted[i] - truth[i]) * (predicted[i] - truth[i]);
    return std::sqrt(s / double(truth.size()));
}

double r2Score(const std::vector<double> &truth, const std::vector<double> &predicted)
{
    if (truth.size() < 2)
        return kNaN;
    double mean = 0;
    for (double t : truth)
        mean += t;
    mean /= double(truth.size());
    double res = 0, tot = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        res += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
        tot += (truth[i] - mean) * (truth[i] - mean);
    }
    if (tot == 0)
        return res == 0 ? 1.0 : 0.0;
    return 1.0 - res / tot;
}

} // namespace keel::data
