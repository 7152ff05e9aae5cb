// Sessions over HTTP: login, cookie, bearer token, throttling, logout, expiry, password change and the
// "change your initial password first" gate.

#include "server_fixture.hpp"

namespace wangge::e2e {
namespace {

// A unique username for a user created by a test.
std::string UniqueUser(const std::string& stem) {
  static std::atomic<int> n{0};
  return stem + "_" + std::to_string(::getpid() % 100000) + "_" + std::to_string(n++);
}

// Creates a grid worker in gridworker's grid as admin; returns {id, password}.
std::pair<int64_t, std::string> CreateUser(const std::string& username, const std::string& password) {
  json body{{"username", username},
            {"display_name", "测试用户"},
            {"role", "grid_worker"},
            {"place_code", Env().place("gridworker")},
            {"password", password}};
  Response r = Env().As("admin", "POST", "/api/v1/users", body);
  EXPECT_TRUE(IsStatus(r, 201));
  json j = r.Json();
  EXPECT_EQ(j.value("initial_password", ""), password);
  EXPECT_TRUE(j.value("must_change_password", false));
  return {j.value("id", int64_t{0}), password};
}

TEST(Auth, LoginSetsHttpOnlyStrictCookieAndReturnsToken) {
  const Account& a = Env().account("township");
  Response r = Env().server().Login(a.username, a.password);
  ASSERT_TRUE(IsStatus(r, 200));
  json j = r.Json();
  std::string token = j.value("token", "");
  ASSERT_GE(token.size(), 20u);
  EXPECT_GT(j.value("expires_at", int64_t{0}), 0);
  EXPECT_EQ(j["user"].value("username", ""), "township");
  EXPECT_EQ(j["user"].value("role", ""), "township_official");

  std::string cookie = r.Header("set-cookie");
  ASSERT_FALSE(cookie.empty());
  EXPECT_EQ(cookie.rfind("wangge_session=" + token + ";", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/"), std::string::npos) << cookie;

  // The cookie alone authenticates.
  Response me = Env().server().Call("GET", "/api/v1/me", "", "", "",
                                    {{"Cookie", "theme=dark; wangge_session=" + token}});
  ASSERT_TRUE(IsStatus(me, 200));
  EXPECT_EQ(me.Json().value("username", ""), "township");
  EXPECT_EQ(me.Json().value("scope", ""), Env().place("township"));
  // And so does the bearer token.
  Response me2 = Env().server().Call("GET", "/api/v1/me", token);
  ASSERT_TRUE(IsStatus(me2, 200));
  EXPECT_EQ(me2.Json().value("username", ""), "township");
}

TEST(Auth, WrongPasswordAndUnknownUserGiveTheSame401) {
  const Account& a = Env().account("unitleader");
  Response wrong = Env().server().Login(a.username, a.password + "x");
  ASSERT_TRUE(IsProblem(wrong, 401));
  Response unknown = Env().server().Login("nobody_" + std::to_string(::getpid()), "Whatever123");
  ASSERT_TRUE(IsProblem(unknown, 401));
  EXPECT_EQ(wrong.Json()["detail"], unknown.Json()["detail"]);
  EXPECT_EQ(wrong.Json()["detail_zh"], unknown.Json()["detail_zh"]);
  EXPECT_EQ(wrong.Json()["message"], unknown.Json()["message"]);
  EXPECT_TRUE(wrong.Header("set-cookie").empty());
  // The account still works with its real password.
  EXPECT_TRUE(IsStatus(Env().server().Login(a.username, a.password), 200));
}

TEST(Auth, SixWrongPasswordsForOneUserAre429) {
  std::string user = UniqueUser("e2e_lock");
  auto [id, password] = CreateUser(user, "Locked1234pw");
  ASSERT_GT(id, 0);
  for (int i = 1; i <= 5; ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(IsProblem(Env().server().Login(user, "Wrong" + std::to_string(i) + "pass"), 401));
  }
  EXPECT_TRUE(IsProblem(Env().server().Login(user, "Wrong6pass"), 429));
  // Locked for the window: even the right password is refused, without a session.
  Response right = Env().server().Login(user, password);
  EXPECT_TRUE(IsProblem(right, 429));
  EXPECT_TRUE(right.Header("set-cookie").empty());
  // Other users are not affected.
  const Account& a = Env().account("gridworker2");
  EXPECT_TRUE(IsStatus(Env().server().Login(a.username, a.password), 200));
}

// A login from another client address (the test connects from another loopback address).
Response LoginFrom(const std::string& ip, const std::string& user, const std::string& password) {
  Request r;
  r.method = "POST";
  r.target = "/api/v1/auth/login";
  r.headers.emplace_back("Content-Type", "application/json");
  r.body = json{{"username", user}, {"password", password}}.dump();
  r.source_ip = ip;
  return Send(Env().server().port(), r);
}

// Lock-out is no weapon: a stranger's wrong passwords lock out the stranger's address only, never the user on
// theirs; twenty failures from one address, whatever the names, lock that address; every failure is audited
// with the address, an unknown name too.
TEST(Auth, AStrangerCannotLockOutAUser) {
  std::string user = UniqueUser("e2e_target");
  auto [id, password] = CreateUser(user, "Target1234pw");
  ASSERT_GT(id, 0);
  for (int i = 1; i <= 6; ++i) LoginFrom("127.0.0.2", user, "Guess" + std::to_string(i) + "pass");
  EXPECT_TRUE(IsProblem(LoginFrom("127.0.0.2", user, password), 429)) << "the stranger's address is locked";
  Response mine = Env().server().Login(user, password);
  EXPECT_TRUE(IsStatus(mine, 200)) << "the user's own address is not: " << mine.Brief();
  EXPECT_TRUE(IsStatus(LoginFrom("127.0.0.4", user, password), 200)) << "nor a third one";
  // A spray of names from one address locks that address after 20 failures.
  for (int i = 0; i < 20; ++i)
    LoginFrom("127.0.0.3", "nobody_" + std::to_string(i) + "_" + user, "Whatever123");
  EXPECT_TRUE(IsProblem(LoginFrom("127.0.0.3", user, password), 429));
  // The trail: failures with the address, an unknown name with the name as typed.
  bool unknown = false, wrong = false, ok = false;
  for (const json& row : ListAll("admin", "/api/v1/audit", 400)) {
    const std::string action = row.value("action", "");
    json detail = row["detail"].is_string() ? json::parse(row["detail"].get<std::string>(), nullptr, false)
                                            : row["detail"];
    if (!detail.is_object()) continue;
    const std::string ip = detail.value("ip", "");
    if (action == "auth.login_failed" && ip == "127.0.0.3" &&
        row.value("username", "").rfind("nobody_", 0) == 0)
      unknown = true;
    if (action == "auth.login_failed" && ip == "127.0.0.2" && row.value("username", "") == user) wrong = true;
    if (action == "auth.login" && ip == "127.0.0.4" && row.value("username", "") == user) ok = true;
  }
  EXPECT_TRUE(unknown) << "a failed login for an unknown name is audited with the address";
  EXPECT_TRUE(wrong) << "a wrong password is audited with the address";
  EXPECT_TRUE(ok) << "a login is audited with the address";
}

// A stolen session must not become a password oracle: five wrong current passwords, then 429 even for the
// right one; each failure is audited; the password is unchanged and login (a separate counter) still works.
TEST(Auth, FiveWrongCurrentPasswordsLockPasswordChange) {
  std::string user = UniqueUser("e2e_pwlock");
  const std::string initial = "Guarded1234pw";
  auto [id, pw] = CreateUser(user, initial);
  ASSERT_GT(id, 0);
  Response login = Env().server().Login(user, initial);
  ASSERT_TRUE(IsStatus(login, 200));
  const std::string token = login.Json().value("token", "");
  auto change = [&](const std::string& old_pw) {
    return Env().server().Call("POST", "/api/v1/me/password", token,
                               json{{"old_password", old_pw}, {"new_password", "Stolen5678xyz"}}.dump());
  };
  for (int i = 1; i <= 5; ++i) {
    SCOPED_TRACE(i);
    EXPECT_TRUE(IsProblem(change("Guess" + std::to_string(i) + "word"), 400, "old_password"));
    Response top = Env().As("admin", "GET", "/api/v1/audit?limit=1");
    ASSERT_TRUE(IsStatus(top, 200));
    EXPECT_EQ(top.Json()["items"][0].value("action", ""), "auth.password_change_failed");
  }
  Response locked = change(initial);
  EXPECT_TRUE(IsProblem(locked, 429));
  EXPECT_NE(locked.body.find("15"), std::string::npos) << locked.body;
  // Nothing changed: the initial password still logs in (login failures are counted apart).
  Response again = Env().server().Login(user, initial);
  ASSERT_TRUE(IsStatus(again, 200));
  EXPECT_TRUE(again.Json()["user"].value("must_change_password", false));
  // Another user's password change is not affected.
  std::string other = UniqueUser("e2e_pwlock");
  CreateUser(other, initial);
  Response login2 = Env().server().Login(other, initial);
  ASSERT_TRUE(IsStatus(login2, 200));
  EXPECT_TRUE(
      IsStatus(Env().server().Call("POST", "/api/v1/me/password", login2.Json().value("token", ""),
                                   json{{"old_password", initial}, {"new_password", "Fresh5678xyzq"}}.dump()),
               200));
}

TEST(Auth, MissingOrForgedTokenIs401) {
  Response none = Env().server().Call("GET", "/api/v1/me");
  EXPECT_TRUE(IsProblem(none, 401));
  EXPECT_FALSE(none.Header("www-authenticate").empty());
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/people"), 401));
  std::string real = Env().Token("county");
  std::string forged = real;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", forged), 401));
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", "not-a-token"), 401));
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", std::string(200, 'a')), 401));
  EXPECT_TRUE(IsProblem(
      Env().server().Call("GET", "/api/v1/me", "", "", "", {{"Cookie", "wangge_session=" + forged}}), 401));
  // A write without a session changes nothing.
  int64_t before = CountyPeople();
  json body{{"place_code", Env().place("gridworker")},
            {"name", "无会话"},
            {"citizen_id", MakeCitizenId("530326", 1935, 1, 1, 901)}};
  EXPECT_TRUE(IsProblem(Env().server().Call("POST", "/api/v1/people", forged, body.dump()), 401));
  EXPECT_EQ(CountyPeople(), before);
  // The real token still works.
  EXPECT_TRUE(IsStatus(Env().server().Call("GET", "/api/v1/me", real), 200));
}

TEST(Auth, LogoutEndsTheSession) {
  const Account& a = Env().account("secretary");
  Response login = Env().server().Login(a.username, a.password);
  ASSERT_TRUE(IsStatus(login, 200));
  std::string token = login.Json().value("token", "");
  ASSERT_TRUE(IsStatus(Env().server().Call("GET", "/api/v1/me", token), 200));
  Response out = Env().server().Call("POST", "/api/v1/auth/logout", token);
  ASSERT_TRUE(IsStatus(out, 200));
  std::string cookie = out.Header("set-cookie");
  EXPECT_NE(cookie.find("wangge_session=;"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Max-Age=0"), std::string::npos) << cookie;
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", token), 401));
  EXPECT_TRUE(IsProblem(Env().server().Call("POST", "/api/v1/auth/logout", token), 401));
  // Other sessions of the same user survive.
  EXPECT_TRUE(IsStatus(Env().As("secretary", "GET", "/api/v1/me"), 200));
}

TEST(Auth, SessionExpiresAfterTtl) {
  // A second server with a 2-second session lifetime on its own small database.
  fs::path dir = Env().work_dir() / "ttl";
  fs::create_directories(dir);
  std::string data = (dir / "data").string();
  std::string out;
  const std::vector<std::string> own_db = OwnDatabaseEnv("ttl");
  ASSERT_EQ(
      RunCapture({WanggeBin(), "init", "--data-dir", data}, own_db, &out, (dir / "init.stderr").string()), 0)
      << out << ReadFile(dir / "init.stderr");
  out.clear();
  ASSERT_EQ(RunCapture({WanggeBin(), "user", "add", "ttladmin", "--data-dir", data, "--role", "system_admin",
                        "--password", "TtlAdmin12345"},
                       own_db, &out, (dir / "user.stderr").string()),
            0)
      << out << ReadFile(dir / "user.stderr");
  Server ttl;
  std::string err;
  std::vector<std::string> ttl_env = own_db;
  ttl_env.push_back("WANGGE_SESSION_TTL=2");
  ASSERT_TRUE(ttl.Start(data, ttl_env, (dir / "server.log").string(), &err)) << err;
  Response login = ttl.Login("ttladmin", "TtlAdmin12345");
  ASSERT_TRUE(IsStatus(login, 200));
  std::string token = login.Json().value("token", "");
  std::string cookie = login.Header("set-cookie");
  EXPECT_TRUE(std::regex_search(cookie, std::regex("Max-Age=[12](;|$)"))) << cookie;
  EXPECT_TRUE(IsStatus(ttl.Call("GET", "/api/v1/me", token), 200));
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  EXPECT_TRUE(IsProblem(ttl.Call("GET", "/api/v1/me", token), 401));
  EXPECT_TRUE(
      IsProblem(ttl.Call("GET", "/api/v1/me", "", "", "", {{"Cookie", "wangge_session=" + token}}), 401));
  ttl.Stop();
}

TEST(Auth, InitialPasswordMustBeChangedAndChangeRules) {
  std::string user = UniqueUser("e2e_pw");
  const std::string initial = "Initial1234pw";
  auto [id, pw] = CreateUser(user, initial);
  ASSERT_GT(id, 0);
  Response login = Env().server().Login(user, initial);
  ASSERT_TRUE(IsStatus(login, 200));
  EXPECT_TRUE(login.Json()["user"].value("must_change_password", false));
  std::string token = login.Json().value("token", "");

  // Everything but /me, /me/password and /auth/logout is 403 until the password is changed.
  Response me = Env().server().Call("GET", "/api/v1/me", token);
  ASSERT_TRUE(IsStatus(me, 200));
  EXPECT_TRUE(me.Json().value("must_change_password", false));
  for (const char* target :
       {"/api/v1/people", "/api/v1/places", "/api/v1/tags", "/api/v1/roles", "/api/v1/households"}) {
    SCOPED_TRACE(target);
    EXPECT_TRUE(IsProblem(Env().server().Call("GET", target, token), 403));
  }
  {
    int64_t before = CountyPeople();
    json body{{"place_code", Env().place("gridworker")},
              {"name", "门禁"},
              {"citizen_id", MakeCitizenId("530326", 1935, 2, 2, 902)}};
    EXPECT_TRUE(IsProblem(Env().server().Call("POST", "/api/v1/people", token, body.dump()), 403));
    EXPECT_EQ(CountyPeople(), before);
  }

  // Password rules: weak, wrong old password, same as the old one -> 400 and nothing changes.
  struct Case {
    const char* name;
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"too short", {{"old_password", initial}, {"new_password", "ab1"}}, "password"},
      {"letters only", {{"old_password", initial}, {"new_password", "abcdefghijkl"}}, "password"},
      {"digits only", {{"old_password", initial}, {"new_password", "123456789012"}}, "password"},
      {"wrong old password",
       {{"old_password", "NotTheOld123"}, {"new_password", "Brandnew5678x"}},
       "old_password"},
      {"same as old", {{"old_password", initial}, {"new_password", initial}}, "new_password"},
      {"missing new", {{"old_password", initial}}, "new_password"},
      {"unknown field", {{"old_password", initial}, {"new_password", "Brandnew5678x"}, {"x", 1}}, "x"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(
        IsProblem(Env().server().Call("POST", "/api/v1/me/password", token, c.body.dump()), 400, c.field));
  }
  // Still gated: nothing changed.
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/people", token), 403));

  const std::string fresh = "Brandnew5678x";
  Response change = Env().server().Call("POST", "/api/v1/me/password", token,
                                        json{{"old_password", initial}, {"new_password", fresh}}.dump());
  ASSERT_TRUE(IsStatus(change, 200));
  // The session that changed the password stays valid and is no longer gated.
  Response me2 = Env().server().Call("GET", "/api/v1/me", token);
  ASSERT_TRUE(IsStatus(me2, 200));
  EXPECT_FALSE(me2.Json().value("must_change_password", true));
  EXPECT_TRUE(IsStatus(Env().server().Call("GET", "/api/v1/people?limit=1", token), 200));
  // Old password fails, new works.
  EXPECT_TRUE(IsProblem(Env().server().Login(user, initial), 401));
  Response again = Env().server().Login(user, fresh);
  ASSERT_TRUE(IsStatus(again, 200));
  EXPECT_FALSE(again.Json()["user"].value("must_change_password", true));
  // Logout is allowed for a gated user too (checked with a second user).
  std::string user2 = UniqueUser("e2e_pw");
  CreateUser(user2, initial);
  Response login2 = Env().server().Login(user2, initial);
  ASSERT_TRUE(IsStatus(login2, 200));
  std::string token2 = login2.Json().value("token", "");
  EXPECT_TRUE(IsStatus(Env().server().Call("POST", "/api/v1/auth/logout", token2), 200));
  EXPECT_TRUE(IsProblem(Env().server().Call("GET", "/api/v1/me", token2), 401));
}

}  // namespace
}  // namespace wangge::e2e
