#include "storage/postgres/pg_common.hpp"

namespace wangge::storage::postgres {

Status StaleVersion() {
  return Conflict("记录已被他人修改，请刷新后重试",
                  "record was changed by someone else (version mismatch); reload and retry", "version");
}

Result<std::optional<int64_t>> OptionalInt(Stmt& s) {
  if (s.Step() && !s.IsNull(0)) return std::optional<int64_t>(s.Int(0));
  if (!s.status().ok()) return s.status();
  return std::optional<int64_t>();
}

std::string CountyOf(const std::string& place_code) {
  std::string c = place_code.substr(0, 6);
  c.resize(6, '0');
  return c;
}

void BindBlobOrNull(Stmt& s, int i, const std::string& v) {
  if (v.empty())
    s.BindNull(i);
  else
    s.BindBlob(i, v);
}

}  // namespace wangge::storage::postgres
