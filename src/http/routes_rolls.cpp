// 红黑榜 over HTTP: each community's criteria citing its 村规民约, nominations with evidence, the two
// committees' review, the public notice and its objections, the monthly publication, the black list's early
// removal and appeal, 星级文明户, and the public board (no sign-in, names masked). docs/rolls.md.
#include "core/ledger.hpp"
#include "core/roll.hpp"
#include "http/json_io.hpp"
#include "http/order_json.hpp"
#include "http/router.hpp"

namespace wangge::http {
namespace {

json CriterionJson(const storage::RollCriterion& c) {
  return {{"id", c.id},
          {"community", c.place_code},
          {"side", c.side},
          {"seq", c.seq},
          {"title", c.title},
          {"article", c.article},
          {"description", c.description},
          {"status", c.status},
          {"created_at", TimeJson(c.created_at)},
          {"retired_at", TimeJson(c.retired_at)}};
}

json ReviewJson(const storage::RollReview& r, const std::string& by_name) {
  if (r.approve < 0) return nullptr;
  return {{"approve", r.approve == 1},
          {"opinion", r.opinion},
          {"met_on", r.met_on},
          {"by_name", by_name},
          {"at", TimeJson(r.at)}};
}

// An entry as staff and the person see it; `board` leaves out what only they may read.
json EntryJson(const service::RollEntryView& v, bool board = false) {
  const auto& e = v.entry;
  json criteria = json::array();
  for (const auto& c : v.criteria)
    criteria.push_back({{"id", c.id}, {"seq", c.seq}, {"title", c.title}, {"article", c.article}});
  const auto state = roll::StateFromName(e.status).value_or(roll::State::kNominated);
  json j = {{"id", e.id},
            {"community", e.place_code.substr(0, 12)},
            {"community_name", v.community_name},
            {"period", ledger::FormatPeriod(e.period)},
            {"side", e.side},
            {"subject", e.subject},
            {"name", v.name},
            {"criteria", std::move(criteria)},
            {"status", e.status},
            {"status_zh", v.expired ? "已到期" : std::string(roll::StateNameZh(state))},
            {"notice_from", TimeJson(e.notice_from)},
            {"notice_until", TimeJson(e.notice_until)},
            {"listed_at", TimeJson(e.listed_at)},
            {"listed_until", TimeJson(e.listed_until)},
            {"active", v.active},
            {"expired", v.expired}};
  if (board) return j;
  json objections = json::array();
  for (const auto& o : v.objections)
    objections.push_back({{"id", o.id},
                          {"reason", o.reason},
                          {"status", o.status},
                          {"note", o.note},
                          {"raised_at", TimeJson(o.raised_at)},
                          {"decided_at", TimeJson(o.decided_at)}});
  j.update(json{{"place_code", e.place_code},
                {"grid_name", v.grid_name},
                {"person_id", e.person_id},
                {"household_id", e.household_id},
                {"evidence", e.evidence},
                {"nominated_by_name", v.nominated_by_name},
                {"nominated_at", TimeJson(e.nominated_at)},
                {"reviews",
                 {{"party", ReviewJson(e.party, v.party_by_name)},
                  {"village", ReviewJson(e.village, v.village_by_name)}}},
                {"notice_over", v.notice_over},
                {"objections", std::move(objections)},
                {"open_objections", v.open_objections},
                {"ready", v.ready},
                {"publication_id", e.publication_id},
                {"points", v.points},
                {"closed_reason", e.closed_reason},
                {"closed_at", TimeJson(e.closed_at)},
                {"appeal", e.appeal_status.empty() ? json(nullptr)
                                                   : json{{"status", e.appeal_status},
                                                          {"reason", e.appeal_reason},
                                                          {"at", TimeJson(e.appeal_at)},
                                                          {"note", e.appeal_note},
                                                          {"decided_at", TimeJson(e.appeal_decided_at)}}},
                {"can_appeal", v.can_appeal},
                {"version", e.version}});
  return j;
}

json PublicationJson(const service::PublicationView& v, bool with_entries) {
  const auto& p = v.publication;
  json j = {{"id", p.id},
            {"community", p.place_code},
            {"community_name", v.community_name},
            {"period", ledger::FormatPeriod(p.period)},
            {"published_at", TimeJson(p.published_at)},
            {"published_by_name", v.published_by_name},
            {"red", p.red},
            {"black", p.black}};
  if (with_entries) {
    json entries = json::array();
    for (const auto& e : v.entries) entries.push_back(EntryJson(e));
    j["entries"] = std::move(entries);
  }
  return j;
}

Status ReadCriterion(Call& c, service::CriterionInput* in, bool add) {
  auto body = c.JsonBody();
  if (!body.ok()) return body.status();
  JsonIn j(*body);
  if (add) j.Str("community", &in->community).Str("side", &in->side, true);
  j.Str("title", &in->title, true).Str("article", &in->article, true).Str("description", &in->description);
  return j.Finish();
}

// The handler of a route answering one entry.
using EntryCall = std::function<Result<service::RollEntryView>(Call&, int64_t, const json&)>;
HttpResponse OnEntry(Call& c, const EntryCall& f) {
  auto id = c.PathId();
  if (!id.ok()) return Error(c, id.status());
  auto body = c.JsonBody();
  if (!body.ok()) return Error(c, body.status());
  auto res = f(c, *id, *body);
  if (!res.ok()) return Error(c, res.status());
  return Json(EntryJson(*res));
}

}  // namespace

void RegisterRollRoutes(Router& r) {
  const std::vector<Permission> staff = {Permission::kPointsAward, Permission::kPointsManage};
  const std::vector<Permission> manage = {Permission::kPointsManage};
  r.Add(
      {.method = "GET",
       .pattern = "/api/v1/rolls/criteria",
       .tag = "rolls",
       .summary = "A community's 红黑榜 criteria, each citing its 村规民约 article (staff, or its residents)",
       .summary_zh = "红黑榜评选标准",
       .any_user = true,
       .query = {{"community", "string", "12-digit village code (default: the caller's)"},
                 {"retired", "boolean", "include retired items (true)"}},
       .handler = [](Call& c) -> HttpResponse {
         auto res = c.app().rolls.Criteria(c.ctx(), c.Query("community"), c.Query("retired") == "true");
         if (!res.ok()) return Error(c, res.status());
         json items = json::array();
         for (const auto& i : res->items) items.push_back(CriterionJson(i));
         return Json(json{{"community", res->community},
                          {"community_name", res->community_name},
                          {"items", std::move(items)}});
       }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/criteria",
         .tag = "rolls",
         .summary = "Add a criterion (side red|black; article required)",
         .summary_zh = "新增评选标准（须注明村规民约条款）",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           service::CriterionInput in;
           if (Status st = ReadCriterion(c, &in, true); !st.ok()) return Error(c, st);
           auto res = c.app().rolls.AddCriterion(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(CriterionJson(*res), 201);
         }});
  r.Add(
      {.method = "PUT",
       .pattern = "/api/v1/rolls/criteria/{id}",
       .tag = "rolls",
       .summary = "Edit a criterion: answers its successor (same seq); earlier nominations keep the old text",
       .summary_zh = "修改评选标准（生成新版本）",
       .any_of = manage,
       .request_body = "json",
       .handler = [](Call& c) -> HttpResponse {
         auto id = c.PathId();
         if (!id.ok()) return Error(c, id.status());
         service::CriterionInput in;
         if (Status st = ReadCriterion(c, &in, false); !st.ok()) return Error(c, st);
         auto res = c.app().rolls.EditCriterion(c.ctx(), *id, std::move(in));
         if (!res.ok()) return Error(c, res.status());
         return Json(CriterionJson(*res));
       }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/criteria/{id}/retire",
         .tag = "rolls",
         .summary = "Retire a criterion",
         .summary_zh = "停用评选标准",
         .any_of = manage,
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().rolls.RetireCriterion(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(CriterionJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/criteria/adopt",
         .tag = "rolls",
         .summary =
             "Adopt the county's template (9 red and 9 black items) when the community has none (409 else)",
         .summary_zh = "采用县级评选标准模板",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string community;
           JsonIn j(*body);
           j.Str("community", &community);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().rolls.Adopt(c.ctx(), community);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& i : res->items) items.push_back(CriterionJson(i));
           return Json(json{{"community", res->community},
                            {"community_name", res->community_name},
                            {"items", std::move(items)}},
                       201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/entries",
         .tag = "rolls",
         .summary = "Nominations and listings of a community (a grid worker's: their grid's)",
         .summary_zh = "红黑榜提名与上榜记录",
         .any_of = staff,
         .query = {{"community", "string", "12-digit village code (default: the caller's)"},
                   {"status", "string",
                    "nominated | rejected | notice | withdrawn | listed | removed | revoked"},
                   {"side", "string", "red | black"},
                   {"period", "string", "YYYY-MM"}},
         .handler = [](Call& c) -> HttpResponse {
           std::string community, name;
           auto res = c.app().rolls.Entries(c.ctx(), c.Query("community"), c.Query("status"), c.Query("side"),
                                            c.Query("period"), &community, &name);
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(EntryJson(v));
           return Json(json{{"community", community}, {"community_name", name}, {"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/entries/{id}",
         .tag = "rolls",
         .summary = "One entry (staff in scope, or the person it names)",
         .summary_zh = "红黑榜条目详情",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().rolls.Get(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(EntryJson(*res));
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/entries",
         .tag = "rolls",
         .summary =
             "Nominate a person or household for this or last month's list, citing criteria, with evidence",
         .summary_zh = "红黑榜提名",
         .any_of = {Permission::kPointsAward},
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           service::NominationInput in;
           JsonIn j(*body);
           j.Int("person_id", &in.person_id, true)
               .Str("side", &in.side, true)
               .Str("subject", &in.subject)
               .Str("period", &in.period, true)
               .IntList("criteria", &in.criteria, 9)
               .Str("evidence", &in.evidence, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().rolls.Nominate(c.ctx(), std::move(in));
           if (!res.ok()) return Error(c, res.status());
           return Json(EntryJson(*res), 201);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/entries/{id}/review",
         .tag = "rolls",
         .summary = "A committee's decision (party | village), once each; both approving start the notice",
         .summary_zh = "两委审议（村党组织、村民委员会各一次，均通过后进入公示）",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return OnEntry(c, [](Call& c, int64_t id, const json& body) -> Result<service::RollEntryView> {
             service::ReviewInput in;
             JsonIn j(body);
             j.Str("committee", &in.committee, true)
                 .Bool("approve", &in.approve, true)
                 .Str("opinion", &in.opinion)
                 .Str("met_on", &in.met_on, true)
                 .Int("version", &in.version, true);
             RETURN_IF_ERROR(j.Finish());
             return c.app().rolls.Review(c.ctx(), id, std::move(in));
           });
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/entries/{id}/objections",
         .tag = "rolls",
         .summary = "Raise an objection during the notice (a resident of the community, or staff)",
         .summary_zh = "公示期内提出异议",
         .any_user = true,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string reason;
           JsonIn j(*body);
           j.Str("reason", &reason, true);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           auto res = c.app().rolls.Object(c.ctx(), *id, reason);
           if (!res.ok()) return Error(c, res.status());
           return Json(EntryJson(*res), 201);
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/objections/{id}/decide",
         .tag = "rolls",
         .summary = "Decide an objection: upheld withdraws the entry",
         .summary_zh = "处理异议（成立则撤销该条目）",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return OnEntry(c, [](Call& c, int64_t id, const json& body) -> Result<service::RollEntryView> {
             bool uphold = false;
             std::string note;
             JsonIn j(body);
             j.Bool("uphold", &uphold, true).Str("note", &note, true);
             RETURN_IF_ERROR(j.Finish());
             return c.app().rolls.DecideObjection(c.ctx(), id, uphold, note);
           });
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/entries/{id}/remove",
         .tag = "rolls",
         .summary = "Lift a black listing in force early after rectification (version as read)",
         .summary_zh = "整改到位，提前移出黑榜",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return OnEntry(c, [](Call& c, int64_t id, const json& body) -> Result<service::RollEntryView> {
             std::string reason;
             int64_t version = 0;
             JsonIn j(body);
             j.Str("reason", &reason, true).Int("version", &version, true);
             RETURN_IF_ERROR(j.Finish());
             return c.app().rolls.Remove(c.ctx(), id, reason, version);
           });
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/entries/{id}/appeal",
         .tag = "rolls",
         .summary = "Appeal a black listing within 30 days (the person, or the community for them); once",
         .summary_zh = "对黑榜提出申诉（上榜 30 日内）",
         .any_user = true,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return OnEntry(c, [](Call& c, int64_t id, const json& body) -> Result<service::RollEntryView> {
             std::string reason;
             JsonIn j(body);
             j.Str("reason", &reason, true);
             RETURN_IF_ERROR(j.Finish());
             return c.app().rolls.Appeal(c.ctx(), id, reason);
           });
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/entries/{id}/appeal/decide",
         .tag = "rolls",
         .summary = "Decide an appeal: upheld revokes the listing (version as read)",
         .summary_zh = "处理申诉（成立则撤销上榜）",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           return OnEntry(c, [](Call& c, int64_t id, const json& body) -> Result<service::RollEntryView> {
             bool uphold = false;
             std::string note;
             int64_t version = 0;
             JsonIn j(body);
             j.Bool("uphold", &uphold, true).Str("note", &note, true).Int("version", &version, true);
             RETURN_IF_ERROR(j.Finish());
             return c.app().rolls.DecideAppeal(c.ctx(), id, uphold, note, version);
           });
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/mine",
         .tag = "rolls",
         .summary = "The caller's own entries once noticed (their person record)",
         .summary_zh = "我的红黑榜记录",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().rolls.Mine(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(EntryJson(v));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/objections/mine",
         .tag = "rolls",
         .summary =
             "The objections the caller raised, with what was decided and the entry as the board shows it",
         .summary_zh = "我提出的异议及处理结果",
         .any_user = true,
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().rolls.MyObjections(c.ctx());
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& m : *res) {
             const auto& o = m.objection;
             items.push_back({{"id", o.id},
                              {"entry_id", o.entry_id},
                              {"reason", o.reason},
                              {"status", o.status},
                              {"note", o.note},
                              {"raised_at", TimeJson(o.raised_at)},
                              {"decided_at", TimeJson(o.decided_at)},
                              {"entry", EntryJson(m.entry, true)}});
           }
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "POST",
         .pattern = "/api/v1/rolls/publications",
         .tag = "rolls",
         .summary =
             "Publish the month's list: the entries whose notice is over with no objection open (or exactly "
             "entry_ids, each of which must be); once a month",
         .summary_zh = "发布本月红黑榜（仅公示期满且无未决异议的条目）",
         .any_of = manage,
         .request_body = "json",
         .handler = [](Call& c) -> HttpResponse {
           auto body = c.JsonBody();
           if (!body.ok()) return Error(c, body.status());
           std::string community, period;
           std::vector<int64_t> list;
           const json* none = nullptr;
           const bool listed = body->contains("entry_ids") && !(*body)["entry_ids"].is_null();
           JsonIn j(*body);
           j.Str("community", &community).Str("period", &period, true);
           if (listed)
             j.IntList("entry_ids", &list, 200);
           else
             j.Raw("entry_ids", &none);
           if (Status st = j.Finish(); !st.ok()) return Error(c, st);
           std::optional<std::vector<int64_t>> entry_ids;
           if (listed) entry_ids = std::move(list);
           auto res = c.app().rolls.Publish(c.ctx(), community, period, entry_ids);
           if (!res.ok()) return Error(c, res.status());
           return Json(PublicationJson(*res, true), 201);
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/publications",
         .tag = "rolls",
         .summary = "A community's monthly publications, newest first",
         .summary_zh = "红黑榜发布记录",
         .any_of = staff,
         .query = {{"community", "string", "12-digit village code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().rolls.Publications(c.ctx(), c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& v : *res) items.push_back(PublicationJson(v, false));
           return Json(json{{"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/publications/{id}",
         .tag = "rolls",
         .summary = "A publication with its entries (the 红黑榜 as posted)",
         .summary_zh = "红黑榜（某月发布）",
         .any_of = staff,
         .handler = [](Call& c) -> HttpResponse {
           auto id = c.PathId();
           if (!id.ok()) return Error(c, id.status());
           auto res = c.app().rolls.Publication(c.ctx(), *id);
           if (!res.ok()) return Error(c, res.status());
           return Json(PublicationJson(*res, true));
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/rolls/stars",
         .tag = "rolls",
         .summary =
             "星级文明户: each household's stars (distinct red items listed in 12 months), suspended while "
             "a member's black listing is in force",
         .summary_zh = "星级文明户",
         .any_of = staff,
         .query = {{"community", "string", "12-digit village code (default: the caller's)"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().rolls.Stars(c.ctx(), c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json items = json::array();
           for (const auto& s : res->items)
             items.push_back({{"household_id", s.household_id},
                              {"label", s.label},
                              {"grid_name", s.grid_name},
                              {"stars", s.items.size()},
                              {"items", s.items},
                              {"suspended", s.suspended},
                              {"star_household", s.star_household},
                              {"awarded_points", s.awarded_points}});
           return Json(json{{"community", res->community},
                            {"community_name", res->community_name},
                            {"threshold", res->threshold},
                            {"of", res->of},
                            {"items", std::move(items)}});
         }});
  r.Add({.method = "GET",
         .pattern = "/api/v1/public/rolls",
         .tag = "rolls",
         .summary =
             "The public 红黑榜 of a community: notices open now and the latest publication, names masked",
         .summary_zh = "红黑榜公示与发布（公开，姓名已隐藏）",
         .auth = false,
         .query = {{"community", "string", "12-digit village code"}},
         .handler = [](Call& c) -> HttpResponse {
           auto res = c.app().rolls.Board(c.Query("community"));
           if (!res.ok()) return Error(c, res.status());
           json notices = json::array();
           for (const auto& v : res->notices) notices.push_back(EntryJson(v, true));
           json pub = nullptr;
           if (res->publication) {
             json entries = json::array();
             for (const auto& v : res->publication->entries) entries.push_back(EntryJson(v, true));
             pub = {{"period", ledger::FormatPeriod(res->publication->publication.period)},
                    {"published_at", TimeJson(res->publication->publication.published_at)},
                    {"entries", std::move(entries)}};
           }
           return Json(json{{"community", res->community},
                            {"community_name", res->community_name},
                            {"notices", std::move(notices)},
                            {"publication", std::move(pub)}});
         }});
}

}  // namespace wangge::http
