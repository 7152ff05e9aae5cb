// SQLite: settings and the sealed-value rewrite of a key rotation (settings_repo.hpp).
#include "storage/settings_repo.hpp"

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/sqlite/sqlite_common.hpp"
#include "storage/sqlite/sqlite_repos.hpp"

namespace wangge::storage::sqlite {
namespace {

class SqliteSettingsRepo final : public SettingsRepo {
 public:
  explicit SqliteSettingsRepo(SqliteTx* tx) : tx_(tx) {}
  Result<std::optional<std::string>> Get(const std::string& key) override;
  Status Put(const std::string& key, const std::string& value) override;
  Result<int64_t> RewriteSealed(const std::function<Status(SealedRow&)>& fn) override;

 private:
  SqliteTx* tx_;
};

}  // namespace

RepoPtr<SettingsRepo> NewSqliteSettingsRepo(SqliteTx* tx) {
  return MakeRepo<SettingsRepo, SqliteSettingsRepo>(tx);
}

Result<std::optional<std::string>> SqliteSettingsRepo::Get(const std::string& key) {
  auto s = tx_->conn().Prepare("SELECT value FROM settings WHERE key = ?1");
  s.Bind(1, key);
  if (s.Step()) return std::optional<std::string>(s.Text(0));
  RETURN_IF_ERROR(s.status());
  return std::optional<std::string>();
}

Status SqliteSettingsRepo::Put(const std::string& key, const std::string& value) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO settings(key, value) VALUES(?1, ?2) ON CONFLICT(key) DO UPDATE SET value = "
      "excluded.value");
  s.Bind(1, key).Bind(2, value);
  return s.Exec();
}

namespace {
struct SealedTable {
  const char* table;
  std::vector<const char*> columns;
  const char* select;  // id and the columns, a page after ?1
  const char* update;  // the columns ?1.. then id
};
const std::vector<SealedTable>& SealedTables() {
  static const std::vector<SealedTable> tables = {
      {"people",
       {"cid_enc", "cid_hash", "phone_enc", "phone_hash"},
       "SELECT id, cid_enc, cid_hash, phone_enc, phone_hash FROM people WHERE id > ?1 ORDER BY id LIMIT 1000",
       "UPDATE people SET cid_enc = ?1, cid_hash = ?2, phone_enc = ?3, phone_hash = ?4 WHERE id = ?5"},
      {"orders",
       {"reporter_name_enc", "reporter_phone_enc"},
       "SELECT id, reporter_name_enc, reporter_phone_enc FROM orders WHERE id > ?1 AND (reporter_name_enc IS "
       "NOT NULL "
       "OR reporter_phone_enc IS NOT NULL) ORDER BY id LIMIT 1000",
       "UPDATE orders SET reporter_name_enc = ?1, reporter_phone_enc = ?2 WHERE id = ?3"},
      {"webhooks",
       {"secret_enc"},
       "SELECT id, secret_enc FROM webhooks WHERE id > ?1 AND secret_enc IS NOT NULL ORDER BY id LIMIT 1000",
       "UPDATE webhooks SET secret_enc = ?1 WHERE id = ?2"},
      {"dispute_parties",
       {"name_enc", "cid_enc", "cid_hash", "phone_enc", "phone_hash"},
       "SELECT id, name_enc, cid_enc, cid_hash, phone_enc, phone_hash FROM dispute_parties WHERE id > ?1 "
       "ORDER "
       "BY id LIMIT 1000",
       "UPDATE dispute_parties SET name_enc = ?1, cid_enc = ?2, cid_hash = ?3, phone_enc = ?4, phone_hash = "
       "?5 "
       "WHERE id = ?6"},
  };
  return tables;
}
}  // namespace

Result<int64_t> SqliteSettingsRepo::RewriteSealed(const std::function<Status(SealedRow&)>& fn) {
  int64_t rows = 0;
  for (const SealedTable& t : SealedTables()) {
    auto up = tx_->conn().Prepare(t.update);
    int64_t after = 0;
    while (true) {
      // A page at a time, read before it is written: the select never walks rows it has changed.
      std::vector<SealedRow> page;
      {
        auto s = tx_->conn().Prepare(t.select);
        s.Bind(1, after);
        while (s.Step()) {
          SealedRow row{t.table, s.Int(0), "", {}};
          for (size_t c = 0; c < t.columns.size(); ++c)
            if (!s.IsNull(static_cast<int>(c) + 1))
              row.columns[t.columns[c]] = s.Blob(static_cast<int>(c) + 1);
          page.push_back(std::move(row));
        }
        RETURN_IF_ERROR(s.status());
      }
      if (page.empty()) break;
      for (SealedRow& row : page) {
        const int64_t id = row.id;
        RETURN_IF_ERROR(fn(row));
        for (size_t c = 0; c < t.columns.size(); ++c) {
          auto it = row.columns.find(t.columns[c]);
          if (it == row.columns.end())
            up.BindNull(static_cast<int>(c) + 1);
          else
            up.BindBlob(static_cast<int>(c) + 1, it->second);
        }
        up.Bind(static_cast<int>(t.columns.size()) + 1, id);
        RETURN_IF_ERROR(up.Exec());
        up.Reset();
        ++rows;
        after = id;
      }
    }
  }
  // Care-group tags, keyed by (person, tag); fields are text. Which fields are sealed is the caller's
  // knowledge (phones, 残疾人证号 …): every row is offered, and only the rows fn changed are written.
  auto up = tx_->conn().Prepare("UPDATE person_tags SET fields = ?1 WHERE person_id = ?2 AND tag = ?3");
  int64_t after_person = 0;
  std::string after_tag;
  while (true) {
    std::vector<SealedRow> page;
    {
      auto s = tx_->conn().Prepare(
          "SELECT person_id, tag, fields FROM person_tags WHERE (person_id, tag) > (?1, ?2) "
          "ORDER BY person_id, tag LIMIT 1000");
      s.Bind(1, after_person).Bind(2, after_tag);
      while (s.Step()) page.push_back(SealedRow{"person_tags", s.Int(0), s.Text(1), {{"fields", s.Text(2)}}});
      RETURN_IF_ERROR(s.status());
    }
    if (page.empty()) break;
    for (SealedRow& row : page) {
      after_person = row.id;
      after_tag = row.tag;
      const std::string before = row.columns["fields"];
      RETURN_IF_ERROR(fn(row));
      auto it = row.columns.find("fields");
      const std::string fields = it == row.columns.end() ? std::string("{}") : it->second;
      if (fields == before) continue;
      up.Bind(1, fields).Bind(2, after_person).Bind(3, after_tag);
      RETURN_IF_ERROR(up.Exec());
      up.Reset();
      ++rows;
    }
  }
  return rows;
}

}  // namespace wangge::storage::sqlite
