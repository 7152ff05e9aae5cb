// Places: the administrative tree, grids with boundaries, household units; grid-layout checks and
// point -> grid lookup.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/entities.hpp"
#include "geo/geo.hpp"
#include "service/context.hpp"
#include "storage/database.hpp"

namespace wangge::service {

// The household band a community's comprehensive grids are checked against (MISSION 2): urban communities
// ("community") 300-500 households per grid as the seeds say for cities; rural villages ("village") 20-150,
// since a village grid follows its natural groups (村民小组). Documented in docs/architecture.md.
geo::Band BandForKind(std::string_view village_kind);
// Every live (not retired) child of a place, all pages, in code order.
Result<std::vector<Place>> LiveChildren(storage::Tx& tx, const std::string& code);

// The village/community an address written in words lies in (地址文字定位): the one live village among
// `villages` whose name the address contains; when several do, those whose township (from `townships`) is
// also named; nullopt when none or still more than one. Names shorter than two characters are not matched.
std::optional<std::string> VillageNamedIn(std::string_view address, const std::vector<Place>& townships,
                                          const std::vector<Place>& villages);

struct PlaceNode {
  Place place;
  PlaceCounts counts;
};

struct LocateResult {
  std::string grid_code;
  std::vector<Place> path;  // township … grid, for display
};

class PlaceService {
 public:
  explicit PlaceService(storage::Database* db) : db_(db) {}

  // kPlaceRead + in scope. Counts hide sensitive groups from roles without kSensitiveRead.
  Result<PlaceNode> Get(const Ctx& ctx, const std::string& code);
  Result<storage::Page<PlaceNode>> Children(const Ctx& ctx, const std::string& code, bool include_retired,
                                            const storage::PageRequest& page);
  // The caller's own root nodes: their scope's node (or the provinces for a system admin).
  Result<std::vector<PlaceNode>> Roots(const Ctx& ctx);
  // kPlaceWrite on the parent's code. Parent must exist and not be retired; a boundary must be a valid
  // polygon; a household unit's leader must live in that unit's grid.
  Result<Place> Create(const Ctx& ctx, Place p);
  // Edits name, kind, boundary, leader, retired (with the stored version). Retiring a place that still has
  // live children, households or people is kFailedPrecondition.
  Result<Place> Update(const Ctx& ctx, const std::string& code, int64_t version,
                       const std::function<Status(Place&)>& apply);
  // Moves a village/grid/unit under a new parent with a new code of the right level (both in scope).
  Result<Place> Move(const Ctx& ctx, const std::string& code, const std::string& new_code);
  // Checks the grids of a village/community (kPlaceRead on it).
  Result<geo::LayoutReport> CheckGrids(const Ctx& ctx, const std::string& village_code);
  // The grid containing a point; kNotFound outside every grid or outside the caller's scope.
  Result<LocateResult> Locate(const Ctx& ctx, double lon, double lat);
  // The village/community of `county` (6 digits) that an address names (VillageNamedIn over the county's live
  // townships and villages); nullopt when the words name none or several. No permission check: callers place
  // a report they are already allowed to make.
  Result<std::optional<std::string>> VillageByAddress(const std::string& county, std::string_view address);
  // The locator over every live grid (rebuilt after any grid boundary change); shared with benchmarks.
  Result<std::shared_ptr<const geo::GridLocator>> Locator();

 private:
  Result<PlaceNode> Node(storage::Tx& tx, const Principal& who, Place p);
  storage::Database* db_;
  std::mutex locator_mu_;
  std::shared_ptr<const geo::GridLocator> locator_;
  std::atomic<int64_t> grid_generation_{1};
  int64_t locator_generation_ = 0;
};

}  // namespace wangge::service
