// One helper for the routes every versioned, scoped record collection has (buildings, households, people,
// 两新组织, party orgs): GET list (scope + keyset page; optional — people register their own filtered list),
// POST create, GET one, PATCH one (with "version", "retired" and the collection's own fields). The service
// calls and the field reader differ; the HTTP handling — decoding, strict unknown-field checks, status codes
// — is written once here.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {

template <typename T>
struct Collection {
  std::string base;  // "/api/v1/buildings"
  std::string tag;
  Permission read_permission;   // the gate of the list and GET one (the service checks the scope)
  Permission write_permission;  // the gate of POST and PATCH
  std::string list_en, list_zh, create_en, create_zh, get_en, get_zh, patch_en, patch_zh;
  // Empty: no generic list route (the caller registers its own).
  std::function<Result<storage::Page<T>>(Call&, const std::string& scope, const storage::PageRequest&)> list;
  std::function<Result<T>(Call&, T)> create;
  std::function<Result<T>(Call&, int64_t id)> get;
  std::function<Result<T>(Call&, int64_t id, int64_t version, const std::function<Status(T&)>&)> update;
  std::function<Status(JsonIn&, T*)> read;             // the fields a client may set
  std::function<json(const Call&, const T&)> to_json;  // the caller decides the view (people)
  // Optional: what the saved record may have wrong without being refused (an implausible age), returned as
  // "warnings": [{field, message, message_zh}] beside the record by POST and PATCH; none when empty.
  std::function<std::vector<Status>(const T&)> warnings;
};

// The record's JSON with the collection's warnings on entry added (Collection::warnings).
template <typename T>
json WithWarnings(const Collection<T>& c, const Call& call, const T& v) {
  json j = c.to_json(call, v);
  if (!c.warnings) return j;
  json list = json::array();
  for (const Status& w : c.warnings(v))
    list.push_back(json{{"field", w.field()},
                        {"message", call.english() ? w.en() : w.zh()},
                        {"message_zh", w.zh()},
                        {"message_en", w.en()}});
  if (!list.empty()) j["warnings"] = std::move(list);
  return j;
}

template <typename T>
void AddCollection(Router& r, const Collection<T>& c) {
  if (c.list)
    r.Add({.method = "GET",
           .pattern = c.base,
           .tag = c.tag,
           .summary = c.list_en,
           .summary_zh = c.list_zh,
           .any_of = {c.read_permission},
           .query = {{"scope", "string", "place code prefix"},
                     {"after", "string", "cursor"},
                     {"limit", "integer", "page size"}},
           .handler = [c](Call& call) -> HttpResponse {
             auto page = call.Page();
             if (!page.ok()) return Error(call, page.status());
             auto res = c.list(call, call.Query("scope"), *page);
             if (!res.ok()) return Error(call, res.status());
             return Json(PageJson(*res, [&](const T& v) { return c.to_json(call, v); }));
           }});
  r.Add({.method = "POST",
         .pattern = c.base,
         .tag = c.tag,
         .summary = c.create_en,
         .summary_zh = c.create_zh,
         .any_of = {c.write_permission},
         .request_body = "json",
         .handler = [c](Call& call) -> HttpResponse {
           auto body = call.JsonBody();
           if (!body.ok()) return Error(call, body.status());
           T v;
           JsonIn in(*body);
           if (Status st = c.read(in, &v); !st.ok()) return Error(call, st);
           if (Status st = in.Finish(); !st.ok()) return Error(call, st);
           auto res = c.create(call, std::move(v));
           if (!res.ok()) return Error(call, res.status());
           return Json(WithWarnings(c, call, *res), 201);
         }});
  r.Add({.method = "GET",
         .pattern = c.base + "/{id}",
         .tag = c.tag,
         .summary = c.get_en,
         .summary_zh = c.get_zh,
         .any_of = {c.read_permission},
         .handler = [c](Call& call) -> HttpResponse {
           auto id = call.PathId();
           if (!id.ok()) return Error(call, id.status());
           auto res = c.get(call, *id);
           if (!res.ok()) return Error(call, res.status());
           return Json(c.to_json(call, *res));
         }});
  r.Add({.method = "PATCH",
         .pattern = c.base + "/{id}",
         .tag = c.tag,
         .summary = c.patch_en,
         .summary_zh = c.patch_zh,
         .any_of = {c.write_permission},
         .request_body = "json",
         .handler = [c](Call& call) -> HttpResponse {
           auto id = call.PathId();
           if (!id.ok()) return Error(call, id.status());
           auto body = call.JsonBody();
           if (!body.ok()) return Error(call, body.status());
           int64_t version = 0;
           JsonIn probe(*body);
           probe.Int("version", &version, true);
           if (!probe.status().ok()) return Error(call, probe.status());
           auto res = c.update(call, *id, version, [&](T& v) -> Status {
             JsonIn in(*body);
             int64_t ignored = 0;
             in.Int("version", &ignored).Bool("retired", &v.retired);
             RETURN_IF_ERROR(c.read(in, &v));
             return in.Finish();
           });
           if (!res.ok()) return Error(call, res.status());
           return Json(WithWarnings(c, call, *res));
         }});
}

}  // namespace wangge::http
