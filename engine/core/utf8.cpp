#include "core/utf8.h"

namespace keel {

std::size_t firstInvalidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        const int extra = (b0 >> 5) == 0x6 ? 1 : (b0 >> 4) == 0xE ? 2 : (b0 >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || i + std::size_t(extra) >= s.size())
            return i;
        char32_t c = extra == 1 ? (b0 & 0x1F) : extra == 2 ? (b0 & 0x0F) : (b0 & 0x07);
        for (int k = 1; k <= extra; ++k) {
            const auto b = static_cast<unsigned char>(s[i + std::size_t(k)]);
            if ((b >> 6) != 0x2)
                return i;
            c = (c << 6) | (b & 0x3F);
        }
        if ((extra == 1 && c < 0x80) || (extra == 2 && c < 0x800) || (extra == 3 && c < 0x10000) || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
            return i;
        i += std::size_t(extra) + 1;
    }
    return std::string_view::npos;
}

} // namespace keel
