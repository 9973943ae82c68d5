#pragma once

#include "data/table.h"

#include <string>
#include <string_view>

namespace keel::data {

// A table as Keel holds it, in a compact binary form (numbers as float64, texts as codes into
// each column's dictionary, little-endian), so a reference read once from CSV loads again in a
// fraction of the time. Layout: "KEELTAB1", row count, column count, then per column its name,
// type, missing and distinct counts, numbers, codes, dictionary and row list.
std::string encodeTable(const Table &table);
// Throws keel::Error (Corrupt) naming what is wrong when the bytes are not such a table.
Table decodeTable(std::string_view bytes, const std::filesystem::path &source);

} // namespace keel::data
