// UTF-8 helpers shared by the sheet readers and writers (internal to wangge_sheet).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::sheet::internal {

// Offset of the first byte of `s` that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points past U+10FFFF are ill-formed), or s.size() when all of `s` is valid.
size_t FindInvalidUtf8(std::string_view s);

inline bool IsValidUtf8(std::string_view s) { return FindInvalidUtf8(s) == s.size(); }

// Appends the UTF-8 encoding of `cp` to *out. `cp` must be a Unicode scalar value (not a surrogate,
// at most U+10FFFF); anything else appends U+FFFD.
void AppendUtf8(uint32_t cp, std::string* out);

// Copy of `s` with each ill-formed byte replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view s);

// 1-based line number of byte `offset` in `s` (counting LF, and CR not followed by LF, as line ends).
int LineOfOffset(std::string_view s, size_t offset);

// Trims ASCII whitespace, U+3000 IDEOGRAPHIC SPACE, U+00A0 NO-BREAK SPACE and U+FEFF (a stray BOM) from
// both ends (used for header cells).
std::string_view TrimHeaderCell(std::string_view s);
// Removes the empty cells at the end of a (trimmed) header row.
void DropTrailingBlanks(std::vector<std::string>* header);

// Display width for column sizing: 2 for East Asian wide characters, 1 otherwise.
int DisplayWidth(std::string_view utf8);

}  // namespace wangge::sheet::internal
