// The `wangge` command as an operator uses it: init, demo, verify-audit (tamper detection), backup, user.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

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

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("wangge-cli-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    Proc demo = Sh(std::string(WANGGE_BIN) + " demo --scale small --data-dir " + dir_.string());
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
    std::filesystem::copy_file(dir_ / "wangge.key", d / "wangge.key", std::filesystem::copy_options::overwrite_existing);
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
  Exec(d + "/wangge.db", "DROP TRIGGER audit_no_update; UPDATE audit SET detail='{\"forged\":true}' WHERE seq=2;");
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
  Proc grep = Sh("cat " + db + " " + db + "-wal 2>/dev/null | grep -a -c -E '530326(19|20)[0-9]{6}9[0-9]{2}[0-9X]'");
  EXPECT_EQ(grep.out.substr(0, 1), "0") << "plaintext citizen IDs found in the database file";
}

TEST_F(CliTest, WrongRoleScopeIsRejected) {
  Proc bad = Sh(Bin() + "user add bad_scope --role grid_worker --place 530326" + Dir());
  EXPECT_NE(bad.code, 0) << bad.out;
  EXPECT_NE(bad.out.find("place_code"), std::string::npos) << bad.out;
}

}  // namespace
