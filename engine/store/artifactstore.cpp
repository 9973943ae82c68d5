#include "store/artifactstore.h"

#include "core/error.h"
#include "core/sha256.h"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace keel::store {
namespace {

void checkHashName(const std::string &hash)
{
    if (!isSha256Hex(hash))
        throwError(ErrorKind::BadInput, "\"" + hash + "\" is not a SHA-256 artifact id (64 lower-case hex digits)");
}

void syncPath(const fs::path &path, int flags)
{
    const int fd = ::open(path.c_str(), flags);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Writes through a POSIX descriptor so the data can be fsynced before the rename.
class TempFile {
public:
    explicit TempFile(const fs::path &dir)
    {
        static std::atomic<unsigned> counter{0};
        std::error_code ec;
        fs::create_directories(dir, ec);
        path = dir / ("incoming-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".part");
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0)
            throwError(ErrorKind::Io, "cannot write " + path.string() + ": " + systemErrorText(errno));
        // Held until the file is renamed into place or removed: a partial file whose lock nobody
        // holds was left by a writer that died (removeStaleTemporaries).
        ::flock(fd, LOCK_EX);
    }
    ~TempFile()
    {
        if (fd >= 0)
            ::close(fd);
        if (!kept) {
            std::error_code ec;
            fs::remove(path, ec);
        }
    }
    void write(const void *data, std::size_t size)
    {
        const auto *p = static_cast<const char *>(data);
        while (size > 0) {
            const ssize_t n = ::write(fd, p, size);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                throwError(ErrorKind::Io, "cannot write " + path.string() + ": " + systemErrorText(errno));
            p += n;
            size -= static_cast<std::size_t>(n);
        }
    }
    // (The descriptor, and with it the lock, stays open until the rename is done.)
    void syncAndClose()
    {
        if (::fsync(fd) != 0)
            throwError(ErrorKind::Io, "cannot sync " + path.string() + ": " + systemErrorText(errno));
    }

    fs::path path;
    int fd = -1;
    bool kept = false;
};

} // namespace

ArtifactStore::ArtifactStore(fs::path root)
    : m_root(std::move(root))
{
}

fs::path ArtifactStore::pathFor(const std::string &hash) const
{
    checkHashName(hash);
    return m_root / hash.substr(0, 2) / hash.substr(2);
}

bool ArtifactStore::contains(const std::string &hash) const
{
    std::error_code ec;
    return fs::exists(pathFor(hash), ec);
}

std::string ArtifactStore::commit(const fs::path &tempFile, const std::string &hash)
{
    const fs::path target = pathFor(hash);
    std::error_code ec;
    if (fs::exists(target, ec))
        return hash; // the same bytes are already stored; the temp file is dropped
    fs::create_directories(target.parent_path(), ec);
    if (ec)
        throwError(ErrorKind::Io, "cannot create " + target.parent_path().string() + ": " + ec.message());
    fs::rename(tempFile, target, ec);
    if (ec)
        throwError(ErrorKind::Io, "cannot store artifact " + hash + ": " + ec.message());
    syncPath(target.parent_path(), O_RDONLY | O_DIRECTORY);
    return hash;
}

std::string ArtifactStore::put(std::span<const std::byte> data)
{
    TempFile temp(m_root / "tmp");
    temp.write(data.data(), data.size());
    temp.syncAndClose();
    const std::string hash = sha256Hex(data);
    commit(temp.path, hash);
    return hash;
}

std::string ArtifactStore::put(std::string_view data)
{
    return put(std::as_bytes(std::span(data.data(), data.size())));
}

std::string ArtifactStore::putFile(const fs::path &source)
{
    std::ifstream in(source, std::ios::binary);
    if (!in)
        throwError(ErrorKind::BadInput, "cannot read " + source.string() + ": " + systemErrorText(errno));
    TempFile temp(m_root / "tmp");
    Sha256 hash;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = static_cast<std::size_t>(in.gcount());
        hash.update(buffer.data(), n);
        temp.write(buffer.data(), n);
    }
    if (in.bad())
        throwError(ErrorKind::Io, "read error in " + source.string());
    temp.syncAndClose();
    return commit(temp.path, hash.finishHex());
}

std::vector<std::byte> ArtifactStore::read(const std::string &hash) const
{
    const fs::path path = pathFor(hash);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throwError(ErrorKind::NotFound, "artifact " + hash + " is not in " + m_root.string());
    std::vector<std::byte> data;
    in.seekg(0, std::ios::end);
    data.resize(static_cast<std::size_t>(in.tellg()));
    in.seekg(0);
    in.read(reinterpret_cast<char *>(data.data()), static_cast<std::streamsize>(data.size()));
    const std::string actual = sha256Hex(data);
    if (actual != hash) {
        throwError(ErrorKind::Corrupt, "artifact " + hash + " is damaged: " + path.string() +
                                           " now hashes to " + actual);
    }
    return data;
}

MappedFile ArtifactStore::map(const std::string &hash) const
{
    const fs::path path = pathFor(hash);
    if (!fs::exists(path))
        throwError(ErrorKind::NotFound, "artifact " + hash + " is not in " + m_root.string());
    MappedFile file(path);
    const std::string actual = sha256Hex(file.bytes());
    if (actual != hash)
        throwError(ErrorKind::Corrupt, "artifact " + hash + " is damaged: " + path.string() + " now hashes to " + actual);
    return file;
}

ArtifactStore::Cleaned ArtifactStore::removeStaleTemporaries()
{
    Cleaned cleaned;
    std::error_code ec;
    for (auto it = fs::directory_iterator(m_root / "tmp", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file(ec))
            continue;
        const int fd = ::open(it->path().c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0) { // no writer holds it: left by one that died
            std::error_code sizeError;
            const auto size = fs::file_size(it->path(), sizeError);
            if (::unlink(it->path().c_str()) == 0) {
                ++cleaned.files;
                cleaned.bytes += sizeError ? 0 : size;
            }
        }
        ::close(fd);
    }
    return cleaned;
}

void ArtifactStore::verify(const std::string &hash) const
{
    const fs::path path = pathFor(hash);
    std::error_code ec;
    if (!fs::exists(path, ec))
        throwError(ErrorKind::NotFound, "artifact " + hash + " is not in " + m_root.string());
    const std::string actual = sha256File(path);
    if (actual != hash) {
        throwError(ErrorKind::Corrupt, "artifact " + hash + " is damaged: " + path.string() +
                                           " now hashes to " + actual);
    }
}

} // namespace keel::store
