#include "core/duty.hpp"

#include <array>

#include "core/csv.hpp"
#include "core/shipped_data.hpp"

namespace wangge::duty {
namespace {

struct Names {
  std::string_view en, zh;
};

template <class E, size_t N>
std::optional<E> FromName(const std::array<Names, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i].en == name) return static_cast<E>(i);
  return std::nullopt;
}

constexpr std::array<Names, 3> kListKinds = {{{"admission", "社区工作事项准入清单"},
                                              {"micro_power", "小微权力清单"},
                                              {"service", "为民服务事项清单"}}};
constexpr std::array<Names, 5> kSections = {{{"duty", "依法履职事项"},
                                             {"assist", "协助政府事项"},
                                             {"cancelled", "取消的证明事项"},
                                             {"power", "小微权力"},
                                             {"service", "为民服务事项"}}};
constexpr std::array<Names, 3> kListStatuses = {
    {{"draft", "草稿"}, {"published", "现行"}, {"superseded", "已被新版本替代"}}};
constexpr std::array<Names, 3> kTaskTypes = {
    {{"work", "工作任务"}, {"form", "报表填报"}, {"certificate", "出具证明"}}};
constexpr std::array<Names, 3> kCapPeriods = {{{"month", "每月"}, {"quarter", "每季度"}, {"year", "每年"}}};
constexpr std::array<Names, 6> kInspectionStatuses = {{{"filed", "已备案"},
                                                       {"pending", "超出限额待审批"},
                                                       {"approved", "已批准"},
                                                       {"refused", "未批准"},
                                                       {"held", "已开展"},
                                                       {"cancelled", "已取消"}}};

}  // namespace

std::optional<ListKind> ListKindFromName(std::string_view n) { return FromName<ListKind>(kListKinds, n); }
std::string_view ListKindName(ListKind k) { return kListKinds[static_cast<int>(k)].en; }
std::string_view ListKindNameZh(ListKind k) { return kListKinds[static_cast<int>(k)].zh; }
std::optional<Section> SectionFromName(std::string_view n) { return FromName<Section>(kSections, n); }
std::string_view SectionName(Section s) { return kSections[static_cast<int>(s)].en; }
std::string_view SectionNameZh(Section s) { return kSections[static_cast<int>(s)].zh; }
bool SectionOf(ListKind k, Section s) {
  switch (k) {
    case ListKind::kAdmission:
      return s == Section::kDuty || s == Section::kAssist || s == Section::kCancelled;
    case ListKind::kMicroPower:
      return s == Section::kPower;
    case ListKind::kService:
      return s == Section::kService;
  }
  return false;
}
std::string_view TaskCategory(Section s, TaskType t) {
  if (t == TaskType::kForm) return "1703";
  return s == Section::kAssist ? "1702" : "1701";
}
std::optional<ListStatus> ListStatusFromName(std::string_view n) {
  return FromName<ListStatus>(kListStatuses, n);
}
std::string_view ListStatusName(ListStatus s) { return kListStatuses[static_cast<int>(s)].en; }
std::string_view ListStatusNameZh(ListStatus s) { return kListStatuses[static_cast<int>(s)].zh; }
std::optional<TaskType> TaskTypeFromName(std::string_view n) { return FromName<TaskType>(kTaskTypes, n); }
std::string_view TaskTypeName(TaskType t) { return kTaskTypes[static_cast<int>(t)].en; }
std::string_view TaskTypeNameZh(TaskType t) { return kTaskTypes[static_cast<int>(t)].zh; }
std::optional<CapPeriod> CapPeriodFromName(std::string_view n) { return FromName<CapPeriod>(kCapPeriods, n); }
std::string_view CapPeriodName(CapPeriod p) { return kCapPeriods[static_cast<int>(p)].en; }
std::string_view CapPeriodNameZh(CapPeriod p) { return kCapPeriods[static_cast<int>(p)].zh; }
std::optional<InspectionStatus> InspectionStatusFromName(std::string_view n) {
  return FromName<InspectionStatus>(kInspectionStatuses, n);
}
std::string_view InspectionStatusName(InspectionStatus s) {
  return kInspectionStatuses[static_cast<int>(s)].en;
}
std::string_view InspectionStatusNameZh(InspectionStatus s) {
  return kInspectionStatuses[static_cast<int>(s)].zh;
}
bool CountsAgainstCap(InspectionStatus s) {
  return s == InspectionStatus::kFiled || s == InspectionStatus::kApproved || s == InspectionStatus::kHeld;
}

std::string PeriodKey(CapPeriod p, std::string_view day) {
  if (day.size() < 7) return "";
  const std::string year(day.substr(0, 4));
  switch (p) {
    case CapPeriod::kMonth:
      return std::string(day.substr(0, 7));
    case CapPeriod::kQuarter: {
      const int month = (day[5] - '0') * 10 + (day[6] - '0');
      return year + "-Q" + std::to_string((month - 1) / 3 + 1);
    }
    case CapPeriod::kYear:
      return year;
  }
  return "";
}

Refusal CheckCitation(const Cited& c, int cited_version) {
  const std::string item = "第" + std::to_string(c.seq) + "项「" + c.title + "」";
  const std::string item_en = "item " + std::to_string(c.seq);
  if (!c.found)
    return {"no_item", "交办事项须引用社区工作事项准入清单中的事项；所引事项不存在",
            "a task must cite an item of the admission list; no such item"};
  if (!c.same_county)
    return {"other_county", "所引事项不是本县（区）准入清单中的事项",
            "the item is not on the county's admission list"};
  if (c.list_kind != ListKind::kAdmission)
    return {"not_admission",
            std::string("所引事项属于") + std::string(ListKindNameZh(c.list_kind)) +
                "，交办事项须引用社区工作事项准入清单中的依法履职或协助政府事项",
            "a task must cite an item of the admission list, not of the " +
                std::string(ListKindName(c.list_kind)) + " list"};
  if (c.list_status == ListStatus::kDraft)
    return {"draft", "所引事项属于尚未发布的准入清单草稿",
            "the item belongs to a draft that is not published"};
  if (c.list_version != cited_version)
    return {"version",
            item + "属于准入清单第 " + std::to_string(c.list_version) + " 版，与所引版本（第 " +
                std::to_string(cited_version) + " 版）不符",
            item_en + " is in version " + std::to_string(c.list_version) + ", not version " +
                std::to_string(cited_version)};
  if (c.list_status == ListStatus::kSuperseded || c.list_version != c.current_version)
    return {"superseded",
            item + "属于已被替代的准入清单第 " + std::to_string(c.list_version) + " 版，现行为第 " +
                std::to_string(c.current_version) + " 版，请引用现行版本中的事项",
            item_en + " is in version " + std::to_string(c.list_version) + ", superseded by version " +
                std::to_string(c.current_version) + ": cite the current one"};
  if (c.withdrawn)
    return {"withdrawn", item + "已从准入清单中撤销，不能再向社区交办",
            item_en + " was withdrawn from the admission list"};
  if (c.section == Section::kCancelled)
    return {"cancelled",
            item + "已列入取消的证明事项，社区不再出具。替代方式：" +
                (c.alternative.empty() ? std::string("由主管部门自行核查") : c.alternative),
            item_en + " is a cancelled certificate the community no longer issues; alternative: " +
                (c.alternative.empty() ? std::string("the department checks it itself") : c.alternative)};
  return {};
}

Result<std::vector<TemplateItem>> ParseTemplateCsv(std::string_view text) {
  ASSIGN_OR_RETURN(std::vector<csv::Record> records, csv::Parse(text));
  RETURN_IF_ERROR(csv::ExpectHeader(records, "list,section,group,title,basis,department,alternative"));
  std::vector<TemplateItem> out;
  for (size_t r = 1; r < records.size(); ++r) {
    const auto& f = records[r].fields;
    const int line = records[r].line;
    if (f.size() != 7) return csv::AtLine(line, InvalidArgument("应有 7 列", "expected 7 fields"));
    auto list = ListKindFromName(f[0]);
    auto section = SectionFromName(f[1]);
    if (!list || !section || !SectionOf(*list, *section))
      return csv::AtLine(line, InvalidArgument("清单或分项无效", "unknown list or section"));
    if (f[3].empty()) return csv::AtLine(line, InvalidArgument("事项名称不能为空", "title is required"));
    out.push_back({*list, *section, f[2], f[3], f[4], f[5], f[6]});
  }
  return out;
}

const std::vector<TemplateItem>& Template() {
  static const std::vector<TemplateItem> items = [] {
    auto parsed = ParseTemplateCsv(data::DutyListsCsv());
    return parsed.ok() ? *parsed : std::vector<TemplateItem>{};
  }();
  return items;
}

}  // namespace wangge::duty
