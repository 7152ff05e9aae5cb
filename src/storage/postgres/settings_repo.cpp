// PostgreSQL: settings and the sealed-value rewrite of a key rotation (settings_repo.hpp). The rewrite walks
// the sealed columns that the table registry (registry.hpp) declares: every table whose sealed columns are
// ciphertexts or blind indexes (bytea, rows keyed by id), then every table of care-group tag JSON (text, rows
// keyed by person_id and tag). Rows are written back by their full key, county first.
#include "storage/settings_repo.hpp"

#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"
#include "storage/registry.hpp"

namespace wangge::storage::postgres {
namespace {

class PgSettingsRepo final : public SettingsRepo {
 public:
  explicit PgSettingsRepo(PgTx* tx) : tx_(tx) {}
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Put(const std::string& key, const std::string& value) override;
  Result<int64_t> RewriteSealed(const std::function<Status(SealedRow&)>& fn) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<SettingsRepo> NewPgSettingsRepo(PgTx* tx) { return MakeRepo<SettingsRepo, PgSettingsRepo>(tx); }

Result<std::optional<std::string>> PgSettingsRepo::Get(const std::string& key) {
  auto s = tx_->conn().Prepare("SELECT value FROM settings WHERE key = $1");
  s.Bind(1, key);
  if (s.Step()) return std::optional<std::string>(s.Text(0));
  RETURN_IF_ERROR(s.status());
  return std::optional<std::string>();
}

Status PgSettingsRepo::Put(const std::string& key, const std::string& value) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO settings(key, value) VALUES($1, $2) ON CONFLICT (key) DO UPDATE SET value = "
      "excluded.value");
  s.Bind(1, key).Bind(2, value);
  return s.Exec();
}

namespace {

// Rows per page of the rewrite.
constexpr int kRewritePage = 1000;

// A table with sealed columns and its two statements, made once from the registry (the statements' text must
// stay put: the connection caches prepared statements by its address).
struct SealedTable {
  std::string table;
  std::vector<std::string> columns;
  bool tags = false;   // care-group tag JSON (text) keyed by (person_id, tag); else bytea keyed by id
  std::string select;  // id tables: county, id, the columns; a page after id $1, rows with a value only
                       // tag tables: county, person_id, tag, the columns; a page after ($1, $2)
  std::string update;  // the columns $1.., then county and the key
};

std::vector<SealedTable> MakeSealedTables() {
  std::vector<SealedTable> by_id, by_tag;
  for (const TableInfo& t : Tables()) {
    if (t.sealed.empty()) continue;
    SealedTable st;
    st.table = t.name;
    int tag_columns = 0;
    for (const SealedColumn& c : t.sealed) {
      st.columns.emplace_back(c.column);
      if (c.kind == SealKind::kTagFields) ++tag_columns;
    }
    if (tag_columns != 0 && tag_columns != static_cast<int>(t.sealed.size()))
      throw std::logic_error("registry: table " + st.table + " mixes tag fields with other sealed columns");
    st.tags = tag_columns != 0;
    std::string cols, set, any;
    for (size_t i = 0; i < st.columns.size(); ++i) {
      const std::string& c = st.columns[i];
      cols += ", " + c;
      set += (i ? ", " : "") + c + " = $" + std::to_string(i + 1);
      any += (i ? " OR " : "") + c + " IS NOT NULL";
    }
    const std::string limit = std::to_string(kRewritePage);
    if (st.tags) {
      st.select = "SELECT county, person_id, tag" + cols + " FROM " + st.table +
                  " WHERE (person_id, tag) > ($1, $2) ORDER BY person_id, tag LIMIT " + limit;
      st.update = "UPDATE " + st.table + " SET " + set + " WHERE county = $" +
                  std::to_string(st.columns.size() + 1) + " AND person_id = $" +
                  std::to_string(st.columns.size() + 2) + " AND tag = $" +
                  std::to_string(st.columns.size() + 3);
      by_tag.push_back(std::move(st));
    } else {
      st.select = "SELECT county, id" + cols + " FROM " + st.table + " WHERE id > $1 AND (" + any +
                  ") ORDER BY id LIMIT " + limit;
      st.update = "UPDATE " + st.table + " SET " + set + " WHERE county = $" +
                  std::to_string(st.columns.size() + 1) + " AND id = $" +
                  std::to_string(st.columns.size() + 2);
      by_id.push_back(std::move(st));
    }
  }
  for (SealedTable& t : by_tag) by_id.push_back(std::move(t));
  return by_id;
}

const std::vector<SealedTable>& SealedTables() {
  static const std::vector<SealedTable> tables = MakeSealedTables();
  return tables;
}

// A row of the page: its county and the row offered to fn.
struct PageRow {
  std::string county;
  SealedRow row;
};

// Rewrites the rows of a table keyed by id: every column fn leaves is written back, erased ones as NULL.
Result<int64_t> RewriteById(Conn& conn, const SealedTable& t, const std::function<Status(SealedRow&)>& fn) {
  int64_t rows = 0;
  int64_t after = 0;
  auto up = conn.Prepare(t.update.c_str());
  const int ncols = static_cast<int>(t.columns.size());
  while (true) {
    // A page at a time, read before it is written: the select never walks rows it has changed.
    std::vector<PageRow> page;
    {
      auto s = conn.Prepare(t.select.c_str());
      s.Bind(1, after);
      while (s.Step()) {
        PageRow r{s.Text(0), SealedRow{t.table, s.Int(1), "", {}}};
        for (int c = 0; c < ncols; ++c)
          if (!s.IsNull(c + 2)) r.row.columns[t.columns[c]] = s.Blob(c + 2);
        page.push_back(std::move(r));
      }
      RETURN_IF_ERROR(s.status());
    }
    if (page.empty()) break;
    for (PageRow& r : page) {
      const int64_t id = r.row.id;
      RETURN_IF_ERROR(fn(r.row));
      for (int c = 0; c < ncols; ++c) {
        auto it = r.row.columns.find(t.columns[c]);
        if (it == r.row.columns.end())
          up.BindNull(c + 1);
        else
          up.BindBlob(c + 1, it->second);
      }
      up.Bind(ncols + 1, r.county).Bind(ncols + 2, id);
      RETURN_IF_ERROR(up.Exec());
      up.Reset();
      ++rows;
      after = id;
    }
  }
  return rows;
}

// Rewrites care-group tag rows: every row is offered (which fields are sealed is the caller's knowledge), and
// only the rows fn changed are written; a column fn erases becomes "{}".
Result<int64_t> RewriteTags(Conn& conn, const SealedTable& t, const std::function<Status(SealedRow&)>& fn) {
  int64_t rows = 0;
  int64_t after_person = 0;
  std::string after_tag;
  auto up = conn.Prepare(t.update.c_str());
  const int ncols = static_cast<int>(t.columns.size());
  while (true) {
    std::vector<PageRow> page;
    {
      auto s = conn.Prepare(t.select.c_str());
      s.Bind(1, after_person).Bind(2, after_tag);
      while (s.Step()) {
        PageRow r{s.Text(0), SealedRow{t.table, s.Int(1), s.Text(2), {}}};
        for (int c = 0; c < ncols; ++c) r.row.columns[t.columns[c]] = s.Text(c + 3);
        page.push_back(std::move(r));
      }
      RETURN_IF_ERROR(s.status());
    }
    if (page.empty()) break;
    for (PageRow& r : page) {
      after_person = r.row.id;
      after_tag = r.row.tag;
      const std::map<std::string, std::string> before = r.row.columns;
      RETURN_IF_ERROR(fn(r.row));
      bool changed = false;
      for (int c = 0; c < ncols; ++c) {
        auto it = r.row.columns.find(t.columns[c]);
        const std::string value = it == r.row.columns.end() ? std::string("{}") : it->second;
        changed = changed || value != before.at(t.columns[c]);
        up.Bind(c + 1, value);
      }
      if (!changed) {
        up.Reset();
        continue;
      }
      up.Bind(ncols + 1, r.county).Bind(ncols + 2, after_person).Bind(ncols + 3, after_tag);
      RETURN_IF_ERROR(up.Exec());
      up.Reset();
      ++rows;
    }
  }
  return rows;
}

}  // namespace

Result<int64_t> PgSettingsRepo::RewriteSealed(const std::function<Status(SealedRow&)>& fn) {
  int64_t rows = 0;
  for (const SealedTable& t : SealedTables()) {
    ASSIGN_OR_RETURN(int64_t n, t.tags ? RewriteTags(tx_->conn(), t, fn) : RewriteById(tx_->conn(), t, fn));
    rows += n;
  }
  return rows;
}

}  // namespace wangge::storage::postgres
