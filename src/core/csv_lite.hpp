// A small RFC 4180 CSV reader and writer for the code tables shipped in data/ (holidays, event
// categories). Internal to core: src/sheet has the full reader (encodings, delimiters, xlsx) but core
// cannot depend on it. Only UTF-8, comma-separated, fields quoted with '"' and "" as an escaped quote.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::csv_lite {

struct Record {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

// Splits `text` into records. A UTF-8 byte-order mark at the start is skipped; records end at "\n" or
// "\r\n"; lines that are empty (or hold only "\r") are skipped. A quoted field may hold commas, quotes
// written as "" and line breaks (kept as they are). Errors (kInvalidArgument, messages naming the line):
// a quote inside an unquoted field ('a"b'); a character other than ',' or a line end after a closing
// quote ('"a"b'); a quoted field that is never closed.
Result<std::vector<Record>> Parse(std::string_view text);

// `field` as written in a CSV file: unchanged unless it holds ',', '"', '\r' or '\n' or starts or ends with
// a space, in which case it is quoted and its quotes doubled.
std::string Escape(std::string_view field);

// Appends the fields joined by ',' (each escaped) and a "\n".
void AppendRow(std::string* out, const std::vector<std::string_view>& fields);

// Prefixes a status's messages with the line and, when the status names one, the field:
// "第 N 行（field）：" / "line N (field): ". Same code and field.
Status AtLine(int line, const Status& status);

}  // namespace wangge::csv_lite
