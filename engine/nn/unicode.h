#pragma once

#include <string>
#include <string_view>

namespace keel::nn::unicode {

// Code points of UTF-8 text; each byte that does not start a valid sequence becomes U+FFFD.
std::u32string decode(std::string_view utf8);
void append(std::string &utf8, char32_t c);
std::string encode(std::u32string_view text);

// Character classes as Rust's char methods and the unicode_categories crate define them (the
// definitions Hugging Face tokenizers uses), answered from ICU's Unicode data.
bool isWhitespace(char32_t c);      // the White_Space property
bool isOther(char32_t c);           // Cc, Cf, Cn, Co, Cs
bool isPunctuation(char32_t c);     // Pc, Pd, Pe, Pf, Pi, Po, Ps
bool isLetter(char32_t c);          // L*
bool isNumeric(char32_t c);         // Nd, Nl, No
bool isMarkNonspacing(char32_t c);  // Mn
// char::to_lowercase: the full, context-free lowercase mapping (one to three code points).
void appendLowercase(std::u32string &out, char32_t c);
// Canonical decomposition (NFD).
std::u32string nfd(std::u32string_view text);

} // namespace keel::nn::unicode
