// The storage contract: what every backend must do, written once against the interfaces of database.hpp and
// the <domain>_repo.hpp headers, and run for each backend through its BackendFactory (see contract_test.hpp;
// SQLite: sqlite/sqlite_factory_test.cpp). The tests are in <domain>_repo_test.cpp (database_test.cpp for the
// Database itself); this file holds the fixture and the test data they share.
#include "storage/contract_test.hpp"

#include <stdlib.h>

#include <filesystem>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/validation.hpp"
#include "storage/audit_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {

// ---------------------------------------------------------------- fixture

void StorageContractTest::SetUp() {
  InitCrypto();
  std::string tmpl = (std::filesystem::temp_directory_path() / "wangge-storage-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "mkdtemp failed";
  dir_ = tmpl;
  db_ = factory().open(dir_);
  ASSERT_NE(db_, nullptr);
}

void StorageContractTest::TearDown() {
  db_.reset();
  if (!dir_.empty() && factory().cleanup) factory().cleanup(dir_);
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void StorageContractTest::Reopen() {
  db_.reset();
  db_ = factory().open(dir_);
  ASSERT_NE(db_, nullptr);
}

std::unique_ptr<Tx> StorageContractTest::R() {
  auto r = db_->Read();
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return nullptr;
  return std::move(r).value();
}

// ---------------------------------------------------------------- test data

const std::vector<std::string>& TreeCodes() {
  static const std::vector<std::string> v = {kProv, kPref, kCounty, kT1, kT2, kV1, kV2, kV3, kG1,
                                             kG2,   kG3,   kG4,     kU1, kU2, kU3, kU4, kU5};
  return v;
}

Place MakePlace(const std::string& code, const std::string& name) {
  Place p;
  p.code = code;
  p.name = name.empty() ? "地点" + code : name;
  auto level = ParseCode(code);
  if (!level.ok()) throw std::logic_error("bad test code " + code);
  p.level = static_cast<int>(*level);
  p.parent_code = ParentCode(code);
  if (*level == Level::kVillage) p.kind = "community";
  if (*level == Level::kGrid) p.kind = IsExclusiveGrid(code) ? "exclusive" : "comprehensive";
  return p;
}

Status InsertTree(Tx& tx) {
  for (const auto& c : TreeCodes()) RETURN_IF_ERROR(tx.places().Insert(MakePlace(c)));
  return Status::Ok();
}

const FieldCipher& Cipher() {
  static const FieldCipher c = *FieldCipher::FromMasterKey(std::string(32, 'k'));
  return c;
}

std::string CitizenIdNo(int n) {
  int d = n / 1000;
  std::string id = MakeCitizenId("530326", 1950 + d / 336, 1 + (d / 28) % 12, 1 + d % 28, n % 1000);
  if (id.empty()) throw std::logic_error("MakeCitizenId failed");
  return id;
}

std::string CidHash(int n) { return CitizenIdIndex(Cipher(), CitizenIdNo(n)); }

Person MakePerson(int n, const std::string& place, std::optional<int64_t> household, const std::string& name,
                  std::vector<std::string> tags) {
  Person p;
  p.place_code = place;
  p.household_id = household;
  p.name = name;
  p.citizen_id = CitizenIdNo(n);
  auto parsed = ParseCitizenId(p.citizen_id);
  if (!parsed.ok()) throw std::logic_error("bad test citizen ID " + p.citizen_id);
  p.sex = std::string(1, parsed->sex);
  p.birth_date = parsed->BirthDate();
  p.ethnicity = "汉族";
  p.political_status = "群众";
  p.residence_type = "户籍";
  p.relation = household ? "户主" : "";
  p.phone = n % 2 == 0 ? "1381234" + std::to_string(1000 + n % 9000) : "";
  for (auto& t : tags) p.tags.push_back(PersonTag{t, "{}", "2020-01-01"});
  SealPersonalData(Cipher(), &p);
  return p;
}

Household MakeHousehold(const std::string& place, const std::string& no) {
  Household h;
  h.place_code = place;
  h.address = "门牌 " + no;
  h.household_no = no;
  h.residence_type = "户籍";
  return h;
}

Flat FlatCounts(Tx& tx, const std::string& code) {
  auto c = tx.places().Counts(code);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  Flat f;
  if (!c.ok()) return f;
  auto put = [&](const std::string& k, int64_t n) {
    if (n != 0) f[k] += n;
  };
  put("households", c->households);
  put("people", c->people);
  put("grids", c->grids);
  put("units", c->units);
  for (auto& [t, n] : c->tags) put("tag:" + t, n);
  return f;
}

std::vector<int64_t> SearchAll(Tx& tx, PersonQuery q, int* pages) {
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  int n = 0;
  for (int guard = 0; guard < 10000; ++guard) {
    auto page = tx.people().Search(q);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    ++n;
    for (auto& p : page->items) {
      EXPECT_TRUE(seen.insert(p.id).second) << "person " << p.id << " repeated on page " << n;
      ids.push_back(p.id);
    }
    if (page->next.empty()) break;
    EXPECT_FALSE(page->items.empty()) << "an empty page with a next cursor";
    q.page.after = page->next;
  }
  if (pages) *pages = n;
  return ids;
}

Status AppendAudit(Tx& tx, const std::string& action, const std::string& entity_id, const std::string& place,
                   AuditEntry* out) {
  AuditEntry e;
  e.user_id = 7;
  e.username = "tester";
  e.action = action;
  e.entity = "person";
  e.entity_id = entity_id;
  e.place_code = place;
  e.detail = R"({"n":")" + entity_id + R"("})";
  RETURN_IF_ERROR(tx.audit().Append(&e));
  if (out) *out = e;
  return Status::Ok();
}

std::vector<AuditEntry> AllAudit(Tx& tx, const std::string& scope, int limit) {
  std::vector<AuditEntry> out;
  PageRequest pr{.after = "", .limit = limit};
  for (int guard = 0; guard < 100000; ++guard) {
    auto page = tx.audit().List(scope, pr);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    if (!page.ok()) break;
    for (auto& e : page->items) out.push_back(e);
    if (page->next.empty()) break;
    pr.after = page->next;
  }
  return out;
}

}  // namespace wangge::storage::testing
