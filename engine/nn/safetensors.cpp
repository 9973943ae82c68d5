#include "nn/safetensors.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cstring>

namespace keel::nn {

std::size_t safetensorsElementBytes(const std::string &dtype)
{
    static const std::map<std::string, std::size_t> sizes{{"BOOL", 1}, {"U8", 1},  {"I8", 1},   {"F8_E4M3", 1}, {"F8_E5M2", 1},
                                                          {"I16", 2},  {"U16", 2}, {"F16", 2},  {"BF16", 2},    {"I32", 4},
                                                          {"U32", 4},  {"F32", 4}, {"F64", 8},  {"I64", 8},     {"U64", 8}};
    const auto it = sizes.find(dtype);
    return it == sizes.end() ? 0 : it->second;
}

SafetensorsFile::SafetensorsFile(const std::filesystem::path &path)
    : m_file(path)
{
    const std::string where = path.string();
    const auto bytes = m_file.bytes();
    if (bytes.size() < 8)
        throwError(ErrorKind::BadInput, where + ": too short for a safetensors file (" + std::to_string(bytes.size()) + " bytes)");
    std::uint64_t headerSize;
    std::memcpy(&headerSize, bytes.data(), 8);
    if (headerSize > bytes.size() - 8 || headerSize > (std::uint64_t(100) << 20))
        throwError(ErrorKind::BadInput, where + ": header length " + std::to_string(headerSize) + " runs past the file's " +
                                            std::to_string(bytes.size()) + " bytes (truncated, or not safetensors)");
    m_dataStart = 8 + std::size_t(headerSize);
    const std::size_t dataSize = bytes.size() - m_dataStart;
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(reinterpret_cast<const char *>(bytes.data()) + 8,
                                       reinterpret_cast<const char *>(bytes.data()) + m_dataStart);
    } catch (const nlohmann::json::exception &e) {
        throwError(ErrorKind::BadInput, where + ": the header is not JSON (" + e.what() + ")");
    }
    if (!header.is_object())
        throwError(ErrorKind::BadInput, where + ": the header is not a JSON object");
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") {
            if (it->is_object())
                for (auto m = it->begin(); m != it->end(); ++m)
                    if (m->is_string())
                        m_metadata[m.key()] = m->get<std::string>();
            continue;
        }
        const std::string at = where + ": tensor \"" + it.key() + "\"";
        const nlohmann::json &t = *it;
        if (!t.is_object() || !t.contains("dtype") || !t.contains("shape") || !t.contains("data_offsets") || !t["dtype"].is_string() ||
            !t["shape"].is_array() || !t["data_offsets"].is_array() || t["data_offsets"].size() != 2)
            throwError(ErrorKind::BadInput, at + " needs dtype, shape and two data_offsets");
        SafetensorsTensor tensor;
        tensor.name = it.key();
        tensor.dtype = t["dtype"].get<std::string>();
        const std::size_t elementBytes = safetensorsElementBytes(tensor.dtype);
        if (!elementBytes)
            throwError(ErrorKind::BadInput, at + " has unknown dtype " + tensor.dtype);
        tensor.elements = 1;
        for (const auto &d : t["shape"]) {
            if (!d.is_number_integer() || d.get<std::int64_t>() < 0)
                throwError(ErrorKind::BadInput, at + " has a shape that is not a list of sizes");
            tensor.shape.push_back(d.get<std::int64_t>());
            if (tensor.shape.back() != 0 && tensor.elements > (std::uint64_t(1) << 48) / std::uint64_t(tensor.shape.back()))
                throwError(ErrorKind::BadInput, at + " has an impossibly large shape");
            tensor.elements *= std::uint64_t(tensor.shape.back());
        }
        const auto &offsets = t["data_offsets"];
        if (!offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
            throwError(ErrorKind::BadInput, at + " has data_offsets that are not byte offsets");
        tensor.begin = offsets[0].get<std::size_t>();
        tensor.end = offsets[1].get<std::size_t>();
        if (tensor.begin > tensor.end || tensor.end > dataSize)
            throwError(ErrorKind::BadInput, at + ": bytes [" + std::to_string(tensor.begin) + ", " + std::to_string(tensor.end) +
                                                ") lie outside the data's " + std::to_string(dataSize) + " bytes (truncated file?)");
        if (tensor.end - tensor.begin != tensor.elements * elementBytes)
            throwError(ErrorKind::BadInput, at + ": " + std::to_string(tensor.end - tensor.begin) + " bytes for " +
                                                std::to_string(tensor.elements) + " " + tensor.dtype + " values");
        m_index[tensor.name] = m_tensors.size();
        m_tensors.push_back(std::move(tensor));
    }
}

const SafetensorsTensor *SafetensorsFile::find(const std::string &name) const
{
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : &m_tensors[it->second];
}

const SafetensorsTensor &SafetensorsFile::tensor(const std::string &name) const
{
    if (const auto *t = find(name))
        return *t;
    throwError(ErrorKind::NotFound, m_file.path().string() + " has no tensor \"" + name + "\"");
}

std::span<const std::byte> SafetensorsFile::data(const SafetensorsTensor &tensor) const
{
    return m_file.bytes().subspan(m_dataStart + tensor.begin, tensor.end - tensor.begin);
}

std::vector<float> SafetensorsFile::toFloat(const SafetensorsTensor &tensor) const
{
    DType type;
    if (tensor.dtype == "F32")
        type = DType::F32;
    else if (tensor.dtype == "F16")
        type = DType::F16;
    else if (tensor.dtype == "BF16")
        type = DType::BF16;
    else
        throwError(ErrorKind::BadInput, m_file.path().string() + ": tensor \"" + tensor.name + "\" is " + tensor.dtype +
                                            "; only F32, F16 and BF16 weights are read");
    std::vector<float> out(tensor.elements);
    dequantize(type, data(tensor), out);
    return out;
}

} // namespace keel::nn
