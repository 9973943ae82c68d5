#include "core/sha256.h"

#include "core/error.h"

#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <fstream>

namespace keel {

struct Sha256::State {
    EVP_MD_CTX *ctx = nullptr;
};

Sha256::Sha256()
    : d(std::make_unique<State>())
{
    d->ctx = EVP_MD_CTX_new();
    if (!d->ctx || EVP_DigestInit_ex(d->ctx, EVP_sha256(), nullptr) != 1)
        throwError(ErrorKind::Internal, "SHA-256: OpenSSL could not initialise a digest");
}

Sha256::~Sha256()
{
    EVP_MD_CTX_free(d->ctx);
}

void Sha256::update(const void *data, std::size_t size)
{
    if (size > 0 && EVP_DigestUpdate(d->ctx, data, size) != 1)
        throwError(ErrorKind::Internal, "SHA-256: digest update failed");
}

std::string Sha256::finishHex()
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(d->ctx, digest.data(), &length) != 1)
        throwError(ErrorKind::Internal, "SHA-256: digest finalisation failed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out.push_back(hex[digest[i] >> 4]);
        out.push_back(hex[digest[i] & 0xf]);
    }
    return out;
}

std::string sha256Hex(std::span<const std::byte> data)
{
    Sha256 hash;
    hash.update(data.data(), data.size());
    return hash.finishHex();
}

std::string sha256Hex(std::string_view text)
{
    Sha256 hash;
    hash.update(text);
    return hash.finishHex();
}

std::string sha256File(const std::filesystem::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throwError(ErrorKind::Io, "cannot read " + path.string() + ": " + systemErrorText(errno));
    Sha256 hash;
    std::array<char, 1 << 16> buffer{};
    while (in) {
        in.read(buffer.data(), buffer.size());
        hash.update(buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad())
        throwError(ErrorKind::Io, "read error in " + path.string());
    return hash.finishHex();
}

bool isSha256Hex(std::string_view text)
{
    if (text.size() != 64)
        return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

} // namespace keel
