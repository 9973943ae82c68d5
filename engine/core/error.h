#pragma once

#include <stdexcept>
#include <string>

namespace keel {

// What went wrong, in the terms a caller acts on: the command line maps BadInput,
// NotFound, Corrupt and Conflict to exit code 2 and the rest to 1.
enum class ErrorKind {
    BadInput,   // the user's input is wrong: a path, a value, a file's content
    NotFound,   // a named thing does not exist
    Corrupt,    // stored data failed a check (hash mismatch, damaged database)
    Conflict,   // the operation collides with the current state (newer schema, busy)
    Io,         // the operating system refused (permissions, disk full)
    Internal,   // a bug in Keel
};

// The one exception type the engine throws. The message names what the user needs
// to act on: the file, the line, the field, what was expected.
class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string &message);

    ErrorKind kind() const noexcept { return m_kind; }

private:
    ErrorKind m_kind;
};

[[noreturn]] void throwError(ErrorKind kind, const std::string &message);

// errno as text, for messages about system calls.
std::string systemErrorText(int err);

} // namespace keel
