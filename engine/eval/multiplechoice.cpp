#include "eval/multiplechoice.h"

#include "core/error.h"
#include "nn/generationservice.h"
#include "nn/tokenizer.h"
#include "nn/unicode.h"

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>

namespace keel::eval {

std::pair<std::vector<std::int32_t>, std::vector<std::int32_t>> encodePair(const nn::BpeTokenizer &tokenizer, std::string context,
                                                                         std::string continuation)
{
    if (context.empty()) {
        const std::int32_t prefix = tokenizer.bos() >= 0 ? tokenizer.bos() : tokenizer.eos();
        if (prefix < 0)
            throwError(ErrorKind::BadInput, "the context is empty and the model has no beginning- or end-of-text token to stand for it");
        return {{prefix}, tokenizer.encode(continuation, false).ids};
    }
    // Python's str.rstrip(): whitespace at the end moves to the continuation.
    std::size_t keep = context.size();
    while (keep > 0 && std::string_view(" \t\n\r\v\f").find(context[keep - 1]) != std::string_view::npos)
        --keep;
    if (keep < context.size()) {
        continuation = context.substr(keep) + continuation;
        context.resize(keep);
    }
    std::vector<std::int32_t> whole = tokenizer.encode(context + continuation, false).ids;
    std::vector<std::int32_t> head = tokenizer.encode(context, false).ids;
    std::vector<std::int32_t> tail(whole.begin() + std::ptrdiff_t(std::min(head.size(), whole.size())), whole.end());
    return {std::move(head), std::move(tail)};
}

double meanStderr(const std::vector<double> &values, double mean)
{
    if (values.size() < 2)
        return 0;
    double squares = 0;
    for (double v : values)
        squares += (v - mean) * (v - mean);
    return std::sqrt(squares / double(values.size() - 1)) / std::sqrt(double(values.size()));
}

namespace {

std::size_t argmax(const std::vector<double> &values)
{
    std::size_t best = 0;
    for (std::size_t i = 1; i < values.size(); ++i)
        if (values[i] > values[best]) // NaN never wins; ties keep the first, as numpy's argmax
            best = i;
    return best;
}

} // namespace

MultipleChoiceReport scoreMultipleChoice(nn::GenerationService &service, const nn::BpeTokenizer &tokenizer,
                                         const std::vector<ChoiceQuestion> &questions, const MultipleChoiceOptions &options)
{
    struct Pending {
        std::size_t question, choice, contextLength;
        std::vector<std::int32_t> input;
    };
    std::vector<Pending> pending;
    MultipleChoiceReport report;
    report.questions.resize(questions.size());
    for (std::size_t q = 0; q < questions.size(); ++q) {
        const ChoiceQuestion &question = questions[q];
        if (question.choices.empty())
            throwError(ErrorKind::BadInput, "question " + std::to_string(q + 1) + " has no choices");
        if (question.gold >= question.choices.size())
            throwError(ErrorKind::BadInput, "question " + std::to_string(q + 1) + ": the right answer is choice " + std::to_string(question.gold) +
                                                " of " + std::to_string(question.choices.size()) + " (counted from 0)");
        report.questions[q].loglikelihoods.assign(question.choices.size(), 0);
        report.questions[q].greedy.assign(question.choices.size(), false);
        for (std::size_t c = 0; c < question.choices.size(); ++c) {
            auto [head, tail] = encodePair(tokenizer, question.context, options.targetDelimiter + question.choices[c]);
            if (tail.empty())
                throwError(ErrorKind::BadInput, "question " + std::to_string(q + 1) + ", choice " + std::to_string(c) + " has no tokens to score");
            // lm-eval's API models: the last maxLength tokens, the context cut first.
            std::vector<std::int32_t> input = head;
            input.insert(input.end(), tail.begin(), tail.end());
            const std::size_t over = input.size() > options.maxLength ? input.size() - options.maxLength : 0;
            input.erase(input.begin(), input.begin() + std::ptrdiff_t(over));
            const std::size_t contextLength = head.size() > over ? head.size() - over : 0;
            if (contextLength == 0)
                throwError(ErrorKind::BadInput, "question " + std::to_string(q + 1) + ": the choice alone is longer than " +
                                                    std::to_string(options.maxLength) + " tokens");
            pending.push_back({q, c, contextLength, std::move(input)});
        }
    }

    std::mutex mutex;
    std::condition_variable finished;
    std::size_t done = 0;
    std::string failure;
    std::vector<nn::GenerationService::RequestId> ids;
    for (const Pending &p : pending) {
        nn::GenerationService::Request r;
        r.prompt = p.input;
        r.promptLogprobs = true;
        r.params.maxTokens = 0;
        r.params.topLogprobs = 1;
        r.onDone = [&, q = p.question, c = p.choice, from = p.contextLength](const nn::Generation &g) {
            double sum = 0;
            bool greedy = true;
            // promptLogprobs[i] scores token i + 1: the continuation's are from contextLength − 1.
            for (std::size_t i = from - 1; i < g.promptLogprobs.size(); ++i) {
                sum += g.promptLogprobs[i];
                if (i < g.promptTopLogprobs.size() && !g.promptTopLogprobs[i].empty() && g.promptLogprobs[i] != g.promptTopLogprobs[i][0].second)
                    greedy = false;
            }
            std::lock_guard lock(mutex);
            if (g.stopReason.rfind("error: ", 0) == 0 || g.stopReason == "cancelled")
                failure = "question " + std::to_string(q + 1) + ", choice " + std::to_string(c) + ": " + g.stopReason;
            report.questions[q].loglikelihoods[c] = sum;
            report.questions[q].greedy[c] = greedy;
            ++done;
            finished.notify_all();
        };
        ids.push_back(service.submit(std::move(r)));
    }
    {
        std::unique_lock lock(mutex);
        std::size_t reported = 0;
        bool cancelled = false;
        while (done < pending.size()) {
            finished.wait_for(lock, std::chrono::milliseconds(100));
            if (options.progress && done != reported && !cancelled) {
                reported = done;
                lock.unlock();
                const bool goOn = options.progress(reported, pending.size());
                lock.lock();
                if (!goOn) {
                    cancelled = true;
                    for (auto id : ids)
                        service.cancel(id);
                }
            }
        }
        if (cancelled)
            throwError(ErrorKind::Conflict, "the multiple-choice scoring was cancelled");
        if (!failure.empty())
            throwError(ErrorKind::BadInput, failure);
    }

    std::vector<double> accs, norms;
    for (std::size_t q = 0; q < questions.size(); ++q) {
        ChoiceScores &s = report.questions[q];
        std::vector<double> perCharacter(s.loglikelihoods.size());
        for (std::size_t c = 0; c < perCharacter.size(); ++c) // Python's len(): code points
            perCharacter[c] = s.loglikelihoods[c] / double(nn::unicode::decode(questions[q].choices[c]).size());
        s.predicted = argmax(s.loglikelihoods);
        s.predictedNorm = argmax(perCharacter);
        accs.push_back(s.predicted == questions[q].gold ? 1.0 : 0.0);
        norms.push_back(s.predictedNorm == questions[q].gold ? 1.0 : 0.0);
    }
    auto mean = [](const std::vector<double> &v) {
        double sum = 0;
        for (double x : v)
            sum += x;
        return v.empty() ? 0.0 : sum / double(v.size());
    };
    report.acc = mean(accs);
    report.accNorm = mean(norms);
    report.accStderr = meanStderr(accs, report.acc);
    report.accNormStderr = meanStderr(norms, report.accNorm);
    return report;
}

} // namespace keel::eval
