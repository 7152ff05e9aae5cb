#include "cli/demo/errands.hpp"

#include <algorithm>
#include <map>

#include "cli/demo/internal.hpp"
#include "cli/demo/orders.hpp"
#include "core/dates.hpp"
#include "core/order.hpp"
#include "core/roles.hpp"
#include "service/ledger_service.hpp"
#include "service/order_service.hpp"
#include "storage/errands_repo.hpp"
#include "storage/orders_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

using demo_detail::DemoActor;
using order::Action;

constexpr uint64_t kStream = 0x6572726e64733031ULL;  // "errnds01"
constexpr int64_t kHour = 3600, kDay = 86400;

struct Matter {
  const char* code;
  const char* text;
  const char* documents[2];
};
constexpr Matter kMatters[] = {
    {"1601", "帮忙到县医保局办理门诊慢特病报销", {"医保卡", "身份证"}},
    {"1601", "代办城乡居民养老保险资格认证", {"身份证", nullptr}},
    {"1602", "代办老人身份证换领手续", {"户口簿", "身份证"}},
    {"1603", "帮忙递交临时救助申请材料", {"户口簿", "银行卡"}},
    {"1604", "代缴本户电费和新农合费用", {nullptr, nullptr}},
    {"1605", "到镇卫生院帮老人取降压药", {"医保卡", nullptr}},
    {"1606", "帮忙到邮局取包裹", {"身份证", nullptr}},
};
const char* const kNotes[] = {"已办妥，材料全部归还户主", "已代为办理，回执交给老人",
                              "已办结，约定下月再去取药"};
const char* const kAuthorisations[] = {"in_person", "phone", "written"};

struct Played : demo_detail::DemoHistory {
  int64_t household = 0, authoriser = 0, runner_person = 0;
  std::string authorisation;
  std::vector<storage::ErrandDocument> docs;
};

// One errand of a household covered by `runner`, asked at a time of the past year.
void PlayErrand(Played& h, const cal::Calendar& calendar, const std::map<std::string, Category>& cats,
                const DemoActor& runner, const DemoActor& visitor, const Person& authoriser,
                const std::string& grid, int64_t now, demo_detail::Rng& rng) {
  const Matter& m = kMatters[rng.Int(0, static_cast<int>(std::size(kMatters)) - 1)];
  auto cat = cats.find(m.code);
  if (cat == cats.end()) return;
  auto step = [&](Action a, int64_t t, const DemoActor& who, order::Input in = {}) {
    return demo_detail::PlayDemoStep(h, calendar, now, a, t, who, std::move(in), rng, "demo errands");
  };
  order::Order& o = h.o;
  h.cat = &cat->second;
  h.authoriser = authoriser.id;
  h.household = authoriser.household_id.value_or(0);
  h.authorisation = kAuthorisations[rng.Int(0, 2)];
  o.kind = order::Kind::kErrand;
  o.category = m.code;
  o.urgency = 1;
  o.place_code = grid;
  o.title = m.text;
  o.description = m.text;
  o.channel = "register";
  o.reporter_user_id = 0;  // the member who authorised it has no account: the grid worker's 回访 rates it
  o.reporter_name = authoriser.name;
  o.runner_user_id = runner.id;
  const int64_t start = now - 360 * kDay + rng.Int(0, 355) * kDay;
  const int64_t t0 = start - (start + 8 * kHour) % kDay + rng.Int(8, 19) * kHour + rng.Int(0, 3599);
  if (!step(Action::kReport, t0, runner)) return;
  o.command_place = grid.substr(0, 12);
  if (!step(Action::kGrab, t0 + rng.Int(5, 240) * 60, runner)) return;
  int64_t t = h.events.back().at;
  for (const char* d : m.documents) {
    if (!d || rng.Chance(0.3)) continue;
    storage::ErrandDocument doc;
    doc.name = d;
    doc.received_at = t + rng.Int(10, 90) * 60;
    doc.received_by = runner.id;
    h.docs.push_back(doc);
  }
  order::Input fin;
  fin.note = kNotes[rng.Int(0, static_cast<int>(std::size(kNotes)) - 1)];
  fin.minutes = 30 * rng.Int(2, 8);
  const int64_t done = rng.Chance(0.06) ? o.handle_due + rng.Int(1, 24) * kHour : t + rng.Int(3, 72) * kHour;
  int64_t finish = std::max(done, t + kHour);
  for (auto& doc : h.docs) {  // every document back before 办结
    doc.returned_at = std::max(doc.received_at + kHour, done - rng.Int(1, 3) * kHour);
    doc.returned_by = runner.id;
    finish = std::max(finish, doc.returned_at + 10 * 60);
  }
  if (!step(Action::kFinish, finish, runner, fin)) return;
  if (rng.Chance(0.85)) {
    order::Input r;
    const double roll = rng.Real();
    r.rating = roll < 0.9 ? order::kSatisfied : roll < 0.98 ? order::kBasicSatisfied : order::kDissatisfied;
    if (!step(Action::kRate, h.events.back().at + rng.Int(4, 96) * kHour, visitor, r)) return;
    if (r.rating == order::kDissatisfied) {
      order::Input again;
      again.note = "重新代办，已办妥";
      again.minutes = 60;
      if (!step(Action::kFinish, h.events.back().at + rng.Int(4, 48) * kHour, runner, again)) return;
      order::Input r2;
      r2.rating = order::kSatisfied;
      step(Action::kRate, h.events.back().at + rng.Int(2, 48) * kHour, visitor, r2);
    }
  } else {
    step(Action::kAutoClose, o.alarm_at, DemoActor{0, "系统", "system"});
  }
}

}  // namespace

Result<DemoErrandsSummary> BuildDemoErrandRunners(storage::Database& db, const FieldCipher& cipher,
                                                  const DemoErrandsOptions& opt) {
  DemoErrandsSummary sum;
  demo_detail::Rng rng(opt.seed ^ kStream);
  cal::Calendar calendar;
  std::map<std::string, Category> cats;
  {
    ASSIGN_OR_RETURN(auto tx, db.Read());
    ASSIGN_OR_RETURN(calendar, DemoCalendar(*tx));
    ASSIGN_OR_RETURN(std::vector<Category> all, DemoCategories(*tx));
    for (Category& c : all)
      if (c.active && c.parent == "16") cats.emplace(c.code, std::move(c));
  }
  std::map<std::string, DemoActor> workers;  // grid -> its grid worker's account
  for (const User& u : opt.users)
    if (u.role == "grid_worker") workers.emplace(u.place_code, DemoActor{u.id, u.display_name, u.role});
  for (const std::string& village : opt.villages) {
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      // The runners: accounts that provide there and are linked to a person, the demo party member first.
      std::vector<int64_t> runners;
      storage::PageRequest page;
      page.limit = 200;
      for (int i = 0; i < 20; ++i) {
        ASSIGN_OR_RETURN(auto got, tx.users().List(village, page));
        for (const User& u : got.items) {
          const auto role = RoleFromName(u.role);
          if (role && HasPermission(*role, Permission::kServiceProvide) && u.person_id && !u.disabled)
            runners.push_back(u.id);
        }
        if (got.next.empty()) break;
        page.after = got.next;
      }
      std::sort(runners.begin(), runners.end(), [&](int64_t a, int64_t b) {
        return (a == opt.first_user_id) != (b == opt.first_user_id) ? a == opt.first_user_id : a < b;
      });
      // The households, the demo resident's first.
      std::vector<int64_t> households;
      storage::PageRequest hp;
      hp.limit = 500;
      for (int i = 0; i < 20; ++i) {
        ASSIGN_OR_RETURN(auto got, tx.people().Households(village, hp));
        for (const Household& h : got.items)
          if (!h.retired && h.place_code.size() >= 12) households.push_back(h.id);
        if (got.next.empty()) break;
        hp.after = got.next;
      }
      if (auto it = std::find(households.begin(), households.end(), opt.first_household);
          it != households.end())
        std::rotate(households.begin(), it, it + 1);
      size_t next = 0;
      for (int64_t runner : runners) {
        const int n = rng.Int(5, 8);
        if (next + static_cast<size_t>(n) > households.size()) break;
        for (int k = 0; k < n; ++k) {
          storage::ErrandRunner r;
          r.household_id = households[next++];
          r.place_code = village;
          r.runner_user_id = runner;
          r.assigned_at = opt.now - rng.Int(30, 300) * 86400;
          RETURN_IF_ERROR(tx.errands().PutRunner(&r));
          ++sum.households;
        }
        ++sum.runners;
      }
      return Status::Ok();
    }));
    if (cats.empty()) continue;
    // A year of errands: each runner a few a quarter for the households covered.
    std::vector<Played> year;
    {
      ASSIGN_OR_RETURN(auto tx, db.Read());
      ASSIGN_OR_RETURN(auto roster, tx->errands().Runners(village));
      std::map<int64_t, DemoActor> runners;
      for (const auto& r : roster) {
        if (!runners.contains(r.runner_user_id)) {
          ASSIGN_OR_RETURN(User u, tx->users().Get(r.runner_user_id));
          runners[r.runner_user_id] = DemoActor{u.id, u.display_name, u.role};
        }
        const int n = opt.full ? rng.Int(1, 4) : rng.Int(0, 3);
        if (n == 0) continue;
        storage::PersonQuery q;
        q.household_id = r.household_id;
        q.page.limit = 10;
        ASSIGN_OR_RETURN(auto members, tx->people().Search(q));
        if (members.items.empty()) continue;
        ASSIGN_OR_RETURN(Household hh, tx->people().GetHousehold(r.household_id));
        const std::string grid = hh.place_code.substr(0, std::min<size_t>(15, hh.place_code.size()));
        const DemoActor visitor =
            workers.contains(grid) ? workers.at(grid) : DemoActor{0, "网格员", "grid_worker"};
        for (int k = 0; k < n; ++k) {
          Played h;
          PlayErrand(h, calendar, cats, runners[r.runner_user_id], visitor, rng.Pick(members.items), grid,
                     opt.now, rng);
          if (!h.err.ok()) return h.err;
          if (!h.events.empty() && h.o.state == order::State::kClosed) year.push_back(std::move(h));
        }
        ASSIGN_OR_RETURN(auto who, tx->users().Get(r.runner_user_id));
        for (Played& h : year)
          if (h.o.runner_user_id == r.runner_user_id) h.runner_person = who.person_id.value_or(0);
      }
    }
    std::stable_sort(year.begin(), year.end(),
                     [](const Played& a, const Played& b) { return a.o.received_at < b.o.received_at; });
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      for (Played& h : year) {
        order::Order& o = h.o;
        RETURN_IF_ERROR(service::OrderService::EncryptReporter(cipher, &o));
        o.track_key = RandomHexUpper(5);
        ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
        for (storage::OrderEvent& e : h.events) {
          e.order_id = o.id;
          RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
        }
        storage::Errand e;
        e.order_id = o.id;
        e.household_id = h.household;
        e.authoriser_person_id = h.authoriser;
        e.authorisation = h.authorisation;
        e.created_at = o.received_at;
        RETURN_IF_ERROR(tx.errands().InsertErrand(e));
        for (storage::ErrandDocument d : h.docs) {
          const int64_t back = d.returned_at, by = d.returned_by;
          d.order_id = o.id;
          RETURN_IF_ERROR(tx.errands().AddDocument(&d));
          d.returned_at = back;
          d.returned_by = by;
          RETURN_IF_ERROR(tx.errands().ReturnDocument(&d));
        }
        if (h.runner_person && o.service_minutes > 0) {
          const std::string ref = "order:" + std::to_string(o.id);
          RETURN_IF_ERROR(service::LedgerService::CreditService(
                              tx, village, h.runner_person, o.service_minutes,
                              std::string(order::SpecOf(o.kind).zh) + " " + service::TrackingNo(o), ref, ref,
                              h.events.back().user_id, o.closed_at, "errand")
                              .status());
        }
        ++sum.errands;
      }
      return Status::Ok();
    }));
  }
  return sum;
}

}  // namespace wangge::cli
