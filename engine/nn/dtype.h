#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace keel::nn {

// Element types of weight files. Quantised types store blocks: `blockElements` values in
// `blockBytes` bytes (ggml's layouts, as GGUF files hold them).
enum class DType { F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q6_K };

struct DTypeInfo {
    const char *name;
    std::size_t blockElements;
    std::size_t blockBytes;
};
DTypeInfo info(DType type);
const char *toString(DType type);

// ggml's type number (GGUF tensor infos) → DType; nullopt for types Keel does not read.
std::optional<DType> fromGgmlType(std::uint32_t ggmlType);
// A ggml type number's name, also for types Keel does not read ("Q5_K", "IQ2_XS"...).
std::string ggmlTypeName(std::uint32_t ggmlType);

// Bytes that `elements` values of `type` take; throws keel::Error when `elements` is not a
// whole number of blocks.
std::size_t storageBytes(DType type, std::uint64_t elements);

float halfToFloat(std::uint16_t h);
float bfloat16ToFloat(std::uint16_t b);

// Decodes `out.size()` values of `type` from `data` (which must hold storageBytes of them).
void dequantize(DType type, std::span<const std::byte> data, std::span<float> out);

} // namespace keel::nn
