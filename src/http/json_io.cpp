#include "http/json_io.hpp"

#include "core/codes.hpp"
#include "core/tags.hpp"

namespace wangge::http {
namespace {
constexpr size_t kMaxStringBytes = 64 * 1024;

Status TypeError(const char* key, const char* zh_type, const char* en_type) {
  return InvalidArgument(std::string("字段 ") + key + " 应为" + zh_type,
                         std::string("field ") + key + " must be " + en_type, key);
}
}  // namespace

bool JsonIn::Take(const char* key, bool required, const json** v) {
  seen_.insert(key);
  auto it = j_.find(key);
  if (it == j_.end()) {
    if (required)
      Fail(InvalidArgument(std::string("缺少必填字段 ") + key, std::string("missing required field ") + key,
                           key));
    return false;
  }
  *v = &*it;
  return true;
}

JsonIn& JsonIn::Str(const char* key, std::string* out, bool required) {
  const json* v = nullptr;
  if (!Take(key, required, &v)) return *this;
  if (v->is_null() && !required) {
    out->clear();
    return *this;
  }
  if (!v->is_string()) {
    Fail(TypeError(key, "字符串", "a string"));
    return *this;
  }
  const auto& s = v->get_ref<const std::string&>();
  if (s.size() > kMaxStringBytes) {
    Fail(InvalidArgument(std::string("字段 ") + key + " 过长", std::string("field ") + key + " is too long",
                         key));
    return *this;
  }
  *out = s;
  return *this;
}

JsonIn& JsonIn::Int(const char* key, int64_t* out, bool required) {
  const json* v = nullptr;
  if (!Take(key, required, &v)) return *this;
  if (!v->is_number_integer()) {
    Fail(TypeError(key, "整数", "an integer"));
    return *this;
  }
  *out = v->get<int64_t>();
  return *this;
}

JsonIn& JsonIn::Int(const char* key, int* out, bool required) {
  int64_t v = *out;
  Int(key, &v, required);
  if (v < INT32_MIN || v > INT32_MAX) {
    Fail(InvalidArgument(std::string("字段 ") + key + " 超出范围",
                         std::string("field ") + key + " out of range", key));
    return *this;
  }
  *out = static_cast<int>(v);
  return *this;
}

JsonIn& JsonIn::OptInt(const char* key, std::optional<int64_t>* out) {
  const json* v = nullptr;
  if (!Take(key, false, &v)) return *this;
  if (v->is_null()) {
    out->reset();
    return *this;
  }
  if (!v->is_number_integer()) {
    Fail(TypeError(key, "整数或 null", "an integer or null"));
    return *this;
  }
  *out = v->get<int64_t>();
  return *this;
}

JsonIn& JsonIn::Bool(const char* key, bool* out, bool required) {
  const json* v = nullptr;
  if (!Take(key, required, &v)) return *this;
  if (!v->is_boolean()) {
    Fail(TypeError(key, "布尔值", "a boolean"));
    return *this;
  }
  *out = v->get<bool>();
  return *this;
}

JsonIn& JsonIn::Raw(const char* key, const json** out, bool required) {
  const json* v = nullptr;
  if (Take(key, required, &v)) *out = v;
  return *this;
}

JsonIn& JsonIn::Num(const char* key, std::optional<double>* out) {
  const json* v = nullptr;
  if (!Take(key, false, &v)) return *this;
  if (v->is_null()) {
    out->reset();
    return *this;
  }
  if (!v->is_number()) {
    Fail(TypeError(key, "数字", "a number"));
    return *this;
  }
  *out = v->get<double>();
  return *this;
}

JsonIn& JsonIn::StrList(const char* key, std::vector<std::string>* out, size_t max_items) {
  const json* v = nullptr;
  if (!Take(key, false, &v)) return *this;
  if (!v->is_array() || v->size() > max_items) {
    Fail(TypeError(key, ("字符串数组（最多 " + std::to_string(max_items) + " 项）").c_str(),
                   ("an array of at most " + std::to_string(max_items) + " strings").c_str()));
    return *this;
  }
  out->clear();
  for (const json& e : *v) {
    if (!e.is_string() || e.get_ref<const std::string&>().size() > 200) {
      Fail(TypeError(key, "字符串数组", "an array of strings"));
      return *this;
    }
    out->push_back(e.get<std::string>());
  }
  return *this;
}

JsonIn& JsonIn::IntList(const char* key, std::vector<int64_t>* out, size_t max_items) {
  const json* v = nullptr;
  if (!Take(key, false, &v)) return *this;
  if (!v->is_array() || v->size() > max_items) {
    Fail(TypeError(key, ("整数数组（最多 " + std::to_string(max_items) + " 项）").c_str(),
                   ("an array of at most " + std::to_string(max_items) + " integers").c_str()));
    return *this;
  }
  out->clear();
  for (const json& e : *v) {
    if (!e.is_number_integer()) {
      Fail(TypeError(key, "整数数组", "an array of integers"));
      return *this;
    }
    out->push_back(e.get<int64_t>());
  }
  return *this;
}

Status JsonIn::Finish() {
  if (!st_.ok()) return st_;
  for (auto it = j_.begin(); it != j_.end(); ++it)
    if (!seen_.count(it.key()))
      return InvalidArgument("未知字段 " + it.key(), "unknown field " + it.key(), it.key());
  return Status::Ok();
}

Status ReadTags(const json& arr, std::vector<PersonTag>* out) {
  if (!arr.is_array()) return InvalidArgument("字段 tags 应为数组", "field tags must be an array", "tags");
  if (arr.size() > 32) return InvalidArgument("人群标签过多", "too many tags", "tags");
  out->clear();
  for (const auto& t : arr) {
    if (!t.is_object()) return InvalidArgument("tags 的元素应为对象", "each tag must be an object", "tags");
    PersonTag tag;
    const json* fields = nullptr;
    JsonIn in(t);
    in.Str("tag", &tag.tag, true).Raw("fields", &fields).Str("since", &tag.since);
    RETURN_IF_ERROR(in.Finish());
    if (fields != nullptr) {
      if (!fields->is_object() && !fields->is_null())
        return InvalidArgument("tags.fields 应为对象", "tags.fields must be an object", "tags");
      tag.fields_json = fields->is_null() ? "{}" : fields->dump();
    }
    out->push_back(std::move(tag));
  }
  return Status::Ok();
}

json PlaceJson(const Place& p, bool with_boundary) {
  json j{{"code", p.code},
         {"name", p.name},
         {"level", LevelName(static_cast<Level>(p.level))},
         {"level_zh", LevelNameZh(static_cast<Level>(p.level))},
         {"parent_code", p.parent_code},
         {"kind", p.kind},
         {"leader_person_id", p.leader_person_id ? json(*p.leader_person_id) : json()},
         {"leader_name", p.leader_name},
         {"retired", p.retired},
         {"version", p.version},
         {"updated_at", p.updated_at}};
  if (with_boundary) {
    json b = p.boundary.empty() ? json() : json::parse(p.boundary, nullptr, false);
    j["boundary"] = b.is_discarded() ? json() : b;
  }
  return j;
}

json CountsJson(const PlaceCounts& c) {
  json tags = json::object();
  for (const auto& [t, n] : c.tags) tags[t] = n;
  return json{{"households", c.households},
              {"people", c.people},
              {"grids", c.grids},
              {"units", c.units},
              {"tags", tags}};
}

json NodeJson(const service::PlaceNode& n, bool with_boundary) {
  json j = PlaceJson(n.place, with_boundary);
  j["counts"] = CountsJson(n.counts);
  return j;
}

json BuildingJson(const Building& b) {
  return json{
      {"id", b.id},           {"place_code", b.place_code},
      {"name", b.name},       {"address", b.address},
      {"floors", b.floors},   {"leader_person_id", b.leader_person_id ? json(*b.leader_person_id) : json()},
      {"retired", b.retired}, {"version", b.version}};
}

json HouseholdJson(const Household& h) {
  return json{{"id", h.id},
              {"place_code", h.place_code},
              {"building_id", h.building_id ? json(*h.building_id) : json()},
              {"address", h.address},
              {"household_no", h.household_no},
              {"residence_type", h.residence_type},
              {"member_count", h.member_count},
              {"retired", h.retired},
              {"version", h.version}};
}

json PersonJson(const Person& p, Role role) {
  PersonView v = ViewOf(role);
  json j{{"id", p.id},           {"place_code", p.place_code}, {"name", p.name},
         {"sex", p.sex},         {"birth_date", p.birth_date}, {"retired", p.retired},
         {"version", p.version}, {"updated_at", p.updated_at}};
  if (v.identity) {
    j["citizen_id"] = p.citizen_id_masked;  // masked: the clear value only through /unmask
    j["phone"] = p.phone_masked;
    j["ethnicity"] = p.ethnicity;
    j["political_status"] = p.political_status;
  }
  if (v.household) {
    j["household_id"] = p.household_id ? json(*p.household_id) : json();
    j["relation"] = p.relation;
    j["residence_type"] = p.residence_type;
  }
  if (v.care_tags) {
    json tags = json::array();
    for (const auto& t : p.tags) {
      const TagDef* d = FindTag(t.tag);
      json f = json::parse(t.fields_json, nullptr, false);
      tags.push_back(json{{"tag", t.tag},
                          {"name", d ? std::string(d->zh) : t.tag},
                          {"sensitive", d && d->sensitive},
                          {"fields", f.is_discarded() ? json::object() : f},
                          {"since", t.since}});
    }
    j["tags"] = tags;
  }
  return j;
}

json OrgJson(const Organization& o) {
  return json{{"id", o.id},
              {"place_code", o.place_code},
              {"name", o.name},
              {"kind", o.kind},
              {"credit_code", o.credit_code},
              {"employees", o.employees},
              {"party_members", o.party_members},
              {"three_haves", o.three_haves},
              {"party_org_type", o.party_org_type},
              {"instructor_name", o.instructor_name},
              {"retired", o.retired},
              {"version", o.version}};
}

json CoverageJson(const service::CoverageRates& c) {
  return json{{"total", c.counts.total},
              {"with_party_org", c.counts.with_party_org},
              {"with_work", c.counts.with_work},
              {"with_members", c.counts.with_members},
              {"with_members_and_org", c.counts.with_members_and_org},
              {"without_members", c.counts.without_members},
              {"without_members_with_work", c.counts.without_members_with_work},
              {"org_coverage", c.org_coverage},
              {"work_coverage", c.work_coverage},
              {"with_members_org_coverage", c.with_members_org_coverage},
              {"without_members_work_coverage", c.without_members_work_coverage}};
}

json PartyOrgJson(const PartyOrg& o) {
  return json{{"id", o.id},
              {"place_code", o.place_code},
              {"name", o.name},
              {"kind", o.kind},
              {"parent_id", o.parent_id ? json(*o.parent_id) : json()},
              {"secretary_name", o.secretary_name},
              {"members", o.members},
              {"retired", o.retired},
              {"version", o.version}};
}

json GridPartyCoverageJson(const service::GridPartyRates& c) {
  return json{{"grids", c.counts.grids},
              {"grids_covered", c.counts.grids_covered},
              {"grid_coverage", c.grid_coverage}};
}

json UserJson(const User& u) {
  auto role = RoleFromName(u.role);
  return json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"role", u.role},
              {"role_zh", role ? std::string(RoleNameZh(*role)) : u.role},
              {"place_code", u.place_code},
              {"department_id", u.department_id ? json(*u.department_id) : json()},
              {"person_id", u.person_id ? json(*u.person_id) : json()},
              {"disabled", u.disabled},
              {"must_change_password", u.must_change_password},
              {"created_at", u.created_at}};
}

json DepartmentJson(const Department& d) {
  return json{
      {"id", d.id}, {"code", d.code}, {"name", d.name}, {"place_code", d.place_code}, {"retired", d.retired}};
}

json AuditJson(const storage::AuditEntry& e) {
  json detail = json::parse(e.detail, nullptr, false);
  return json{{"seq", e.seq},
              {"at", e.at},
              {"user_id", e.user_id},
              {"username", e.username},
              {"action", e.action},
              {"entity", e.entity},
              {"entity_id", e.entity_id},
              {"place_code", e.place_code},
              {"detail", detail.is_discarded() ? json() : detail},
              {"hash", e.hash}};
}

}  // namespace wangge::http
