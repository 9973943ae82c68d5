#pragma once

#include <string>
#include <cstdint>
#include <string_view>

namespace keel {

// RFC 4648 base64 with padding (what OpenAI's encoding_format "base64" sends).
std::string base64Encode(std::string_view bytes);

} // namespace keel
