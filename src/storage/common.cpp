#include <chrono>
#include <cstdio>
#include <ctime>

#include "core/crypto.hpp"
#include "storage/store.hpp"

namespace wangge::storage {

std::string AuditHash(const AuditEntry& e) {
  std::string s;
  s.reserve(256 + e.detail.size());
  for (const std::string* f : {&e.prev_hash, &e.at, &e.username, &e.action, &e.entity, &e.entity_id, &e.place_code,
                               &e.detail}) {
    s += *f;
    s += '\x1f';
  }
  s += std::to_string(e.seq);
  s += '\x1f';
  s += std::to_string(e.user_id);
  return Sha256Hex(s);
}

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace wangge::storage
