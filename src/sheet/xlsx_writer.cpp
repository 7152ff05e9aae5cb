// WriteXlsx via libxlsxwriter.
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sheet/sheet.hpp"
#include "sheet/utf8.hpp"

namespace wangge::sheet {
namespace {

constexpr size_t kExcelMaxRows = 1'048'576;  // header included
constexpr size_t kExcelMaxColumns = 16'384;
constexpr size_t kExcelMaxChars = 32'767;  // characters in one cell
constexpr size_t kWidthSampleRows = 1'000;
constexpr size_t kMaxInlineList = 255;  // Excel's limit for an inline validation list, commas included
constexpr char kListsSheet[] = "下拉列表";

// "A", "B", …, "AA": the letters of a 0-based column.
std::string ColumnLetters(size_t col) {
  std::string out;
  for (size_t n = col + 1; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
  return out;
}

// Removes the file on scope exit.
class TempFile {
 public:
  explicit TempFile(std::string path) : path_(std::move(path)) {}
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() { ::unlink(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Cuts valid UTF-8 to at most `max_chars` code points.
std::string_view CutChars(std::string_view s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return s.substr(0, i);
      ++chars;
    }
  }
  return s;
}

Status CheckChoices(const std::vector<ColumnChoices>& choices, size_t columns) {
  for (const ColumnChoices& c : choices) {
    const std::string col = std::to_string(c.column + 1);
    if (c.column >= columns || c.values.empty()) {
      return InvalidArgument("下拉列表的列 " + col + " 超出表格或没有取值",
                             "drop-down list on column " + col + ": no such column, or no values");
    }
    for (const std::string& v : c.values) {
      if (v.empty() || v.find_first_of(",\"") != std::string::npos || CutChars(v, 255).size() != v.size() ||
          !internal::IsValidUtf8(v)) {
        return InvalidArgument(
            "下拉列表的列 " + col + " 含有空的、过长的或带逗号、引号的取值",
            "drop-down list on column " + col + ": a value is empty, too long, or has a comma or a quote");
      }
    }
  }
  return Status::Ok();
}

std::string LegalSheetName(std::string_view requested) {
  std::string name = internal::SanitizeUtf8(requested);
  for (char& c : name) {
    if (c == '[' || c == ']' || c == ':' || c == '*' || c == '?' || c == '/' || c == '\\') c = '_';
  }
  while (!name.empty() && name.front() == '\'') name.erase(0, 1);
  name = std::string(CutChars(name, 31));
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) return "Sheet1";
  if (name == "History" || name == "history") name += "_";  // reserved by Excel
  return name;
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The cell text as libxlsxwriter must receive it: valid UTF-8, at most Excel's cell length, and text
// that looks like one of Excel's "_xHHHH_" escapes protected as "_x005F_xHHHH_" (libxlsxwriter escapes
// control characters that way but not the look-alikes, which Excel and ReadXlsx would otherwise decode).
std::string CellText(const std::string& value) {
  std::string text = internal::IsValidUtf8(value) ? value : internal::SanitizeUtf8(value);
  if (text.size() > kExcelMaxChars) text = std::string(CutChars(text, kExcelMaxChars));
  if (text.find("_x") == std::string::npos && text.find("_X") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    const bool escape_like = text[i] == '_' && i + 7 <= text.size() &&
                             (text[i + 1] == 'x' || text[i + 1] == 'X') && IsHex(text[i + 2]) &&
                             IsHex(text[i + 3]) && IsHex(text[i + 4]) && IsHex(text[i + 5]) &&
                             text[i + 6] == '_';
    if (escape_like) {
      out += "_x005F_";  // an escaped '_'; the "xHHHH_" that follows stays literal
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

Result<std::string> ReadFileBytes(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Internal("cannot reopen the xlsx temp file " + path);
  std::string out;
  char buffer[1 << 16];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) out.append(buffer, n);
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return Internal("cannot read the xlsx temp file " + path);
  return out;
}

}  // namespace

Result<std::string> WriteXlsx(const Table& t, std::string_view sheet_name,
                              const std::vector<ColumnChoices>& choices) {
  size_t columns = t.header.size();
  for (const auto& row : t.rows) columns = std::max(columns, row.size());
  RETURN_IF_ERROR(CheckChoices(choices, columns));
  if (t.rows.size() + 1 > kExcelMaxRows) {
    return Status(StatusCode::kTooLarge, "数据超过 Excel 的上限 1048575 行，请分批导出",
                  "more than Excel's 1,048,575 data rows; export in parts");
  }
  if (columns > kExcelMaxColumns) {
    return Status(StatusCode::kTooLarge, "数据超过 Excel 的上限 16384 列",
                  "more than Excel's 16,384 columns");
  }

  const char* env_dir = std::getenv("TMPDIR");
  std::string dir = env_dir != nullptr && env_dir[0] != '\0' ? env_dir : "/tmp";
  std::string pattern = dir + "/wangge-sheet-XXXXXX";
  const int fd = ::mkstemp(pattern.data());
  if (fd < 0) return Internal("mkstemp failed in " + dir);
  ::close(fd);
  TempFile temp(pattern);

  lxw_workbook_options options{};
  // Constant-memory mode streams each row to the temp file as inline strings: memory stays flat for a
  // million-row export, and it is faster than building the shared-string table (65k vs 40k rows/s).
  options.constant_memory = LXW_TRUE;
  options.tmpdir = dir.data();
  options.use_zip64 = LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(temp.path().c_str(), &options);
  if (workbook == nullptr) return Internal("workbook_new_opt failed for " + temp.path());

  const std::string name = LegalSheetName(sheet_name);
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  if (sheet == nullptr) sheet = workbook_add_worksheet(workbook, nullptr);
  if (sheet == nullptr) {
    workbook_close(workbook);
    return Internal("workbook_add_worksheet failed");
  }
  lxw_format* header_format = workbook_add_format(workbook);
  format_set_bold(header_format);
  format_set_num_format(header_format, "@");
  lxw_format* text_format = workbook_add_format(workbook);
  format_set_num_format(text_format, "@");

  // Column widths from the header and a sample of rows (libxlsxwriter wants them before the cells when
  // streaming in constant-memory mode). The text format on the column keeps digits typed later as text.
  for (size_t c = 0; c < columns; ++c) {
    int width = c < t.header.size() ? internal::DisplayWidth(t.header[c]) : 0;
    for (size_t r = 0; r < t.rows.size() && r < kWidthSampleRows; ++r) {
      if (c < t.rows[r].size()) width = std::max(width, internal::DisplayWidth(CutChars(t.rows[r][c], 80)));
    }
    const double chars = std::clamp(width + 2, 6, 60);
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), chars, text_format);
  }
  worksheet_freeze_panes(sheet, 1, 0);

  lxw_error error = LXW_NO_ERROR;
  const auto write_row = [&](lxw_row_t r, const std::vector<std::string>& row, lxw_format* format) {
    for (size_t c = 0; c < row.size() && error == LXW_NO_ERROR; ++c) {
      if (row[c].empty()) continue;
      error = worksheet_write_string(sheet, r, static_cast<lxw_col_t>(c), CellText(row[c]).c_str(), format);
    }
  };
  write_row(0, t.header, header_format);
  for (size_t r = 0; r < t.rows.size() && error == LXW_NO_ERROR; ++r) {
    write_row(static_cast<lxw_row_t>(r + 1), t.rows[r], text_format);
  }

  // Drop-down lists on the data rows: short ones inline, long ones as a range of the hidden lists sheet
  // (one column per list, written row by row as constant-memory mode requires).
  std::vector<const ColumnChoices*> long_lists;
  std::vector<std::string> range_formulas;
  for (const ColumnChoices& c : choices) {
    size_t joined = c.values.size() - 1;
    // Counted in bytes, not characters: within Excel's limit, and within the 255-byte buffer into which some
    // libxlsxwriter versions join an inline list (they check the length in characters).
    for (const std::string& v : c.values) joined += v.size();
    if (joined > kMaxInlineList) {
      range_formulas.push_back("='" + std::string(kListsSheet) + "'!$" + ColumnLetters(long_lists.size()) +
                               "$1:$" + ColumnLetters(long_lists.size()) + "$" +
                               std::to_string(c.values.size()));
      long_lists.push_back(&c);
    }
  }
  if (!long_lists.empty() && error == LXW_NO_ERROR) {
    lxw_worksheet* lists = workbook_add_worksheet(workbook, kListsSheet);
    if (lists == nullptr) {
      workbook_close(workbook);
      return Internal("workbook_add_worksheet failed for the lists sheet");
    }
    size_t longest = 0;
    for (const ColumnChoices* c : long_lists) longest = std::max(longest, c->values.size());
    for (size_t r = 0; r < longest && error == LXW_NO_ERROR; ++r) {
      for (size_t k = 0; k < long_lists.size() && error == LXW_NO_ERROR; ++k) {
        if (r < long_lists[k]->values.size()) {
          error = worksheet_write_string(lists, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(k),
                                         long_lists[k]->values[r].c_str(), text_format);
        }
      }
    }
    worksheet_hide(lists);
  }
  size_t next_range = 0;
  for (const ColumnChoices& c : choices) {
    if (error != LXW_NO_ERROR) break;
    lxw_data_validation v{};
    v.validate = LXW_VALIDATION_TYPE_LIST;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_STOP;
    v.error_title = const_cast<char*>("取值不在列表中");
    v.error_message = const_cast<char*>("请从下拉列表中选择。Choose a value from the drop-down list.");
    std::vector<char*> list;
    bool is_long = next_range < long_lists.size() && long_lists[next_range] == &c;
    if (is_long) {
      v.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
      v.value_formula = range_formulas[next_range].data();
      ++next_range;
    } else {
      for (const std::string& s : c.values) list.push_back(const_cast<char*>(s.c_str()));
      list.push_back(nullptr);
      v.value_list = list.data();
    }
    const auto col = static_cast<lxw_col_t>(c.column);
    error =
        worksheet_data_validation_range(sheet, 1, col, static_cast<lxw_row_t>(kExcelMaxRows - 1), col, &v);
  }
  const lxw_error close_error = workbook_close(workbook);
  if (error != LXW_NO_ERROR) return Internal(std::string("libxlsxwriter: ") + lxw_strerror(error));
  if (close_error != LXW_NO_ERROR)
    return Internal(std::string("workbook_close: ") + lxw_strerror(close_error));
  return ReadFileBytes(temp.path());
}

}  // namespace wangge::sheet
