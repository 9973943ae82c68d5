#include "nn/mappedfile.h"

#include "core/error.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace keel::nn {

MappedFile::MappedFile(const std::filesystem::path &path)
    : m_path(path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throwError(errno == ENOENT ? ErrorKind::NotFound : ErrorKind::Io, "cannot open " + path.string() + ": " + systemErrorText(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throwError(ErrorKind::Io, "cannot stat " + path.string() + ": " + systemErrorText(err));
    }
    m_size = std::size_t(st.st_size);
    if (m_size > 0) {
        void *p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throwError(ErrorKind::Io, "cannot map " + path.string() + ": " + systemErrorText(err));
        }
        m_data = static_cast<const std::byte *>(p);
    }
    ::close(fd); // the mapping keeps the file
}

MappedFile::~MappedFile()
{
    if (m_data)
        ::munmap(const_cast<std::byte *>(m_data), m_size);
}

MappedFile::MappedFile(MappedFile &&other) noexcept
    : m_path(std::move(other.m_path))
    , m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
{
}

MappedFile &MappedFile::operator=(MappedFile &&other) noexcept
{
    if (this != &other) {
        if (m_data)
            ::munmap(const_cast<std::byte *>(m_data), m_size);
        m_path = std::move(other.m_path);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

} // namespace keel::nn
