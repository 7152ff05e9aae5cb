// A county for the service tests, on a real SQLite database in a temporary data directory: 会泽县 with one
// township (古城街道), a community and a village of two grids each, two departments, and a user of every role
// (command centres, 12345, secretaries, grid workers, department handlers, residents, mediators); a test
// clock drives the order service.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/indicators.hpp"
#include "service/app.hpp"
#include "storage/departments_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service::testing {

namespace fs = std::filesystem;

inline constexpr int64_t kStart = 1767229200;  // 2026-01-01 09:00 China time

inline std::string Rect(double lon0, double lat0, double lon1, double lat1) {
  char buf[256];
  std::snprintf(
      buf, sizeof buf,
      R"({"type":"Polygon","coordinates":[[[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f],[%.6f,%.6f]]]})",
      lon0, lat0, lon1, lat0, lon1, lat1, lon0, lat1, lon0, lat0);
  return buf;
}

inline std::string Diff(const order::Metrics& a, const order::Metrics& b) {
  std::string out;
  for (int i = 0; i < order::kMetricCount; ++i)
    if (a[i] != b[i])
      out += std::string(order::MetricName(i)) + " " + std::to_string(a[i]) + " vs " + std::to_string(b[i]) +
             "; ";
  return out;
}

class ServiceCountyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("wangge-service-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    AppConfig cfg;
    cfg.data_dir = dir_.string();
    ASSERT_TRUE(App::Init(cfg).ok());
    auto app = App::Open(cfg);
    ASSERT_TRUE(app.ok()) << app.status().en();
    app_ = std::move(*app);
    app_->orders.SetClock([this] { return now_; });
    Ctx sys;
    sys.who = SystemPrincipal();
    auto place = [&](std::string code, std::string name, std::string parent, std::string kind,
                     std::string boundary) {
      Place p;
      p.code = code;
      p.name = name;
      p.parent_code = parent;
      p.kind = kind;
      p.boundary = boundary;
      auto r = app_->places.Create(sys, p);
      ASSERT_TRUE(r.ok()) << code << " " << r.status().en();
    };
    place("53", "云南省", "", "", "");
    place("5303", "曲靖市", "53", "", "");
    place("530326", "会泽县", "5303", "", "");
    place("530326101", "古城街道", "530326", "", Rect(103.0, 26.0, 103.2, 26.2));
    place("530326101001", "甲社区", "530326101", "community", Rect(103.0, 26.0, 103.1, 26.2));
    place("530326101201", "乙村", "530326101", "village", Rect(103.1, 26.0, 103.2, 26.2));
    for (int g = 1; g <= 2; ++g) {
      const double lat0 = 26.0 + (g - 1) * 0.1;
      place("530326101001" + std::string("00") + std::to_string(g), "甲社区" + std::to_string(g) + "网格",
            "530326101001", "comprehensive", Rect(103.0, lat0, 103.1, lat0 + 0.1));
      place("530326101201" + std::string("00") + std::to_string(g), "乙村" + std::to_string(g) + "网格",
            "530326101201", "comprehensive", Rect(103.1, lat0, 103.2, lat0 + 0.1));
    }
    grids_ = {"530326101001001", "530326101001002", "530326101201001", "530326101201002"};
    ASSERT_TRUE(
        app_->db()
            .Write([&](storage::Tx& tx) -> Status {
              for (const char* code : {"chengguan", "gongan"}) {
                Department d;
                d.code = code;
                d.name = std::string(code) == "gongan" ? "县公安局" : "县城管局";
                d.place_code = "530326";
                ASSIGN_OR_RETURN(int64_t id, tx.departments().Insert(d));
                depts_.push_back(id);
              }
              auto user = [&](std::string name, Role role, std::string scope,
                              std::optional<int64_t> dept) -> Result<Principal> {
                User u;
                u.username = name;
                u.display_name = name;
                u.role = std::string(RoleName(role));
                u.place_code = scope;
                u.department_id = dept;
                ASSIGN_OR_RETURN(int64_t id, tx.users().Insert(u, "x"));
                Principal p;
                p.user_id = id;
                p.username = name;
                p.display_name = name;
                p.role = role;
                p.scope = scope;
                p.department_id = dept;
                return p;
              };
              ASSIGN_OR_RETURN(county_, user("county", Role::kCountyCommand, "530326", std::nullopt));
              ASSIGN_OR_RETURN(township_,
                               user("township", Role::kTownshipOfficial, "530326101", std::nullopt));
              ASSIGN_OR_RETURN(hotline_, user("hotline", Role::kHotlineOperator, "530326", std::nullopt));
              for (const std::string& v : {"530326101001", "530326101201"}) {
                ASSIGN_OR_RETURN(Principal p, user("sec" + v, Role::kCommunitySecretary, v, std::nullopt));
                secretaries_.push_back(p);
              }
              for (const std::string& g : grids_) {
                ASSIGN_OR_RETURN(Principal p, user("gw" + g, Role::kGridWorker, g, std::nullopt));
                grid_workers_.push_back(p);
              }
              for (int64_t d : depts_) {
                ASSIGN_OR_RETURN(Principal p,
                                 user("dept" + std::to_string(d), Role::kDepartmentHandler, "530326", d));
                handlers_.push_back(p);
              }
              for (int i = 0; i < 3; ++i) {
                ASSIGN_OR_RETURN(Principal p, user("resident" + std::to_string(i), Role::kResident, "530326",
                                                   std::nullopt));
                residents_.push_back(p);
              }
              // 人民调解员 of the two village committees and of the township's.
              for (const std::string& v : {"530326101001", "530326101201", "530326101"}) {
                ASSIGN_OR_RETURN(Principal p, user("med" + v, Role::kMediator, v, std::nullopt));
                mediators_.push_back(p);
              }
              // 信访干部 of the county's and the township's petition desks.
              ASSIGN_OR_RETURN(petition_, user("petition", Role::kPetitionOfficer, "530326", std::nullopt));
              ASSIGN_OR_RETURN(petition_tw_,
                               user("petition_tw", Role::kPetitionOfficer, "530326101", std::nullopt));
              return Status::Ok();
            })
            .ok());
  }
  void TearDown() override {
    app_.reset();
    fs::remove_all(dir_);
  }
  Ctx As(const Principal& p) {
    Ctx c;
    c.who = p;
    c.request_id = "test";
    return c;
  }
  std::vector<Principal> Everyone() {
    std::vector<Principal> all = {county_, township_, hotline_};
    for (auto* v : {&secretaries_, &grid_workers_, &handlers_, &residents_})
      all.insert(all.end(), v->begin(), v->end());
    return all;
  }

  fs::path dir_;
  std::unique_ptr<App> app_;
  int64_t now_ = kStart;
  std::vector<std::string> grids_;
  std::vector<int64_t> depts_;
  Principal county_, township_, hotline_, petition_, petition_tw_;
  std::vector<Principal> secretaries_, grid_workers_, handlers_, residents_, mediators_;
};

}  // namespace wangge::service::testing
