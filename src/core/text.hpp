// Input hygiene shared by the whole product: UTF-8 validation, trimming, free-text fields, personal
// names and the names shown as labels (dates are in core/dates.hpp). Every validator returns a Status
// (kInvalidArgument, zh + en message, `field` set) for bad input and never throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge {

// ---- UTF-8 ----

// True when `s` is well-formed UTF-8 (RFC 3629): no overlong encodings, no UTF-16 surrogates
// (U+D800-U+DFFF), nothing above U+10FFFF, no stray continuation bytes or truncated sequences.
// The empty string is valid. Never fails.
bool IsValidUtf8(std::string_view s);

// The number of code points in `s`. Precondition: IsValidUtf8(s); for invalid input the result is the
// number of non-continuation bytes (a meaningless but safe count). Never fails.
size_t Utf8Length(std::string_view s);

// At most `max_bytes` of `s`, cut before a character rather than inside one (for quoting input in a
// message: valid UTF-8 in, valid UTF-8 out). Never fails.
std::string Utf8Prefix(std::string_view s, size_t max_bytes);

// Removes leading and trailing whitespace: ASCII space, \t \n \v \f \r, U+00A0 NO-BREAK SPACE,
// U+3000 IDEOGRAPHIC SPACE (全角空格) and U+FEFF (byte-order mark / zero-width no-break space, which
// Excel puts at the start of CSV files). Interior whitespace is kept. Works byte-wise on exact sequences,
// so it is safe (and never splits a character) on invalid UTF-8. Never fails.
std::string Trim(std::string_view s);

// ---- Fields ----

// The Chinese label used in zh messages for a field name: "name" -> "姓名", "phone" -> "电话号码",
// "address" -> "地址", "birth_date" -> "出生日期", "citizen_id" -> "公民身份号码", ... Unknown names are
// returned unchanged, so `field` may also be given in Chinese. Never fails.
std::string FieldLabelZh(std::string_view field);

// Validates a free-text field and returns the cleaned value.
//   1. `s` must be valid UTF-8            -> "姓名 不是有效的 UTF-8 文本" / "name is not valid UTF-8 text"
//   2. It is Trim()med; when `multiline`, "\r\n" and lone "\r" are normalised to "\n".
//   3. No control characters (C0, DEL, C1 U+0080-U+009F); \t and \n are allowed only when `multiline`
//                                         -> "姓名 含有控制字符" / "name must not contain control characters"
//   4. Empty after trimming is an error when `required`
//                                         -> "姓名 不能为空" / "name must not be empty"
//   5. At most `max_chars` code points    -> "姓名 超过 30 个字符" / "name must be at most 30 characters"
// All errors are kInvalidArgument with Status::field() == `field`; the zh message uses FieldLabelZh(field).
Result<std::string> CleanText(std::string_view s, std::string_view field, size_t max_chars,
                              bool required = true, bool multiline = false);

// Validates a personal name as recorded on a Chinese ID card or residence record (field "name"):
// 1-30 code points of letters - CJK ideographs (basic block, extensions A-H, compatibility, 〇),
// ASCII letters and Latin-1/Latin Extended letters (for foreign residents) - optionally joined by the
// middle dot U+00B7 "·" (minority names such as 阿依古丽·买买提) or, between two Latin letters, a
// single ASCII space. The name is checked as given: trim it (CleanText) first. Errors (kInvalidArgument):
//   empty; longer than 30 code points; invalid UTF-8; contains a digit (ASCII or full-width);
//   look-alike dot (• U+2022, ・ U+30FB, ･ U+FF65, ‧ U+2027, . U+002E, ． U+FF0E) instead of U+00B7;
//   dot or space at the start or end, or two in a row; any other character (named as U+XXXX).
Status ValidatePersonName(std::string_view name);

// Validates and cleans a name that the UI shows as a label — of a place, department, work-order category,
// organisation, party organisation, building, holiday, or a user's display name — and returns it:
// CleanText (valid UTF-8, trimmed, no control characters, not empty when `required`, at most `max_chars`),
// then every code point must be one of
//   CJK ideographs and 〇 (as in person names); Latin letters (ASCII, Latin-1, Latin Extended-A/B) and
//   full-width ones; digits (ASCII and full-width) and Roman numerals (U+2160-2188);
//   the punctuation real names use: · ( ) （ ） [ ] 【 】 《 》 “ ” ‘ ’ - － – — _ / 、 , ， . ． # ＃ : ：;
//   an ASCII space, never two in a row;
// and at least one is an ideograph, letter or digit. So HTML's markup characters < > " ' & ` , bidi
// embeddings/overrides/isolates (U+202A-202E, U+2066-2069), zero-width and other invisible characters,
// emoji and anything else are refused (kInvalidArgument, Status::field() == `field`, the character named as
// U+XXXX). The zh messages use `label_zh`, or "名称" for the field "name", or FieldLabelZh(field).
Result<std::string> CleanName(std::string_view s, std::string_view field, size_t max_chars,
                              bool required = true, std::string_view label_zh = {});

// The purpose given for reading personal data in clear (an unmask, a party's history): CleanText of 2-200
// characters. Errors: kInvalidArgument, field "purpose".
Result<std::string> CleanPurpose(std::string_view s);

}  // namespace wangge
