#include "cli/demo/duties.hpp"

#include <algorithm>
#include <map>

#include "cli/demo/internal.hpp"
#include "cli/demo/orders.hpp"
#include "core/calendar.hpp"
#include "core/dates.hpp"
#include "core/duty.hpp"
#include "core/ledger.hpp"
#include "service/duty_service.hpp"
#include "service/order_service.hpp"
#include "storage/duties_repo.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::cli {
namespace {

using order::Action;
using storage::DutyItem;
using storage::DutyList;

constexpr uint64_t kStream = 0x6475746965733435ULL;  // "duties45"
constexpr int64_t kDay = 86400;
constexpr int64_t kHour = 3600;

const char* const kReturnReasons[] = {
    "该事项属于县直部门自身职责，不在社区协助范围内，请部门自行办理",
    "所交办内容与所引准入事项不符，请核实后重新交办",
};
const char* const kFinishNotes[] = {"已按要求完成并报送", "已完成，相关材料已上传",
                                    "已组织网格员完成入户核实并报送结果"};
const char* const kFindings[] = {"检查未发现问题", "发现台账记录不全，已当场指导整改",
                                 "提出两条改进建议，社区已记录", "消防通道有杂物堆放，已督促清理"};
const char* const kSubjects[] = {"安全生产专项检查", "燃气安全检查",     "民政资金使用督导",
                                 "基层党建工作督导", "人居环境整治检查", "网格化服务管理督导",
                                 "食品安全检查",     "防汛准备检查"};

struct Task : demo_detail::DemoHistory {
  storage::DutyTask cite;
};

std::string Clip(const std::string& s, size_t max_chars) {
  size_t chars = 0, i = 0;
  while (i < s.size() && chars < max_chars) {
    ++i;
    while (i < s.size() && (s[i] & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return s.substr(0, i);
}

// The admitted items a task may cite at `t`: the version current then, without cancelled or withdrawn items.
const std::vector<DutyItem>& Citable(int64_t t, int64_t v2_at, const std::vector<DutyItem>& v1,
                                     const std::vector<DutyItem>& v2) {
  return t < v2_at ? v1 : v2;
}

}  // namespace

Result<DemoDutiesSummary> BuildDemoDuties(storage::Database& db, const FieldCipher& cipher,
                                          const DemoDutiesOptions& opt) {
  DemoDutiesSummary sum;
  demo_detail::Rng rng(opt.seed ^ kStream);
  if (opt.departments.empty() || opt.villages.empty()) return sum;
  const int64_t v1_at = opt.now - 395 * kDay, v2_at = opt.now - 120 * kDay;
  cal::Calendar calendar;
  std::map<std::string, Category> cats;
  std::vector<DutyItem> v1, v2, v1_cancelled;
  DutyItem withdrawn;
  RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(calendar, DemoCalendar(tx));
    ASSIGN_OR_RETURN(std::vector<Category> all, DemoCategories(tx));
    for (Category& c : all)
      if (c.active && c.parent == "17") cats.emplace(c.code, std::move(c));
    RETURN_IF_ERROR(service::DutyService::PublishTemplate(tx, opt.county, opt.county_user, v1_at));
    storage::InspectionCap cap;
    cap.place_code = opt.county;
    cap.cap = duty::kDefaultCap;
    cap.period = std::string(duty::CapPeriodName(duty::kDefaultCapPeriod));
    cap.updated_by = opt.county_user;
    cap.updated_at = v1_at;
    RETURN_IF_ERROR(tx.duties().PutCap(&cap));
    // Version 2 of the admission list: the same items, one duty withdrawn (moved to a county department).
    ASSIGN_OR_RETURN(auto first, tx.duties().ListIn(opt.county, "admission", "published"));
    if (!first) return Internal("demo duties: no admission list");
    ASSIGN_OR_RETURN(auto items, tx.duties().Items(first->id));
    first->status = "superseded";
    first->superseded_at = v2_at;
    RETURN_IF_ERROR(tx.duties().UpdateList(&*first));
    DutyList second = *first;
    second.id = 0;
    second.list_version = 2;
    second.status = "published";
    second.note = "调整 1 项依法履职事项由县直部门直接办理";
    second.created_at = v2_at - 7 * kDay;
    second.published_at = v2_at;
    second.superseded_at = 0;
    RETURN_IF_ERROR(tx.duties().InsertList(&second));
    bool withdrew = false;
    for (DutyItem i : items) {
      if (i.section == "cancelled")
        v1_cancelled.push_back(i);
      else
        v1.push_back(i);
      i.id = 0;
      i.list_id = second.id;
      if (!withdrew && i.section == "duty" && i.seq > 1) {
        i.status = "withdrawn";
        i.withdrawn_reason = "该事项调整由县直部门直接办理，不再交由社区";
        i.withdrawn_by = opt.county_user;
        i.withdrawn_at = v2_at;
        withdrew = true;
      }
      RETURN_IF_ERROR(tx.duties().InsertItem(&i));
      if (i.status == "withdrawn")
        withdrawn = i;
      else if (i.section != "cancelled")
        v2.push_back(i);
    }
    return Status::Ok();
  }));
  if (cats.empty() || v1.empty() || v2.empty()) return sum;

  std::map<std::string, demo_detail::DemoActor> secretaries;
  for (const User& u : opt.secretaries)
    secretaries.emplace(u.place_code, demo_detail::DemoActor{u.id, u.display_name, u.role});
  const int64_t month = 30 * kDay;
  for (const std::string& village : opt.villages) {
    const demo_detail::DemoActor sec = secretaries.contains(village)
                                           ? secretaries.at(village)
                                           : demo_detail::DemoActor{0, "村(社区)书记", "community_secretary"};
    std::vector<Task> tasks;
    std::vector<storage::DutyRefusal> refusals;
    for (int m = 11; m >= 0; --m) {
      const int n = opt.full ? rng.Int(1, 3) : rng.Int(2, 4);
      for (int k = 0; k < n; ++k) {
        const int64_t t0 = opt.now - m * month - rng.Int(0, 29) * kDay - rng.Int(1, 10) * kHour;
        if (t0 >= opt.now) continue;
        const Department& d =
            opt.departments[static_cast<size_t>(rng.Int(0, static_cast<int>(opt.departments.size()) - 1))];
        const demo_detail::DemoActor dept{d.id == opt.dept_user_dept ? opt.dept_user : 0, d.name + "经办人",
                                          "department_handler"};
        const auto& citable = Citable(t0, v2_at, v1, v2);
        // The department's own items first (the template names the department), else any admitted one.
        std::vector<DutyItem> own;
        for (const DutyItem& i : citable)
          if (i.department == d.name) own.push_back(i);
        const DutyItem& item = own.empty() || rng.Chance(0.3) ? rng.Pick(citable) : rng.Pick(own);
        const double r = rng.Real();
        const duty::TaskType type = r < 0.4   ? duty::TaskType::kForm
                                    : r < 0.9 ? duty::TaskType::kWork
                                              : duty::TaskType::kCertificate;
        // About one attempt in twelve cites nothing admitted: the platform refuses it, the attempt is kept.
        if (rng.Chance(0.08)) {
          duty::Cited c;
          int version = t0 < v2_at ? 1 : 2;
          const double w = rng.Real();
          DutyItem cited;
          if (w < 0.35) {
            // no item
          } else if (w < 0.7 || t0 < v2_at) {
            cited = rng.Pick(v1_cancelled);
          } else if (w < 0.85) {
            cited = rng.Pick(v1);
            version = 1;
          } else {
            cited = withdrawn;
          }
          if (cited.id != 0) {
            c.found = true;
            c.list_status = cited.list_id == v1.front().list_id && t0 >= v2_at ? duty::ListStatus::kSuperseded
                                                                               : duty::ListStatus::kPublished;
            c.list_version = cited.list_id == v1.front().list_id ? 1 : 2;
            c.current_version = t0 < v2_at ? 1 : 2;
            c.section = duty::SectionFromName(cited.section).value_or(duty::Section::kDuty);
            c.withdrawn = cited.status == "withdrawn";
            c.seq = cited.seq;
            c.title = cited.title;
            c.alternative = cited.alternative;
          }
          const duty::Refusal why = duty::CheckCitation(c, version);
          if (why.refused()) {
            storage::DutyRefusal ref;
            ref.place_code = village;
            ref.dept_id = d.id;
            ref.user_id = dept.id;
            ref.item_id = cited.id;
            ref.list_version = version;
            ref.type = std::string(
                duty::TaskTypeName(cited.section == "cancelled" ? duty::TaskType::kCertificate : type));
            ref.title = Clip(
                (cited.id != 0 ? "请社区办理：" + cited.title : std::string("请社区协助完成专项摸底")), 60);
            ref.code = why.code;
            ref.reason = why.zh;
            ref.period = ledger::PeriodOfUnix(t0);
            ref.at = t0;
            refusals.push_back(std::move(ref));
            continue;
          }
        }
        Task h;
        const std::string cat = std::string(
            duty::TaskCategory(duty::SectionFromName(item.section).value_or(duty::Section::kDuty), type));
        if (!cats.contains(cat)) continue;
        h.cat = &cats.at(cat);
        order::Order& o = h.o;
        o.kind = order::Kind::kTask;
        o.category = cat;
        o.urgency = 1;
        o.place_code = village;
        o.channel = "register";
        o.title = Clip(std::string(type == duty::TaskType::kForm          ? "报送："
                                   : type == duty::TaskType::kCertificate ? "出具证明："
                                                                          : "") +
                           item.title,
                       60);
        o.description = "依据社区工作事项准入清单第 " + std::to_string(item.seq) + " 项「" + item.title +
                        "」，请社区按要求办理并在时限内反馈。";
        o.reporter_user_id = dept.id;
        o.reporter_name = d.name;
        auto step = [&](Action a, int64_t t, const demo_detail::DemoActor& who, order::Input in = {}) {
          return demo_detail::PlayDemoStep(h, calendar, opt.now, a, t, who, std::move(in), rng,
                                           "demo duties");
        };
        if (!step(Action::kReport, t0, dept)) continue;
        h.cite.place_code = village;
        h.cite.dept_id = d.id;
        h.cite.item_id = item.id;
        h.cite.list_id = item.list_id;
        h.cite.list_version = t0 < v2_at ? 1 : 2;
        h.cite.section = item.section;
        h.cite.type = std::string(duty::TaskTypeName(type));
        h.cite.period = ledger::PeriodOfUnix(t0);
        h.cite.created_at = t0;
        const int64_t seen = t0 + rng.Int(1, 30) * kHour;
        if (rng.Chance(0.05)) {
          order::Input in;
          in.reason = kReturnReasons[rng.Int(0, 1)];
          step(Action::kRefuse, seen, sec, in);
        } else if (step(Action::kClaim, seen, sec)) {
          const bool late = rng.Chance(0.07);
          const int64_t done =
              late ? o.handle_due + rng.Int(4, 72) * kHour
                   : seen + rng.Int(4, std::max<int>(5, static_cast<int>((o.handle_due - seen) / kHour))) *
                                kHour;
          order::Input fin;
          fin.note = kFinishNotes[rng.Int(0, 2)];
          if (step(Action::kFinish, std::min(done, std::max(seen + kHour, done)), sec, fin)) {
            const int64_t check = h.events.back().at + rng.Int(2, 72) * kHour;
            if (rng.Chance(0.08)) {
              order::Input fail;
              fail.reason = "报送数据与系统台账不一致，请核实后重新报送";
              if (step(Action::kVerifyFail, check, dept, fail)) {
                order::Input again;
                again.note = "已核实更正后重新报送";
                if (step(Action::kFinish, h.events.back().at + rng.Int(4, 48) * kHour, sec, again))
                  step(Action::kVerifyPass, h.events.back().at + rng.Int(2, 48) * kHour, dept);
              }
            } else if (rng.Chance(0.9)) {
              step(Action::kVerifyPass, check, dept);
            } else {
              step(Action::kAutoClose, o.alarm_at, demo_detail::DemoActor{0, "系统", "system"});
            }
          }
        }
        if (!h.err.ok()) return h.err;
        if (!h.events.empty()) tasks.push_back(std::move(h));
      }
    }
    // Inspections: each quarter of the past year and the next one, a few from the departments, in filing
    // order; beyond the cap they wait for the county (approved or refused once decided).
    std::vector<storage::Inspection> inspections;
    const int64_t today = ChinaDay(opt.now);
    for (int q = -4; q <= 0; ++q) {
      const int k = rng.Int(1, opt.full ? 5 : 6);
      std::map<std::string, int> counted;
      std::vector<int64_t> days;
      for (int j = 0; j < k; ++j) days.push_back(today + q * 91 + rng.Int(1, 90));
      std::sort(days.begin(), days.end());
      for (int64_t day : days) {
        storage::Inspection i;
        const Department& d =
            opt.departments[static_cast<size_t>(rng.Int(0, static_cast<int>(opt.departments.size()) - 1))];
        i.place_code = village;
        i.dept_id = d.id;
        i.planned_on = FormatDate(day);
        i.period_key = duty::PeriodKey(duty::kDefaultCapPeriod, i.planned_on);
        i.subject = kSubjects[rng.Int(0, static_cast<int>(std::size(kSubjects)) - 1)];
        i.purpose = "按年度督导检查计划开展";
        i.filed_by = d.id == opt.dept_user_dept ? opt.dept_user : 0;
        i.filed_at = (day - rng.Int(3, 20)) * kDay + 2 * kHour;
        if (i.filed_at >= opt.now) continue;
        i.period = std::stoi(i.planned_on.substr(0, 4)) * 100 + std::stoi(i.planned_on.substr(5, 2));
        const int n = counted[i.period_key];
        i.over_cap = n >= duty::kDefaultCap;
        i.status = i.over_cap ? "pending" : "filed";
        if (i.over_cap && i.filed_at + 2 * kDay < opt.now) {
          i.status = rng.Chance(0.6) ? "approved" : "refused";
          i.decided_by = opt.county_user;
          i.decided_at = i.filed_at + rng.Int(1, 2) * kDay;
          i.decision_note =
              i.status == "approved" ? "年度重点工作，同意开展" : "本季度检查已满，请与其他部门合并开展";
        }
        if (i.status != "refused") ++counted[i.period_key];
        if (day <= today - 1 && (i.status == "filed" || i.status == "approved")) {
          const bool held = rng.Chance(0.85);
          i.status = held ? "held" : "cancelled";
          i.closed_by = i.filed_by;
          i.closed_at = (day + (held ? 0 : -1)) * kDay + 10 * kHour;
          i.findings =
              held ? kFindings[rng.Int(0, static_cast<int>(std::size(kFindings)) - 1)] : "因防汛工作推迟取消";
        }
        if (i.over_cap) ++sum.over_cap;
        inspections.push_back(std::move(i));
      }
    }
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      for (Task& h : tasks) {
        order::Order& o = h.o;
        RETURN_IF_ERROR(service::OrderService::EncryptReporter(cipher, &o));
        o.track_key = RandomHexUpper(5);
        ASSIGN_OR_RETURN(o.id, tx.orders().Insert(o));
        for (storage::OrderEvent& e : h.events) {
          e.order_id = o.id;
          RETURN_IF_ERROR(tx.orders().AppendEvent(&e));
        }
        h.cite.order_id = o.id;
        RETURN_IF_ERROR(tx.duties().InsertTask(h.cite));
        ++sum.tasks;
        if (o.state == order::State::kRefused) ++sum.returned;
      }
      for (storage::DutyRefusal& r : refusals) {
        RETURN_IF_ERROR(tx.duties().InsertRefusal(&r));
        ++sum.refused;
      }
      for (storage::Inspection& i : inspections) {
        RETURN_IF_ERROR(tx.duties().InsertInspection(&i));
        ++sum.inspections;
      }
      return Status::Ok();
    }));
  }
  return sum;
}

}  // namespace wangge::cli
