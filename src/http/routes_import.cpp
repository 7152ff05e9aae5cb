// Import and export of the people table (.xlsx / .csv with the template's Chinese headers).
#include "http/json_io.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

Result<sheet::Format> FormatParam(const Call& c, const std::string& def) {
  std::string f = c.Query("format", def);
  if (f == "xlsx") return sheet::Format::kXlsx;
  if (f == "csv") return sheet::Format::kCsv;
  return InvalidArgument("format 只能是 xlsx 或 csv", "format must be xlsx or csv", "format");
}

HttpResponse FileResponse(std::string body, sheet::Format f, const std::string& stem) {
  HttpResponse r;
  r.body = std::move(body);
  if (f == sheet::Format::kXlsx) {
    r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stem + ".xlsx\"");
  } else {
    r.content_type = "text/csv; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + stem + ".csv\"");
  }
  return r;
}

}  // namespace

void RegisterImportRoutes(Router& r) {
  r.Add({.method = "GET",
         .pattern = "/api/v1/import/people/template",
         .tag = "import",
         .summary = "The people import template with its Chinese headers",
         .summary_zh = "下载人员导入模板",
         .any_user = true,
         .query = {{"format", "string", "xlsx (default) or csv"}},
         .response = "file",
         .handler = [](Call& c) -> HttpResponse {
           auto f = FormatParam(c, "xlsx");
           if (!f.ok()) return Error(c, f.status());
           auto body = c.app().imports.Template(*f);
           if (!body.ok()) return Error(c, body.status());
           return FileResponse(std::move(*body), *f, "people-template");
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/import/people",
         .tag = "import",
         .summary =
             "Import people and households from an .xlsx or .csv body; per-row report; matched by citizen ID",
         .summary_zh = "导入人员和户",
         .any_of = {Permission::kImport},
         .max_body = kImportMaxBody,
         .query = {{"mode", "string", "all_or_nothing (default) or accept_valid"},
                   {"dry_run", "boolean", "validate only"},
                   {"filename", "string", "original file name (format hint)"}},
         .request_body = "file",
         .handler = [](Call& c) -> HttpResponse {
           std::string mode = c.Query("mode", "all_or_nothing");
           if (mode != "all_or_nothing" && mode != "accept_valid")
             return Error(c, InvalidArgument("mode 只能是 all_or_nothing 或 accept_valid",
                                             "mode must be all_or_nothing or accept_valid", "mode"));
           auto dry = c.QueryBool("dry_run", false);
           if (!dry.ok()) return Error(c, dry.status());
           if (c.req().body.empty())
             return Error(c, InvalidArgument("请上传文件", "upload a file as the request body", "body"));
           auto rep =
               c.app().imports.ImportPeople(c.ctx(), c.req().body, c.Query("filename"),
                                            mode == "accept_valid" ? service::ImportMode::kAcceptValid
                                                                   : service::ImportMode::kAllOrNothing,
                                            *dry);
           if (!rep.ok()) return Error(c, rep.status());
           json errors = json::array();
           for (const auto& e : rep->errors)
             errors.push_back(json{{"row", e.row},
                                   {"column", e.column},
                                   {"reason", c.english() ? e.reason_en : e.reason_zh},
                                   {"reason_zh", e.reason_zh},
                                   {"reason_en", e.reason_en}});
           json out{{"rows", rep->rows},
                    {"inserted", rep->inserted},
                    {"updated", rep->updated},
                    {"unchanged", rep->unchanged},
                    {"rejected", rep->rejected},
                    {"households_created", rep->households_created},
                    {"examples_skipped", rep->examples_skipped},
                    {"committed", rep->committed},
                    {"dry_run", *dry},
                    {"mode", mode},
                    {"errors", errors}};
           if (!rep->note_zh.empty()) out["note"] = c.english() ? rep->note_en : rep->note_zh;
           // A rejected all-or-nothing import is the caller's data problem: 422 with the report.
           return Json(out, !*dry && !rep->committed && rep->rejected > 0 ? 422 : 200);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/export/people",
         .tag = "import",
         .summary = "Export people of a scope (optional tag) as .xlsx or .csv; identity masked unless a "
                    "purpose is given",
         .summary_zh = "导出人员表",
         .any_of = {Permission::kExport},
         .query = {{"scope", "string", "place code prefix"},
                   {"tag", "string", "group tag"},
                   {"format", "string", "xlsx (default) or csv"},
                   {"purpose", "string", "unmask with this purpose (audited)"}},
         .response = "file",
         .handler = [](Call& c) -> HttpResponse {
           auto f = FormatParam(c, "xlsx");
           if (!f.ok()) return Error(c, f.status());
           auto body = c.app().imports.ExportPeople(c.ctx(), c.Query("scope"), c.Query("tag"), *f,
                                                    c.Query("purpose"));
           if (!body.ok()) return Error(c, body.status());
           return FileResponse(std::move(*body), *f, "people");
         }});
}

}  // namespace wangge::http
