#include "service/duty_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/codes.hpp"
#include "core/duty.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/records.hpp"

namespace wangge::service {
namespace {

using json = nlohmann::json;
using storage::DutyItem;
using storage::DutyList;

constexpr size_t kMaxItems = 500;  // items of one list version

Result<DutyListView> ViewOf(storage::Tx& tx, DutyList l, bool with_items) {
  DutyListView v;
  ASSIGN_OR_RETURN(v.counts, tx.duties().ItemCounts(l.id));
  if (with_items) {
    ASSIGN_OR_RETURN(v.items, tx.duties().Items(l.id));
  }
  v.county_name = PlaceNameOf(tx, l.place_code);
  v.created_by_name = UserNameOf(tx, l.created_by);
  v.published_by_name = UserNameOf(tx, l.published_by);
  v.list = std::move(l);
  return v;
}

Status NoList(int64_t id) {
  return NotFound("清单 " + std::to_string(id) + " 不存在", "no list " + std::to_string(id));
}

Result<DutyItem> CleanItem(duty::ListKind kind, const DutyItemInput& in) {
  DutyItem i;
  const auto section = duty::SectionFromName(in.section);
  if (!section || !duty::SectionOf(kind, *section))
    return InvalidArgument(
        "该清单的分项只能是 " + std::string(kind == duty::ListKind::kAdmission ? "duty、assist 或 cancelled"
                                            : kind == duty::ListKind::kMicroPower ? "power"
                                                                                  : "service"),
        "section is not one of the list's", "section");
  i.section = std::string(duty::SectionName(*section));
  ASSIGN_OR_RETURN(i.title, CleanText(in.title, "title", 60));
  ASSIGN_OR_RETURN(i.group, CleanText(in.group, "group", 20, false));
  ASSIGN_OR_RETURN(i.basis, CleanText(in.basis, "basis", 200, false));
  ASSIGN_OR_RETURN(i.department, CleanText(in.department, "department", 40, false));
  ASSIGN_OR_RETURN(i.alternative, CleanText(in.alternative, "alternative", 200, false));
  if (*section == duty::Section::kCancelled && i.alternative.empty())
    return InvalidArgument("取消的证明事项须写明替代方式", "a cancelled certificate needs its alternative",
                           "alternative");
  if (*section != duty::Section::kCancelled && !i.alternative.empty())
    return InvalidArgument("只有取消的证明事项填写替代方式",
                           "only a cancelled certificate has an alternative", "alternative");
  return i;
}

}  // namespace

Result<std::string> DutyService::CountyOf(const Principal& who, const std::string& county) {
  if (county.empty()) {
    if (who.scope.size() < 6) return InvalidArgument("请指定县（区）", "name the county (county)", "county");
    return who.scope.substr(0, 6);
  }
  auto lvl = ParseCode(county);
  if (!lvl.ok() || *lvl != Level::kCounty)
    return InvalidArgument("县（区）编码应为 6 位", "county must be a 6-digit county code", "county");
  if (!IsWithin(county, who.scope) && !IsWithin(who.scope, county))
    return PermissionDenied("该县（区）不在您的范围内", "the county is outside your scope");
  return county;
}

Result<std::optional<DutyList>> DutyService::CurrentAdmission(storage::Tx& tx, const std::string& county) {
  return tx.duties().ListIn(county, std::string(duty::ListKindName(duty::ListKind::kAdmission)), "published");
}

Result<std::vector<DutyListView>> DutyService::Lists(const Ctx& ctx, const std::string& county) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  ASSIGN_OR_RETURN(std::string code, CountyOf(ctx.who, county));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto lists, tx->duties().Lists(code));
  const bool manager = HasPermission(ctx.who.role, Permission::kListManage);
  std::vector<DutyListView> out;
  for (DutyList& l : lists) {
    if (l.status == "draft" && !manager) continue;  // a draft is the county's own work in progress
    ASSIGN_OR_RETURN(auto v, ViewOf(*tx, std::move(l), false));
    out.push_back(std::move(v));
  }
  return out;
}

Result<DutyListView> DutyService::Get(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto l, tx->duties().GetList(id));
  if (!l || (!IsWithin(l->place_code, ctx.who.scope) && !IsWithin(ctx.who.scope, l->place_code)) ||
      (l->status == "draft" && !HasPermission(ctx.who.role, Permission::kListManage)))
    return NoList(id);
  return ViewOf(*tx, std::move(*l), true);
}

Result<DutyListView> DutyService::Current(const Ctx& ctx, const std::string& county,
                                          const std::string& kind) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  ASSIGN_OR_RETURN(std::string code, CountyOf(ctx.who, county));
  const auto k = duty::ListKindFromName(kind);
  if (!k)
    return InvalidArgument("清单类别只能是 admission、micro_power 或 service",
                           "kind must be admission, micro_power or service", "kind");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto l, tx->duties().ListIn(code, kind, "published"));
  if (!l)
    return NotFound("本县（区）尚未发布" + std::string(duty::ListKindNameZh(*k)),
                    "the county has not published its " + kind + " list");
  return ViewOf(*tx, std::move(*l), true);
}

Result<DutyListView> DutyService::Public(const std::string& county, const std::string& kind) {
  auto lvl = ParseCode(county);
  if (!lvl.ok() || *lvl != Level::kCounty)
    return InvalidArgument("县（区）编码应为 6 位", "county must be a 6-digit county code", "county");
  const auto k = duty::ListKindFromName(kind);
  if (!k)
    return InvalidArgument("清单类别只能是 admission、micro_power 或 service",
                           "kind must be admission, micro_power or service", "kind");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto l, tx->duties().ListIn(county, kind, "published"));
  if (!l)
    return NotFound("该县（区）尚未发布" + std::string(duty::ListKindNameZh(*k)),
                    "the county has not published its " + kind + " list");
  ASSIGN_OR_RETURN(DutyListView v, ViewOf(*tx, std::move(*l), true));
  std::erase_if(v.items, [](const DutyItem& i) { return i.status != "active"; });
  return v;
}

Result<DutyListView> DutyService::OpenDraft(const Ctx& ctx, const std::string& county,
                                            const std::string& kind, const std::string& title,
                                            const std::string& note) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kListManage));
  ASSIGN_OR_RETURN(std::string code, CountyOf(who, county));
  if (!Authz::InScope(who, code))
    return PermissionDenied("该县（区）不在您的管辖范围内", "the county is outside your jurisdiction");
  const auto k = duty::ListKindFromName(kind);
  if (!k)
    return InvalidArgument("清单类别只能是 admission、micro_power 或 service",
                           "kind must be admission, micro_power or service", "kind");
  DutyList l;
  l.place_code = code;
  l.kind = kind;
  ASSIGN_OR_RETURN(l.title, CleanText(title, "title", 60, false));
  if (l.title.empty()) l.title = std::string(duty::ListKindNameZh(*k));
  ASSIGN_OR_RETURN(l.note, CleanText(note, "note", 500, false, true));
  l.status = "draft";
  l.created_by = who.user_id;
  l.created_at = orders_->Now();
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    auto place = tx.places().Get(code);
    if (!place.ok() || place->retired) return NotFound("县（区） " + code + " 不存在", "no county " + code);
    ASSIGN_OR_RETURN(auto draft, tx.duties().ListIn(code, kind, "draft"));
    if (draft)
      return Conflict("该清单已有未发布的草稿（第 " + std::to_string(draft->list_version) + " 版）",
                      "the list has an open draft (version " + std::to_string(draft->list_version) + ")",
                      "kind");
    ASSIGN_OR_RETURN(auto lists, tx.duties().Lists(code));
    int last = 0;
    for (const DutyList& x : lists)
      if (x.kind == kind) last = std::max(last, x.list_version);
    l.list_version = last + 1;
    RETURN_IF_ERROR(tx.duties().InsertList(&l));
    ASSIGN_OR_RETURN(auto current, tx.duties().ListIn(code, kind, "published"));
    std::vector<DutyItem> items;
    if (current) {
      ASSIGN_OR_RETURN(items, tx.duties().Items(current->id));
    } else {
      for (const duty::TemplateItem& t : duty::Template()) {
        if (t.list != *k) continue;
        DutyItem i;
        i.section = std::string(duty::SectionName(t.section));
        i.group = t.group;
        i.title = t.title;
        i.basis = t.basis;
        i.department = t.department;
        i.alternative = t.alternative;
        items.push_back(std::move(i));
      }
    }
    int seq = 0;
    for (DutyItem& i : items) {
      if (i.status == "withdrawn") continue;  // a withdrawn item does not come back in the next version
      i.id = 0;
      i.list_id = l.id;
      i.place_code = code;
      i.seq = ++seq;
      i.status = "active";
      RETURN_IF_ERROR(tx.duties().InsertItem(&i));
    }
    return Audit(tx, ctx, "duty.list.draft", "duty_list", std::to_string(l.id), code,
                 json{{"kind", kind}, {"list_version", l.list_version}, {"items", seq}}.dump());
  }));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return ViewOf(*tx, std::move(l), true);
}

Result<DutyList> DutyService::EditableDraft(storage::Tx& tx, const Principal& who, int64_t list_id) {
  ASSIGN_OR_RETURN(auto l, tx.duties().GetList(list_id));
  if (!l || !IsWithin(l->place_code, who.scope)) return NoList(list_id);
  if (l->status != "draft")
    return FailedPrecondition("已发布的清单版本不能修改；请新建草稿或撤销单个事项",
                              "a published version is not edited: open a draft, or withdraw the item");
  return *l;
}

Result<DutyItem> DutyService::AddItem(const Ctx& ctx, int64_t list_id, const DutyItemInput& in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  DutyItem i;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(DutyList l, EditableDraft(tx, ctx.who, list_id));
    ASSIGN_OR_RETURN(i, CleanItem(*duty::ListKindFromName(l.kind), in));
    ASSIGN_OR_RETURN(auto items, tx.duties().Items(list_id));
    if (items.size() >= kMaxItems)
      return FailedPrecondition("一份清单最多 500 项", "a list holds at most 500 items");
    for (const DutyItem& x : items)
      if (x.title == i.title)
        return Conflict("清单中已有同名事项「" + i.title + "」", "the list has an item of that title",
                        "title");
    i.list_id = list_id;
    i.place_code = l.place_code;
    RETURN_IF_ERROR(tx.duties().InsertItem(&i));
    return Audit(tx, ctx, "duty.item.add", "duty_item", std::to_string(i.id), l.place_code,
                 json{{"list_id", list_id}, {"title", i.title}, {"section", i.section}}.dump());
  }));
  return i;
}

Result<DutyItem> DutyService::UpdateItem(const Ctx& ctx, int64_t list_id, int64_t item_id,
                                         const DutyItemInput& in) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  DutyItem i;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(DutyList l, EditableDraft(tx, ctx.who, list_id));
    ASSIGN_OR_RETURN(auto old, tx.duties().GetItem(item_id));
    if (!old || old->list_id != list_id)
      return NotFound("事项 " + std::to_string(item_id) + " 不存在", "no item " + std::to_string(item_id));
    ASSIGN_OR_RETURN(DutyItem clean, CleanItem(*duty::ListKindFromName(l.kind), in));
    i = *old;
    i.section = clean.section;
    i.group = clean.group;
    i.title = clean.title;
    i.basis = clean.basis;
    i.department = clean.department;
    i.alternative = clean.alternative;
    i.version = in.version;
    Status st = tx.duties().UpdateItem(&i);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    return Audit(tx, ctx, "duty.item.edit", "duty_item", std::to_string(i.id), l.place_code,
                 json{{"list_id", list_id}, {"title", i.title}}.dump());
  }));
  return i;
}

Status DutyService::DeleteItem(const Ctx& ctx, int64_t list_id, int64_t item_id, int64_t version) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  return db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(DutyList l, EditableDraft(tx, ctx.who, list_id));
    ASSIGN_OR_RETURN(auto old, tx.duties().GetItem(item_id));
    if (!old || old->list_id != list_id)
      return NotFound("事项 " + std::to_string(item_id) + " 不存在", "no item " + std::to_string(item_id));
    Status st = tx.duties().DeleteItem(item_id, version);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    return Audit(tx, ctx, "duty.item.delete", "duty_item", std::to_string(item_id), l.place_code,
                 json{{"list_id", list_id}, {"title", old->title}}.dump());
  });
}

Result<DutyListView> DutyService::Publish(const Ctx& ctx, int64_t list_id, int64_t version) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  DutyList l;
  const int64_t now = orders_->Now();
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(l, EditableDraft(tx, ctx.who, list_id));
    ASSIGN_OR_RETURN(auto counts, tx.duties().ItemCounts(list_id));
    if (counts.empty())
      return FailedPrecondition("清单没有事项，不能发布", "a list without items is not published");
    // Numbered afresh by section (依法履职, 协助政府, 取消的证明 …) then by their order in the draft, so the
    // published version reads 1, 2, 3 … down its sections: nothing cites a draft's numbers.
    ASSIGN_OR_RETURN(auto items, tx.duties().Items(list_id));
    auto rank = [](const DutyItem& i) {
      return static_cast<int>(duty::SectionFromName(i.section).value_or(duty::Section::kService));
    };
    std::stable_sort(items.begin(), items.end(),
                     [&](const DutyItem& a, const DutyItem& b) { return rank(a) < rank(b); });
    bool ordered = true;
    for (size_t k = 0; k < items.size(); ++k) ordered = ordered && items[k].seq == static_cast<int>(k) + 1;
    if (!ordered) {
      for (DutyItem& i : items) {  // out of the way first: (list, seq) is unique
        i.seq += 100000;
        RETURN_IF_ERROR(tx.duties().UpdateItem(&i));
      }
      for (size_t k = 0; k < items.size(); ++k) {
        items[k].seq = static_cast<int>(k) + 1;
        RETURN_IF_ERROR(tx.duties().UpdateItem(&items[k]));
      }
    }
    ASSIGN_OR_RETURN(auto current, tx.duties().ListIn(l.place_code, l.kind, "published"));
    if (current) {
      current->status = "superseded";
      current->superseded_at = now;
      RETURN_IF_ERROR(tx.duties().UpdateList(&*current));
    }
    l.status = "published";
    l.published_by = ctx.who.user_id;
    l.published_at = now;
    l.version = version;
    Status st = tx.duties().UpdateList(&l);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    return Audit(tx, ctx, "duty.list.publish", "duty_list", std::to_string(l.id), l.place_code,
                 json{{"kind", l.kind},
                      {"list_version", l.list_version},
                      {"supersedes", current ? current->list_version : 0}}
                     .dump());
  }));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return ViewOf(*tx, std::move(l), true);
}

Result<DutyItem> DutyService::WithdrawItem(const Ctx& ctx, int64_t list_id, int64_t item_id,
                                           const std::string& reason, int64_t version) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kListManage));
  ASSIGN_OR_RETURN(std::string why, CleanText(reason, "reason", 200));
  DutyItem i;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(auto l, tx.duties().GetList(list_id));
    if (!l || !IsWithin(l->place_code, ctx.who.scope)) return NoList(list_id);
    if (l->status != "published")
      return FailedPrecondition("只能撤销现行版本中的事项（草稿中可直接删除）",
                                "only an item of the current version is withdrawn (delete it from a draft)");
    ASSIGN_OR_RETURN(auto old, tx.duties().GetItem(item_id));
    if (!old || old->list_id != list_id)
      return NotFound("事项 " + std::to_string(item_id) + " 不存在", "no item " + std::to_string(item_id));
    if (old->status == "withdrawn")
      return FailedPrecondition("该事项已撤销", "the item is withdrawn already");
    i = *old;
    i.status = "withdrawn";
    i.withdrawn_reason = why;
    i.withdrawn_by = ctx.who.user_id;
    i.withdrawn_at = orders_->Now();
    i.version = version;
    Status st = tx.duties().UpdateItem(&i);
    if (st.code() == StatusCode::kConflict) return StaleRecord();
    RETURN_IF_ERROR(st);
    return Audit(tx, ctx, "duty.item.withdraw", "duty_item", std::to_string(i.id), l->place_code,
                 json{{"list_id", list_id}, {"title", i.title}, {"reason", why}}.dump());
  }));
  return i;
}

Result<std::vector<DutyItem>> DutyService::Certificates(const Ctx& ctx, const std::string& county_code,
                                                        const std::string& q) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  ASSIGN_OR_RETURN(std::string county, CountyOf(ctx.who, county_code));
  ASSIGN_OR_RETURN(std::string needle, CleanText(q, "q", 30, false));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto current, CurrentAdmission(*tx, county));
  std::vector<DutyItem> out;
  if (!current) return out;
  ASSIGN_OR_RETURN(auto items, tx->duties().Items(current->id));
  for (DutyItem& i : items)
    if (i.section == "cancelled" && i.status == "active" &&
        (needle.empty() || i.title.find(needle) != std::string::npos))
      out.push_back(std::move(i));
  return out;
}

Status DutyService::PublishTemplate(storage::Tx& tx, const std::string& county, int64_t by, int64_t at) {
  for (duty::ListKind k :
       {duty::ListKind::kAdmission, duty::ListKind::kMicroPower, duty::ListKind::kService}) {
    DutyList l;
    l.place_code = county;
    l.kind = std::string(duty::ListKindName(k));
    l.list_version = 1;
    l.title = std::string(duty::ListKindNameZh(k));
    l.status = "published";
    l.created_by = l.published_by = by;
    l.created_at = l.published_at = at;
    RETURN_IF_ERROR(tx.duties().InsertList(&l));
    for (const duty::TemplateItem& t : duty::Template()) {
      if (t.list != k) continue;
      DutyItem i;
      i.list_id = l.id;
      i.place_code = county;
      i.section = std::string(duty::SectionName(t.section));
      i.group = t.group;
      i.title = t.title;
      i.basis = t.basis;
      i.department = t.department;
      i.alternative = t.alternative;
      RETURN_IF_ERROR(tx.duties().InsertItem(&i));
    }
  }
  return Status::Ok();
}

}  // namespace wangge::service
