// 双报到 (MISSION 20): 机关、企事业单位党组织 register with a community (报到单位) and pledge resources;
// in-service party members register with the community they live in (linked to their person record and
// employer), are placed in a grid by the community, claim its posts (岗位) and report the hours they served,
// which the community confirms into the 时间银行; every quarter the community sends each employer its
// members' service record (the report, its export and the printed 服务卡). docs/dual.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "service/context.hpp"
#include "storage/database.hpp"
#include "storage/dual_repo.hpp"

namespace wangge::service {

struct UnitInput {
  std::string community;  // on registration
  std::string name;
  std::string kind;
  std::string party_org;
  std::string liaison_name;
  std::string office_phone;
  std::vector<std::string> resources;
  std::string pledge;
  int64_t version = 0;  // on an edit
};

struct UnitView {
  storage::DualUnit unit;
  std::string community_name;
  int64_t members = 0;  // active members employed by it
};

struct DualMemberView {
  storage::DualMember member;
  std::string community_name;
  std::string grid_name;
  int posts = 0;        // held now
  int64_t minutes = 0;  // confirmed, all time
};

struct GridName {
  std::string code;
  std::string name;
};

struct MembersView {
  std::string community;
  std::string community_name;
  std::vector<GridName> grids;
  std::vector<DualMemberView> items;
};

struct MemberInput {
  std::optional<int64_t> person_id;  // nullopt: the caller themself
  int64_t unit_id = 0;
  std::string employer_name;
};

struct PostInput {
  std::string community;
  std::string grid_code;
  std::string title;
  std::string description;
  int slots = 1;
  std::string status = "open";
  int64_t version = 0;
};

struct Claimant {
  int64_t member_id = 0;
  std::string name;
  int64_t claimed_at = 0;
};

struct PostView {
  storage::DualPost post;
  std::string grid_name;
  bool mine = false;
  std::vector<Claimant> claimants;  // staff only
};

struct LogInput {
  int64_t post_id = 0;
  std::string served_on;
  int64_t minutes = 0;
  std::string note;
};

struct LogView {
  storage::DualLog log;
  std::string name;
  std::string post_title;
};

struct ReportMember {
  int64_t member_id = 0;
  int64_t person_id = 0;
  std::string name;
  std::string grid_name;
  int64_t registered_at = 0;
  std::vector<std::string> posts;
  int logs = 0;               // confirmed logs served in the quarter
  int64_t minutes_posts = 0;  // their minutes
  int64_t minutes_other = 0;  // other service hours credited in the quarter (activities, orders …)
  int orders = 0;             // service orders, wishes and errands among them
  int64_t minutes() const { return minutes_posts + minutes_other; }
};

struct ReportEmployer {
  int64_t unit_id = 0;
  std::string employer_name;
  std::vector<ReportMember> members;
  int64_t minutes = 0;
};

struct DualReport {
  std::string community;
  std::string community_name;
  std::string quarter;  // YYYY-Qn
  std::string from;
  std::string to;
  std::string issued_on;
  std::vector<ReportEmployer> employers;
};

class DualService {
 public:
  explicit DualService(storage::Database* db) : db_(db) {}

  // Staff (service.manage) in scope; members (service.provide) in their county, for the employer picker.
  Result<std::vector<UnitView>> Units(const Ctx& ctx, const std::string& scope, const std::string& status);
  Result<UnitView> RegisterUnit(const Ctx& ctx, UnitInput in);
  Result<UnitView> UpdateUnit(const Ctx& ctx, int64_t id, UnitInput in);
  Result<UnitView> WithdrawUnit(const Ctx& ctx, int64_t id, int64_t version);

  Result<MembersView> Members(const Ctx& ctx, const std::string& community, const std::string& status);
  Result<DualMemberView> Mine(const Ctx& ctx);
  // A party member for themself (party_member with a person record), or staff for a person of their scope
  // whose 政治面貌 is 党员; with the community the person lives in. kConflict when registered already.
  Result<DualMemberView> Register(const Ctx& ctx, MemberInput in);
  Result<DualMemberView> PlaceInGrid(const Ctx& ctx, int64_t id, const std::string& grid_code,
                                     int64_t version);
  // 转出: the member or staff; the posts held are released.
  Result<DualMemberView> Leave(const Ctx& ctx, int64_t id, int64_t version);

  Result<std::vector<PostView>> Posts(const Ctx& ctx, const std::string& community);
  Result<PostView> CreatePost(const Ctx& ctx, PostInput in);
  Result<PostView> UpdatePost(const Ctx& ctx, int64_t id, PostInput in);
  Result<PostView> Claim(const Ctx& ctx, int64_t id);
  Result<PostView> Release(const Ctx& ctx, int64_t id);

  Result<LogView> AddLog(const Ctx& ctx, LogInput in);
  // Staff: a community's logs; mine: the caller's own.
  Result<std::vector<LogView>> Logs(const Ctx& ctx, const std::string& community, const std::string& status,
                                    bool mine);
  // Confirmed: the hours go to the member's 时间银行 once; rejected: with the reason.
  Result<LogView> Decide(const Ctx& ctx, int64_t id, bool confirm, int64_t version,
                         const std::string& reason);

  // The quarter's service record of the community's members by employer (quarter "YYYY-Qn"; unit 0 = all).
  Result<DualReport> Report(const Ctx& ctx, const std::string& community, const std::string& quarter,
                            int64_t unit_id);

 private:
  storage::Database* db_;
};

// The report as a spreadsheet: one row per member (单位, 姓名, 网格, 岗位, 服务次数, hours by source).
Result<std::string> DualReportXlsx(const DualReport& r);

std::string_view UnitKindNameZh(std::string_view kind);      // 机关 | 事业单位 | 企业 | 其他
std::string_view ResourceNameZh(std::string_view resource);  // 活动场地 | 资金支持 | …

}  // namespace wangge::service
