// The XML inside an .xlsx (sheet/): the input names the parts and gives their text, the target zips them
// (stored, so every byte reaches the reader unchanged) and runs ReadXlsx: package and workbook
// relationships, workbook, styles and number formats (pugixml), shared strings and the worksheet
// (XmlPull), cell references, types, dates, Excel escapes. Input: parts, each introduced by a line
// "=== <part name>", e.g.
//   === [Content_Types].xml
//   <Types/>
//   === xl/worksheets/sheet1.xml
//   <worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>姓名</t></is></c></row></sheetData></worksheet>
#include <zip.h>

#include <string>
#include <vector>

#include "fuzz.hpp"
#include "sheet/sheet.hpp"
#include "sheet_checks.hpp"

namespace wangge::fuzz {
namespace {

constexpr std::string_view kMarker = "=== ";

struct Part {
  std::string name;
  std::string_view content;
};

std::vector<Part> SplitParts(std::string_view in) {
  std::vector<Part> parts;
  size_t pos = in.starts_with(kMarker) ? 0 : in.find(std::string("\n").append(kMarker));
  while (pos != std::string_view::npos && parts.size() < 64) {
    if (in[pos] == '\n') ++pos;
    const size_t name_begin = pos + kMarker.size();
    const size_t name_end = std::min(in.find('\n', name_begin), in.size());
    const size_t content_begin = std::min(name_end + 1, in.size());
    const size_t next = in.find(std::string("\n").append(kMarker), content_begin);
    const size_t content_end = next == std::string_view::npos ? in.size() : next;
    parts.push_back({std::string(in.substr(name_begin, name_end - name_begin)),
                     in.substr(content_begin, content_end - content_begin)});
    pos = next;
  }
  return parts;
}

// The parts as a zip archive (stored, not deflated); parts libzip refuses (an empty, repeated or
// non-UTF-8 name) are left out, as a zip tool would, and so are names over 1000 bytes (a zip allows
// 65,535). "" when no part is left (libzip writes no archive at all then).
std::string Zip(const std::vector<Part>& parts) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  FUZZ_CHECK(buffer != nullptr);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  FUZZ_CHECK(archive != nullptr);
  size_t added = 0;
  for (const Part& p : parts) {
    if (p.name.size() > 1000) continue;
    zip_source_t* s = zip_source_buffer(archive, p.content.data(), p.content.size(), 0);
    FUZZ_CHECK(s != nullptr);
    const zip_int64_t index = zip_file_add(archive, p.name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(s);
      continue;
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    ++added;
  }
  FUZZ_CHECK(zip_close(archive) == 0);
  std::string out;
  if (added == 0) {
    zip_source_free(buffer);
    zip_error_fini(&error);
    return out;
  }
  FUZZ_CHECK(zip_source_open(buffer) == 0);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  out.resize(static_cast<size_t>(size));
  FUZZ_CHECK(zip_source_read(buffer, out.data(), out.size()) == size);
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

}  // namespace

int XlsxParts(const uint8_t* data, size_t size) {
  const std::vector<Part> parts = SplitParts(AsText(data, size));
  if (parts.empty()) return 0;
  const std::string bytes = Zip(parts);
  const sheet::Limits limits = SheetLimits();
  auto table = sheet::ReadXlsx(bytes, limits);
  CheckXlsxRead(table, limits);
  return 0;
}

}  // namespace wangge::fuzz
