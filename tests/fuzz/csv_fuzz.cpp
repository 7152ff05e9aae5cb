// CSV uploads (sheet/): DetectFormat, NormalizeEncoding (UTF-8, UTF-16 with a BOM, GB18030), ReadCsv and the
// streaming CsvReader, and the WriteCsv -> ReadCsv round trip of whatever was read. Input: the file.
#include <string>

#include "fuzz.hpp"
#include "sheet/sheet.hpp"
#include "sheet/utf8.hpp"
#include "sheet_checks.hpp"

namespace wangge::fuzz {
int Csv(const uint8_t* data, size_t size) {
  const std::string_view bytes = AsText(data, size);
  const sheet::Limits limits = SheetLimits();

  // Detection never fails on text and only looks at the first bytes.
  for (std::string_view hint : {"", "人口.csv", "人口.xlsx"}) {
    auto f = sheet::DetectFormat(bytes, hint);
    if (!f.ok()) CheckSheetError(f.status());
  }

  // Encoding: "" means already UTF-8; otherwise valid UTF-8 text and a note saying from what.
  std::string zh, en;
  auto utf8 = sheet::NormalizeEncoding(bytes, &zh, &en);
  if (utf8.ok()) {
    if (utf8->empty()) {
      FUZZ_CHECK(sheet::internal::IsValidUtf8(bytes) && zh.empty() && en.empty());
    } else {
      FUZZ_CHECK(!sheet::internal::IsValidUtf8(bytes));
      FUZZ_CHECK(sheet::internal::IsValidUtf8(*utf8) && !zh.empty() && !en.empty());
    }
  } else {
    CheckSheetError(utf8.status());
  }

  // The streaming reader on the raw bytes (it does not check encodings), both delimiters, a low column cap.
  for (char delimiter : {',', '\t'}) {
    sheet::CsvReader reader(bytes, sheet::CsvOptions{delimiter, 16});
    std::vector<std::string> fields;
    int last_row = 0;
    size_t records = 0;
    while (reader.Next(&fields)) {
      FUZZ_CHECK(!fields.empty() && fields.size() <= 16);
      FUZZ_CHECK(reader.row_number() > last_row && reader.line_number() >= 1);
      last_row = reader.row_number();
      FUZZ_CHECK(++records <= size);  // each record consumes input
    }
    if (!reader.status().ok()) CheckSheetError(reader.status());
  }

  auto table = sheet::ReadCsv(bytes, limits);
  if (!table.ok()) {
    CheckSheetError(table.status());
    return 0;
  }
  CheckTable(*table, limits, /*increasing_rows=*/true);
  // Reading what WriteCsv makes of the table gives the same table back (the export/import round trip).
  if (!HasHeaderText(*table)) return 0;
  const std::string written = sheet::WriteCsv(*table);
  auto back = sheet::ReadCsv(written, limits);
  FUZZ_CHECK_MSG(back.ok(), back.status().ToString());
  FUZZ_CHECK(back->header == table->header);
  FUZZ_CHECK(back->rows == table->rows);
  return 0;
}

}  // namespace wangge::fuzz
