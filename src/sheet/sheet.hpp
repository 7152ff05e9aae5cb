// Spreadsheet import and export: the people and household tables that communities keep in Excel.
//
// Readers take the uploaded bytes (CSV in UTF-8, GBK/GB18030 or UTF-16, or .xlsx) and return a Table of
// UTF-8 strings; writers produce CSV (UTF-8 with BOM, CRLF) or .xlsx. Every reader is meant to be fed
// untrusted bytes: bad input yields a Status (Chinese + English message), never an exception or a crash,
// and the limits below bound the memory a small upload can make the reader allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.hpp"
#include "core/status.hpp"

namespace wangge::sheet {

// A table as read from a file. All strings are valid UTF-8.
struct Table {
  std::vector<std::string> header;             // first non-blank row, each cell trimmed on both sides, the
                                               // cells left blank at its end dropped (a blank header cell
                                               // is not written to .xlsx, so it could not come back)
  std::vector<std::vector<std::string>> rows;  // data rows (header excluded), widths kept as read
  std::vector<int> row_numbers;                // 1-based spreadsheet row number of each data row
  // For each data row, the columns (0-based, ascending, each holding a non-empty cell) whose cell the file
  // stored as a number: an .xlsx number cell (dates included: a number with a date style), or a CSV field in
  // the scientific notation spreadsheets write for long numbers ("5.30326E+17"; see CsvReader). Empty for
  // most rows. A number cannot hold a code such as a citizen ID: a spreadsheet keeps 15 significant digits
  // and no leading zeros, so importers refuse number cells in code-like columns (NumberCellError).
  std::vector<std::vector<int>> number_columns;
  std::string note_zh, note_en;  // e.g. "文件为 GBK 编码，已转换为 UTF-8"; empty if nothing to say
  // Spreadsheet row number of the header row (1 unless blank rows precede it). For CSV, blank lines count
  // as rows, the way Excel shows the file; a quoted field spanning several lines is one row.
  int header_row_number = 1;

  // Whether the cell at data row `row`, column `col` was stored as a number (see number_columns).
  bool IsNumber(size_t row, size_t col) const;
};

// The row error every import gives for a cell stored as a number in a column that holds codes (citizen IDs,
// place codes, 户号, phones): kInvalidArgument. `text` is the cell as read. When it has 16 or more digits, or
// is in scientific notation, digits are certainly lost: "该单元格被存为数字，已丢失末几位；请把此列设为文本后
// 重新填写 / the cell is stored as a number and has lost its last digits; format the column as text and type
// it again". Otherwise the number may have lost its leading zeros, and the message says so, with the same
// advice.
Status NumberCellError(std::string_view text);

// Whether `text` is a number in scientific notation ("5.30326E+17", "1.2e-3", "-4E5"): digits, an optional
// fraction, then E or e and an exponent. What Excel and LibreOffice write into a CSV for a number cell of
// 12 or more digits in the General format; no code is ever written that way.
bool IsScientificNumber(std::string_view text);

// The `="…"` form that keeps a value text when Excel or LibreOffice opens a CSV: the cell becomes a formula
// whose result is the string, so no digits, leading zeros or letters are ever turned into a number or a date.
// Quotes inside are doubled: FormulaText("0012345") is `="0012345"`. WriteCsv writes it for the text columns
// it is given; CsvReader reads it back as the value.
std::string FormulaText(std::string_view value);
// The value of a field wholly in the `="…"` form (quotes inside doubled); false when it is not in that form.
bool ParseFormulaText(std::string_view field, std::string* value);

enum class Format { kCsv, kXlsx };

// Bounds on what a reader will build. The defaults are the product's; tests and fuzzers may lower them.
struct Limits {
  int64_t max_rows = 2'000'000;              // data rows in a Table (kTooLarge beyond)
  int64_t max_columns = 16'384;              // cells in one row, Excel's own limit "XFD" (kTooLarge)
  int64_t max_cells = 64'000'000;            // cells materialised in a whole Table (kTooLarge)
  int64_t max_xml_bytes = int64_t{1} << 30;  // uncompressed sheet / shared-strings XML (kTooLarge)
  int64_t max_meta_xml_bytes = 64 << 20;     // uncompressed workbook, rels, styles XML (kTooLarge)
};

// Decides the format from the bytes: the zip magic "PK\x03\x04" (or an empty zip "PK\x05\x06") means
// xlsx, anything else CSV. `filename_hint` (e.g. "人口.xlsx") only breaks ties: input shorter than four
// bytes is xlsx when the hint ends in ".xlsx", else CSV.
// Errors: kUnsupportedMedia "请另存为 .xlsx 或 .csv" for an .xls / .et (OLE2 "D0 CF 11 E0"; the message says
// the file may be password-protected when the hint ends in ".xlsx", since Excel wraps encrypted xlsx in
// OLE2), for an OpenDocument spreadsheet (.ods), and for HTML or XML disguised as a spreadsheet (some
// systems export "xls" files that are HTML tables).
Result<Format> DetectFormat(std::string_view bytes, std::string_view filename_hint = {});

// Ensures text is UTF-8. Returns an empty string, copying nothing, when `bytes` is already valid UTF-8
// (an empty input included): the caller goes on using `bytes`. Otherwise returns the converted UTF-8 text
// (never empty, since the input was not) and sets *note_zh / *note_en (either may be null; they are
// cleared when nothing was converted) to say from what: UTF-16 when the input starts with a UTF-16
// byte-order mark, else GB18030 (a superset of GBK and GB2312, what Chinese Excel writes for
// "CSV (逗号分隔)"). A UTF-8 BOM is kept.
// Errors: kInvalidArgument when the text contains a NUL byte (binary, not a text file), or is neither
// valid UTF-8 nor GB18030; the message names the line and byte offset of the first bad byte (of whichever
// decoding got further, the likelier intended one).
Result<std::string> NormalizeEncoding(std::string_view bytes, std::string* note_zh, std::string* note_en);

// NormalizeEncoding packaged for callers: returns a view of UTF-8 text, which is `bytes` itself when no
// conversion was needed and otherwise points into *storage (which must outlive the view).
// `storage` must not be null. Errors: as NormalizeEncoding.
Result<std::string_view> ToUtf8(std::string_view bytes, std::string* storage, std::string* note_zh,
                                std::string* note_en);

// Options for CsvReader.
struct CsvOptions {
  char delimiter = ',';
  int64_t max_columns = Limits{}.max_columns;  // a row with more fields sets kTooLarge
};

// Streaming RFC 4180 reader over UTF-8 text, for imports too large to hold as a Table. The fields, quotes
// and line ends are core/csv.hpp's tokenizer in its lenient dialect; this adds spreadsheet row numbers, the
// column limit, blank-record skipping, `="…"` text and number cells. Quoted fields may
// contain the delimiter, newlines and "" (an escaped quote); CRLF, LF and lone CR all end a record; a
// leading UTF-8 BOM is skipped; records whose fields are all empty (blank lines, ",,,") are skipped.
// Unquoted fields have trailing spaces and tabs trimmed; quoted content is kept exactly (so WriteCsv's
// quoting of leading/trailing spaces round-trips). Lenient where Excel is: a quote inside an unquoted
// field is literal, text after a closing quote is appended, spaces before an opening quote are dropped.
// A field wholly in the `="…"` form once unquoted (ParseFormulaText: `="0012345"`, or quoted
// `"=""0012345"""`) is read as its value, 0012345, as Excel and LibreOffice show it.
// The bytes must outlive the reader. Bytes that are not UTF-8 are passed through, not checked: run
// ToUtf8 / NormalizeEncoding first.
class CsvReader {
 public:
  explicit CsvReader(std::string_view utf8_bytes, CsvOptions options = {});

  // Reads the next non-blank record into *fields (its strings are reused, so a loop allocates little).
  // Returns false at the end of input or on error; after false, status() tells which: OK at the end,
  // kInvalidArgument for a quote left open at the end of input ("第 N 行的引号没有闭合", N the physical
  // line the quoted field starts on), kTooLarge for a record with more than options.max_columns fields.
  bool Next(std::vector<std::string>* fields);
  // Next, also setting *number_columns (not null) to the record's fields, ascending, that a spreadsheet
  // wrote from a number cell as far as a CSV can show it: those in scientific notation (IsScientificNumber;
  // a field in the `="…"` form is text). Digit strings are not listed: a CSV cannot tell "0012345" typed as
  // text from 12345 saved from a number that lost its leading zeros.
  bool Next(std::vector<std::string>* fields, std::vector<int>* number_columns);

  // Spreadsheet row number of the record last returned: 1-based, counting blank records (as Excel shows
  // the file) and counting a record that spans lines as one row.
  // (Numbers past INT_MAX, possible only in inputs over 2 GB, are reported as INT_MAX.)
  int row_number() const { return Clamp(row_number_); }
  // Physical 1-based line on which the record last returned starts.
  int line_number() const { return Clamp(line_number_); }
  // OK unless Next() stopped on an error.
  const Status& status() const { return status_; }

 private:
  static int Clamp(int64_t v) { return v > INT32_MAX ? INT32_MAX : static_cast<int>(v); }

  csv::Tokenizer tokenizer_;  // fields, quotes and line ends: core's tokenizer, lenient dialect
  CsvOptions options_;
  int64_t row_number_ = 0;    // of the last record returned
  int64_t line_number_ = 0;   // of the last record returned
  int64_t records_seen_ = 0;  // records parsed so far, blank ones included
  Status status_;
  std::string formula_;  // scratch for a field in the `="…"` form
};

// Reads a CSV file into a Table: encoding normalised (note set when converted), then parsed as CsvReader
// does (number_columns as CsvReader::Next gives them). The delimiter is a comma unless the first non-blank
// line has tabs and no commas outside quoted fields (Excel's "Unicode text" and many systems' .txt exports
// are tab-separated), then a tab. The first non-blank record is the header. Errors: kInvalidArgument for a
// bad encoding, binary content, an unterminated quote (with its line number) or a file with no non-blank row
// ("文件为空"); kTooLarge beyond `limits`.
Result<Table> ReadCsv(std::string_view bytes);
Result<Table> ReadCsv(std::string_view bytes, const Limits& limits);

// Reads the first visible worksheet of an .xlsx (Office Open XML; files written by Excel, WPS, LibreOffice,
// libxlsxwriter, openpyxl). Cells: shared strings (including rich-text runs <r><t>, phonetic <rPh> runs
// ignored), inline strings, formula string results (t="str"), booleans ("TRUE"/"FALSE"), error values
// ("#N/A"), and numbers: an integer is given as stored (5303261990010112; Excel itself keeps only 15
// significant digits, so an 18-digit ID typed as a number has lost its last digits before we see it), a
// non-integer in shortest round-trip form ("0.1"), an integral value written with an exponent expanded
// ("5.30326199001011E+17" -> "530326199001011000"); every number cell is listed in number_columns, so an
// importer can refuse it where a code belongs. A number whose cell style is a date or time format is
// given as "YYYY-MM-DD", "HH:MM:SS" or "YYYY-MM-DD HH:MM:SS" (1900 and 1904 date systems). Excel's _xHHHH_
// escapes in strings are decoded. Values are not trimmed. Cell references (r="C5") place values in their
// column, missing cells are empty strings, trailing empty cells are dropped, rows with no non-empty cell
// are skipped, and row_numbers come from the rows' r attributes.
// Errors: kInvalidArgument "文件已损坏或不是有效的 xlsx" for a truncated or corrupt zip, a missing part
// ([Content_Types].xml, the workbook, its relationships, the sheet), malformed XML, XML that is not UTF-8
// or has a NUL byte, a shared-string index out of range, or a sheet with no non-empty row; kTooLarge
// beyond `limits` (more than max_rows rows, or sheet / shared-strings XML larger than max_xml_bytes once
// uncompressed, which also stops zip bombs).
Result<Table> ReadXlsx(std::string_view bytes);
Result<Table> ReadXlsx(std::string_view bytes, const Limits& limits);

// DetectFormat, then ReadCsv or ReadXlsx. Errors: theirs.
Result<Table> Read(std::string_view bytes, std::string_view filename_hint = {});
Result<Table> Read(std::string_view bytes, std::string_view filename_hint, const Limits& limits);

// Writes header then rows as CSV: UTF-8 with a BOM (so Excel shows Chinese), CRLF line ends, a field
// quoted (with " doubled) when it contains a comma, quote, CR, LF or tab, or starts or ends with a space.
// Rows are written with the widths they have. Bytes are written as given (no validation).
// A spreadsheet opening a CSV turns digit strings into numbers (an 18-digit citizen ID loses its last three
// digits, "0012345" its zeros, "1-2" becomes a date) unless they are protected: every non-empty data cell in
// `text_columns` (0-based) of at most 255 characters (the longest string an Excel formula holds) is written
// in the `="…"` form (FormulaText), which Excel and LibreOffice both keep as text. A cell whose value is
// itself in that form is written as FormulaText of it, in any column, so ReadCsv gives every cell back.
std::string WriteCsv(const Table& t, const std::vector<size_t>& text_columns = {});

// Writes an .xlsx with one worksheet via libxlsxwriter in constant-memory mode (rows streamed, cells as
// inline strings; through a mkstemp temp file in $TMPDIR or /tmp, read back and unlinked). Every cell is a
// string (so 18-digit citizen IDs keep all digits) with the text number format "@" (so digits typed in later
// stay text too); the header row is bold and frozen; column widths follow the content (CJK characters counted
// double, 6 to 60 characters). `sheet_name` is made legal for Excel: characters []:*?/\ become "_", it is cut
// to 31 characters, empty becomes "Sheet1". Invalid UTF-8 in a cell is replaced by U+FFFD; a cell longer than
// Excel's 32,767 characters is cut.
// `choices` puts a drop-down list (a list data validation, error style "stop") on columns of the data rows,
// so that a fixed-list column such as 民族 is filled from its list. A list of at most 255 characters joined
// with commas (Excel's limit for an inline list) is written inline; a longer one into a column of a hidden
// second worksheet "下拉列表" and referenced as a range.
// Errors: kTooLarge for more than 1,048,575 data rows or 16,384 columns (Excel's limits); kInvalidArgument
// for a choice on a column past the table's, with no values, or with a value that is empty, has a comma or
// a quote, or is longer than 255 characters; kInternal when the temp file cannot be created or written.
struct ColumnChoices {
  size_t column = 0;                // 0-based
  std::vector<std::string> values;  // in the order the list shows them
};
Result<std::string> WriteXlsx(const Table& t, std::string_view sheet_name,
                              const std::vector<ColumnChoices>& choices = {});

}  // namespace wangge::sheet
