#include "core/validation.hpp"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/dates.hpp"
#include "core/roles.hpp"
#include "core/tags.hpp"
#include "core/text.hpp"

namespace wangge {
namespace {

bool In(const std::vector<std::string_view>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// "取值不在允许列表中" with the list: all of it when short; when long (the 58 民族), a pointer to the
// template's drop-down list, the count and the first few.
constexpr size_t kListedInFull = 15;
constexpr size_t kListedFirst = 5;

Status NotInList(std::string_view zh_field, std::string_view field, std::string_view value,
                 const std::vector<std::string_view>& allowed) {
  std::vector<std::string_view> shown;
  for (std::string_view a : allowed)
    if (!a.empty()) shown.push_back(a);
  const bool in_full = shown.size() <= kListedInFull;
  std::string zh_list, en_list;
  for (size_t i = 0; i < shown.size() && (in_full || i < kListedFirst); ++i) {
    zh_list += (i > 0 ? "、" : "") + std::string(shown[i]);
    en_list += (i > 0 ? ", " : "") + std::string(shown[i]);
  }
  std::string zh = std::string(zh_field) + " 的取值“" + std::string(value) + "”不在允许列表中";
  std::string en = std::string(field) + " value '" + std::string(value) + "' is not in the allowed list";
  if (in_full) {
    zh += "，可选：" + zh_list;
    en += ": " + en_list;
  } else {
    const std::string n = std::to_string(shown.size());
    zh += "，请从模板的下拉列表中选择（共 " + n + " 项，如 " + zh_list + " 等）";
    en += "; see the template's drop-down list (" + n + " values, e.g. " + en_list + ")";
  }
  return InvalidArgument(std::move(zh), std::move(en), std::string(field));
}

Status CheckCode(const std::string& code, std::string_view field) {
  auto r = ParseCode(code);
  if (!r.ok()) return Status(r.status().code(), r.status().zh(), r.status().en(), std::string(field));
  return Status::Ok();
}

}  // namespace

const std::vector<std::string_view>& Ethnicities() {
  static const std::vector<std::string_view> v = {
      "汉族",     "蒙古族",   "回族",       "藏族",     "维吾尔族",   "苗族",   "彝族",     "壮族",
      "布依族",   "朝鲜族",   "满族",       "侗族",     "瑶族",       "白族",   "土家族",   "哈尼族",
      "哈萨克族", "傣族",     "黎族",       "傈僳族",   "佤族",       "畲族",   "高山族",   "拉祜族",
      "水族",     "东乡族",   "纳西族",     "景颇族",   "柯尔克孜族", "土族",   "达斡尔族", "仫佬族",
      "羌族",     "布朗族",   "撒拉族",     "毛南族",   "仡佬族",     "锡伯族", "阿昌族",   "普米族",
      "塔吉克族", "怒族",     "乌孜别克族", "俄罗斯族", "鄂温克族",   "德昂族", "保安族",   "裕固族",
      "京族",     "塔塔尔族", "独龙族",     "鄂伦春族", "赫哲族",     "门巴族", "珞巴族",   "基诺族",
      "其他",     "外国血统"};
  return v;
}

const std::vector<std::string_view>& PoliticalStatuses() {
  static const std::vector<std::string_view> v = {
      "中共党员",   "中共预备党员", "共青团员",     "民革党员", "民盟盟员",   "民建会员", "民进会员",
      "农工党党员", "致公党党员",   "九三学社社员", "台盟盟员", "无党派人士", "群众"};
  return v;
}

const std::vector<std::string_view>& ResidenceTypes() {
  static const std::vector<std::string_view> v = {"户籍", "流动", "寄住"};
  return v;
}

const std::vector<std::string_view>& Relations() {
  static const std::vector<std::string_view> v = {"户主", "配偶", "子",     "女",       "父亲",
                                                  "母亲", "孙子", "孙女",   "儿媳",     "女婿",
                                                  "兄弟", "姐妹", "祖父母", "外孙子女", "其他"};
  return v;
}

const std::vector<std::string_view>& PartyOrgTypes() {
  static const std::vector<std::string_view> v = {"", "standalone", "joint", "area", "industry"};
  return v;
}

namespace {
// A 残疾人证号 is the holder's own citizen ID with the category and grade digits of the certificate's
// 残疾类别 and 残疾等级: one that does not match is a typing error (or someone else's certificate).
Status CheckDisabilityCert(const Person& p, const PersonTag& t) {
  const nlohmann::json f = nlohmann::json::parse(t.fields_json, nullptr, false);
  if (!f.is_object() || !f.contains("cert_no") || !f["cert_no"].is_string()) return Status::Ok();
  const std::string cert = f["cert_no"].get<std::string>();
  const std::string field = "tags.disabled.cert_no";
  if (cert.size() != 20) return Status::Ok();  // ValidateTagFields refused it already
  if (cert.compare(0, 18, p.citizen_id) != 0)
    return InvalidArgument("残疾人证号前 18 位应为本人的公民身份号码",
                           "the first 18 characters of the certificate number "
                           "must be the holder's own citizen ID",
                           field);
  // Digit 19 names the category, digit 20 the grade: each must be the one entered beside the number.
  const auto digit_matches = [&](size_t pos, std::string_view named, const char* key, const char* zh,
                                 const char* en) -> Status {
    if (f.value(key, "") == named) return Status::Ok();
    const std::string n = std::to_string(pos + 1);
    return InvalidArgument(
        "残疾人证号第 " + n + " 位表示" + zh + "“" + std::string(named) + "”，与所填" + zh + "不符",
        "digit " + n + " of the certificate number is the " + en + " \"" + std::string(named) +
            "\", not the " + key + " given",
        field);
  };
  RETURN_IF_ERROR(
      digit_matches(18, DisabilityCategoryOf(cert[18]), "disability_type", "残疾类别", "category"));
  RETURN_IF_ERROR(digit_matches(19, DisabilityGradeOf(cert[19]), "grade", "残疾等级", "grade"));
  return Status::Ok();
}
}  // namespace

Status ValidatePerson(Person* p, std::string_view today) {
  ASSIGN_OR_RETURN(p->name, CleanText(p->name, "name", 30));
  RETURN_IF_ERROR(ValidatePersonName(p->name));
  ASSIGN_OR_RETURN(CitizenId id, ParseCitizenId(Trim(p->citizen_id), today));
  p->citizen_id = id.number;
  p->sex = std::string(1, id.sex);
  p->birth_date = id.BirthDate();
  p->phone = Trim(p->phone);
  if (!p->phone.empty()) RETURN_IF_ERROR(ValidatePhone(p->phone));
  p->ethnicity = Trim(p->ethnicity);
  if (!p->ethnicity.empty() && !In(Ethnicities(), p->ethnicity))
    return NotInList("民族", "ethnicity", p->ethnicity, Ethnicities());
  p->political_status = Trim(p->political_status);
  if (!p->political_status.empty() && !In(PoliticalStatuses(), p->political_status))
    return NotInList("政治面貌", "political_status", p->political_status, PoliticalStatuses());
  p->residence_type = Trim(p->residence_type);
  if (p->residence_type.empty()) p->residence_type = "户籍";
  if (!In(ResidenceTypes(), p->residence_type))
    return NotInList("居住类型", "residence_type", p->residence_type, ResidenceTypes());
  p->relation = Trim(p->relation);
  if (!p->relation.empty() && !In(Relations(), p->relation))
    return NotInList("与户主关系", "relation", p->relation, Relations());
  std::vector<std::string> seen;
  for (auto& t : p->tags) {
    const TagDef* def = FindTag(t.tag);
    if (def == nullptr) def = FindTagByZh(t.tag);
    if (def == nullptr)
      return InvalidArgument("未知的人群标签“" + t.tag + "”", "unknown group tag '" + t.tag + "'", "tags");
    t.tag = std::string(def->id);
    if (std::find(seen.begin(), seen.end(), t.tag) != seen.end())
      return InvalidArgument("人群标签重复：" + std::string(def->zh), "duplicate group tag " + t.tag, "tags");
    seen.push_back(t.tag);
    ASSIGN_OR_RETURN(t.fields_json, ValidateTagFields(*def, t.fields_json, today));
    if (!t.since.empty()) RETURN_IF_ERROR(ValidateDate(t.since, "tags." + t.tag + ".since"));
    if (t.tag == "disabled") RETURN_IF_ERROR(CheckDisabilityCert(*p, t));
  }
  std::sort(p->tags.begin(), p->tags.end(),
            [](const PersonTag& a, const PersonTag& b) { return a.tag < b.tag; });
  return Status::Ok();
}

std::string CitizenIdIndex(const FieldCipher& cipher, std::string_view normalised_id) {
  return cipher.BlindIndex("cid", normalised_id);
}

namespace {

// The sealed fields of a tag: phones (监护人电话 …) and the 残疾人证号, which holds a citizen ID.
struct SealedField {
  std::string key;
  std::string_view type;
};
std::vector<SealedField> SealedFields(std::string_view tag) {
  std::vector<SealedField> out;
  if (const TagDef* def = FindTag(tag))
    for (const TagField& f : def->fields)
      if (IsSealedTagFieldType(f.type)) out.push_back({std::string(f.key), f.type});
  return out;
}

// Calls fn(fields, key, value, type) for each sealed field present in `t`, rewriting fields_json when fn
// returns true.
template <typename Fn>
void ForEachSealedField(PersonTag& t, Fn fn) {
  const std::vector<SealedField> keys = SealedFields(t.tag);
  if (keys.empty()) return;
  nlohmann::json f = nlohmann::json::parse(t.fields_json, nullptr, false);
  if (!f.is_object()) return;
  bool changed = false;
  for (const SealedField& k : keys) {
    auto it = f.find(k.key);
    if (it == f.end()) continue;
    changed = fn(f, k.key, *it, k.type) || changed;
  }
  if (changed) t.fields_json = f.dump();
}

std::string FromHex(std::string_view hex) {
  std::string out(hex.size() / 2, '\0');
  size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(), hex.size(),
                     nullptr, &len, nullptr) != 0)
    return {};
  out.resize(len);
  return out;
}

bool IsSealed(const nlohmann::json& v) { return v.is_object() && v.contains("enc") && v["enc"].is_string(); }

}  // namespace

bool IsSealedTagFieldType(std::string_view type) { return type == "phone" || type == "disability_cert"; }

std::string MaskTagField(std::string_view type, std::string_view clear) {
  return type == "disability_cert" ? MaskDisabilityCert(clear) : MaskPhone(clear);
}

Status UnsealTagFields(const FieldCipher& cipher, Person* p) {
  Status st = Status::Ok();
  for (PersonTag& t : p->tags)
    ForEachSealedField(t, [&](nlohmann::json& f, const std::string& k, nlohmann::json& v, std::string_view) {
      if (!IsSealed(v)) return false;
      auto clear = cipher.Decrypt(FromHex(v["enc"].get<std::string>()));
      if (!clear.ok()) {
        st = clear.status();
        f.erase(k);
        return true;
      }
      v = *clear;
      return true;
    });
  return st;
}

void MaskTagFields(Person* p, bool keep_masked) {
  for (PersonTag& t : p->tags)
    ForEachSealedField(
        t, [&](nlohmann::json& f, const std::string& k, nlohmann::json& v, std::string_view type) {
          if (!keep_masked) {
            f.erase(k);
          } else if (IsSealed(v)) {
            v = v.value("masked", std::string());
          } else {
            v = MaskTagField(type, v.is_string() ? v.get<std::string>() : v.dump());
          }
          return true;
        });
}

std::string ComparableTagFields(std::string_view fields_json) {
  nlohmann::json f = nlohmann::json::parse(fields_json, nullptr, false);
  if (!f.is_object()) return std::string(fields_json);
  for (auto& [k, v] : f.items())
    if (IsSealed(v)) v = v.value("idx", std::string());
  return f.dump();
}

namespace {
void SealTagFields(const FieldCipher& cipher, PersonTag& t) {
  ForEachSealedField(t, [&](nlohmann::json&, const std::string&, nlohmann::json& v, std::string_view type) {
    if (!v.is_string() || v.get<std::string>().empty()) return false;
    const std::string clear = v.get<std::string>();
    v = nlohmann::json{{"masked", MaskTagField(type, clear)},
                       {"enc", ToHex(cipher.Encrypt(clear))},
                       {"idx", ToHex(cipher.BlindIndex(type == "phone" ? "phone" : "dcert", clear))}};
    return true;
  });
}
}  // namespace

Result<std::string> ResealTagFields(const FieldCipher& from, const FieldCipher& to, std::string_view tag,
                                    std::string_view fields_json) {
  Person p;
  p.tags.push_back(PersonTag{std::string(tag), std::string(fields_json), ""});
  RETURN_IF_ERROR(UnsealTagFields(from, &p));
  SealTagFields(to, p.tags[0]);
  return p.tags[0].fields_json;
}

void SealPersonalData(const FieldCipher& cipher, Person* p) {
  for (PersonTag& t : p->tags) SealTagFields(cipher, t);
  p->citizen_id_enc = cipher.Encrypt(p->citizen_id);
  p->citizen_id_hash = CitizenIdIndex(cipher, p->citizen_id);
  p->citizen_id_masked = MaskCitizenId(p->citizen_id);
  if (p->phone.empty()) {
    p->phone_enc.clear();
    p->phone_hash.clear();
    p->phone_masked.clear();
  } else {
    p->phone_enc = cipher.Encrypt(p->phone);
    p->phone_hash = cipher.BlindIndex("phone", p->phone);
    p->phone_masked = MaskPhone(p->phone);
  }
}

Status ValidatePlace(Place* p) {
  RETURN_IF_ERROR(CheckCode(p->code, "code"));
  auto level = *ParseCode(p->code);
  if (p->level != 0 && p->level != static_cast<int>(level))
    return InvalidArgument("代码位数与层级不符", "code length does not match the level", "code");
  p->level = static_cast<int>(level);
  p->parent_code = ParentCode(p->code);
  ASSIGN_OR_RETURN(p->name, CleanName(p->name, "name", 50));
  switch (level) {
    case Level::kVillage:
      if (p->kind.empty()) p->kind = "community";
      if (p->kind != "village" && p->kind != "community")
        return InvalidArgument("村级类型只能是 village(村) 或 community(社区)",
                               "kind must be village or community", "kind");
      break;
    case Level::kGrid:
      p->kind = IsExclusiveGrid(p->code) ? "exclusive" : "comprehensive";
      break;
    default:
      if (!p->kind.empty() && level != Level::kTownship)
        return InvalidArgument("该层级不使用类型字段", "kind is not used at this level", "kind");
      if (level == Level::kTownship && !p->kind.empty() && p->kind != "street" && p->kind != "town" &&
          p->kind != "township")
        return InvalidArgument("乡级类型只能是 street(街道)、town(镇) 或 township(乡)",
                               "kind must be street, town or township", "kind");
  }
  if (!p->boundary.empty() && level < Level::kTownship)
    return InvalidArgument("县级以上不保存边界", "boundaries are kept from township level down", "boundary");
  return Status::Ok();
}

Status ValidateHousehold(Household* h) {
  RETURN_IF_ERROR(CheckCode(h->place_code, "place_code"));
  if (h->place_code.size() != 15 && h->place_code.size() != 18)
    return InvalidArgument("户必须属于网格或十联户", "a household belongs to a grid or a household unit",
                           "place_code");
  ASSIGN_OR_RETURN(h->address, CleanText(h->address, "address", 100));
  ASSIGN_OR_RETURN(h->household_no, CleanText(h->household_no, "household_no", 30, false));
  h->residence_type = Trim(h->residence_type);
  if (h->residence_type.empty()) h->residence_type = "户籍";
  if (!In(ResidenceTypes(), h->residence_type))
    return NotInList("居住类型", "residence_type", h->residence_type, ResidenceTypes());
  return Status::Ok();
}

Status ValidateBuilding(Building* b) {
  RETURN_IF_ERROR(CheckCode(b->place_code, "place_code"));
  if (b->place_code.size() != 15 && b->place_code.size() != 18)
    return InvalidArgument("楼栋必须属于网格或十联户", "a building belongs to a grid or a household unit",
                           "place_code");
  ASSIGN_OR_RETURN(b->name, CleanName(b->name, "name", 50));
  ASSIGN_OR_RETURN(b->address, CleanText(b->address, "address", 100, false));
  if (b->floors < 0 || b->floors > 200)
    return InvalidArgument("楼层数须在 0 到 200 之间", "floors must be between 0 and 200", "floors");
  return Status::Ok();
}

Status ValidateOrganization(Organization* o) {
  RETURN_IF_ERROR(CheckCode(o->place_code, "place_code"));
  ASSIGN_OR_RETURN(o->name, CleanName(o->name, "name", 100));
  if (o->kind != "enterprise" && o->kind != "social_org")
    return InvalidArgument("组织类型只能是 enterprise(非公企业) 或 social_org(社会组织)",
                           "kind must be enterprise or social_org", "kind");
  o->credit_code = Trim(o->credit_code);
  if (!o->credit_code.empty()) {
    bool ok = o->credit_code.size() == 18 &&
              std::all_of(o->credit_code.begin(), o->credit_code.end(),
                          [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
    if (!ok)
      return InvalidArgument("统一社会信用代码应为 18 位数字或大写字母",
                             "credit_code must be 18 digits or capital letters", "credit_code");
  }
  if (o->employees < 0 || o->employees > 1000000)
    return InvalidArgument("职工人数无效", "employees out of range", "employees");
  if (o->party_members < 0 || o->party_members > o->employees + 1000)
    return InvalidArgument("党员人数无效", "party_members out of range", "party_members");
  if (!In(PartyOrgTypes(), o->party_org_type))
    return NotInList("党组织组建方式", "party_org_type", o->party_org_type, PartyOrgTypes());
  ASSIGN_OR_RETURN(o->instructor_name, CleanName(o->instructor_name, "instructor_name", 30, false));
  return Status::Ok();
}

const std::vector<std::string_view>& PartyOrgKinds() {
  static const std::vector<std::string_view> v = {"street_committee", "village_org", "grid_branch",
                                                  "building_group", "member_household"};
  return v;
}

int PartyOrgRank(std::string_view kind) {
  const auto& v = PartyOrgKinds();
  auto it = std::find(v.begin(), v.end(), kind);
  return it == v.end() ? -1 : static_cast<int>(it - v.begin());
}

Status ValidatePartyOrg(PartyOrg* o) {
  RETURN_IF_ERROR(CheckCode(o->place_code, "place_code"));
  ASSIGN_OR_RETURN(o->name, CleanName(o->name, "name", 50));
  int rank = PartyOrgRank(o->kind);
  if (rank < 0)
    return InvalidArgument(
        "党组织类型只能是 "
        "street_committee(街道党工委/乡镇党委)、village_org(村(社区)党组织)、grid_branch(网格党支部)、"
        "building_group(楼栋党小组) 或 member_household(党员中心户)",
        "kind must be street_committee, village_org, grid_branch, building_group or member_household",
        "kind");
  const size_t len = o->place_code.size();
  bool fits = false;
  const char* want_zh = "";
  const char* want_en = "";
  switch (rank) {
    case 0:
      fits = len == 9;
      want_zh = "乡镇(街道)";
      want_en = "a township (9 digits)";
      break;
    case 1:
      fits = len == 12;
      want_zh = "村(社区)";
      want_en = "a village or community (12 digits)";
      break;
    case 2:
      fits = len == 15;
      want_zh = "网格";
      want_en = "a grid (15 digits)";
      break;
    case 3:
      fits = len == 15 || len == 18;
      want_zh = "网格或十联户单元";
      want_en = "a grid or household unit (15 or 18 digits)";
      break;
    default:
      fits = len == 18;
      want_zh = "十联户单元";
      want_en = "a household unit (18 digits)";
      break;
  }
  if (!fits)
    return InvalidArgument(std::string("该类型党组织的所在地点应为") + want_zh,
                           "place_code of a " + o->kind + " must be " + want_en, "place_code");
  ASSIGN_OR_RETURN(o->secretary_name, CleanName(o->secretary_name, "secretary_name", 30, false));
  if (o->members < 0 || o->members > 100000)
    return InvalidArgument("党员人数无效", "members out of range (0-100000)", "members");
  return Status::Ok();
}

Status ValidateUser(User* u) {
  u->username = Trim(u->username);
  bool ok = u->username.size() >= 3 && u->username.size() <= 32 &&
            std::all_of(u->username.begin(), u->username.end(), [](char c) {
              return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
            });
  if (!ok)
    return InvalidArgument("用户名须为 3-32 位小写字母、数字、下划线、点或连字符",
                           "username must be 3-32 characters of a-z, 0-9, _ . -", "username");
  ASSIGN_OR_RETURN(u->display_name, CleanName(u->display_name, "display_name", 30));
  auto role = RoleFromName(u->role);
  if (!role) return InvalidArgument("未知角色“" + u->role + "”", "unknown role '" + u->role + "'", "role");
  if (!u->place_code.empty()) RETURN_IF_ERROR(CheckCode(u->place_code, "place_code"));
  int len = static_cast<int>(u->place_code.size());
  if (len < MinScopeLength(*role) || len > MaxScopeLength(*role))
    return InvalidArgument("该角色的管辖代码应为 " + std::to_string(MinScopeLength(*role)) + "-" +
                               std::to_string(MaxScopeLength(*role)) + " 位",
                           "this role must be scoped to a code of " + std::to_string(MinScopeLength(*role)) +
                               "-" + std::to_string(MaxScopeLength(*role)) + " digits",
                           "place_code");
  if (*role == Role::kDepartmentHandler && !u->department_id)
    return InvalidArgument("部门经办人必须属于一个部门", "a department handler needs a department",
                           "department_id");
  return Status::Ok();
}

Status ValidateDepartment(Department* d) {
  d->code = Trim(d->code);
  bool ok = !d->code.empty() && d->code.size() <= 32 &&
            std::all_of(d->code.begin(), d->code.end(),
                        [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
  if (!ok)
    return InvalidArgument("部门代码须为 1-32 位小写字母、数字或下划线",
                           "department code must be 1-32 of a-z 0-9 _", "code");
  ASSIGN_OR_RETURN(d->name, CleanName(d->name, "name", 50));
  RETURN_IF_ERROR(CheckCode(d->place_code, "place_code"));
  if (d->place_code.size() != 6 && d->place_code.size() != 9)
    return InvalidArgument("部门属于县级或乡级", "a department belongs to a county or township",
                           "place_code");
  return Status::Ok();
}

}  // namespace wangge
