// The demo county's event-loop history. See orders.hpp for what it produces.
//
// Shape of the work: first every order's "seed" is drawn (when, where, which channel and category, whether it
// is a duplicate of an earlier report, whether it stalls in some state near the end) and the seeds are sorted
// by receipt time; then the seeds are taken in chunks, each order's life is played through the engine step by
// step on the calling thread, and each chunk is written by the database's writer while the next one is
// played, so ids follow receipt time and generation overlaps the SQLite inserts. The roll-ups are rebuilt
// once at the end (OrderRepo::RebuildRollups) instead of being maintained per step.
//
// Timing: each step is drawn relative to the window the engine gives it (the accept limit for the response,
// the handling limit for the work), counted in working time for limits in working hours or days (the command
// centre and the handlers work office hours) and in clock time for limits in natural hours (emergencies).
// Time-limit colour changes are fired as the scheduler would (an "alarm" step at alarm_at), so an order's
// timeline and its warn/alarm_at/late flags at `now` are what the live system would show.
#include "cli/demo/orders.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "cli/demo/internal.hpp"
#include "core/calendar.hpp"
#include "core/category.hpp"
#include "core/codes.hpp"
#include "core/crypto.hpp"
#include "core/shipped_data.hpp"
#include "service/order_service.hpp"
#include "storage/audit_repo.hpp"
#include "storage/catalogue_repo.hpp"
#include "storage/departments_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

using order::Action;
using order::Order;
using order::State;

// ------------------------------------------------------------------ random numbers

using demo_detail::Rng;  // the generator's (internal.hpp): a seed gives the same history everywhere

std::vector<double> Cumulate(const std::vector<double>& w) {
  std::vector<double> cum(w.size());
  double total = 0;
  for (size_t i = 0; i < w.size(); ++i) cum[i] = total += w[i];
  return cum;
}

// ------------------------------------------------------------------ working time

// Adds working time on the calendar: the instant at which `w` working seconds, counted from `t`, have passed.
class Clock {
 public:
  explicit Clock(const cal::Calendar* c) : cal_(c) {}
  int64_t AddWorking(int64_t t, int64_t w) const {
    const cal::WorkingHours& h = cal_->working_hours();
    const std::pair<int32_t, int32_t> periods[2] = {{h.morning_begin, h.morning_end},
                                                    {h.afternoon_begin, h.afternoon_end}};
    int32_t day = cal::LocalDay(t);
    for (int guard = 0; guard < 4000; ++guard, ++day) {
      if (!cal_->IsWorkingDay(day)) continue;
      const int64_t start = cal::DayStart(day);
      for (const auto& [b, e] : periods) {
        const int64_t pb = start + b, pe = start + e;
        if (pe <= pb || t >= pe) continue;
        const int64_t s = std::max(t, pb);
        if (w <= pe - s) return s + w;
        w -= pe - s;
        t = pe;
      }
    }
    return t + w;
  }
  int64_t Add(int64_t t, double secs, bool working) const {
    const auto s = static_cast<int64_t>(std::max(0.0, secs));
    return working ? AddWorking(t, s) : t + s;
  }
  int64_t Between(int64_t a, int64_t b, bool working) const {
    return std::max<int64_t>(60, working ? cal_->WorkingSecondsBetween(a, b) : b - a);
  }

 private:
  const cal::Calendar* cal_;
};

constexpr double kMin = 60, kHour = 3600, kWorkDay = 7 * 3600;

// ------------------------------------------------------------------ the category mix

struct Mix {
  std::string_view code;
  double patrol, pub;  // weight among patrol reports / among residents' reports (web, 12345, Open311)
};

// Share of each class, in percent of the channel's reports: patrols find street-level matters, residents
// bring services, disputes and opinions.
constexpr Mix kClassShare[] = {{"01", 36, 15},   {"02", 6, 1.5}, {"03", 4, 4},  {"04", 31, 12},
                               {"05", 0.4, 0.6}, {"06", 1, 2},   {"07", 4, 23}, {"08", 3, 17},
                               {"09", 4, 7},     {"10", 2, 0.8}, {"11", 1, 15}, {"12", 8, 3.5}};

// Relative weights of the subcategories inside their class.
constexpr Mix kSubShare[] = {
    {"0101", 30, 16}, {"0102", 12, 8},  {"0103", 20, 12}, {"0104", 10, 6},  {"0105", 4, 4},
    {"0106", 8, 5},   {"0107", 4, 10},  {"0108", 3, 15},  {"0201", 45, 30}, {"0202", 15, 20},
    {"0203", 10, 20}, {"0204", 15, 10}, {"0205", 15, 20}, {"0301", 30, 25}, {"0302", 10, 35},
    {"0303", 20, 10}, {"0304", 20, 20}, {"0305", 10, 5},  {"0306", 10, 5},  {"0401", 30, 22},
    {"0402", 8, 8},   {"0403", 20, 10}, {"0404", 15, 10}, {"0405", 12, 10}, {"0406", 8, 15},
    {"0407", 3, 4},   {"0501", 25, 25}, {"0502", 10, 15}, {"0503", 25, 20}, {"0504", 20, 15},
    {"0505", 2, 2},   {"0506", 10, 8},  {"0507", 3, 5},   {"0508", 5, 10},  {"0601", 30, 40},
    {"0602", 35, 30}, {"0603", 35, 30}, {"0701", 15, 12}, {"0702", 25, 10}, {"0703", 15, 8},
    {"0704", 50, 50}, {"0705", 5, 15},  {"0706", 5, 12},  {"0707", 3, 8},   {"0708", 2, 4},
    {"0801", 50, 70}, {"0802", 15, 15}, {"0803", 15, 10}, {"0804", 5, 15},  {"0805", 10, 12},
    {"0806", 2, 3},   {"0807", 5, 10},  {"0808", 3, 5},   {"0901", 15, 15}, {"0902", 35, 10},
    {"0903", 5, 15},  {"0904", 10, 15}, {"0905", 15, 15}, {"0906", 20, 15}, {"1001", 25, 15},
    {"1002", 20, 15}, {"1003", 25, 30}, {"1004", 15, 15}, {"1005", 10, 10}, {"1006", 5, 15},
    {"1101", 30, 35}, {"1102", 40, 10}, {"1103", 10, 25}, {"1104", 15, 10}, {"1105", 5, 5},
    {"1201", 15, 10}, {"1202", 25, 20}, {"1203", 30, 25}, {"1204", 10, 10}, {"1205", 3, 5},
    {"1206", 12, 15}, {"1207", 5, 15}};

// Departments that plausibly take part in a class's matters (吹哨 targets; the county's pick when the
// catalogue names none).
std::vector<std::string_view> ClassDepartments(std::string_view cls) {
  static const std::map<std::string_view, std::vector<std::string_view>> m = {
      {"01", {"chengguan", "zhujian"}},
      {"02", {"chengguan", "scjg"}},
      {"03", {"zhujian", "chengguan", "gongan"}},
      {"04", {"chengguan", "scjg", "gongan"}},
      {"05", {"gongan", "zhujian", "weijian"}},
      {"06", {"zhujian", "chengguan"}},
      {"07", {"minzheng", "weijian", "zhujian"}},
      {"08", {"sifa", "xinfang", "gongan", "minzheng"}},
      {"09", {"gongan", "sifa"}},
      {"10", {"sifa", "weijian", "gongan"}},
      {"11", {"xinfang", "minzheng"}},
      {"12", {"scjg", "zhujian", "gongan"}}};
  auto it = m.find(cls);
  return it == m.end() ? std::vector<std::string_view>{} : it->second;
}

// Share of handled matters of a class that drag on for weeks or months (难事: land and family disputes,
// petitions, illegal buildings, unsafe premises); about half of them are still open, overdue, at `now` -
// what keeps a real county's 解决率 below 100 %.
double HardShare(std::string_view cls) {
  static const std::map<std::string_view, double> m = {{"03", 0.2}, {"05", 0.06}, {"06", 0.1},
                                                       {"07", 0.1}, {"08", 0.22}, {"09", 0.08},
                                                       {"10", 0.1}, {"11", 0.2},  {"12", 0.12}};
  auto it = m.find(cls);
  return it == m.end() ? 0.04 : it->second;
}

// ------------------------------------------------------------------ texts

using Words = std::vector<std::string_view>;

// How a report describes the matter (after the category's name), per class.
const Words& Problems(std::string_view cls) {
  static const std::map<std::string_view, Words> m = {
      {"01",
       {"，影响周边环境卫生，请尽快清理", "，已有两三天无人处理，气味较大", "，群众多次反映，希望尽快处置",
        "，范围约十余平方米"}},
      {"02", {"，影响市容市貌", "，张贴、设置位置较多，需清理", "，存在安全隐患，需尽快处理"}},
      {"03",
       {"，影响周边居民正常生活", "，未见相关审批公示", "，夜间仍在作业，噪声较大", "，施工现场未设置围挡"}},
      {"04", {"，占用人行道影响通行", "，高峰时段造成拥堵", "，经劝导后仍反复出现", "，影响消防通道畅通"}},
      {"05", {"，情况紧急，请立即处置", "，现场已有人员值守，需相关部门尽快到场", "，存在较大安全风险"}},
      {"06", {"，需相关单位核实处理", "，影响群众出行", "，已损坏多日未修复"}},
      {"07",
       {"，当事人行动不便，希望协助办理", "，生活存在实际困难，请求帮助", "，咨询相关政策及办理流程",
        "，多次联系未果，请求协调"}},
      {"08",
       {"，双方争执不下，需调解", "，矛盾有激化苗头，请及时介入", "，已持续一段时间，双方均有诉求",
        "，涉及金额较大，请求调处"}},
      {"09", {"，存在治安隐患，请核查", "，周边群众有顾虑，请尽快处理", "，疑似违法线索，请相关部门核实"}},
      {"10", {"，近期情况异常，请关注", "，需落实帮扶和管控措施", "，家属反映情况，请求协助"}},
      {"11", {"，希望相关部门研究采纳", "，请予以答复", "，群众有较多意见"}},
      {"12", {"，存在安全隐患，请尽快排查整改", "，已提醒但未整改", "，隐患较大，请相关部门督促落实"}}};
  static const Words fallback = {"，请核实处理"};
  auto it = m.find(cls);
  return it == m.end() ? fallback : it->second;
}

// What the handler writes at 办结, per class.
const Words& Results(std::string_view cls) {
  static const std::map<std::string_view, Words> m = {
      {"01",
       {"已组织保洁人员清理完毕，现场恢复整洁", "已协调环卫清运，并对责任人进行劝导教育",
        "已处理完毕，并纳入日常巡查重点"}},
      {"02",
       {"已清除小广告并对张贴人员进行教育", "已责令设置单位限期拆除，现已拆除",
        "已加固拆除破损招牌，消除隐患"}},
      {"03",
       {"已责令施工单位整改，现场已规范", "已督促施工单位调整作业时间、设置围挡", "经核查已依法立案处理"}},
      {"04",
       {"经劝导，经营者已将摊位移至规定区域", "已清理占道物品，恢复通行", "已联合执法整治，并落实长效管理"}},
      {"05", {"已第一时间到场处置，险情已排除", "已设置警示标志并完成抢修", "已妥善处置，无人员伤亡"}},
      {"06", {"已现场核实并协调修复", "已完成维修，恢复正常使用", "已转相关单位处理并回复当事人"}},
      {"07", {"已上门了解情况并协助办理相关手续", "已落实帮扶措施", "已协调相关单位解决，并做好政策解释"}},
      {"08",
       {"经调解，双方达成一致意见，已签订调解协议", "已组织双方调解，矛盾已化解",
        "已引导当事人通过法律途径解决，并做好稳控"}},
      {"09", {"已核查处置，隐患已消除", "已移交公安机关依法处理", "已加强巡逻防控，情况已稳定"}},
      {"10", {"已上门走访，落实管控帮扶措施", "已联系家属及相关部门，情况稳定", "已纳入重点关注，定期随访"}},
      {"11", {"已答复当事人，并做好解释工作", "意见建议已转相关部门研究", "已核实情况并反馈处理结果"}},
      {"12", {"已督促整改，隐患已消除", "已联合检查，责令限期整改并复查合格", "已现场处置并开展安全宣传"}}};
  static const Words fallback = {"已处理完毕"};
  auto it = m.find(cls);
  return it == m.end() ? fallback : it->second;
}

const Words kSettleNotes = {"网格员现场劝导整改，问题当场解决", "网格员现场处置完毕",
                            "已就地处理，现场恢复正常", "已现场协调，当事人表示认可"};
const Words kRefuseReasons = {"不属于本平台受理范围，已告知通过其他渠道反映", "反映内容不具体，无法核实",
                              "经核实情况不属实", "属于司法程序处理事项，已引导依法维权",
                              "属于民事权益纠纷，已告知诉讼途径"};
const Words kReturnReasons = {"经核实不属于本单位职责范围", "需职能部门执法处置，本单位无执法权",
                              "派单信息有误，请核实后重新派单", "涉及事项超出本单位管辖，请改派"};
const Words kLowReturnReasons = {"该事项超出本级处置能力，请按派单目录改派",
                                 "按派单目录不属于本级职责，请改派"};
const Words kEscalateReasons = {"涉及多部门职责，需上级统筹协调", "超出本级处置能力，申请上级支持",
                                "问题复杂，本级无法解决"};
const Words kWhistleReasons = {"需多部门联合执法处置", "涉及职责交叉，吹哨相关部门到场",
                               "问题复杂，需部门力量支援"};
const Words kVerifyFailReasons = {"现场核查问题仍未解决", "处置不彻底，问题反弹", "办结情况与实际不符"};
const Words kExtensionReasons = {"需协调施工单位及相关方，申请延期", "涉及资金及审批程序，需延长办理时限",
                                 "当事人外出，需待其返回后调解", "需等待检测结果，申请延期"};
const Words kProgressNotes = {"已到现场核实情况", "已联系当事人了解诉求", "正在协调相关单位处理",
                              "已制定处置方案，正在推进"};
const Words kAckNotes = {"已到场报到，配合处置", "已安排人员到场", "已对接情况，按职责跟进"};
const Words kRateNotes1 = {"处理及时，很满意", "感谢网格员", "问题解决了，谢谢", "", ""};
const Words kRateNotes2 = {"基本解决，希望加强日常管理", "处理较慢，但问题已解决", ""};
const Words kRateNotes3 = {"问题没有根本解决", "处理结果不满意，问题仍然存在"};
const Words kSuperviseNotes = {"请抓紧办理，按期办结", "工单已超期，请说明原因并加快办理",
                               "挂牌督办，请主要负责人亲自过问"};
const Words kUrbanSpots = {"菜市场旁", "小区门口", "人民路", "文化广场", "学校门口",
                           "公交站旁", "背街小巷", "停车场", "河道边",   "商业街"};
const Words kRuralSpots = {"村委会旁", "村口", "公路边", "集市", "小学附近", "活动室旁", "水塘边", "机耕道"};

// ------------------------------------------------------------------ actors, seeds, generated orders

struct Actor {
  int64_t id = 0;
  std::string name;
  std::string role;
};

enum class Level { kGrid, kVillage, kTownship, kCounty, kDepartment };

Level LevelOf(std::string_view s) {
  if (s == "grid") return Level::kGrid;
  if (s == "village") return Level::kVillage;
  if (s == "county") return Level::kCounty;
  if (s == "department") return Level::kDepartment;
  return Level::kTownship;
}

enum Channel : uint8_t { kPatrol = 0, kWeb, kHotline, kOpen311 };
constexpr std::string_view kChannelNames[] = {"patrol", "web", "hotline", "open311"};

// What is drawn for an order before its life is played.
struct Seed {
  int64_t received = 0;
  uint32_t grid = 0;
  uint16_t cat = 0;  // index into Factory::cats_
  uint8_t channel = kPatrol;
  uint8_t urgency = 1;
  bool coords = true;
  bool village_only = false;  // a 12345 call placed only in its village
  bool settle = false;        // 就地办结
  int8_t stall = -1;          // State it stops in near the end, -1 none
  int32_t dup_of = -1;        // seed (sorted index) this one duplicates
  double lat = 0, lon = 0;
};

struct MergedIn {
  int64_t at;
  int target_state;
  size_t dup;  // chunk index of the merged order
  Actor by;
};

// One order with everything written with it.
struct Gen {
  Order o;
  std::vector<storage::OrderEvent> events;
  std::vector<storage::OrderCallin> callins;
  std::vector<MergedIn> merged_in;  // timeline rows of other orders merged into this one
  int64_t merge_target = -1;        // chunk index of the order it was merged into
  size_t merge_event = 0;           // index in events of the merge step
};

std::string Num(int64_t v) { return std::to_string(v); }

std::string EventData(const order::Input& in) {
  // Members in nlohmann::json's (sorted) order, as OrderService writes them.
  std::string d = "{";
  auto add = [&](std::string_view k, const std::string& v) {
    if (d.size() > 1) d += ',';
    d += '"';
    d += k;
    d += "\":";
    d += v;
  };
  if (in.days) add("days", Num(in.days));
  if (!in.departments.empty()) {
    std::string a = "[";
    for (size_t i = 0; i < in.departments.size(); ++i) a += (i ? "," : "") + Num(in.departments[i]);
    add("departments", a + "]");
  }
  if (in.merge_into) add("merge_into", Num(*in.merge_into));
  if (in.rating) add("rating", Num(in.rating));
  if (in.strength) add("strength", Num(in.strength));
  if (in.target_dept) add("target_dept", Num(*in.target_dept));
  if (!in.target_place.empty()) add("target_place", "\"" + in.target_place + "\"");
  return d + "}";
}

// ------------------------------------------------------------------ the factory

class Factory {
 public:
  Factory(storage::Database& db, const FieldCipher& cipher, const DemoOrdersOptions& opt)
      : db_(db),
        cipher_(cipher),
        opt_(opt),
        now_(opt.now),
        rng_(opt.seed ^ 0x6f72646572730001ULL),
        life_rng_(opt.seed ^ 0x6f72646572730002ULL),
        clock_(&calendar_) {}

  Status Load();
  void DrawSeeds();
  Result<DemoOrdersSummary> Run();

 private:
  friend class Life;
  // Actors.
  Actor GridWorker(const std::string& grid) const;
  Actor Secretary(const std::string& village) const;
  Actor Township(const std::string& township) const;
  Actor County() const;
  Actor DeptHandler(int64_t dept) const;
  Actor Command(const Order& o) const {
    return o.command_place.size() == 6 ? County() : Township(o.command_place);
  }
  Actor Handler(const Order& o) const;
  static Actor System() { return Actor{0, "系统", "system"}; }
  std::string Name(Rng& rng) const;
  std::optional<int64_t> DeptId(std::string_view code) const {
    auto it = dept_ids_.find(std::string(code));
    return it == dept_ids_.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }

  Status Play(size_t index, std::vector<Gen>& chunk, size_t chunk_begin);
  static Status Write(storage::Tx& tx, std::vector<Gen>& chunk);

  storage::Database& db_;
  const FieldCipher& cipher_;
  const DemoOrdersOptions& opt_;
  int64_t now_;
  Rng rng_, life_rng_;
  cal::Calendar calendar_;
  Clock clock_;
  std::vector<Category> cats_;  // the subcategories orders are drawn from
  std::vector<double> cum_patrol_, cum_public_;
  std::vector<double> cum_grid_;
  std::unordered_map<std::string, std::string> village_names_, township_names_;
  std::unordered_map<std::string, size_t> grid_index_;
  std::map<std::string, int64_t> dept_ids_;
  std::map<int64_t, std::string> dept_names_;
  std::unordered_map<std::string, Actor> grid_workers_, secretaries_, townships_, residents_;
  std::map<int64_t, Actor> dept_handlers_;
  std::optional<Actor> county_, hotline_;
  std::vector<double> surname_cum_;
  std::vector<std::string_view> surnames_;
  std::vector<Seed> seeds_;
  double settle_p_ = 0.6;
  int yellow_quota_ = 5, yellow_held_ = 0;  // handling orders kept open in their yellow stretch at `now`
  std::string county_name_ = "县";
};

Status Factory::Load() {
  if (opt_.county.size() != 6)
    return InvalidArgument("县级代码应为 6 位", "county must be 6 digits", "county");
  if (opt_.grids.empty()) return InvalidArgument("没有网格", "no grids to place orders in", "grids");
  if (now_ == 0) now_ = storage::NowUnix();
  // Catalogue: the database's, else the shipped tables.
  std::vector<Category> all;
  {
    ASSIGN_OR_RETURN(auto tx, db_.Read());
    ASSIGN_OR_RETURN(all, DemoCategories(*tx));
    ASSIGN_OR_RETURN(calendar_, DemoCalendar(*tx));
    storage::PageRequest page{"", 500};
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
    page = storage::PageRequest{"", 500};
    for (;;) {
      ASSIGN_OR_RETURN(auto pg, tx->users().List(opt_.county, page));
      for (const User& u : pg.items) {
        if (u.disabled) continue;
        Actor a{u.id, u.display_name, u.role};
        if (u.role == "grid_worker") grid_workers_.emplace(u.place_code, a);
        if (u.role == "community_secretary") secretaries_.emplace(u.place_code, a);
        if (u.role == "township_official") townships_.emplace(u.place_code, a);
        if (u.role == "resident") residents_.emplace(u.place_code, a);
        if (u.role == "county_command" && u.place_code == opt_.county && !county_) county_ = a;
        if (u.role == "hotline_operator" && !hotline_) hotline_ = a;
        if (u.role == "department_handler" && u.department_id) dept_handlers_.emplace(*u.department_id, a);
      }
      if (pg.next.empty()) break;
      page.after = pg.next;
    }
    if (auto p = tx->places().Get(opt_.county); p.ok()) county_name_ = p->name;
  }
  // The mix over the subcategories present and active.
  std::map<std::string, std::pair<double, double>> class_share, class_total;
  for (const Mix& m : kClassShare) class_share[std::string(m.code)] = {m.patrol, m.pub};
  std::map<std::string, const Mix*> sub;
  for (const Mix& m : kSubShare) sub[std::string(m.code)] = &m;
  for (const Category& c : all)
    if (c.active && !c.parent.empty() && sub.count(c.code)) {
      cats_.push_back(c);
      class_total[c.parent].first += sub[c.code]->patrol;
      class_total[c.parent].second += sub[c.code]->pub;
    }
  if (cats_.empty()) {  // a catalogue of other codes: every active subcategory alike
    for (const Category& c : all)
      if (c.active && !c.parent.empty()) cats_.push_back(c);
    if (cats_.empty())
      return InvalidArgument("事件分类目录为空", "the category table is empty", "categories");
  }
  std::vector<double> wp, wq;
  double micro_patrol = 0, total_patrol = 0;
  for (const Category& c : cats_) {
    auto s = sub.find(c.code);
    double p = 1, q = 1;
    if (s != sub.end()) {
      const auto& share = class_share[c.parent];
      const auto& tot = class_total[c.parent];
      p = tot.first > 0 ? share.first * s->second->patrol / tot.first : 0;
      q = tot.second > 0 ? share.second * s->second->pub / tot.second : 0;
    }
    wp.push_back(p);
    wq.push_back(q);
    total_patrol += p;
    if (c.micro) micro_patrol += p;
  }
  cum_patrol_ = Cumulate(wp);
  cum_public_ = Cumulate(wq);
  // ~38 % of patrol reports are settled on the spot, all of them micro matters.
  settle_p_ = micro_patrol > 0 ? std::min(0.95, 0.38 * total_patrol / micro_patrol) : 0;
  // Places: busier where more households live, a little busier in town.
  std::vector<double> wg;
  for (size_t i = 0; i < opt_.grids.size(); ++i) {
    const DemoGrid& g = opt_.grids[i];
    wg.push_back(std::max(1.0, g.households * (g.urban ? 1.25 : 1.0) + (g.exclusive ? 50 : 0)));
    grid_index_[g.code] = i;
    village_names_[g.code.substr(0, 12)] = g.village_name;
    township_names_[g.code.substr(0, 9)] = g.township_name;
  }
  cum_grid_ = Cumulate(wg);
  std::vector<double> ws;
  for (const auto& w : demo_detail::Surnames()) {
    surnames_.push_back(w.word);
    ws.push_back(w.weight);
  }
  surname_cum_ = Cumulate(ws);
  return Status::Ok();
}

// ------------------------------------------------------------------ actors

Actor Factory::GridWorker(const std::string& grid) const {
  if (auto it = grid_workers_.find(grid); it != grid_workers_.end()) return it->second;
  auto g = grid_index_.find(grid);
  return Actor{0, (g == grid_index_.end() ? std::string() : opt_.grids[g->second].name) + "网格员",
               "grid_worker"};
}
Actor Factory::Secretary(const std::string& village) const {
  if (auto it = secretaries_.find(village); it != secretaries_.end()) return it->second;
  auto v = village_names_.find(village);
  return Actor{0, (v == village_names_.end() ? std::string() : v->second) + "书记", "community_secretary"};
}
Actor Factory::Township(const std::string& township) const {
  if (auto it = townships_.find(township); it != townships_.end()) return it->second;
  auto t = township_names_.find(township);
  return Actor{0, (t == township_names_.end() ? std::string() : t->second) + "综治中心", "township_official"};
}
Actor Factory::County() const {
  return county_ ? *county_ : Actor{0, county_name_ + "综治中心", "county_command"};
}
Actor Factory::DeptHandler(int64_t dept) const {
  if (auto it = dept_handlers_.find(dept); it != dept_handlers_.end()) return it->second;
  auto d = dept_names_.find(dept);
  return Actor{0, (d == dept_names_.end() ? std::string("部门") : d->second) + "经办人",
               "department_handler"};
}
Actor Factory::Handler(const Order& o) const {
  if (o.assignee_dept) return DeptHandler(*o.assignee_dept);
  switch (o.assignee_place.size()) {
    case 15:
      return GridWorker(o.assignee_place);
    case 12:
      return Secretary(o.assignee_place);
    case 9:
      return Township(o.assignee_place);
    default:
      return Command(o);
  }
}

std::string Factory::Name(Rng& rng) const {
  const bool male = rng.Chance(0.5);
  const int gen = rng.Int(0, 2);
  const demo_detail::GivenNameChars& g = demo_detail::GivenNames(male ? 0 : 1, gen);
  std::string n(surnames_[rng.Cumulative(surname_cum_)]);
  if (!rng.Chance(0.3)) n += rng.Pick(g.first);
  n += rng.Pick(g.last);
  return n;
}

// ------------------------------------------------------------------ seeds

// Seasonal curve of reports (rainy summer busiest, Spring Festival quietest), by month 1-12.
constexpr double kSeason[12] = {0.85, 0.75, 0.95, 1.0, 1.05, 1.1, 1.15, 1.12, 1.05, 0.95, 0.95, 0.9};
// Hour-of-day weights per channel: patrols in office hours, residents also in the evening, 12345 by day.
constexpr double kHours[4][24] = {
    {0.05, 0.02, 0.02, 0.02, 0.02, 0.05, 0.3, 2, 8, 12, 12, 10, 3, 2, 5, 10, 11, 9, 4, 2, 1, 0.5, 0.2, 0.1},
    {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 1, 3, 6, 8, 8, 7, 5, 4, 5, 6, 6, 6, 5, 6, 8, 8, 5, 2},
    {0.3, 0.2, 0.1, 0.1, 0.1, 0.3, 0.8, 2, 7, 11, 11, 9, 4, 4, 8, 10, 10, 8, 4, 3, 3, 2, 1, 0.5},
    {0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 1, 3, 6, 8, 8, 7, 5, 4, 5, 6, 6, 6, 5, 6, 8, 8, 5, 2}};

void Factory::DrawSeeds() {
  Rng& rng = rng_;
  const int32_t today = cal::LocalDay(now_);
  const int32_t first = today - 364;
  const int64_t begin = cal::DayStart(first);
  // Day weights: workdays busiest; patrols rest at weekends and holidays more than residents do.
  std::vector<double> day_patrol, day_public;
  for (int32_t d = first; d <= today; ++d) {
    const cal::CivilDate cd = cal::CivilFromDay(d);
    double w =
        kSeason[cd.month - 1] * (0.9 + 0.2 * (d - first) / 365.0);  // the platform is used more and more
    if (d == today) w *= std::clamp(static_cast<double>(now_ - cal::DayStart(d)) / 86400.0, 0.02, 1.0);
    double p = 1, q = 1;
    if (!calendar_.IsWorkingDay(d)) {
      const cal::DayOverride* ov = calendar_.Find(d);
      const bool holiday = ov && ov->type == cal::DayType::kHoliday;
      const bool spring = holiday && ov->name.find("春节") != std::string::npos;
      p = spring ? 0.15 : holiday ? 0.25 : 0.35;
      q = spring ? 0.45 : holiday ? 0.6 : 0.75;
    }
    day_patrol.push_back(w * p);
    day_public.push_back(w * q);
  }
  const auto cum_dp = Cumulate(day_patrol), cum_dq = Cumulate(day_public);
  std::vector<std::vector<double>> cum_hours;
  for (const auto& h : kHours) cum_hours.push_back(Cumulate(std::vector<double>(std::begin(h), std::end(h))));

  const int n = opt_.full ? 308000 + rng.Int(0, 14000) : 2940 + rng.Int(0, 120);
  const std::vector<double> cum_channel = Cumulate({0.55, 0.20, 0.20, 0.05});
  auto place = [&](Seed& s) {
    const DemoGrid& g = opt_.grids[s.grid];
    s.lon = std::round((g.west + (0.04 + 0.92 * rng.Real()) * (g.east - g.west)) * 1e6) / 1e6;
    s.lat = std::round((g.south + (0.04 + 0.92 * rng.Real()) * (g.north - g.south)) * 1e6) / 1e6;
  };
  auto time_of = [&](Seed& s) {
    const auto& cum_day = s.channel == kPatrol ? cum_dp : cum_dq;
    const int32_t d = first + static_cast<int32_t>(rng.Cumulative(cum_day));
    for (int attempt = 0; attempt < 40; ++attempt) {
      const int h = static_cast<int>(rng.Cumulative(cum_hours[s.channel]));
      s.received = cal::DayStart(d) + h * 3600 + rng.Int(0, 3599);
      if (s.received < now_) return;
    }
    s.received = std::max(begin, now_ - rng.Int(60, 3600));
  };
  auto urgency_of = [&](const Category& c) -> uint8_t {
    const double r = rng.Real();
    switch (c.default_urgency) {
      case 3:
        return r < 0.1 ? 1 : r < 0.5 ? 2 : 3;
      case 2:
        return r < 0.45 ? 1 : r < 0.95 ? 2 : 3;
      default:
        return r < 0.9 ? 1 : r < 0.99 ? 2 : 3;
    }
  };
  seeds_.reserve(static_cast<size_t>(n) * 103 / 100);
  for (int i = 0; i < n; ++i) {
    Seed s;
    s.channel = static_cast<uint8_t>(rng.Cumulative(cum_channel));
    s.grid = static_cast<uint32_t>(rng.Cumulative(cum_grid_));
    s.cat = static_cast<uint16_t>(rng.Cumulative(s.channel == kPatrol ? cum_patrol_ : cum_public_));
    const Category& c = cats_[s.cat];
    s.urgency = urgency_of(c);
    time_of(s);
    switch (s.channel) {
      case kWeb:
        s.coords = rng.Chance(0.95);
        break;
      case kHotline:
        s.coords = rng.Chance(0.5);
        s.village_only = !s.coords && rng.Chance(0.2);
        break;
      default:
        s.coords = true;
    }
    if (s.coords) place(s);
    s.settle = s.channel == kPatrol && c.micro && rng.Chance(settle_p_);
    seeds_.push_back(s);
  }
  // Duplicates (~2 %): the same matter reported again nearby within a day or so, mostly by residents.
  const int dups = n / 50;
  for (int i = 0; i < dups; ++i) {
    const size_t j = static_cast<size_t>(rng.Int(0, n - 1));
    Seed s = seeds_[j];
    s.settle = false;
    s.channel = static_cast<uint8_t>(rng.Cumulative(Cumulate({0.3, 0.35, 0.3, 0.05})));
    s.received += static_cast<int64_t>(rng.Range(0.3, 30) * kHour);
    if (s.received >= now_) continue;
    s.coords = s.channel != kHotline || rng.Chance(0.5);
    s.village_only = false;
    if (s.coords) {
      const DemoGrid& g = opt_.grids[s.grid];
      if (seeds_[j].coords) {  // ~50 m away, still inside the grid
        s.lon = std::round(std::clamp(seeds_[j].lon + rng.Range(-5e-4, 5e-4), g.west + 1e-6, g.east - 1e-6) *
                           1e6) /
                1e6;
        s.lat =
            std::round(std::clamp(seeds_[j].lat + rng.Range(-5e-4, 5e-4), g.south + 1e-6, g.north - 1e-6) *
                       1e6) /
            1e6;
      } else {
        place(s);
      }
    }
    s.dup_of = static_cast<int32_t>(j);
    seeds_.push_back(s);
  }
  // Receipt order (ties by draw order), then the duplicates point at their originals' new positions.
  std::vector<uint32_t> perm(seeds_.size());
  for (uint32_t i = 0; i < perm.size(); ++i) perm[i] = i;
  std::stable_sort(perm.begin(), perm.end(),
                   [&](uint32_t a, uint32_t b) { return seeds_[a].received < seeds_[b].received; });
  std::vector<uint32_t> pos(perm.size());
  for (uint32_t i = 0; i < perm.size(); ++i) pos[perm[i]] = i;
  std::vector<Seed> sorted;
  sorted.reserve(seeds_.size());
  for (uint32_t i : perm) {
    Seed s = seeds_[i];
    if (s.dup_of >= 0) s.dup_of = static_cast<int32_t>(pos[static_cast<size_t>(s.dup_of)]);
    sorted.push_back(s);
  }
  seeds_ = std::move(sorted);
  // Orders that stall near the end, so every open state is there at `now` whatever the hour: a few reports
  // not yet accepted, accepted ones waiting for dispatch, dispatched ones not claimed, returned ones waiting
  // to be dispatched again, finished ones waiting for the check.
  const int quota = std::max(3, static_cast<int>(seeds_.size()) / 4000);
  yellow_quota_ = std::max(5, static_cast<int>(seeds_.size()) / 2000);
  const std::pair<State, int> stalls[] = {{State::kReported, 4},
                                          {State::kAccepted, 10},
                                          {State::kDispatched, 10},
                                          {State::kReturned, 10},
                                          {State::kFinished, 10}};
  for (const auto& [state, days] : stalls) {
    std::vector<size_t> cand;
    for (size_t i = 0; i < seeds_.size(); ++i) {
      const Seed& s = seeds_[i];
      const int64_t age = now_ - s.received;
      if (age < 86400 || age > days * 86400 || s.settle || s.dup_of >= 0 || s.stall >= 0) continue;
      cand.push_back(i);
    }
    for (int k = 0; k < quota && !cand.empty(); ++k) {
      const size_t c = static_cast<size_t>(rng.Int(0, static_cast<int>(cand.size()) - 1));
      seeds_[cand[c]].stall = static_cast<int8_t>(state);
      cand.erase(cand.begin() + static_cast<std::ptrdiff_t>(c));
    }
  }
}

// ------------------------------------------------------------------ one order's life

class Life {
 public:
  Life(Factory& f, const Seed& s, Gen& g, std::vector<Gen>& chunk, size_t chunk_begin)
      : f_(f),
        s_(s),
        g_(g),
        o_(g.o),
        chunk_(chunk),
        chunk_begin_(chunk_begin),
        rng_(f.life_rng_),
        c_(f.cats_[s.cat]) {
    const int u = std::clamp(static_cast<int>(s.urgency), 1, 3);
    handle_working_ = c_.handle_limit[u - 1].unit != cal::LimitUnit::kNaturalHours;
    accept_working_ = c_.accept_limit.unit != cal::LimitUnit::kNaturalHours;
  }

  Status Play();

 private:
  // The engine step `a` at `t` (moved after the previous step); false once `t` reaches `now`, which ends
  // the life (the order stays in its state).
  bool Step(Action a, int64_t t, const Actor& who, order::Input in = {});
  void FireAlarms(int64_t until);
  int64_t Last() const { return g_.events.empty() ? o_.received_at : g_.events.back().at; }
  // `t` plus a delay in the command centre's / handler's time.
  int64_t After(int64_t t, double secs) const { return f_.clock_.Add(t, secs, handle_working_); }
  // A point `frac` of the way through the window [start, due).
  int64_t Within(int64_t start, int64_t due, double frac, bool working) const {
    return f_.clock_.Add(start, f_.clock_.Between(start, due, working) * frac, working);
  }
  // A short office delay: minutes mostly, hours sometimes, days rarely.
  double Delay(double lo_min, double hi_min) {
    const double r = rng_.Real();
    if (r < 0.85) return rng_.Range(lo_min, hi_min) * kMin;
    if (r < 0.98) return rng_.Range(hi_min, std::max(hi_min * 2, 8 * 60.0)) * kMin;
    return rng_.Range(1, 3) * kWorkDay;
  }
  std::string_view Pick(const Words& w) { return rng_.Pick(w); }
  // Who issues 督办: the township centre over its villages, grids and departments; the county over a
  // township's own work, over what it owns, and for 挂牌督办 (strength 3).
  Actor Supervisor(int strength) const {
    const bool township_work = !o_.assignee_dept && o_.assignee_place.size() == 9;
    return strength == 3 || township_work || o_.command_place.size() == 6 ? f_.County() : f_.Command(o_);
  }
  std::string Cls() const { return c_.parent.empty() ? c_.code.substr(0, 2) : c_.parent; }

  int StateAt(const Gen& g, int64_t t) const;
  void Setup();
  void Respond();
  bool Dispatch(int64_t t, Level lvl);
  Level Lower(Level l) const;
  Level Alternative(Level l);
  void Handle();
  void Work();
  void Check();
  void Rework();
  void Finish(int64_t t);

  Factory& f_;
  const Seed& s_;
  Gen& g_;
  Order& o_;
  std::vector<Gen>& chunk_;
  size_t chunk_begin_;
  Rng& rng_;
  const Category& c_;
  bool handle_working_ = true, accept_working_ = true;
  bool stopped_ = false;
  Status err_;
  Level dispatched_level_ = Level::kTownship;
  bool returned_ = false;
};

bool Life::Step(Action a, int64_t t, const Actor& who, order::Input in) {
  if (stopped_ || !err_.ok()) return false;
  if (!g_.events.empty() && t <= g_.events.back().at) t = g_.events.back().at + 30 + rng_.Int(0, 270);
  FireAlarms(t);
  if (t >= f_.now_) {
    stopped_ = true;
    return false;
  }
  const order::Rule* rule = order::FindRule(o_.kind, a);
  const bool creating = rule && rule->from == 0;
  if (!rule || (!creating && !(rule->from & order::Bit(o_.state)))) {
    err_ = Internal("demo orders: " + std::string(order::ActionName(a)) + " from " +
                    std::string(order::StateName(o_.state)));
    return false;
  }
  const int from = creating ? -1 : static_cast<int>(o_.state);
  in.action = a;
  order::Env env{t, &f_.calendar_, &c_, who.id};
  if (Status st = order::Apply(o_, in, env); !st.ok()) {
    err_ = st;
    return false;
  }
  // Steps by people without a demo account carry user 0: no handler id then.
  if (o_.handler_user_id && *o_.handler_user_id == 0) o_.handler_user_id.reset();
  if (!creating) o_.version++;  // every later step is one Update
  storage::OrderEvent e;
  e.at = t;
  e.action = std::string(order::ActionName(a));
  e.from_state = from;
  e.to_state = static_cast<int>(o_.state);
  e.user_id = who.id;
  e.user_name = who.name;
  e.role = who.role;
  e.reason = std::move(in.reason);
  e.note = std::move(in.note);
  e.data = EventData(in);
  g_.events.push_back(std::move(e));
  return true;
}

void Life::FireAlarms(int64_t until) {
  if (Status st = FireDemoAlarms(o_, g_.events, f_.calendar_, c_, until, f_.now_); !st.ok()) err_ = st;
}

int Life::StateAt(const Gen& g, int64_t t) const {
  int st = -1;
  for (const auto& e : g.events) {
    if (e.at > t) break;
    if (e.action != "alarm") st = e.to_state;
  }
  return st;
}

void Life::Setup() {
  const DemoGrid& grid = f_.opt_.grids[s_.grid];
  o_.category = c_.code;
  o_.urgency = s_.urgency;
  o_.channel = std::string(kChannelNames[s_.channel]);
  o_.place_code = s_.village_only ? grid.code.substr(0, 12) : grid.code;
  if (s_.coords) {
    o_.lat = s_.lat;
    o_.lon = s_.lon;
  }
  std::string spot;
  if (grid.exclusive) {
    spot = grid.name.substr(0, grid.name.rfind("专属网格")) + "周边";
  } else if (grid.urban) {
    spot = std::string(Pick(kUrbanSpots));
  } else {
    spot = rng_.Chance(0.4) ? "第" + std::to_string(rng_.Int(1, 12)) + "村民小组"
                            : std::string(Pick(kRuralSpots));
  }
  o_.address = grid.township_name + grid.village_name + spot;
  if (!s_.coords) o_.address += "附近";
  o_.title = c_.name_zh + "（" + grid.village_name + "）";
  static const std::string_view kLead[] = {"巡查发现：", "", "市民来电反映：", ""};
  o_.description = std::string(kLead[s_.channel]) + grid.village_name + spot + c_.name_zh +
                   std::string(Pick(Problems(Cls()))) + "。";
}

Status Life::Play() {
  Setup();
  const DemoGrid& grid = f_.opt_.grids[s_.grid];
  Actor reporter;
  switch (s_.channel) {
    case kPatrol:
      reporter = f_.GridWorker(grid.code);
      o_.reporter_user_id = reporter.id;
      o_.reporter_name = reporter.name;
      break;
    case kWeb: {
      auto r = f_.residents_.end();
      for (size_t len : {12u, 9u, 15u})
        if (r == f_.residents_.end()) r = f_.residents_.find(grid.code.substr(0, len));
      if (r != f_.residents_.end() && rng_.Chance(0.3)) {
        reporter = r->second;
      } else {
        reporter = Actor{0, f_.Name(rng_), "resident"};
      }
      o_.reporter_user_id = reporter.id;
      o_.reporter_name = reporter.name;
      break;
    }
    case kHotline:
      reporter = f_.hotline_ ? *f_.hotline_ : Actor{0, "12345热线", "hotline_operator"};
      o_.reporter_name = f_.Name(rng_);
      o_.reporter_phone = "154" + std::to_string(10000000 + rng_.Int(0, 89999999));
      break;
    default:
      reporter = Actor{0, "Open311", "open311"};
      if (rng_.Chance(0.7)) o_.reporter_name = f_.Name(rng_);
      if (rng_.Chance(0.6)) o_.reporter_phone = "154" + std::to_string(10000000 + rng_.Int(0, 89999999));
  }
  // Personal data only encrypted (and masked), as OrderService::Report stores it.
  RETURN_IF_ERROR(service::OrderService::EncryptReporter(f_.cipher_, &o_));
  o_.reporter_name.clear();
  o_.reporter_phone.clear();

  if (s_.settle && s_.stall < 0) {
    order::Input in;
    in.note = std::string(Pick(kSettleNotes));
    if (Step(Action::kSettle, s_.received, f_.GridWorker(grid.code), in)) Check();
  } else if (Step(Action::kReport, s_.received, reporter)) {
    Respond();
  }
  if (!err_.ok()) return err_;
  // As the scheduler would have left it at `now`.
  FireAlarms(f_.now_);
  order::RefreshAlarm(o_, f_.now_);
  // 报到 overdue: the scheduler's row at the due time, and the flag.
  bool overdue = false;
  for (auto& ci : g_.callins) {
    const int64_t acked = ci.acked_at == 0 ? f_.now_ : ci.acked_at;
    if (ci.due_at >= acked) continue;
    ci.overdue_notified = true;
    storage::OrderEvent e;
    e.at = ci.due_at;
    e.action = "callin_overdue";
    e.from_state = e.to_state = StateAt(g_, ci.due_at);
    e.user_name = "系统";
    e.role = "system";
    e.data = "{\"dept\":" + Num(ci.dept_id) + "}";
    g_.events.push_back(std::move(e));
    overdue = true;
  }
  if (overdue)
    std::stable_sort(g_.events.begin(), g_.events.end(),
                     [](const storage::OrderEvent& a, const storage::OrderEvent& b) { return a.at < b.at; });
  return err_;
}

void Life::Respond() {
  if (s_.stall == static_cast<int>(State::kReported)) return;
  // 95 % answered inside the accept limit, mostly early in it.
  const bool late = rng_.Chance(0.05);
  const double frac = late ? rng_.Range(1.05, 2.5) : 0.04 + 0.9 * std::pow(rng_.Real(), 1.6);
  const int64_t t = Within(o_.received_at, o_.accept_due, frac, accept_working_);
  const Actor cmd = f_.Command(o_);
  // A duplicate: merged into the earlier order while that is open, refused when it is already done.
  if (s_.dup_of >= 0 && s_.stall < 0) {
    const int64_t local = static_cast<int64_t>(s_.dup_of) - static_cast<int64_t>(chunk_begin_);
    if (local >= 0 && local < static_cast<int64_t>(chunk_.size()) - 1) {
      Gen& target = chunk_[static_cast<size_t>(local)];
      const int st = StateAt(target, std::max(t, Last() + 60));
      if (st >= 0 && order::IsOpen(static_cast<State>(st))) {
        order::Input in;
        in.merge_into = 0;  // the target's id, filled in when written
        in.note = "与同一问题合并办理";
        const size_t idx = g_.events.size();
        if (Step(Action::kMerge, t, cmd, in)) {
          g_.merge_target = local;
          g_.merge_event = idx;
          target.merged_in.push_back(
              MergedIn{g_.events.back().at, StateAt(target, g_.events.back().at), chunk_.size() - 1, cmd});
        }
        return;
      }
      if (st >= 0) {
        order::Input in;
        in.reason = "该问题已处理办结，属重复反映";
        Step(Action::kRefuse, t, cmd, in);
        return;
      }
    }
  }
  // Refusals: rare for patrols, more for residents' reports (opinions, private disputes, vague calls).
  static constexpr double kRefuse[] = {0.015, 0.09, 0.08, 0.12};
  if (s_.stall < 0 && rng_.Chance(kRefuse[s_.channel] * (Cls() == "11" ? 1.6 : 1.0))) {
    order::Input in;
    in.reason = std::string(Pick(kRefuseReasons));
    Step(Action::kRefuse, t, cmd, in);
    return;
  }
  if (!Step(Action::kAccept, t, cmd)) return;
  if (s_.stall == static_cast<int>(State::kAccepted)) return;
  Handle();
  if (!stopped_ && o_.state == State::kFinished) Check();
}

Level Life::Lower(Level l) const {
  switch (l) {
    case Level::kDepartment:
    case Level::kCounty:
      return Level::kTownship;
    case Level::kTownship:
      return Level::kVillage;
    case Level::kVillage:
      return o_.place_code.size() == 15 ? Level::kGrid : Level::kVillage;
    default:
      return l;
  }
}

// Where a returned order goes next when the first dispatch followed the catalogue.
Level Life::Alternative(Level l) {
  switch (l) {
    case Level::kDepartment:
      return rng_.Chance(0.6) ? Level::kTownship : Level::kDepartment;
    case Level::kTownship:
      return Level::kDepartment;
    case Level::kVillage:
      return Level::kTownship;
    case Level::kGrid:
      return Level::kVillage;
    default:
      return Level::kTownship;
  }
}

bool Life::Dispatch(int64_t t, Level lvl) {
  order::Input in;
  const std::string cls = Cls();
  auto dept_for = [&](bool other) -> std::optional<int64_t> {
    std::vector<int64_t> pool;
    if (!other && !c_.default_department.empty())
      if (auto d = f_.DeptId(c_.default_department)) return d;
    for (std::string_view code : ClassDepartments(cls))
      if (auto d = f_.DeptId(code); d && (!o_.assignee_dept || *d != *o_.assignee_dept)) pool.push_back(*d);
    if (pool.empty()) return std::nullopt;
    return rng_.Pick(pool);
  };
  if (lvl == Level::kCounty) lvl = rng_.Chance(0.6) ? Level::kDepartment : Level::kTownship;
  if (lvl == Level::kGrid && o_.place_code.size() != 15) lvl = Level::kVillage;
  if (lvl == Level::kDepartment) {
    in.target_dept = dept_for(returned_);
    if (!in.target_dept) lvl = Level::kTownship;
  }
  switch (lvl) {
    case Level::kGrid:
      in.target_place = o_.place_code;
      break;
    case Level::kVillage:
      in.target_place = o_.place_code.substr(0, 12);
      break;
    case Level::kTownship:
      in.target_place = o_.place_code.substr(0, 9);
      break;
    default:
      break;
  }
  dispatched_level_ = lvl;
  return Step(Action::kDispatch, t, f_.Command(o_), in);
}

void Life::Handle() {
  Level lvl = LevelOf(c_.handling_level);
  if (lvl == Level::kGrid && o_.place_code.size() != 15) lvl = Level::kVillage;
  const bool force_return = s_.stall == static_cast<int>(State::kReturned);
  bool lower = !force_return && rng_.Chance(0.03) && Lower(lvl) != lvl;
  int64_t t = Last();
  if (lvl == Level::kCounty && !lower) {
    // 大事不出乡 has its limits: the township centre hands county matters up at once.
    order::Input in;
    in.reason = "按派单目录属县级事项，提请县综治中心统筹";
    if (!Step(Action::kEscalate, After(t, Delay(5, 60)), f_.Command(o_), in)) return;
    t = Last();
  }
  if (!Dispatch(After(t, Delay(3, 90)), lower ? Lower(lvl) : lvl)) return;
  bool mis = lower;
  for (int round = 0; round < 6; ++round) {
    if (s_.stall == static_cast<int>(State::kDispatched)) return;
    const bool may_bounce = round < 3;
    const bool do_return =
        may_bounce && ((force_return && !returned_) || (mis ? rng_.Chance(0.5) : rng_.Chance(0.035)));
    auto bounce = [&](int64_t when) -> bool {
      order::Input in;
      in.reason = std::string(Pick(mis ? kLowReturnReasons : kReturnReasons));
      if (!Step(Action::kReturn, when, f_.Handler(o_), in)) return false;
      returned_ = true;
      if (force_return) return false;  // waits for the command centre
      const Level next = mis ? lvl : Alternative(dispatched_level_);
      mis = false;
      return Dispatch(After(Last(), Delay(10, 240)), next);
    };
    if (do_return && rng_.Chance(0.4)) {  // sent back before anyone claims it
      if (!bounce(After(Last(), Delay(10, 180)))) return;
      continue;
    }
    if (!Step(Action::kClaim, After(Last(), Delay(5, 120)), f_.Handler(o_))) return;
    if (do_return) {
      if (!bounce(Within(o_.phase_start, o_.handle_due, rng_.Range(0.05, 0.3), handle_working_))) return;
      continue;
    }
    // 上报: one level up, mostly when the matter is too big for the level it reached.
    const bool can_escalate =
        o_.command_place.size() == 9 || (!o_.assignee_dept && o_.assignee_place.size() >= 12);
    if (may_bounce && can_escalate && (mis ? rng_.Chance(0.5) : rng_.Chance(0.03))) {
      order::Input in;
      in.reason = std::string(Pick(kEscalateReasons));
      if (!Step(Action::kEscalate,
                Within(o_.phase_start, o_.handle_due, rng_.Range(0.05, 0.35), handle_working_),
                f_.Handler(o_), in))
        return;
      mis = false;
      if (o_.state == State::kAccepted) {
        // The centre that now owns it dispatches again: a township to itself or a department; the county to a
        // department or back to the township with its weight behind it.
        const Level next = o_.command_place.size() == 6 ? Level::kCounty
                           : rng_.Chance(0.6)           ? Level::kTownship
                                                        : Level::kDepartment;
        if (!Dispatch(After(Last(), Delay(10, 180)), next)) return;
      }
      continue;  // dispatched: the level above claims it
    }
    Work();
    return;
  }
  Work();  // (only reached after many bounces, already claimed)
}

void Life::Work() {
  if (o_.state != State::kHandling) return;
  const int64_t start = Last();
  // 92 % finished inside the handling limit: half early, half close to the deadline (踩线); the rest late.
  const bool late = rng_.Chance(0.08);
  const double frac = late               ? rng_.Range(1.02, 1.8)
                      : rng_.Chance(0.5) ? rng_.Range(0.1, 0.7)
                                         : 0.6 + 0.38 * std::pow(rng_.Real(), 0.7);
  int64_t finish = Within(o_.phase_start, o_.handle_due, frac, handle_working_);
  // 难事: weeks or months of work under 督办, about half not done yet.
  const bool hard =
      s_.stall < 0 && rng_.Chance(HardShare(Cls()) * (o_.command_place.size() == 6 ? 1.5 : 1.0));
  if (hard) {
    finish = rng_.Chance(0.5) ? f_.now_ + 86400
                              : Within(o_.phase_start, o_.handle_due, rng_.Range(1.5, 4), handle_working_) +
                                    static_cast<int64_t>(rng_.Range(5, 120) * 86400);
  }
  if (s_.stall == static_cast<int>(State::kFinished)) finish = After(start, rng_.Range(1, 8) * kHour);
  finish = std::max(finish, After(start, rng_.Range(20, 90) * kMin));
  // 吹哨: townships (and a few villages) call the departments in; each reports (报到) within the accept
  // limit.
  const bool township = !o_.assignee_dept && o_.assignee_place.size() == 9;
  const bool village = !o_.assignee_dept && o_.assignee_place.size() == 12;
  if ((township && rng_.Chance(0.085)) || (village && rng_.Chance(0.02))) {
    std::vector<int64_t> pool;
    for (std::string_view code : ClassDepartments(Cls()))
      if (auto d = f_.DeptId(code)) pool.push_back(*d);
    if (!pool.empty()) {
      const int n = std::min<int>(static_cast<int>(pool.size()), rng_.Chance(0.6)   ? 1
                                                                 : rng_.Chance(0.7) ? 2
                                                                                    : 3);
      order::Input in;
      for (int k = 0; k < n; ++k) {
        const size_t i = static_cast<size_t>(rng_.Int(0, static_cast<int>(pool.size()) - 1));
        in.departments.push_back(pool[i]);
        pool.erase(pool.begin() + static_cast<std::ptrdiff_t>(i));
      }
      std::sort(in.departments.begin(), in.departments.end());
      in.reason = std::string(Pick(kWhistleReasons));
      const std::vector<int64_t> called = in.departments;
      if (!Step(Action::kWhistle, After(start, Delay(10, 240)), f_.Handler(o_), in)) return;
      const int64_t tw = Last();
      const int64_t due = f_.calendar_.Deadline(tw, c_.accept_limit);
      std::vector<std::pair<int64_t, int64_t>> acks;  // (time, dept)
      for (int64_t d : called) {
        storage::OrderCallin ci;
        ci.dept_id = d;
        ci.called_at = tw;
        ci.due_at = due;
        g_.callins.push_back(ci);
        const double frac = rng_.Chance(0.9) ? rng_.Range(0.1, 0.95) : rng_.Range(1.1, 2.5);
        acks.emplace_back(Within(tw, due, frac, accept_working_), d);
      }
      std::sort(acks.begin(), acks.end());
      for (const auto& [at, d] : acks) {
        order::Input ack;
        ack.note = std::string(Pick(kAckNotes));
        if (!Step(Action::kAck, at, f_.DeptHandler(d), ack)) return;
        for (auto& ci : g_.callins)
          if (ci.dept_id == d) ci.acked_at = Last();
      }
      finish = std::max(finish, After(Last(), rng_.Range(1, 10) * kHour));
    }
  }
  if (hard) {
    // Progress every few weeks once overdue, and 督办 of rising strength.
    int64_t at = std::max(o_.handle_due, Last());
    for (int k = 0; k < 6; ++k) {
      at += static_cast<int64_t>(rng_.Range(7, 35) * 86400);
      if (at >= finish || at >= f_.now_) break;
      order::Input in;
      if (k % 2 == 0 || rng_.Chance(0.3)) {
        in.strength = std::min(3, 1 + k / 2);
        in.note = std::string(kSuperviseNotes[static_cast<size_t>(in.strength - 1)]);
        if (!Step(Action::kSupervise, at, Supervisor(in.strength), in)) return;
      } else {
        in.note = std::string(Pick(kProgressNotes));
        if (!Step(Action::kProgress, at, f_.Handler(o_), in)) return;
      }
    }
    Finish(finish);
    return;
  }
  // 延期: asked for when the work will run over, mostly approved.
  if ((late && rng_.Chance(0.35)) || rng_.Chance(0.01)) {
    const int64_t ask = Within(o_.phase_start, o_.handle_due, rng_.Range(0.6, 0.92), handle_working_);
    if (ask > Last() && ask < finish) {
      order::Input in;
      in.days = rng_.Int(3, 10);
      in.reason = std::string(Pick(kExtensionReasons));
      if (!Step(Action::kRequestExtension, ask, f_.Handler(o_), in)) return;
      order::Input decide;
      const bool approve = rng_.Chance(0.85);
      if (!approve) decide.reason = "延期理由不充分，请按期办结";
      if (!Step(approve ? Action::kApproveExtension : Action::kRefuseExtension,
                After(Last(), rng_.Range(0.5, 8) * kHour), f_.Command(o_), decide))
        return;
      if (approve && late && rng_.Chance(0.85))
        finish = Within(Last(), o_.handle_due, rng_.Range(0.1, 0.95), handle_working_);
    }
  }
  // Progress notes on longer work.
  if (f_.clock_.Between(start, finish, handle_working_) > 2 * kWorkDay && rng_.Chance(0.35)) {
    order::Input in;
    in.note = std::string(Pick(kProgressNotes));
    if (!Step(Action::kProgress, Within(start, finish, rng_.Range(0.2, 0.6), handle_working_), f_.Handler(o_),
              in))
      return;
  }
  // Work in its last quarter (yellow) at `now` is often not done yet: it will be finished close to the
  // deadline.
  const int64_t yellow_at = o_.phase_start + (o_.handle_due - o_.phase_start) * 75 / 100;
  if (finish < f_.now_ && f_.now_ >= yellow_at && f_.now_ < o_.handle_due &&
      (f_.yellow_held_ < f_.yellow_quota_ || rng_.Chance(0.3))) {
    ++f_.yellow_held_;
    finish = f_.now_ + 1 +
             static_cast<int64_t>(static_cast<double>(o_.handle_due - f_.now_) * rng_.Range(0.2, 0.9));
  }
  // 督办 once it runs late.
  if (finish > o_.handle_due && rng_.Chance(0.4)) {
    const int64_t at = After(std::max(o_.handle_due, Last()), rng_.Range(2, 16) * kHour);
    if (at < finish) {
      order::Input in;
      in.strength = rng_.Chance(0.6) ? 1 : rng_.Chance(0.75) ? 2 : 3;
      in.note = std::string(kSuperviseNotes[static_cast<size_t>(in.strength - 1)]);
      if (!Step(Action::kSupervise, at, Supervisor(in.strength), in)) return;
    }
  }
  Finish(finish);
}

void Life::Finish(int64_t t) {
  order::Input in;
  in.note = std::string(Pick(Results(Cls())));
  Step(Action::kFinish, t, f_.Handler(o_), in);
}

void Life::Rework() {
  // 重办: the same handler, a fresh handling limit, mostly quick.
  const int64_t start = Last();
  if (rng_.Chance(0.5)) {
    order::Input in;
    in.note = "已重新到现场处置";
    if (!Step(Action::kProgress, After(start, Delay(30, 240)), f_.Handler(o_), in)) return;
  }
  Finish(std::max(Within(o_.phase_start, o_.handle_due, rng_.Range(0.1, 0.7), handle_working_),
                  After(Last(), rng_.Range(1, 6) * kHour)));
}

void Life::Check() {
  for (int cycle = 0; cycle < 3 && !stopped_ && err_.ok() && o_.state == State::kFinished; ++cycle) {
    if (s_.stall == static_cast<int>(State::kFinished)) return;
    const Actor cmd = f_.Command(o_);
    const int64_t t = f_.clock_.Add(Last(), Delay(30, 480), true);
    if (cycle == 0 && rng_.Chance(0.03)) {
      order::Input in;
      in.reason = std::string(Pick(kVerifyFailReasons));
      if (!Step(Action::kVerifyFail, t, cmd, in)) return;
      Rework();
      continue;
    }
    if (!Step(Action::kVerifyPass, t, cmd)) return;
    const int64_t window_end = o_.verified_at + order::kRatingWindowSeconds;
    // 评价: ~70 % rated; after a 不满意 and the 重办 only half rate again (the others keep their 不满意).
    if (rng_.Chance(o_.rating == order::kDissatisfied ? 0.5 : 0.70)) {
      // The resident who reported it, or a 回访 call (12345 for callers, the township for patrols).
      Actor rater;
      if (s_.channel == kWeb) {
        rater = Actor{o_.reporter_user_id, g_.events.front().user_name, "resident"};
      } else if (s_.channel == kPatrol && !rng_.Chance(0.4)) {
        rater = f_.Township(o_.place_code.substr(0, 9));
      } else {
        rater = f_.hotline_ ? *f_.hotline_ : f_.Township(o_.place_code.substr(0, 9));
      }
      order::Input in;
      const double r = rng_.Real();
      in.rating = cycle == 0   ? (r < 0.8    ? order::kSatisfied
                                  : r < 0.95 ? order::kBasicSatisfied
                                             : order::kDissatisfied)
                  : cycle == 1 ? (r < 0.65   ? order::kSatisfied
                                  : r < 0.85 ? order::kBasicSatisfied
                                             : order::kDissatisfied)
                               : (r < 0.8 ? order::kSatisfied : order::kBasicSatisfied);
      const Words& notes = in.rating == order::kSatisfied        ? kRateNotes1
                           : in.rating == order::kBasicSatisfied ? kRateNotes2
                                                                 : kRateNotes3;
      in.note = std::string(Pick(notes));
      const int64_t at =
          std::min(f_.clock_.Add(Last(), rng_.Range(0.5, 20) * kHour, true), window_end - 3600);
      if (!Step(Action::kRate, at, rater, in)) return;
      if (o_.state == State::kHandling) {
        Rework();
        continue;
      }
      return;
    }
    Step(Action::kAutoClose, window_end, Factory::System());
    return;
  }
}

// ------------------------------------------------------------------ chunks

Status Factory::Play(size_t index, std::vector<Gen>& chunk, size_t chunk_begin) {
  chunk.emplace_back();  // reserved: references to earlier orders of the chunk stay valid
  Life life(*this, seeds_[index], chunk.back(), chunk, chunk_begin);
  return life.Play();
}

Status Factory::Write(storage::Tx& tx, std::vector<Gen>& chunk) {
  std::vector<int64_t> ids(chunk.size(), 0);
  for (size_t i = 0; i < chunk.size(); ++i) {
    Gen& g = chunk[i];
    if (g.merge_target >= 0) g.o.merged_into = ids[static_cast<size_t>(g.merge_target)];
    // A secret: from the system's random source, never from the (public) demo seed.
    if (g.o.track_key.empty()) g.o.track_key = RandomHexUpper(5);
    ASSIGN_OR_RETURN(ids[i], tx.orders().Insert(g.o));
    g.o.id = ids[i];
  }
  for (size_t i = 0; i < chunk.size(); ++i) {
    Gen& g = chunk[i];
    if (g.merge_target >= 0) g.events[g.merge_event].data = "{\"merge_into\":" + Num(*g.o.merged_into) + "}";
    std::stable_sort(g.merged_in.begin(), g.merged_in.end(),
                     [](const MergedIn& a, const MergedIn& b) { return a.at < b.at; });
    size_t m = 0;  // the merged_in rows, in time order among the order's own
    auto put_merged = [&](const MergedIn& mi) -> Status {
      const Gen& dup = chunk[mi.dup];
      storage::OrderEvent e;
      e.order_id = g.o.id;
      e.at = mi.at;
      e.action = "merged_in";
      e.from_state = e.to_state = mi.target_state;
      e.user_id = mi.by.id;
      e.user_name = mi.by.name;
      e.role = mi.by.role;
      e.note = "并入工单 " + service::TrackingNo(dup.o);
      e.data = "{\"merged\":" + Num(dup.o.id) + "}";
      return tx.orders().AppendEvent(&e);
    };
    for (storage::OrderEvent& e : g.events) {
      while (m < g.merged_in.size() && g.merged_in[m].at < e.at)
        RETURN_IF_ERROR(put_merged(g.merged_in[m++]));
      e.order_id = g.o.id;
      RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
    }
    while (m < g.merged_in.size()) RETURN_IF_ERROR(put_merged(g.merged_in[m++]));
    for (storage::OrderCallin& ci : g.callins) {
      ci.order_id = g.o.id;
      RETURN_IF_ERROR(tx.orders().InsertCallin(ci));
    }
  }
  return Status::Ok();
}

Result<DemoOrdersSummary> Factory::Run() {
  const auto started = std::chrono::steady_clock::now();
  DemoOrdersSummary sum;
  const size_t chunk_size = std::max<size_t>(1000, opt_.chunk);
  // `pending_chunk` is declared before `pending`, so on an early return the future (which waits for its
  // write) goes first.
  std::unique_ptr<std::vector<Gen>> pending_chunk;
  std::future<Status> pending;
  double waited = 0;  // for the log: time the generator waited for the writer
  auto finish = [&]() -> Status {
    if (!pending.valid()) return Status::Ok();
    const auto t0 = std::chrono::steady_clock::now();
    Status st = pending.get();
    waited += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    pending_chunk.reset();
    return st;
  };
  for (size_t begin = 0; begin < seeds_.size(); begin += chunk_size) {
    const size_t end = std::min(seeds_.size(), begin + chunk_size);
    auto chunk = std::make_unique<std::vector<Gen>>();
    chunk->reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
      if (Status st = Play(i, *chunk, begin); !st.ok()) {
        (void)finish();
        return Internal("demo orders: the engine refused a generated step: " + st.ToString());
      }
    }
    for (const Gen& g : *chunk) {
      sum.orders += 1;
      sum.events += static_cast<int64_t>(g.events.size() + g.merged_in.size());
      sum.callins += static_cast<int64_t>(g.callins.size());
      sum.by_state[static_cast<size_t>(g.o.state)] += 1;
      if (order::IsOpen(g.o.state) && g.o.warn == 1) sum.yellow += 1;
      if (order::IsOpen(g.o.state) && g.o.warn == 2) sum.red += 1;
    }
    RETURN_IF_ERROR(finish());
    pending_chunk = std::move(chunk);
    auto* batch = pending_chunk.get();
    pending = std::async(std::launch::async, [this, batch] {
      return db_.Write([batch](storage::Tx& tx) { return Write(tx, *batch); });
    });
  }
  RETURN_IF_ERROR(finish());
  const double written = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  nlohmann::json detail = {
      {"seed", opt_.seed},      {"now", now_},          {"orders", sum.orders}, {"events", sum.events},
      {"callins", sum.callins}, {"yellow", sum.yellow}, {"red", sum.red}};
  for (int s = 0; s < order::kStateCount; ++s)
    detail["states"][std::string(order::StateName(static_cast<State>(s)))] =
        sum.by_state[static_cast<size_t>(s)];
  const std::string county = opt_.county;
  RETURN_IF_ERROR(db_.Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(int64_t rows, tx.orders().RebuildRollups(opt_.county));
    detail["rollup_rows"] = rows;
    storage::AuditEntry e;
    e.user_id = 0;
    e.username = "system";
    e.action = "demo.orders";
    e.entity = "county";
    e.entity_id = county;
    e.place_code = county;
    e.detail = detail.dump();
    return tx.audit().Append(&e);
  }));
  sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info(
      "demo: {} orders, {} timeline rows written in {:.1f} s (waiting for the writer {:.1f} s), roll-ups "
      "rebuilt in {:.1f} s",
      sum.orders, sum.events, written, waited, sum.seconds - written);
  return sum;
}

}  // namespace

Status FireDemoAlarms(order::Order& o, std::vector<storage::OrderEvent>& events,
                      const cal::Calendar& calendar, const Category& category, int64_t until, int64_t now) {
  // Not an order waiting for its rating (a finished service or wish): its alarm time is when it is archived.
  while (order::IsOpen(o.state) && o.state != order::RatingState(o.kind) && o.alarm_at > 0 &&
         o.alarm_at <= until && o.alarm_at < now) {
    const int64_t at = std::max(o.alarm_at, events.empty() ? 0 : events.back().at);
    const int from = static_cast<int>(o.state);
    order::Input in;
    in.action = Action::kAlarm;
    RETURN_IF_ERROR(order::Apply(o, in, order::Env{at, &calendar, &category, 0}));
    o.version++;
    storage::OrderEvent e;
    e.at = at;
    e.action = "alarm";
    e.from_state = from;
    e.to_state = from;
    e.user_name = "系统";
    e.role = "system";
    e.data = "{\"warn\":" + Num(o.warn) + "}";
    events.push_back(std::move(e));
  }
  return Status::Ok();
}

namespace demo_detail {

bool PlayDemoStep(DemoHistory& h, const cal::Calendar& calendar, int64_t now, order::Action a, int64_t t,
                  const DemoActor& who, order::Input in, Rng& rng, std::string_view what) {
  if (h.stopped || !h.err.ok()) return false;
  if (!h.events.empty() && t <= h.events.back().at) t = h.events.back().at + 60 + rng.Int(0, 600);
  // The scheduler's alarms due before this step.
  if (Status st = FireDemoAlarms(h.o, h.events, calendar, *h.cat, t, now); !st.ok()) {
    h.err = st;
    return false;
  }
  if (t >= now) {
    h.stopped = true;
    return false;
  }
  const bool creating = a == Action::kReport;
  const int from = creating ? -1 : static_cast<int>(h.o.state);
  in.action = a;
  if (Status st = order::Apply(h.o, in, order::Env{t, &calendar, h.cat, who.id}); !st.ok()) {
    h.err = Internal(std::string(what) + ": " + std::string(order::ActionName(a)) + ": " + st.ToString());
    return false;
  }
  if (h.o.handler_user_id && *h.o.handler_user_id == 0) h.o.handler_user_id.reset();
  if (!creating) h.o.version++;
  storage::OrderEvent e;
  e.at = t;
  e.action = std::string(order::ActionName(a));
  e.from_state = from;
  e.to_state = static_cast<int>(h.o.state);
  e.user_id = who.id;
  e.user_name = who.name;
  e.role = who.role;
  e.data = service::StepData(in);
  e.reason = std::move(in.reason);
  e.note = std::move(in.note);
  h.events.push_back(std::move(e));
  return true;
}

}  // namespace demo_detail

Result<cal::Calendar> DemoCalendar(storage::Tx& tx) {
  ASSIGN_OR_RETURN(auto days, tx.catalog().CalendarDays());
  if (days.empty()) return cal::Calendar::FromCsv(data::HolidaysCsv());
  cal::Calendar calendar;
  for (const auto& [date, type, name] : days) {
    ASSIGN_OR_RETURN(int32_t day, cal::DayFromIso(date));
    RETURN_IF_ERROR(calendar.SetDay(day, type, name));
  }
  return calendar;
}

Result<std::vector<Category>> DemoCategories(storage::Tx& tx) {
  ASSIGN_OR_RETURN(std::vector<Category> all, tx.catalog().Categories());
  if (all.empty()) return ParseCategoriesCsv(data::CategoriesCsv());
  return all;
}

Result<DemoOrdersSummary> BuildDemoOrders(storage::Database& db, const FieldCipher& cipher,
                                          const DemoOrdersOptions& opt) {
  Factory f(db, cipher, opt);
  RETURN_IF_ERROR(f.Load());
  f.DrawSeeds();
  return f.Run();
}

}  // namespace wangge::cli
