#include "cli/demo/dual.hpp"

#include <algorithm>
#include <map>

#include "cli/demo/internal.hpp"
#include "core/calendar.hpp"
#include "core/dates.hpp"
#include "service/ledger_service.hpp"
#include "storage/dual_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::cli {
namespace {

constexpr uint64_t kStream = 0x6475616c72657031ULL;  // "dualrep1"
constexpr int64_t kDay = 86400;

struct UnitSeed {
  const char* name;
  const char* kind;
  const char* party_org;
};

// County units that register with the communities of their staff (会泽's 机关、事业单位 and companies).
const UnitSeed kUnits[] = {
    {"县财政局", "organ", "县财政局机关党支部"},
    {"县教育体育局", "organ", "县教育体育局机关党委"},
    {"县人民医院", "institution", "县人民医院党委"},
    {"县税务局", "organ", "县税务局机关党委"},
    {"县自然资源局", "organ", "县自然资源局机关党支部"},
    {"县农业农村局", "organ", "县农业农村局机关党委"},
    {"县人力资源和社会保障局", "organ", "县人社局机关党支部"},
    {"县住房和城乡建设局", "organ", "县住建局机关党支部"},
    {"县第一中学", "institution", "县第一中学党总支"},
    {"县供电局", "enterprise", "县供电局党委"},
    {"县农村信用合作联社", "enterprise", "县农村信用合作联社党委"},
    {"县市场监督管理局", "organ", "县市场监管局机关党支部"},
};
const char* const kOtherEmployers[] = {"县公安局", "县融媒体中心", "县城投公司", "县中医医院"};
const char* const kResources[] = {"venue", "funds", "volunteers", "expertise", "supplies"};
const char* const kPledges[] = {"每季度组织党员志愿者开展一次政策宣讲和便民服务",
                                "开放单位会议室作为社区议事场所", "结对帮扶辖区困难家庭，节日走访慰问",
                                "派出专业技术人员参与社区义诊、法律咨询", "捐赠社区图书角图书和学习用品"};

struct PostSeed {
  const char* title;
  const char* description;
  int slots;
  bool grid;  // of one grid
};
const PostSeed kPosts[] = {
    {"楼栋文明劝导员", "周末在楼栋、小区劝导乱停车、乱堆放", 3, true},
    {"矛盾纠纷调解志愿者", "参与网格内邻里纠纷的调解和回访", 2, false},
    {"政策宣讲员", "在院坝会、党员活动日宣讲惠民政策", 2, false},
    {"关爱留守儿童辅导员", "每月两次为留守儿童辅导作业、开展安全教育", 2, false},
    {"环境卫生监督员", "每周巡查网格环境卫生，发现问题随手拍上报", 3, true},
};
const char* const kNotes[] = {"劝导乱停车 5 处",  "参与调解邻里纠纷一起", "入户宣讲医保政策",
                              "辅导留守儿童作业", "清理楼道杂物",         "走访独居老人"};

int AgeOn(const std::string& birth, int64_t now) {
  if (birth.size() < 10) return 0;
  const std::string today = cal::IsoFromDay(static_cast<int32_t>(ChinaDay(now)));
  int age = std::stoi(today.substr(0, 4)) - std::stoi(birth.substr(0, 4));
  if (today.substr(5) < birth.substr(5, 5)) --age;
  return age;
}

}  // namespace

Result<DemoDualSummary> BuildDemoDual(storage::Database& db, const DemoDualOptions& opt) {
  DemoDualSummary sum;
  demo_detail::Rng rng(opt.seed ^ kStream);
  const int64_t today = ChinaDay(opt.now);
  const demo_detail::WordTable surnames(demo_detail::Surnames());
  for (const std::string& village : opt.villages) {
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      // 报到单位: two or three, distinct.
      std::vector<storage::DualUnit> units;
      const int nu = rng.Int(2, 3);
      std::vector<size_t> order(std::size(kUnits));
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      for (size_t i = order.size() - 1; i > 0; --i)
        std::swap(order[i], order[static_cast<size_t>(rng.Int(0, static_cast<int>(i)))]);
      for (int k = 0; k < nu; ++k) {
        const UnitSeed& s = kUnits[order[static_cast<size_t>(k)]];
        storage::DualUnit u;
        u.place_code = village;
        u.name = s.name;
        u.kind = s.kind;
        u.party_org = s.party_org;
        u.liaison_name = std::string(surnames.Pick(rng)) + (rng.Chance(0.5) ? "伟" : "丽");
        u.office_phone = "0874-5" + std::to_string(rng.Int(100000, 999999));
        for (const char* r : kResources)
          if (rng.Chance(0.4)) u.resources += (u.resources.empty() ? "" : ",") + std::string(r);
        if (u.resources.empty()) u.resources = "volunteers";
        u.pledge = kPledges[rng.Int(0, static_cast<int>(std::size(kPledges)) - 1)];
        u.registered_at = opt.now - rng.Int(200, 700) * kDay;
        u.registered_by = opt.confirmer;
        RETURN_IF_ERROR(tx.dual().InsertUnit(&u));
        units.push_back(u);
        ++sum.units;
      }
      // 岗位
      std::vector<std::string> grids;
      storage::PageRequest gp;
      gp.limit = 200;
      ASSIGN_OR_RETURN(auto children, tx.places().Children(village, false, gp));
      for (const Place& g : children.items) grids.push_back(g.code);
      if (grids.empty()) return Status::Ok();
      std::vector<storage::DualPost> posts;
      const int np = rng.Int(3, 4);
      for (int k = 0; k < np; ++k) {
        const PostSeed& s =
            kPosts[(static_cast<size_t>(k) + static_cast<size_t>(rng.Int(0, 4))) % std::size(kPosts)];
        if (std::any_of(posts.begin(), posts.end(), [&](const auto& p) { return p.title == s.title; }))
          continue;
        storage::DualPost p;
        p.place_code = village;
        p.grid_code = s.grid ? rng.Pick(grids) : "";
        p.title = s.title;
        p.description = s.description;
        p.slots = s.slots + (opt.full ? 1 : 0);
        p.created_at = opt.now - rng.Int(300, 400) * kDay;
        p.created_by = opt.confirmer;
        RETURN_IF_ERROR(tx.dual().InsertPost(&p));
        posts.push_back(p);
        ++sum.posts;
      }
      // 在职党员: party members aged 25-55 living there.
      std::vector<Person> candidates;
      storage::PersonQuery q;
      q.scope = village;
      q.page.limit = 500;
      for (int i = 0; i < 40; ++i) {
        ASSIGN_OR_RETURN(auto got, tx.people().Search(q));
        for (Person& p : got.items) {
          const int age = AgeOn(p.birth_date, opt.now);
          if (p.id != opt.skip_person && p.political_status == "中共党员" && age >= 25 && age <= 55 &&
              p.place_code.size() >= 15)
            candidates.push_back(std::move(p));
        }
        if (got.next.empty()) break;
        q.page.after = got.next;
      }
      const size_t want = static_cast<size_t>(opt.full ? rng.Int(8, 12) : rng.Int(4, 6));
      int pending = 0;
      int64_t first_member = 0;
      for (size_t k = 0; k < candidates.size() && k < want; ++k) {
        const Person& p = candidates[k];
        storage::DualMember m;
        m.place_code = village;
        m.person_id = p.id;
        if (rng.Chance(0.8)) {
          const auto& u = rng.Pick(units);
          m.unit_id = u.id;
          m.employer_name = u.name;
        } else {
          m.employer_name = kOtherEmployers[rng.Int(0, static_cast<int>(std::size(kOtherEmployers)) - 1)];
        }
        if (rng.Chance(0.85)) m.grid_code = p.place_code.substr(0, 15);
        const int64_t since_days = rng.Int(60, 360);
        m.registered_at = opt.now - since_days * kDay;
        m.registered_by = opt.confirmer;
        RETURN_IF_ERROR(tx.dual().InsertMember(&m));
        ++sum.members;
        if (!first_member) first_member = m.id;
        // Claims: one or two posts with room.
        std::vector<int64_t> held;
        for (int c = rng.Int(1, 2); c > 0; --c) {
          auto& post = posts[static_cast<size_t>(rng.Int(0, static_cast<int>(posts.size()) - 1))];
          if (std::find(held.begin(), held.end(), post.id) != held.end()) continue;
          ASSIGN_OR_RETURN(auto now_post, tx.dual().GetPost(post.id));
          if (!now_post || now_post->taken >= now_post->slots) continue;
          storage::DualClaim cl;
          cl.post_id = post.id;
          cl.member_id = m.id;
          cl.claimed_at = m.registered_at + rng.Int(1, 10) * kDay;
          RETURN_IF_ERROR(tx.dual().Claim(&cl, now_post->version));
          held.push_back(post.id);
        }
        // Hours every two to five weeks since registering; the last fortnight's pending.
        for (int64_t day = ChinaDay(m.registered_at) + rng.Int(7, 20); day <= today; day += rng.Int(14, 35)) {
          storage::DualLog l;
          l.member_id = m.id;
          l.place_code = village;
          l.post_id = held.empty() || rng.Chance(0.15)
                          ? 0
                          : held[static_cast<size_t>(rng.Int(0, static_cast<int>(held.size()) - 1))];
          l.served_on = cal::IsoFromDay(static_cast<int32_t>(day));
          l.minutes = 30 * rng.Int(2, 8);
          l.note = kNotes[rng.Int(0, static_cast<int>(std::size(kNotes)) - 1)];
          const int64_t reported = cal::DayStart(static_cast<int32_t>(day)) + rng.Int(18, 22) * 3600;
          l.created_at = std::min(reported, opt.now);
          RETURN_IF_ERROR(tx.dual().InsertLog(&l));
          ++sum.logs;
          const int64_t decided = reported + rng.Int(1, 3) * kDay;
          if (today - day < 14 || decided >= opt.now) {  // still pending
            ++pending;
            continue;
          }
          l.decided_by = opt.confirmer;
          l.decided_at = decided;
          if (rng.Chance(0.05)) {
            l.status = "rejected";
            l.reason = "与岗位签到记录不符，请核实后重新登记";
          } else {
            l.status = "confirmed";
            ASSIGN_OR_RETURN(ledger::Entry e, service::LedgerService::CreditService(
                                                  tx, village, m.person_id, l.minutes, "双报到服务",
                                                  "dual:" + std::to_string(l.id),
                                                  "dual:" + std::to_string(l.id), opt.confirmer, decided));
            l.entry_id = e.id;
          }
          RETURN_IF_ERROR(tx.dual().DecideLog(&l));
        }
      }
      if (first_member && pending == 0) {  // the community always has something to confirm
        storage::DualLog l;
        l.member_id = first_member;
        l.place_code = village;
        l.served_on = cal::IsoFromDay(static_cast<int32_t>(today - 1));
        l.minutes = 120;
        l.note = kNotes[0];
        l.created_at = opt.now - 12 * 3600;
        RETURN_IF_ERROR(tx.dual().InsertLog(&l));
        ++sum.logs;
      }
      return Status::Ok();
    }));
  }
  return sum;
}

}  // namespace wangge::cli
