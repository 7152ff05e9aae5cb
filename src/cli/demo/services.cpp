#include "cli/demo/services.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "cli/demo/internal.hpp"
#include "core/dates.hpp"
#include "core/ledger.hpp"
#include "core/order.hpp"
#include "service/ledger_service.hpp"
#include "service/order_service.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/orders_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

using demo_detail::DemoActor;
using demo_detail::Rng;
using order::Action;
using order::Kind;

constexpr uint64_t kStream = 0x7365727669636573ULL;  // "services": this generator's own random stream
constexpr int64_t kHour = 3600, kDay = 86400;

// What people ask for, by menu item (class 14) and wish type (class 15).
struct Ask {
  const char* code;
  double weight;
  const char* text;
};
constexpr Ask kAsks[] = {
    {"1401", 26, "老人行动不便，需要陪同到乡镇卫生院复查"},
    {"1402", 18, "腿脚不便，请帮忙代买米面油和常用药"},
    {"1403", 16, "家里水龙头漏水、灯泡坏了，请人上门修一修"},
    {"1404", 10, "独居老人家中需要打扫卫生、清洗被褥"},
    {"1405", 8, "想咨询高龄补贴和医保报销的办理手续"},
    {"1406", 8, "行动不便的老人想在家里理个发"},
    {"1407", 8, "孩子父母在外务工，请人辅导作业"},
    {"1408", 6, "老伴去世后情绪低落，希望有人常来聊聊天"},
};
constexpr Ask kWishes[] = {
    {"1501", 45, "想要一台收音机听新闻"},
    {"1501", 0, "冬天到了，想要一床厚棉被"},
    {"1503", 35, "孩子想要一个新书包和一套课外读物"},
    {"1502", 20, "社区活动室需要志愿者帮忙整理图书"},
};
const char* const kNotes[] = {"已上门服务，老人表示满意", "服务完成，约定下周再来看看",
                              "已办妥，向家属说明了情况", "服务完成，现场拍照留存"};

struct Provider {
  DemoActor actor;
  int64_t person_id = 0;
};

class Generator {
 public:
  Generator(storage::Database& db, const FieldCipher& cipher, const DemoServicesOptions& opt)
      : db_(db), cipher_(cipher), opt_(opt), rng_(opt.seed ^ kStream) {}
  Result<DemoServicesSummary> Run();

 private:
  struct History : demo_detail::DemoHistory {
    int64_t provider_person = 0;
  };
  bool Step(History& h, Action a, int64_t t, const DemoActor& who, order::Input in = {}) {
    return demo_detail::PlayDemoStep(h, calendar_, opt_.now, a, t, who, std::move(in), rng_, "demo services");
  }
  void Play(History& h, Kind kind, const std::string& grid, const std::vector<Provider>& providers);
  Status Providers(storage::Tx& tx, const std::string& village, std::vector<Provider>* out);

  storage::Database& db_;
  const FieldCipher& cipher_;
  const DemoServicesOptions& opt_;
  Rng rng_;
  cal::Calendar calendar_;
  std::map<std::string, Category> cats_;
  std::map<std::string, DemoActor> secretaries_, grid_workers_;
  std::vector<std::pair<std::string, int64_t>> residents_;  // (place, user id) of resident accounts
  int created_ = 0;
};

// Three providers of the village's people (two party members, a volunteer) with accounts opened for them
// (not yet activated: no password works until the community resets it), and the demo accounts living there.
Status Generator::Providers(storage::Tx& tx, const std::string& village, std::vector<Provider>* out) {
  for (const User& u : opt_.users)
    if ((u.role == "party_member" || u.role == "resident") && u.person_id && u.place_code.size() >= 12 &&
        u.place_code.substr(0, 12) == village)
      out->push_back({DemoActor{u.id, u.display_name, u.role}, *u.person_id});
  storage::PersonQuery q;
  q.scope = village;
  q.page.limit = 60;
  ASSIGN_OR_RETURN(auto page, tx.people().Search(q));
  std::vector<const Person*> adults;
  for (const Person& p : page.items)
    if (!p.place_code.empty()) adults.push_back(&p);
  for (int i = 0; i < 3 && !adults.empty(); ++i) {
    const Person& p = *adults[static_cast<size_t>(rng_.Int(0, static_cast<int>(adults.size()) - 1))];
    User u;
    u.username = "fw" + village + std::to_string(i + 1);  // unique across the counties of a database
    u.display_name = p.name;
    u.role = i < 2 ? "party_member" : "resident";
    u.place_code = p.place_code.substr(0, std::min<size_t>(15, p.place_code.size()));
    u.person_id = p.id;
    u.must_change_password = true;
    // No password hashes to this: the account is opened, its holder activates it with the community.
    ASSIGN_OR_RETURN(const int64_t id, tx.users().Insert(u, "!not-activated"));
    out->push_back({DemoActor{id, u.display_name, u.role}, p.id});
    ++created_;
    std::erase(adults, &p);
  }
  return Status::Ok();
}

void Generator::Play(History& h, Kind kind, const std::string& grid, const std::vector<Provider>& providers) {
  order::Order& o = h.o;
  const std::string village = grid.substr(0, 12);
  const Ask& ask = [&]() -> const Ask& {
    std::vector<double> w;
    const Ask* list = kind == Kind::kService ? kAsks : kWishes;
    const size_t n = kind == Kind::kService ? std::size(kAsks) : std::size(kWishes);
    for (size_t i = 0; i < n; ++i) w.push_back(list[i].weight + (list[i].weight == 0 ? 10 : 0));
    return list[rng_.Weighted(w)];
  }();
  h.cat = &cats_.at(ask.code);
  o.kind = kind;
  o.category = ask.code;
  o.urgency = 1;
  o.place_code = grid;
  o.description = ask.text;
  o.title = ask.text;
  if (o.title.size() > 60) o.title = o.title.substr(0, 57);
  const DemoActor secretary = secretaries_.count(village) ? secretaries_.at(village)
                                                          : DemoActor{0, "社区党组织", "community_secretary"};
  const DemoActor worker =
      grid_workers_.count(grid) ? grid_workers_.at(grid) : DemoActor{0, "网格员", "grid_worker"};
  // Who asks: a resident account of the grid (its own phone), else the grid worker for an older resident.
  DemoActor asker = worker;
  for (const auto& [place, id] : residents_)
    if (place.rfind(grid, 0) == 0 && rng_.Chance(0.3)) asker = DemoActor{id, "", "resident"};
  if (asker.role == "resident") {
    o.channel = "web";
    o.reporter_user_id = asker.id;
  } else {
    o.channel = "register";
    o.reporter_user_id = asker.id;
    static const char* const kSurnames[] = {"张", "李", "王", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    static const char* const kCalls[] = {"大爷", "奶奶", "阿姨", "大妈", "大叔", "婆婆"};
    o.reporter_name = std::string(kSurnames[rng_.Int(0, 9)]) + kCalls[rng_.Int(0, 5)];
  }
  const int64_t start = opt_.now - 365 * kDay + rng_.Int(0, 364) * kDay;
  const int64_t t0 = start - (start + 8 * kHour) % kDay + rng_.Int(8, 19) * kHour + rng_.Int(0, 3599);
  if (!Step(h, Action::kReport, t0, asker)) return;
  o.command_place = village;
  // The provider: anyone of the village's but the one who asked.
  std::vector<const Provider*> can;
  for (const Provider& x : providers)
    if (x.actor.id != asker.id) can.push_back(&x);
  if (can.empty()) return;
  const Provider& p = *can[static_cast<size_t>(rng_.Int(0, static_cast<int>(can.size()) - 1))];
  h.provider_person = p.person_id;
  int64_t t = t0;
  if (kind == Kind::kWish) {
    if (!Step(h, Action::kAccept, t + rng_.Int(2, 30) * kHour, secretary)) return;
    if (!Step(h, Action::kGrab, h.events.back().at + rng_.Int(4, 120) * kHour, p.actor)) return;
  } else if (rng_.Chance(0.55)) {
    order::Input d;
    d.target_user = p.actor.id;
    if (!Step(h, Action::kDispatch, t + rng_.Int(10, 180) * 60, secretary, d)) return;
    if (!Step(h, Action::kClaim, h.events.back().at + rng_.Int(10, 240) * 60, p.actor)) return;
  } else {
    if (!Step(h, Action::kGrab, t + rng_.Int(5, 300) * 60, p.actor)) return;
  }
  order::Input fin;
  fin.note = kNotes[rng_.Int(0, static_cast<int>(std::size(kNotes)) - 1)];
  fin.minutes = 30 * rng_.Int(kind == Kind::kService ? 2 : 1, 8);
  if (kind == Kind::kWish) {
    // The demo writes no image blobs: a fulfilled wish's photo is not part of the demo year.
    if (rng_.Chance(0.5)) fin.minutes = 0;
  }
  const int64_t served = kind == Kind::kService
                             ? (rng_.Chance(0.08) ? o.handle_due + rng_.Int(1, 24) * kHour
                                                  : h.events.back().at + rng_.Int(2, 40) * kHour)
                             : h.events.back().at + rng_.Int(1, 14) * kDay;
  if (!Step(h, Action::kFinish, served, p.actor, fin)) return;
  const DemoActor rater = o.reporter_user_id != 0 ? asker : worker;
  if (rng_.Chance(0.82)) {
    order::Input r;
    const double roll = rng_.Real();
    r.rating = roll < 0.88 ? order::kSatisfied : roll < 0.97 ? order::kBasicSatisfied : order::kDissatisfied;
    if (!Step(h, Action::kRate, h.events.back().at + rng_.Int(2, 72) * kHour, rater, r)) return;
    if (r.rating == order::kDissatisfied) {  // served again
      order::Input again;
      again.note = "重新上门服务，问题已解决";
      again.minutes = fin.minutes > 0 ? fin.minutes : 60;
      if (!Step(h, Action::kFinish, h.events.back().at + rng_.Int(4, 48) * kHour, p.actor, again)) return;
      order::Input r2;
      r2.rating = order::kSatisfied;
      Step(h, Action::kRate, h.events.back().at + rng_.Int(2, 48) * kHour, rater, r2);
    }
  } else {
    Step(h, Action::kAutoClose, o.alarm_at, DemoActor{0, "系统", "system"});
  }
}

Result<DemoServicesSummary> Generator::Run() {
  DemoServicesSummary sum;
  {
    ASSIGN_OR_RETURN(auto tx, db_.Read());
    ASSIGN_OR_RETURN(calendar_, DemoCalendar(*tx));
    ASSIGN_OR_RETURN(std::vector<Category> all, DemoCategories(*tx));
    for (Category& c : all)
      if (c.active && (c.parent == "14" || c.parent == "15")) cats_.emplace(c.code, std::move(c));
  }
  for (const Ask& a : kAsks)
    if (!cats_.count(a.code)) return sum;  // a catalogue without the menu: no services
  for (const Ask& a : kWishes)
    if (!cats_.count(a.code)) return sum;
  for (const User& u : opt_.users) {
    if (u.role == "community_secretary")
      secretaries_.emplace(u.place_code, DemoActor{u.id, u.display_name, u.role});
    if (u.role == "grid_worker") grid_workers_.emplace(u.place_code, DemoActor{u.id, u.display_name, u.role});
    if (u.role == "resident") residents_.emplace_back(u.place_code, u.id);
  }
  std::map<std::string, std::vector<std::string>> villages;  // village -> its grids
  for (const DemoGrid& g : opt_.grids)
    if (!g.exclusive) villages[g.code.substr(0, 12)].push_back(g.code);
  const int per_village = opt_.full ? 24 : 12;
  const int wishes_per_village = opt_.full ? 6 : 4;
  const int64_t opened = (ChinaDay(opt_.now) - 366) * kDay;
  for (const auto& [village, grids] : villages) {
    std::vector<History> hs;
    std::vector<Provider> providers;
    RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
      providers.clear();
      return Providers(tx, village, &providers);
    }));
    if (providers.empty()) continue;
    for (int i = 0; i < per_village + wishes_per_village; ++i) {
      History h;
      Play(h, i < per_village ? Kind::kService : Kind::kWish,
           grids[static_cast<size_t>(rng_.Int(0, static_cast<int>(grids.size()) - 1))], providers);
      if (!h.err.ok()) return h.err;
      if (!h.events.empty()) hs.push_back(std::move(h));
    }
    std::stable_sort(hs.begin(), hs.end(),
                     [](const History& a, const History& b) { return a.o.received_at < b.o.received_at; });
    RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
      // The community's time bank from the start of the year (the points demo opens the same accounts).
      RETURN_IF_ERROR(
          tx.ledger()
              .OpenAccount(village, ledger::Currency::kHours, ledger::Holder::kCommunity, 0, {}, opened)
              .status());
      RETURN_IF_ERROR(
          tx.ledger()
              .OpenAccount(village, ledger::Currency::kPoints, ledger::Holder::kCommunity, 0, {}, opened)
              .status());
      for (const Provider& p : providers)
        for (ledger::Currency c : {ledger::Currency::kHours, ledger::Currency::kPoints})
          RETURN_IF_ERROR(tx.ledger()
                              .OpenAccount(village, c, ledger::Holder::kPerson, p.person_id,
                                           ledger::DefaultLimits(ledger::Holder::kPerson), opened)
                              .status());
      for (History& h : hs) {
        order::Order& o = h.o;
        RETURN_IF_ERROR(service::OrderService::EncryptReporter(cipher_, &o));
        o.track_key = RandomHexUpper(5);
        ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
        for (storage::OrderEvent& e : h.events) {
          e.order_id = o.id;
          RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
        }
        (o.kind == Kind::kService ? sum.orders : sum.wishes) += 1;
        if (o.state == order::State::kClosed && o.handler_user_id) {
          const std::string ref = "order:" + std::to_string(o.id);
          RETURN_IF_ERROR(service::LedgerService::CreditService(
                              tx, village, h.provider_person, o.service_minutes,
                              std::string(order::SpecOf(o.kind).zh) + " " + service::TrackingNo(o), ref, ref,
                              h.events.back().user_id, o.closed_at,
                              o.kind == Kind::kWish ? "wish_fulfilled" : "service_order")
                              .status());
          sum.minutes += o.service_minutes;
        }
      }
      return Status::Ok();
    }));
  }
  sum.providers = created_;
  spdlog::info("demo: {} service orders, {} wishes, {} provider accounts opened, {} hours served", sum.orders,
               sum.wishes, sum.providers, sum.minutes / 60);
  return sum;
}

}  // namespace

Result<DemoServicesSummary> BuildDemoServices(storage::Database& db, const FieldCipher& cipher,
                                              const DemoServicesOptions& opt) {
  Generator g(db, cipher, opt);
  return g.Run();
}

}  // namespace wangge::cli
