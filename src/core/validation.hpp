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
const std::vector<std::string_view>& Ethnicities();       // 56 民族 + "其他" + "外国血统"
const std::vector<std::string_view>& PoliticalStatuses(); // 中共党员, 中共预备党员, 共青团员, 民主党派, 群众 …
const std::vector<std::string_view>& ResidenceTypes();    // 户籍, 流动, 寄住
const std::vector<std::string_view>& Relations();         // 户主, 配偶, 子, 女 …
const std::vector<std::string_view>& PartyOrgTypes();     // "", standalone, joint, area, industry

// Checks and normalises a person in place: name; citizen ID (parsed, 15→18 upgraded; sex and birth date
// derived from it); phone (optional); ethnicity, political status, residence type and relation from their
// lists (empty allowed for ethnicity/political status/relation; residence type defaults to 户籍); tags known,
// unique, and their fields valid. `today` fixes the date for tests ("" = system date).
Status ValidatePerson(Person* p, std::string_view today = {});

// Fills the at-rest fields (encrypted citizen ID and phone, blind indexes, masked forms) from the plaintext.
void SealPersonalData(const FieldCipher& cipher, Person* p);
// The blind index used to find a person by citizen ID (the normalised 18-character number).
std::string CitizenIdIndex(const FieldCipher& cipher, std::string_view normalised_id);

// Place: code well formed and of the declared level, parent = code's parent, name 1-50 chars, kind valid for
// the level, boundary a valid polygon checked elsewhere (geo), household units 18 digits.
Status ValidatePlace(Place* p);
Status ValidateHousehold(Household* h);
Status ValidateBuilding(Building* b);
Status ValidateOrganization(Organization* o);
// Username 3-32 of [a-z0-9_.-], display name, role known, scope code fits the role's levels.
Status ValidateUser(User* u);
Status ValidateDepartment(Department* d);

}  // namespace wangge
