// Dispute cases (矛盾纠纷, 枫桥经验): the records beside a case's order (core/order.hpp Kind::kDispute) — its
// parties and its mediation agreement (调解协议书) — and their rules. The case's states, actions, limits and
// figures are the order engine's; this file says what a party and an agreement must hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/status.hpp"

namespace wangge::dispute {

// A party (当事人): a person of 一张表 (person_id) or an outsider. Name, citizen ID and phone are personal
// data: in memory in clear, stored only sealed (encrypted, blind-indexed with the same keys as a person's,
// masked).
struct Party {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string role;  // applicant 申请人 | respondent 被申请人 | third 第三人
  std::optional<int64_t> person_id;
  std::string name, citizen_id, phone;  // clear, never stored
  std::string address;
  // Stored forms.
  std::string name_enc, name_masked;
  std::string cid_enc, cid_hash, cid_masked;
  std::string phone_enc, phone_hash, phone_masked;
  int64_t created_at = 0;
};

std::string_view PartyRoleZh(std::string_view role);  // 申请人 / 被申请人 / 第三人, "" when unknown

// Checks and normalises a party in place: role one of the three; name a person's name (ValidatePersonName);
// citizen_id "" or a valid number (normalised to 18 characters); phone "" or a valid phone; address at most
// 200 characters. `field` prefixes the field names ("parties[0]"). Errors: kInvalidArgument, zh + en.
Status ValidateParty(Party* p, std::string_view field);

// Fills the stored forms from the clear fields: ciphertexts, blind indexes ("cid" and "phone", as a person's,
// so a party is found by the same number across cases and in 一张表) and masks (张*, 530326********123X,
// 138****1234).
void SealParty(const FieldCipher& cipher, Party* p);

// 调解协议书: what the parties agreed, as the 人民调解法 (第二十九条) lists it — the parties (the case's),
// the facts and each side's responsibility, the terms, and how, where and by when they are performed — and
// who signed it. An agreement is recorded while the case is being mediated and may be rewritten until the
// agreement action ends mediation.
struct Agreement {
  int64_t order_id = 0;
  std::string facts;           // 纠纷的主要事实、争议事项
  std::string responsibility;  // 各方当事人的责任
  std::string terms;           // 当事人达成调解协议的内容
  std::string performance_manner;
  std::string performance_location;
  std::string performance_due;     // YYYY-MM-DD 履行期限
  std::vector<int64_t> signed_by;  // party ids that signed (签名、盖章或者按指印)
  std::string mediator;            // the mediator's name (签名) and the committee's seal is the place's
  int64_t signed_at = 0;           // when the last signature was recorded
  int64_t recorded_by = 0;         // user id
  int64_t updated_at = 0;
  int64_t version = 0;  // 0 = new
};

// Checks and cleans an agreement: facts, terms, performance_manner required (1-2000 characters each,
// multiline); responsibility 0-2000; performance_location 0-200; performance_due a date; mediator a person's
// name. Errors: kInvalidArgument naming the missing or bad element.
Status ValidateAgreement(Agreement* a);

// Whether every party signed: kFailedPrecondition naming the first party who did not (the agreement action
// needs it), kFailedPrecondition when there are fewer than two parties.
Status CheckSignatures(const Agreement& a, const std::vector<Party>& parties);

// Whether `consents` (party ids) names every party of the case and nothing else: kInvalidArgument otherwise
// (field "consents").
Status CheckConsents(const std::vector<int64_t>& consents, const std::vector<Party>& parties);

}  // namespace wangge::dispute
