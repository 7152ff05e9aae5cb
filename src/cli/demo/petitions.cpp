#include "cli/demo/petitions.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "cli/demo/internal.hpp"
#include "core/citizen_id.hpp"
#include "core/dates.hpp"
#include "core/dispute.hpp"
#include "core/order.hpp"
#include "service/order_service.hpp"
#include "service/petition_service.hpp"
#include "storage/departments_repo.hpp"
#include "storage/disputes_repo.hpp"
#include "storage/orders_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

using demo_detail::Rng;
using order::Action;
using order::Order;

constexpr uint64_t kStream = 0x7065746974696f6eULL;  // "petition": this generator's own random stream
constexpr int64_t kHour = 3600, kDay = 86400;

using Actor = demo_detail::DemoActor;

// The matters and how often each comes (class 13 of the category table).
struct MatterMix {
  const char* code;
  double weight;
  const char* matter;  // what the petitioner asks
};
constexpr MatterMix kMatters[] = {
    {"1301", 22, "反映土地承包经营权被调整，要求恢复承包地"},
    {"1302", 24, "反映征地拆迁补偿标准偏低、补偿款未足额发放"},
    {"1303", 18, "反映被拖欠务工工资，要求协调支付"},
    {"1304", 8, "对法院判决执行情况不满，要求督促执行"},
    {"1305", 6, "反映医疗费用报销问题"},
    {"1306", 10, "反映低保评定不公，要求重新评定"},
    {"1307", 5, "反映村干部处事不公、作风粗暴"},
    {"1308", 7, "反映道路、饮水等基础设施问题"},
};
const char* const kChannels[] = {"visit", "letter", "online", "hotline", "mailbox"};
// 办理 notes: how the petitioner was met (Input::visit: 接访, 约访, 下访) or "" for other work.
const std::pair<const char*, const char*> kVisits[] = {{"receive", "听取信访人诉求，登记相关材料"},
                                                       {"appointment", "约信访人到乡镇当面沟通，核实情况"},
                                                       {"home", "到信访人家中走访，实地查看"},
                                                       {"", "协调相关部门召开协调会研究处理意见"}};
const char* const kAnswers[] = {"经调查核实，信访人反映情况部分属实，已责成相关单位限期整改，答复如下",
                                "经调查核实，相关补偿已按标准足额发放，信访人诉求缺乏依据，答复如下",
                                "经协调，用工单位已承诺在一个月内支付拖欠工资，答复如下"};

class Generator {
 public:
  Generator(storage::Database& db, const FieldCipher& cipher, const DemoPetitionsOptions& opt)
      : db_(db), opt_(opt), rng_(opt.seed ^ kStream), names_(opt.seed ^ kStream ^ 1, cipher, opt.county) {}

  Status Load();
  Result<DemoPetitionsSummary> Run();

 private:
  struct Petitioner {
    std::string name, citizen_id, phone, address;
    size_t matter = 0;  // index into cats_: what they petition about (a returning petitioner's same matter)
    size_t grid = 0;    // index into opt_.grids: where they live
  };
  struct Case : demo_detail::DemoHistory {
    size_t person = 0;  // index into people_
  };
  bool Step(Case& c, Action a, int64_t t, const Actor& who, order::Input in = {});
  void Play(Case& c);
  Actor Township(const std::string& code) const {
    auto it = townships_.find(code);
    return it != townships_.end() ? it->second : Actor{0, "乡镇综治中心", "township_official"};
  }
  Actor County() const { return county_ ? *county_ : Actor{0, "县综治中心", "county_command"}; }

  storage::Database& db_;
  const DemoPetitionsOptions& opt_;
  Rng rng_;
  demo_detail::Ctx names_;
  cal::Calendar calendar_;
  std::vector<Category> cats_;
  std::vector<double> weights_;
  std::vector<const MatterMix*> mix_;
  std::map<std::string, Actor> townships_;
  std::map<std::string, int64_t> dept_ids_;
  std::map<int64_t, std::string> dept_names_;
  std::optional<Actor> county_, desk_;
  std::vector<Petitioner> people_;
};

Status Generator::Load() {
  ASSIGN_OR_RETURN(auto tx, db_.Read());
  ASSIGN_OR_RETURN(calendar_, DemoCalendar(*tx));
  ASSIGN_OR_RETURN(std::vector<Category> all, DemoCategories(*tx));
  for (const MatterMix& m : kMatters)
    for (const Category& c : all)
      if (c.code == m.code && c.active) {
        cats_.push_back(c);
        weights_.push_back(m.weight);
        mix_.push_back(&m);
      }
  if (cats_.empty()) return Status::Ok();  // a catalogue without class 13: no petitions
  storage::PageRequest page{"", 500};
  for (;;) {
    ASSIGN_OR_RETURN(auto pg, tx->users().List(opt_.county, page));
    for (const User& u : pg.items) {
      if (u.disabled) continue;
      Actor a{u.id, u.display_name, u.role};
      if (u.role == "township_official") townships_.emplace(u.place_code, a);
      if (u.role == "county_command" && u.place_code == opt_.county && !county_) county_ = a;
      if (u.role == "petition_officer" && u.place_code == opt_.county && !desk_) desk_ = a;
    }
    if (pg.next.empty()) break;
    page.after = pg.next;
  }
  page = {"", 500};
  for (;;) {
    ASSIGN_OR_RETURN(auto pg, tx->departments().List(opt_.county, page));
    for (const Department& d : pg.items) {
      if (d.retired) continue;
      dept_ids_.emplace(d.code, d.id);
      dept_names_[d.id] = d.name;
    }
    if (pg.next.empty()) break;
    page.after = pg.next;
  }
  return Status::Ok();
}

bool Generator::Step(Case& c, Action a, int64_t t, const Actor& who, order::Input in) {
  return demo_detail::PlayDemoStep(c, calendar_, opt_.now, a, t, who, std::move(in), rng_, "demo petitions");
}

void Generator::Play(Case& c) {
  size_t g = static_cast<size_t>(rng_.Int(0, static_cast<int>(opt_.grids.size()) - 1));
  // A petitioner seen before comes back with the same matter from home (重复信访) on ~12 %.
  const bool again = !people_.empty() && rng_.Chance(0.12);
  size_t k = rng_.Weighted(weights_);
  if (again) {
    c.person = static_cast<size_t>(rng_.Int(0, static_cast<int>(people_.size()) - 1));
    k = people_[c.person].matter;
    g = people_[c.person].grid;
  }
  const DemoGrid& grid = opt_.grids[g];
  if (!again) {
    Petitioner p;
    const bool male = rng_.Chance(0.6);
    const int year = rng_.Int(1945, 1995);
    p.name = names_.Name(male, year);
    p.phone = names_.Phone();
    if (rng_.Chance(0.8))
      p.citizen_id = MakeCitizenId(opt_.county, year, rng_.Int(1, 12), rng_.Int(1, 28),
                                   900 + 2 * rng_.Int(0, 49) + (male ? 1 : 0));
    p.address = grid.township_name + grid.village_name;
    p.matter = k;
    p.grid = g;
    people_.push_back(std::move(p));
    c.person = people_.size() - 1;
  }
  c.cat = &cats_[k];
  Order& o = c.o;
  o.kind = order::Kind::kPetition;
  o.category = c.cat->code;
  o.place_code = grid.code;
  o.urgency = 1;
  o.channel = kChannels[rng_.Weighted({34, 22, 24, 14, 6})];
  o.title = c.cat->name_zh + "（" + grid.village_name + "）";
  o.address = grid.township_name + grid.village_name;
  o.description = people_[c.person].name.substr(0, 3) + "某" + mix_[k]->matter + "。";
  // The county's desk or the township's centre registers it.
  const bool at_county = rng_.Chance(0.45);
  const Actor desk = at_county ? (desk_ ? *desk_ : County()) : Township(grid.code.substr(0, 9));
  o.reporter_user_id = desk.id;
  o.reporter_name = desk.name;
  const int64_t t0 = opt_.now - static_cast<int64_t>(rng_.Range(0.2, 365) * kDay);
  if (rng_.Chance(0.05)) {  // 上级交办: the city's bureau wants the result within 30-45 days
    o.superior = "市信访局 交办〔" + FormatDate(ChinaDay(t0)).substr(0, 4) + "〕" +
                 std::to_string(rng_.Int(1, 300)) + "号";
    o.superior_due = t0 + static_cast<int64_t>(rng_.Range(30, 45) * kDay);
  }
  if (!Step(c, Action::kReport, t0, desk)) return;
  const Actor command = at_county && desk_ ? *desk_ : Township(grid.code.substr(0, 9));
  const int64_t decided =
      t0 + static_cast<int64_t>((rng_.Chance(0.05) ? rng_.Range(16, 20) : rng_.Range(0.5, 12)) * kDay);
  if (rng_.Chance(0.07)) {
    order::Input no;
    no.reason = "该事项已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决，不予受理";
    Step(c, Action::kRefuse, decided, command, no);
    return;
  }
  if (!Step(c, Action::kAccept, decided, command)) return;
  // 交办: the category's department when the county has it, else the township.
  order::Input to;
  Actor handler;
  auto dept = dept_ids_.find(c.cat->default_department);
  if (dept != dept_ids_.end() && rng_.Chance(0.7)) {
    to.target_dept = dept->second;
    handler = Actor{0, dept_names_[dept->second] + "经办人", "department_handler"};
  } else {
    to.target_place = grid.code.substr(0, 9);
    handler = Township(to.target_place);
  }
  if (!Step(c, Action::kDispatch, decided + static_cast<int64_t>(rng_.Range(1, 24) * kHour), command, to))
    return;
  if (!Step(c, Action::kClaim, c.events.back().at + static_cast<int64_t>(rng_.Range(2, 48) * kHour), handler))
    return;
  // 领导包案 on ~10 %: the township's leader (or the county's) answers for it.
  if (rng_.Chance(0.10)) {
    const Actor leader = rng_.Chance(0.7) ? Township(grid.code.substr(0, 9)) : County();
    if (leader.id != 0) {
      order::Input in;
      in.leader = leader.id;
      if (!Step(c, Action::kLead, c.events.back().at + kDay, County(), in)) return;
    }
  }
  const bool late = rng_.Chance(0.06);
  const int64_t end =
      c.o.accepted_at + static_cast<int64_t>((late ? rng_.Range(61, 75) : rng_.Range(12, 55)) * kDay);
  const int visits = rng_.Int(1, 3);
  for (int v = 0; v < visits; ++v) {
    order::Input in;
    const auto& [visit, note] = kVisits[rng_.Int(0, static_cast<int>(std::size(kVisits)) - 1)];
    in.visit = visit;
    in.note = note;
    const int64_t at = c.events.back().at + (end - c.events.back().at) / (visits + 1 - v);
    if (!Step(c, Action::kProgress, at, handler, in)) return;
  }
  if (rng_.Chance(0.10)) {  // one extension, approved by the centre
    order::Input ask;
    ask.days = rng_.Int(15, 30);
    ask.reason = "情况复杂，需进一步调查核实";
    if (!Step(c, Action::kRequestExtension, c.events.back().at + kHour, handler, ask)) return;
    if (!Step(c, Action::kApproveExtension, c.events.back().at + 4 * kHour, Township(grid.code.substr(0, 9))))
      return;
  }
  order::Input answer;
  answer.note = kAnswers[rng_.Int(0, static_cast<int>(std::size(kAnswers)) - 1)];
  if (!Step(c, Action::kFinish, end, handler, answer)) return;
  // 复查 on ~6 % of the answers, within the 30 days; answered by the county.
  if (rng_.Chance(0.06)) {
    order::Input ask;
    ask.reason = "信访人对答复意见不服，请求复查";
    if (!Step(c, Action::kReview, end + static_cast<int64_t>(rng_.Range(3, 25) * kDay),
              desk_ ? *desk_ : County(), ask))
      return;
    order::Input again_to;
    again_to.target_place = grid.code.substr(0, 9);
    const Actor county_desk = desk_ ? *desk_ : County();
    if (!Step(c, Action::kDispatch, c.events.back().at + kDay, county_desk, again_to)) return;
    const Actor tw = Township(again_to.target_place);
    if (!Step(c, Action::kClaim, c.events.back().at + kDay, tw)) return;
    order::Input review;
    review.note = "复查意见：维持原答复意见";
    if (!Step(c, Action::kFinish, c.events.back().at + static_cast<int64_t>(rng_.Range(5, 25) * kDay), tw,
              review))
      return;
  }
  // 销案 once the time for a 复查 has passed.
  order::Input close;
  close.note = "答复意见已送达，信访人未在期限内请求复查，予以销案";
  Step(c, Action::kCloseCase, c.events.back().at + static_cast<int64_t>(rng_.Range(31, 40) * kDay),
       desk_ ? *desk_ : County(), close);
}

Result<DemoPetitionsSummary> Generator::Run() {
  DemoPetitionsSummary sum;
  if (cats_.empty() || opt_.grids.empty()) return sum;
  const int count = opt_.full ? 400 : 30;
  std::vector<Case> cases(static_cast<size_t>(count));
  for (Case& c : cases) {
    Play(c);
    if (!c.err.ok()) return c.err;
  }
  std::stable_sort(cases.begin(), cases.end(),
                   [](const Case& a, const Case& b) { return a.o.received_at < b.o.received_at; });
  RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    // The earlier petitions of each petitioner, as the service finds them (the same person and category
    // within a year; a township's registration of the matter means no 越级).
    std::map<std::pair<size_t, std::string>, std::vector<const Order*>> earlier;
    for (Case& c : cases) {
      if (c.events.empty()) continue;  // registered after `now`: not yet
      std::vector<const Order*>& seen = earlier[{c.person, c.o.category}];
      bool at_township = false;
      for (const Order* e : seen) {
        if (e->received_at < c.o.received_at - service::kRepeatWindowSeconds) continue;
        c.o.repeat_of = e->id;
        if (e->command_place.size() == 9 && !e->skip_level) at_township = true;
      }
      c.o.skip_level = c.o.reporter_user_id != 0 && desk_ && c.o.reporter_user_id == desk_->id &&
                       c.o.channel == "visit" && !at_township;
      c.o.track_key = RandomHexUpper(5);
      ASSIGN_OR_RETURN(c.o.id, tx.orders().Insert(c.o));
      seen.push_back(&c.o);
      for (storage::OrderEvent& e : c.events) {
        e.order_id = c.o.id;
        RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
      }
      const Petitioner& who = people_[c.person];
      dispute::Party p;
      p.role = "petitioner";
      p.name = who.name;
      p.citizen_id = who.citizen_id;
      p.phone = who.phone;
      p.address = who.address;
      RETURN_IF_ERROR(dispute::ValidateParty(&p, "petitioner"));
      dispute::SealParty(names_.cipher, &p);
      p.order_id = c.o.id;
      p.created_at = c.o.received_at;
      RETURN_IF_ERROR(tx.disputes().InsertParty(&p));
      sum.petitions += 1;
      sum.events += static_cast<int64_t>(c.events.size());
      sum.petitioners += 1;
      if (c.o.repeat_of) sum.repeats += 1;
      if (c.o.skip_level) sum.skip_level += 1;
      if (c.o.leader_user_id) sum.led += 1;
      if (order::IsOpen(c.o.state)) sum.open += 1;
    }
    return Status::Ok();
  }));
  spdlog::info("demo: {} petitions ({} open, {} repeated, {} skipping a level, {} led), {} timeline rows",
               sum.petitions, sum.open, sum.repeats, sum.skip_level, sum.led, sum.events);
  return sum;
}

}  // namespace

Result<DemoPetitionsSummary> BuildDemoPetitions(storage::Database& db, const FieldCipher& cipher,
                                                const DemoPetitionsOptions& opt) {
  Generator g(db, cipher, opt);
  RETURN_IF_ERROR(g.Load());
  return g.Run();
}

}  // namespace wangge::cli
