#pragma once

#include "nn/dtype.h"
#include "core/mappedfile.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace keel::nn {

// A tensor of a safetensors file: where its bytes lie in the mapped file.
struct SafetensorsTensor {
    std::string name;
    std::string dtype;                 // as written: "F32", "F16", "BF16", "I64", ...
    std::vector<std::int64_t> shape;
    std::size_t begin = 0, end = 0;    // byte offsets into the data section
    std::uint64_t elements = 0;
};

// A safetensors file (Hugging Face's format: an 8-byte little-endian header length, a JSON
// header of dtype, shape and data_offsets per tensor, then the data), memory-mapped. Every
// offset and size is checked when the file is opened; errors name the file and the tensor.
class SafetensorsFile {
public:
    explicit SafetensorsFile(const std::filesystem::path &path);

    const std::vector<SafetensorsTensor> &tensors() const { return m_tensors; }
    const SafetensorsTensor *find(const std::string &name) const;
    // Throws keel::Error (NotFound) naming the tensor and the file.
    const SafetensorsTensor &tensor(const std::string &name) const;
    const std::map<std::string, std::string> &metadata() const { return m_metadata; }
    std::span<const std::byte> data(const SafetensorsTensor &tensor) const;
    // F32, F16 and BF16 tensors as floats; other dtypes are an error naming the tensor.
    std::vector<float> toFloat(const SafetensorsTensor &tensor) const;
    const std::filesystem::path &path() const { return m_file.path(); }

private:
    MappedFile m_file;
    std::size_t m_dataStart = 0;
    std::vector<SafetensorsTensor> m_tensors;
    std::map<std::string, std::size_t> m_index;
    std::map<std::string, std::string> m_metadata;
};

// Bytes per element of a safetensors dtype name; 0 for names the format does not define.
std::size_t safetensorsElementBytes(const std::string &dtype);

} // namespace keel::nn
