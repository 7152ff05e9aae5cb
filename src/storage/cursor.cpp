#include "storage/cursor.hpp"

#include <charconv>

namespace wangge::storage {
namespace {
constexpr char kHex[] = "0123456789abcdef";
int HexVal(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
bool Decode(const std::string& cursor, Cursor* out) {
  // Format: hex(key) "." decimal id
  auto dot = cursor.find('.');
  if (dot == std::string::npos || dot % 2 != 0 || cursor.size() > 512) return false;
  std::string key;
  for (size_t i = 0; i < dot; i += 2) {
    int hi = HexVal(cursor[i]), lo = HexVal(cursor[i + 1]);
    if (hi < 0 || lo < 0) return false;
    key.push_back(static_cast<char>(hi * 16 + lo));
  }
  int64_t id = 0;
  const char* b = cursor.data() + dot + 1;
  const char* e = cursor.data() + cursor.size();
  auto [ptr, ec] = std::from_chars(b, e, id);
  if (ec != std::errc() || ptr != e || b == e || id < 0) return false;
  out->key = std::move(key);
  out->id = id;
  return true;
}
}  // namespace

std::string EncodeCursor(const std::string& key, int64_t id) {
  std::string out;
  out.reserve(key.size() * 2 + 21);
  for (unsigned char c : key) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  out.push_back('.');
  out += std::to_string(id);
  return out;
}

Cursor DecodeCursor(const std::string& cursor) {
  Cursor c;
  if (!cursor.empty()) Decode(cursor, &c);
  return c;
}

bool IsValidCursor(const std::string& cursor) {
  Cursor c;
  return cursor.empty() || Decode(cursor, &c);
}

}  // namespace wangge::storage
