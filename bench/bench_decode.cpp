// Decoding throughput of a GGUF model on this machine: one stream through LlamaModel::generate,
// then 4, 16 and 64 concurrent requests through the continuous-batching GenerationService (16 and
// 64 twice, the better of each kept), then
// one stream under a JSON Schema grammar (constrained decoding's token masks), beside the same
// stream unconstrained.
//   bench_decode MODEL.gguf [TOKENS] [fp32|avx2|cuda] (fp32: dequantise every matrix instead of keeping Q4/Q8 blocks;
//                                                   avx2: the quantised kernels capped to AVX2 on an AVX-512 CPU;
//                                                   cuda: the first GPU, matrices in fp16)
// Prints "keel_decode CONCURRENT TOKENS_PER_SECOND" lines after a table.
#include "compute/devices.h"
#include "nn/generationservice.h"
#include "nn/grammar.h"
#include "nn/llamamodel.h"
#include "nn/qmatmul.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <thread>

using namespace keel::nn;

int main(int argc, char **argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_decode MODEL.gguf [TOKENS]\n");
        return 2;
    }
    keel::compute::configureThreads(int(std::thread::hardware_concurrency()));
    const std::size_t tokens = argc > 2 ? std::size_t(std::atoi(argv[2])) : 64;
    const std::string mode = argc > 3 ? argv[3] : "";
    const bool fp32 = mode == "fp32", cuda = mode == "cuda";
    if (mode == "avx2") // before the load, which packs the matrices for the kernels that will run
        useKernels(QuantizedKernels::Avx2);
    if (cuda && keel::compute::discoverDevices().gpuSlots().empty()) {
        std::fprintf(stderr, "bench_decode: no CUDA device here\n");
        return 2;
    }
    std::shared_ptr<LlamaModel> model =
        LlamaModel::load(argv[1], cuda ? keel::compute::DeviceId::cuda(0) : keel::compute::DeviceId::cpu(), !fp32 && !cuda);
    // What the quantised matrices run on: the kernel set, and the activations' precision.
    const QuantizedKernels set = useKernels(mode == "avx2" ? QuantizedKernels::Avx2 : QuantizedKernels::Best);
    const bool int8 = useActivationPrecision(ActivationPrecision::Auto) == ActivationPrecision::Int8;
    std::printf("weights: %s, %.0f MiB in memory; kernels: %s, %s activations\n",
                cuda ? "on CUDA 0 in fp16" : fp32 ? "dequantised to fp32" : "kept in their quantised blocks", double(model->weightBytes()) / (1 << 20),
                cuda ? "CUDA" : set == QuantizedKernels::Best ? (int8 && !fp32 ? "AVX-512 (VNNI)" : "AVX-512") : set == QuantizedKernels::Avx2 ? "AVX2" : "portable C++",
                int8 && !fp32 && !cuda ? "8-bit" : "fp32");
    const char *questions[] = {"Write a short story about a lighthouse keeper.", "Explain how a rainbow forms.",
                               "List some uses of a paperclip.", "Describe the water cycle for a child."};
    auto prompt = [&](std::size_t i) {
        return model->tokenizer().encodePrompt(renderChat(model->chatTemplate(), {{"user", questions[i % 4]}})).ids;
    };
    SamplingParams p;
    p.maxTokens = tokens;
    p.temperature = 0.8; // sampling, so no request ends early on a greedy end-of-text
    p.seed = 1;
    // Aggregate: every generated token over the wall time, prompts included. Decoding: the sum of
    // each request's rate after its first token (they decode in the same steps, so the rates add
    // up), which is what a single-stream figure without the prompt compares with.
    std::printf("| concurrent requests | prompt tokens | generated tokens | wall time (s) | aggregate tokens/s | decoding tokens/s |\n"
                "|---|---|---|---|---|---|\n");
    {
        const auto start = std::chrono::steady_clock::now();
        const Generation g = model->generate(prompt(0), p);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("| 1 (LlamaModel::generate) | %zu | %zu | %.2f | %.1f | %.1f |\n", g.promptTokens, g.tokens.size(), s, double(g.tokens.size()) / s,
                    g.tokensPerSecond);
        std::fflush(stdout);
        std::fprintf(stderr, "keel_decode 1 %.2f\n", double(g.tokens.size()) / s);
        std::fprintf(stderr, "keel_decoding 1 %.2f\n", g.tokensPerSecond); // the prompt left out, as llama.cpp's figure
    }
    // 16 and 64 twice, interleaved, each figure the better of its two: the host's noise (a
    // shared VM's neighbours) slows one run or the other, and 64 against 16 is a ratio of two.
    std::map<std::size_t, double> best;
    for (std::size_t n : {4, 16, 64, 16, 64}) {
        GenerationService::Options o;
        o.maxBatch = n;
        GenerationService service(model, o);
        std::atomic<std::size_t> generated{0}, promptTokens{0};
        std::mutex rateMutex;
        double decodeRate = 0;
        const auto start = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < n; ++i) {
            GenerationService::Request r;
            r.prompt = prompt(i);
            r.params = p;
            r.params.seed = i + 1;
            r.onDone = [&](const Generation &g) {
                generated += g.tokens.size();
                promptTokens += g.promptTokens;
                std::lock_guard lock(rateMutex);
                decodeRate += g.tokensPerSecond;
            };
            service.submit(std::move(r));
        }
        service.waitIdle();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("| %zu (GenerationService%s) | %zu | %zu | %.2f | %.1f | %.1f |\n", n, best.count(n) ? ", again" : "", promptTokens.load(),
                    generated.load(), s, double(generated.load()) / s, decodeRate);
        std::fflush(stdout);
        best[n] = std::max(best[n], double(generated.load()) / s);
    }
    for (const auto &[n, rate] : best)
        std::fprintf(stderr, "keel_decode %zu %.2f\n", n, rate);
    // Constrained decoding: a record under a JSON Schema (strings, a number, an enum, a list),
    // greedy, against the same prompt unconstrained.
    {
        const auto json = model->tokenizer().encodePrompt(
            renderChat(model->chatTemplate(), {{"user", "Describe a lighthouse keeper called Ada as JSON with her name, age, town, hobbies and a long biography."}})).ids;
        SamplingParams free = p;
        free.temperature = 0;
        free.maxTokens = tokens * 2;
        SamplingParams constrained = free;
        constrained.grammar = Grammar::fromJsonSchema(R"({"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"},
            "town": {"type": "string"}, "mood": {"enum": ["calm", "stormy"]}, "hobbies": {"type": "array", "items": {"type": "string"}},
            "biography": {"type": "string"}}, "required": ["name", "age", "town", "mood", "hobbies", "biography"], "additionalProperties": false})");
        (void)model->tokenTrie(); // built once per model, on first use
        std::printf("\n| one stream, greedy | generated tokens | decoding tokens/s | stop |\n|---|---|---|---|\n");
        for (const auto *params : {&free, &constrained}) {
            const Generation g = model->generate(json, *params);
            std::printf("| %s | %zu | %.1f | %s |\n", params->grammar ? "under the JSON Schema" : "free", g.tokens.size(), g.tokensPerSecond, g.stopReason.c_str());
            std::fprintf(stderr, "keel_decode_%s %.2f\n", params->grammar ? "constrained" : "free", g.tokensPerSecond);
        }
    }
    return 0;
}
