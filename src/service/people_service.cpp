#include "service/people_service.hpp"

#include <nlohmann/json.hpp>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/tags.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {
namespace {

using nlohmann::json;

// Unknown tags count as sensitive when hiding (fail closed) …
bool IsSensitive(const std::string& tag) {
  const TagDef* d = FindTag(tag);
  return d == nullptr || d->sensitive;
}
// … but not when checking what a caller sets: an unknown tag is left for validation to reject (400).
bool IsKnownSensitive(const std::string& tag) {
  const TagDef* d = FindTag(tag);
  if (d == nullptr) d = FindTagByZh(tag);
  return d != nullptr && d->sensitive;
}

// A live grid or household unit.
Status CheckUnitOrGrid(storage::Tx& tx, const std::string& code, const char* field) {
  if (code.size() != 15 && code.size() != 18)
    return InvalidArgument("必须归属网格(15位)或十联户(18位)",
                           "must belong to a grid (15 digits) or household unit (18 digits)", field);
  auto p = tx.places().Get(code);
  if (!p.ok()) return InvalidArgument("地点 " + code + " 不存在", "place " + code + " does not exist", field);
  if (p->retired) return FailedPrecondition("地点 " + code + " 已撤销", "place " + code + " is retired");
  return Status::Ok();
}

// A client that edits a person sends back the tags it was shown, with phones and 残疾人证号 masked: a masked
// value that matches the stored value's mask keeps the stored value (anything else is validated as new).
void KeepMaskedTagFields(const Person& before, Person* p) {
  for (PersonTag& t : p->tags) {
    const PersonTag* old = nullptr;
    for (const PersonTag& b : before.tags)
      if (b.tag == t.tag) old = &b;
    if (old == nullptr || t.fields_json.find('*') == std::string::npos) continue;
    json f = json::parse(t.fields_json, nullptr, false);
    json o = json::parse(old->fields_json, nullptr, false);
    if (!f.is_object() || !o.is_object()) continue;
    for (auto& [k, v] : f.items()) {
      auto it = o.find(k);
      if (v.is_string() && it != o.end() && it->is_string() &&
          v.get<std::string>().find('*') != std::string::npos &&
          (MaskPhone(it->get<std::string>()) == v.get<std::string>() ||
           MaskDisabilityCert(it->get<std::string>()) == v.get<std::string>()))
        v = *it;
    }
    t.fields_json = f.dump();
  }
}

json PersonDetail(const Person& p) {
  json tags = json::array();
  for (const auto& t : p.tags) tags.push_back(t.tag);
  return json{{"name", p.name},
              {"place_code", p.place_code},
              {"household_id", p.household_id ? json(*p.household_id) : json()},
              {"tags", tags},
              {"retired", p.retired}};
}

}  // namespace

void PeopleService::ApplyView(const Principal& who, Person* p) {
  p->citizen_id.clear();
  p->phone.clear();
  p->citizen_id_enc.clear();
  p->citizen_id_hash.clear();
  p->phone_enc.clear();
  p->phone_hash.clear();
  PersonView v = ViewOf(who.role);
  if (!v.identity) {
    p->citizen_id_masked.clear();
    p->phone_masked.clear();
    p->ethnicity.clear();
    p->political_status.clear();
  }
  if (!v.household) {
    p->household_id.reset();
    p->relation.clear();
    p->residence_type.clear();
  }
  if (!v.care_tags) {
    p->tags.clear();
  } else if (!HasPermission(who.role, Permission::kSensitiveRead)) {
    std::erase_if(p->tags, [](const PersonTag& t) { return IsSensitive(t.tag); });
  }
  // A guardian's or caregiver's phone and a 残疾人证号 are shown like the person's own phone and ID: masked,
  // and only with the identity view.
  MaskTagFields(p, v.identity);
}

Status PeopleService::CheckTagFilter(const Principal& who, const std::string& tag) {
  const TagDef* d = FindTag(tag);
  if (d == nullptr)
    return InvalidArgument("未知的人群标签“" + tag + "”", "unknown group tag '" + tag + "'", "tag");
  if (!ViewOf(who.role).care_tags || (d->sensitive && !HasPermission(who.role, Permission::kSensitiveRead)))
    return PermissionDenied("当前角色无权按该人群查询", "your role may not select people by this group");
  return Status::Ok();
}

// ---------------------------------------------------------------- buildings

Result<Building> PeopleService::GetBuilding(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kHouseholdRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Building b, tx->people().GetBuilding(id));
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kHouseholdRead, b.place_code));
  return b;
}

Result<storage::Page<Building>> PeopleService::ListBuildings(const Ctx& ctx, const std::string& scope,
                                                             const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kHouseholdRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->people().Buildings(s, page);
}

Result<Building> PeopleService::CreateBuilding(const Ctx& ctx, Building b) {
  b.retired = false;
  RETURN_IF_ERROR(ValidateBuilding(&b));
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kHouseholdWrite, b.place_code));
  int64_t id = 0;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(CheckUnitOrGrid(tx, b.place_code, "place_code"));
    ASSIGN_OR_RETURN(id, tx.people().InsertBuilding(b));
    return Audit(tx, ctx, "building.create", "building", std::to_string(id), b.place_code,
                 json{{"name", b.name}}.dump());
  }));
  return GetBuilding(ctx, id);
}

Result<Building> PeopleService::UpdateBuilding(const Ctx& ctx, int64_t id, int64_t version,
                                               const std::function<Status(Building&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kHouseholdWrite));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(Building b, tx.people().GetBuilding(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kHouseholdWrite, b.place_code));
    RETURN_IF_ERROR(apply(b));
    b.id = id;
    b.version = version;
    RETURN_IF_ERROR(ValidateBuilding(&b));
    RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kHouseholdWrite, b.place_code));
    RETURN_IF_ERROR(CheckUnitOrGrid(tx, b.place_code, "place_code"));
    RETURN_IF_ERROR(tx.people().UpdateBuilding(b));
    return Audit(tx, ctx, "building.update", "building", std::to_string(id), b.place_code,
                 json{{"name", b.name}, {"retired", b.retired}}.dump());
  }));
  return GetBuilding(ctx, id);
}

// ---------------------------------------------------------------- households

Result<Household> PeopleService::GetHousehold(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kHouseholdRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Household h, tx->people().GetHousehold(id));
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kHouseholdRead, h.place_code));
  return h;
}

Result<storage::Page<Household>> PeopleService::ListHouseholds(const Ctx& ctx, const std::string& scope,
                                                               const storage::PageRequest& page) {
  ASSIGN_OR_RETURN(std::string s, Authz::ListScope(ctx.who, Permission::kHouseholdRead, scope));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->people().Households(s, page);
}

namespace {
// A household's building, on create and on every edit that sets it or moves the household: a live building of
// the household's own grid (`before`: the stored household on an edit).
Status CheckHouseholdBuilding(storage::Tx& tx, const Household& h, const Household* before = nullptr) {
  if (!h.building_id) return Status::Ok();
  if (before && before->building_id == h.building_id && before->place_code == h.place_code)
    return Status::Ok();
  auto b = tx.people().GetBuilding(*h.building_id);
  if (!b.ok() || b->retired || !IsWithin(h.place_code, b->place_code.substr(0, 15)))
    return InvalidArgument("楼栋不存在或不在同一网格", "building does not exist in the same grid",
                           "building_id");
  return Status::Ok();
}
}  // namespace

Result<Household> PeopleService::CreateHousehold(const Ctx& ctx, Household h) {
  h.retired = false;
  RETURN_IF_ERROR(ValidateHousehold(&h));
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kHouseholdWrite, h.place_code));
  int64_t id = 0;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(CheckUnitOrGrid(tx, h.place_code, "place_code"));
    RETURN_IF_ERROR(CheckHouseholdBuilding(tx, h));
    ASSIGN_OR_RETURN(id, tx.people().InsertHousehold(h));
    return Audit(tx, ctx, "household.create", "household", std::to_string(id), h.place_code,
                 json{{"household_no", h.household_no}}.dump());
  }));
  return GetHousehold(ctx, id);
}

Result<Household> PeopleService::UpdateHousehold(const Ctx& ctx, int64_t id, int64_t version,
                                                 const std::function<Status(Household&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kHouseholdWrite));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(Household h, tx.people().GetHousehold(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kHouseholdWrite, h.place_code));
    bool was_retired = h.retired;
    const Household before = h;
    RETURN_IF_ERROR(apply(h));
    h.id = id;
    h.version = version;
    RETURN_IF_ERROR(ValidateHousehold(&h));
    RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kHouseholdWrite, h.place_code));
    RETURN_IF_ERROR(CheckUnitOrGrid(tx, h.place_code, "place_code"));
    RETURN_IF_ERROR(CheckHouseholdBuilding(tx, h, &before));
    if (h.retired && !was_retired && h.member_count > 0)
      return FailedPrecondition("该户仍有在册成员，请先迁出或注销成员",
                                "the household still has members; move or retire them first");
    RETURN_IF_ERROR(tx.people().UpdateHousehold(h));
    return Audit(tx, ctx, "household.update", "household", std::to_string(id), h.place_code,
                 json{{"household_no", h.household_no}, {"retired", h.retired}}.dump());
  }));
  return GetHousehold(ctx, id);
}

// ---------------------------------------------------------------- people

Result<Person> PeopleService::GetPerson(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPersonRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Person p, tx->people().GetPerson(id));
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPersonRead, p.place_code));
  ApplyView(ctx.who, &p);
  return p;
}

Result<storage::Page<Person>> PeopleService::Search(const Ctx& ctx, const PersonFilter& f) {
  ASSIGN_OR_RETURN(std::string scope, Authz::ListScope(ctx.who, Permission::kPersonRead, f.scope));
  PersonView view = ViewOf(ctx.who.role);
  storage::PersonQuery q;
  q.scope = scope;
  q.include_retired = f.include_retired;
  q.page = f.page;
  q.household_id = f.household_id;
  if (!f.tag.empty()) {
    RETURN_IF_ERROR(CheckTagFilter(ctx.who, f.tag));
    q.tag = f.tag;
  }
  if (!f.citizen_id.empty()) {
    if (!view.identity)
      return PermissionDenied("当前角色无权按身份证号查询", "your role may not search by citizen ID");
    ASSIGN_OR_RETURN(CitizenId id, ParseCitizenId(f.citizen_id));
    q.cid_hash = CitizenIdIndex(*cipher_, id.number);
  }
  if (f.household_id && !view.household)
    return PermissionDenied("当前角色无权按户查询", "your role may not search by household");
  if (!f.name_prefix.empty()) {
    ASSIGN_OR_RETURN(q.name_prefix, CleanText(f.name_prefix, "name", 30));
  }
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto page, tx->people().Search(q));
  for (Person& p : page.items) ApplyView(ctx.who, &p);
  return page;
}

Status PeopleService::Prepare(const Ctx& ctx, Person* p) const {
  RETURN_IF_ERROR(ValidatePerson(p));
  if (p->place_code.empty())
    return InvalidArgument("缺少必填字段 所属网格或十联户代码", "missing required field place_code",
                           "place_code");
  if (auto lv = ParseCode(p->place_code); !lv.ok())
    return Status(lv.status().code(), lv.status().zh(), lv.status().en(), "place_code");
  for (const auto& t : p->tags)
    if (IsSensitive(t.tag) && !HasPermission(ctx.who.role, Permission::kSensitiveWrite))
      return PermissionDenied("当前角色无权登记特殊人群标签", "your role may not set sensitive group tags");
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kPersonWrite, p->place_code));
  SealPersonalData(*cipher_, p);
  return Status::Ok();
}

Status PeopleService::CheckPlacement(storage::Tx& tx, const Person& p) {
  RETURN_IF_ERROR(CheckUnitOrGrid(tx, p.place_code, "place_code"));
  if (p.household_id) {
    auto h = tx.people().GetHousehold(*p.household_id);
    if (!h.ok() || h->retired || h->place_code != p.place_code)
      return InvalidArgument("户不存在或不在所填网格/十联户中", "household does not exist at place_code",
                             "household_id");
  }
  return Status::Ok();
}

Result<Person> PeopleService::CreatePerson(const Ctx& ctx, Person p) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPersonWrite));
  p.retired = false;
  RETURN_IF_ERROR(Prepare(ctx, &p));
  int64_t id = 0;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    RETURN_IF_ERROR(CheckPlacement(tx, p));
    ASSIGN_OR_RETURN(id, tx.people().InsertPerson(p));
    p.id = id;
    return Audit(tx, ctx, "person.create", "person", std::to_string(id), p.place_code,
                 PersonDetail(p).dump());
  }));
  return GetPerson(ctx, id);
}

Result<Person> PeopleService::UpdatePerson(const Ctx& ctx, int64_t id, int64_t version,
                                           const std::function<Status(Person&)>& apply) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPersonWrite));
  const bool sensitive_ok = HasPermission(ctx.who.role, Permission::kSensitiveWrite);
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(Person p, tx.people().GetPerson(id));
    RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPersonWrite, p.place_code));
    ASSIGN_OR_RETURN(p.citizen_id, cipher_->Decrypt(p.citizen_id_enc));
    if (!p.phone_enc.empty()) {
      ASSIGN_OR_RETURN(p.phone, cipher_->Decrypt(p.phone_enc));
    }
    RETURN_IF_ERROR(UnsealTagFields(*cipher_, &p));
    std::vector<PersonTag> hidden;
    if (!sensitive_ok) {
      for (const auto& t : p.tags)
        if (IsSensitive(t.tag)) hidden.push_back(t);
      std::erase_if(p.tags, [](const PersonTag& t) { return IsSensitive(t.tag); });
    }
    Person before = p;
    RETURN_IF_ERROR(apply(p));
    KeepMaskedTagFields(before, &p);
    p.id = id;
    p.version = version;
    if (!sensitive_ok)
      for (const auto& t : p.tags)
        if (IsKnownSensitive(t.tag))
          return PermissionDenied("当前角色无权登记特殊人群标签",
                                  "your role may not set sensitive group tags");
    RETURN_IF_ERROR(ValidatePerson(&p));
    RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kPersonWrite, p.place_code));
    RETURN_IF_ERROR(CheckPlacement(tx, p));
    for (auto& t : hidden) p.tags.push_back(t);
    std::sort(p.tags.begin(), p.tags.end(),
              [](const PersonTag& a, const PersonTag& b) { return a.tag < b.tag; });
    SealPersonalData(*cipher_, &p);
    RETURN_IF_ERROR(tx.people().UpdatePerson(p));
    json detail = PersonDetail(p);
    detail["citizen_id_changed"] = before.citizen_id != p.citizen_id;
    detail["phone_changed"] = before.phone != p.phone;
    return Audit(tx, ctx, p.retired && !before.retired ? "person.retire" : "person.update", "person",
                 std::to_string(id), p.place_code, detail.dump());
  }));
  return GetPerson(ctx, id);
}

Result<Unmasked> PeopleService::Unmask(const Ctx& ctx, int64_t id, const std::string& purpose) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPersonUnmask));
  ASSIGN_OR_RETURN(std::string why, CleanPurpose(purpose));
  Person p;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(p, tx->people().GetPerson(id));
  }
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPersonUnmask, p.place_code));
  Unmasked out;
  ASSIGN_OR_RETURN(out.citizen_id, cipher_->Decrypt(p.citizen_id_enc));
  if (!p.phone_enc.empty()) {
    ASSIGN_OR_RETURN(out.phone, cipher_->Decrypt(p.phone_enc));
  }
  // The sealed fields in the care-group tags the caller may see (监护人电话, 残疾人证号 …), in clear.
  json fields = json::array({"citizen_id", "phone"});
  std::vector<PersonTag> sealed = p.tags;
  RETURN_IF_ERROR(UnsealTagFields(*cipher_, &p));
  ApplyView(ctx.who,
            &p);  // drops the tags the role may not see (and masks sealed fields: read them from `clear`)
  Person clear;
  clear.tags = std::move(sealed);
  RETURN_IF_ERROR(UnsealTagFields(*cipher_, &clear));
  for (const PersonTag& shown : p.tags) {
    const TagDef* def = FindTag(shown.tag);
    if (def == nullptr) continue;
    for (const PersonTag& t : clear.tags) {
      if (t.tag != shown.tag) continue;
      json f = json::parse(t.fields_json, nullptr, false);
      for (const TagField& tf : def->fields) {
        if (!IsSealedTagFieldType(tf.type) || !f.is_object() || !f.contains(std::string(tf.key)) ||
            !f[std::string(tf.key)].is_string())
          continue;
        out.tag_fields.push_back(
            {t.tag, std::string(tf.key), std::string(tf.type), f[std::string(tf.key)].get<std::string>()});
        fields.push_back("tags." + t.tag + "." + std::string(tf.key));
      }
    }
  }
  // Logged durably before anything is shown.
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    return Audit(tx, ctx, "person.unmask", "person", std::to_string(id), p.place_code,
                 json{{"purpose", why}, {"fields", fields}}.dump());
  }));
  return out;
}

}  // namespace wangge::service
