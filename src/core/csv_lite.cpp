#include "core/csv_lite.hpp"

namespace wangge::csv_lite {

Result<std::vector<Record>> Parse(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<Record> out;
  const size_t n = text.size();
  size_t i = 0;
  int line = 1;
  while (i < n) {
    // Blank lines carry no record.
    if (text[i] == '\n') {
      ++i;
      ++line;
      continue;
    }
    if (text[i] == '\r' && (i + 1 == n || text[i + 1] == '\n')) {
      i += (i + 1 == n) ? 1 : 2;
      ++line;
      continue;
    }
    Record rec;
    rec.line = line;
    for (;;) {  // one field per iteration
      std::string field;
      if (i < n && text[i] == '"') {
        const int open_line = line;
        ++i;
        for (;;) {
          if (i >= n) {
            const std::string l = std::to_string(open_line);
            return InvalidArgument("第 " + l + " 行的引号没有闭合",
                                   "line " + l + ": the quoted field is never closed");
          }
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
          ++i;
        }
        if (i < n && text[i] != ',' && text[i] != '\n' &&
            !(text[i] == '\r' && (i + 1 == n || text[i + 1] == '\n'))) {
          const std::string l = std::to_string(line);
          return InvalidArgument("第 " + l + " 行：结束引号后只能是逗号或换行",
                                 "line " + l + ": a closing quote must be followed by a comma or a line end");
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n') {
          if (text[i] == '\r' && (i + 1 == n || text[i + 1] == '\n')) break;
          if (text[i] == '"') {
            const std::string l = std::to_string(line);
            return InvalidArgument("第 " + l + " 行：未加引号的字段中不能有引号（\"）",
                                   "line " + l + ": a quote (\") inside an unquoted field");
          }
          field.push_back(text[i]);
          ++i;
        }
      }
      rec.fields.push_back(std::move(field));
      if (i < n && text[i] == ',') {
        ++i;
        continue;
      }
      // End of record: "\n", "\r\n", a final "\r" or the end of the text.
      if (i < n && text[i] == '\r') ++i;
      if (i < n && text[i] == '\n') ++i;
      ++line;
      break;
    }
    out.push_back(std::move(rec));
  }
  return out;
}

std::string Escape(std::string_view field) {
  const bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                     (!field.empty() && (field.front() == ' ' || field.back() == ' '));
  if (!quote) return std::string(field);
  std::string out;
  out.reserve(field.size() + 2);
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

void AppendRow(std::string* out, const std::vector<std::string_view>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out->push_back(',');
    out->append(Escape(fields[i]));
  }
  out->push_back('\n');
}

Status AtLine(int line, const Status& status) {
  std::string zh = "第 " + std::to_string(line) + " 行";
  std::string en = "line " + std::to_string(line);
  if (!status.field().empty()) {
    zh += "（" + status.field() + "）";
    en += " (" + status.field() + ")";
  }
  return Status(status.code(), zh + "：" + status.zh(), en + ": " + status.en(), status.field());
}

}  // namespace wangge::csv_lite
