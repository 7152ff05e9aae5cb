// .xlsx uploads (sheet/): the bytes of a file as uploaded, through DetectFormat + ReadXlsx (libzip for the
// container, pugixml and XmlPull for the parts) and sheet::Read, and the WriteXlsx -> ReadXlsx round trip of
// whatever was read. Input: the file. (Deflated parts make most mutations fail the zip checksum, so the
// XML inside is fuzzed mainly by xlsx_parts_fuzz.cpp.)
#include <string>

#include "fuzz.hpp"
#include "sheet/sheet.hpp"
#include "sheet_checks.hpp"

namespace wangge::fuzz {

int Xlsx(const uint8_t* data, size_t size) {
  const std::string_view bytes = AsText(data, size);
  const sheet::Limits limits = SheetLimits();
  auto format = sheet::DetectFormat(bytes, "人口.xlsx");
  if (!format.ok()) {
    CheckSheetError(format.status());
    return 0;
  }
  // What the import does: the detected reader. For CSV-looking bytes that is the csv target's business.
  if (*format != sheet::Format::kXlsx) return 0;
  auto read = sheet::Read(bytes, "人口.xlsx", limits);
  auto table = sheet::ReadXlsx(bytes, limits);
  FUZZ_CHECK(read.ok() == table.ok());
  CheckXlsxRead(table, limits);
  return 0;
}

}  // namespace wangge::fuzz
