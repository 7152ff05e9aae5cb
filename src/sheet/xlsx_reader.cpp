// ReadXlsx: the first visible worksheet of an .xlsx into a Table.
//
// The small parts (package and workbook relationships, workbook, styles) are read with pugixml; the
// worksheet and shared strings, which can be hundreds of megabytes, with the XmlPull tokenizer, so no DOM
// many times the size of the XML is ever built.
#include <zip.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "sheet/number_format.hpp"
#include "sheet/sheet.hpp"
#include "sheet/utf8.hpp"
#include "sheet/xml_pull.hpp"

namespace wangge::sheet {
namespace {

using internal::DateKind;
using internal::XmlPull;

// The details may quote the file (part names from its relationships, a cell reference, an index), which
// need not be UTF-8: messages are text, so such bytes become U+FFFD (found by fuzzing).
Status Corrupt(const std::string& zh_detail, const std::string& en_detail) {
  return InvalidArgument(
      "文件已损坏或不是有效的 xlsx（" + internal::SanitizeUtf8(zh_detail) + "）",
      "the file is damaged or not a valid xlsx (" + internal::SanitizeUtf8(en_detail) + ")");
}

Status TooLarge(const std::string& zh, const std::string& en) {
  return Status(StatusCode::kTooLarge, internal::SanitizeUtf8(zh), internal::SanitizeUtf8(en));
}

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

template <typename Int>
bool ParseInt(std::string_view s, Int* out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  if (s.empty()) return false;
  const auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// ---- zip ------------------------------------------------------------------------------------------

struct ZipDiscard {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipDiscard>;

Result<ZipPtr> OpenZip(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.empty() ? "" : bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Internal("zip_source_buffer_create failed");
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (archive == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    return Corrupt("无法打开 zip 压缩包", "cannot open the zip container: " + why);
  }
  zip_error_fini(&error);
  return ZipPtr(archive);
}

zip_int64_t Locate(zip_t* archive, const std::string& name) {
  zip_int64_t index = zip_name_locate(archive, name.c_str(), 0);
  if (index < 0) index = zip_name_locate(archive, name.c_str(), ZIP_FL_NOCASE);
  return index;
}

// Reads the whole entry `name` (which must exist: Locate first), refusing more than max_bytes.
Result<std::string> ReadEntry(zip_t* archive, zip_int64_t index, const std::string& name, int64_t max_bytes) {
  const std::string mib = std::to_string(max_bytes >> 20);
  const auto too_large = [&] {
    return TooLarge(
        "xlsx 中的 " + name + " 解压后超过 " + mib + " MiB，文件过大或是压缩炸弹",
        "xlsx part " + name + " is larger than " + mib + " MiB uncompressed (too large, or a zip bomb)");
  };
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    return Corrupt("无法读取 " + name, "cannot stat " + name);
  }
  if ((stat.valid & ZIP_STAT_SIZE) && stat.size > static_cast<zip_uint64_t>(max_bytes)) return too_large();
  zip_file_t* file = zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0);
  if (file == nullptr) {
    return Corrupt("无法解压 " + name + "（可能已加密或压缩方式不受支持）",
                   "cannot open " + name + ": " + zip_error_strerror(zip_get_error(archive)));
  }
  std::string out;
  if (stat.valid & ZIP_STAT_SIZE) out.reserve(std::min<zip_uint64_t>(stat.size, 16u << 20));
  char buffer[1 << 16];
  for (;;) {
    const zip_int64_t n = zip_fread(file, buffer, sizeof buffer);
    if (n < 0) {
      const std::string why = zip_error_strerror(zip_file_get_error(file));
      zip_fclose(file);
      return Corrupt(name + " 数据损坏", "cannot read " + name + ": " + why);
    }
    if (n == 0) break;
    if (static_cast<int64_t>(out.size()) + n > max_bytes) {
      zip_fclose(file);
      return too_large();
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  if (zip_fclose(file) != 0)
    return Corrupt(name + " 数据损坏", "cannot read " + name + ": checksum or size mismatch");
  return out;
}

// ---- small XML parts (pugixml) ----------------------------------------------------------------------

Status ParseXml(const std::string& text, const std::string& name, pugi::xml_document* doc) {
  const pugi::xml_parse_result r =
      doc->load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!r) {
    return Corrupt(name + " 的 XML 格式错误", "malformed XML in " + name + ": " + r.description() +
                                                  " at offset " + std::to_string(r.offset));
  }
  return Status::Ok();
}

bool NameIs(const pugi::xml_node& node, std::string_view local) { return LocalName(node.name()) == local; }

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_element && NameIs(c, local)) return c;
  }
  return {};
}

// Value of the attribute with this local name (any prefix), or "" when absent.
std::string_view Attr(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a = node.first_attribute(); a; a = a.next_attribute()) {
    if (LocalName(a.name()) == local) return a.value();
  }
  return {};
}

std::string_view Root(const pugi::xml_document& doc, std::string_view local) {
  const pugi::xml_node root = doc.document_element();
  return root && NameIs(root, local) ? std::string_view(root.name()) : std::string_view();
}

std::string DirOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash + 1));
}

// Resolves a relationship target against the directory of its source part ("xl/"), handling absolute
// targets ("/xl/worksheets/sheet1.xml") and "." / ".." segments.
std::string ResolveTarget(std::string_view base_dir, std::string_view target) {
  std::string joined =
      target.starts_with("/") ? std::string(target.substr(1)) : std::string(base_dir) + std::string(target);
  std::vector<std::string> parts;
  size_t begin = 0;
  while (begin <= joined.size()) {
    size_t end = joined.find('/', begin);
    if (end == std::string::npos) end = joined.size();
    const std::string part = joined.substr(begin, end - begin);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    begin = end + 1;
  }
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out.push_back('/');
    out += p;
  }
  return out;
}

struct Relationship {
  std::string type;    // full URI; compare with EndsWith
  std::string target;  // resolved part name
};

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

// Parses a .rels part into Id -> Relationship (internal targets only).
Status ParseRels(const std::string& text, const std::string& name, const std::string& base_dir,
                 std::unordered_map<std::string, Relationship>* rels, std::vector<std::string>* order) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(text, name, &doc));
  if (Root(doc, "Relationships").empty())
    return Corrupt(name + " 不是关系文件", name + " is not a relationships part");
  for (pugi::xml_node r = doc.document_element().first_child(); r; r = r.next_sibling()) {
    if (r.type() != pugi::node_element || !NameIs(r, "Relationship")) continue;
    if (Attr(r, "TargetMode") == "External") continue;
    const std::string id(Attr(r, "Id"));
    const std::string_view target = Attr(r, "Target");
    if (id.empty() || target.empty()) continue;
    if (rels->emplace(id, Relationship{std::string(Attr(r, "Type")), ResolveTarget(base_dir, target)})
            .second &&
        order != nullptr) {
      order->push_back(id);
    }
  }
  return Status::Ok();
}

// ---- styles -----------------------------------------------------------------------------------------

// DateKind of each cell style (index = the cell's s attribute).
Result<std::vector<DateKind>> ParseStyles(const std::string& text, const std::string& name) {
  pugi::xml_document doc;
  RETURN_IF_ERROR(ParseXml(text, name, &doc));
  std::vector<DateKind> kinds;
  if (Root(doc, "styleSheet").empty()) return kinds;  // unusable styles: treat every number as a number
  const pugi::xml_node sheet = doc.document_element();
  std::unordered_map<int, DateKind> custom;
  if (const pugi::xml_node fmts = Child(sheet, "numFmts")) {
    for (pugi::xml_node f = fmts.first_child(); f; f = f.next_sibling()) {
      int id = 0;
      if (f.type() == pugi::node_element && NameIs(f, "numFmt") && ParseInt(Attr(f, "numFmtId"), &id)) {
        custom[id] = internal::ClassifyFormatCode(Attr(f, "formatCode"));
      }
    }
  }
  if (const pugi::xml_node xfs = Child(sheet, "cellXfs")) {
    for (pugi::xml_node xf = xfs.first_child(); xf; xf = xf.next_sibling()) {
      if (xf.type() != pugi::node_element || !NameIs(xf, "xf")) continue;
      int id = 0;
      DateKind kind = DateKind::kNone;
      if (ParseInt(Attr(xf, "numFmtId"), &id)) {
        const auto it = custom.find(id);
        kind = it != custom.end() ? it->second : internal::ClassifyBuiltinFormat(id);
      }
      kinds.push_back(kind);
    }
  }
  return kinds;
}

// ---- shared strings (XmlPull) ---------------------------------------------------------------------

Result<std::vector<std::string>> ParseSharedStrings(std::string_view xml, const Limits& limits) {
  std::vector<std::string> strings;
  XmlPull pull(xml);
  std::string current;
  bool in_si = false, in_t = false;
  int phonetic_depth = 0;  // inside <rPh> (phonetic guide) runs, whose text is not part of the value
  for (;;) {
    const XmlPull::Event e = pull.Next();
    if (e == XmlPull::Event::kEnd) break;
    if (e == XmlPull::Event::kError) {
      return Corrupt("共享字符串 XML 格式错误",
                     "malformed shared-strings XML near byte offset " + std::to_string(pull.offset()));
    }
    const std::string_view name = pull.name();
    switch (e) {
      case XmlPull::Event::kStartElement:
        if (name == "si") {
          current.clear();
          in_si = true;
          phonetic_depth = 0;
        } else if (name == "rPh") {
          ++phonetic_depth;
        } else if (name == "t" && in_si && phonetic_depth == 0) {
          in_t = true;
        }
        break;
      case XmlPull::Event::kEndElement:
        if (name == "si" && in_si) {
          if (static_cast<int64_t>(strings.size()) >= limits.max_cells) {
            return TooLarge("共享字符串过多，文件过大", "too many shared strings: the file is too large");
          }
          internal::DecodeExcelEscapes(&current);
          strings.push_back(std::move(current));
          current.clear();
          in_si = in_t = false;
        } else if (name == "rPh") {
          if (phonetic_depth > 0) --phonetic_depth;
        } else if (name == "t") {
          in_t = false;
        }
        break;
      case XmlPull::Event::kText:
        if (in_t) {
          if (pull.is_cdata()) {
            current.append(pull.text());
          } else {
            internal::AppendXmlText(pull.text(), &current);
          }
        }
        break;
      default:
        break;
    }
  }
  return strings;
}

// ---- worksheet (XmlPull) --------------------------------------------------------------------------

// 0-based column of a reference such as "C5" or "$C$5"; false when it has no column letters or more than
// seven (far past XFD, and no overflow).
bool ParseColumn(std::string_view ref, int64_t* col) {
  size_t i = 0;
  if (i < ref.size() && ref[i] == '$') ++i;
  int64_t c = 0;
  size_t letters = 0;
  for (; i < ref.size(); ++i) {
    char ch = ref[i];
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch < 'A' || ch > 'Z') break;
    if (++letters > 7) return false;
    c = c * 26 + (ch - 'A' + 1);
  }
  if (letters == 0) return false;
  *col = c - 1;
  return true;
}

struct SheetContext {
  const std::vector<std::string>* shared = nullptr;
  const std::vector<DateKind>* styles = nullptr;
  bool date1904 = false;
  const Limits* limits = nullptr;
};

// Whether a cell of this t attribute holds a number: "n", absent, or unknown (as CellText reads it).
bool IsNumberType(std::string_view type) {
  return type != "s" && type != "inlineStr" && type != "str" && type != "b" && type != "e" && type != "d";
}

// The text of a finished cell.
Result<std::string> CellText(std::string_view type, int style, std::string value, const SheetContext& ctx) {
  if (type == "s") {
    int64_t index = -1;
    if (!ParseInt(value, &index) || index < 0 || index >= static_cast<int64_t>(ctx.shared->size())) {
      return Corrupt("共享字符串索引无效",
                     "shared-string index \"" + value.substr(0, 32) + "\" out of range");
    }
    return (*ctx.shared)[static_cast<size_t>(index)];
  }
  if (type == "inlineStr" || type == "str") {
    internal::DecodeExcelEscapes(&value);
    return value;
  }
  if (type == "b") {
    if (value == "1") return std::string("TRUE");
    if (value == "0") return std::string("FALSE");
    return value;
  }
  if (type == "e" || type == "d") return value;
  // "n", absent, or unknown: a number.
  DateKind kind = DateKind::kNone;
  if (style >= 0 && static_cast<size_t>(style) < ctx.styles->size())
    kind = (*ctx.styles)[static_cast<size_t>(style)];
  return internal::FormatNumber(value, kind, ctx.date1904);
}

Status ParseSheet(std::string_view xml, const SheetContext& ctx, Table* table) {
  const Limits& limits = *ctx.limits;
  XmlPull pull(xml);
  bool in_sheet_data = false, in_row = false, in_cell = false, in_v = false, in_is = false, in_t = false;
  int phonetic_depth = 0;
  bool have_header = false;
  int64_t row_number = 0;  // of the current row
  int64_t last_row_number = 0;
  int64_t next_col = 0;
  int64_t cells_total = 0;
  std::vector<std::string> cells;
  std::vector<char> numeric;  // per cell of `cells`: stored as a number
  std::vector<int> number_columns;
  // Current cell.
  int64_t col = 0;
  std::string type;
  int style = 0;
  std::string value;

  const auto finish_row = [&]() -> Status {
    if (cells.empty()) return Status::Ok();  // no non-empty cell
    if (!have_header) {
      have_header = true;
      table->header_row_number = static_cast<int>(row_number);
      for (const std::string& c : cells) table->header.emplace_back(internal::TrimHeaderCell(c));
      internal::DropTrailingBlanks(&table->header);
      cells.clear();
      numeric.clear();
      return Status::Ok();
    }
    if (static_cast<int64_t>(table->rows.size()) >= limits.max_rows) {
      const std::string max = std::to_string(limits.max_rows);
      return TooLarge("工作表的数据行数超过 " + max + " 行，请拆分后分批导入",
                      "the worksheet has more than " + max + " data rows; split it and import in parts");
    }
    number_columns.clear();
    for (size_t c = 0; c < cells.size(); ++c)
      if (numeric[c] && !cells[c].empty()) number_columns.push_back(static_cast<int>(c));
    cells_total += static_cast<int64_t>(cells.size());
    if (cells_total > limits.max_cells) {
      const std::string max = std::to_string(limits.max_cells);
      return TooLarge("工作表的单元格总数超过 " + max + " 个，请拆分后分批导入",
                      "the worksheet has more than " + max + " cells; split it and import in parts");
    }
    table->rows.push_back(std::move(cells));
    cells.clear();
    numeric.clear();
    table->row_numbers.push_back(static_cast<int>(row_number));
    table->number_columns.push_back(number_columns);
    return Status::Ok();
  };

  for (;;) {
    const XmlPull::Event e = pull.Next();
    if (e == XmlPull::Event::kEnd) break;
    if (e == XmlPull::Event::kError) {
      return Corrupt("工作表 XML 格式错误",
                     "malformed worksheet XML near byte offset " + std::to_string(pull.offset()));
    }
    const std::string_view name = pull.name();
    if (e == XmlPull::Event::kText) {
      if (in_v || in_t) {
        if (pull.is_cdata()) {
          value.append(pull.text());
        } else {
          internal::AppendXmlText(pull.text(), &value);
        }
      }
      continue;
    }
    if (e == XmlPull::Event::kStartElement) {
      if (name == "sheetData") {
        in_sheet_data = true;
      } else if (name == "row" && in_sheet_data && !in_row) {
        in_row = true;
        std::string_view r;
        if (pull.Attr("r", &r)) {
          if (!ParseInt(r, &row_number) || row_number < 1 || row_number > INT_MAX) {
            return Corrupt("行号无效", "invalid row number \"" + std::string(r.substr(0, 32)) + "\"");
          }
        } else {
          row_number = last_row_number + 1;
          if (row_number > INT_MAX) return Corrupt("行号无效", "row number overflow");
        }
        last_row_number = row_number;
        cells.clear();
        numeric.clear();
        next_col = 0;
      } else if (name == "c" && in_row && !in_cell) {
        in_cell = true;
        std::string_view r;
        if (pull.Attr("r", &r)) {
          if (!ParseColumn(r, &col)) {
            return Corrupt("单元格引用无效",
                           "invalid cell reference \"" + std::string(r.substr(0, 32)) + "\"");
          }
        } else {
          col = next_col;
        }
        if (col >= limits.max_columns) {
          const std::string max = std::to_string(limits.max_columns);
          return TooLarge("工作表的列数超过 " + max + " 列",
                          "the worksheet has more than " + max + " columns");
        }
        std::string_view t, s;
        type = pull.Attr("t", &t) ? std::string(t) : std::string();
        style = 0;
        if (pull.Attr("s", &s) && !ParseInt(s, &style)) style = 0;
        value.clear();
        phonetic_depth = 0;
      } else if (name == "v" && in_cell) {
        in_v = true;
      } else if (name == "is" && in_cell) {
        in_is = true;
      } else if (name == "rPh" && in_cell) {
        ++phonetic_depth;
      } else if (name == "t" && in_is && phonetic_depth == 0) {
        in_t = true;
      }
      continue;
    }
    // kEndElement
    if (name == "sheetData") {
      in_sheet_data = false;
    } else if (name == "row" && in_row) {
      in_row = false;
      RETURN_IF_ERROR(finish_row());
    } else if (name == "c" && in_cell) {
      in_cell = in_v = in_is = in_t = false;
      ASSIGN_OR_RETURN(std::string text, CellText(type, style, std::move(value), ctx));
      value.clear();
      if (!text.empty()) {
        const size_t index = static_cast<size_t>(col);
        if (cells.size() <= index) {
          cells.resize(index + 1);
          numeric.resize(index + 1, 0);
        }
        cells[index] = std::move(text);
        numeric[index] = IsNumberType(type) ? 1 : 0;  // a later cell with the same reference replaces it
      }
      next_col = col + 1;
    } else if (name == "v") {
      in_v = false;
    } else if (name == "is") {
      in_is = in_t = false;
    } else if (name == "t") {
      in_t = false;
    } else if (name == "rPh") {
      if (phonetic_depth > 0) --phonetic_depth;
    }
  }
  if (!have_header)
    return InvalidArgument("文件为空：工作表没有表头行",
                           "the file is empty: the worksheet has no header row");
  return Status::Ok();
}

// Reads a small part (workbook, rels, styles) that must exist.
Result<std::string> ReadRequired(zip_t* archive, const std::string& name, int64_t max_bytes) {
  const zip_int64_t index = Locate(archive, name);
  if (index < 0) return Corrupt("缺少 " + name, "missing part " + name);
  return ReadEntry(archive, index, name, max_bytes);
}

Status CheckUtf8(std::string_view xml, const std::string& name) {
  const size_t bad = internal::FindInvalidUtf8(xml);
  if (bad != xml.size()) {
    return Corrupt(name + " 不是 UTF-8 编码",
                   name + " is not UTF-8 (byte offset " + std::to_string(bad) + ")");
  }
  // XML has no NUL character (Excel refuses such a file). XmlPull would pass one into a cell value, where it
  // would end the string for C APIs such as libxlsxwriter's: a re-export lost the rest of the cell (found
  // by fuzzing). The CSV reader refuses NUL bytes too.
  if (const size_t nul = xml.find('\0'); nul != std::string_view::npos) {
    return Corrupt(name + " 含有 NUL 字节",
                   name + " contains a NUL byte (byte offset " + std::to_string(nul) + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<Table> ReadXlsx(std::string_view bytes) { return ReadXlsx(bytes, Limits{}); }

Result<Table> ReadXlsx(std::string_view bytes, const Limits& limits) {
  ASSIGN_OR_RETURN(ZipPtr zip, OpenZip(bytes));
  zip_t* archive = zip.get();
  if (Locate(archive, "[Content_Types].xml") < 0)
    return Corrupt("缺少 [Content_Types].xml", "missing part [Content_Types].xml");

  // The workbook: where the package relationships say, else the usual place.
  std::string workbook_name = "xl/workbook.xml";
  if (const zip_int64_t index = Locate(archive, "_rels/.rels"); index >= 0) {
    ASSIGN_OR_RETURN(std::string text, ReadEntry(archive, index, "_rels/.rels", limits.max_meta_xml_bytes));
    std::unordered_map<std::string, Relationship> rels;
    RETURN_IF_ERROR(ParseRels(text, "_rels/.rels", "", &rels, nullptr));
    for (const auto& [id, rel] : rels) {
      if (EndsWith(rel.type, "/officeDocument") && Locate(archive, rel.target) >= 0)
        workbook_name = rel.target;
    }
  }
  ASSIGN_OR_RETURN(std::string workbook_xml, ReadRequired(archive, workbook_name, limits.max_meta_xml_bytes));
  pugi::xml_document workbook;
  RETURN_IF_ERROR(ParseXml(workbook_xml, workbook_name, &workbook));
  if (Root(workbook, "workbook").empty())
    return Corrupt(workbook_name + " 不是工作簿", workbook_name + " is not a workbook");
  const pugi::xml_node wb = workbook.document_element();
  bool date1904 = false;
  if (const pugi::xml_node pr = Child(wb, "workbookPr")) {
    const std::string_view v = Attr(pr, "date1904");
    date1904 = v == "1" || v == "true";
  }

  const std::string base_dir = DirOf(workbook_name);
  const std::string rels_name = base_dir + "_rels/" + workbook_name.substr(base_dir.size()) + ".rels";
  ASSIGN_OR_RETURN(std::string rels_xml, ReadRequired(archive, rels_name, limits.max_meta_xml_bytes));
  std::unordered_map<std::string, Relationship> rels;
  std::vector<std::string> rel_order;
  RETURN_IF_ERROR(ParseRels(rels_xml, rels_name, base_dir, &rels, &rel_order));

  // The first visible worksheet in tab order (else the first worksheet; chart sheets are skipped).
  std::string sheet_name, first_hidden;
  for (pugi::xml_node s = Child(wb, "sheets").first_child(); s; s = s.next_sibling()) {
    if (s.type() != pugi::node_element || !NameIs(s, "sheet")) continue;
    const auto it = rels.find(std::string(Attr(s, "id")));
    if (it == rels.end() || !EndsWith(it->second.type, "/worksheet")) continue;
    const std::string_view state = Attr(s, "state");
    if (state == "hidden" || state == "veryHidden") {
      if (first_hidden.empty()) first_hidden = it->second.target;
      continue;
    }
    sheet_name = it->second.target;
    break;
  }
  if (sheet_name.empty()) sheet_name = first_hidden;
  if (sheet_name.empty()) return Corrupt("工作簿中没有工作表", "the workbook has no worksheet");

  std::string shared_name, styles_name;
  for (const std::string& id : rel_order) {
    const Relationship& rel = rels[id];
    if (shared_name.empty() && EndsWith(rel.type, "/sharedStrings")) shared_name = rel.target;
    if (styles_name.empty() && EndsWith(rel.type, "/styles")) styles_name = rel.target;
  }
  if (shared_name.empty()) shared_name = base_dir + "sharedStrings.xml";
  if (styles_name.empty()) styles_name = base_dir + "styles.xml";

  std::vector<std::string> shared;
  if (const zip_int64_t index = Locate(archive, shared_name); index >= 0) {
    ASSIGN_OR_RETURN(std::string xml, ReadEntry(archive, index, shared_name, limits.max_xml_bytes));
    RETURN_IF_ERROR(CheckUtf8(xml, shared_name));
    ASSIGN_OR_RETURN(shared, ParseSharedStrings(xml, limits));
  }
  std::vector<DateKind> styles;
  if (const zip_int64_t index = Locate(archive, styles_name); index >= 0) {
    ASSIGN_OR_RETURN(std::string xml, ReadEntry(archive, index, styles_name, limits.max_meta_xml_bytes));
    ASSIGN_OR_RETURN(styles, ParseStyles(xml, styles_name));
  }

  const zip_int64_t sheet_index = Locate(archive, sheet_name);
  if (sheet_index < 0) return Corrupt("缺少工作表 " + sheet_name, "missing worksheet part " + sheet_name);
  ASSIGN_OR_RETURN(std::string sheet_xml, ReadEntry(archive, sheet_index, sheet_name, limits.max_xml_bytes));
  RETURN_IF_ERROR(CheckUtf8(sheet_xml, sheet_name));

  Table table;
  SheetContext ctx{&shared, &styles, date1904, &limits};
  RETURN_IF_ERROR(ParseSheet(sheet_xml, ctx, &table));
  return table;
}

}  // namespace wangge::sheet
