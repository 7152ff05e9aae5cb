// 减负 (MISSION 23): the rules of a county's three lists for its communities and of the work sent down to
// them, free of storage. The county publishes, with versions, the 社区工作事项准入清单 (依法履职事项 the
// community does itself, 协助政府事项 it helps a department with, and the 证明事项 cancelled: certificates a
// community no longer issues, each with the way that replaces it), the 小微权力清单 and the 为民服务事项清单.
// A task a department sends a community must cite an active item of the admission list's current version
// (Refusal says why not); a department files each inspection (督导检查) of a community in advance, within a
// cap per community per period, beyond which the county must approve it. docs/duties.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace wangge::duty {

enum class ListKind { kAdmission, kMicroPower, kService };
std::optional<ListKind> ListKindFromName(std::string_view name);  // admission | micro_power | service
std::string_view ListKindName(ListKind k);
std::string_view ListKindNameZh(ListKind k);  // 社区工作事项准入清单 …

// An item's section. The admission list has three; the other lists one each.
enum class Section { kDuty, kAssist, kCancelled, kPower, kService };
std::optional<Section> SectionFromName(std::string_view name);  // duty | assist | cancelled | power | service
std::string_view SectionName(Section s);
std::string_view SectionNameZh(
    Section s);  // 依法履职事项 | 协助政府事项 | 取消的证明事项 | 小微权力 | 为民服务
bool SectionOf(ListKind k, Section s);  // whether lists of kind k hold items of section s

// A list's life: a draft (one per county and kind at a time) is edited, then published as the next version,
// which supersedes the version before it.
enum class ListStatus { kDraft, kPublished, kSuperseded };
std::optional<ListStatus> ListStatusFromName(std::string_view name);
std::string_view ListStatusName(ListStatus s);
std::string_view ListStatusNameZh(ListStatus s);

// What a task asks of the community: work (工作任务), a form to fill (报表填报) or a certificate to issue
// (出具证明) — counted apart in the community's load.
enum class TaskType { kWork, kForm, kCertificate };
std::optional<TaskType> TaskTypeFromName(std::string_view name);  // work | form | certificate
std::string_view TaskTypeName(TaskType t);
std::string_view TaskTypeNameZh(TaskType t);
// The category (data/categories.csv, class 17) of a task citing an item of the section: 1703 for a form to
// fill, else 1701 (a duty) or 1702 (assisting).
std::string_view TaskCategory(Section s, TaskType t);

// The cited item as the records hold it.
struct Cited {
  bool found = false;
  ListKind list_kind = ListKind::kAdmission;
  ListStatus list_status = ListStatus::kDraft;
  int list_version = 0;
  int current_version = 0;  // the admission list's published version in the county (0: none)
  bool same_county = true;  // the list is the community's county's
  Section section = Section::kDuty;
  bool withdrawn = false;
  int seq = 0;
  std::string title;
  std::string alternative;  // a cancelled certificate's replacement
};

// Why a task citing `c` as version `cited_version` is refused ("" when it is not): no item, another
// county's, not of the admission list, a draft, an old version or a version that is not the item's, an
// item withdrawn, a cancelled certificate (the reason gives its alternative). code names the case for the
// records (duty_refusals.code) and the tests.
struct Refusal {
  std::string code;  // "" | no_item | other_county | not_admission | draft | superseded | version | withdrawn
                     // | cancelled
  std::string zh;
  std::string en;
  bool refused() const { return !code.empty(); }
};
Refusal CheckCitation(const Cited& c, int cited_version);

// 督导检查备案: the cap's period and the key of the period a planned day lies in.
enum class CapPeriod { kMonth, kQuarter, kYear };
std::optional<CapPeriod> CapPeriodFromName(std::string_view name);  // month | quarter | year
std::string_view CapPeriodName(CapPeriod p);
std::string_view CapPeriodNameZh(CapPeriod p);  // 每月 | 每季度 | 每年
// "2026-12", "2026-Q4" or "2026" for a day YYYY-MM-DD (checked by the caller).
std::string PeriodKey(CapPeriod p, std::string_view day);
inline constexpr int kDefaultCap = 4;  // inspections of one community per quarter, all departments together
inline constexpr CapPeriod kDefaultCapPeriod = CapPeriod::kQuarter;
inline constexpr int kMaxCap = 60;
inline constexpr int kFileAheadDays = 1;  // filed at least a day before the visit (备案 in advance)
inline constexpr int kFileWithinDays = 180;

// An inspection's life: filed within the cap (备案), or pending the county's approval beyond it → approved
// or refused; then held (with what was found) or cancelled.
enum class InspectionStatus { kFiled, kPending, kApproved, kRefused, kHeld, kCancelled };
std::optional<InspectionStatus> InspectionStatusFromName(std::string_view name);
std::string_view InspectionStatusName(InspectionStatus s);
std::string_view InspectionStatusNameZh(InspectionStatus s);
// The statuses that take a place under the cap: filed, approved, held.
bool CountsAgainstCap(InspectionStatus s);

// An item of the county template (data/duty_lists.csv).
struct TemplateItem {
  ListKind list = ListKind::kAdmission;
  Section section = Section::kDuty;
  std::string group;  // 分类 (e.g. 组织建设, 重大事项决策)
  std::string title;
  std::string basis;       // 依据
  std::string department;  // the department it is done for or with
  std::string alternative;
};
Result<std::vector<TemplateItem>> ParseTemplateCsv(std::string_view csv);
const std::vector<TemplateItem>& Template();  // the shipped one, parsed once

}  // namespace wangge::duty
