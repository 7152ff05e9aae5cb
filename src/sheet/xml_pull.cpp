#include "sheet/xml_pull.hpp"

#include <cstdint>

#include "sheet/utf8.hpp"

namespace wangge::sheet::internal {
namespace {

constexpr size_t kMaxDepth = 1000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameChar(char c) {
  return !(IsSpace(c) || c == '<' || c == '>' || c == '/' || c == '=' || c == '"' || c == '\'' || c == '?' ||
           c == '!');
}

std::string_view LocalName(std::string_view qname) {
  const size_t colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the reference body between '&' and ';' ("amp", "#10", "#x4E2D"). Returns false if malformed.
bool DecodeReference(std::string_view body, std::string* out) {
  if (body == "lt") {
    out->push_back('<');
  } else if (body == "gt") {
    out->push_back('>');
  } else if (body == "amp") {
    out->push_back('&');
  } else if (body == "quot") {
    out->push_back('"');
  } else if (body == "apos") {
    out->push_back('\'');
  } else if (body.size() >= 2 && body[0] == '#') {
    uint32_t cp = 0;
    const bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return false;
    for (char c : digits) {
      const int v = hex ? HexValue(c) : (c >= '0' && c <= '9' ? c - '0' : -1);
      if (v < 0) return false;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    AppendUtf8(cp, out);
  } else {
    return false;
  }
  return true;
}

}  // namespace

XmlPull::Event XmlPull::Next() {
  if (failed_) return Event::kError;
  if (pending_end_) {
    pending_end_ = false;
    name_ = LocalName(stack_.back());
    stack_.pop_back();
    return Event::kEndElement;
  }
  const size_t n = xml_.size();
  for (;;) {
    if (pos_ >= n) {
      if (!stack_.empty()) return Fail();  // truncated: an element left open
      return Event::kEnd;
    }
    if (xml_[pos_] != '<') {
      size_t lt = xml_.find('<', pos_);
      if (lt == std::string_view::npos) lt = n;
      text_ = xml_.substr(pos_, lt - pos_);
      cdata_ = false;
      pos_ = lt;
      return Event::kText;
    }
    const std::string_view rest = xml_.substr(pos_);
    if (rest.starts_with("<?")) {
      const size_t end = xml_.find("?>", pos_ + 2);
      if (end == std::string_view::npos) return Fail();
      pos_ = end + 2;
      continue;
    }
    if (rest.starts_with("<!--")) {
      const size_t end = xml_.find("-->", pos_ + 4);
      if (end == std::string_view::npos) return Fail();
      pos_ = end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      const size_t begin = pos_ + 9;
      const size_t end = xml_.find("]]>", begin);
      if (end == std::string_view::npos) return Fail();
      text_ = xml_.substr(begin, end - begin);
      cdata_ = true;
      pos_ = end + 3;
      return Event::kText;
    }
    if (rest.starts_with("<!")) return Fail();  // DOCTYPE or junk
    if (rest.starts_with("</")) {
      size_t i = pos_ + 2;
      const size_t begin = i;
      while (i < n && IsNameChar(xml_[i])) ++i;
      const std::string_view qname = xml_.substr(begin, i - begin);
      while (i < n && IsSpace(xml_[i])) ++i;
      if (i >= n || xml_[i] != '>' || qname.empty()) return Fail();
      if (stack_.empty() || stack_.back() != qname) return Fail();
      stack_.pop_back();
      name_ = LocalName(qname);
      pos_ = i + 1;
      return Event::kEndElement;
    }
    // Start tag.
    size_t i = pos_ + 1;
    const size_t begin = i;
    while (i < n && IsNameChar(xml_[i])) ++i;
    const std::string_view qname = xml_.substr(begin, i - begin);
    if (qname.empty()) return Fail();
    attrs_.clear();
    bool self_closing = false;
    for (;;) {
      const size_t before_space = i;
      while (i < n && IsSpace(xml_[i])) ++i;
      if (i >= n) return Fail();
      if (xml_[i] == '>') {
        ++i;
        break;
      }
      if (xml_[i] == '/') {
        if (i + 1 >= n || xml_[i + 1] != '>') return Fail();
        i += 2;
        self_closing = true;
        break;
      }
      if (i == before_space) return Fail();  // attributes must be separated by white space
      const size_t name_begin = i;
      while (i < n && IsNameChar(xml_[i])) ++i;
      const std::string_view attr_name = xml_.substr(name_begin, i - name_begin);
      if (attr_name.empty()) return Fail();
      while (i < n && IsSpace(xml_[i])) ++i;
      if (i >= n || xml_[i] != '=') return Fail();
      ++i;
      while (i < n && IsSpace(xml_[i])) ++i;
      if (i >= n || (xml_[i] != '"' && xml_[i] != '\'')) return Fail();
      const char quote = xml_[i];
      const size_t value_begin = i + 1;
      const size_t value_end = xml_.find(quote, value_begin);
      if (value_end == std::string_view::npos) return Fail();
      attrs_.emplace_back(LocalName(attr_name), xml_.substr(value_begin, value_end - value_begin));
      i = value_end + 1;
    }
    if (stack_.size() >= kMaxDepth) return Fail();
    stack_.push_back(qname);
    name_ = LocalName(qname);
    pending_end_ = self_closing;
    pos_ = i;
    return Event::kStartElement;
  }
}

bool XmlPull::Attr(std::string_view local_name, std::string_view* value) const {
  for (const auto& [name, raw] : attrs_) {
    if (name == local_name) {
      *value = raw;
      return true;
    }
  }
  return false;
}

void AppendXmlText(std::string_view raw, std::string* out) {
  size_t i = 0;
  const size_t n = raw.size();
  while (i < n) {
    const size_t special = raw.find_first_of("&\r", i);
    if (special == std::string_view::npos) {
      out->append(raw.substr(i));
      return;
    }
    out->append(raw.substr(i, special - i));
    i = special;
    if (raw[i] == '\r') {
      out->push_back('\n');
      i += (i + 1 < n && raw[i + 1] == '\n') ? 2 : 1;
      continue;
    }
    // '&': a reference is at most "&#x10FFFF;" or "&quot;" long.
    const size_t semi = raw.find(';', i + 1);
    if (semi != std::string_view::npos && semi - i <= 12 &&
        DecodeReference(raw.substr(i + 1, semi - i - 1), out)) {
      i = semi + 1;
    } else {
      out->push_back('&');
      ++i;
    }
  }
}

namespace {

// The code unit of an "_xHHHH_" escape at s[i], or -1.
int32_t EscapeAt(const std::string& s, size_t i) {
  if (i + 7 > s.size() || s[i] != '_' || (s[i + 1] != 'x' && s[i + 1] != 'X') || s[i + 6] != '_') return -1;
  int32_t v = 0;
  for (size_t k = i + 2; k < i + 6; ++k) {
    const int h = HexValue(s[k]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

void DecodeExcelEscapes(std::string* s) {
  if (s->find("_x") == std::string::npos && s->find("_X") == std::string::npos) return;
  std::string out;
  out.reserve(s->size());
  size_t i = 0;
  while (i < s->size()) {
    const int32_t unit = (*s)[i] == '_' ? EscapeAt(*s, i) : -1;
    if (unit < 0) {
      out.push_back((*s)[i]);
      ++i;
      continue;
    }
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      const int32_t low = EscapeAt(*s, i + 7);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        AppendUtf8(
            0x10000 + ((static_cast<uint32_t>(unit) - 0xD800) << 10) + (static_cast<uint32_t>(low) - 0xDC00),
            &out);
        i += 14;
        continue;
      }
    }
    // A lone surrogate, or NUL (no cell holds one: the CSV reader and the XML checks refuse it, and a
    // re-export would cut the text there; found by fuzzing): keep the escape text.
    if (unit == 0 || (unit >= 0xD800 && unit <= 0xDFFF)) {
      out.append(*s, i, 7);
      i += 7;
      continue;
    }
    AppendUtf8(static_cast<uint32_t>(unit), &out);
    i += 7;
  }
  s->swap(out);
}

}  // namespace wangge::sheet::internal
