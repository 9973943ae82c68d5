#pragma once

#include "nn/dtype.h"
#include "core/mappedfile.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace keel::nn {

// GGUF's metadata value types, numbered as the format numbers them.
enum class GgufType : std::uint32_t {
    Uint8 = 0, Int8 = 1, Uint16 = 2, Int16 = 3, Uint32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, Uint64 = 10, Int64 = 11, Float64 = 12,
};
const char *toString(GgufType type);

// One metadata value. Scalars sit in the field of their kind; arrays keep their elements in the
// vector of their element kind (integers and booleans in `integers`, floats in `reals`, strings
// in `strings`, arrays in `items`).
struct GgufValue {
    GgufType type = GgufType::Uint8;
    GgufType elementType = GgufType::Uint8;  // arrays
    std::int64_t integer = 0;                // signed, unsigned (below 2^63) and bool scalars
    std::uint64_t unsignedInteger = 0;       // unsigned scalars, whole
    double real = 0;
    std::string string;
    std::vector<std::int64_t> integers;
    std::vector<double> reals;
    std::vector<std::string> strings;
    std::vector<GgufValue> items;
    std::size_t size() const;                // an array's length
};

struct GgufTensor {
    std::string name;
    std::vector<std::uint64_t> shape;        // ggml's order: the first dimension is the contiguous one
    std::uint32_t ggmlType = 0;
    std::optional<DType> dtype;              // empty for types Keel does not read
    std::uint64_t offset = 0;                // from the start of the data section
    std::uint64_t elements = 0;
    std::size_t bytes = 0;
};

// A GGUF file (llama.cpp's format, versions 2 and 3), memory-mapped: its metadata, its tensor
// infos, and each tensor's bytes in place. Every count, length, offset and size is checked
// against the file when it is opened; errors name the file and the key or tensor.
class GgufFile {
public:
    explicit GgufFile(const std::filesystem::path &path);

    std::uint32_t version() const { return m_version; }
    std::size_t alignment() const { return m_alignment; }
    const std::vector<std::pair<std::string, GgufValue>> &metadata() const { return m_metadata; }
    const GgufValue *find(const std::string &key) const;
    // Typed access; throw keel::Error naming the key when it is missing or of another type.
    std::string getString(const std::string &key) const;
    std::int64_t getInteger(const std::string &key) const;
    double getReal(const std::string &key) const;               // floats and integers
    std::optional<std::int64_t> integerOr(const std::string &key) const;
    std::optional<double> realOr(const std::string &key) const;

    const std::vector<GgufTensor> &tensors() const { return m_tensors; }
    const GgufTensor *findTensor(const std::string &name) const;
    const GgufTensor &tensor(const std::string &name) const;
    std::span<const std::byte> data(const GgufTensor &tensor) const;
    // The tensor's pages leave memory until read again (MappedFile::release).
    void release(const GgufTensor &tensor) const { m_file.release(data(tensor)); }
    // The tensor's values as floats; throws keel::Error naming the tensor for types not read.
    std::vector<float> dequantize(const GgufTensor &tensor) const;
    const std::filesystem::path &path() const { return m_file.path(); }

private:
    MappedFile m_file;
    std::uint32_t m_version = 0;
    std::size_t m_alignment = 32;
    std::size_t m_dataStart = 0;
    std::vector<std::pair<std::string, GgufValue>> m_metadata;
    std::map<std::string, std::size_t> m_metadataIndex;
    std::vector<GgufTensor> m_tensors;
    std::map<std::string, std::size_t> m_tensorIndex;
};

// Bytes per block and elements per block of a ggml type (also for types Keel does not decode),
// or nullopt when unknown.
std::optional<std::pair<std::size_t, std::size_t>> ggmlBlock(std::uint32_t ggmlType);

} // namespace keel::nn
