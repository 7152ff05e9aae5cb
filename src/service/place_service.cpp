#include "service/place_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/codes.hpp"
#include "core/tags.hpp"
#include "core/text.hpp"
#include "core/validation.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"

namespace wangge::service {
namespace {

using nlohmann::json;

void HideSensitive(const Principal& who, PlaceCounts* c) {
  if (HasPermission(who.role, Permission::kSensitiveRead)) return;
  std::erase_if(c->tags, [](const auto& t) {
    const TagDef* d = FindTag(t.first);
    return d == nullptr || d->sensitive;
  });
}

Status CheckBoundary(const Place& p) {
  if (p.boundary.empty()) return Status::Ok();
  Status st = geo::ValidatePolygon(p.boundary);
  if (!st.ok()) return Status(st.code(), "边界无效：" + st.zh(), "invalid boundary: " + st.en(), "boundary");
  return Status::Ok();
}

// The leader (网格长 / 联户长) must be a live resident of the place.
Status CheckLeader(storage::Tx& tx, const Place& p) {
  if (!p.leader_person_id) return Status::Ok();
  auto person = tx.people().GetPerson(*p.leader_person_id);
  if (!person.ok() || person->retired || !IsWithin(person->place_code, p.code))
    return InvalidArgument("负责人必须是本网格/十联户的在册居民",
                           "the leader must be a registered resident of this place", "leader_person_id");
  return Status::Ok();
}

// A grid's new boundary may not overlap a sibling grid it did not already overlap (不重): the village's
// layout is checked with the old and with the new boundary, and an overlap pair that only the new one has is
// refused with the layout check's own message. Gaps and the household band stay warnings of the grid check.
Status CheckNoNewOverlap(storage::Tx& tx, const Place& before, const Place& after) {
  std::vector<geo::GridShape> shapes;
  size_t self = 0;
  ASSIGN_OR_RETURN(auto grids, LiveChildren(tx, ParentCode(after.code)));
  for (const Place& g : grids) {
    if (g.code == after.code) self = shapes.size();
    shapes.push_back(geo::GridShape{g.code, g.boundary, 0});
  }
  if (shapes.empty() || shapes[self].code != after.code) return Status::Ok();
  auto overlaps = [&](const std::string& boundary) -> Result<std::vector<geo::Problem>> {
    shapes[self].geojson = boundary;
    // No community boundary and an empty band: only the overlap pairs are of interest here.
    ASSIGN_OR_RETURN(auto report, geo::ValidateGridLayout("", shapes, geo::Band{0, 1 << 30}));
    std::vector<geo::Problem> mine;
    for (auto& pr : report.problems)
      if (pr.kind == "overlap" && std::find(pr.grids.begin(), pr.grids.end(), after.code) != pr.grids.end())
        mine.push_back(std::move(pr));
    return mine;
  };
  ASSIGN_OR_RETURN(auto old_pairs, overlaps(before.boundary));
  ASSIGN_OR_RETURN(auto new_pairs, overlaps(after.boundary));
  for (const geo::Problem& pr : new_pairs) {
    bool existed = std::any_of(old_pairs.begin(), old_pairs.end(),
                               [&](const geo::Problem& o) { return o.grids == pr.grids; });
    if (!existed)
      return Status(StatusCode::kConflict, "边界未保存：" + pr.message_zh + "（网格不得重叠）",
                    "boundary not saved: " + pr.message_en + " (grids must not overlap)", "boundary");
  }
  return Status::Ok();
}

json PlaceDetail(const Place& p) {
  return json{
      {"name", p.name}, {"kind", p.kind}, {"retired", p.retired}, {"has_boundary", !p.boundary.empty()}};
}

}  // namespace

Result<std::vector<Place>> LiveChildren(storage::Tx& tx, const std::string& code) {
  std::vector<Place> out;
  storage::PageRequest page{"", 1000};
  while (true) {
    ASSIGN_OR_RETURN(auto kids, tx.places().Children(code, false, page));
    for (Place& k : kids.items) out.push_back(std::move(k));
    if (kids.next.empty()) return out;
    page.after = kids.next;
  }
}

geo::Band BandForKind(std::string_view village_kind) {
  if (village_kind == "village") return geo::Band{20, 150};
  return geo::Band{300, 500};
}

Result<PlaceNode> PlaceService::Node(storage::Tx& tx, const Principal& who, Place p) {
  PlaceNode n;
  ASSIGN_OR_RETURN(n.counts, tx.places().Counts(p.code));
  HideSensitive(who, &n.counts);
  n.place = std::move(p);
  return n;
}

Result<PlaceNode> PlaceService::Get(const Ctx& ctx, const std::string& code) {
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPlaceRead, code));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Place p, tx->places().Get(code));
  return Node(*tx, ctx.who, std::move(p));
}

Result<storage::Page<PlaceNode>> PlaceService::Children(const Ctx& ctx, const std::string& code,
                                                        bool include_retired,
                                                        const storage::PageRequest& page) {
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPlaceRead, code));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Place parent, tx->places().Get(code));
  ASSIGN_OR_RETURN(auto kids, tx->places().Children(parent.code, include_retired, page));
  storage::Page<PlaceNode> out;
  out.next = kids.next;
  for (Place& p : kids.items) {
    ASSIGN_OR_RETURN(PlaceNode n, Node(*tx, ctx.who, std::move(p)));
    out.items.push_back(std::move(n));
  }
  return out;
}

Result<std::vector<PlaceNode>> PlaceService::Roots(const Ctx& ctx) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  std::vector<PlaceNode> out;
  if (!ctx.who.scope.empty()) {
    ASSIGN_OR_RETURN(Place p, tx->places().Get(ctx.who.scope));
    ASSIGN_OR_RETURN(PlaceNode n, Node(*tx, ctx.who, std::move(p)));
    out.push_back(std::move(n));
    return out;
  }
  ASSIGN_OR_RETURN(auto top, tx->places().Children("", false, storage::PageRequest{"", 100}));
  for (Place& p : top.items) {
    ASSIGN_OR_RETURN(PlaceNode n, Node(*tx, ctx.who, std::move(p)));
    out.push_back(std::move(n));
  }
  return out;
}

Result<Place> PlaceService::Create(const Ctx& ctx, Place p) {
  p.leader_name.clear();
  p.retired = false;
  RETURN_IF_ERROR(ValidatePlace(&p));
  RETURN_IF_ERROR(CheckBoundary(p));
  // The parent must be inside the caller's scope; the place itself then is too.
  RETURN_IF_ERROR(
      Authz::CanTarget(ctx.who, Permission::kPlaceWrite, p.parent_code.empty() ? p.code : p.parent_code));
  if (p.parent_code.empty() && !ctx.who.scope.empty())
    return PermissionDenied("只有系统管理员可以创建省级地点",
                            "only a system administrator may create a province");
  Status st = db_->Write([&](storage::Tx& tx) {
    if (!p.parent_code.empty()) {
      auto parent = tx.places().Get(p.parent_code);
      if (!parent.ok())
        return InvalidArgument("上级 " + p.parent_code + " 不存在",
                               "parent " + p.parent_code + " does not exist", "code");
      if (parent->retired)
        return FailedPrecondition("上级 " + p.parent_code + " 已撤销",
                                  "parent " + p.parent_code + " is retired");
    }
    RETURN_IF_ERROR(CheckLeader(tx, p));
    RETURN_IF_ERROR(tx.places().Insert(p));
    return Audit(tx, ctx, "place.create", "place", p.code, p.code, PlaceDetail(p).dump());
  });
  RETURN_IF_ERROR(st);
  if (p.code.size() == 15) ++grid_generation_;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->places().Get(p.code);
}

Result<Place> PlaceService::Update(const Ctx& ctx, const std::string& code, int64_t version,
                                   const std::function<Status(Place&)>& apply) {
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPlaceWrite, code));
  bool grid_changed = false;
  Status st = db_->Write([&](storage::Tx& tx) {
    ASSIGN_OR_RETURN(Place p, tx.places().Get(code));
    Place before = p;
    RETURN_IF_ERROR(apply(p));
    p.code = before.code;
    p.level = before.level;
    p.version = version;
    RETURN_IF_ERROR(ValidatePlace(&p));
    RETURN_IF_ERROR(CheckBoundary(p));
    RETURN_IF_ERROR(CheckLeader(tx, p));
    if (code.size() == 15 && !p.boundary.empty() && p.boundary != before.boundary)
      RETURN_IF_ERROR(CheckNoNewOverlap(tx, before, p));
    if (p.retired && !before.retired) {
      auto kids = tx.places().Children(code, false, storage::PageRequest{"", 1});
      RETURN_IF_ERROR(kids.status());
      ASSIGN_OR_RETURN(PlaceCounts c, tx.places().Counts(code));
      if (!kids->items.empty() || c.people > 0 || c.households > 0)
        return FailedPrecondition(
            "该地点下仍有下级、住户或人员，请先迁移或撤销",
            "the place still has children, households or people; move or retire them first");
    }
    RETURN_IF_ERROR(tx.places().Update(p));
    grid_changed = code.size() == 15 && (p.boundary != before.boundary || p.retired != before.retired);
    json detail = PlaceDetail(p);
    detail["version"] = version + 1;
    if (p.boundary != before.boundary) detail["boundary_changed"] = true;
    return Audit(tx, ctx, p.retired && !before.retired ? "place.retire" : "place.update", "place", code, code,
                 detail.dump());
  });
  RETURN_IF_ERROR(st);
  if (grid_changed) ++grid_generation_;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->places().Get(code);
}

Result<Place> PlaceService::Move(const Ctx& ctx, const std::string& code, const std::string& new_code) {
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPlaceWrite, code));
  auto old_level = ParseCode(code);
  RETURN_IF_ERROR(old_level.status());
  auto new_level = ParseCode(new_code);
  if (!new_level.ok())
    return Status(new_level.status().code(), new_level.status().zh(), new_level.status().en(), "new_code");
  if (*old_level != *new_level)
    return InvalidArgument("新代码必须与原代码同一层级", "the new code must be of the same level",
                           "new_code");
  if (*old_level < Level::kVillage)
    return InvalidArgument("只能迁移村(社区)、网格和十联户",
                           "only villages, grids and household units can be moved", "code");
  if (code == new_code)
    return InvalidArgument("新代码与原代码相同", "the new code equals the old one", "new_code");
  std::string new_parent = ParentCode(new_code);
  RETURN_IF_ERROR(Authz::CanTarget(ctx.who, Permission::kPlaceWrite, new_parent));
  if ((IsExclusiveGrid(code)) != (IsExclusiveGrid(new_code)) && new_code.size() == 15)
    return InvalidArgument("综合网格与专属网格的编号段不能互换",
                           "a grid cannot change between comprehensive and exclusive", "new_code");
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    auto parent = tx.places().Get(new_parent);
    if (!parent.ok() || parent->retired)
      return InvalidArgument("新上级 " + new_parent + " 不存在或已撤销",
                             "new parent " + new_parent + " does not exist", "new_code");
    RETURN_IF_ERROR(tx.places().Get(code).status());
    RETURN_IF_ERROR(tx.places().Rekey(code, new_code, new_parent));
    return Audit(tx, ctx, "place.move", "place", new_code, new_code,
                 json{{"from", code}, {"to", new_code}}.dump());
  }));
  ++grid_generation_;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  return tx->places().Get(new_code);
}

Result<geo::LayoutReport> PlaceService::CheckGrids(const Ctx& ctx, const std::string& village_code) {
  RETURN_IF_ERROR(Authz::CanRecord(ctx.who, Permission::kPlaceRead, village_code));
  if (village_code.size() != 12)
    return InvalidArgument("网格检查针对村(社区)，代码应为 12 位",
                           "grid checks run on a village/community (12 digits)", "code");
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(Place village, tx->places().Get(village_code));
  std::vector<geo::GridShape> shapes;
  ASSIGN_OR_RETURN(auto grids, LiveChildren(*tx, village_code));
  for (const Place& g : grids) {
    ASSIGN_OR_RETURN(PlaceCounts c, tx->places().Counts(g.code));
    shapes.push_back(geo::GridShape{g.code, g.boundary, static_cast<int>(c.households)});
  }
  return geo::ValidateGridLayout(village.boundary, shapes, BandForKind(village.kind));
}

std::optional<std::string> VillageNamedIn(std::string_view address, const std::vector<Place>& townships,
                                          const std::vector<Place>& villages) {
  auto named = [&](const std::string& name) {
    return Utf8Length(name) >= 2 && address.find(name) != std::string_view::npos;
  };
  std::vector<const Place*> hits;
  for (const Place& v : villages)
    if (!v.retired && named(v.name)) hits.push_back(&v);
  if (hits.size() > 1) {
    std::vector<const Place*> narrowed;
    for (const Place* v : hits)
      for (const Place& t : townships)
        if (!t.retired && v->code.rfind(t.code, 0) == 0 && named(t.name)) narrowed.push_back(v);
    hits = std::move(narrowed);
  }
  if (hits.size() != 1) return std::nullopt;
  return hits[0]->code;
}

Result<std::optional<std::string>> PlaceService::VillageByAddress(const std::string& county,
                                                                  std::string_view address) {
  if (county.size() != 6 || address.empty()) return std::optional<std::string>();
  std::vector<Place> levels[2];
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  for (int i = 0; i < 2; ++i) {
    storage::PageRequest page{"", 1000};
    while (true) {
      ASSIGN_OR_RETURN(
          auto part, tx->places().InScope(
                         county, static_cast<int>(i == 0 ? Level::kTownship : Level::kVillage), false, page));
      for (Place& p : part.items) {
        p.boundary.clear();
        levels[i].push_back(std::move(p));
      }
      if (part.next.empty()) break;
      page.after = part.next;
    }
  }
  return VillageNamedIn(address, levels[0], levels[1]);
}

Result<std::shared_ptr<const geo::GridLocator>> PlaceService::Locator() {
  std::lock_guard lk(locator_mu_);
  int64_t gen = grid_generation_.load();
  if (locator_ && locator_generation_ == gen) return locator_;
  std::vector<geo::GridShape> shapes;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    storage::PageRequest page{"", 1000};
    while (true) {
      ASSIGN_OR_RETURN(auto grids, tx->places().InScope("", static_cast<int>(Level::kGrid), false, page));
      for (const Place& g : grids.items)
        if (!g.boundary.empty()) shapes.push_back(geo::GridShape{g.code, g.boundary, 0});
      if (grids.next.empty()) break;
      page.after = grids.next;
    }
  }
  ASSIGN_OR_RETURN(auto loc, geo::GridLocator::Build(shapes));
  locator_ = std::shared_ptr<const geo::GridLocator>(std::move(loc));
  locator_generation_ = gen;
  return locator_;
}

Result<LocateResult> PlaceService::Locate(const Ctx& ctx, double lon, double lat) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kPlaceRead));
  if (!(lon >= -180 && lon <= 180) || !(lat >= -90 && lat <= 90))
    return InvalidArgument("经纬度超出范围", "longitude/latitude out of range", "lon");
  ASSIGN_OR_RETURN(auto loc, Locator());
  auto code = loc->Locate(lon, lat);
  if (!code || !Authz::InScope(ctx.who, *code))
    return NotFound("该位置不在您管辖范围内的任何网格中", "the point lies in no grid of your jurisdiction");
  LocateResult r;
  r.grid_code = *code;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  for (int len : {9, 12, 15}) {
    auto p = tx->places().Get(code->substr(0, len));
    if (p.ok()) r.path.push_back(*p);
  }
  return r;
}

}  // namespace wangge::service
