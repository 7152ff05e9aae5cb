// Turning the number stored in an xlsx cell into the text a person expects (internal to wangge_sheet).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wangge::sheet::internal {

// What a cell's number format says about its value.
enum class DateKind : uint8_t { kNone, kDate, kTime, kDateTime };

// Kind of Excel's built-in number format `id` (14 "m/d/yyyy", 22 "m/d/yyyy h:mm", the CJK ones 27-36 and
// 50-58, ...). kNone for ids that are not dates or times, unknown ids included.
DateKind ClassifyBuiltinFormat(int id);

// Kind of a custom format code such as "yyyy\"年\"m\"月\"d\"日\"" or "h:mm AM/PM": looks at the first
// section for y/m/d/h/s tokens outside quotes, escapes and [..] (where [h] [mm] [ss] mean elapsed time).
DateKind ClassifyFormatCode(std::string_view code);

// Text of a number as stored in <v>: a plain integer literal is returned as is; an integral value written
// otherwise ("5.30326199001011E+17", "12.0") as integer digits when below 1e21; any other number in the
// shortest form that reads back to the same double ("0.1", "1e-07"); text that is not a number as is.
// With kind != kNone a serial in Excel's date range (0 to 9999-12-31) becomes "YYYY-MM-DD", "HH:MM:SS" or
// "YYYY-MM-DD HH:MM:SS" (date1904: the Mac 1904 date system). Excel's fictitious 1900-02-29 (serial 60)
// is kept as such.
std::string FormatNumber(std::string_view stored, DateKind kind, bool date1904);

// FormatNumber's rule for a double (no dates).
std::string FormatDouble(double value);

}  // namespace wangge::sheet::internal
