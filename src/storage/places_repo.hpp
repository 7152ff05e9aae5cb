// Places: the administrative tree (province → prefecture → county → township → village/community → grid →
// household unit, keyed by their codes) and the counters maintained per node (people, households, grids,
// units, care groups). A subtree is a code prefix, so scopes are range scans. Backends:
// sqlite/places_repo.cpp; contract: places_repo_test.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "core/entities.hpp"
#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

class PlaceRepo {
 public:
  virtual ~PlaceRepo() = default;
  // kNotFound when absent.
  virtual Result<Place> Get(const std::string& code) = 0;
  // Only the name (no boundary): for labels on lists. NotFound when absent.
  virtual Result<std::string> Name(const std::string& code) = 0;
  // Children ordered by code, retired ones only when asked.
  virtual Result<Page<Place>> Children(const std::string& parent_code, bool include_retired,
                                       const PageRequest& page) = 0;
  // All places of one level inside a scope, ordered by code.
  virtual Result<Page<Place>> InScope(const std::string& scope, int level, bool include_retired,
                                      const PageRequest& page) = 0;
  // Subtree totals for the node (maintained counters).
  virtual Result<PlaceCounts> Counts(const std::string& code) = 0;
  // kConflict when the code exists.
  virtual Status Insert(const Place& p) = 0;
  // Writes every field but code; kConflict when p.version is not the stored version (optimistic lock);
  // bumps the version.
  virtual Status Update(const Place& p) = 0;
  // Moves the place and everything below it to a new code (prefix rewrite in every table); kConflict when
  // the new code exists.
  virtual Status Rekey(const std::string& old_code, const std::string& new_code,
                       const std::string& new_parent) = 0;
  // Adds `delta` to the counter `metric` ("people", "households", "grids", "units", "tag:<id>") of `code`
  // and each of its ancestors. Applied when the surrounding write commits.
  virtual void AddCount(const std::string& code, const std::string& metric, int64_t delta) = 0;
  // Recomputes every counter from the base tables (demo, import, repair); returns rows written.
  virtual Result<int64_t> RebuildCounts() = 0;
  // Compares every counter (place subtree totals, household member counts) with a recomputation; read-only.
  virtual Result<DerivedCheck> CheckCounts() = 0;
  // Every place code in every table the registry lists (registry.hpp) names a place (live or retired): rows
  // checked, codes naming none (historical columns and counters are not checked; "" is none where allowed).
  virtual Result<DerivedCheck> CheckPlaceCodes() = 0;
  // Number of live places in the scope at the level (for tests).
  virtual Result<int64_t> CountInScope(const std::string& scope, int level) = 0;
};

}  // namespace wangge::storage
