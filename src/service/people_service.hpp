// 一张表: buildings, households and people with care/sensitive group tags, masked personal data, and
// unmasked reads that are audited with their purpose.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/entities.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct PersonFilter {
  std::string scope;  // code prefix inside the caller's jurisdiction ("" = the caller's scope)
  std::string name_prefix;
  std::string citizen_id;  // full ID: exact match through the blind index
  std::string tag;
  std::optional<int64_t> household_id;
  bool include_retired = false;
  storage::PageRequest page;
};

struct Unmasked {
  std::string citizen_id;
  std::string phone;
  struct TagField {
    // "left_behind_child", "guardian_phone", "phone", "13912345678"; "disabled", "cert_no",
    // "disability_cert", …
    std::string tag, field, type, value;
  };
  std::vector<TagField> tag_fields;  // the sealed fields (phones, 残疾人证号) of the tags the caller may see
};

class PeopleService {
 public:
  PeopleService(storage::Database* db, const FieldCipher* cipher) : db_(db), cipher_(cipher) {}

  Result<Building> GetBuilding(const Ctx& ctx, int64_t id);
  Result<storage::Page<Building>> ListBuildings(const Ctx& ctx, const std::string& scope,
                                                const storage::PageRequest& page);
  Result<Building> CreateBuilding(const Ctx& ctx, Building b);
  Result<Building> UpdateBuilding(const Ctx& ctx, int64_t id, int64_t version,
                                  const std::function<Status(Building&)>& apply);

  Result<Household> GetHousehold(const Ctx& ctx, int64_t id);
  Result<storage::Page<Household>> ListHouseholds(const Ctx& ctx, const std::string& scope,
                                                  const storage::PageRequest& page);
  // The place must be a live grid or household unit in scope; the building (if any) in the same grid.
  Result<Household> CreateHousehold(const Ctx& ctx, Household h);
  Result<Household> UpdateHousehold(const Ctx& ctx, int64_t id, int64_t version,
                                    const std::function<Status(Household&)>& apply);

  // Returned people carry masked identity only, with fields outside the role's view cleared and sensitive
  // tags removed for roles without kSensitiveRead.
  Result<Person> GetPerson(const Ctx& ctx, int64_t id);
  Result<storage::Page<Person>> Search(const Ctx& ctx, const PersonFilter& f);
  // kPersonWrite in scope; sensitive tags need kSensitiveWrite; a duplicate citizen ID is kConflict.
  Result<Person> CreatePerson(const Ctx& ctx, Person p);
  // `apply` edits a copy holding the plaintext identity; sensitive tags the caller may not see are preserved.
  Result<Person> UpdatePerson(const Ctx& ctx, int64_t id, int64_t version,
                              const std::function<Status(Person&)>& apply);
  // kPersonUnmask in scope; purpose 2-200 characters; the read is written to the audit trail (durably)
  // before the plaintext is returned: the citizen ID, the phone and the phones in the tags the role sees.
  Result<Unmasked> Unmask(const Ctx& ctx, int64_t id, const std::string& purpose);

  // Shared with the importer: validate, seal and scope-check a person for writing.
  Status Prepare(const Ctx& ctx, Person* p) const;
  // Applies the caller's view to a stored person (clears hidden fields and tags).
  static void ApplyView(const Principal& who, Person* p);
  // May `who` select people by group `tag`? kInvalidArgument for an unknown tag, kPermissionDenied when the
  // role has no care-group view or the group is sensitive and the role may not see it.
  static Status CheckTagFilter(const Principal& who, const std::string& tag);

 private:
  Status CheckPlacement(storage::Tx& tx, const Person& p);
  storage::Database* db_;
  const FieldCipher* cipher_;
};

}  // namespace wangge::service
