// CSV (RFC 4180): the product's one record tokenizer, and the small reader and writer of the code tables
// shipped in data/ (holidays, event categories, divisions).
//
// The tokenizer splits text into records and fields: quotes, "" escapes, delimiters and line ends, in one of
// two dialects. What a file means is left to its reader: sheet/ (imports) adds encoding detection, the
// delimiter sniffing, limits, spreadsheet row numbers, `="…"` text and number cells on top of the lenient
// dialect; Parse below reads our own tables with the strict one; the demo generator reads the division tables
// with the tokenizer directly.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::csv {

enum class Dialect {
  // RFC 4180 as our own tables are written: a field is quoted as a whole or not at all; a quote inside an
  // unquoted field, or anything but the delimiter or a line end after a closing quote, is an error; records
  // end at LF or CRLF (a lone CR elsewhere is data; a CR at the very end of the text ends the record);
  // fields are kept exactly as written.
  kStrict,
  // What spreadsheets and people produce, lenient where Excel is: a quote inside an unquoted field is
  // literal; spaces (and tabs, unless tab is the delimiter) before an opening quote are dropped; text after
  // a closing quote is appended with its trailing spaces and tabs trimmed; unquoted fields lose trailing
  // spaces and tabs (quoted content is kept exactly); CRLF, LF and a lone CR all end a record.
  kLenient,
};

struct Options {
  char delimiter = ',';
  Dialect dialect = Dialect::kStrict;
  // A record with more fields stops the tokenizer with Error::kTooManyFields.
  int64_t max_fields = std::numeric_limits<int64_t>::max();
};

enum class Error {
  kNone,
  kUnclosedQuote,    // a quoted field runs to the end of the text; error_line() = the line it opens on
  kQuoteInUnquoted,  // kStrict: a"b
  kTextAfterQuote,   // kStrict: "a"b
  kTooManyFields,    // more than Options::max_fields; error_line() = the line the extra field starts on
};

// Streams the records of a text. A UTF-8 byte-order mark at its start is skipped; bytes are not checked
// (run encoding checks first where they matter). The text must outlive the tokenizer.
class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text, Options options = {});

  // Reads the next record into *fields, resized to its field count (at least one); strings already in
  // *fields are reused, so a loop allocates little. Every record is returned, blank lines included (one
  // empty field, blank() true). Returns false at the end of the text or on an error; error() tells which,
  // and every later call returns false. On an error *fields holds the fields read so far (unspecified size).
  bool Next(std::vector<std::string>* fields);

  // The physical line (1-based) on which the record last returned starts. Lines end where records do (see
  // the dialect), inside quoted fields too.
  int64_t line() const { return record_line_; }
  // True when the record last returned is an empty line: it starts at a line end.
  bool blank() const { return blank_; }

  Error error() const { return error_; }
  int64_t error_line() const { return error_line_; }

 private:
  bool IsLineEnd(size_t i) const;
  int64_t CountLineEnds(size_t begin, size_t end) const;
  bool Fail(Error e, int64_t line);

  std::string_view text_;
  Options options_;
  size_t pos_ = 0;
  int64_t line_ = 1;  // physical line at pos_
  int64_t record_line_ = 0;
  bool blank_ = false;
  Error error_ = Error::kNone;
  int64_t error_line_ = 0;
};

struct Record {
  int line = 0;  // 1-based line on which the record starts
  std::vector<std::string> fields;
};

// Splits `text` (kStrict, comma-separated) into records, skipping blank lines (empty, or only "\r" before
// the "\n"). A quoted field may hold commas, quotes written as "" and line breaks (kept as they are).
// Errors (kInvalidArgument, messages naming the line): a quote inside an unquoted field ('a"b'); a
// character other than ',' or a line end after a closing quote ('"a"b'); a quoted field that is never
// closed (the line it opens on).
Result<std::vector<Record>> Parse(std::string_view text);

// `field` as written in a CSV file: unchanged unless it holds ',', '"', '\r' or '\n' or starts or ends with
// a space, in which case it is quoted and its quotes doubled.
std::string Escape(std::string_view field);

// Appends the fields joined by ',' (each escaped) and a "\n".
void AppendRow(std::string* out, const std::vector<std::string_view>& fields);

// The first record of a shipped code table must be exactly `header` (its fields joined by ','):
// kInvalidArgument at its line otherwise ("表头应为 …" / "the header must be …"), or at line 1 when there is
// no record.
Status ExpectHeader(const std::vector<Record>& records, std::string_view header);

// Prefixes a status's messages with the line and, when the status names one, the field:
// "第 N 行（field）：" / "line N (field): ". Same code and field.
Status AtLine(int line, const Status& status);

}  // namespace wangge::csv
