// The `wangge` command as an operator uses it: init, demo, verify-audit (tamper detection), backup, check,
// restore, rotate-key, user.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/citizen_id.hpp"
#include "core/crypto.hpp"
#include "core/validation.hpp"

namespace {

struct Proc {
  int code = -1;
  std::string out;
};

Proc Sh(const std::string& cmd) {
  Proc r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

void Exec(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_exec(h, sql.c_str(), nullptr, nullptr, &err);
  std::string msg = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << msg;
}

int64_t QueryInt(const std::string& db, const std::string& sql) {
  sqlite3* h = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return n;
}

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("wangge-cli-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    // A permissive umask, as many servers have: what wangge writes must be owner-only anyway.
    Proc demo =
        Sh("umask 022; " + std::string(WANGGE_BIN) + " demo --scale small --data-dir " + dir_.string());
    ASSERT_EQ(demo.code, 0) << demo.out;
    ASSERT_NE(demo.out.find("county_command"), std::string::npos) << demo.out;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static std::string Bin() { return std::string(WANGGE_BIN) + " "; }
  static std::string Dir() { return " --data-dir " + dir_.string(); }
  // A copy of the demo database to tamper with.
  std::string Copy(const std::string& name) {
    auto d = dir_ / name;
    std::filesystem::create_directories(d);
    Proc b = Sh(Bin() + "backup " + (d / "wangge.db").string() + Dir());
    EXPECT_EQ(b.code, 0) << b.out;
    std::filesystem::copy_file(dir_ / "wangge.key", d / "wangge.key",
                               std::filesystem::copy_options::overwrite_existing);
    return d.string();
  }
  static std::filesystem::path dir_;
};
std::filesystem::path CliTest::dir_;

TEST_F(CliTest, DemoPrintsEveryRoleWithAPassword) {
  // The accounts table was printed by SetUpTestSuite's run; a second demo into the same dir is refused.
  Proc again = Sh(Bin() + "demo --scale small" + Dir());
  EXPECT_NE(again.code, 0) << again.out;
}

// Personal data is readable by its owner only: the data directory 0700, the database, its WAL, the key,
// backups and exports 0600, whatever the umask; `wangge check` warns about anything looser.
TEST_F(CliTest, EverythingWrittenIsOwnerOnly) {
  namespace fs = std::filesystem;
  auto mode = [](const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return static_cast<unsigned>(st.st_mode & 0777);
  };
  EXPECT_EQ(mode(dir_), 0700u);
  EXPECT_EQ(mode(dir_ / "wangge.db"), 0600u);
  EXPECT_EQ(mode(dir_ / "wangge.key"), 0600u);
  const fs::path out = dir_ / "modes";
  fs::create_directories(out);
  Proc b = Sh("umask 022; " + Bin() + "backup " + (out / "backup.db").string() + Dir());
  ASSERT_EQ(b.code, 0) << b.out;
  EXPECT_EQ(mode(out / "backup.db"), 0600u);
  Proc e = Sh("umask 022; " + Bin() + "export " + (out / "people.csv").string() +
              " --format csv --scope 530326" + Dir());
  ASSERT_EQ(e.code, 0) << e.out;
  EXPECT_EQ(mode(out / "people.csv"), 0600u);
  // A fresh data directory, and the files a server creates while it runs (WAL, shared memory).
  const fs::path fresh = out / "fresh";
  Proc init = Sh("umask 022; " + Bin() + "init --data-dir " + fresh.string());
  ASSERT_EQ(init.code, 0) << init.out;
  EXPECT_EQ(mode(fresh), 0700u);
  for (const char* f : {"wangge.db", "wangge.key"}) EXPECT_EQ(mode(fresh / f), 0600u) << f;
  for (const char* f : {"wangge.db-wal", "wangge.db-shm"}) {
    if (fs::exists(fresh / f)) {
      EXPECT_EQ(mode(fresh / f), 0600u) << f;
    }
  }
  Proc clean = Sh(Bin() + "check --data-dir " + fresh.string());
  EXPECT_EQ(clean.code, 0) << clean.out;
  EXPECT_EQ(clean.out.find("[warn]"), std::string::npos) << clean.out;
  // Loosened by hand: check warns (and still passes: the data are intact).
  fs::permissions(fresh / "wangge.db", fs::perms::group_read | fs::perms::others_read, fs::perm_options::add);
  Proc loose = Sh(Bin() + "check --data-dir " + fresh.string());
  EXPECT_EQ(loose.code, 0) << loose.out;
  EXPECT_NE(loose.out.find("[warn]"), std::string::npos) << loose.out;
  EXPECT_NE(loose.out.find("wangge.db (mode 0644)"), std::string::npos) << loose.out;
}

TEST_F(CliTest, VerifyAuditPassesOnAnIntactChain) {
  // Make some audited writes first.
  Proc add = Sh(Bin() + "user add cli_tester --role county_command --place 530326" + Dir());
  ASSERT_EQ(add.code, 0) << add.out;
  Proc v = Sh(Bin() + "verify-audit" + Dir());
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_NE(v.out.find("intact"), std::string::npos) << v.out;
}

TEST_F(CliTest, VerifyAuditFindsTheFirstAlteredRow) {
  std::string d = Copy("altered");
  Sh(Bin() + "user add alter_a --role county_command --place 530326 --data-dir " + d);
  Sh(Bin() + "user add alter_b --role county_command --place 530326 --data-dir " + d);
  // Alter row 2 behind the API (the append-only trigger has to be dropped first).
  Exec(d + "/wangge.db",
       "DROP TRIGGER audit_no_update; UPDATE audit SET detail='{\"forged\":true}' WHERE seq=2;");
  Proc v = Sh(Bin() + "verify-audit --data-dir " + d);
  EXPECT_EQ(v.code, 1) << v.out;
  EXPECT_NE(v.out.find("seq 2:"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("hash mismatch"), std::string::npos) << v.out;
}

TEST_F(CliTest, VerifyAuditFindsAMissingRow) {
  std::string d = Copy("missing");
  Sh(Bin() + "user add miss_a --role county_command --place 530326 --data-dir " + d);
  Sh(Bin() + "user add miss_b --role county_command --place 530326 --data-dir " + d);
  Exec(d + "/wangge.db", "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq=2;");
  Proc v = Sh(Bin() + "verify-audit --data-dir " + d);
  EXPECT_EQ(v.code, 1) << v.out;
  EXPECT_NE(v.out.find("seq 2:"), std::string::npos) << v.out;
  EXPECT_NE(v.out.find("missing row"), std::string::npos) << v.out;
}

TEST_F(CliTest, AuditTrailRefusesUpdatesThroughSql) {
  std::string d = Copy("appendonly");
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open((d + "/wangge.db").c_str(), &h), SQLITE_OK);
  int rc = sqlite3_exec(h, "UPDATE audit SET detail='{}' WHERE seq=1", nullptr, nullptr, nullptr);
  sqlite3_close(h);
  EXPECT_NE(rc, SQLITE_OK);
}

TEST_F(CliTest, BackupIsAConsistentOpenableCopy) {
  std::string d = Copy("backup");
  Proc v = Sh(Bin() + "verify-audit --data-dir " + d);
  EXPECT_EQ(v.code, 0) << v.out;
  Proc again = Sh(Bin() + "backup " + d + "/wangge.db" + Dir());
  EXPECT_NE(again.code, 0) << "backup over an existing file must be refused: " << again.out;
}

TEST_F(CliTest, DatabaseHoldsNoPlaintextCitizenIds) {
  // Demo citizen IDs are 530326 + birth date + 9xx + check; none may appear in the database file in clear.
  std::string db = (dir_ / "wangge.db").string();
  Proc grep =
      Sh("cat " + db + " " + db + "-wal 2>/dev/null | grep -a -c -E '530326(19|20)[0-9]{6}9[0-9]{2}[0-9X]'");
  EXPECT_EQ(grep.out.substr(0, 1), "0") << "plaintext citizen IDs found in the database file";
}

TEST_F(CliTest, CheckPassesOnTheDemoAndFindsDriftedRollupsAndCounters) {
  std::string d = Copy("check");
  Proc ok = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("check passed"), std::string::npos) << ok.out;
  EXPECT_EQ(ok.out.find("[FAIL]"), std::string::npos) << ok.out;
  // A roll-up figure and a counter changed behind the product's back.
  Exec(d + "/wangge.db",
       "UPDATE order_rollup SET received = received + 1 WHERE (subject, grain, period, kind, category) = "
       "(SELECT subject, grain, period, kind, category FROM order_rollup LIMIT 1)");
  Proc rollup = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(rollup.code, 1) << rollup.out;
  EXPECT_NE(rollup.out.find("[FAIL] 指标汇总 indicator roll-ups"), std::string::npos) << rollup.out;
  EXPECT_NE(rollup.out.find("1 differ"), std::string::npos) << rollup.out;
  EXPECT_NE(rollup.out.find("[ok]   计数 counters"), std::string::npos) << rollup.out;
  Exec(d + "/wangge.db", "UPDATE place_counts SET n = n + 1 WHERE code = '530326' AND metric = 'people'");
  Proc counts = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(counts.code, 1) << counts.out;
  EXPECT_NE(counts.out.find("[FAIL] 计数 counters"), std::string::npos) << counts.out;
  EXPECT_NE(counts.out.find("place '530326' people"), std::string::npos) << counts.out;
}

// A province is several demo counties in one database: a second county (宣威市) joins the first with its own
// accounts (<role>.<county>), departments (the same codes, unique per county) and audit chain; the whole
// database still checks, and the same county twice is still refused.
TEST_F(CliTest, ASecondDemoCountyJoinsTheDatabase) {
  std::string d = Copy("province");
  Proc second = Sh(Bin() + "demo --scale small --county 530381 --data-dir " + d);
  ASSERT_EQ(second.code, 0) << second.out;
  EXPECT_NE(second.out.find("county.530381"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("gridworker.530381"), std::string::npos) << second.out;
  Proc ok = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("check passed"), std::string::npos) << ok.out;
  Proc v = Sh(Bin() + "verify-audit --data-dir " + d);
  EXPECT_EQ(v.code, 0) << v.out;
  EXPECT_EQ(QueryInt(d + "/wangge.db", "SELECT count(*) FROM departments WHERE code = 'gongan'"), 2);
  Proc again = Sh(Bin() + "demo --scale small --county 530381 --data-dir " + d);
  EXPECT_NE(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("530381"), std::string::npos) << again.out;
}

TEST_F(CliTest, RestoreIntoANewDirectoryChecksTheBackup) {
  const auto base = dir_ / "restore";
  std::filesystem::create_directories(base);
  const std::string backup = (base / "backup.db").string();
  ASSERT_EQ(Sh(Bin() + "backup " + backup + Dir()).code, 0);
  const std::string key = (dir_ / "wangge.key").string();
  const std::string target = (base / "restored").string();
  Proc r = Sh(Bin() + "restore " + backup + " --key-from " + key + " --data-dir " + target);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("check passed"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(target + "/wangge.key"));
  EXPECT_EQ(std::filesystem::status(target + "/wangge.key").permissions() & std::filesystem::perms::group_all,
            std::filesystem::perms::none);
  // Never over an existing database.
  Proc again = Sh(Bin() + "restore " + backup + " --data-dir " + target);
  EXPECT_EQ(again.code, 2) << again.out;
  EXPECT_NE(again.out.find("refusing to overwrite"), std::string::npos) << again.out;
  // With a key that does not belong to the backup: refused, nothing left behind.
  const std::string wrong_key = (base / "wrong.key").string();
  {
    std::FILE* f = std::fopen(wrong_key.c_str(), "wb");
    std::fwrite("0123456789abcdef0123456789abcdef", 1, 32, f);
    std::fclose(f);
  }
  const std::string other = (base / "other").string();
  Proc wrong = Sh(Bin() + "restore " + backup + " --key-from " + wrong_key + " --data-dir " + other);
  EXPECT_NE(wrong.code, 0) << wrong.out;
  EXPECT_NE(wrong.out.find("does not belong"), std::string::npos) << wrong.out;
  EXPECT_FALSE(std::filesystem::exists(other + "/wangge.db"));
  EXPECT_FALSE(std::filesystem::exists(other + "/wangge.key"));
}

// Reads the people's sealed citizen IDs straight from the file.
std::vector<std::pair<std::string, std::string>> SealedIds(const std::string& db) {
  std::vector<std::pair<std::string, std::string>> out;
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(h, "SELECT cid_enc, cid_hash FROM people ORDER BY id LIMIT 20", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW)
    out.emplace_back(
        std::string(static_cast<const char*>(sqlite3_column_blob(s, 0)), sqlite3_column_bytes(s, 0)),
        std::string(static_cast<const char*>(sqlite3_column_blob(s, 1)), sqlite3_column_bytes(s, 1)));
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A care-group tag whose fields hold a sealed phone: (tag, fields).
std::pair<std::string, std::string> SealedTagPhone(const std::string& db) {
  std::pair<std::string, std::string> out;
  sqlite3* h = nullptr;
  sqlite3_open(db.c_str(), &h);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(
      h, "SELECT tag, fields FROM person_tags WHERE fields LIKE '%\"enc\"%' ORDER BY person_id, tag LIMIT 1",
      -1, &s, nullptr);
  if (sqlite3_step(s) == SQLITE_ROW)
    out = {reinterpret_cast<const char*>(sqlite3_column_text(s, 0)),
           reinterpret_cast<const char*>(sqlite3_column_text(s, 1))};
  sqlite3_finalize(s);
  sqlite3_close(h);
  return out;
}

TEST_F(CliTest, RotateKeyResealsEverythingUnderANewKey) {
  wangge::InitCrypto();
  std::string d = Copy("rotate");
  const std::string old_key = ReadAll(d + "/wangge.key");
  auto old_cipher = wangge::FieldCipher::FromMasterKey(old_key);
  ASSERT_TRUE(old_cipher.ok());
  const auto before = SealedIds(d + "/wangge.db");
  ASSERT_FALSE(before.empty());
  const auto tag_before = SealedTagPhone(d + "/wangge.db");
  ASSERT_FALSE(tag_before.first.empty()) << "the demo should have a care-group tag with a sealed phone";
  ASSERT_TRUE(wangge::ResealTagFields(*old_cipher, *old_cipher, tag_before.first, tag_before.second).ok());

  // Refused while another process has the database open (the server holds this lock shared).
  {
    int fd = ::open((d + "/wangge.db.lock").c_str(), O_RDWR | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_SH), 0);
    Proc busy = Sh(Bin() + "rotate-key --data-dir " + d);
    EXPECT_EQ(busy.code, 2) << busy.out;
    EXPECT_NE(busy.out.find("stop it first"), std::string::npos) << busy.out;
    ::close(fd);
  }

  Proc r = Sh(Bin() + "rotate-key --data-dir " + d);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(ReadAll(d + "/wangge.key.old"), old_key);
  const std::string new_key = ReadAll(d + "/wangge.key");
  ASSERT_EQ(new_key.size(), 32u);
  ASSERT_NE(new_key, old_key);
  auto new_cipher = wangge::FieldCipher::FromMasterKey(new_key);
  ASSERT_TRUE(new_cipher.ok());
  const auto after = SealedIds(d + "/wangge.db");
  ASSERT_EQ(after.size(), before.size());
  for (size_t i = 0; i < after.size(); ++i) {
    auto was = old_cipher->Decrypt(before[i].first);
    auto now = new_cipher->Decrypt(after[i].first);
    ASSERT_TRUE(was.ok() && now.ok());
    EXPECT_EQ(*now, *was);                                   // the same citizen ID
    EXPECT_FALSE(old_cipher->Decrypt(after[i].first).ok());  // no longer readable with the old key
    EXPECT_EQ(after[i].second, wangge::CitizenIdIndex(*new_cipher, *now));  // the index follows the key
    EXPECT_NE(after[i].second, before[i].second);
  }
  // Phones sealed inside care-group tags follow the key too.
  const auto tag_after = SealedTagPhone(d + "/wangge.db");
  ASSERT_FALSE(tag_after.second.empty());
  EXPECT_TRUE(wangge::ResealTagFields(*new_cipher, *new_cipher, tag_after.first, tag_after.second).ok());
  EXPECT_FALSE(wangge::ResealTagFields(*old_cipher, *new_cipher, tag_after.first, tag_after.second).ok());
  Proc check = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(check.code, 0) << check.out;

  // The old key no longer opens the database.
  std::filesystem::copy_file(d + "/wangge.key.old", d + "/stale.key");
  Proc stale = Sh(Bin() + "check --data-dir " + d + " --key " + d + "/stale.key");
  EXPECT_EQ(stale.code, 2) << stale.out;
  EXPECT_NE(stale.out.find("does not belong"), std::string::npos) << stale.out;

  // A rotation that committed but crashed before swapping the key files is finished by the next start.
  std::filesystem::rename(d + "/wangge.key", d + "/wangge.key.next");
  std::filesystem::rename(d + "/wangge.key.old", d + "/wangge.key");
  Proc finish = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(finish.code, 0) << finish.out;
  EXPECT_EQ(ReadAll(d + "/wangge.key"), new_key);
  EXPECT_EQ(ReadAll(d + "/wangge.key.old"), old_key);
  EXPECT_FALSE(std::filesystem::exists(d + "/wangge.key.next"));
  // A rotation that crashed before its commit leaves a .next key that is simply removed.
  {
    std::FILE* f = std::fopen((d + "/wangge.key.next").c_str(), "wb");
    std::fwrite("fedcba9876543210fedcba9876543210", 1, 32, f);
    std::fclose(f);
  }
  Proc uncommitted = Sh(Bin() + "check --data-dir " + d);
  EXPECT_EQ(uncommitted.code, 0) << uncommitted.out;
  EXPECT_FALSE(std::filesystem::exists(d + "/wangge.key.next"));
  EXPECT_EQ(ReadAll(d + "/wangge.key"), new_key);
}

// Issue 11: `wangge import` refuses a code that a spreadsheet stored as a number, as the API does, row by row
// with the column and the message, and writes nothing.
TEST_F(CliTest, ImportRefusesCodesStoredAsNumbers) {
  const std::string id = wangge::MakeCitizenId("530326", 1950, 5, 5, 901);
  const std::string header =
      "姓名,公民身份号码,所属网格或十联户代码,民族,政治面貌,联系电话,居住类型,与户主关系,户号,住址,"
      "人群标签\n";
  // A CSV saved by a spreadsheet writes long numbers in scientific notation.
  const auto csv = dir_ / "saved.csv";
  std::ofstream(csv) << header << "数甲,5.30326195005059E+17,530326001001001001,汉族,,,户籍,,,,\n"
                     << "数乙," << id << ",5.30326001001001E+017,汉族,,,户籍,,,,\n";
  // An .xlsx with the ID typed into a General cell, and 户号 with its leading zeros gone.
  const auto xlsx = dir_ / "typed.xlsx";
  lxw_workbook* wb = workbook_new(xlsx.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, nullptr);
  int col = 0;
  for (const char* h : {"姓名", "公民身份号码", "所属网格或十联户代码", "户号"})
    worksheet_write_string(ws, 0, col++, h, nullptr);
  worksheet_write_string(ws, 1, 0, "数丙", nullptr);
  worksheet_write_number(ws, 1, 1, 530326195005059010.0, nullptr);
  worksheet_write_string(ws, 1, 2, "530326001001001001", nullptr);
  worksheet_write_string(ws, 2, 0, "数丁", nullptr);
  worksheet_write_string(ws, 2, 1, id.c_str(), nullptr);
  worksheet_write_string(ws, 2, 2, "530326001001001001", nullptr);
  worksheet_write_number(ws, 2, 3, 12345, nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  for (const auto& [file, second_column] :
       {std::pair{csv, std::string("所属网格或十联户代码")}, std::pair{xlsx, std::string("户号")}}) {
    SCOPED_TRACE(file.string());
    for (const char* mode : {"all_or_nothing", "accept_valid"}) {
      Proc p = Sh(Bin() + "import " + file.string() + " --mode " + mode + Dir());
      EXPECT_EQ(p.code, std::string(mode) == "all_or_nothing" ? 3 : 0) << p.out;
      EXPECT_NE(p.out.find("rows=2 inserted=0 updated=0 unchanged=0 rejected=2"), std::string::npos) << p.out;
      EXPECT_NE(
          p.out.find(
              "第 2 行 row 2 [公民身份号码] 该单元格被存为数字，已丢失末几位；请把此列设为文本后重新填写 / "
              "the cell is stored as a number and has lost its last digits"),
          std::string::npos)
          << p.out;
      EXPECT_NE(p.out.find("第 3 行 row 3 [" + second_column + "] 该单元格被存为数字"), std::string::npos)
          << p.out;
    }
  }
}

TEST_F(CliTest, WrongRoleScopeIsRejected) {
  Proc bad = Sh(Bin() + "user add bad_scope --role grid_worker --place 530326" + Dir());
  EXPECT_NE(bad.code, 0) << bad.out;
  EXPECT_NE(bad.out.find("place_code"), std::string::npos) << bad.out;
}

}  // namespace

namespace {

// PostgreSQL down (nothing listens at the URL's address): every command that opens the database says so in
// both languages, names the address without the password, and exits non-zero without creating anything.
TEST_F(CliTest, PostgresDownAtStartIsAClearErrorAndExitsNonZero) {
  const std::string dir = (dir_ / "pg-down").string();
  const std::string url = "postgresql://wangge:s3cret-pw@127.0.0.1:1/wangge?connect_timeout=5";
  for (const std::string cmd : {"serve --port 18999", "check", "verify-audit"}) {
    std::filesystem::create_directories(dir);
    Proc init = Sh(Bin() + "init --data-dir " + dir + " --db '" + url + "'");
    EXPECT_NE(init.code, 0) << init.out;
    Proc p = Sh(Bin() + cmd + " --data-dir " + dir + " --db '" + url + "'");
    EXPECT_NE(p.code, 0) << cmd << ": " << p.out;
    EXPECT_NE(p.out.find("无法连接 PostgreSQL 数据库"), std::string::npos) << cmd << ": " << p.out;
    EXPECT_NE(p.out.find("cannot connect to PostgreSQL"), std::string::npos) << cmd << ": " << p.out;
    EXPECT_NE(p.out.find("127.0.0.1"), std::string::npos) << cmd << ": " << p.out;
    EXPECT_EQ(p.out.find("s3cret-pw"), std::string::npos) << cmd << ": " << p.out;
    // The same through the environment, as an operator sets it once.
    Proc e = Sh("WANGGE_DB='" + url + "' " + Bin() + cmd + " --data-dir " + dir);
    EXPECT_NE(e.code, 0) << cmd << ": " << e.out;
    EXPECT_NE(e.out.find("cannot connect to PostgreSQL"), std::string::npos) << cmd << ": " << e.out;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/wangge.db"));
}

}  // namespace
