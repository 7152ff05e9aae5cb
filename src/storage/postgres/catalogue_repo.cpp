// PostgreSQL: the dispatch catalogue (派单目录) and the holiday calendar (catalogue_repo.hpp). Reference
// tables (no county); catalog_version is bumped by the triggers of migration 0008, as SQLite's triggers do.
#include "storage/catalogue_repo.hpp"

#include <string>
#include <tuple>
#include <vector>

#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

constexpr int kMaxCategories = 10000;
constexpr int kMaxCalendarDays = 100000;

Result<Category> ReadCategory(const Stmt& s) {
  Category c;
  c.code = s.Text(0);
  c.parent = s.Text(1);
  c.name_zh = s.Text(2);
  c.name_en = s.Text(3);
  c.default_urgency = static_cast<int>(s.Int(4));
  const std::string limits[4] = {s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
  for (int i = 0; i < 4; ++i) {
    auto l = cal::ParseLimit(limits[i]);
    if (!l.ok()) return Internal("category " + c.code + " has a bad stored limit '" + limits[i] + "'");
    (i == 0 ? c.accept_limit : c.handle_limit[i - 1]) = *l;
  }
  c.handling_level = s.Text(9);
  c.default_department = s.Text(10);
  c.micro = s.Int(11) != 0;
  c.attributes_json = s.Text(12);
  c.active = s.Int(13) != 0;
  c.version = s.Int(14);
  return c;
}
#define CATEGORY_COLS                                                                             \
  "code, parent, name_zh, name_en, default_urgency, accept_limit, handle_normal, handle_urgent, " \
  "handle_critical, handling_level, default_department, micro, attributes, active, version "

class PgCatalogRepo final : public CatalogRepo {
 public:
  explicit PgCatalogRepo(PgTx* tx) : tx_(tx) {}
  Result<std::vector<Category>> Categories() override;
  Result<Category> GetCategory(const std::string& code) override;
  Status InsertCategory(const Category& c) override;
  Status UpdateCategory(const Category& c) override;
  Result<std::vector<std::tuple<std::string, cal::DayType, std::string>>> CalendarDays() override;
  Status PutCalendarDay(const std::string& date, cal::DayType type, const std::string& name) override;
  Status DeleteCalendarDay(const std::string& date) override;
  Result<int64_t> CatalogVersion() override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<CatalogRepo> NewPgCatalogRepo(PgTx* tx) { return MakeRepo<CatalogRepo, PgCatalogRepo>(tx); }

Result<std::vector<Category>> PgCatalogRepo::Categories() {
  auto s = tx_->conn().Prepare("SELECT " CATEGORY_COLS " FROM categories ORDER BY code LIMIT $1");
  s.Bind(1, kMaxCategories);
  std::vector<Category> out;
  while (s.Step()) {
    ASSIGN_OR_RETURN(Category c, ReadCategory(s));
    out.push_back(std::move(c));
  }
  if (!s.status().ok()) return s.status();
  return out;
}

Result<Category> PgCatalogRepo::GetCategory(const std::string& code) {
  auto s = tx_->conn().Prepare("SELECT " CATEGORY_COLS " FROM categories WHERE code = $1");
  s.Bind(1, code);
  if (s.Step()) return ReadCategory(s);
  if (!s.status().ok()) return s.status();
  return RecordNotFound();
}

namespace {
// $1 code … $15 version, in CATEGORY_COLS order.
void BindCategory(Stmt& s, const Category& c) {
  s.Bind(1, c.code).Bind(2, c.parent).Bind(3, c.name_zh).Bind(4, c.name_en).Bind(5, c.default_urgency);
  s.Bind(6, cal::FormatLimit(c.accept_limit)).Bind(7, cal::FormatLimit(c.handle_limit[0]));
  s.Bind(8, cal::FormatLimit(c.handle_limit[1])).Bind(9, cal::FormatLimit(c.handle_limit[2]));
  s.Bind(10, c.handling_level).Bind(11, c.default_department).Bind(12, c.micro);
  s.Bind(13, c.attributes_json.empty() ? std::string("[]") : c.attributes_json).Bind(14, c.active);
  s.Bind(15, c.version);
}
}  // namespace

Status PgCatalogRepo::InsertCategory(const Category& c) {
  auto s = tx_->conn().Prepare("INSERT INTO categories(" CATEGORY_COLS
                               ") VALUES($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)");
  BindCategory(s, c);
  Status st = s.Exec();
  if (st.code() == StatusCode::kConflict)
    return Conflict("类别代码 " + c.code + " 已存在", "category code " + c.code + " already exists", "code");
  return st;
}

Status PgCatalogRepo::UpdateCategory(const Category& c) {
  auto s = tx_->conn().Prepare(
      "UPDATE categories SET parent=$2, name_zh=$3, name_en=$4, default_urgency=$5, accept_limit=$6, "
      "handle_normal=$7, handle_urgent=$8, handle_critical=$9, handling_level=$10, default_department=$11, "
      "micro=$12, attributes=$13, active=$14, version=version+1 WHERE code=$1 AND version=$15");
  BindCategory(s, c);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 1) return Status::Ok();
  auto e = tx_->conn().Prepare("SELECT 1 FROM categories WHERE code = $1");
  e.Bind(1, c.code);
  if (e.Step()) return StaleVersion();
  RETURN_IF_ERROR(e.status());
  return RecordNotFound();
}

Result<std::vector<std::tuple<std::string, cal::DayType, std::string>>> PgCatalogRepo::CalendarDays() {
  auto s = tx_->conn().Prepare("SELECT day, type, name FROM calendar_days ORDER BY day LIMIT $1");
  s.Bind(1, kMaxCalendarDays);
  std::vector<std::tuple<std::string, cal::DayType, std::string>> out;
  while (s.Step()) {
    auto type = cal::DayTypeFromName(s.Text(1));
    if (!type) return Internal("calendar day " + s.Text(0) + " has a bad stored type '" + s.Text(1) + "'");
    out.emplace_back(s.Text(0), *type, s.Text(2));
  }
  if (!s.status().ok()) return s.status();
  return out;
}

Status PgCatalogRepo::PutCalendarDay(const std::string& date, cal::DayType type, const std::string& name) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO calendar_days(day, type, name) VALUES($1, $2, $3) "
      "ON CONFLICT(day) DO UPDATE SET type = excluded.type, name = excluded.name");
  s.Bind(1, date).Bind(2, cal::DayTypeName(type)).Bind(3, name);
  return s.Exec();
}

Status PgCatalogRepo::DeleteCalendarDay(const std::string& date) {
  auto s = tx_->conn().Prepare("DELETE FROM calendar_days WHERE day = $1");
  s.Bind(1, date);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() == 0) return RecordNotFound();
  return Status::Ok();
}

Result<int64_t> PgCatalogRepo::CatalogVersion() {
  auto s = tx_->conn().Prepare("SELECT version FROM catalog_version WHERE id = 1");
  if (s.Step()) return s.Int(0);
  if (!s.status().ok()) return s.status();
  return Internal("catalog_version has no row");
}

}  // namespace wangge::storage::postgres
