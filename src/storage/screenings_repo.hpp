// 矛盾纠纷排查 records (core/screening.hpp): one per place (a grid or a township) and period. Backends:
// sqlite/screenings_repo.cpp, postgres/screenings_repo.cpp; contract: screenings_repo_test.cpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/screening.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// The records of one period under one child of a scope (ScreeningRepo::Tally).
struct ScreeningTally {
  std::string child;  // the first child_len characters of the places' codes
  int64_t records = 0;
  int64_t late = 0;
  int64_t found = 0;
  int64_t resolved = 0;
};

class ScreeningRepo {
 public:
  virtual ~ScreeningRepo() = default;
  // Inserts a record and fills r->id; kConflict when its place already has one for the period (the same
  // period.first).
  virtual Status Insert(screening::Record* r) = 0;
  // The place's record for the period starting on `first` (with the recorder's name); nullopt when none.
  virtual Result<std::optional<screening::Record>> Get(const std::string& place_code, int64_t first) = 0;
  // Records of places inside `scope` (a code prefix) whose period starts in [from, to], the latest period
  // first, then by place code; at most `limit` (1-1000).
  virtual Result<std::vector<screening::Record>> List(const std::string& scope, int64_t from, int64_t to,
                                                      int limit) = 0;
  // The records of the period starting on `first` of places of code length `place_len` inside `scope`,
  // counted per child (the first `child_len` characters of the place code), by child code.
  virtual Result<std::vector<ScreeningTally>> Tally(const std::string& scope, size_t place_len,
                                                    size_t child_len, int64_t first) = 0;
};

}  // namespace wangge::storage
