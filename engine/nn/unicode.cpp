#include "nn/unicode.h"

#include "core/error.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

namespace keel::nn::unicode {

std::u32string decode(std::string_view s)
{
    std::u32string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        int extra = b0 < 0x80 ? 0 : (b0 >> 5) == 0x6 ? 1 : (b0 >> 4) == 0xE ? 2 : (b0 >> 3) == 0x1E ? 3 : -1;
        char32_t c = extra == 0 ? b0 : extra == 1 ? (b0 & 0x1F) : extra == 2 ? (b0 & 0x0F) : (b0 & 0x07);
        bool ok = extra >= 0 && i + std::size_t(extra) < s.size();
        for (int k = 1; ok && k <= extra; ++k) {
            const auto b = static_cast<unsigned char>(s[i + std::size_t(k)]);
            if ((b >> 6) != 0x2)
                ok = false;
            else
                c = (c << 6) | (b & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are invalid too.
        if (ok && ((extra == 1 && c < 0x80) || (extra == 2 && c < 0x800) || (extra == 3 && c < 0x10000) || (c >= 0xD800 && c <= 0xDFFF) ||
                   c > 0x10FFFF))
            ok = false;
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(c);
        i += std::size_t(extra) + 1;
    }
    return out;
}

void append(std::string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(char(c));
    } else if (c < 0x800) {
        out.push_back(char(0xC0 | (c >> 6)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(char(0xE0 | (c >> 12)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    } else {
        out.push_back(char(0xF0 | (c >> 18)));
        out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(char(0x80 | (c & 0x3F)));
    }
}

std::string encode(std::u32string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text)
        append(out, c);
    return out;
}

bool isWhitespace(char32_t c)
{
    return u_hasBinaryProperty(UChar32(c), UCHAR_WHITE_SPACE);
}

bool isOther(char32_t c)
{
    switch (u_charType(UChar32(c))) {
    case U_CONTROL_CHAR: case U_FORMAT_CHAR: case U_UNASSIGNED: case U_PRIVATE_USE_CHAR: case U_SURROGATE: return true;
    default: return false;
    }
}

bool isPunctuation(char32_t c)
{
    switch (u_charType(UChar32(c))) {
    case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_END_PUNCTUATION: case U_FINAL_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_OTHER_PUNCTUATION: case U_START_PUNCTUATION: return true;
    default: return false;
    }
}

bool isLetter(char32_t c)
{
    switch (u_charType(UChar32(c))) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER: case U_OTHER_LETTER: return true;
    default: return false;
    }
}

bool isNumeric(char32_t c)
{
    switch (u_charType(UChar32(c))) {
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER: return true;
    default: return false;
    }
}

bool isMarkNonspacing(char32_t c)
{
    return u_charType(UChar32(c)) == U_NON_SPACING_MARK;
}

void appendLowercase(std::u32string &out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return;
    }
    // One code point alone: ICU's full mapping without context (no final-sigma rule applies).
    UChar in[2];
    int32_t inLength = 0;
    U16_APPEND_UNSAFE(in, inLength, UChar32(c));
    UChar lowered[8];
    UErrorCode status = U_ZERO_ERROR;
    const int32_t n = u_strToLower(lowered, 8, in, inLength, "", &status);
    if (U_FAILURE(status)) {
        out.push_back(c);
        return;
    }
    for (int32_t i = 0; i < n;) {
        UChar32 cp;
        U16_NEXT(lowered, i, n, cp);
        out.push_back(char32_t(cp));
    }
}

std::u32string nfd(std::u32string_view text)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *normalizer = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status))
        throwError(ErrorKind::Internal, "ICU's NFD data is missing");
    icu::UnicodeString s = icu::UnicodeString::fromUTF32(reinterpret_cast<const UChar32 *>(text.data()), int32_t(text.size()));
    const icu::UnicodeString d = normalizer->normalize(s, status);
    if (U_FAILURE(status))
        throwError(ErrorKind::Internal, "ICU could not normalise text");
    std::u32string out(std::size_t(d.countChar32()), U'\0');
    UErrorCode status2 = U_ZERO_ERROR;
    d.toUTF32(reinterpret_cast<UChar32 *>(out.data()), int32_t(out.size()), status2);
    return out;
}

} // namespace keel::nn::unicode
