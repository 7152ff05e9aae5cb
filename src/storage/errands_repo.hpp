// 红色代办 (errands): the records beside an errand's order (the order itself, kind errand, is OrderRepo's) —
// which runner (代办员) covers which household (the roster a community keeps: a runner covers 5-8
// households), who of the household authorised the runner for the errand and how, and the household's
// documents the runner took and returned. Backends: sqlite/errands_repo.cpp, postgres/errands_repo.cpp;
// contract: errands_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// A household's runner.
struct ErrandRunner {
  int64_t household_id = 0;
  std::string place_code;  // the household's community (12 digits)
  int64_t runner_user_id = 0;
  int64_t assigned_by = 0;
  int64_t assigned_at = 0;
  int64_t version = 0;  // 0 = no row yet (PutRunner inserts); then 1, 2 …
};

// Who authorised the runner for an errand (委托): a member of the household, in person, by phone or in
// writing; the matter is the order's category, title and description.
struct Errand {
  int64_t order_id = 0;
  int64_t household_id = 0;
  int64_t authoriser_person_id = 0;
  std::string authorisation;  // in_person | phone | written
  int64_t created_at = 0;
};

// A document of the household the runner took (收取) and gave back (归还).
struct ErrandDocument {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string name;  // 身份证, 户口簿, 医保卡 …
  int copies = 1;
  int64_t received_at = 0;
  int64_t received_by = 0;
  int64_t returned_at = 0;  // 0 = held
  int64_t returned_by = 0;
  int64_t version = 1;
};

class ErrandRepo {
 public:
  virtual ~ErrandRepo() = default;
  virtual Result<std::optional<ErrandRunner>> RunnerOf(int64_t household_id) = 0;
  // The community's roster, by household.
  virtual Result<std::vector<ErrandRunner>> Runners(const std::string& community) = 0;
  // The households a runner covers, by household.
  virtual Result<std::vector<ErrandRunner>> CoveredBy(int64_t runner_user_id) = 0;
  // Inserts the row when r->version is 0 (kConflict when the household has one meanwhile), else moves the
  // household to r->runner_user_id when the version is current (kConflict otherwise); sets r->version.
  virtual Status PutRunner(ErrandRunner* r) = 0;
  // Deletes the household's row of that version (kConflict when stale or absent).
  virtual Status RemoveRunner(int64_t household_id, int64_t version) = 0;

  // kConflict when the order has one.
  virtual Status InsertErrand(const Errand& e) = 0;
  virtual Result<std::optional<Errand>> GetErrand(int64_t order_id) = 0;
  // The open errands (orders of kind errand waiting to be taken) of the households a runner covers, newest
  // first: the runner's 待接办.
  virtual Result<std::vector<int64_t>> OpenFor(int64_t runner_user_id, int limit) = 0;

  // Fills d->id; RecordNotFound when the order has no errand row.
  virtual Status AddDocument(ErrandDocument* d) = 0;
  virtual Result<std::vector<ErrandDocument>> Documents(int64_t order_id) = 0;
  // Records the return of a held document of that version (sets returned_at/by and the version);
  // kConflict when stale or already returned.
  virtual Status ReturnDocument(ErrandDocument* d) = 0;
  // How many documents of the errand are held (not returned).
  virtual Result<int> Held(int64_t order_id) = 0;
};

}  // namespace wangge::storage
