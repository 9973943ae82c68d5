#pragma once

#include "compute/job.h"
#include "nn/tokenizer.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace keel::nn {

// The BERT-family configuration a sentence-transformers folder declares.
struct EncoderConfig {
    std::size_t hidden = 0, layers = 0, heads = 0, intermediate = 0, maxPositions = 512, typeVocab = 2;
    double layerNormEps = 1e-12;
    std::size_t maxSequence = 512;   // sentence_bert_config.json's max_seq_length, else the tokenizer's
    bool meanPooling = true;         // else the [CLS] token
    bool normalize = false;          // a Normalize module follows pooling
    std::string prefix;              // "" or "bert." before the weights' names
};

// A sentence-embedding model (BERT, MiniLM, ...) run on libtorch: WordPiece ids, the encoder
// (absolute positions, post-LayerNorm blocks, exact GELU), mean pooling over the attention
// mask, L2 normalisation when the model has it. Texts are sorted by length into batches so
// little padding is computed.
class BertEncoder {
public:
    // A sentence-transformers folder: config.json, model.safetensors, tokenizer.json (or
    // vocab.txt), and modules.json, 1_Pooling/config.json, sentence_bert_config.json when
    // present. Throws keel::Error naming the file and the field or tensor that is wrong.
    static std::unique_ptr<BertEncoder> load(const std::filesystem::path &folder, compute::DeviceId device = compute::DeviceId::cpu());
    ~BertEncoder();

    std::size_t dimension() const;
    const EncoderConfig &config() const;
    const WordPieceTokenizer &tokenizer() const;
    compute::DeviceId device() const;

    std::vector<std::vector<float>> embed(const std::vector<std::string> &texts, std::size_t batchSize = 64) const;
    std::vector<std::vector<float>> embedIds(const std::vector<std::vector<std::int32_t>> &ids, std::size_t batchSize = 64) const;

private:
    struct Impl;
    explicit BertEncoder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace keel::nn
