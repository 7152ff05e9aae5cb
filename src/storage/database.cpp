// OpenDatabase: which backend a URL names. A backend is one branch here and its own folder (sqlite/,
// postgres/); nothing else in the storage layer knows the list.
#include "storage/database.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "storage/postgres/pg_db.hpp"
#include "storage/sqlite/sqlite_db.hpp"

namespace wangge::storage {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// "scheme" of "scheme://…"; "" when `url` has none (a file path).
std::string_view SchemeOf(std::string_view url) {
  const size_t sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0) return {};
  for (char c : url.substr(0, sep))
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.'))
      return {};
  return url.substr(0, sep);
}

// The path of a sqlite:// URL ("" when it has none or a host).
std::string_view SqlitePath(std::string_view url, std::string_view scheme) {
  // sqlite:///abs/path or sqlite://localhost/abs/path (the file URL form): the path starts at the third '/'.
  std::string_view rest = url.substr(scheme.size() + 3);
  if (StartsWith(rest, "localhost/")) rest.remove_prefix(9);
  if (!StartsWith(rest, "/") || rest.size() < 2) return {};
  return rest;
}

}  // namespace

std::string DatabaseFile(const std::string& url) {
  const std::string_view scheme = SchemeOf(url);
  if (scheme.empty()) return url;
  if (scheme == "sqlite") return std::string(SqlitePath(url, scheme));
  return {};
}

std::string RedactUrl(const std::string& url) {
  const std::string_view scheme = SchemeOf(url);
  if (scheme.empty()) return url;
  const size_t start = scheme.size() + 3;
  const size_t at = url.find('@', start);
  const size_t slash = url.find('/', start);
  std::string out = url;
  if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
    const size_t colon = url.find(':', start);
    if (colon != std::string::npos && colon < at) out = url.substr(0, colon + 1) + "***" + url.substr(at);
  }
  // A password given as a query parameter (…?password=…).
  const size_t q = out.find("password=");
  if (q != std::string::npos && q > 0 && (out[q - 1] == '?' || out[q - 1] == '&')) {
    const size_t end = out.find('&', q);
    out = out.substr(0, q + 9) + "***" + (end == std::string::npos ? "" : out.substr(end));
  }
  return out;
}

Result<std::unique_ptr<Database>> OpenDatabase(const std::string& url, const DatabaseOptions& options) {
  if (url.empty()) return InvalidArgument("未指定数据库", "no database given", "database");
  SqliteOptions sqlite;
  static_cast<DatabaseOptions&>(sqlite) = options;
  const std::string_view scheme = SchemeOf(url);
  if (scheme.empty()) return OpenSqlite(url, sqlite);
  if (scheme == "sqlite") {
    const std::string_view path = SqlitePath(url, scheme);
    if (path.empty())
      return InvalidArgument("SQLite 数据库地址应为 sqlite:///绝对路径",
                             "a SQLite URL is sqlite:///absolute/path (no host): " + url, "database");
    return OpenSqlite(std::string(path), sqlite);
  }
  if (scheme == "postgresql" || scheme == "postgres") {
    PgOptions pg;
    static_cast<DatabaseOptions&>(pg) = options;
    return OpenPostgres(url, pg);
  }
  return InvalidArgument(
      "不支持的数据库地址：" + std::string(scheme),
      "unknown database URL scheme '" + std::string(scheme) + "' (a file path, sqlite:// or postgresql://)",
      "database");
}

std::string NowIso() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

int64_t NowUnix() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace wangge::storage
