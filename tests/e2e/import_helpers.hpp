// Helpers for the import tests (tests/e2e/import_test.cpp, tests/office/): uploading a file, a spreadsheet
// whose cells are typed as a worker types them (numbers where Excel makes numbers), and citizen IDs that a
// spreadsheet turns into someone else's.
#pragma once

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "core/citizen_id.hpp"
#include "server_fixture.hpp"

namespace wangge::e2e {

inline const char* kPeopleHeader =
    "姓名,公民身份号码,所属网格或十联户代码,民族,政治面貌,联系电话,居住类型,与户主关系,户号,住址,人群标签\n";

// The message for a code cell stored as a number that has lost its last digits (issue 11).
inline const char* kLostDigitsZh = "该单元格被存为数字，已丢失末几位；请把此列设为文本后重新填写";
inline const char* kLostDigitsEn =
    "the cell is stored as a number and has lost its last digits; format the column as text and type it "
    "again";

inline std::string ImportTarget(const std::string& mode, bool dry_run, const std::string& filename) {
  return "/api/v1/import/people?mode=" + mode + "&dry_run=" + (dry_run ? "true" : "false") +
         "&filename=" + UrlEncode(filename);
}

inline Response Import(const std::string& bytes, const std::string& mode, bool dry_run = false,
                       const std::string& filename = "x.csv", const std::string& user = "secretary") {
  return Env().AsRaw(user, "POST", ImportTarget(mode, dry_run, filename), bytes, "application/octet-stream");
}

// A 户号 no other test of this process uses.
inline std::string UniqueHouseholdNo(const std::string& stem) {
  static std::atomic<int> n{0};
  return stem + std::to_string(::getpid()) + "N" + std::to_string(n++);
}

// What Excel and LibreOffice keep of an 18-digit number: 15 significant digits (the sixteenth rounds), the
// rest zeros, as ReadXlsx gives it back ("530326193201011000").
inline std::string RoundedLikeASpreadsheet(const std::string& digits) {
  long long first15 = std::stoll(digits.substr(0, 15));
  if (digits[15] >= '5') ++first15;
  return std::to_string(first15) + std::string(digits.size() - 15, '0');
}

// Whether nobody in the database has this citizen ID (an invalid one cannot be stored).
inline bool NobodyHas(const std::string& id) {
  if (!ParseCitizenId(id).ok()) return true;
  Response r = Env().As("admin", "GET", "/api/v1/people?include_retired=true&citizen_id=" + id);
  return r.status == 200 && r.Json()["items"].empty();
}

// A valid citizen ID, held by nobody, that a spreadsheet turns into another valid ID, also held by nobody:
// the case where the old importer stored a wrong ID without a word. Born in `year` (keep it apart from the
// years FreshCitizenId is asked for), sequence 900-949 so that the sixteenth digit rounds down.
inline std::string IdThatBecomesAnotherValidId(int year) {
  static std::atomic<int> skip{0};
  int wanted = skip++;
  for (int month = 1; month <= 12; ++month)
    for (int day = 1; day <= 28; ++day)
      for (int seq = 900; seq < 950; ++seq) {
        const std::string id = MakeCitizenId("530326", year, month, day, seq);
        const std::string rounded = RoundedLikeASpreadsheet(id);
        if (rounded == id || !ParseCitizenId(rounded).ok()) continue;
        if (wanted-- > 0) continue;
        if (NobodyHas(id) && NobodyHas(rounded)) return id;
      }
  ADD_FAILURE() << "no citizen ID of " << year << " rounds to another valid one";
  return "";
}

// A cell of a hand-made workbook: text, or a number typed into a General cell.
struct Cell {
  std::string text;
  bool number = false;
};
inline Cell Num(const std::string& digits) { return Cell{digits, true}; }

// An .xlsx as Excel saves what a worker typed into General cells: `rows` under the template's header, each
// Cell written as a string or as a number (a double, as Excel keeps it).
inline std::string WorkerXlsx(const std::vector<std::vector<Cell>>& rows) {
  const std::string dir = fs::temp_directory_path().string();
  std::string path = dir + "/wangge-worker-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    ADD_FAILURE() << "mkstemp in " << dir;
    return "";
  }
  ::close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "人员");
  std::vector<std::string> header;
  std::string h = kPeopleHeader;
  h.pop_back();
  for (size_t pos = 0; pos <= h.size();) {
    size_t comma = h.find(',', pos);
    if (comma == std::string::npos) comma = h.size();
    header.push_back(h.substr(pos, comma - pos));
    pos = comma + 1;
  }
  for (size_t c = 0; c < header.size(); ++c)
    worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), header[c].c_str(), nullptr);
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const Cell& cell = rows[r][c];
      if (cell.text.empty()) continue;
      const auto row = static_cast<lxw_row_t>(r + 1);
      const auto col = static_cast<lxw_col_t>(c);
      if (cell.number) {
        worksheet_write_number(ws, row, col, std::strtod(cell.text.c_str(), nullptr), nullptr);
      } else {
        worksheet_write_string(ws, row, col, cell.text.c_str(), nullptr);
      }
    }
  EXPECT_EQ(workbook_close(wb), LXW_NO_ERROR);
  std::string bytes = ReadFile(path);
  ::unlink(path.c_str());
  return bytes;
}

// The errors of an import report as (row, column, reason_zh).
struct ReportError {
  int row = 0;
  std::string column, zh, en;
};
inline std::vector<ReportError> ReportErrors(const json& rep) {
  std::vector<ReportError> out;
  for (const json& e : rep["errors"])
    out.push_back(
        {e.value("row", 0), e.value("column", ""), e.value("reason_zh", ""), e.value("reason_en", "")});
  return out;
}

}  // namespace wangge::e2e
