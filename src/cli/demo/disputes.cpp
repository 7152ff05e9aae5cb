#include "cli/demo/disputes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "cli/demo/internal.hpp"
#include "core/citizen_id.hpp"
#include "core/dispute.hpp"
#include "core/order.hpp"
#include "service/order_service.hpp"
#include "storage/disputes_repo.hpp"
#include "storage/orders_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

using demo_detail::Rng;
using order::Action;
using order::Order;

constexpr uint64_t kStream = 0x6469737075746573ULL;  // "disputes": this generator's own random stream
constexpr int64_t kHour = 3600, kDay = 86400;

using Actor = demo_detail::DemoActor;

// The types and how often each comes (class 08 of the category table; the share of 会泽's caseload).
struct TypeMix {
  const char* code;
  double weight;
  const char* matter;  // what the parties dispute
};
constexpr TypeMix kTypes[] = {
    {"0801", 30, "因排水沟、通道和噪音问题发生争执"}, {"0802", 20, "因赡养老人和家庭财产分割发生纠纷"},
    {"0803", 18, "因承包地、宅基地边界发生争执"},     {"0804", 10, "因拖欠务工工资发生纠纷"},
    {"0805", 8, "因物业费和公共维修发生纠纷"},        {"0806", 4, "因征地补偿款分配发生纠纷"},
    {"0807", 5, "因商品质量和退货发生纠纷"},          {"0808", 5, "因治疗结果和费用发生纠纷"},
};
const char* const kSessions[] = {
    "第一次调解：分别听取双方陈述，查看现场",
    "背对背做工作，释明法律规定和村规民约",
    "邀请村组干部、老党员参与，面对面协商",
    "双方就主要事项基本达成一致，约定下次签订协议",
};
const char* const kRiskReasons[] = {"双方情绪激动，曾有肢体冲突", "涉及人数较多，有聚集苗头", "一方扬言上访",
                                    "矛盾已持续多年，反复发生"};
const char* const kTerms[] = {"双方按调解意见重新划定边界并埋设界桩", "被申请人分期支付款项，每月底前支付",
                              "双方轮流赡养老人，费用各承担一半", "物业公司维修设施，业主补缴物业费"};
const char* const kRoutes[] = {"litigation", "arbitration", "administrative"};

class Generator {
 public:
  Generator(storage::Database& db, const FieldCipher& cipher, const DemoDisputesOptions& opt)
      : db_(db),
        opt_(opt),
        rng_(opt.seed ^ kStream),
        geo_(opt.seed ^ kStream ^ 2),
        names_(opt.seed ^ kStream ^ 1, cipher, opt.county) {}

  Status Load();
  Result<DemoDisputesSummary> Run();

 private:
  struct Case : demo_detail::DemoHistory {
    std::vector<dispute::Party> parties;
    std::optional<dispute::Agreement> agreement;
  };
  bool Step(Case& c, Action a, int64_t t, const Actor& who, order::Input in = {});
  void Play(Case& c);
  Actor Named(const std::map<std::string, Actor>& m, const std::string& place, const std::string& fallback,
              const char* role) const {
    auto it = m.find(place);
    return it != m.end() ? it->second : Actor{0, fallback, role};
  }
  Actor Command(const Order& o) const {
    if (o.command_place.size() == 6) return county_ ? *county_ : Actor{0, "县综治中心", "county_command"};
    return Named(townships_, o.command_place, "乡镇综治中心", "township_official");
  }

  storage::Database& db_;
  const DemoDisputesOptions& opt_;
  Rng rng_;
  Rng geo_;  // the cases' coordinates: a stream apart, so the rest of the year stays as it was
  demo_detail::Ctx names_;
  cal::Calendar calendar_;
  std::vector<Category> cats_;
  std::vector<double> weights_;
  std::vector<const TypeMix*> mix_;
  std::map<std::string, Actor> grid_workers_, townships_, mediators_;
  std::optional<Actor> county_;
};

Status Generator::Load() {
  ASSIGN_OR_RETURN(auto tx, db_.Read());
  ASSIGN_OR_RETURN(calendar_, DemoCalendar(*tx));
  ASSIGN_OR_RETURN(std::vector<Category> all, DemoCategories(*tx));
  for (const TypeMix& m : kTypes)
    for (const Category& c : all)
      if (c.code == m.code && c.active) {
        cats_.push_back(c);
        weights_.push_back(m.weight);
        mix_.push_back(&m);
      }
  if (cats_.empty()) return Status::Ok();  // a catalogue without class 08: no cases
  storage::PageRequest page{"", 500};
  for (;;) {
    ASSIGN_OR_RETURN(auto pg, tx->users().List(opt_.county, page));
    for (const User& u : pg.items) {
      if (u.disabled) continue;
      Actor a{u.id, u.display_name, u.role};
      if (u.role == "grid_worker") grid_workers_.emplace(u.place_code, a);
      if (u.role == "township_official") townships_.emplace(u.place_code, a);
      if (u.role == "mediator") mediators_.emplace(u.place_code, a);
      if (u.role == "county_command" && u.place_code == opt_.county && !county_) county_ = a;
    }
    if (pg.next.empty()) break;
    page.after = pg.next;
  }
  return Status::Ok();
}

bool Generator::Step(Case& c, Action a, int64_t t, const Actor& who, order::Input in) {
  return demo_detail::PlayDemoStep(c, calendar_, opt_.now, a, t, who, std::move(in), rng_, "demo disputes");
}

void Generator::Play(Case& c) {
  const DemoGrid& grid =
      opt_.grids[static_cast<size_t>(rng_.Int(0, static_cast<int>(opt_.grids.size()) - 1))];
  const size_t k = rng_.Weighted(weights_);
  c.cat = &cats_[k];
  Order& o = c.o;
  o.kind = order::Kind::kDispute;
  o.category = c.cat->code;
  o.place_code = grid.code;
  o.channel = "register";
  o.urgency = 1;
  o.title = c.cat->name_zh + "（" + grid.village_name + "）";
  o.address = grid.township_name + grid.village_name;
  if (geo_.Chance(0.8)) {  // where it happened, for most cases: a point in the grid (its own stream)
    o.lon = std::round((grid.west + (0.04 + 0.92 * geo_.Real()) * (grid.east - grid.west)) * 1e6) / 1e6;
    o.lat = std::round((grid.south + (0.04 + 0.92 * geo_.Real()) * (grid.north - grid.south)) * 1e6) / 1e6;
  }
  const int n = rng_.Chance(0.85) ? 2 : 3;
  for (int i = 0; i < n; ++i) {
    dispute::Party p;
    p.role = i == 0 ? "applicant" : (i == 1 ? "respondent" : "third");
    const bool male = rng_.Chance(0.55);
    const int year = rng_.Int(1950, 2000);
    p.name = names_.Name(male, year);
    p.phone = names_.Phone();
    if (rng_.Chance(0.6))
      p.citizen_id = MakeCitizenId(opt_.county, year, rng_.Int(1, 12), rng_.Int(1, 28),
                                   900 + 2 * rng_.Int(0, 49) + (male ? 1 : 0));
    p.address = o.address;
    c.parties.push_back(std::move(p));
  }
  o.description = c.parties[0].name.substr(0, 3) + "某与" + c.parties[1].name.substr(0, 3) + "某" +
                  mix_[k]->matter + "，请求调解。";
  const Actor reporter = Named(grid_workers_, grid.code, grid.name + "网格员", "grid_worker");
  o.reporter_user_id = reporter.id;
  o.reporter_name = reporter.name;

  const int64_t t0 = opt_.now - static_cast<int64_t>(rng_.Range(0.2, 365) * kDay);
  if (!Step(c, Action::kReport, t0, reporter)) return;
  const Actor command = Command(o);
  const int64_t accepted = t0 + static_cast<int64_t>(rng_.Range(0.5, 30) * kHour);
  if (!Step(c, Action::kAccept, accepted, command)) return;
  order::Input to;
  to.target_place = rng_.Chance(0.8) ? grid.code.substr(0, 12) : grid.code.substr(0, 9);
  const std::string committee = to.target_place;
  if (!Step(c, Action::kDispatch, accepted + static_cast<int64_t>(rng_.Range(0.2, 6) * kHour), command, to))
    return;
  const Actor mediator = Named(mediators_, committee, "人民调解员", "mediator");
  if (!Step(c, Action::kClaim, accepted + static_cast<int64_t>(rng_.Range(6, 48) * kHour), mediator)) return;
  // When mediation ends: inside the 30 days on most cases.
  const bool overdue = rng_.Chance(0.06);
  const int64_t end =
      accepted + static_cast<int64_t>((overdue ? rng_.Range(31, 45) : rng_.Range(3, 27)) * kDay);
  const int sessions = rng_.Int(1, 3);
  for (int s = 0; s < sessions; ++s) {
    order::Input in;
    in.note = kSessions[std::min<size_t>(static_cast<size_t>(s) + (s > 0 ? 1 : 0), std::size(kSessions) - 1)];
    const int64_t at = c.events.back().at + (end - c.events.back().at) / (sessions + 1 - s);
    if (!Step(c, Action::kProgress, at, mediator, in)) return;
  }
  if (rng_.Chance(0.25)) {
    order::Input in;
    const double r = rng_.Real();
    in.risk = r < 0.6 ? 1 : (r < 0.9 ? 2 : 3);
    in.reason = kRiskReasons[rng_.Int(0, static_cast<int>(std::size(kRiskReasons)) - 1)];
    if (!Step(c, Action::kAssess, c.events.back().at + kHour, mediator, in)) return;
  }
  if (rng_.Chance(0.84)) {
    dispute::Agreement a;
    a.facts = o.description;
    a.responsibility = "双方均有一定责任";
    a.terms = kTerms[rng_.Int(0, static_cast<int>(std::size(kTerms)) - 1)];
    a.performance_manner = "当事人自行履行，调委会监督";
    a.performance_location = o.address;
    a.performance_due = FormatDate(ChinaDay(end) + rng_.Int(7, 60));
    a.mediator = mediator.name;
    a.signed_at = end;
    a.recorded_by = mediator.id;
    a.updated_at = end;
    order::Input in;
    in.outcome = rng_.Chance(0.85) ? order::kOutcomeSettled : order::kOutcomePartly;
    if (!Step(c, Action::kAgree, end, mediator, in)) return;
    c.agreement = a;
    int64_t t = end;
    if (rng_.Chance(0.25)) {
      order::Input cf;
      cf.reference = "（" + FormatDate(ChinaDay(end)).substr(0, 4) + "）云" + opt_.county.substr(2) + "民特" +
                     std::to_string(rng_.Int(1, 600)) + "号";
      t += static_cast<int64_t>(rng_.Range(3, 15) * kDay);
      if (!Step(c, Action::kConfirm, t, mediator, cf)) return;
    }
    for (int visit = 0; visit < 3; ++visit) {
      order::Input fu;
      fu.performed = rng_.Chance(visit == 0 ? 0.8 : 0.95);
      fu.note = fu.performed ? "回访：协议已履行完毕，双方无异议" : "回访：协议正在履行，已督促按期履行";
      t += static_cast<int64_t>(rng_.Range(7, 30) * kDay);
      const Actor by = rng_.Chance(0.5) ? mediator : reporter;
      if (!Step(c, Action::kFollowUp, t, by, fu) || fu.performed) return;
    }
    return;
  }
  order::Input fail;
  fail.route = kRoutes[rng_.Weighted({0.5, 0.2, 0.3})];
  fail.reason =
      "双方分歧较大，调解不成，告知当事人依法通过" + std::string(order::RouteNameZh(fail.route)) + "解决";
  if (!Step(c, Action::kFail, end, mediator, fail)) return;
  if (rng_.Chance(0.7)) {
    order::Input done;
    done.reference = "（" + FormatDate(ChinaDay(end)).substr(0, 4) + "）云" + opt_.county.substr(2) +
                     (fail.route == "litigation" ? "民初" : "处") + std::to_string(rng_.Int(100, 3000)) +
                     "号";
    done.note = "已依法处理完毕";
    Step(c, Action::kConclude, end + static_cast<int64_t>(rng_.Range(20, 90) * kDay), command, done);
  }
}

Result<DemoDisputesSummary> Generator::Run() {
  DemoDisputesSummary sum;
  if (cats_.empty() || opt_.grids.empty()) return sum;
  const int count = opt_.full ? 2500 : 80;
  std::vector<Case> cases(static_cast<size_t>(count));
  for (Case& c : cases) {
    Play(c);
    if (!c.err.ok()) return c.err;
  }
  // Time order, so ids and tracking numbers run with the registration dates.
  std::stable_sort(cases.begin(), cases.end(),
                   [](const Case& a, const Case& b) { return a.o.received_at < b.o.received_at; });
  RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    for (Case& c : cases) {
      if (c.events.empty()) continue;  // registered after `now`: not yet
      c.o.track_key = RandomHexUpper(5);
      ASSIGN_OR_RETURN(c.o.id, tx.orders().Insert(c.o));
      for (storage::OrderEvent& e : c.events) {
        e.order_id = c.o.id;
        RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
      }
      std::vector<int64_t> party_ids;
      for (dispute::Party& p : c.parties) {
        RETURN_IF_ERROR(dispute::ValidateParty(&p, "party"));
        dispute::SealParty(names_.cipher, &p);
        p.order_id = c.o.id;
        p.created_at = c.o.received_at;
        RETURN_IF_ERROR(tx.disputes().InsertParty(&p));
        party_ids.push_back(p.id);
      }
      if (c.agreement) {
        c.agreement->order_id = c.o.id;
        c.agreement->signed_by = party_ids;
        RETURN_IF_ERROR(tx.disputes().PutAgreement(*c.agreement).status());
        sum.agreements += 1;
      }
      sum.cases += 1;
      sum.events += static_cast<int64_t>(c.events.size());
      sum.parties += static_cast<int64_t>(c.parties.size());
      if (order::IsOpen(c.o.state)) sum.open += 1;
    }
    return Status::Ok();
  }));
  spdlog::info("demo: {} dispute cases ({} open), {} timeline rows, {} parties, {} agreements", sum.cases,
               sum.open, sum.events, sum.parties, sum.agreements);
  return sum;
}

}  // namespace

Result<DemoDisputesSummary> BuildDemoDisputes(storage::Database& db, const FieldCipher& cipher,
                                              const DemoDisputesOptions& opt) {
  Generator g(db, cipher, opt);
  RETURN_IF_ERROR(g.Load());
  return g.Run();
}

}  // namespace wangge::cli
