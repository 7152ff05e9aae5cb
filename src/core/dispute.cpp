#include "core/dispute.hpp"

#include <algorithm>

#include "core/citizen_id.hpp"
#include "core/dates.hpp"
#include "core/text.hpp"

namespace wangge::dispute {
namespace {

std::string F(std::string_view field, std::string_view member) {
  return std::string(field) + (field.empty() ? "" : ".") + std::string(member);
}

}  // namespace

std::string_view PartyRoleZh(std::string_view role) {
  if (role == "applicant") return "申请人";
  if (role == "respondent") return "被申请人";
  if (role == "third") return "第三人";
  if (role == "petitioner") return "信访人";  // a petition's (信访) people are kept as its parties
  return "";
}

Status ValidateParty(Party* p, std::string_view field) {
  if (PartyRoleZh(p->role).empty())
    return InvalidArgument("当事人身份只能是申请人、被申请人、第三人或信访人",
                           "a party's role must be applicant, respondent, third or petitioner",
                           F(field, "role"));
  ASSIGN_OR_RETURN(p->name, CleanText(p->name, F(field, "name"), 30));
  if (Status s = ValidatePersonName(p->name); !s.ok())
    return InvalidArgument("当事人姓名：" + s.zh(), "party name: " + s.en(), F(field, "name"));
  ASSIGN_OR_RETURN(p->citizen_id, CleanText(p->citizen_id, F(field, "citizen_id"), 18, false));
  if (!p->citizen_id.empty()) {
    auto id = ParseCitizenId(p->citizen_id);
    if (!id.ok())
      return InvalidArgument("当事人身份证号：" + id.status().zh(), "party citizen ID: " + id.status().en(),
                             F(field, "citizen_id"));
    p->citizen_id = id->number;
  }
  ASSIGN_OR_RETURN(p->phone, CleanText(p->phone, F(field, "phone"), 20, false));
  if (!p->phone.empty()) {
    if (Status s = ValidatePhone(p->phone); !s.ok())
      return InvalidArgument("当事人电话：" + s.zh(), "party phone: " + s.en(), F(field, "phone"));
  }
  ASSIGN_OR_RETURN(p->address, CleanText(p->address, F(field, "address"), 200, false));
  p->address = MaskIdsInText(p->address, {}, {});
  return Status::Ok();
}

void SealParty(const FieldCipher& cipher, Party* p) {
  p->name_enc = cipher.Encrypt(p->name);
  p->name_masked = MaskName(p->name);
  p->cid_enc = p->citizen_id.empty() ? "" : cipher.Encrypt(p->citizen_id);
  p->cid_hash = p->citizen_id.empty() ? "" : cipher.BlindIndex("cid", p->citizen_id);
  p->cid_masked = p->citizen_id.empty() ? "" : MaskCitizenId(p->citizen_id);
  p->phone_enc = p->phone.empty() ? "" : cipher.Encrypt(p->phone);
  p->phone_hash = p->phone.empty() ? "" : cipher.BlindIndex("phone", p->phone);
  p->phone_masked = p->phone.empty() ? "" : MaskPhone(p->phone);
}

Status ValidateAgreement(Agreement* a) {
  auto required = [](std::string* v, std::string_view field, std::string_view zh, size_t max) -> Status {
    auto r = CleanText(*v, field, max, false, true);
    if (!r.ok()) return r.status();
    *v = MaskIdsInText(*r, {}, {});
    if (v->empty())
      return InvalidArgument("调解协议书缺少必备内容：" + std::string(zh),
                             "the agreement lacks a required element: " + std::string(field),
                             std::string(field));
    return Status::Ok();
  };
  RETURN_IF_ERROR(required(&a->facts, "facts", "纠纷的主要事实和争议事项", 2000));
  RETURN_IF_ERROR(required(&a->terms, "terms", "当事人达成的协议内容", 2000));
  RETURN_IF_ERROR(required(&a->performance_manner, "performance_manner", "履行方式", 500));
  ASSIGN_OR_RETURN(a->responsibility, CleanText(a->responsibility, "responsibility", 2000, false, true));
  a->responsibility = MaskIdsInText(a->responsibility, {}, {});
  ASSIGN_OR_RETURN(a->performance_location,
                   CleanText(a->performance_location, "performance_location", 200, false));
  if (a->performance_due.empty())
    return InvalidArgument("调解协议书缺少必备内容：履行期限",
                           "the agreement lacks a required element: "
                           "performance_due",
                           "performance_due");
  RETURN_IF_ERROR(ValidateDate(a->performance_due, "performance_due"));
  ASSIGN_OR_RETURN(a->mediator, CleanText(a->mediator, "mediator", 30));
  if (Status s = ValidatePersonName(a->mediator); !s.ok())
    return InvalidArgument("调解员姓名：" + s.zh(), "mediator: " + s.en(), "mediator");
  std::sort(a->signed_by.begin(), a->signed_by.end());
  a->signed_by.erase(std::unique(a->signed_by.begin(), a->signed_by.end()), a->signed_by.end());
  return Status::Ok();
}

Status CheckSignatures(const Agreement& a, const std::vector<Party>& parties) {
  if (parties.size() < 2)
    return FailedPrecondition("纠纷至少要有两方当事人", "a dispute needs at least two parties");
  for (const Party& p : parties)
    if (!std::binary_search(a.signed_by.begin(), a.signed_by.end(), p.id))
      return FailedPrecondition("当事人 " + p.name_masked + " 尚未在调解协议书上签名",
                                "party " + std::to_string(p.id) + " has not signed the agreement");
  return Status::Ok();
}

Status CheckConsents(const std::vector<int64_t>& consents, const std::vector<Party>& parties) {
  for (int64_t id : consents)
    if (std::none_of(parties.begin(), parties.end(), [&](const Party& p) { return p.id == id; }))
      return InvalidArgument("同意延期的当事人 " + std::to_string(id) + " 不是本案当事人",
                             "party " + std::to_string(id) + " is not a party to this case", "consents");
  for (const Party& p : parties)
    if (std::find(consents.begin(), consents.end(), p.id) == consents.end())
      return InvalidArgument(
          "延长调解期限须经各方当事人同意：" + p.name_masked + " 未同意",
          "an extension needs every party's consent: party " + std::to_string(p.id) + " did not consent",
          "consents");
  return Status::Ok();
}

}  // namespace wangge::dispute
