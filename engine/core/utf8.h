#pragma once

#include <cstddef>
#include <string_view>

namespace keel {

// The byte offset of the first byte that does not begin a well-formed UTF-8 sequence (an
// invalid lead byte, a missing continuation, an overlong form, a surrogate, past U+10FFFF),
// or std::string_view::npos when all of `text` is valid.
std::size_t firstInvalidUtf8(std::string_view text);
inline bool validUtf8(std::string_view text) { return firstInvalidUtf8(text) == std::string_view::npos; }

} // namespace keel
