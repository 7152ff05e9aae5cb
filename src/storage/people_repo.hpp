// People on the grid (一张表 base data): buildings (楼栋), households (户) and people with their care and
// sensitive group tags. Personal data arrives sealed (encrypted, blind-indexed, masked) by the service; the
// repository stores what it is given. Inserts and moves keep the place counters (PlaceRepo::AddCount) and
// household member counts in step. Backends: sqlite/people_repo.cpp; contract: people_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

struct PersonQuery {
  std::string scope;        // code prefix ("" = all)
  std::string name_prefix;  // 姓名 prefix
  std::string cid_hash;     // blind index of a citizen ID (exact match)
  std::string tag;          // care/sensitive group id
  std::optional<int64_t> household_id;
  bool include_retired = false;
  PageRequest page;
};

class PeopleRepo {
 public:
  virtual ~PeopleRepo() = default;
  virtual Result<Building> GetBuilding(int64_t id) = 0;
  virtual Result<Page<Building>> Buildings(const std::string& scope, const PageRequest& page) = 0;
  virtual Result<int64_t> InsertBuilding(const Building& b) = 0;
  virtual Status UpdateBuilding(const Building& b) = 0;

  virtual Result<Household> GetHousehold(int64_t id) = 0;
  virtual Result<Page<Household>> Households(const std::string& scope, const PageRequest& page) = 0;
  // kConflict when household_no is taken.
  virtual Result<int64_t> InsertHousehold(const Household& h) = 0;
  virtual Status UpdateHousehold(const Household& h) = 0;
  virtual Result<std::optional<int64_t>> FindHouseholdByNo(const std::string& household_no) = 0;

  // With tags. kNotFound when absent.
  virtual Result<Person> GetPerson(int64_t id) = 0;
  virtual Result<std::optional<int64_t>> FindPersonByCidHash(const std::string& cid_hash) = 0;
  virtual Result<Page<Person>> Search(const PersonQuery& q) = 0;
  // kConflict when the citizen ID (hash) exists. Tags are inserted too.
  virtual Result<int64_t> InsertPerson(const Person& p) = 0;
  // Replaces every field and the tag set; kConflict on version mismatch or a taken citizen ID.
  virtual Status UpdatePerson(const Person& p) = 0;
  virtual Result<int64_t> CountPeople(const std::string& scope) = 0;
};

}  // namespace wangge::storage
