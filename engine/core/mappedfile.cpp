#include "core/mappedfile.h"

#include "core/error.h"

#include <cerrno>
#include <cstdint>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace keel {

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

void MappedFile::release(std::span<const std::byte> part) const
{
    if (part.empty() || part.data() < m_data || part.data() + part.size() > m_data + m_size)
        return;
    const auto page = std::uintptr_t(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t begin = (std::uintptr_t(part.data()) + page - 1) / page * page, end = std::uintptr_t(part.data() + part.size()) / page * page;
    if (end > begin)
        ::madvise(reinterpret_cast<void *>(begin), end - begin, MADV_DONTNEED); // advice: nothing to undo if it is not taken
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

} // namespace keel
