// Checks shared by the spreadsheet fuzz targets (csv, xlsx, xlsx_parts).
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "sheet/sheet.hpp"
#include "sheet/utf8.hpp"

namespace wangge::fuzz {

// Small enough that a short input cannot make the fuzzer run out of memory (an .xlsx cell reference such as
// "XFD1" materialises 16,384 cells), large enough for every seed. The product's own limits are tested by
// src/sheet/sheet_test.cpp.
inline sheet::Limits SheetLimits() {
  sheet::Limits l;
  l.max_rows = 2000;
  l.max_columns = 200;
  l.max_cells = 20000;
  l.max_xml_bytes = 8 << 20;
  l.max_meta_xml_bytes = 1 << 20;
  return l;
}

inline void CheckSheetError(const Status& st) {
  FUZZ_CHECK_MSG(st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kTooLarge ||
                     st.code() == StatusCode::kUnsupportedMedia,
                 st.ToString());
  FUZZ_CHECK_MSG(sheet::internal::IsValidUtf8(st.zh()) && sheet::internal::IsValidUtf8(st.en()),
                 st.ToString());
}

// What every Table promises (sheet.hpp), whichever reader made it. CSV row numbers increase; an .xlsx
// gives the numbers its rows' r attributes say (a hand-made file may repeat or reorder them).
inline void CheckTable(const sheet::Table& t, const sheet::Limits& limits, bool increasing_rows) {
  using sheet::internal::IsValidUtf8;
  FUZZ_CHECK(t.rows.size() == t.row_numbers.size());
  FUZZ_CHECK(t.rows.size() == t.number_columns.size());
  FUZZ_CHECK(static_cast<int64_t>(t.rows.size()) <= limits.max_rows);
  FUZZ_CHECK(t.header_row_number >= 1);
  int previous = t.header_row_number;
  int64_t cells = 0;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    FUZZ_CHECK(t.row_numbers[i] >= 1);
    if (increasing_rows)
      FUZZ_CHECK_MSG(t.row_numbers[i] > previous,
                     std::to_string(t.row_numbers[i]) + " after " + std::to_string(previous));
    previous = t.row_numbers[i];
    FUZZ_CHECK(static_cast<int64_t>(t.rows[i].size()) <= limits.max_columns);
    cells += static_cast<int64_t>(t.rows[i].size());
    for (const std::string& c : t.rows[i]) FUZZ_CHECK(IsValidUtf8(c));
    // Number cells: ascending columns of the row, each holding text.
    int last_col = -1;
    for (const int col : t.number_columns[i]) {
      FUZZ_CHECK(col > last_col && static_cast<size_t>(col) < t.rows[i].size());
      FUZZ_CHECK(!t.rows[i][static_cast<size_t>(col)].empty());
      last_col = col;
    }
  }
  FUZZ_CHECK(cells <= limits.max_cells);
  for (const std::string& h : t.header) {
    FUZZ_CHECK(IsValidUtf8(h));
    FUZZ_CHECK(sheet::internal::TrimHeaderCell(h) == h);
  }
  FUZZ_CHECK(IsValidUtf8(t.note_zh) && IsValidUtf8(t.note_en));
}

// The first difference between two row lists, printable.
inline std::string Diff(const std::vector<std::vector<std::string>>& got,
                        const std::vector<std::vector<std::string>>& want) {
  auto show = [](const std::vector<std::string>& row) {
    std::string out = "[";
    for (const std::string& c : row) {
      out += '"';
      for (unsigned char ch : c) {
        if (ch >= 0x20 && ch < 0x7f && ch != '"') {
          out += static_cast<char>(ch);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02X", ch);
          out += buf;
        }
      }
      out += "\" ";
    }
    return out + "]";
  };
  for (size_t i = 0; i < std::max(got.size(), want.size()); ++i) {
    if (i < got.size() && i < want.size() && got[i] == want[i]) continue;
    return "row " + std::to_string(i) + ": got " + (i < got.size() ? show(got[i]) : "none") + ", want " +
           (i < want.size() ? show(want[i]) : "none");
  }
  return "";
}

// A header whose cells are all empty after trimming (say, only full-width spaces) is written as a blank
// row, which readers skip: no round trip can keep it.
inline bool HasHeaderText(const sheet::Table& t) {
  for (const std::string& h : t.header)
    if (!h.empty()) return true;
  return false;
}

// The export/import round trip: WriteXlsx of a table that was read, read again, gives its values back.
inline void CheckXlsxRoundTrip(const sheet::Table& t, const sheet::Limits& limits) {
  if (!HasHeaderText(t)) return;
  auto written = sheet::WriteXlsx(t, "人口");
  FUZZ_CHECK_MSG(written.ok(), written.status().ToString());
  auto back = sheet::ReadXlsx(*written, limits);
  FUZZ_CHECK_MSG(back.ok(), back.status().ToString());
  FUZZ_CHECK_MSG(back->header == t.header, Diff({back->header}, {t.header}));
  FUZZ_CHECK_MSG(back->rows == t.rows, Diff(back->rows, t.rows));
}

// What ReadXlsx answered: an error is a proper sheet error; a table keeps the reader's promises and survives
// the export/import round trip.
inline void CheckXlsxRead(const Result<sheet::Table>& table, const sheet::Limits& limits) {
  if (!table.ok()) {
    CheckSheetError(table.status());
    return;
  }
  CheckTable(*table, limits, /*increasing_rows=*/false);
  CheckXlsxRoundTrip(*table, limits);
}

}  // namespace wangge::fuzz
