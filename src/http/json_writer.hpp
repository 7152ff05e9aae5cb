// A streaming JSON writer for the hot responses (order lists, a new order): it appends to one string instead
// of building an nlohmann DOM (a std::map per object) and serialising it, which was more than half the CPU
// of a 50-order page. Output is the same as nlohmann's dump(): no spaces, non-ASCII UTF-8 as is, control
// characters escaped, invalid UTF-8 replaced by U+FFFD, doubles in their shortest round-trip form.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wangge::http {

class JsonWriter {
 public:
  JsonWriter() { out_.reserve(1024); }

  JsonWriter& BeginObject() {
    Value();
    out_ += '{';
    first_.push_back(true);
    return *this;
  }
  JsonWriter& EndObject() {
    out_ += '}';
    first_.pop_back();
    return *this;
  }
  JsonWriter& BeginArray() {
    Value();
    out_ += '[';
    first_.push_back(true);
    return *this;
  }
  JsonWriter& EndArray() {
    out_ += ']';
    first_.pop_back();
    return *this;
  }
  // The next value belongs to this key (inside an object).
  JsonWriter& Key(std::string_view k) {
    Comma();
    Quoted(k);
    out_ += ':';
    after_key_ = true;
    return *this;
  }
  JsonWriter& Str(std::string_view v) {
    Value();
    Quoted(v);
    return *this;
  }
  JsonWriter& Int(int64_t v) {
    Value();
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out_.append(buf, r.ptr);
    return *this;
  }
  JsonWriter& Dbl(double v) {
    Value();
    if (!std::isfinite(v)) {
      out_ += "null";
      return *this;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string_view s(buf, static_cast<size_t>(r.ptr - buf));
    out_ += s;
    // nlohmann writes a double that happens to be whole as "3.0", not "3".
    if (s.find_first_of(".eE") == std::string_view::npos && s != "inf") out_ += ".0";
    return *this;
  }
  JsonWriter& Bool(bool v) {
    Value();
    out_ += v ? "true" : "false";
    return *this;
  }
  JsonWriter& Null() {
    Value();
    out_ += "null";
    return *this;
  }
  // An already serialised JSON value.
  JsonWriter& Raw(std::string_view json_text) {
    Value();
    out_ += json_text;
    return *this;
  }
  JsonWriter& Json(const nlohmann::json& j) {
    return Raw(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  // Conveniences: a key and its value; empty text / absent optional / zero time as null where asked.
  JsonWriter& Field(std::string_view k, std::string_view v) { return Key(k).Str(v); }
  JsonWriter& Field(std::string_view k, const char* v) { return Key(k).Str(v); }
  JsonWriter& Field(std::string_view k, const std::string& v) { return Key(k).Str(v); }
  JsonWriter& Field(std::string_view k, int64_t v) { return Key(k).Int(v); }
  JsonWriter& Field(std::string_view k, int v) { return Key(k).Int(v); }
  JsonWriter& Field(std::string_view k, bool v) { return Key(k).Bool(v); }
  JsonWriter& FieldOrNull(std::string_view k, const std::optional<int64_t>& v) {
    Key(k);
    return v ? Int(*v) : Null();
  }
  JsonWriter& FieldOrNull(std::string_view k, const std::optional<double>& v) {
    Key(k);
    return v ? Dbl(*v) : Null();
  }
  JsonWriter& TextOrNull(std::string_view k, std::string_view v) {
    Key(k);
    return v.empty() ? Null() : Str(v);
  }

  std::string Take() { return std::move(out_); }
  const std::string& str() const { return out_; }

 private:
  void Comma() {
    if (!first_.empty()) {
      if (!first_.back()) out_ += ',';
      first_.back() = false;
    }
  }
  // Before a value: a comma unless it follows its key or opens a container.
  void Value() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Comma();
  }
  void Quoted(std::string_view s) {
    out_ += '"';
    size_t i = 0;
    const size_t n = s.size();
    while (i < n) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80) {
        size_t len = 0;
        if (Utf8Sequence(s, i, &len)) {
          out_.append(s.data() + i, len);
        } else {
          out_ += "\xEF\xBF\xBD";  // U+FFFD for the ill-formed part
        }
        i += len;
        continue;
      }
      switch (c) {
        case '"':
          out_ += "\\\"";
          break;
        case '\\':
          out_ += "\\\\";
          break;
        case '\b':
          out_ += "\\b";
          break;
        case '\f':
          out_ += "\\f";
          break;
        case '\n':
          out_ += "\\n";
          break;
        case '\r':
          out_ += "\\r";
          break;
        case '\t':
          out_ += "\\t";
          break;
        default:
          if (c < 0x20) {
            static const char* kHex = "0123456789abcdef";
            out_ += "\\u00";
            out_ += kHex[c >> 4];
            out_ += kHex[c & 15];
          } else {
            out_ += static_cast<char>(c);
          }
      }
      ++i;
    }
    out_ += '"';
  }
  // The UTF-8 sequence at s[i] (RFC 3629): true with its length, or false with the length of its ill-formed
  // part, the "maximal subpart" that one U+FFFD replaces (at least the first byte) — as nlohmann does.
  static bool Utf8Sequence(std::string_view s, size_t i, size_t* len) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t need = 0;
    unsigned lo = 0x80, hi = 0xBF;  // the range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      need = 2;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      need = 3;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      *len = 1;
      return false;
    }
    for (size_t k = 1; k <= need; ++k) {
      if (i + k >= s.size()) {
        *len = s.size() - i;
        return false;
      }
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) {
        *len = k;
        return false;
      }
    }
    *len = need + 1;
    return true;
  }

  std::string out_;
  std::vector<bool> first_;
  bool after_key_ = false;
};

}  // namespace wangge::http
