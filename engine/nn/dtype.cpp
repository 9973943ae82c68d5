#include "nn/dtype.h"

#include "core/error.h"

#include <cstring>

namespace keel::nn {
namespace {

std::uint16_t u16(const std::byte *p)
{
    std::uint16_t v;
    std::memcpy(&v, p, 2);
    return v;
}

float f16At(const std::byte *p)
{
    return halfToFloat(u16(p));
}

// The 6-bit scale and min of sub-block j of a Q4_K super-block (12 packed bytes).
void scaleMinK4(int j, const std::uint8_t *q, std::uint8_t &scale, std::uint8_t &min)
{
    if (j < 4) {
        scale = q[j] & 63;
        min = q[j + 4] & 63;
    } else {
        scale = std::uint8_t((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4));
        min = std::uint8_t((q[j + 4] >> 4) | ((q[j] >> 6) << 4));
    }
}

} // namespace

DTypeInfo info(DType type)
{
    switch (type) {
    case DType::F32: return {"F32", 1, 4};
    case DType::F16: return {"F16", 1, 2};
    case DType::BF16: return {"BF16", 1, 2};
    case DType::Q4_0: return {"Q4_0", 32, 18};  // f16 scale, 16 bytes of 4-bit values
    case DType::Q4_1: return {"Q4_1", 32, 20};  // f16 scale, f16 min, 16 bytes of 4-bit values
    case DType::Q5_0: return {"Q5_0", 32, 22};  // f16 scale, 32 fifth bits, 16 bytes of low 4 bits
    case DType::Q5_1: return {"Q5_1", 32, 24};  // f16 scale, f16 min, 32 fifth bits, 16 bytes of low 4 bits
    case DType::Q8_0: return {"Q8_0", 32, 34};  // f16 scale, 32 int8 values
    case DType::Q4_K: return {"Q4_K", 256, 144}; // f16 d, f16 dmin, 12 bytes of 6-bit scales/mins, 128 bytes of 4-bit values
    case DType::Q6_K: return {"Q6_K", 256, 210}; // 128 bytes low 4 bits, 64 bytes high 2 bits, 16 int8 scales, f16 d
    }
    return {"?", 1, 1};
}

const char *toString(DType type)
{
    return info(type).name;
}

std::optional<DType> fromGgmlType(std::uint32_t t)
{
    switch (t) {
    case 0: return DType::F32;
    case 1: return DType::F16;
    case 2: return DType::Q4_0;
    case 3: return DType::Q4_1;
    case 6: return DType::Q5_0;
    case 7: return DType::Q5_1;
    case 8: return DType::Q8_0;
    case 12: return DType::Q4_K;
    case 14: return DType::Q6_K;
    case 30: return DType::BF16;
    default: return std::nullopt;
    }
}

std::string ggmlTypeName(std::uint32_t t)
{
    static const char *const names[] = {"F32",  "F16",  "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0",    "Q5_1",   "Q8_0",  "Q8_1",  "Q2_K",
                                        "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S",
                                        "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16"};
    return t < std::size(names) ? names[t] : "type " + std::to_string(t);
}

std::size_t storageBytes(DType type, std::uint64_t elements)
{
    const DTypeInfo i = info(type);
    if (elements % i.blockElements != 0)
        throwError(ErrorKind::BadInput, std::to_string(elements) + " values are not whole blocks of " + std::to_string(i.blockElements) +
                                            " for " + i.name);
    return std::size_t(elements / i.blockElements) * i.blockBytes;
}

float halfToFloat(std::uint16_t h)
{
    const std::uint32_t sign = std::uint32_t(h & 0x8000) << 16;
    const std::uint32_t exponent = (h >> 10) & 0x1F;
    std::uint32_t mantissa = h & 0x3FF;
    std::uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else { // subnormal: normalise
            int e = -1;
            do {
                ++e;
                mantissa <<= 1;
            } while ((mantissa & 0x400) == 0);
            bits = sign | std::uint32_t(127 - 15 - e) << 23 | (mantissa & 0x3FF) << 13;
        }
    } else if (exponent == 31) {
        bits = sign | 0x7F800000u | mantissa << 13; // inf or NaN
    } else {
        bits = sign | (exponent + 127 - 15) << 23 | mantissa << 13;
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

float bfloat16ToFloat(std::uint16_t b)
{
    const std::uint32_t bits = std::uint32_t(b) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

void dequantize(DType type, std::span<const std::byte> data, std::span<float> out)
{
    const std::size_t need = storageBytes(type, out.size());
    if (data.size() < need)
        throwError(ErrorKind::BadInput, std::string(toString(type)) + ": " + std::to_string(out.size()) + " values need " +
                                            std::to_string(need) + " bytes, " + std::to_string(data.size()) + " given");
    const std::byte *p = data.data();
    float *y = out.data();
    const std::size_t n = out.size();
    switch (type) {
    case DType::F32:
        if (n > 0) // (an empty tensor's spans may hold null pointers)
            std::memcpy(y, p, n * 4);
        return;
    case DType::F16:
        for (std::size_t i = 0; i < n; ++i)
            y[i] = halfToFloat(u16(p + 2 * i));
        return;
    case DType::BF16:
        for (std::size_t i = 0; i < n; ++i)
            y[i] = bfloat16ToFloat(u16(p + 2 * i));
        return;
    case DType::Q4_0:
        for (std::size_t b = 0; b < n / 32; ++b, p += 18, y += 32) {
            const float d = f16At(p);
            const auto *q = reinterpret_cast<const std::uint8_t *>(p + 2);
            for (int j = 0; j < 16; ++j) {
                y[j] = float((q[j] & 0xF) - 8) * d;      // low nibbles: the first 16 values
                y[j + 16] = float((q[j] >> 4) - 8) * d;  // high nibbles: the last 16
            }
        }
        return;
    case DType::Q4_1:
        for (std::size_t b = 0; b < n / 32; ++b, p += 20, y += 32) {
            const float d = f16At(p), m = f16At(p + 2);
            const auto *q = reinterpret_cast<const std::uint8_t *>(p + 4);
            for (int j = 0; j < 16; ++j) {
                y[j] = float(q[j] & 0xF) * d + m;
                y[j + 16] = float(q[j] >> 4) * d + m;
            }
        }
        return;
    case DType::Q5_0:
    case DType::Q5_1:
        // ggml's layout: value j takes its fifth bit from bit j of qh (a little-endian uint32),
        // its low four bits from nibble j (low nibbles first, as in Q4).
        for (std::size_t b = 0; b < n / 32; ++b, y += 32) {
            const bool withMin = type == DType::Q5_1;
            const float d = f16At(p), m = withMin ? f16At(p + 2) : 0.0f;
            std::uint32_t qh;
            std::memcpy(&qh, p + (withMin ? 4 : 2), 4);
            const auto *q = reinterpret_cast<const std::uint8_t *>(p + (withMin ? 8 : 6));
            for (int j = 0; j < 16; ++j) {
                const int lo = int(q[j] & 0xF) | int(((qh >> j) << 4) & 0x10);
                const int hi = int(q[j] >> 4) | int((qh >> (j + 12)) & 0x10);
                if (withMin) {
                    y[j] = float(lo) * d + m;
                    y[j + 16] = float(hi) * d + m;
                } else {
                    y[j] = float(lo - 16) * d;
                    y[j + 16] = float(hi - 16) * d;
                }
            }
            p += withMin ? 24 : 22;
        }
        return;
    case DType::Q8_0:
        for (std::size_t b = 0; b < n / 32; ++b, p += 34, y += 32) {
            const float d = f16At(p);
            const auto *q = reinterpret_cast<const std::int8_t *>(p + 2);
            for (int j = 0; j < 32; ++j)
                y[j] = float(q[j]) * d;
        }
        return;
    case DType::Q4_K:
        for (std::size_t b = 0; b < n / 256; ++b, p += 144) {
            const float d = f16At(p), dmin = f16At(p + 2);
            const auto *scales = reinterpret_cast<const std::uint8_t *>(p + 4);
            const auto *q = reinterpret_cast<const std::uint8_t *>(p + 16);
            // Four pairs of 32-value sub-blocks; each pair shares 32 bytes (low nibbles, then high).
            for (int pair = 0; pair < 4; ++pair, q += 32) {
                std::uint8_t sc, mn;
                scaleMinK4(2 * pair, scales, sc, mn);
                const float d1 = d * sc, m1 = dmin * mn;
                scaleMinK4(2 * pair + 1, scales, sc, mn);
                const float d2 = d * sc, m2 = dmin * mn;
                for (int l = 0; l < 32; ++l)
                    *y++ = d1 * float(q[l] & 0xF) - m1;
                for (int l = 0; l < 32; ++l)
                    *y++ = d2 * float(q[l] >> 4) - m2;
            }
        }
        return;
    case DType::Q6_K:
        for (std::size_t b = 0; b < n / 256; ++b, p += 210) {
            const auto *ql = reinterpret_cast<const std::uint8_t *>(p);
            const auto *qh = reinterpret_cast<const std::uint8_t *>(p + 128);
            const auto *sc = reinterpret_cast<const std::int8_t *>(p + 192);
            const float d = f16At(p + 208);
            // Two halves of 128 values: 64 bytes of low bits, 32 of high bits, 8 scales each.
            for (int half = 0; half < 2; ++half, ql += 64, qh += 32, sc += 8, y += 128) {
                for (int l = 0; l < 32; ++l) {
                    const int is = l / 16;
                    const int q1 = int((ql[l] & 0xF) | ((qh[l] >> 0 & 3) << 4)) - 32;
                    const int q2 = int((ql[l + 32] & 0xF) | ((qh[l] >> 2 & 3) << 4)) - 32;
                    const int q3 = int((ql[l] >> 4) | ((qh[l] >> 4 & 3) << 4)) - 32;
                    const int q4 = int((ql[l + 32] >> 4) | ((qh[l] >> 6 & 3) << 4)) - 32;
                    y[l] = d * float(sc[is]) * float(q1);
                    y[l + 32] = d * float(sc[is + 2]) * float(q2);
                    y[l + 64] = d * float(sc[is + 4]) * float(q3);
                    y[l + 96] = d * float(sc[is + 6]) * float(q4);
                }
            }
        }
        return;
    }
}

} // namespace keel::nn
