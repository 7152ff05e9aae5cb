// The storage contract of users (users_repo.hpp): accounts, sessions and notification recipients; departments
// (departments_repo.hpp) are exercised here with the users that belong to them.
// Part of the suite in contract_test.hpp: every test is a TEST_P run against every backend.
#include "storage/users_repo.hpp"

#include <gmock/gmock.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/contract_test.hpp"
#include "storage/departments_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::storage::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_P(StorageContractTest, UsersAndDepartments) {
  int64_t dept = 0, uid = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(dept, tx.departments().Insert(
                               Department{.code = "gongan", .name = "县公安局", .place_code = kCounty}));
    User u{.username = "zhang.wei",
           .display_name = "张伟",
           .role = "grid_worker",
           .place_code = kG1,
           .department_id = dept,
           .must_change_password = true};
    ASSIGN_OR_RETURN(uid, tx.users().Insert(u, "$argon2id$fake"));
    return Status::Ok();
  }));
  EXPECT_CODE(
      W([&](Tx& tx) {
        User u{.username = "zhang.wei", .display_name = "另一个", .role = "grid_worker", .place_code = kG2};
        return tx.users().Insert(u, "x").status();
      }),
      StatusCode::kConflict);
  EXPECT_CODE(W([&](Tx& tx) {
                return tx.departments()
                    .Insert(Department{.code = "gongan", .name = "重复", .place_code = kCounty})
                    .status();
              }),
              StatusCode::kConflict);
  // The code is unique per county: another county has its own "gongan" (both backends).
  int64_t other_dept = 0;
  ASSERT_OK(W([&](Tx& tx) {
    RETURN_IF_ERROR(tx.places().Insert(MakePlace("530381", "宣威市")));
    ASSIGN_OR_RETURN(other_dept, tx.departments().Insert(Department{
                                     .code = "gongan", .name = "市公安局", .place_code = "530381"}));
    return Status::Ok();
  }));
  EXPECT_NE(other_dept, dept);
  auto tx = R();
  ASSERT_TRUE(tx);
  auto u = tx->users().GetByName("zhang.wei");
  ASSERT_TRUE(u.ok()) << u.status().ToString();
  EXPECT_EQ(u->id, uid);
  EXPECT_EQ(u->display_name, "张伟");
  EXPECT_EQ(u->role, "grid_worker");
  EXPECT_EQ(u->place_code, kG1);
  EXPECT_EQ(u->department_id, std::optional<int64_t>(dept));
  EXPECT_FALSE(u->person_id.has_value());
  EXPECT_TRUE(u->must_change_password);
  EXPECT_FALSE(u->disabled);
  EXPECT_FALSE(u->created_at.empty());
  EXPECT_EQ(*tx->users().PasswordHash(uid), "$argon2id$fake");
  EXPECT_EQ(tx->users().Get(uid)->username, "zhang.wei");
  EXPECT_EQ(tx->users().GetByName("nobody").status().code(), StatusCode::kNotFound);
  auto d = tx->departments().Get(dept);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->code, "gongan");
  EXPECT_EQ(d->name, "县公安局");
  EXPECT_EQ(d->place_code, kCounty);
  auto list = tx->users().List(kT1, {.after = "", .limit = 10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_TRUE(tx->users().List(kT2, {.after = "", .limit = 10})->items.empty());
  tx.reset();
  ASSERT_OK(W([&](Tx& w) { return w.users().SetPassword(uid, "$argon2id$new", false); }));
  tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(*tx->users().PasswordHash(uid), "$argon2id$new");
  EXPECT_FALSE(tx->users().Get(uid)->must_change_password);
}

TEST_P(StorageContractTest, Sessions) {
  int64_t a = 0, b = 0;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(
        a, tx.users().Insert(User{.username = "alice", .display_name = "A", .role = "system_admin"}, "h"));
    ASSIGN_OR_RETURN(
        b, tx.users().Insert(User{.username = "bob", .display_name = "B", .role = "system_admin"}, "h"));
    RETURN_IF_ERROR(tx.users().InsertSession(Session{"tokA1", a, 1000, 2000}));
    RETURN_IF_ERROR(tx.users().InsertSession(Session{"tokA2", a, 1001, 2001}));
    return tx.users().InsertSession(Session{"tokB1", b, 1002, 2002});
  }));
  EXPECT_CODE(W([&](Tx& tx) {
                return tx.users().InsertSession(Session{"tokA1", b, 1, 2});
              }),
              StatusCode::kConflict);
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    auto s = tx->users().GetSession("tokA2");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->token_hash, "tokA2");
    EXPECT_EQ(s->user_id, a);
    EXPECT_EQ(s->created_at, 1001);
    EXPECT_EQ(s->expires_at, 2001);
    EXPECT_EQ(tx->users().GetSession("nope").status().code(), StatusCode::kNotFound);
  }
  ASSERT_OK(W([&](Tx& tx) { return tx.users().DeleteSession("tokA2"); }));
  {
    auto tx = R();
    ASSERT_TRUE(tx);
    EXPECT_EQ(tx->users().GetSession("tokA2").status().code(), StatusCode::kNotFound);
    EXPECT_TRUE(tx->users().GetSession("tokA1").ok());
  }
  ASSERT_OK(W([&](Tx& tx) { return tx.users().DeleteSessionsOf(a); }));
  auto tx = R();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->users().GetSession("tokA1").status().code(), StatusCode::kNotFound);
  auto bs = tx->users().GetSession("tokB1");
  ASSERT_TRUE(bs.ok());
  EXPECT_EQ(bs->user_id, b);
}

TEST_P(StorageContractTest, NotificationRecipientsByDepartmentAndPlace) {
  int64_t dept = 0, other_dept = 0;
  std::map<std::string, int64_t> uid;
  ASSERT_OK(W([&](Tx& tx) {
    ASSIGN_OR_RETURN(dept,
                     tx.departments().Insert({.code = "zhujian", .name = "县住建局", .place_code = kCounty}));
    ASSIGN_OR_RETURN(other_dept,
                     tx.departments().Insert({.code = "gongan", .name = "县公安局", .place_code = kCounty}));
    auto add = [&](const std::string& name, const std::string& role, const std::string& place,
                   std::optional<int64_t> d, bool disabled) -> Status {
      User u{.username = name,
             .display_name = name,
             .role = role,
             .place_code = place,
             .department_id = d,
             .disabled = disabled};
      ASSIGN_OR_RETURN(uid[name], tx.users().Insert(u, "h"));
      return Status::Ok();
    };
    RETURN_IF_ERROR(add("d1", "dept_handler", kCounty, dept, false));
    RETURN_IF_ERROR(add("d2", "dept_handler", kCounty, dept, false));
    RETURN_IF_ERROR(add("d3", "dept_handler", kCounty, dept, true));
    RETURN_IF_ERROR(add("g1", "dept_handler", kCounty, other_dept, false));
    RETURN_IF_ERROR(add("t1", "township_command", kT1, std::nullopt, false));
    RETURN_IF_ERROR(add("t2", "township_command", kT1, std::nullopt, true));
    RETURN_IF_ERROR(add("t3", "grid_worker", kT1, std::nullopt, false));
    RETURN_IF_ERROR(add("t4", "township_command", kT2, std::nullopt, false));
    return add("v1", "township_command", kV1, std::nullopt, false);  // below the township: not "at" it
  }));
  auto tx = R();
  ASSERT_TRUE(tx);
  auto names = [](const Result<std::vector<User>>& r) {
    std::vector<std::string> out;
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    if (r.ok())
      for (auto& u : *r) out.push_back(u.username);
    return out;
  };
  EXPECT_THAT(names(tx->users().UsersOfDepartment(dept)), ElementsAre("d1", "d2"));
  EXPECT_THAT(names(tx->users().UsersOfDepartment(other_dept)), ElementsAre("g1"));
  EXPECT_THAT(names(tx->users().UsersOfDepartment(other_dept + 100)), IsEmpty());
  EXPECT_THAT(names(tx->users().UsersAt(kT1, "township_command")), ElementsAre("t1"));
  EXPECT_THAT(names(tx->users().UsersAt(kT1, "grid_worker")), ElementsAre("t3"));
  EXPECT_THAT(names(tx->users().UsersAt(kG1, "grid_worker")), IsEmpty());
}

}  // namespace
}  // namespace wangge::storage::testing
