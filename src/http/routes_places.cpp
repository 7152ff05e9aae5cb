// The administrative tree, grids, household units: browse, create, edit, move, retire, check, locate.
#include "core/codes.hpp"
#include "http/body_readers.hpp"
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {

// Fields a client may set on a place (create and edit).
Status ReadPlaceFields(JsonIn& in, Place* p) {
  const json* boundary = nullptr;
  in.Str("name", &p->name)
      .Str("kind", &p->kind)
      .OptInt("leader_person_id", &p->leader_person_id)
      .Raw("boundary", &boundary);
  if (boundary != nullptr) {
    if (boundary->is_null())
      p->boundary.clear();
    else if (boundary->is_object())
      p->boundary = boundary->dump();
    else
      return InvalidArgument("boundary 应为 GeoJSON 对象", "boundary must be a GeoJSON object", "boundary");
  }
  return Status::Ok();
}

void RegisterPlaceRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/places",
         .tag = "places",
         .summary = "The caller's root nodes with counts",
         .summary_zh = "我的管辖范围根节点",
         .any_of = {Permission::kPlaceRead},
         .handler = [](Call& c) -> HttpResponse {
           auto roots = c.app().places.Roots(c.ctx());
           if (!roots.ok()) return Error(c, roots.status());
           json items = json::array();
           for (const auto& n : *roots) items.push_back(NodeJson(n));
           return Json(json{{"items", items}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/places/{code}",
         .tag = "places",
         .summary = "A place with its boundary and subtree counts",
         .summary_zh = "地点详情（含统计）",
         .any_of = {Permission::kPlaceRead},
         .handler = [](Call& c) -> HttpResponse {
           auto n = c.app().places.Get(c.ctx(), c.PathParam("code"));
           if (!n.ok()) return Error(c, n.status());
           return Json(NodeJson(*n, true));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/places/{code}/children",
         .tag = "places",
         .summary = "Children of a place with counts (keyset pages)",
         .summary_zh = "下级地点（含统计）",
         .any_of = {Permission::kPlaceRead},
         .query = {{"include_retired", "boolean", "include retired places"},
                   {"with_boundary", "boolean", "include GeoJSON boundaries"},
                   {"after", "string", "cursor"},
                   {"limit", "integer", "page size 1-1000"}},
         .handler = [](Call& c) -> HttpResponse {
           auto page = c.Page();
           auto retired = c.QueryBool("include_retired", false);
           auto geom = c.QueryBool("with_boundary", false);
           if (!page.ok()) return Error(c, page.status());
           if (!retired.ok()) return Error(c, retired.status());
           if (!geom.ok()) return Error(c, geom.status());
           auto kids = c.app().places.Children(c.ctx(), c.PathParam("code"), *retired, *page);
           if (!kids.ok()) return Error(c, kids.status());
           bool g = *geom;
           return Json(PageJson(*kids, [g](const service::PlaceNode& n) { return NodeJson(n, g); }));
         }});
  r.Add(
      {.method = "POST",
       .pattern = "/api/v1/places",
       .tag = "places",
       .summary =
           "Create a place: village/community (12 digits), grid (15, GeoJSON boundary), household unit (18)",
       .summary_zh = "新建地点/网格/十联户",
       .any_of = {Permission::kPlaceWrite},
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto body = c.JsonBody();
         if (!body.ok()) return Error(c, body.status());
         Place p;
         JsonIn in(*body);
         in.Str("code", &p.code, true);
         if (Status st = ReadPlaceFields(in, &p); !st.ok()) return Error(c, st);
         if (Status st = in.Finish(); !st.ok()) return Error(c, st);
         auto created = c.app().places.Create(c.ctx(), p);
         if (!created.ok()) return Error(c, created.status());
         return Json(PlaceJson(*created), 201);
       }});
  r.Add({.method = "PATCH",
         .pattern = "/api/v1/places/{code}",
         .tag = "places",
         .summary = "Edit a place (name, kind, boundary, leader, retired); requires the current version",
         .summary_zh = "修改或撤销地点",
         .any_of = {Permission::kPlaceWrite},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           int64_t version = 0;
           JsonIn probe(*body);
           probe.Int("version", &version, true);
           if (!probe.status().ok()) return Error(c, probe.status());
           auto updated =
               c.app().places.Update(c.ctx(), c.PathParam("code"), version, [&](Place& p) -> Status {
                 JsonIn in(*body);
                 int64_t v = 0;
                 in.Int("version", &v).Bool("retired", &p.retired);
                 RETURN_IF_ERROR(ReadPlaceFields(in, &p));
                 return in.Finish();
               });
           if (!updated.ok()) return Error(c, updated.status());
           return Json(PlaceJson(*updated));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/places/{code}/move",
         .tag = "places",
         .summary =
             "Move a village, grid or unit under a new parent: {\"new_code\": …}; every record below follows",
         .summary_zh = "迁移地点（改挂上级）",
         .any_of = {Permission::kPlaceWrite},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string new_code;
           JsonIn in(*body);
           in.Str("new_code", &new_code, true);
           if (Status st = in.Finish(); !st.ok()) return Error(c, st);
           auto moved = c.app().places.Move(c.ctx(), c.PathParam("code"), new_code);
           if (!moved.ok()) return Error(c, moved.status());
           return Json(PlaceJson(*moved));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/places/{code}/grid-check",
         .tag = "places",
         .summary = "Validate the grid layout of a village/community: invalid polygons, overlaps, gaps, "
                    "outside parts, household band",
         .summary_zh = "网格划分校验（不重不漏）",
         .any_of = {Permission::kPlaceRead},
         .handler = [](Call& c) -> HttpResponse {
           auto rep = c.app().places.CheckGrids(c.ctx(), c.PathParam("code"));
           if (!rep.ok()) return Error(c, rep.status());
           json problems = json::array();
           for (const auto& p : rep->problems) {
             json g = p.geometry.empty() ? json() : json::parse(p.geometry, nullptr, false);
             problems.push_back(json{{"kind", p.kind},
                                     {"grids", p.grids},
                                     {"area_m2", p.area_m2},
                                     {"geometry", g.is_discarded() ? json() : g},
                                     {"message", c.english() ? p.message_en : p.message_zh},
                                     {"message_zh", p.message_zh},
                                     {"message_en", p.message_en}});
           }
           return Json(json{{"code", c.PathParam("code")}, {"ok", rep->ok()}, {"problems", problems}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/locate",
         .tag = "places",
         .summary = "Which grid a coordinate (lon, lat) falls in",
         .summary_zh = "坐标定位网格",
         .any_of = {Permission::kPlaceRead},
         .query = {{"lon", "number", "longitude", true}, {"lat", "number", "latitude", true}},
         .handler = [](Call& c) -> HttpResponse {
           auto lon = c.QueryNumber("lon");
           auto lat = c.QueryNumber("lat");
           if (!lon.ok()) return Error(c, lon.status());
           if (!lat.ok()) return Error(c, lat.status());
           auto res = c.app().places.Locate(c.ctx(), *lon, *lat);
           if (!res.ok()) return Error(c, res.status());
           json path = json::array();
           for (const auto& p : res->path) path.push_back(PlaceJson(p, false));
           return Json(json{{"grid_code", res->grid_code}, {"path", path}});
         }});
}

}  // namespace wangge::http
