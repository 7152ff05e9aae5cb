// DetectFormat and Read: which reader an upload goes to.
#include "sheet/sheet.hpp"

namespace wangge::sheet {
namespace {

constexpr std::string_view kZipMagic = "PK\x03\x04";
constexpr std::string_view kEmptyZipMagic = "PK\x05\x06";
constexpr std::string_view kOle2Magic = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool EndsWithNoCase(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  s = s.substr(s.size() - suffix.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  return EndsWithNoCase(s.substr(0, prefix.size()), prefix);
}

Status Unsupported(std::string zh, std::string en) {
  return Status(StatusCode::kUnsupportedMedia, std::move(zh), std::move(en));
}

}  // namespace

Result<Format> DetectFormat(std::string_view bytes, std::string_view filename_hint) {
  if (bytes.starts_with(kZipMagic) || bytes.starts_with(kEmptyZipMagic)) {
    // An OpenDocument package names its type in the first entry, "mimetype", stored uncompressed.
    if (bytes.substr(0, 100).find("application/vnd.oasis.opendocument") != std::string_view::npos) {
      return Unsupported(
          "不支持 OpenDocument（.ods）表格，请另存为 .xlsx 或 .csv",
          "OpenDocument (.ods) spreadsheets are not supported; save the file as .xlsx or .csv");
    }
    return Format::kXlsx;
  }
  if (bytes.starts_with(kOle2Magic.substr(0, 4))) {
    if (EndsWithNoCase(filename_hint, ".xlsx")) {
      return Unsupported(
          "无法读取该文件：它可能设置了打开密码。请在 Excel 中取消密码后，另存为 .xlsx 或 .csv",
          "cannot read this file: it may be password-protected; remove the password in Excel and save "
          "it as .xlsx or .csv");
    }
    return Unsupported(
        "不支持旧版 Excel（.xls）或 WPS（.et）格式，请另存为 .xlsx 或 .csv",
        "old Excel (.xls) and WPS (.et) files are not supported; save the file as .xlsx or .csv");
  }
  std::string_view head = bytes.substr(0, 512);
  if (head.starts_with(kUtf8Bom)) head.remove_prefix(kUtf8Bom.size());
  while (!head.empty() && (head[0] == ' ' || head[0] == '\t' || head[0] == '\r' || head[0] == '\n')) {
    head.remove_prefix(1);
  }
  if (StartsWithNoCase(head, "<?xml") || StartsWithNoCase(head, "<html") ||
      StartsWithNoCase(head, "<!doctype") || StartsWithNoCase(head, "<table") ||
      StartsWithNoCase(head, "<meta")) {
    return Unsupported(
        "该文件是网页（HTML）或 XML 格式，并不是真正的表格文件，请在 Excel 中打开后另存为 .xlsx 或 .csv",
        "the file is HTML or XML, not a real spreadsheet; open it in Excel and save it as .xlsx or .csv");
  }
  if (bytes.size() < kZipMagic.size() && EndsWithNoCase(filename_hint, ".xlsx")) return Format::kXlsx;
  return Format::kCsv;
}

Result<Table> Read(std::string_view bytes, std::string_view filename_hint) {
  return Read(bytes, filename_hint, Limits{});
}

Result<Table> Read(std::string_view bytes, std::string_view filename_hint, const Limits& limits) {
  ASSIGN_OR_RETURN(const Format format, DetectFormat(bytes, filename_hint));
  return format == Format::kXlsx ? ReadXlsx(bytes, limits) : ReadCsv(bytes, limits);
}

}  // namespace wangge::sheet
