// Validation and normalisation of base-data entities: the one place the rules of "一张表" are written.
// Every function returns kInvalidArgument naming the offending field, with zh and en messages.
#pragma once

#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "core/status.hpp"

namespace wangge {

// Closed vocabularies (stored and exported as the Chinese words).
const std::vector<std::string_view>& Ethnicities();  // 56 民族 + "其他" + "外国血统"
const std::vector<std::string_view>&
PoliticalStatuses();  // 中共党员, 中共预备党员, 共青团员, 民主党派, 群众 …
const std::vector<std::string_view>& ResidenceTypes();  // 户籍, 流动, 寄住
const std::vector<std::string_view>& Relations();       // 户主, 配偶, 子, 女 …
const std::vector<std::string_view>& PartyOrgTypes();   // "", standalone, joint, area, industry
// 党组织 kinds from the top of the tree down: street_committee 街道党工委/乡镇党委, village_org
// 村(社区)党组织, grid_branch 网格党支部, building_group 楼栋党小组, member_household 党员中心户.
const std::vector<std::string_view>& PartyOrgKinds();
// The position of a kind in PartyOrgKinds() (0 = street_committee), -1 when unknown. A parent's rank is
// lower.
int PartyOrgRank(std::string_view kind);

// Checks and normalises a person in place: name; citizen ID (parsed, 15→18 upgraded; sex and birth date
// derived from it); phone (optional); ethnicity, political status, residence type and relation from their
// lists (empty allowed for ethnicity/political status/relation; residence type defaults to 户籍); tags known,
// unique, and their fields valid. `today` fixes the date for tests ("" = system date).
Status ValidatePerson(Person* p, std::string_view today = {});

// Fills the at-rest fields (encrypted citizen ID and phone, blind indexes, masked forms) from the plaintext,
// and seals the care-group fields that hold other people's phones (type "phone": 监护人电话, 照料人电话) or a
// citizen ID (type "disability_cert": 残疾人证号) inside the tag's fields_json as {"masked": "139****5678",
// "enc": hex(secretbox), "idx": hex(blind index "phone" or "dcert")}; a field already sealed is kept as it
// is.
void SealPersonalData(const FieldCipher& cipher, Person* p);
// Whether a tag field type is sealed at rest ("phone", "disability_cert"), and its masked display form.
bool IsSealedTagFieldType(std::string_view type);
std::string MaskTagField(std::string_view type, std::string_view clear);
// Turns every sealed field of the person's tags back into its plaintext (for an edit, an unmasked read or
// export). A plain string (a row written before the field was sealed) is left as it is.
// kInvalidArgument when one does not decrypt.
Status UnsealTagFields(const FieldCipher& cipher, Person* p);
// Key rotation: a tag's fields with every sealed field re-sealed from key `from` to key `to` (and a plain
// value left from an older database sealed). kInvalidArgument when one does not decrypt with `from`.
Result<std::string> ResealTagFields(const FieldCipher& from, const FieldCipher& to, std::string_view tag,
                                    std::string_view fields_json);
// For display: every sealed-type field of the person's tags (sealed or plain) becomes its masked form, or
// is removed when `keep_masked` is false (roles without the identity view see none of them).
void MaskTagFields(Person* p, bool keep_masked);
// `fields_json` with each sealed field reduced to its blind index, so two sealings of one number compare
// equal (re-importing a file must change nothing; a plain phone left from an older database compares unequal,
// so the re-import rewrites and seals it).
std::string ComparableTagFields(std::string_view fields_json);
// The blind index used to find a person by citizen ID (the normalised 18-character number).
std::string CitizenIdIndex(const FieldCipher& cipher, std::string_view normalised_id);

// Names shown as labels (place, building, organisation, party org, department, display name, and the
// secretary's and instructor's names) follow the name rule, CleanName in core/text.hpp: no markup, bidi or
// invisible characters (they end up in map and chart tooltips).
// Place: code well formed and of the declared level, parent = code's parent, name 1-50 chars, kind valid for
// the level, boundary a valid polygon checked elsewhere (geo), household units 18 digits.
Status ValidatePlace(Place* p);
Status ValidateHousehold(Household* h);
Status ValidateBuilding(Building* b);
Status ValidateOrganization(Organization* o);
// Party org: kind known; the place level fits the kind (street_committee 9 digits, village_org 12,
// grid_branch 15, building_group 15 or 18, member_household 18); name 1-50 chars; secretary name up to 30;
// members 0..100000. The parent (existence, kind, place prefix) is checked by the service.
Status ValidatePartyOrg(PartyOrg* o);
// Username 3-32 of [a-z0-9_.-], display name, role known, scope code fits the role's levels.
Status ValidateUser(User* u);
Status ValidateDepartment(Department* d);

}  // namespace wangge
