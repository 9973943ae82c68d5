#include "core/error.h"

#include <cstring>

namespace keel {

Error::Error(ErrorKind kind, const std::string &message)
    : std::runtime_error(message)
    , m_kind(kind)
{
}

void throwError(ErrorKind kind, const std::string &message)
{
    throw Error(kind, message);
}

std::string systemErrorText(int err)
{
    char buffer[256];
    // GNU strerror_r returns the message pointer, which may not be the buffer.
    const char *text = strerror_r(err, buffer, sizeof buffer);
    return text ? std::string(text) : std::string("error ") + std::to_string(err);
}

} // namespace keel
