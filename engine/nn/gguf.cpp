#include "nn/gguf.h"

#include "core/error.h"

#include <algorithm>
#include <cstring>

namespace keel::nn {
namespace {

// Reads little-endian values from the mapped bytes, checking each against the end.
class Cursor {
public:
    Cursor(std::span<const std::byte> bytes, std::string file) : m_bytes(bytes), m_file(std::move(file)) {}

    template<typename T>
    T get(const std::string &what)
    {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, m_bytes.data() + m_at, sizeof v);
        m_at += sizeof v;
        return v;
    }

    std::string string(const std::string &what)
    {
        const auto n = get<std::uint64_t>(what + " (length)");
        need(n, what);
        std::string s(reinterpret_cast<const char *>(m_bytes.data()) + m_at, std::size_t(n));
        m_at += std::size_t(n);
        return s;
    }

    std::size_t at() const { return m_at; }
    std::size_t left() const { return m_bytes.size() - m_at; }
    [[noreturn]] void fail(const std::string &why) const
    {
        throwError(ErrorKind::BadInput, m_file + ": byte " + std::to_string(m_at) + ": " + why);
    }

private:
    void need(std::uint64_t n, const std::string &what) const
    {
        if (n > left())
            fail(what + " needs " + std::to_string(n) + " bytes, " + std::to_string(left()) + " left (truncated file?)");
    }
    std::span<const std::byte> m_bytes;
    std::string m_file;
    std::size_t m_at = 0;
};

std::size_t scalarBytes(GgufType t)
{
    switch (t) {
    case GgufType::Uint8: case GgufType::Int8: case GgufType::Bool: return 1;
    case GgufType::Uint16: case GgufType::Int16: return 2;
    case GgufType::Uint32: case GgufType::Int32: case GgufType::Float32: return 4;
    case GgufType::Uint64: case GgufType::Int64: case GgufType::Float64: return 8;
    default: return 0;
    }
}

bool isInteger(GgufType t)
{
    return t == GgufType::Uint8 || t == GgufType::Int8 || t == GgufType::Uint16 || t == GgufType::Int16 || t == GgufType::Uint32 ||
           t == GgufType::Int32 || t == GgufType::Uint64 || t == GgufType::Int64 || t == GgufType::Bool;
}

GgufType checkedType(std::uint32_t raw, Cursor &in, const std::string &key)
{
    if (raw > std::uint32_t(GgufType::Float64))
        in.fail("key \"" + key + "\" has unknown value type " + std::to_string(raw));
    return GgufType(raw);
}

// One scalar of type t, into the value's integer / unsignedInteger / real fields.
void readScalar(Cursor &in, GgufType t, GgufValue &v, const std::string &key)
{
    switch (t) {
    case GgufType::Uint8: v.unsignedInteger = in.get<std::uint8_t>(key); v.integer = std::int64_t(v.unsignedInteger); break;
    case GgufType::Int8: v.integer = in.get<std::int8_t>(key); break;
    case GgufType::Uint16: v.unsignedInteger = in.get<std::uint16_t>(key); v.integer = std::int64_t(v.unsignedInteger); break;
    case GgufType::Int16: v.integer = in.get<std::int16_t>(key); break;
    case GgufType::Uint32: v.unsignedInteger = in.get<std::uint32_t>(key); v.integer = std::int64_t(v.unsignedInteger); break;
    case GgufType::Int32: v.integer = in.get<std::int32_t>(key); break;
    case GgufType::Uint64: v.unsignedInteger = in.get<std::uint64_t>(key); v.integer = std::int64_t(v.unsignedInteger); break;
    case GgufType::Int64: v.integer = in.get<std::int64_t>(key); break;
    case GgufType::Float32: v.real = in.get<float>(key); break;
    case GgufType::Float64: v.real = in.get<double>(key); break;
    case GgufType::Bool: {
        const auto b = in.get<std::uint8_t>(key);
        if (b > 1)
            in.fail("key \"" + key + "\" holds a bool that is neither 0 nor 1");
        v.integer = b;
        break;
    }
    default: break;
    }
    if (isInteger(t) && t != GgufType::Uint64 && t != GgufType::Uint32 && t != GgufType::Uint16 && t != GgufType::Uint8)
        v.unsignedInteger = std::uint64_t(v.integer);
}

GgufValue readValue(Cursor &in, GgufType t, const std::string &key, int depth)
{
    GgufValue v;
    v.type = t;
    if (t == GgufType::String) {
        v.string = in.string("key \"" + key + "\"");
        return v;
    }
    if (t != GgufType::Array) {
        readScalar(in, t, v, "key \"" + key + "\"");
        return v;
    }
    if (depth > 4)
        in.fail("key \"" + key + "\" nests arrays more than 4 deep");
    v.elementType = checkedType(in.get<std::uint32_t>("key \"" + key + "\" (array type)"), in, key);
    const auto count = in.get<std::uint64_t>("key \"" + key + "\" (array length)");
    // Each element takes at least one byte (strings at least eight): a count past that is a lie.
    const std::size_t least = v.elementType == GgufType::String ? 8 : v.elementType == GgufType::Array ? 12 : scalarBytes(v.elementType);
    if (count > in.left() / std::max<std::size_t>(least, 1))
        in.fail("key \"" + key + "\" claims " + std::to_string(count) + " elements, more than the file holds");
    for (std::uint64_t i = 0; i < count; ++i) {
        if (v.elementType == GgufType::String) {
            v.strings.push_back(in.string("key \"" + key + "\" [" + std::to_string(i) + "]"));
        } else if (v.elementType == GgufType::Array) {
            v.items.push_back(readValue(in, GgufType::Array, key + "[" + std::to_string(i) + "]", depth + 1));
        } else {
            GgufValue e;
            readScalar(in, v.elementType, e, "key \"" + key + "\"");
            if (v.elementType == GgufType::Float32 || v.elementType == GgufType::Float64)
                v.reals.push_back(e.real);
            else
                v.integers.push_back(e.integer);
        }
    }
    return v;
}

} // namespace

const char *toString(GgufType type)
{
    static const char *const names[] = {"uint8", "int8", "uint16", "int16", "uint32", "int32", "float32",
                                        "bool",  "string", "array", "uint64", "int64", "float64"};
    return std::uint32_t(type) < std::size(names) ? names[std::uint32_t(type)] : "?";
}

std::size_t GgufValue::size() const
{
    return std::max({integers.size(), reals.size(), strings.size(), items.size()});
}

std::optional<std::pair<std::size_t, std::size_t>> ggmlBlock(std::uint32_t t)
{
    // (bytes per block, elements per block), from ggml's type table.
    switch (t) {
    case 0: return std::pair{4, 1};     // F32
    case 1: return std::pair{2, 1};     // F16
    case 2: return std::pair{18, 32};   // Q4_0
    case 3: return std::pair{20, 32};   // Q4_1
    case 6: return std::pair{22, 32};   // Q5_0
    case 7: return std::pair{24, 32};   // Q5_1
    case 8: return std::pair{34, 32};   // Q8_0
    case 9: return std::pair{36, 32};   // Q8_1
    case 10: return std::pair{84, 256}; // Q2_K
    case 11: return std::pair{110, 256}; // Q3_K
    case 12: return std::pair{144, 256}; // Q4_K
    case 13: return std::pair{176, 256}; // Q5_K
    case 14: return std::pair{210, 256}; // Q6_K
    case 15: return std::pair{292, 256}; // Q8_K
    case 24: return std::pair{1, 1};    // I8
    case 25: return std::pair{2, 1};    // I16
    case 26: return std::pair{4, 1};    // I32
    case 27: return std::pair{8, 1};    // I64
    case 28: return std::pair{8, 1};    // F64
    case 30: return std::pair{2, 1};    // BF16
    default: return std::nullopt;
    }
}

GgufFile::GgufFile(const std::filesystem::path &path)
    : m_file(path)
{
    Cursor in(m_file.bytes(), path.string());
    const auto magic = in.get<std::uint32_t>("the magic number");
    if (magic != 0x46554747) // "GGUF" little-endian
        in.fail("not a GGUF file (no GGUF magic number)");
    m_version = in.get<std::uint32_t>("the version");
    if (m_version != 2 && m_version != 3)
        in.fail("GGUF version " + std::to_string(m_version) + " is not read (versions 2 and 3 are)");
    const auto tensorCount = in.get<std::uint64_t>("the tensor count");
    const auto kvCount = in.get<std::uint64_t>("the metadata count");
    if (kvCount > in.left() / 13 || tensorCount > in.left() / 24)
        in.fail("claims " + std::to_string(kvCount) + " metadata entries and " + std::to_string(tensorCount) + " tensors, more than the file holds");
    for (std::uint64_t i = 0; i < kvCount; ++i) {
        std::string key = in.string("metadata key " + std::to_string(i));
        const GgufType type = checkedType(in.get<std::uint32_t>("key \"" + key + "\" (type)"), in, key);
        GgufValue value = readValue(in, type, key, 0);
        if (!m_metadataIndex.emplace(key, m_metadata.size()).second)
            in.fail("key \"" + key + "\" appears twice");
        m_metadata.emplace_back(std::move(key), std::move(value));
    }
    if (const GgufValue *a = find("general.alignment")) {
        if (!isInteger(a->type) || a->integer <= 0 || (a->integer & (a->integer - 1)) != 0)
            in.fail("general.alignment must be a power of two");
        m_alignment = std::size_t(a->integer);
    }
    for (std::uint64_t i = 0; i < tensorCount; ++i) {
        GgufTensor t;
        t.name = in.string("tensor " + std::to_string(i) + " (name)");
        const auto dims = in.get<std::uint32_t>("tensor \"" + t.name + "\" (dimensions)");
        if (dims == 0 || dims > 8)
            in.fail("tensor \"" + t.name + "\" has " + std::to_string(dims) + " dimensions");
        t.elements = 1;
        for (std::uint32_t d = 0; d < dims; ++d) {
            t.shape.push_back(in.get<std::uint64_t>("tensor \"" + t.name + "\" (shape)"));
            if (t.shape.back() == 0 || t.elements > (std::uint64_t(1) << 48) / t.shape.back())
                in.fail("tensor \"" + t.name + "\" has an impossible shape");
            t.elements *= t.shape.back();
        }
        t.ggmlType = in.get<std::uint32_t>("tensor \"" + t.name + "\" (type)");
        t.dtype = fromGgmlType(t.ggmlType);
        t.offset = in.get<std::uint64_t>("tensor \"" + t.name + "\" (offset)");
        const auto block = ggmlBlock(t.ggmlType);
        if (!block)
            in.fail("tensor \"" + t.name + "\" has unknown type " + ggmlTypeName(t.ggmlType));
        if (t.elements % block->second != 0)
            in.fail("tensor \"" + t.name + "\" holds " + std::to_string(t.elements) + " values, not whole " + ggmlTypeName(t.ggmlType) +
                    " blocks of " + std::to_string(block->second));
        t.bytes = std::size_t(t.elements / block->second) * block->first;
        if (t.offset % m_alignment != 0)
            in.fail("tensor \"" + t.name + "\" starts at offset " + std::to_string(t.offset) + ", not a multiple of the alignment " +
                    std::to_string(m_alignment));
        if (!m_tensorIndex.emplace(t.name, m_tensors.size()).second)
            in.fail("tensor \"" + t.name + "\" appears twice");
        m_tensors.push_back(std::move(t));
    }
    m_dataStart = (in.at() + m_alignment - 1) / m_alignment * m_alignment;
    const std::size_t size = m_file.size();
    for (const GgufTensor &t : m_tensors) {
        if (m_dataStart > size || t.offset > size - m_dataStart || t.bytes > size - m_dataStart - t.offset)
            throwError(ErrorKind::BadInput, path.string() + ": tensor \"" + t.name + "\" (" + std::to_string(t.bytes) + " bytes at offset " +
                                                std::to_string(t.offset) + ") runs past the end of the file (truncated?)");
    }
}

const GgufValue *GgufFile::find(const std::string &key) const
{
    const auto it = m_metadataIndex.find(key);
    return it == m_metadataIndex.end() ? nullptr : &m_metadata[it->second].second;
}

std::string GgufFile::getString(const std::string &key) const
{
    const GgufValue *v = find(key);
    if (!v || v->type != GgufType::String)
        throwError(ErrorKind::BadInput, path().string() + ": metadata \"" + key + "\" " + (v ? "is not a string" : "is missing"));
    return v->string;
}

std::int64_t GgufFile::getInteger(const std::string &key) const
{
    const GgufValue *v = find(key);
    if (!v || !isInteger(v->type))
        throwError(ErrorKind::BadInput, path().string() + ": metadata \"" + key + "\" " + (v ? "is not an integer" : "is missing"));
    return v->integer;
}

double GgufFile::getReal(const std::string &key) const
{
    const GgufValue *v = find(key);
    if (v && (v->type == GgufType::Float32 || v->type == GgufType::Float64))
        return v->real;
    if (v && isInteger(v->type))
        return double(v->integer);
    throwError(ErrorKind::BadInput, path().string() + ": metadata \"" + key + "\" " + (v ? "is not a number" : "is missing"));
}

std::optional<std::int64_t> GgufFile::integerOr(const std::string &key) const
{
    return find(key) ? std::optional(getInteger(key)) : std::nullopt;
}

std::optional<double> GgufFile::realOr(const std::string &key) const
{
    return find(key) ? std::optional(getReal(key)) : std::nullopt;
}

const GgufTensor *GgufFile::findTensor(const std::string &name) const
{
    const auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &m_tensors[it->second];
}

const GgufTensor &GgufFile::tensor(const std::string &name) const
{
    if (const auto *t = findTensor(name))
        return *t;
    throwError(ErrorKind::NotFound, path().string() + " has no tensor \"" + name + "\"");
}

std::span<const std::byte> GgufFile::data(const GgufTensor &t) const
{
    return m_file.bytes().subspan(m_dataStart + t.offset, t.bytes);
}

std::vector<float> GgufFile::dequantize(const GgufTensor &t) const
{
    if (!t.dtype)
        throwError(ErrorKind::BadInput, path().string() + ": tensor \"" + t.name + "\" is " + ggmlTypeName(t.ggmlType) +
                                            ", which Keel does not decode (F32, F16, BF16, Q4_0, Q4_1, Q8_0, Q4_K and Q6_K are)");
    std::vector<float> out(t.elements);
    nn::dequantize(*t.dtype, data(t), out);
    return out;
}

} // namespace keel::nn
