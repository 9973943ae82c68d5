#include "nn/bertencoder.h"

#include "core/error.h"
#include "nn/encoderops.h"
#include "nn/safetensors.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

namespace keel::nn {
namespace {

nlohmann::json readJson(const std::filesystem::path &file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "cannot read " + file.string());
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::BadInput, file.string() + " is not JSON: " + e.what());
    }
}

std::size_t positive(const nlohmann::json &config, const char *key, const std::filesystem::path &file)
{
    if (!config.contains(key) || !config[key].is_number_integer() || config[key].get<std::int64_t>() <= 0)
        throwError(ErrorKind::BadInput, file.string() + ": \"" + key + "\" must be a positive whole number");
    return config[key].get<std::size_t>();
}

struct Layer {
    at::Tensor qkvw, qkvb; // the query, key and value projections stacked: one product of 3H outputs
    at::Tensor ow, ob, ln1w, ln1b, iw, ib, o2w, o2b, ln2w, ln2b;
};

} // namespace

struct BertEncoder::Impl {
    EncoderConfig config;
    std::unique_ptr<WordPieceTokenizer> tokenizer;
    compute::DeviceId device;
    at::Device torchDevice = at::kCPU;
    at::Tensor word, position, type, lnw, lnb;
    std::vector<Layer> layers;

    at::Tensor weight(const SafetensorsFile &file, const std::string &name, std::vector<std::int64_t> shape) const
    {
        const std::string full = config.prefix + name;
        const SafetensorsTensor &t = file.tensor(full);
        if (t.shape != shape) {
            std::string want, got;
            for (auto s : shape)
                want += (want.empty() ? "" : "×") + std::to_string(s);
            for (auto s : t.shape)
                got += (got.empty() ? "" : "×") + std::to_string(s);
            throwError(ErrorKind::BadInput, file.path().string() + ": tensor \"" + full + "\" is " + got + ", the config asks for " + want);
        }
        std::vector<float> values = file.toFloat(t);
        return at::from_blob(values.data(), shape, at::kFloat).clone().to(torchDevice);
    }

    // Attention on the CPU from the fused projection's rows [B, T, 3H]: each sequence over its
    // `lengths[b]` real tokens only (encoderops.h), a sequence a task; its padding rows are
    // zero (nothing reads them: their keys are masked and pooling leaves them out). Returns [B, T, H].
    at::Tensor attendOnCpu(const at::Tensor &qkv, const std::vector<std::int64_t> &lengths, std::int64_t T) const
    {
        const auto B = qkv.size(0), H = std::int64_t(config.hidden), heads = std::int64_t(config.heads), dh = H / heads;
        at::Tensor context = at::empty({B, T, H}, at::kFloat);
        const at::Tensor rows = qkv.contiguous();
        const float *in = rows.data_ptr<float>();
        float *out = context.data_ptr<float>();
        const float scale = float(1.0 / std::sqrt(double(dh)));
        at::parallel_for(0, B, 1, [&](std::int64_t begin, std::int64_t end) {
            std::vector<float> scratch(attentionScratchFloats(std::size_t(T), std::size_t(heads), std::size_t(dh)));
            for (std::int64_t b = begin; b < end; ++b) {
                const auto n = std::size_t(lengths[std::size_t(b)]);
                float *o = out + b * T * H;
                attendSequence(in + b * T * 3 * H, n, std::size_t(heads), std::size_t(dh), scale, o, std::size_t(H), scratch.data());
                std::fill(o + n * std::size_t(H), o + std::size_t(T * H), 0.0f);
            }
        });
        return context;
    }

    // One batch of ids of equal length (padded with the pad id); `lengths` are the real lengths.
    at::Tensor forward(const at::Tensor &ids, const at::Tensor &mask, const std::vector<std::int64_t> &lengths) const
    {
        const auto B = ids.size(0), T = ids.size(1);
        const auto H = std::int64_t(config.hidden), heads = std::int64_t(config.heads), dh = H / heads;
        at::Tensor x = word.index_select(0, ids.reshape({-1})).reshape({B, T, H}) + position.slice(0, 0, T).unsqueeze(0) + type[0];
        x = at::layer_norm(x, {H}, lnw, lnb, config.layerNormEps);
        const double scale = 1.0 / std::sqrt(double(dh));
        // Off the CPU, padding positions get a large negative score, so softmax gives them no
        // weight (the CPU's attention reads only the real tokens).
        const at::Tensor bias = torchDevice.is_cpu() ? at::Tensor() : ((1.0 - mask.to(at::kFloat)) * -1e9).reshape({B, 1, 1, T});
        for (const Layer &l : layers) {
            const at::Tensor qkv = at::linear(x, l.qkvw, l.qkvb);
            at::Tensor context;
            if (torchDevice.is_cpu()) {
                context = attendOnCpu(qkv, lengths, T);
            } else {
                auto split = [&](std::int64_t part) { return qkv.narrow(-1, part * H, H).reshape({B, T, heads, dh}).transpose(1, 2); };
                const at::Tensor q = split(0), k = split(1), v = split(2);
                const at::Tensor scores = at::softmax(at::matmul(q, k.transpose(-1, -2)) * scale + bias, -1);
                context = at::matmul(scores, v).transpose(1, 2).reshape({B, T, H});
            }
            x = at::layer_norm(at::linear(context, l.ow, l.ob) + x, {H}, l.ln1w, l.ln1b, config.layerNormEps);
            const at::Tensor h = at::gelu(at::linear(x, l.iw, l.ib));
            x = at::layer_norm(at::linear(h, l.o2w, l.o2b) + x, {H}, l.ln2w, l.ln2b, config.layerNormEps);
        }
        at::Tensor pooled;
        if (config.meanPooling) {
            const at::Tensor m = mask.to(at::kFloat).unsqueeze(-1);
            pooled = (x * m).sum(1) / m.sum(1).clamp_min(1e-9);
        } else {
            pooled = x.select(1, 0);
        }
        if (config.normalize)
            pooled = pooled / pooled.norm(2, {1}, true).clamp_min(1e-12);
        return pooled;
    }
};

BertEncoder::BertEncoder(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{
}

BertEncoder::~BertEncoder() = default;

std::unique_ptr<BertEncoder> BertEncoder::load(const std::filesystem::path &folder, compute::DeviceId device)
{
    auto impl = std::make_unique<Impl>();
    impl->device = device;
    impl->torchDevice = device.isCuda() ? at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device.index)) : at::Device(at::kCPU);
    const auto configFile = folder / "config.json";
    // A field of another type than its format's makes nlohmann throw; name the file it was in.
    std::filesystem::path reading = configFile;
    EncoderConfig &cfg = impl->config;
    try {
        const nlohmann::json c = readJson(configFile);
        cfg.hidden = positive(c, "hidden_size", configFile);
        cfg.layers = positive(c, "num_hidden_layers", configFile);
        cfg.heads = positive(c, "num_attention_heads", configFile);
        cfg.intermediate = positive(c, "intermediate_size", configFile);
        cfg.maxPositions = positive(c, "max_position_embeddings", configFile);
        cfg.typeVocab = c.contains("type_vocab_size") ? positive(c, "type_vocab_size", configFile) : 2;
        cfg.layerNormEps = c.value("layer_norm_eps", 1e-12);
        if (cfg.hidden % cfg.heads != 0)
            throwError(ErrorKind::BadInput, configFile.string() + ": hidden_size " + std::to_string(cfg.hidden) + " is not a multiple of num_attention_heads " +
                                                std::to_string(cfg.heads));
        if (const std::string act = c.value("hidden_act", "gelu"); act != "gelu")
            throwError(ErrorKind::BadInput, configFile.string() + ": hidden_act \"" + act + "\" is not read (gelu is)");
        if (const std::string pos = c.value("position_embedding_type", "absolute"); pos != "absolute")
            throwError(ErrorKind::BadInput, configFile.string() + ": position_embedding_type \"" + pos + "\" is not read (absolute is)");

        impl->tokenizer = std::make_unique<WordPieceTokenizer>(std::filesystem::exists(folder / "tokenizer.json")
                                                                   ? WordPieceTokenizer::fromTokenizerJson(folder / "tokenizer.json")
                                                                   : WordPieceTokenizer::fromVocabTxt(folder / "vocab.txt"));
        cfg.maxSequence = std::min(cfg.maxPositions, impl->tokenizer->maxLength() ? impl->tokenizer->maxLength() : cfg.maxPositions);
        reading = folder / "sentence_bert_config.json";
        if (std::filesystem::exists(reading)) {
            const auto sentence = readJson(reading);
            if (sentence.contains("max_seq_length"))
                cfg.maxSequence = std::min(cfg.maxPositions, positive(sentence, "max_seq_length", reading));
        }
        reading = folder / "modules.json";
        if (std::filesystem::exists(reading)) {
            for (const auto &m : readJson(folder / "modules.json")) {
                const std::string type = m.value("type", "");
                if (type == "sentence_transformers.models.Normalize")
                    cfg.normalize = true;
                if (type == "sentence_transformers.models.Pooling") {
                    reading = folder / m.value("path", "1_Pooling") / "config.json";
                    const auto pooling = readJson(reading);
                    cfg.meanPooling = pooling.value("pooling_mode_mean_tokens", true);
                    if (!cfg.meanPooling && !pooling.value("pooling_mode_cls_token", false))
                        throwError(ErrorKind::BadInput, reading.string() + ": only mean and [CLS] pooling are read");
                    reading = folder / "modules.json";
                }
            }
        }
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::BadInput, reading.string() + ": a field holds another type than the format's (" + e.what() + ")");
    }

    const SafetensorsFile weights(folder / "model.safetensors");
    if (!weights.find("embeddings.word_embeddings.weight") && weights.find("bert.embeddings.word_embeddings.weight"))
        cfg.prefix = "bert.";
    const auto H = std::int64_t(cfg.hidden), I = std::int64_t(cfg.intermediate);
    const auto vocab = std::int64_t(impl->tokenizer->vocabularySize());
    impl->word = impl->weight(weights, "embeddings.word_embeddings.weight", {vocab, H});
    impl->position = impl->weight(weights, "embeddings.position_embeddings.weight", {std::int64_t(cfg.maxPositions), H});
    impl->type = impl->weight(weights, "embeddings.token_type_embeddings.weight", {std::int64_t(cfg.typeVocab), H});
    impl->lnw = impl->weight(weights, "embeddings.LayerNorm.weight", {H});
    impl->lnb = impl->weight(weights, "embeddings.LayerNorm.bias", {H});
    for (std::size_t i = 0; i < cfg.layers; ++i) {
        const std::string p = "encoder.layer." + std::to_string(i) + ".";
        Layer l;
        l.qkvw = at::cat({impl->weight(weights, p + "attention.self.query.weight", {H, H}), impl->weight(weights, p + "attention.self.key.weight", {H, H}),
                          impl->weight(weights, p + "attention.self.value.weight", {H, H})});
        l.qkvb = at::cat({impl->weight(weights, p + "attention.self.query.bias", {H}), impl->weight(weights, p + "attention.self.key.bias", {H}),
                          impl->weight(weights, p + "attention.self.value.bias", {H})});
        l.ow = impl->weight(weights, p + "attention.output.dense.weight", {H, H});
        l.ob = impl->weight(weights, p + "attention.output.dense.bias", {H});
        l.ln1w = impl->weight(weights, p + "attention.output.LayerNorm.weight", {H});
        l.ln1b = impl->weight(weights, p + "attention.output.LayerNorm.bias", {H});
        l.iw = impl->weight(weights, p + "intermediate.dense.weight", {I, H});
        l.ib = impl->weight(weights, p + "intermediate.dense.bias", {I});
        l.o2w = impl->weight(weights, p + "output.dense.weight", {H, I});
        l.o2b = impl->weight(weights, p + "output.dense.bias", {H});
        l.ln2w = impl->weight(weights, p + "output.LayerNorm.weight", {H});
        l.ln2b = impl->weight(weights, p + "output.LayerNorm.bias", {H});
        impl->layers.push_back(std::move(l));
    }
    return std::unique_ptr<BertEncoder>(new BertEncoder(std::move(impl)));
}

std::size_t BertEncoder::dimension() const
{
    return d->config.hidden;
}

const EncoderConfig &BertEncoder::config() const
{
    return d->config;
}

const WordPieceTokenizer &BertEncoder::tokenizer() const
{
    return *d->tokenizer;
}

compute::DeviceId BertEncoder::device() const
{
    return d->device;
}

std::vector<std::vector<float>> BertEncoder::embed(const std::vector<std::string> &texts, std::size_t batchSize) const
{
    std::vector<std::vector<std::int32_t>> ids;
    ids.reserve(texts.size());
    for (const std::string &t : texts)
        ids.push_back(d->tokenizer->encode(t, true, d->config.maxSequence).ids);
    return embedIds(ids, batchSize);
}

std::vector<std::vector<float>> BertEncoder::embedIds(const std::vector<std::vector<std::int32_t>> &ids, std::size_t batchSize) const
{
    if (batchSize == 0)
        throwError(ErrorKind::BadInput, "the batch size must be at least 1");
    at::NoGradGuard noGrad;
    // Length buckets: neighbours in length share a batch, so little padding is computed.
    std::vector<std::size_t> order(ids.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a].size() < ids[b].size(); });
    std::vector<std::vector<float>> out(ids.size());
    // At most kTokensPerBatch padded tokens at once: long texts come in smaller batches, so the
    // attention scores (batch × heads × length²) stay bounded.
    constexpr std::size_t kTokensPerBatch = 8192;
    for (std::size_t start = 0, end = 0; start < order.size(); start = end) {
        end = start;
        std::size_t T = 1;
        while (end < order.size() && end - start < batchSize && std::max(T, ids[order[end]].size()) * (end - start + 1) <= kTokensPerBatch) {
            T = std::max(T, ids[order[end]].size());
            ++end;
        }
        if (end == start)
            ++end; // one text longer than the budget still runs, alone
        T = 1;
        for (std::size_t i = start; i < end; ++i) {
            if (ids[order[i]].size() > d->config.maxPositions)
                throwError(ErrorKind::BadInput, "a text of " + std::to_string(ids[order[i]].size()) + " tokens is longer than the model's " +
                                                    std::to_string(d->config.maxPositions) + " positions");
            T = std::max(T, ids[order[i]].size());
        }
        const auto B = std::int64_t(end - start);
        at::Tensor batch = at::full({B, std::int64_t(T)}, d->tokenizer->padId(), at::kLong);
        at::Tensor mask = at::zeros({B, std::int64_t(T)}, at::kLong);
        std::vector<std::int64_t> lengths(static_cast<std::size_t>(B));
        auto b = batch.accessor<std::int64_t, 2>();
        auto m = mask.accessor<std::int64_t, 2>();
        for (std::int64_t r = 0; r < B; ++r) {
            const auto &row = ids[order[start + std::size_t(r)]];
            lengths[std::size_t(r)] = std::int64_t(row.size());
            for (std::size_t t = 0; t < row.size(); ++t) {
                if (row[t] < 0 || std::size_t(row[t]) >= d->tokenizer->vocabularySize())
                    throwError(ErrorKind::BadInput, "token id " + std::to_string(row[t]) + " is outside the vocabulary");
                b[r][std::int64_t(t)] = row[t];
                m[r][std::int64_t(t)] = 1;
            }
        }
        const at::Tensor pooled = d->forward(batch.to(d->torchDevice), mask.to(d->torchDevice), lengths).to(at::kCPU).contiguous();
        const float *p = pooled.data_ptr<float>();
        const std::size_t H = d->config.hidden;
        for (std::int64_t r = 0; r < B; ++r)
            out[order[start + std::size_t(r)]].assign(p + std::size_t(r) * H, p + std::size_t(r + 1) * H);
    }
    return out;
}

} // namespace keel::nn
