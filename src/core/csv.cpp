#include "core/csv.hpp"

#include <cstring>

namespace wangge::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The string for field `index` of the record being read, cleared, reusing earlier allocations.
std::string& Slot(std::vector<std::string>* fields, size_t index) {
  if (index < fields->size()) {
    std::string& s = (*fields)[index];
    s.clear();
    return s;
  }
  return fields->emplace_back();
}

bool IsBlank(char c, char delimiter) { return c == ' ' || (c == '\t' && delimiter != '\t'); }

}  // namespace

Tokenizer::Tokenizer(std::string_view text, Options options) : text_(text), options_(options) {
  if (text_.starts_with(kUtf8Bom)) pos_ = kUtf8Bom.size();
}

bool Tokenizer::IsLineEnd(size_t i) const {
  const char c = text_[i];
  if (c == '\n') return true;
  if (c != '\r') return false;
  return options_.dialect == Dialect::kLenient || i + 1 == text_.size() || text_[i + 1] == '\n';
}

// Line ends in [begin, end): LF, and in kLenient also a CR not followed by LF.
int64_t Tokenizer::CountLineEnds(size_t begin, size_t end) const {
  const bool lone_cr = options_.dialect == Dialect::kLenient;
  int64_t lines = 0;
  for (size_t i = begin; i < end; ++i) {
    if (text_[i] == '\n') {
      ++lines;
    } else if (lone_cr && text_[i] == '\r' && (i + 1 == end || text_[i + 1] != '\n')) {
      ++lines;
    }
  }
  return lines;
}

bool Tokenizer::Fail(Error e, int64_t line) {
  error_ = e;
  error_line_ = line;
  pos_ = text_.size();
  return false;
}

bool Tokenizer::Next(std::vector<std::string>* fields) {
  if (error_ != Error::kNone || pos_ >= text_.size()) return false;
  const char* const p = text_.data();
  const size_t n = text_.size();
  const char d = options_.delimiter;
  const bool lenient = options_.dialect == Dialect::kLenient;
  size_t i = pos_;
  record_line_ = line_;
  blank_ = IsLineEnd(i);
  size_t count = 0;
  for (;;) {
    if (static_cast<int64_t>(count) >= options_.max_fields) return Fail(Error::kTooManyFields, line_);
    std::string& f = Slot(fields, count);

    size_t j = i;
    if (lenient) {
      while (j < n && IsBlank(p[j], d)) ++j;
    }
    if (j < n && p[j] == '"') {
      const int64_t open_line = line_;
      i = j + 1;
      for (;;) {
        const void* q = std::memchr(p + i, '"', n - i);
        if (q == nullptr) return Fail(Error::kUnclosedQuote, open_line);
        const size_t k = static_cast<size_t>(static_cast<const char*>(q) - p);
        line_ += CountLineEnds(i, k);
        f.append(p + i, k - i);
        if (k + 1 < n && p[k + 1] == '"') {
          f.push_back('"');
          i = k + 2;
          continue;
        }
        i = k + 1;
        break;
      }
      if (lenient) {
        // Text after the closing quote (not RFC 4180, but Excel keeps it): appended, trailing blanks trimmed.
        const size_t tail_begin = i;
        while (i < n && p[i] != d && p[i] != '\n' && p[i] != '\r') ++i;
        size_t tail_end = i;
        while (tail_end > tail_begin && (p[tail_end - 1] == ' ' || p[tail_end - 1] == '\t')) --tail_end;
        f.append(p + tail_begin, tail_end - tail_begin);
      } else if (i < n && p[i] != d && !IsLineEnd(i)) {
        return Fail(Error::kTextAfterQuote, line_);
      }
    } else if (lenient) {
      const size_t begin = i;
      while (i < n) {
        const char c = p[i];
        if (c == d || c == '\n' || c == '\r') break;
        ++i;
      }
      size_t end = i;
      while (end > begin && (p[end - 1] == ' ' || p[end - 1] == '\t')) --end;
      f.assign(p + begin, end - begin);
    } else {
      const size_t begin = i;
      while (i < n) {
        const char c = p[i];
        if (c == d || c == '\n' || (c == '\r' && IsLineEnd(i))) break;
        if (c == '"') return Fail(Error::kQuoteInUnquoted, line_);
        ++i;
      }
      f.assign(p + begin, i - begin);
    }
    ++count;

    if (i >= n) {
      pos_ = n;
      break;
    }
    if (p[i] == d) {
      ++i;
      continue;
    }
    // End of record: CRLF, LF, or a CR that ends a line in this dialect.
    if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') ++i;
    ++i;
    ++line_;
    pos_ = i;
    break;
  }
  fields->resize(count);
  return true;
}

Result<std::vector<Record>> Parse(std::string_view text) {
  Tokenizer tokenizer(text);
  std::vector<Record> out;
  std::vector<std::string> fields;
  while (tokenizer.Next(&fields)) {
    if (tokenizer.blank()) continue;
    out.push_back(Record{static_cast<int>(tokenizer.line()), std::move(fields)});
    fields.clear();
  }
  const std::string l = std::to_string(tokenizer.error_line());
  switch (tokenizer.error()) {
    case Error::kNone:
    case Error::kTooManyFields:  // no limit is set
      return out;
    case Error::kUnclosedQuote:
      return InvalidArgument("第 " + l + " 行的引号没有闭合",
                             "line " + l + ": the quoted field is never closed");
    case Error::kTextAfterQuote:
      return InvalidArgument("第 " + l + " 行：结束引号后只能是逗号或换行",
                             "line " + l + ": a closing quote must be followed by a comma or a line end");
    case Error::kQuoteInUnquoted:
      return InvalidArgument("第 " + l + " 行：未加引号的字段中不能有引号（\"）",
                             "line " + l + ": a quote (\") inside an unquoted field");
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

Status ExpectHeader(const std::vector<Record>& records, std::string_view header) {
  const std::string want(header);
  if (records.empty())
    return AtLine(1, InvalidArgument("缺少表头 " + want, "the header " + want + " is missing"));
  std::string got;
  for (size_t i = 0; i < records[0].fields.size(); ++i) got += (i > 0 ? "," : "") + records[0].fields[i];
  if (got != want)
    return AtLine(records[0].line, InvalidArgument("表头应为 " + want, "the header must be " + want));
  return Status::Ok();
}

}  // namespace wangge::csv
