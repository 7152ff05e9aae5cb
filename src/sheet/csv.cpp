// CSV: the streaming CsvReader, ReadCsv (a whole Table) and WriteCsv.
#include "core/csv.hpp"

#include "sheet/sheet.hpp"
#include "sheet/utf8.hpp"

namespace wangge::sheet {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

Status TooLarge(std::string zh, std::string en) {
  return Status(StatusCode::kTooLarge, std::move(zh), std::move(en));
}

// Comma unless the first line with content has tabs and no commas outside quotes. (Found by fuzzing: with
// quoted tabs counted, WriteCsv's one-column table with a tab in its header read back as two columns.)
char SniffDelimiter(std::string_view text) {
  if (text.substr(0, kUtf8Bom.size()) == kUtf8Bom) text.remove_prefix(kUtf8Bom.size());
  while (!text.empty()) {
    const size_t end = text.find_first_of("\r\n");
    const std::string_view line = text.substr(0, end);
    if (line.find_first_not_of(" \t") != std::string_view::npos) {
      bool tabs = false, commas = false, quoted = false;
      for (const char c : line) {
        if (c == '"') quoted = !quoted;  // "" inside a quoted field toggles twice
        tabs |= c == '\t' && !quoted;
        commas |= c == ',' && !quoted;
      }
      return tabs && !commas ? '\t' : ',';
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return ',';
}

// Excel's longest string in a formula: a longer value is not written in the `="…"` form.
constexpr size_t kMaxFormulaTextChars = 255;

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool NeedsQuotes(std::string_view f) {
  if (f.empty()) return false;
  // A tab too: unquoted, it would make SniffDelimiter read a one-column file as tab-separated.
  if (f.find_first_of(",\"\r\n\t") != std::string_view::npos) return true;
  const char first = f.front(), last = f.back();
  return first == ' ' || first == '\t' || last == ' ' || last == '\t';
}

// `keep_text[i]`: column i is a text column (data rows only; null for the header).
void AppendCsvRow(const std::vector<std::string>& row, const std::vector<bool>* keep_text, std::string* out) {
  std::string formula, ignored;
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out->push_back(',');
    std::string_view f = row[i];
    const bool text_column = keep_text != nullptr && i < keep_text->size() && (*keep_text)[i];
    if (!f.empty() &&
        ((text_column && CodePoints(f) <= kMaxFormulaTextChars) || ParseFormulaText(f, &ignored))) {
      formula = FormulaText(f);
      f = formula;
      // Unquoted (`="0012345"`, the form commonly written for Excel; a quote inside an unquoted field is
      // literal) unless a delimiter or line end inside needs the RFC 4180 quotes.
      if (f.find_first_of(",\r\n\t") == std::string_view::npos) {
        out->append(f);
        continue;
      }
    }
    if (!NeedsQuotes(f)) {
      out->append(f);
      continue;
    }
    out->push_back('"');
    for (char c : f) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->append("\r\n");
}

}  // namespace

bool IsScientificNumber(std::string_view t) {
  size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  size_t mantissa_digits = 0;
  while (i < t.size() && IsDigit(t[i])) ++i, ++mantissa_digits;
  if (i < t.size() && (t[i] == '.' || t[i] == ',')) {  // ',' where the decimal separator is a comma
    ++i;
    while (i < t.size() && IsDigit(t[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0 || i >= t.size() || (t[i] != 'E' && t[i] != 'e')) return false;
  ++i;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
  size_t exponent_digits = 0;
  while (i < t.size() && IsDigit(t[i])) ++i, ++exponent_digits;
  return exponent_digits > 0 && i == t.size();
}

std::string FormulaText(std::string_view value) {
  std::string out = "=\"";
  out.reserve(value.size() + 4);
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

bool ParseFormulaText(std::string_view field, std::string* value) {
  if (field.size() < 3 || field[0] != '=' || field[1] != '"' || field.back() != '"') return false;
  const std::string_view inner = field.substr(2, field.size() - 3);
  std::string out;
  out.reserve(inner.size());
  for (size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '"') {
      if (i + 1 >= inner.size() || inner[i + 1] != '"') return false;  // a lone quote ends the string early
      ++i;
    }
    out.push_back(inner[i]);
  }
  *value = std::move(out);
  return true;
}

CsvReader::CsvReader(std::string_view utf8_bytes, CsvOptions options)
    : tokenizer_(utf8_bytes, csv::Options{options.delimiter, csv::Dialect::kLenient, options.max_columns}),
      options_(options) {}

bool CsvReader::Next(std::vector<std::string>* fields) { return Next(fields, nullptr); }

bool CsvReader::Next(std::vector<std::string>* fields, std::vector<int>* number_columns) {
  if (!status_.ok()) return false;
  while (tokenizer_.Next(fields)) {
    ++records_seen_;
    if (number_columns != nullptr) number_columns->clear();
    bool any_content = false;
    for (size_t i = 0; i < fields->size(); ++i) {
      std::string& f = (*fields)[i];
      if (f.size() >= 3 && f[0] == '=' && f[1] == '"') {
        if (ParseFormulaText(f, &formula_)) f.swap(formula_);  // `="0012345"`: text, never a number
      } else if (number_columns != nullptr && IsScientificNumber(f)) {
        number_columns->push_back(static_cast<int>(i));
      }
      if (!f.empty()) any_content = true;
    }
    if (!any_content) continue;  // blank line or only empty fields
    row_number_ = records_seen_;
    line_number_ = tokenizer_.line();
    return true;
  }
  const std::string line = std::to_string(tokenizer_.error_line());
  switch (tokenizer_.error()) {
    case csv::Error::kUnclosedQuote:
      status_ = InvalidArgument(
          "CSV 第 " + line + " 行的引号没有闭合：从该行开始的带引号字段直到文件末尾都缺少结束引号（\"）",
          "unterminated quoted field: the quote opened on CSV line " + line + " is never closed");
      break;
    case csv::Error::kTooManyFields: {
      const std::string max = std::to_string(options_.max_columns);
      status_ = TooLarge("CSV 第 " + line + " 行的列数超过 " + max + " 列",
                         "CSV line " + line + " has more than " + max + " fields");
      break;
    }
    default:  // the lenient dialect has no other errors
      break;
  }
  return false;
}

Result<Table> ReadCsv(std::string_view bytes) { return ReadCsv(bytes, Limits{}); }

Result<Table> ReadCsv(std::string_view bytes, const Limits& limits) {
  Table table;
  std::string storage;
  ASSIGN_OR_RETURN(const std::string_view text, ToUtf8(bytes, &storage, &table.note_zh, &table.note_en));
  CsvReader reader(text, CsvOptions{SniffDelimiter(text), limits.max_columns});
  std::vector<std::string> fields;
  std::vector<int> numbers;
  bool have_header = false;
  int64_t cells = 0;
  while (reader.Next(&fields, &numbers)) {
    if (!have_header) {
      have_header = true;
      table.header_row_number = reader.row_number();
      table.header.reserve(fields.size());
      for (const std::string& f : fields) table.header.emplace_back(internal::TrimHeaderCell(f));
      internal::DropTrailingBlanks(&table.header);
      continue;
    }
    if (static_cast<int64_t>(table.rows.size()) >= limits.max_rows) {
      const std::string max = std::to_string(limits.max_rows);
      return TooLarge("文件的数据行数超过 " + max + " 行，请拆分后分批导入",
                      "the file has more than " + max + " data rows; split it and import in parts");
    }
    cells += static_cast<int64_t>(fields.size());
    if (cells > limits.max_cells) {
      const std::string max = std::to_string(limits.max_cells);
      return TooLarge("文件的单元格总数超过 " + max + " 个，请拆分后分批导入",
                      "the file has more than " + max + " cells; split it and import in parts");
    }
    table.rows.push_back(std::move(fields));
    fields.clear();
    table.row_numbers.push_back(reader.row_number());
    // Only the cells a row keeps: a number past the end of a trimmed record cannot occur (it is not empty).
    table.number_columns.push_back(numbers);
  }
  if (!reader.status().ok()) return reader.status();
  if (!have_header)
    return InvalidArgument("文件为空：没有表头行", "the file is empty: there is no header row");
  return table;
}

std::string WriteCsv(const Table& t, const std::vector<size_t>& text_columns) {
  std::vector<bool> keep_text;
  for (const size_t c : text_columns) {
    if (c >= keep_text.size()) keep_text.resize(c + 1, false);
    keep_text[c] = true;
  }
  std::string out(kUtf8Bom);
  size_t estimate = 0;
  for (const std::string& f : t.header) estimate += f.size() + 1;
  for (const auto& row : t.rows) {
    for (const std::string& f : row) estimate += f.size() + 1;
    estimate += 2;
  }
  out.reserve(out.size() + estimate + estimate / 16 + 2);
  AppendCsvRow(t.header, nullptr, &out);
  for (const auto& row : t.rows) AppendCsvRow(row, &keep_text, &out);
  return out;
}

}  // namespace wangge::sheet
