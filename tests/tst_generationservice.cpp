// The continuous-batching service on the committed tiny random Llama (tests/data/nn/tiny_llama.gguf,
// written by tests/data/make_tiny_llama.py), so that it runs without the models cache: every
// request gets the tokens it gets alone, prompts joining mid-way included; running out of memory
// splits the batch and nobody notices; a request that does not fit alone fails by itself, saying so.
#include "testsupport.h"

#include "nn/generationservice.h"
#include "nn/llamamodel.h"

#include "core/error.h"

#include <QTest>

#include <atomic>
#include <latch>
#include <thread>

#include <map>
#include <mutex>
#include <new>

using namespace keel;
using namespace keel::nn;

namespace {

struct Outcome {
    std::map<int, Generation> results;
    std::mutex mutex;
};

} // namespace

class TestGenerationService : public QObject {
    Q_OBJECT
    std::shared_ptr<LlamaModel> m_model;
    std::vector<std::vector<std::int32_t>> m_prompts;

    SamplingParams params(int i) const
    {
        SamplingParams p;
        p.maxTokens = std::size_t(6 + 3 * i);
        p.temperature = i % 2 ? 0.9 : 0.0;
        p.seed = std::uint64_t(100 + i);
        return p;
    }

    // All prompts through a service with these options; results by request index.
    std::map<int, Generation> serve(GenerationService::Options options)
    {
        Outcome out;
        {
            GenerationService service(m_model, options);
            for (int i = 0; i < int(m_prompts.size()); ++i) {
                GenerationService::Request r;
                r.prompt = m_prompts[std::size_t(i)];
                r.params = params(i);
                r.onDone = [&out, i](const Generation &g) {
                    std::lock_guard lock(out.mutex);
                    out.results[i] = g;
                };
                service.submit(std::move(r));
            }
            service.waitIdle();
        }
        return out.results;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_model = LlamaModel::load(KEEL_TEST_DATA "/nn/tiny_llama.gguf");
        for (const char *text : {"Hello world", "the world", "Hello Hello Hello world the", "w", "He said hello to the world, twice: hello world, and then once more to the whole world: hello, hello, world!"})
            m_prompts.push_back(m_model->tokenizer().encode(text).ids);
    }

    void eachRequestGetsWhatItGetsAlone()
    {
        GenerationService::Options o;
        o.maxBatch = 3; // two of the five join as others leave
        o.prefillChunk = 4; // prompts run in chunks beside other requests' tokens
        const auto results = serve(o);
        QCOMPARE(int(results.size()), int(m_prompts.size()));
        for (int i = 0; i < int(m_prompts.size()); ++i) {
            const Generation alone = m_model->generate(m_prompts[std::size_t(i)], params(i));
            QCOMPARE(results.at(i).tokens, alone.tokens);
            QCOMPARE(results.at(i).stopReason, alone.stopReason);
        }
    }

    // Prompts scored in the batch, in chunks beside others' decoding tokens: each prompt token's
    // log probability equals the model's own loglikelihood of it after the tokens before it.
    void promptLogprobsInTheBatchAreTheModelsOwn()
    {
        GenerationService::Options o;
        o.prefillChunk = 5;
        GenerationService service(m_model, o);
        Outcome out;
        for (int i = 0; i < int(m_prompts.size()); ++i) {
            GenerationService::Request r;
            r.prompt = m_prompts[std::size_t(i)];
            r.params = params(i);
            r.params.maxTokens = std::size_t(i % 2 ? 0 : 3); // scoring only, and scoring before generating
            r.params.topLogprobs = 2;
            r.promptLogprobs = i != 1; // one that does not ask, beside them
            r.onDone = [&out, i](const Generation &g) {
                std::lock_guard lock(out.mutex);
                out.results[i] = g;
            };
            service.submit(std::move(r));
        }
        service.waitIdle();
        for (int i = 0; i < int(m_prompts.size()); ++i) {
            const auto &prompt = m_prompts[std::size_t(i)];
            const Generation &g = out.results.at(i);
            QCOMPARE(g.tokens.size(), std::size_t(i % 2 ? 0 : 3));
            if (i == 1) {
                QVERIFY(g.promptLogprobs.empty());
                continue;
            }
            QCOMPARE(g.promptLogprobs.size(), prompt.size() - 1);
            QCOMPARE(g.promptTopLogprobs.size(), prompt.size() - 1);
            for (std::size_t k = 1; k < prompt.size(); ++k) {
                const double alone = m_model->loglikelihood({prompt.begin(), prompt.begin() + std::ptrdiff_t(k)}, {prompt[k]});
                QVERIFY2(std::abs(g.promptLogprobs[k - 1] - alone) < 1e-4, qPrintable(QStringLiteral("prompt %1 token %2").arg(i).arg(k)));
                QVERIFY(g.promptTopLogprobs[k - 1][0].second >= g.promptLogprobs[k - 1] - 1e-6f);
            }
        }
    }

    void callersDriveTheServiceTogether()
    {
        // No thread of its own: each caller (a pool job per request, in the app) drives the
        // service until its own request ends; the others' requests ride in the same steps.
        GenerationService::Options o;
        o.ownThread = false;
        o.maxBatch = 8;
        std::atomic<std::size_t> widest{0};
        o.beforeStep = [&widest](std::size_t rows) {
            for (std::size_t w = widest; rows > w && !widest.compare_exchange_weak(w, rows);)
                ;
        };
        GenerationService service(m_model, o);
        std::map<int, Generation> results;
        std::mutex mutex;
        std::vector<std::thread> callers;
        std::latch submitted(std::ptrdiff_t(m_prompts.size()));
        std::size_t promptRows = 0;
        for (const auto &p : m_prompts)
            promptRows += p.size();
        for (int i = 0; i < int(m_prompts.size()); ++i)
            callers.emplace_back([&, i] {
                std::atomic<bool> done{false};
                GenerationService::Request r;
                r.prompt = m_prompts[std::size_t(i)];
                r.params = params(i);
                r.onDone = [&](const Generation &g) {
                    std::lock_guard lock(mutex);
                    results[i] = g;
                    done = true;
                };
                service.submit(std::move(r));
                submitted.arrive_and_wait(); // all submitted before anyone drives
                service.serveUntil([&] { return done.load(); });
            });
        for (auto &t : callers)
            t.join();
        QCOMPARE(int(results.size()), int(m_prompts.size()));
        for (int i = 0; i < int(m_prompts.size()); ++i)
            QCOMPARE(results.at(i).tokens, m_model->generate(m_prompts[std::size_t(i)], params(i)).tokens);
        // The first step prefilled every caller's prompt together.
        QCOMPARE(widest.load(), promptRows);
        // A service with a thread of its own is not driven by callers.
        GenerationService owned(m_model, {});
        QVERIFY_THROWS_EXCEPTION(keel::Error, owned.serveUntil([] { return false; }));
    }

    void runningOutOfMemorySplitsTheBatch()
    {
        // Any step of more than two rows "runs out of memory": the service halves its batches
        // until they fit, and the answers do not change.
        GenerationService::Options o;
        o.maxBatch = 5;
        o.prefillChunk = 2;
        int refused = 0;
        o.beforeStep = [&refused](std::size_t rows) {
            if (rows > 2) {
                ++refused;
                throw std::bad_alloc();
            }
        };
        const auto results = serve(o);
        QVERIFY(refused > 0);
        for (int i = 0; i < int(m_prompts.size()); ++i)
            QCOMPARE(results.at(i).tokens, m_model->generate(m_prompts[std::size_t(i)], params(i)).tokens);
    }

    void aRequestThatDoesNotFitAloneFailsAlone()
    {
        // Steps of more than 12 rows never fit. The last prompt (far longer) soon runs a chunk of
        // 16 rows alone and fails with a message; the others (at most 12 tokens) are served.
        GenerationService::Options o;
        o.maxBatch = 5;
        o.prefillChunk = 16;
        o.beforeStep = [](std::size_t rows) {
            if (rows > 12)
                throw std::bad_alloc();
        };
        QVERIFY(m_prompts.back().size() > 40);
        for (std::size_t i = 0; i + 1 < m_prompts.size(); ++i)
            QVERIFY(m_prompts[i].size() <= 12);
        const auto results = serve(o);
        for (int i = 0; i < int(m_prompts.size()); ++i) {
            const Generation &g = results.at(i);
            if (i + 1 == int(m_prompts.size())) {
                QVERIFY2(g.stopReason.rfind("error: out of memory", 0) == 0, g.stopReason.c_str());
                QVERIFY(g.stopReason.find("shorten the prompt") != std::string::npos);
            } else {
                QCOMPARE(g.tokens, m_model->generate(m_prompts[std::size_t(i)], params(i)).tokens);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestGenerationService)
#include "tst_generationservice.moc"
