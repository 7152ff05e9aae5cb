#include "cli/demo/rolls.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "cli/demo/internal.hpp"
#include "core/calendar.hpp"
#include "core/dates.hpp"
#include "core/ledger.hpp"
#include "core/roll.hpp"
#include "service/roll_service.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/rolls_repo.hpp"

namespace wangge::cli {
namespace {

constexpr uint64_t kStream = 0x726f6c6c73313233ULL;  // "rolls123"
constexpr int64_t kDay = 86400;
constexpr int64_t kHour = 3600;

// What happened, in words, per item of the template (by side and seq).
const char* const kRedEvidence[] = {
    "常年照顾瘫痪在床的婆婆，端水喂饭从不间断，邻里有目共睹",
    "主动帮助同组独居老人挑水、代购药品，雨季帮忙疏通排水沟",
    "儿子婚事新办，不收高额彩礼，只请了至亲吃便饭",
    "庭院干净整洁，垃圾分类投放，带动左邻右舍清理房前屋后",
    "发展肉牛养殖，带动本组 6 户群众入股增收",
    "主动调解两户邻居的宅基地纠纷，双方握手言和",
    "连续参加村里的义务植树、防火巡山和疫苗接种引导",
    "参加平安巡逻，提供的线索帮助派出所破获一起盗牛案",
    "两个孩子先后考上大学，家里重视读书，家风淳朴",
};
const char* const kBlackEvidence[] = {
    "拒不赡养八十岁老母亲，经村调委会两次调解仍不改正",
    "因排水问题多次辱骂邻居，堵塞公共通道，经劝导仍不改",
    "为儿子办婚宴摆酒四十余桌，索要彩礼二十万元",
    "长期在公路边乱倒建筑垃圾和生活垃圾，屡劝不改",
    "有劳动能力却长期不务农不务工，拒绝参加公益岗位",
    "未经审批在耕地上私建房屋，经执法部门查实",
    "在家中聚众赌博，被派出所查处",
    "多次到乡政府缠访闹访，扰乱办公秩序",
    "故意损坏村里新装的路灯和健身器材",
};

struct Village {
  std::string code;
  std::vector<storage::RollCriterion> red, black;
  std::vector<Person> people;  // placed in a grid
  std::vector<size_t> models;  // people of two model households
};

int PeriodOfMonthsAgo(int64_t now, int k) {
  const int p = ledger::PeriodOfUnix(now);
  int y = p / 100, m = p % 100 - k;
  while (m <= 0) {
    m += 12;
    --y;
  }
  return y * 100 + m;
}

// 10:00 China time on a day of a period.
int64_t DayOf(int period, int day) {
  return cal::DayStart(static_cast<int32_t>(DaysFromCivil(period / 100, period % 100, day))) + 10 * kHour;
}

}  // namespace

Result<DemoRollsSummary> BuildDemoRolls(storage::Database& db, const DemoRollsOptions& opt) {
  DemoRollsSummary sum;
  demo_detail::Rng rng(opt.seed ^ kStream);
  const int64_t secretary = opt.secretary;
  const int64_t nominator = opt.nominator ? opt.nominator : opt.secretary;
  for (const std::string& code : opt.villages) {
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      Village v;
      v.code = code;
      // The county's template, adopted a little over a year ago.
      ASSIGN_OR_RETURN(auto adopted,
                       service::RollService::AdoptTemplate(tx, code, secretary, opt.now - 400 * kDay));
      for (auto& c : adopted) (c.side == "red" ? v.red : v.black).push_back(std::move(c));
      storage::PersonQuery q;
      q.scope = code;
      q.page.limit = 500;
      for (int i = 0; i < 6; ++i) {
        ASSIGN_OR_RETURN(auto got, tx.people().Search(q));
        for (Person& p : got.items)
          if (p.place_code.size() >= 15 && p.household_id) v.people.push_back(std::move(p));
        if (got.next.empty()) break;
        q.page.after = got.next;
      }
      if (v.people.size() < 10) return Status::Ok();
      // Two model households: every person of them.
      std::set<int64_t> model_households;
      while (model_households.size() < 2) model_households.insert(*rng.Pick(v.people).household_id);
      for (size_t i = 0; i < v.people.size(); ++i)
        if (model_households.contains(*v.people[i].household_id)) v.models.push_back(i);
      std::map<int64_t, std::set<int>> model_items;  // household → red seqs used
      std::map<int64_t, int64_t> black_until;        // person → end of their black listing

      // One entry, nominated at `at` for `period`, reviewed and (unless rejected) put in its notice.
      auto nominate = [&](const Person& p, const std::string& side, int period, int64_t at,
                          std::vector<int> seqs) -> Result<storage::RollEntry> {
        storage::RollEntry e;
        e.place_code = p.place_code;
        e.period = period;
        e.side = side;
        e.subject = rng.Chance(0.4) ? "household" : "person";
        e.person_id = p.id;
        e.household_id = *p.household_id;
        const auto& list = side == "red" ? v.red : v.black;
        for (int s : seqs) e.criteria.push_back(list[static_cast<size_t>(s - 1)].id);
        e.evidence = (side == "red" ? kRedEvidence : kBlackEvidence)[seqs[0] - 1];
        e.nominated_by = nominator;
        e.nominated_at = at;
        RETURN_IF_ERROR(tx.rolls().InsertEntry(&e));
        ++sum.entries;
        return e;
      };
      auto review = [&](storage::RollEntry& e, int64_t at, bool reject) -> Status {
        const std::string met = cal::IsoFromDay(static_cast<int32_t>(ChinaDay(at)));
        e.party = {1, "同意提名", met, secretary, at};
        e.village = {reject ? 0 : 1, reject ? "事实依据不足，请补充材料后再提名" : "同意", met, secretary,
                     at + kHour};
        if (reject) {
          e.status = "rejected";
          e.closed_reason = "村民委员会未通过：" + e.village.opinion;
          e.closed_by = secretary;
          e.closed_at = at + kHour;
        } else {
          e.status = "notice";
          e.notice_from = at + kHour;
          e.notice_until = e.notice_from + roll::NoticeSeconds(*roll::SideFromName(e.side));
        }
        return tx.rolls().UpdateEntry(&e);
      };
      auto object = [&](storage::RollEntry& e, int64_t at, const char* reason, int decide) -> Status {
        storage::RollObjection o;
        o.entry_id = e.id;
        o.reason = reason;
        o.raised_by = 0;
        o.raised_at = at;
        RETURN_IF_ERROR(tx.rolls().InsertObjection(&o));
        if (decide == 0) return Status::Ok();
        o.status = decide > 0 ? "upheld" : "dismissed";
        o.note = decide > 0 ? "经核实情况属实，撤销提名" : "经两委核实，异议不成立";
        o.decided_by = secretary;
        o.decided_at = at + kDay;
        RETURN_IF_ERROR(tx.rolls().DecideObjection(&o));
        if (decide > 0) {
          e.status = "withdrawn";
          e.closed_reason = "异议成立：" + o.note;
          e.closed_by = secretary;
          e.closed_at = o.decided_at;
          RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
        }
        return Status::Ok();
      };
      auto red_seqs = [&](int64_t household, bool model) {
        std::vector<int> seqs;
        const int n = model ? 1 : rng.Int(1, 2);
        auto& used = model_items[household];
        for (int k = 0; k < 12 && static_cast<int>(seqs.size()) < n; ++k) {
          const int s = rng.Int(1, static_cast<int>(v.red.size()));
          if (model && used.contains(s) && used.size() < v.red.size()) continue;
          if (std::find(seqs.begin(), seqs.end(), s) == seqs.end()) seqs.push_back(s);
        }
        if (seqs.empty()) seqs.push_back(rng.Int(1, static_cast<int>(v.red.size())));  // every draw was used
        if (model) used.insert(seqs.begin(), seqs.end());
        return seqs;
      };

      // The past twelve months, each published.
      for (int k = 12; k >= 1; --k) {
        const int period = PeriodOfMonthsAgo(opt.now, k);
        const int64_t published_at = DayOf(period, rng.Int(22, 26)) + 5 * kHour;
        if (published_at >= opt.now) continue;
        std::vector<storage::RollEntry> ready;
        std::set<int64_t> named;
        auto add = [&](const Person& p, const std::string& side, std::vector<int> seqs,
                       bool may_fail) -> Status {
          if (!named.insert(p.id).second) return Status::Ok();
          if (side == "red" && black_until[p.id] > published_at) return Status::Ok();
          const int64_t at = DayOf(period, rng.Int(2, 8)) + rng.Int(0, 6) * kHour;
          ASSIGN_OR_RETURN(auto e, nominate(p, side, period, at, std::move(seqs)));
          const bool reject = may_fail && rng.Chance(0.07);
          RETURN_IF_ERROR(review(e, at + rng.Int(1, 3) * kDay, reject));
          if (reject) return Status::Ok();
          if (may_fail && rng.Chance(0.1)) {
            const bool upheld = rng.Chance(0.3);
            RETURN_IF_ERROR(object(e, e.notice_from + kDay,
                                   upheld ? "反映情况与事实不符，该户本人并未参与" : "认为评选过程不够公开",
                                   upheld ? 1 : -1));
            if (upheld) return Status::Ok();
          }
          ready.push_back(std::move(e));
          return Status::Ok();
        };
        if (!v.models.empty() && rng.Chance(0.75)) {
          const Person& p = v.people[rng.Pick(v.models)];
          RETURN_IF_ERROR(add(p, "red", red_seqs(*p.household_id, true), false));
        }
        for (int n = rng.Int(2, 3); n > 0; --n) {
          const Person& p = rng.Pick(v.people);
          RETURN_IF_ERROR(add(p, "red", red_seqs(*p.household_id, false), true));
        }
        if (opt.resident_person && k == 2)
          for (const Person& p : v.people)
            if (p.id == opt.resident_person) RETURN_IF_ERROR(add(p, "red", {2}, false));
        if (rng.Chance(0.12)) {
          const Person& p = rng.Pick(v.people);
          if (std::find(v.models.begin(), v.models.end(), static_cast<size_t>(&p - v.people.data())) ==
              v.models.end())
            RETURN_IF_ERROR(add(p, "black", {rng.Int(1, static_cast<int>(v.black.size()))}, true));
        }
        if (ready.empty()) continue;
        storage::RollPublication pub;
        pub.place_code = code;
        pub.period = period;
        pub.published_at = published_at;
        pub.published_by = secretary;
        RETURN_IF_ERROR(tx.rolls().InsertPublication(&pub));
        ++sum.publications;
        ASSIGN_OR_RETURN(const int stars,
                         service::RollService::ListEntries(tx, code, pub, &ready, secretary, published_at));
        sum.star_households += stars;
        for (auto& e : ready) {
          (e.side == "red" ? sum.red : sum.black)++;
          if (e.side != "black") continue;
          black_until[e.person_id] = e.listed_until;
          // After listing: some appeal within days (mostly dismissed), some rectify and are lifted early.
          if (rng.Chance(0.2) && e.listed_at + 10 * kDay < opt.now) {
            e.appeal_status = rng.Chance(0.25) ? "upheld" : "dismissed";
            e.appeal_reason = "当时已经整改，情况有误，请求撤销";
            e.appeal_at = e.listed_at + rng.Int(2, 9) * kDay;
            e.appeal_note =
                e.appeal_status == "upheld" ? "经核实已于提名前整改，撤销上榜" : "经核实事实清楚，维持上榜";
            e.appeal_decided_by = secretary;
            e.appeal_decided_at = e.appeal_at + 2 * kDay;
            if (e.appeal_status == "upheld") {
              e.status = "revoked";
              e.closed_reason = "申诉成立：" + e.appeal_note;
              e.closed_by = secretary;
              e.closed_at = e.appeal_decided_at;
            }
            RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
          } else if (rng.Chance(0.35) && e.listed_at + 75 * kDay < opt.now) {
            e.status = "removed";
            e.closed_reason = "已整改到位，经两委研究提前移出";
            e.closed_by = secretary;
            e.closed_at = e.listed_at + rng.Int(60, 75) * kDay;
            RETURN_IF_ERROR(tx.rolls().UpdateEntry(&e));
          }
        }
      }

      // This month, open: one ready to publish, one in its notice, one awaiting review, and in some
      // villages a black entry in its notice with an objection open.
      std::set<int64_t> taken;
      auto pick = [&]() -> const Person& {
        for (int i = 0; i < 50; ++i) {
          const Person& p = rng.Pick(v.people);
          if (!taken.contains(p.id)) {
            taken.insert(p.id);
            return p;
          }
        }
        return v.people.front();
      };
      auto open = [&](const std::string& side, int64_t nominated_ago,
                      int64_t reviewed_ago) -> Result<storage::RollEntry> {
        const int64_t at = opt.now - nominated_ago;
        for (int attempt = 0; attempt < 40; ++attempt) {
          const Person& p = pick();
          const bool model = side == "red" && rng.Chance(0.3) && !v.models.empty();
          const Person& who = model ? v.people[rng.Pick(v.models)] : p;
          if (side == "red" && black_until[who.id] > at) continue;
          std::vector<int> seqs = side == "red"
                                      ? red_seqs(*who.household_id, model)
                                      : std::vector<int>{rng.Int(1, static_cast<int>(v.black.size()))};
          // not one who holds that side and month already (listed last month): a failed insert would end
          // the transaction on PostgreSQL
          storage::RollEntryFilter f;
          f.scope = code;
          f.person_id = who.id;
          f.side = side;
          f.period = ledger::PeriodOfUnix(at);
          ASSIGN_OR_RETURN(auto held, tx.rolls().Entries(f));
          if (std::any_of(held.begin(), held.end(), [](const storage::RollEntry& x) {
                return roll::IsOpen(*roll::StateFromName(x.status));
              }))
            continue;
          ASSIGN_OR_RETURN(auto e, nominate(who, side, f.period, at, seqs));
          if (reviewed_ago > 0) RETURN_IF_ERROR(review(e, opt.now - reviewed_ago, false));
          return e;
        }
        return Internal("demo: nobody left to nominate in " + code);
      };
      RETURN_IF_ERROR(open("red", 9 * kDay, 8 * kDay).status());  // notice over: ready
      RETURN_IF_ERROR(open("red", 3 * kDay, 2 * kDay).status());  // in its notice
      RETURN_IF_ERROR(open("red", 20 * kHour, 0).status());       // awaiting review
      if (rng.Chance(0.5)) {
        ASSIGN_OR_RETURN(auto b, open("black", 2 * kDay, kDay));
        if (rng.Chance(0.5))
          RETURN_IF_ERROR(object(b, opt.now - 6 * kHour, "该户近期已经把垃圾清理干净了", 0));
      }
      return Status::Ok();
    }));
  }
  return sum;
}

}  // namespace wangge::cli
