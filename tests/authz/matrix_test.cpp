// The authorization matrix (issue 5), generated from the server's own route table: the test reads the served
// OpenAPI document, where every operation declares who may call it (x-wangge-access, x-wangge-permissions,
// x-wangge-roles — the same declaration the Router enforces), and asks every operation as every demo account
// and without a session, once for a record (or target, or list scope) inside the caller's jurisdiction and
// once for one in another township. A route added to the table is in the document, so it is in the matrix; a
// route with no entry in Samples() below fails the test by name, so new routes must bring their sample
// request.
//
// The expected answer of one request is computed, not listed. Without a session: 401 from every route that
// needs one (public routes answer). A role holding none of the declared permissions (or not among
// x-wangge-roles): 403 problem+json. A record or target outside the caller's jurisdiction: 403 or 404
// problem+json (a few samples name another refusal, e.g. the import's per-row 422). Inside: the gate let it
// through, a 2xx or a validation 4xx, never 401/403/404. An order-engine action inside follows the order's
// own `actions` for the caller: listed, it must not be refused; not listed, it must be 403 or 409. "Inside"
// is derived from the fixture's place code and the caller's scope (core codes are prefixes), orders from
// OrderVisibility. Every refused write is checked to have changed nothing: no audit row by anyone but the
// scheduler, and a GET of the record (as the admin, or the owner) byte-identical before and after. Allowed
// list answers are checked to hold nothing outside the caller's jurisdiction.
//
// Other tests here: every route needing a session answers 401 to no token, forged tokens, a logged-out
// session, a disabled user's session and an expired one (a second server with WANGGE_SESSION_TTL=2); and id
// guessing: sequential ids of another township's people, households, buildings, organisations and orders are
// 404, with the same body as an id that does not exist. WANGGE_AUTHZ_LONG=1 walks more ids;
// WANGGE_AUTHZ_VERBOSE=1 lists every allowed answer that was not a 2xx.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <optional>
#include <random>

#include "../e2e/server_fixture.hpp"
#include "core/roles.hpp"

namespace wangge::e2e {
namespace {

[[maybe_unused]] ::testing::Environment* const kEnvironment = ::testing::AddGlobalTestEnvironment(new E2E);

bool Within(const std::string& code, const std::string& scope) { return code.rfind(scope, 0) == 0; }

bool EnvFlag(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' && std::string(v) != "0";
}

std::string Str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
int64_t Int(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_number_integer() ? j[key].get<int64_t>() : 0;
}

// Replaces {name} segments of a route pattern.
std::string Fill(std::string pattern, const std::map<std::string, std::string>& params) {
  for (const auto& [k, v] : params) {
    const std::string key = "{" + k + "}";
    size_t pos = pattern.find(key);
    if (pos != std::string::npos) pattern.replace(pos, key.size(), v);
  }
  return pattern;
}

// A minimal PNG whose bytes differ per `n` (the signature is what the server sniffs; blobs are
// content-addressed).
std::string Png(int n) {
  std::string s("\x89PNG\r\n\x1a\n", 8);
  s += std::string("\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0", 21);
  s += "authz-matrix-" + std::to_string(n) + "-" + std::to_string(::getpid());
  return s;
}

std::string ChinaToday();  // YYYY-MM-DD in China time (below)

// ------------------------------------------------------------------------------------------------ callers

struct Caller {
  std::string user;  // a demo account; "" = no session
  std::string password, token;
  bool must_change = false;  // an account still on its initial password
  std::string role, scope;
  int64_t id = 0;
  std::optional<int64_t> dept;
  std::set<std::string> perms;
  bool anonymous() const { return user.empty(); }
  OrderVisibility vis() const { return OrderVisibilityOf(RoleFromName(role).value_or(Role::kResident)); }
  std::string name() const {
    return anonymous() ? "(no session)" : user + "/" + role + (must_change ? " (initial password)" : "");
  }
};

// A demo account as GET /api/v1/me describes it (role, scope, department, permissions), with its session.
Caller LoadCaller(const std::string& user) {
  Caller c;
  Response me = Env().As(user, "GET", "/api/v1/me");
  c.user = user;
  c.password = Env().account(user).password;
  c.token = Env().Token(user);
  c.role = Str(me.Json(), "role");
  c.scope = Str(me.Json(), "scope");
  c.id = Int(me.Json(), "user_id");
  if (me.Json()["department_id"].is_number_integer()) c.dept = me.Json()["department_id"].get<int64_t>();
  for (const json& p : me.Json()["permissions"]) c.perms.insert(p.get<std::string>());
  return c;
}

// Whether `c` may see the order `o` (as the admin's detail view shows it), from OrderVisibility — derived
// here independently of the server's CanSee.
// Whether the order was given to the caller: a handler of its assignee department or of a called-in one, or
// the handler role of its assignee place (grid worker of the grid, secretary of the village, township
// official).
bool GivenTo(const Caller& c, const json& o) {
  if (c.role == "department_handler" && c.dept) {
    if (Int(o, "assignee_dept") == *c.dept) return true;
    for (const json& ci : o.value("callins", json::array()))
      if (Int(ci, "dept_id") == *c.dept) return true;
    return false;
  }
  const std::string place = Str(o, "assignee_place");
  static const std::map<size_t, std::string> kHandler = {
      {15, "grid_worker"}, {12, "community_secretary"}, {9, "township_official"}};
  auto h = kHandler.find(place.size());
  return !place.empty() && place == c.scope && h != kHandler.end() && h->second == c.role;
}

bool SeesOrder(const Caller& c, const json& o) {
  if (c.anonymous() || !c.perms.count("order.read") || !o.is_object()) return false;
  if (Int(o, "reporter_user_id") == c.id) return true;
  // Class 10 特殊人群: the roles that may see sensitive groups, and those the order is given to; nobody else.
  if (Str(o, "category").rfind("10", 0) == 0 && !c.perms.count("sensitive.read")) return GivenTo(c, o);
  switch (c.vis()) {
    case OrderVisibility::kScope:
      return Within(Str(o, "place_code"), c.scope);
    case OrderVisibility::kDepartment:
      if (!c.dept) return false;
      if (Int(o, "assignee_dept") == *c.dept) return true;
      for (const json& ci : o.value("callins", json::array()))
        if (Int(ci, "dept_id") == *c.dept) return true;
      return false;
    case OrderVisibility::kOwn:
      return false;
  }
  return false;
}

// ------------------------------------------------------------------------------------------------ fixtures

// A place with one record of every kind, created by the admin at test start. Zone A lies in the township of
// the `township` account (its records at the unit leader's household unit when that lies in the grid worker's
// grid, so every A-side account has them in scope); zone B in the other township (at gridworker2's grid when
// it lies there).
struct Rec {
  int64_t id = 0;
  std::string place;  // where it lies: what "inside" is decided by
};

struct Zone {
  std::string name, township, village, grid, place;  // place: the deepest code, where records are created
  std::string unit_fixture;                          // a household unit of the test's own (PATCH /places)
  std::map<std::string, Rec> recs;                   // "building", "household", "person", "org", "party_org",
                                                     // "user", "admin_user", "department", "webhook"
  double lon = 0, lat = 0;                           // a point inside `grid`
  int unit_seq = 500;                                // NextUnit
};

struct FixOrder {
  int64_t id = 0;
  std::string zone;
  std::string sha;       // its attachment
  int64_t uploader = 0;  // who uploaded the attachment
};

// One request of the matrix.
struct Req {
  std::string side = "-";  // "inside", "outside", or "-" (the route has no jurisdiction dimension)
  std::string target;      // path and query
  std::string body;
  std::string content_type = "application/json";
  std::string token;     // a session of its own (logout); empty: the caller's
  bool in_scope = true;  // the record / target lies in the caller's jurisdiction (derived, never assumed)
  std::set<int> refusals = {403, 404};  // what counts as refusing it outside the jurisdiction
  std::string refusal_why = "outside the caller's jurisdiction";
  std::string probe;  // GET as probe_user before and after a refused write; must be byte-identical
  std::string probe_user = "admin";
  std::string action;  // an order-engine action: the answer must follow the order's `actions`
  int64_t order_id = 0;
  // The one audit row a refused write must leave (a security event: a wrong current password), by the
  // caller about itself; empty: a refused write leaves none.
  std::string audited_refusal;
  // An allowed answer's extra check (lists: nothing outside the jurisdiction); returns "" when fine.
  std::function<std::string(const Caller&, const Response&)> check;
};

class World;
using Sample = std::function<std::vector<Req>(World&, const Caller&)>;

class World {
 public:
  std::map<std::string, Caller> callers;  // by account
  Zone a, b;
  std::vector<FixOrder> orders;
  std::map<int64_t, json> order_view;                      // fixture order id -> the admin's detail view
  std::map<std::string, std::set<std::string>> rule_from;  // action -> states it fires from
  std::map<std::string, std::vector<int64_t>> inbox;       // account -> its notification ids
  int64_t gongan = 0;                                      // the police account's department
  std::string api_key, open311_token, tracking_no, track_code, login_user, login_password;
  Rec roll_own;  // a 红黑榜 entry naming the resident's own person
  // 减负: the demo account of a department (department_handler), which files the zones' inspections; the
  // county of both zones; its current 准入清单 (published by the demo) and an active item of it, as read.
  std::string dept_user;
  int64_t inspection_dept = 0;  // the department that filed the zones' inspections
  std::string county;
  Rec duty_list, duty_item;
  int64_t duty_list_version = 0, duty_list_row_version = 0, duty_item_version = 0;
  int counter = 0;
  std::vector<std::string> setup_errors;

  std::string Fresh() { return std::to_string(::getpid() % 10000) + "x" + std::to_string(++counter); }
  // A household unit code of the zone's grid that no one has used (the demo numbers its units from 001).
  std::string NextUnit(Zone& z) { return z.grid + std::to_string(++z.unit_seq); }

  Response Admin(const std::string& method, const std::string& target, const json& body = nullptr) {
    return Env().As("admin", method, target, body);
  }
  json Must(const std::string& what, const Response& r) {
    if (r.status < 200 || r.status >= 300) setup_errors.push_back(what + ": " + r.Brief());
    return r.Json();
  }

  // The zone a caller's "inside" requests use: the first whose records lie in the caller's scope.
  Zone& Inside(const Caller& c) { return Within(a.place, c.scope) || !Within(b.place, c.scope) ? a : b; }
  Zone& Outside(const Caller& c) { return &Inside(c) == &a ? b : a; }
  // The caller's own scope for list requests (the admin's is everything: township A).
  std::string Home(const Caller& c) { return c.scope.empty() ? a.township : c.scope; }

  const json& View(int64_t order_id) {
    auto it = order_view.find(order_id);
    if (it != order_view.end()) return it->second;
    return order_view[order_id] = Admin("GET", "/api/v1/orders/" + std::to_string(order_id)).Json();
  }

  void Setup();

 private:
  Zone MakeZone(const std::string& name, const std::string& township, const std::string& grid,
                const std::string& unit);
  int64_t Report(const std::string& user, const Zone& z, const std::string& title);
  void Act(const std::string& user, int64_t id, const std::string& action, const json& body);
};

Zone World::MakeZone(const std::string& name, const std::string& township, const std::string& grid,
                     const std::string& unit) {
  Zone z;
  z.name = name;
  z.township = township;
  z.grid = grid;
  z.village = grid.substr(0, 12);
  z.place = unit.empty() ? grid : unit;
  std::string tag = name + Fresh();  // also in user names and department codes: lower case
  std::transform(tag.begin(), tag.end(), tag.begin(), ::tolower);
  // The grid's boundary gives a point inside it (the mean of a convex ring's vertices).
  json g = Admin("GET", "/api/v1/places/" + grid).Json();
  if (g["boundary"].is_object() && g["boundary"]["coordinates"].is_array()) {
    const json& ring = g["boundary"]["type"] == "MultiPolygon" ? g["boundary"]["coordinates"][0][0]
                                                               : g["boundary"]["coordinates"][0];
    size_t n = ring.size() > 1 ? ring.size() - 1 : ring.size();
    for (size_t i = 0; i < n; ++i) {
      z.lon += ring[i][0].get<double>() / static_cast<double>(n);
      z.lat += ring[i][1].get<double>() / static_cast<double>(n);
    }
  } else {
    setup_errors.push_back("grid " + grid + " has no boundary");
  }
  z.unit_fixture = NextUnit(z);
  Must("unit " + z.unit_fixture,
       Admin("POST", "/api/v1/places", json{{"code", z.unit_fixture}, {"name", "矩阵联户" + tag}}));
  auto rec = [&](const std::string& kind, const std::string& base, const json& body,
                 const std::string& place) {
    json j = Must(kind + " in zone " + name, Admin("POST", base, body));
    z.recs[kind] = Rec{Int(j, "id"), place};
  };
  rec("building", "/api/v1/buildings",
      {{"place_code", z.place}, {"name", "矩阵楼" + tag}, {"address", "矩阵路1号"}, {"floors", 6}}, z.place);
  rec("household", "/api/v1/households",
      {{"place_code", z.place}, {"address", "矩阵路2号"}, {"household_no", "MX" + tag}}, z.place);
  rec("person", "/api/v1/people",
      {{"place_code", z.place}, {"name", "矩阵人"}, {"citizen_id", FreshCitizenId(1937)}}, z.place);
  rec("org", "/api/v1/organizations",
      {{"place_code", z.grid},
       {"name", "矩阵科技有限公司" + tag},
       {"kind", "enterprise"},
       {"employees", 10},
       {"party_members", 1}},
      z.grid);
  rec("party_org", "/api/v1/party-orgs",
      {{"place_code", z.grid}, {"name", "矩阵网格党支部" + tag}, {"kind", "grid_branch"}}, z.grid);
  rec("user", "/api/v1/users",
      {{"username", "mx_user_" + tag},
       {"role", "resident"},
       {"place_code", z.place},
       {"display_name", "矩阵用户"},
       {"password", "Matrix12345pw"}},
      z.place);
  // A system administrator scoped to this township: in a county command centre's scope, but of a role it may
  // not grant, so it may not manage that account either.
  rec("admin_user", "/api/v1/users",
      {{"username", "mx_admin_" + tag},
       {"role", "system_admin"},
       {"place_code", township},
       {"display_name", "矩阵管理员"},
       {"password", "Matrix12345pw"}},
      township);
  rec("department", "/api/v1/departments",
      {{"code", "mx_" + tag}, {"name", "矩阵部门" + tag}, {"place_code", township}}, township);
  rec("webhook", "/api/v1/webhooks", {{"url", "http://127.0.0.1:9/matrix"}, {"scope", township}}, township);
  rec("dispute", "/api/v1/disputes",
      {{"category", "0802"},
       {"place_code", z.grid},
       {"description", "矩阵纠纷" + tag},
       {"parties", json::array({json{{"role", "applicant"}, {"name", "矩阵甲"}, {"phone", "13700000001"}},
                                json{{"role", "respondent"}, {"name", "矩阵乙"}}})}},
      z.grid);
  rec("petition", "/api/v1/petitions",
      {{"category", "1301"},
       {"channel", "letter"},
       {"place_code", z.grid},
       {"description", "矩阵信访" + tag},
       {"petitioners", json::array({json{{"name", "矩阵丙"}, {"phone", "13700000002"}}})}},
      z.grid);
  // 积分: points awarded to the zone's person, an item of its village's shop, and a redemption of it.
  {
    json award = Must("award in zone " + name,
                      Admin("POST", "/api/v1/ledger/awards",
                            json{{"person_id", z.recs["person"].id}, {"rule", "civilized_family"}}));
    z.recs["ledger_entry"] = Rec{Int(award["entry"], "id"), z.village};
    for (const json& m : award["entry"]["movements"])
      if (m["amount"].is_number() && m["amount"].get<double>() > 0)
        z.recs["ledger_account"] =
            Rec{Int(m, "account_id"), z.place};  // reached by who has the person in scope
    json item = Must(
        "shop item in zone " + name,
        Admin("POST", "/api/v1/shop/items",
              json{{"place_code", z.village}, {"name", "矩阵毛巾" + tag}, {"points", 1}, {"stock", 1000}}));
    z.recs["shop_item"] = Rec{Int(item, "id"), z.village};
    json redemption = Must("redemption in zone " + name, Admin("POST", "/api/v1/shop/redemptions",
                                                               json{{"item_id", Int(item, "id")},
                                                                    {"person_id", z.recs["person"].id},
                                                                    {"idempotency_key", "mx" + tag}}));
    z.recs["redemption"] = Rec{Int(redemption, "id"), z.village};
  }
  // 志愿服务: an activity of the zone's village, open now (check-in from an hour before the start).
  {
    const std::time_t now = std::time(nullptr) + 8 * 3600;
    char start[32], end[32];
    std::tm tm{};
    std::time_t t0 = now - 1800, t1 = now + 4 * 3600;
    gmtime_r(&t0, &tm);
    std::strftime(start, sizeof start, "%Y-%m-%dT%H:%M:%S", &tm);
    gmtime_r(&t1, &tm);
    std::strftime(end, sizeof end, "%Y-%m-%dT%H:%M:%S", &tm);
    json act = Must("activity in zone " + name, Admin("POST", "/api/v1/activities",
                                                      json{{"place_code", z.village},
                                                           {"title", "矩阵志愿活动"},
                                                           {"starts_at", start},
                                                           {"ends_at", end},
                                                           {"capacity", 1000}}));
    z.recs["activity"] = Rec{Int(act, "id"), z.village};
  }
  // 红色代办: a member of the zone's household, and an errand of that household the community registered for
  // them (nobody runs it: no caller may record its documents).
  {
    json member =
        Must("household member in zone " + name, Admin("POST", "/api/v1/people",
                                                       json{{"place_code", z.place},
                                                            {"household_id", z.recs["household"].id},
                                                            {"name", "矩阵户主"},
                                                            {"citizen_id", FreshCitizenId(1950)}}));
    z.recs["member"] = Rec{Int(member, "id"), z.place};
    Response made = Env().As("county", "POST", "/api/v1/errands",
                             json{{"household_id", z.recs["household"].id},
                                  {"authoriser_person_id", Int(member, "id")},
                                  {"authorisation", "in_person"},
                                  {"category", "1601"},
                                  {"description", "矩阵代办医保"}});
    if (made.status != 201) setup_errors.push_back("errand in zone " + name + ": " + made.Brief());
    z.recs["errand"] = Rec{made.status == 201 ? Int(made.Json(), "id") : 0, Str(made.Json(), "place_code")};
  }
  // 双报到: a unit and a post of the zone's village, a party member of the zone registered there by the
  // admin, and a log waiting for the community's decision (the demo leaves some in every village).
  {
    json unit = Must("dual unit in zone " + name,
                     Admin("POST", "/api/v1/dual/units",
                           json{{"community", z.village}, {"name", "矩阵单位" + tag}, {"kind", "organ"}}));
    z.recs["dual_unit"] = Rec{Int(unit, "id"), z.village};
    json post = Must("dual post in zone " + name,
                     Admin("POST", "/api/v1/dual/posts",
                           json{{"community", z.village}, {"title", "矩阵岗位"}, {"slots", 2}}));
    z.recs["dual_post"] = Rec{Int(post, "id"), z.village};
    json party = Must("party member in zone " + name, Admin("POST", "/api/v1/people",
                                                            json{{"place_code", z.grid},
                                                                 {"name", "矩阵党员"},
                                                                 {"political_status", "中共党员"},
                                                                 {"citizen_id", FreshCitizenId(1980)}}));
    json member = Must("dual member in zone " + name,
                       Admin("POST", "/api/v1/dual/members",
                             json{{"person_id", Int(party, "id")}, {"employer_name", "矩阵单位" + tag}}));
    z.recs["dual_member"] = Rec{Int(member, "id"), z.village};
    json logs = Must("dual logs in zone " + name,
                     Admin("GET", "/api/v1/dual/logs?status=pending&community=" + z.village));
    if (!logs["items"].is_array() || logs["items"].empty())
      setup_errors.push_back("no pending 双报到 log in the demo's village " + z.village);
    else
      z.recs["dual_log"] = Rec{Int(logs["items"][0], "id"), z.village};
  }
  // 红黑榜: a criterion of the zone's village added and retired again (no edit or retirement may change it,
  // no nomination may cite it), a red nomination of the zone's person waiting for the two committees, one of
  // the household member both approved (in its notice now), an objection to that one already dismissed, and
  // the village's latest publication (the demo publishes a year of them).
  {
    json crit = Must("roll criterion in zone " + name, Admin("POST", "/api/v1/rolls/criteria",
                                                             json{{"community", z.village},
                                                                  {"side", "red"},
                                                                  {"title", "矩阵标准" + tag},
                                                                  {"article", "第一条"}}));
    z.recs["roll_criterion"] = Rec{Int(crit, "id"), z.village};
    Must("retire roll criterion in zone " + name,
         Admin("POST", "/api/v1/rolls/criteria/" + std::to_string(Int(crit, "id")) + "/retire"));
    int64_t red = 0;  // an active red criterion of the village (the demo adopts the county's template)
    const Response crits = Admin("GET", "/api/v1/rolls/criteria?community=" + z.village);
    for (const json& c : crits.Json()["items"])
      if (!red && Str(c, "side") == "red" && Str(c, "status") == "active") red = Int(c, "id");
    if (!red) setup_errors.push_back("no active red criterion in the demo's village " + z.village);
    auto nominate = [&](const std::string& kind, const std::string& what) {
      return Must(what + " in zone " + name,
                  Admin("POST", "/api/v1/rolls/entries",
                        json{{"person_id", z.recs[kind].id},
                             {"side", "red"},
                             {"period", ChinaToday().substr(0, 7)},
                             {"criteria", json::array({red})},
                             {"evidence", "矩阵测试：热心公益，多次义务打扫村道"}}));
    };
    json nominated = nominate("person", "roll nomination");
    z.recs["roll_nominated"] = Rec{Int(nominated, "id"), Str(nominated, "place_code")};
    json notice = nominate("member", "roll nomination for the notice");
    const std::string notice_id = std::to_string(Int(notice, "id"));
    for (const char* committee : {"party", "village"})
      notice = Must(std::string("roll review (") + committee + ") in zone " + name,
                    Admin("POST", "/api/v1/rolls/entries/" + notice_id + "/review",
                          json{{"committee", committee},
                               {"approve", true},
                               {"opinion", "同意"},
                               {"met_on", ChinaToday()},
                               {"version", Int(notice, "version")}}));
    if (Str(notice, "status") != "notice")
      setup_errors.push_back("roll entry " + notice_id + " not in notice");
    z.recs["roll_notice"] = Rec{Int(notice, "id"), Str(notice, "place_code")};
    json objected = Must("roll objection in zone " + name,
                         Admin("POST", "/api/v1/rolls/entries/" + notice_id + "/objections",
                               json{{"reason", "矩阵异议：所述情况不属实"}}));
    int64_t objection = 0;
    for (const json& o : objected.value("objections", json::array()))
      if (Str(o, "status") == "open") objection = Int(o, "id");
    Must("roll objection decided in zone " + name,
         Admin("POST", "/api/v1/rolls/objections/" + std::to_string(objection) + "/decide",
               json{{"uphold", false}, {"note", "经核实不成立"}}));
    z.recs["roll_objection"] = Rec{objection, Str(notice, "place_code")};
    json pubs = Must("roll publications in zone " + name,
                     Admin("GET", "/api/v1/rolls/publications?community=" + z.village));
    if (!pubs["items"].is_array() || pubs["items"].empty())
      setup_errors.push_back("no 红黑榜 publication in the demo's village " + z.village);
    else
      z.recs["roll_publication"] = Rec{Int(pubs["items"][0], "id"), z.village};
  }
  // 减负: an inspection of the zone's village the department files a few days ahead (within the cap it is
  // "filed", beyond it "pending"; neither is decided, held or cancelled by any sample).
  {
    const std::time_t t = std::time(nullptr) + 8 * 3600 + 4 * 86400;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
    json filed =
        Must("inspection in zone " + name,
             Env().As(dept_user, "POST", "/api/v1/inspections",
                      json{{"community", z.village}, {"planned_on", day}, {"subject", "矩阵督导检查"}}));
    z.recs["inspection"] = Rec{Int(filed, "id"), Str(filed, "community")};
    inspection_dept = Int(filed, "dept_id");
  }
  return z;
}

int64_t World::Report(const std::string& user, const Zone& z, const std::string& title) {
  const int n = ++counter;
  Response up = Env().AsRaw(user, "POST", "/api/v1/attachments", Png(n), "image/png");
  json att = Must("upload as " + user, up);
  json body{{"category", "0101"},
            {"title", title},
            {"description", "矩阵测试：" + title},
            {"place_code", z.grid},
            {"reporter_phone", "13800000000"},
            {"attachments", json::array({Str(att, "id")})}};
  json o = Must("report as " + user, Env().As(user, "POST", "/api/v1/orders", body));
  if (track_code.empty() && o.is_object()) track_code = o.value("track_code", "");  // the reporter's 查询码
  FixOrder f{Int(o, "id"), z.name, Str(att, "id"), callers[user].id};
  orders.push_back(f);
  return f.id;
}

void World::Act(const std::string& user, int64_t id, const std::string& action, const json& body) {
  Must(user + " " + action + " order " + std::to_string(id),
       Env().As(user, "POST", "/api/v1/orders/" + std::to_string(id) + "/" + action, body));
}

void World::Setup() {
  for (const auto& [user, acc] : Env().accounts()) {
    callers[user] = LoadCaller(user);
    if (callers[user].role.empty()) setup_errors.push_back("GET /api/v1/me as " + user + " failed");
  }
  gongan = callers["police"].dept.value_or(0);
  for (const auto& [user, c] : callers)
    if (dept_user.empty() && c.role == "department_handler") dept_user = user;
  if (dept_user.empty()) setup_errors.push_back("no demo account of a department (department_handler)");
  const Response rules =
      Admin("GET", "/api/v1/order-rules");  // (a temporary's json dies before a range-for body)
  for (const json& r : rules.Json()["rules"])
    for (const json& s : r["from"]) rule_from[Str(r, "action")].insert(s.get<std::string>());

  // Zone A: the township account's township, the grid worker's grid, the unit leader's unit if it lies there.
  const std::string ta = Env().place("township"), tb = Env().place("township2");
  const std::string grid_a = Env().place("gridworker"), unit = Env().place("unitleader");
  a = MakeZone("A", ta, grid_a, Within(unit, grid_a) ? unit : "");
  // Zone B: gridworker2's grid when it lies in township B, else the first grid of B's first village.
  std::string grid_b = Env().place("gridworker2");
  if (!Within(grid_b, tb)) {
    json villages = Admin("GET", "/api/v1/places/" + tb + "/children?limit=1").Json();
    std::string v = villages["items"].empty() ? "" : Str(villages["items"][0], "code");
    json grids = Admin("GET", "/api/v1/places/" + v + "/children?limit=1").Json();
    grid_b = grids["items"].empty() ? "" : Str(grids["items"][0], "code");
  }
  b = MakeZone("B", tb, grid_b, "");

  // Orders in many states, each with a photo, so every engine action finds one it may fire on:
  // A: reported by the resident (reported, accepted, dispatched to the police's department, handling by it,
  //    handling by the grid with the police called in, handling with an extension pending, finished,
  //    verified); the unit leader's and the party member's own reports;
  // B: reported by township B's official (reported, accepted, handling by the police's department).
  const std::string res = "resident", twn = "township", t2 = "township2";
  Report(res, a, "待受理");
  Act(twn, Report(res, a, "待派单"), "accept", json::object());
  int64_t o = Report(res, a, "待接单");
  Act(twn, o, "accept", json::object());
  Act(twn, o, "dispatch", {{"target_dept", gongan}});
  o = Report(res, a, "部门处置中");
  Act(twn, o, "accept", json::object());
  Act(twn, o, "dispatch", {{"target_dept", gongan}});
  Act("police", o, "claim", json::object());
  o = Report(res, a, "网格处置中");
  Act(twn, o, "accept", json::object());
  Act(twn, o, "dispatch", {{"target_place", a.grid}});
  Act("gridworker", o, "claim", json::object());
  Act("gridworker", o, "whistle",
      {{"departments", json::array({gongan})}, {"reason", "需要公安协同"}});  // police: ack
  for (int i = 0; i < 4; ++i) {  // approve_extension takes one per command centre, refuse_extension one
    o = Report(res, a, "延期待批");
    Act(twn, o, "accept", json::object());
    Act(twn, o, "dispatch", {{"target_dept", gongan}});
    Act("police", o, "claim", json::object());
    Act("police", o, "request_extension", {{"days", 2}, {"reason", "需要协调"}});
  }
  // Finished ones: verify_fail (before verify_pass in the document) takes one for each party who may check.
  for (const char* last : {"finish", "finish", "finish", "finish", "finish", "verify_pass", "verify_pass"}) {
    o = Report(res, a, last == std::string("finish") ? "待核查" : "待评价");
    Act(twn, o, "accept", json::object());
    Act(twn, o, "dispatch", {{"target_dept", gongan}});
    Act("police", o, "claim", json::object());
    Act("police", o, "finish", {{"note", "已处理"}});
    if (last == std::string("verify_pass")) Act(twn, o, "verify_pass", json::object());
  }
  Report("unitleader", a, "联户长上报");
  Report("partymember", a, "党员上报");
  Report(t2, b, "乙镇待受理");
  Act(t2, Report(t2, b, "乙镇待派单"), "accept", json::object());
  o = Report(t2, b, "乙镇部门处置中");
  Act(t2, o, "accept", json::object());
  Act(t2, o, "dispatch", {{"target_dept", gongan}});
  Act("police", o, "claim", json::object());

  // Notifications of every account (the demo history and the steps above made some).
  for (const auto& [user, c] : callers) {
    const Response mine = Env().As(user, "GET", "/api/v1/inbox?limit=5");
    for (const json& n : mine.Json()["items"]) inbox[user].push_back(Int(n, "id"));
  }

  // Open311: a key for the resident, one submission (its token), a public tracking number.
  json key = Must("api key", Admin("POST", "/api/v1/users/" + std::to_string(callers[res].id) + "/api-keys"));
  api_key = Str(key, "api_key");
  Response sub =
      Env().server().Call("POST", "/open311/v2/requests.json", "",
                          "api_key=" + UrlEncode(api_key) + "&service_code=0101&address_id=" + a.grid +
                              "&description=" + UrlEncode("矩阵 Open311 诉求"),
                          "application/x-www-form-urlencoded");
  json s = Must("open311 submission", sub);
  if (s.is_array() && !s.empty()) {
    open311_token = Str(s[0], "token");
    tracking_no = Str(s[0], "service_request_id");
  }
  // 红黑榜: an entry naming the resident's own person (the demo lists some of every village's people; else
  // the admin nominates them), which of the people only they may read or appeal.
  {
    const json u = Admin("GET", "/api/v1/users/" + std::to_string(callers[res].id)).Json();
    const int64_t person = Int(u, "person_id");
    const std::string home =
        Str(Admin("GET", "/api/v1/people/" + std::to_string(person)).Json(), "place_code").substr(0, 12);
    const Response entries = Admin("GET", "/api/v1/rolls/entries?community=" + home);
    for (const json& e : entries.Json()["items"])
      if (!roll_own.id && Int(e, "person_id") == person) roll_own = Rec{Int(e, "id"), Str(e, "place_code")};
    if (!roll_own.id) {
      int64_t red = 0;
      const Response crits = Admin("GET", "/api/v1/rolls/criteria?community=" + home);
      for (const json& c : crits.Json()["items"])
        if (!red && Str(c, "side") == "red" && Str(c, "status") == "active") red = Int(c, "id");
      json e = Must("roll nomination of the resident",
                    Admin("POST", "/api/v1/rolls/entries",
                          json{{"person_id", person},
                               {"side", "red"},
                               {"period", ChinaToday().substr(0, 7)},
                               {"criteria", json::array({red})},
                               {"evidence", "矩阵测试：热心公益，照顾邻居老人"}}));
      roll_own = Rec{Int(e, "id"), Str(e, "place_code")};
    }
    if (!person || !roll_own.id) setup_errors.push_back("no 红黑榜 entry naming the resident");
  }
  // 减负: the county's current 准入清单 and an active item of it.
  {
    county = a.township.substr(0, 6);
    const json list = Must("current admission list",
                           Admin("GET", "/api/v1/duty-lists/current?kind=admission&county=" + county));
    duty_list = Rec{Int(list, "id"), Str(list, "county")};
    duty_list_version = Int(list, "list_version");
    duty_list_row_version = Int(list, "version");
    for (const json& i : list.value("items", json::array()))
      if (!duty_item.id && Str(i, "status") == "active") {
        duty_item = Rec{Int(i, "id"), county};
        duty_item_version = Int(i, "version");
      }
    if (Str(list, "status") != "published" || !duty_item.id)
      setup_errors.push_back("no published 准入清单 with an active item in the demo's county " + county);
  }
  // An account for the public login route.
  login_user = "mx_login_" + Fresh();
  login_password = "Matrix12345pw";
  Must("login user", Admin("POST", "/api/v1/users",
                           {{"username", login_user},
                            {"role", "resident"},
                            {"place_code", a.place},
                            {"display_name", "矩阵登录"},
                            {"password", login_password}}));
}

// ------------------------------------------------------------------------------------------------ samples

using Check = std::function<std::string(const Caller&, const Response&)>;

// An allowed list holds nothing outside the caller's jurisdiction.
Check ItemsWithin(const std::string& field = "place_code") {
  return [field](const Caller& c, const Response& r) -> std::string {
    if (!r.Json()["items"].is_array()) return "no items array";
    for (const json& item : r.Json()["items"]) {
      if (!item.contains(field)) return "an item without " + field + ": " + item.dump().substr(0, 200);
      if (!Within(Str(item, field.c_str()), c.scope))
        return "an item outside the caller's scope " + c.scope + ": " + item.dump().substr(0, 200);
    }
    return "";
  };
}

// Two requests for the record of `kind`: the one of the caller's zone and the one of the other zone. `body`
// makes a write's body from the record (PATCH bodies carry the current version).
std::vector<Req> RecordPair(World& w, const Caller& c, const std::string& kind, const std::string& pattern,
                            const std::string& probe_pattern = "",
                            const std::function<json(World&, const Rec&)>& body = nullptr) {
  std::vector<Req> out;
  Zone* in = &w.Inside(c);
  for (Zone* z : {in, &w.Outside(c)}) {
    const Rec& r = z->recs[kind];
    Req q;
    q.side = z == in ? "inside" : "outside";
    q.target = Fill(pattern, {{"id", std::to_string(r.id)}});
    if (body) q.body = body(w, r).dump();
    q.in_scope = Within(r.place, c.scope);
    if (!probe_pattern.empty()) q.probe = Fill(probe_pattern, {{"id", std::to_string(r.id)}});
    out.push_back(std::move(q));
  }
  return out;
}

// The current version of a record, as the admin reads it.
int64_t VersionOf(World& w, const std::string& target) {
  return Int(w.Admin("GET", target).Json(), "version");
}

// A write that would carry the caller's own record into the other township: a move destination outside the
// jurisdiction is 403 and changes nothing. Only for callers whose scope holds the record but not the
// destination.
std::vector<Req> WithMoveOut(World& w, const Caller& c, std::vector<Req> v, const std::string& kind,
                             const std::string& base, const std::string& field,
                             const std::function<std::string(const Zone&)>& dest, bool versioned) {
  const Rec& r = w.Inside(c).recs[kind];
  const std::string to = dest(w.Outside(c));
  if (c.anonymous() || Within(to, c.scope) || !Within(r.place, c.scope)) return v;
  Req q;
  q.side = "move-out";
  q.target = base + "/" + std::to_string(r.id);
  json body{{field, to}};
  if (versioned) body["version"] = VersionOf(w, q.target);
  q.body = body.dump();
  q.in_scope = false;
  q.refusals = {403};
  q.probe = kind == "department" ? "/api/v1/departments?limit=1000" : q.target;
  q.probe_user = kind == "department" ? "county" : "admin";
  v.push_back(q);
  return v;
}

// A user administrator manages only accounts of roles it may grant (core MayGrant): the system administrator
// scoped inside the caller's zone is refused to a county command centre although it lies in its scope.
std::vector<Req> WithGrantRule(World& w, const Caller& c, std::vector<Req> v, const std::string& suffix,
                               const json& body, bool only_if_refused = false) {
  const Rec& r = w.Inside(c).recs["admin_user"];
  const std::string target = "/api/v1/users/" + std::to_string(r.id);
  const auto role = RoleFromName(c.role);
  const auto held = RoleFromName(Str(w.Admin("GET", target).Json(), "role"));  // as it is now
  Req q;
  q.side = "grant";
  q.target = target + suffix;
  q.body = body.dump();
  q.in_scope = !c.anonymous() && Within(r.place, c.scope) && role && held && MayGrant(*role, *held);
  q.refusal_why = "outside the jurisdiction, or an account of a role the caller may not grant";
  q.probe = target;
  if (!(only_if_refused && q.in_scope)) v.push_back(q);
  return v;
}

// A list in the caller's own scope and one scoped to the other township.
std::vector<Req> ScopePair(World& w, const Caller& c, const std::string& base,
                           const std::string& param = "scope", Check check = ItemsWithin()) {
  std::vector<Req> out;
  const char sep = base.find('?') == std::string::npos ? '?' : '&';
  for (const std::string& scope : {w.Home(c), w.Outside(c).township}) {
    Req q;
    q.side = scope == w.Home(c) ? "inside" : "outside";
    q.target = base + sep + param + "=" + scope;
    q.in_scope = Within(scope, c.scope);
    q.check = check;
    out.push_back(std::move(q));
  }
  return out;
}

// A create in the caller's zone and one in the other zone; `probe` lists the zone's records as the admin.
std::vector<Req> CreatePair(World& w, const Caller& c, const std::function<json(World&, Zone&)>& body,
                            const std::function<std::string(const Zone&)>& place,
                            const std::function<std::string(const Zone&)>& probe) {
  std::vector<Req> out;
  Zone* in = &w.Inside(c);
  for (Zone* z : {in, &w.Outside(c)}) {
    Req q;
    q.side = z == in ? "inside" : "outside";
    q.body = body(w, *z).dump();
    q.in_scope = Within(place(*z), c.scope);
    q.probe = probe(*z);
    out.push_back(std::move(q));
  }
  return out;
}

std::vector<Req> One(Req q = Req()) { return {std::move(q)}; }
std::vector<Req> One(const std::string& target, const std::string& body = "") {
  Req q;
  q.target = target;
  q.body = body;
  return {std::move(q)};
}

// The body an engine action needs (valid for an order in a state the action fires from).
json ActionBody(World& w, const std::string& action, int64_t order_id) {
  const std::string zone_name = [&] {
    for (const FixOrder& f : w.orders)
      if (f.id == order_id) return f.zone;
    return std::string("A");
  }();
  const Zone& z = zone_name == "A" ? w.a : w.b;
  if (action == "dispatch") return {{"target_dept", w.gongan}};
  if (action == "merge") {
    for (const FixOrder& f : w.orders) {
      const json& t = w.View(f.id);
      if (f.id != order_id && f.zone == zone_name && Str(t, "state") != "closed" &&
          Str(t, "state") != "merged" && Str(t, "state") != "refused" && Str(t, "state") != "verified")
        return {{"merge_into", f.id}, {"reason", "重复反映"}};
    }
    return {{"merge_into", order_id + 1}, {"reason", "重复反映"}};
  }
  if (action == "whistle")
    return {{"departments", json::array({z.recs.at("department").id})}, {"reason", "需要协同"}};
  if (action == "request_extension") return {{"days", 2}, {"reason", "需要协调"}};
  if (action == "rate") return {{"rating", 1}};
  if (action == "supervise") return {{"strength", 1}, {"note", "请抓紧办理"}};
  if (action == "progress" || action == "finish") return {{"note", "已处理"}};
  if (action == "refuse" || action == "return" || action == "escalate" || action == "refuse_extension" ||
      action == "verify_fail")
    return {{"reason", "矩阵测试"}};
  return json::object();
}

// An engine action: inside, an order the caller sees — one whose `actions` for the caller list it when there
// is one (so the success path is exercised), else one in a state the action fires from, else any; outside,
// one the caller does not see (one in such a state first: its state must not leak as a 409).
std::vector<Req> OrderAction(World& w, const Caller& c, const std::string& action) {
  const std::set<std::string>& from = w.rule_from[action];
  int64_t in_fit = 0, in_any = 0, out_fit = 0, out_any = 0;
  bool in_listed = false;
  for (const FixOrder& f : w.orders) {
    const json& v = w.View(f.id);
    const bool fits = from.count(Str(v, "state")) > 0;
    const bool sees = SeesOrder(c, v);
    int64_t& any = sees ? in_any : out_any;
    int64_t& fit = sees ? in_fit : out_fit;
    if (!any) any = f.id;
    if (fits && sees && !in_listed) {
      Response mine = Env().server().Call("GET", "/api/v1/orders/" + std::to_string(f.id), c.token);
      for (const json& a : mine.Json()["actions"])
        if (a == action) in_listed = true;
      if (in_listed) fit = f.id;
    }
    if (fits && !fit) fit = f.id;
  }
  // Nothing hidden from the caller (admin, county, hotline): the other zone's orders, which they see as well.
  if (!out_any)
    for (const FixOrder& f : w.orders)
      if (f.zone == w.Outside(c).name) {
        if (!out_any) out_any = f.id;
        if (!out_fit && from.count(Str(w.View(f.id), "state"))) out_fit = f.id;
      }
  std::vector<Req> out;
  for (int64_t id : {in_fit ? in_fit : in_any, out_fit ? out_fit : out_any}) {
    if (id == 0) continue;
    Req q;
    q.side = out.empty() && (in_fit || in_any) ? "inside" : "outside";
    q.target = "/api/v1/orders/" + std::to_string(id) + "/" + action;
    q.body = ActionBody(w, action, id).dump();
    q.in_scope = SeesOrder(c, w.View(id));
    q.probe = "/api/v1/orders/" + std::to_string(id);
    q.action = action;
    q.order_id = id;
    out.push_back(std::move(q));
  }
  return out;
}

// Whether the caller sees dispute cases of its scope that were not given to it: the 综治 roles.
bool SeesDisputes(const Caller& c) {
  auto role = RoleFromName(c.role);
  return role && HasPermission(*role, Permission::kSensitiveRead);
}

// Petitions are seen in scope by the desk and the 综治 roles (petition.register); the fixture's petitions are
// given to no one.
// 积分: staff (points.award / points.manage) reach the records of communities in their scope; a person
// (points.redeem alone) only their own, and their own community's shop.
bool PointsStaff(const Caller& c) {
  return c.perms.count("points.award") > 0 || c.perms.count("points.manage") > 0;
}
std::vector<Req> StaffOnly(const Caller& c, std::vector<Req> v) {
  for (Req& q : v) q.in_scope = q.in_scope && PointsStaff(c);
  return v;
}
// The community of the caller's own person ("" when none), as GET /ledger/me says.
std::string OwnCommunity(const Caller& c) {
  static std::map<std::string, std::string> cache;
  auto it = cache.find(c.user);
  if (it != cache.end()) return it->second;
  std::string community;
  if (!c.anonymous()) {
    const json me = Env().As(c.user, "GET", "/api/v1/ledger/me").Json();
    if (me.contains("items") && me["items"].is_array() && !me["items"].empty())
      community = Str(me["items"][0], "place_code");
  }
  return cache[c.user] = community;
}
// The household of the caller's own person (0 when none): their account's person and that person's household,
// as the administrator reads them.
int64_t OwnHousehold(const Caller& c) {
  static std::map<std::string, int64_t> cache;
  auto it = cache.find(c.user);
  if (it != cache.end()) return it->second;
  int64_t household = 0;
  if (!c.anonymous()) {
    const json me = Env().server().Call("GET", "/api/v1/me", c.token).Json();
    const json u = Env().As("admin", "GET", "/api/v1/users/" + std::to_string(Int(me, "user_id"))).Json();
    if (u.contains("person_id") && u["person_id"].is_number_integer()) {
      const json p =
          Env().As("admin", "GET", "/api/v1/people/" + std::to_string(u["person_id"].get<int64_t>())).Json();
      if (p.contains("household_id") && p["household_id"].is_number_integer())
        household = p["household_id"].get<int64_t>();
    }
  }
  return cache[c.user] = household;
}
// A list answer of a person: nothing but their own community's.
Check OwnCommunityOnly() {
  return [](const Caller& c, const Response& r) -> std::string {
    if (!r.Json()["items"].is_array()) return "no items array";
    for (const json& item : r.Json()["items"])
      if (Str(item, "place_code") != OwnCommunity(c))
        return "an item of another community: " + item.dump().substr(0, 200);
    return "";
  };
}
// A list of accounts: within the caller's scope, or, for a scope below a community, in its community (the
// accounts of the people of a grid are the community's).
Check AccountsWithin() {
  return [](const Caller& c, const Response& r) -> std::string {
    if (!r.Json()["items"].is_array()) return "no items array";
    for (const json& item : r.Json()["items"]) {
      const std::string place = Str(item, "place_code");
      if (!Within(place, c.scope) && !(c.scope.size() > 12 && place == c.scope.substr(0, 12)))
        return "an account outside the caller's scope " + c.scope + ": " + item.dump().substr(0, 200);
    }
    return "";
  };
}

// Writes naming the zone's person (awards, hours).
std::vector<Req> PersonWrites(World& w, const Caller& c, const std::string& target, const json& extra) {
  std::vector<Req> out;
  Zone* in = &w.Inside(c);
  for (Zone* z : {in, &w.Outside(c)}) {
    const Rec& person = z->recs["person"];
    Req q;
    q.side = z == in ? "inside" : "outside";
    q.target = target;
    json body = extra;
    body["person_id"] = person.id;
    q.body = body.dump();
    q.in_scope = Within(person.place, c.scope);
    q.probe = "/api/v1/ledger/accounts/" + std::to_string(z->recs["ledger_account"].id);
    out.push_back(std::move(q));
  }
  return out;
}
// Requests on the zone's activity: staff reach those of their scope (for the zone's person, who must be in
// it too when the body names them), a person those of their own community (for themselves); `staff_only`
// routes are the organiser's.
// Staff organise the activities of the communities in their scope, a grid worker those of the grid's
// community.
bool Organises(const Caller& c, const std::string& village) {
  return Within(village, c.scope) || (c.scope.size() > 12 && c.scope.substr(0, 12) == village);
}
json AttendBody(const Caller& c, const Zone& z) {
  return PointsStaff(c) ? json{{"person_id", z.recs.at("person").id}} : json::object();
}
std::vector<Req> ActivityPair(World& w, const Caller& c, const std::string& pattern,
                              const std::function<json(const Caller&, const Zone&)>& body,
                              bool staff_only = false) {
  std::vector<Req> out;
  Zone* in = &w.Inside(c);
  for (Zone* z : {in, &w.Outside(c)}) {
    const Rec& r = z->recs["activity"];
    Req q;
    q.side = z == in ? "inside" : "outside";
    q.target = Fill(pattern, {{"id", std::to_string(r.id)}});
    if (body) q.body = body(c, *z).dump();
    const bool staff = PointsStaff(c) && Organises(c, z->village);
    const bool person_ok = !body || !PointsStaff(c) || Within(z->recs["person"].place, c.scope);
    q.in_scope = staff ? person_ok : (!staff_only && !PointsStaff(c) && z->village == OwnCommunity(c));
    if (!body) q.in_scope = staff || (!PointsStaff(c) && z->village == OwnCommunity(c));
    q.probe = body ? "/api/v1/activities/" + std::to_string(r.id) : "";
    out.push_back(std::move(q));
  }
  return out;
}

// A service order or wish made in the zone's grid (for a named resident when staff make it): in one's scope,
// or in the community one lives in.
std::vector<Req> CommunityOrderPair(World& w, const Caller& c, const std::string& target,
                                    const std::string& category) {
  std::vector<Req> out;
  Zone* in = &w.Inside(c);
  for (Zone* z : {in, &w.Outside(c)}) {
    Req q;
    q.side = z == in ? "inside" : "outside";
    q.target = target;
    q.body = json{{"category", category},
                  {"description", "矩阵：服务"},
                  {"place_code", z->grid},
                  {"reporter_name", "矩阵丁"}}
                 .dump();
    q.in_scope = Within(z->grid, c.scope) || (c.scope.size() > 12 && Within(c.scope, z->village));
    q.probe = target + "?limit=5&scope=" + z->grid;
    out.push_back(std::move(q));
  }
  return out;
}

// Requests naming the zone's village (a community's books).
std::vector<Req> VillagePair(World& w, const Caller& c, const std::function<Req(const Zone&)>& make) {
  std::vector<Req> out;
  Zone* in = &w.Inside(c);
  for (Zone* z : {in, &w.Outside(c)}) {
    Req q = make(*z);
    q.side = z == in ? "inside" : "outside";
    q.in_scope = Within(z->village, c.scope);
    out.push_back(std::move(q));
  }
  return out;
}

// 双报到: staff keep the records (service.manage); members (service.provide) act in the community of their
// own active registration, "" when they have none (no demo account is registered).
bool DualStaff(const Caller& c) {
  auto role = RoleFromName(c.role);
  return role && HasPermission(*role, Permission::kServiceManage);
}
std::string DualCommunity(const Caller& c) {
  static std::map<std::string, std::string> cache;
  if (c.anonymous()) return "";
  if (auto it = cache.find(c.user); it != cache.end()) return it->second;
  Response r = Env().server().Call("GET", "/api/v1/dual/members/mine", c.token);
  return cache[c.user] = r.status == 200 ? Str(r.Json(), "community") : "";
}
// A route a member uses in the community they are registered with: one request, refused (404) without one.
std::vector<Req> DualOwn(const Caller& c, const std::string& target, const std::string& body = "") {
  Req q;
  q.target = target;
  q.body = body;
  q.in_scope = !DualCommunity(c).empty();
  q.refusals = {404};
  q.refusal_why = "the caller is registered with no community (双报到)";
  return {std::move(q)};
}
std::string ChinaToday() {
  const std::time_t t = std::time(nullptr) + 8 * 3600;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// 红黑榜: staff (points.award / points.manage) work on the communities of their scope — a grid worker on its
// grid's community, whose entries it reads narrowed to the grid; points.manage keeps the criteria, reviews,
// publishes and decides. A person reads the criteria of the community they live in, objects to its notices,
// and reads and appeals the entries naming them.
bool RollManager(const Caller& c) { return c.perms.count("points.manage") > 0; }
// Staff reading an entry (or a publication) at `place`: in scope, or a grid worker of the place's community.
bool RollStaffSees(const Caller& c, const std::string& place) {
  return PointsStaff(c) && (Within(place, c.scope) || Within(c.scope, place));
}
// The caller's own person record (0 when none) and the community it lives in, as the administrator reads
// them.
struct RollPerson {
  int64_t id = 0;
  std::string community;
};
const RollPerson& RollPersonOf(const Caller& c) {
  static std::map<std::string, RollPerson> cache;
  if (auto it = cache.find(c.user); it != cache.end()) return it->second;
  RollPerson p;
  if (!c.anonymous()) {
    const json u = Env().As("admin", "GET", "/api/v1/users/" + std::to_string(c.id)).Json();
    p.id = Int(u, "person_id");
    if (p.id)
      p.community =
          Str(Env().As("admin", "GET", "/api/v1/people/" + std::to_string(p.id)).Json(), "place_code")
              .substr(0, 12);
  }
  return cache[c.user] = p;
}
// The person an entry names, as the administrator reads it.
int64_t RollEntryPerson(World& w, int64_t id) {
  static std::map<int64_t, int64_t> cache;
  if (auto it = cache.find(id); it != cache.end()) return it->second;
  return cache[id] = Int(w.Admin("GET", "/api/v1/rolls/entries/" + std::to_string(id)).Json(), "person_id");
}
// An allowed answer holds the named community's records only: the answer's `field`, and each item's, when
// they have one.
Check RollOf(const std::string& village, const std::string& field = "community") {
  return [village, field](const Caller&, const Response& r) -> std::string {
    const json j = r.Json();
    if (!j["items"].is_array()) return "no items array";
    if (j.contains(field) && Str(j, field.c_str()) != village)
      return "the answer is of " + Str(j, field.c_str());
    for (const json& item : j["items"])
      if (item.contains(field) && Str(item, field.c_str()) != village)
        return "an item of another community: " + item.dump().substr(0, 200);
    return "";
  };
}
// Requests naming the zone's village: allowed to its staff (a grid worker of it too) and, with `residents`,
// to the people living in it; another community is 403.
std::vector<Req> RollCommunityPair(World& w, const Caller& c, const std::function<Req(const Zone&)>& make,
                                   bool residents = false) {
  std::vector<Req> v = VillagePair(w, c, make);
  for (size_t i = 0; i < v.size(); ++i) {
    const Zone& z = i == 0 ? w.Inside(c) : w.Outside(c);
    v[i].in_scope =
        PointsStaff(c) ? Organises(c, z.village) : residents && RollPersonOf(c).community == z.village;
    v[i].refusals = {403};
    v[i].refusal_why = residents ? "a community outside the jurisdiction, or not the one the caller lives in"
                                 : "a community outside the caller's jurisdiction";
  }
  return v;
}
// Requests on the 红黑榜 entry `kind` of each zone (and, `own`, on the one naming the resident): `may` says
// whether the caller reaches the entry at `place` naming `person`; any other is 404 (RecordNotFound). The
// admin's view of the entry is the probe of a write.
std::vector<Req> RollEntryPair(World& w, const Caller& c, const std::string& kind, const std::string& pattern,
                               const json& body,
                               const std::function<bool(const std::string& place, int64_t person)>& may,
                               bool own = false) {
  std::vector<std::pair<std::string, Rec>> recs = {{"inside", w.Inside(c).recs[kind]},
                                                   {"outside", w.Outside(c).recs[kind]}};
  if (own) recs.emplace_back("own", w.roll_own);
  std::vector<Req> out;
  for (const auto& [side, r] : recs) {
    Req q;
    q.side = side;
    q.target = Fill(pattern, {{"id", std::to_string(r.id)}});
    if (!body.is_null()) q.body = body.dump();
    q.in_scope = !c.anonymous() && may(r.place, RollEntryPerson(w, r.id));
    q.refusals = {404};
    q.refusal_why = "an entry the caller may not reach (outside the jurisdiction, or not naming them)";
    if (!body.is_null()) q.probe = "/api/v1/rolls/entries/" + std::to_string(r.id);
    out.push_back(std::move(q));
  }
  return out;
}

bool SeesPetitions(const Caller& c) {
  auto role = RoleFromName(c.role);
  return role && HasPermission(*role, Permission::kPetitionRegister);
}

// The order list holds only orders the caller sees.
Check OrdersVisible(World& w) {
  return [&w](const Caller& c, const Response& r) -> std::string {
    for (const json& item : r.Json()["items"]) {
      json v = item;
      if (c.vis() == OrderVisibility::kDepartment)
        v = w.Admin("GET", "/api/v1/orders/" + std::to_string(Int(item, "id"))).Json();
      if (!SeesOrder(c, v)) return "an order the caller may not see: " + item.dump().substr(0, 200);
    }
    return "";
  };
}

// 减负: the county's lists (清单) and its inspection cap are read by everyone of the county (a scope within
// it, or above it) and kept by list.manage in scope. Both zones lie in one county, so these routes have no
// inside/outside dimension.
bool InCounty(const Caller& c, const std::string& county) {
  return Within(county, c.scope) || Within(c.scope, county);
}
// A read of the county's records, or, with a `probe`, a write to them (list.manage in scope: the county lies
// within the caller's scope).
Req CountyReq(const Caller& c, const std::string& county, const std::string& target,
              const std::string& probe = "", const json& body = nullptr) {
  Req q;
  q.target = target;
  if (!body.is_null()) q.body = body.dump();
  q.in_scope = probe.empty() ? InCounty(c, county) : Within(county, c.scope);
  q.refusal_why = "a county outside the caller's jurisdiction";
  q.probe = probe;
  return q;
}
// A list of tasks, refused tasks or inspections: nothing outside the caller's scope (each item's `field`),
// and to a department only its own rows (each item's dept_id, or its `nested` object's).
Check DutyRowsWithin(const std::string& field, const std::string& nested = "") {
  return [field, nested](const Caller& c, const Response& r) -> std::string {
    std::string msg = ItemsWithin(field)(c, r);
    if (!msg.empty() || c.role != "department_handler") return msg;
    for (const json& item : r.Json()["items"]) {
      const json row = nested.empty() ? item : item.value(nested, json::object());
      if (!c.dept || Int(row, "dept_id") != *c.dept)
        return "another department's row: " + item.dump().substr(0, 200);
    }
    return "";
  };
}
// The load of a scope within the caller's, and of communities within it.
Check LoadWithin() {
  return [](const Caller& c, const Response& r) -> std::string {
    const json j = r.Json();
    if (!Within(Str(j, "scope"), c.scope)) return "the load of " + Str(j, "scope");
    if (!j.contains("communities") || !j["communities"].is_array()) return "no communities array";
    for (const json& row : j["communities"])
      if (!Within(Str(row, "community"), c.scope))
        return "a community outside the caller's scope " + c.scope + ": " + row.dump().substr(0, 200);
    return "";
  };
}
// Requests on the zone's inspection: `dept_only` (held, cancel) for the department that filed it only (404
// to anyone else), else (decide) for list.manage in scope; the village's inspections as the admin lists them
// are the probe.
std::vector<Req> InspectionPair(World& w, const Caller& c, const std::string& pattern, const json& body,
                                bool dept_only) {
  auto v = RecordPair(w, c, "inspection", pattern, "", [&body](World&, const Rec&) { return body; });
  for (size_t i = 0; i < v.size(); ++i) {
    const Zone& z = i == 0 ? w.Inside(c) : w.Outside(c);
    if (dept_only) v[i].in_scope = v[i].in_scope && c.dept && *c.dept == w.inspection_dept;
    v[i].refusals = {404};
    v[i].refusal_why = dept_only ? "an inspection another department filed (or outside the jurisdiction)"
                                 : "an inspection outside the caller's jurisdiction";
    v[i].probe = "/api/v1/inspections?limit=500&scope=" + z.village;
  }
  return v;
}

const std::map<std::string, Sample>& Samples() {
  static const std::map<std::string, Sample> samples = {
      // ---- meta and public
      {"GET /healthz", [](World&, const Caller&) { return One("/healthz"); }},
      {"GET /metrics", [](World&, const Caller&) { return One("/metrics"); }},
      {"GET /api/v1/openapi.json", [](World&, const Caller&) { return One("/api/v1/openapi.json"); }},
      {"GET /api/v1/track",
       [](World& w, const Caller&) { return One("/api/v1/track?no=" + UrlEncode(w.track_code)); }},
      {"GET /api/v1/board", [](World&, const Caller&) { return One("/api/v1/board?limit=5"); }},
      {"POST /api/v1/auth/login",
       [](World& w, const Caller&) {
         return One("/api/v1/auth/login", json{{"username", w.login_user}, {"password", w.login_password}}.dump());
       }},
      // ---- any signed-in user
      {"POST /api/v1/auth/logout",
       [](World&, const Caller& c) {
         Req q;
         q.target = "/api/v1/auth/logout";
         if (!c.anonymous())  // a session of its own, so the caller's stays
           q.token = Env().server().Login(c.user, c.password).Json().value("token", "");
         return One(q);
       }},
      {"GET /api/v1/me", [](World&, const Caller&) { return One("/api/v1/me"); }},
      {"POST /api/v1/me/password",
       [](World&, const Caller&) {  // a wrong current password: 400 from the service, audited, nothing changes
         auto reqs = One("/api/v1/me/password",
                         json{{"old_password", "NotMine12345"}, {"new_password", "Another12345x"}}.dump());
         reqs[0].audited_refusal = "auth.password_change_failed";
         return reqs;
       }},
      {"GET /api/v1/roles", [](World&, const Caller&) { return One("/api/v1/roles"); }},
      {"GET /api/v1/tags", [](World&, const Caller&) { return One("/api/v1/tags"); }},
      {"GET /api/v1/departments", [](World&, const Caller&) { return One("/api/v1/departments"); }},
      {"GET /api/v1/order-rules", [](World&, const Caller&) { return One("/api/v1/order-rules"); }},
      {"GET /api/v1/categories", [](World&, const Caller&) { return One("/api/v1/categories"); }},
      {"GET /api/v1/categories/{code}", [](World&, const Caller&) { return One("/api/v1/categories/0101"); }},
      {"GET /api/v1/calendar", [](World&, const Caller&) { return One("/api/v1/calendar?year=2026"); }},
      {"GET /api/v1/calendar/deadline",
       [](World&, const Caller&) { return One("/api/v1/calendar/deadline?start=2026-03-02T09:00:00%2B08:00&limit=2wh"); }},
      {"GET /api/v1/import/people/template",
       [](World&, const Caller&) { return One("/api/v1/import/people/template?format=csv"); }},
      {"GET /api/v1/inbox", [](World&, const Caller&) { return One("/api/v1/inbox?limit=5"); }},
      {"POST /api/v1/inbox/{id}/read",
       [](World& w, const Caller& c) {
         // Inside: the caller's own notification (0 = all of them); outside: another account's.
         std::vector<Req> out;
         Req in;
         in.side = "inside";
         const auto& mine = w.inbox[c.user];
         in.target = "/api/v1/inbox/" + std::to_string(mine.empty() ? 0 : mine.front()) + "/read";
         out.push_back(in);
         for (const auto& [user, ids] : w.inbox)
           if (user != c.user && !ids.empty()) {
             Req q;
             q.side = "outside";
             q.target = "/api/v1/inbox/" + std::to_string(ids.front()) + "/read";
             q.in_scope = false;
             q.probe = "/api/v1/inbox?limit=1000";
             q.probe_user = user;
             out.push_back(q);
             break;
           }
         return out;
       }},
      {"GET /api/v1/attachments/{sha}",
       [](World& w, const Caller& c) {
         // Inside: the photo of an order the caller sees (or uploaded); outside: one of an order they do not.
         std::vector<Req> out;
         const FixOrder* in = nullptr;
         const FixOrder* outside = nullptr;
         for (const FixOrder& f : w.orders) {
           if (f.sha.empty()) continue;
           const bool may = f.uploader == c.id || SeesOrder(c, w.View(f.id));
           if (may && !in) in = &f;
           if (!may && !outside) outside = &f;
         }
         if (!outside)
           for (const FixOrder& f : w.orders)
             if (f.zone == w.Outside(c).name && !f.sha.empty() && !outside) outside = &f;
         for (const FixOrder* f : {in, outside}) {
           if (f == nullptr) continue;
           Req q;
           q.side = f == in ? "inside" : "outside";
           q.target = "/api/v1/attachments/" + f->sha;
           q.in_scope = !c.anonymous() && (f->uploader == c.id || SeesOrder(c, w.View(f->id)));
           out.push_back(q);
         }
         return out;
       }},
      {"POST /api/v1/attachments",
       [](World& w, const Caller&) {
         Req q;
         q.target = "/api/v1/attachments";
         q.body = Png(1000 + ++w.counter);
         q.content_type = "image/png";
         return One(q);
       }},
      // ---- places
      {"GET /api/v1/places", [](World&, const Caller&) { return One("/api/v1/places"); }},
      {"GET /api/v1/places/{code}",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         for (const std::string& code : {w.Home(c), w.Outside(c).township}) {
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           q.target = "/api/v1/places/" + code;
           q.in_scope = Within(code, c.scope);
           out.push_back(q);
         }
         return out;
       }},
      {"GET /api/v1/places/{code}/children",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         for (const std::string& code : {w.Home(c), w.Outside(c).township}) {
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           q.target = "/api/v1/places/" + code + "/children?limit=5";
           q.in_scope = Within(code, c.scope);
           q.check = ItemsWithin("code");
           out.push_back(q);
         }
         return out;
       }},
      {"GET /api/v1/places/{code}/grid-check",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         for (Zone* z : {&w.Inside(c), &w.Outside(c)}) {
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           // A grid worker's or unit leader's own village lies outside their scope: their own place instead
           // (a 400, "grid checks run on a village", proves the gate let it through).
           const std::string code = Within(z->village, c.scope) || z != &w.Inside(c) ? z->village : c.scope;
           q.target = "/api/v1/places/" + code + "/grid-check";
           q.in_scope = Within(code, c.scope);
           out.push_back(q);
         }
         return out;
       }},
      {"GET /api/v1/locate",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         for (Zone* z : {&w.Inside(c), &w.Outside(c)}) {
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           char buf[96];
           std::snprintf(buf, sizeof buf, "/api/v1/locate?lon=%.7f&lat=%.7f", z->lon, z->lat);
           q.target = buf;
           q.in_scope = Within(z->grid, c.scope);
           out.push_back(q);
         }
         return out;
       }},
      {"POST /api/v1/places",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World& w, Zone& z) { return json{{"code", w.NextUnit(z)}, {"name", "矩阵新联户"}}; },
             [](const Zone& z) { return z.grid; },
             [](const Zone& z) { return "/api/v1/places/" + z.grid + "/children?limit=1000&include_retired=true"; });
         for (Req& q : v) q.target = "/api/v1/places";
         return v;
       }},
      {"PATCH /api/v1/places/{code}",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         for (Zone* z : {&w.Inside(c), &w.Outside(c)}) {
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           q.target = "/api/v1/places/" + z->unit_fixture;
           q.body = json{{"version", VersionOf(w, q.target)}, {"name", "矩阵联户" + w.Fresh()}}.dump();
           q.in_scope = Within(z->unit_fixture, c.scope);
           q.probe = q.target;
           out.push_back(q);
         }
         return out;
       }},
      {"POST /api/v1/places/{code}/move",
       [](World& w, const Caller& c) {
         // A household unit of its own for each request, renumbered within its grid.
         std::vector<Req> out;
         for (Zone* z : {&w.Inside(c), &w.Outside(c)}) {
           const std::string code = w.NextUnit(*z);
           w.Must("unit to move", w.Admin("POST", "/api/v1/places", {{"code", code}, {"name", "待迁联户"}}));
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           q.target = "/api/v1/places/" + code + "/move";
           q.body = json{{"new_code", w.NextUnit(*z)}}.dump();
           q.in_scope = Within(code, c.scope);
           q.probe = "/api/v1/places/" + z->grid + "/children?limit=1000&include_retired=true";
           out.push_back(q);
         }
         // One of the caller's own units renumbered into the other township: a destination outside is 403.
         Zone& in = w.Inside(c);
         const std::string to = w.NextUnit(w.Outside(c));
         if (!c.anonymous() && Within(in.grid, c.scope) && !Within(to, c.scope)) {
           const std::string code = w.NextUnit(in);
           w.Must("unit to move", w.Admin("POST", "/api/v1/places", {{"code", code}, {"name", "待迁联户"}}));
           Req q;
           q.side = "move-out";
           q.target = "/api/v1/places/" + code + "/move";
           q.body = json{{"new_code", to}}.dump();
           q.in_scope = false;
           q.refusals = {403};
           q.probe = "/api/v1/places/" + in.grid + "/children?limit=1000&include_retired=true";
           out.push_back(q);
         }
         return out;
       }},
      // ---- 一张表
      {"GET /api/v1/buildings", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/buildings?limit=20"); }},
      {"GET /api/v1/households", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/households?limit=20"); }},
      {"GET /api/v1/people", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/people?limit=20"); }},
      {"GET /api/v1/buildings/{id}",
       [](World& w, const Caller& c) { return RecordPair(w, c, "building", "/api/v1/buildings/{id}"); }},
      {"GET /api/v1/households/{id}",
       [](World& w, const Caller& c) { return RecordPair(w, c, "household", "/api/v1/households/{id}"); }},
      {"GET /api/v1/people/{id}", [](World& w, const Caller& c) { return RecordPair(w, c, "person", "/api/v1/people/{id}"); }},
      {"PATCH /api/v1/buildings/{id}",
       [](World& w, const Caller& c) {
         return WithMoveOut(w, c, RecordPair(w, c, "building", "/api/v1/buildings/{id}", "/api/v1/buildings/{id}", [](World& w, const Rec& r) {
           return json{{"version", VersionOf(w, "/api/v1/buildings/" + std::to_string(r.id))}, {"name", "矩阵楼" + w.Fresh()}};
         }), "building", "/api/v1/buildings", "place_code", [](const Zone& z) { return z.place; }, true);
       }},
      {"PATCH /api/v1/households/{id}",
       [](World& w, const Caller& c) {
         return WithMoveOut(w, c, RecordPair(w, c, "household", "/api/v1/households/{id}", "/api/v1/households/{id}", [](World& w, const Rec& r) {
           return json{{"version", VersionOf(w, "/api/v1/households/" + std::to_string(r.id))}, {"address", "矩阵路" + w.Fresh()}};
         }), "household", "/api/v1/households", "place_code", [](const Zone& z) { return z.place; }, true);
       }},
      {"PATCH /api/v1/people/{id}",
       [](World& w, const Caller& c) {
         return WithMoveOut(w, c, RecordPair(w, c, "person", "/api/v1/people/{id}", "/api/v1/people/{id}", [](World& w, const Rec& r) {
           return json{{"version", VersionOf(w, "/api/v1/people/" + std::to_string(r.id))}, {"phone", "13900000000"}};
         }), "person", "/api/v1/people", "place_code", [](const Zone& z) { return z.place; }, true);
       }},
      {"POST /api/v1/people/{id}/unmask",
       [](World& w, const Caller& c) {
         return RecordPair(w, c, "person", "/api/v1/people/{id}/unmask", "/api/v1/people/{id}",
                           [](World&, const Rec&) { return json{{"purpose", "入户走访核实身份"}}; });
       }},
      {"POST /api/v1/buildings",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c, [](World& w, const Zone& z) { return json{{"place_code", z.place}, {"name", "矩阵楼" + w.Fresh()}}; },
             [](const Zone& z) { return z.place; },
             [](const Zone& z) { return "/api/v1/buildings?limit=1000&scope=" + z.place; });
         for (Req& q : v) q.target = "/api/v1/buildings";
         return v;
       }},
      {"POST /api/v1/households",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World& w, const Zone& z) {
               return json{{"place_code", z.place}, {"address", "矩阵路3号"}, {"household_no", "MXH" + w.Fresh()}};
             },
             [](const Zone& z) { return z.place; },
             [](const Zone& z) { return "/api/v1/households?limit=1000&scope=" + z.place; });
         for (Req& q : v) q.target = "/api/v1/households";
         return v;
       }},
      {"POST /api/v1/people",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World&, const Zone& z) {
               return json{{"place_code", z.place}, {"name", "矩阵新人"}, {"citizen_id", FreshCitizenId(1938)}};
             },
             [](const Zone& z) { return z.place; },
             [](const Zone& z) { return "/api/v1/people?limit=1000&scope=" + z.place; });
         for (Req& q : v) q.target = "/api/v1/people";
         return v;
       }},
      // ---- import and export
      {"POST /api/v1/import/people",
       [](World& w, const Caller& c) {
         // One row at the zone's place. A row outside the caller's scope is refused in the per-row report: 422 with
         // nothing written (all-or-nothing), or 403.
         std::vector<Req> out;
         for (Zone* z : {&w.Inside(c), &w.Outside(c)}) {
           Req q;
           q.side = out.empty() ? "inside" : "outside";
           q.target = "/api/v1/import/people?filename=matrix.csv";
           q.body = "姓名,公民身份号码,所属网格或十联户代码\n矩阵导入," + FreshCitizenId(1939) + "," + z->place + "\n";
           q.content_type = "text/csv";
           q.in_scope = Within(z->place, c.scope);
           q.refusals = {403, 404, 422};
           q.probe = "/api/v1/people?limit=1000&scope=" + z->place;
           out.push_back(q);
         }
         return out;
       }},
      {"GET /api/v1/export/people",
       [](World& w, const Caller& c) {
         return ScopePair(w, c, "/api/v1/export/people?format=csv", "scope", nullptr);
       }},
      // ---- users and departments
      {"GET /api/v1/users", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/users?limit=50"); }},
      {"GET /api/v1/users/{id}", [](World& w, const Caller& c) { return RecordPair(w, c, "user", "/api/v1/users/{id}"); }},
      {"PATCH /api/v1/users/{id}",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "user", "/api/v1/users/{id}", "/api/v1/users/{id}",
                             [](World& w, const Rec&) { return json{{"display_name", "矩阵用户" + w.Fresh()}}; });
         v = WithMoveOut(w, c, v, "user", "/api/v1/users", "place_code", [](const Zone& z) { return z.place; }, false);
         v = WithGrantRule(w, c, v, "", json{{"display_name", "越权改名"}});
         // A demotion is managing the account too (only where it is to be refused: the admin would carry it out).
         return WithGrantRule(w, c, v, "", json{{"role", "township_official"}}, true);
       }},
      {"POST /api/v1/users/{id}/password",
       [](World& w, const Caller& c) {
         return WithGrantRule(w, c,
                              RecordPair(w, c, "user", "/api/v1/users/{id}/password", "/api/v1/users/{id}",
                                         [](World&, const Rec&) { return json{{"password", "Matrix12345pw"}}; }),
                              "/password", json{{"password", "Matrix12345pw"}});
       }},
      {"POST /api/v1/users/{id}/api-keys",
       [](World& w, const Caller& c) {
         return RecordPair(w, c, "user", "/api/v1/users/{id}/api-keys", "/api/v1/users/{id}");
       }},
      {"GET /api/v1/api-keys",
       [](World&, const Caller&) {
         Req q;
         q.target = "/api/v1/api-keys";
         q.check = [](const Caller& c, const Response& r) -> std::string {
           for (const json& k : r.Json()["items"]) {
             if (!Within(Str(k, "place_code"), c.scope)) return "lists a key of an account at " + Str(k, "place_code");
             if (k.contains("api_key")) return "shows a key";
           }
           return "";
         };
         return One(std::move(q));
       }},
      {"DELETE /api/v1/api-keys/{key}",
       [](World& w, const Caller& c) {
         // A fresh key of each zone's resident for every caller, so one caller's revoke leaves the next one's.
         std::vector<Req> out;
         Zone* in = &w.Inside(c);
         for (Zone* z : {in, &w.Outside(c)}) {
           const Rec& u = z->recs["user"];
           json key = w.Must("api key to revoke",
                             w.Admin("POST", "/api/v1/users/" + std::to_string(u.id) + "/api-keys"));
           Req q;
           q.side = z == in ? "inside" : "outside";
           q.target = "/api/v1/api-keys/" + Str(key, "key_id");
           q.in_scope = Within(u.place, c.scope);
           q.probe = "/api/v1/api-keys?user_id=" + std::to_string(u.id);
           out.push_back(std::move(q));
         }
         return out;
       }},
      {"POST /api/v1/users",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World& w, const Zone& z) {
               return json{{"username", "mx_new_" + w.Fresh()}, {"role", "resident"}, {"place_code", z.place},
                           {"display_name", "矩阵新用户"}, {"password", "Matrix12345pw"}};
             },
             [](const Zone& z) { return z.place; },
             [](const Zone& z) { return "/api/v1/users?limit=1000&scope=" + z.place; });
         for (Req& q : v) q.target = "/api/v1/users";
         return v;
       }},
      {"POST /api/v1/departments",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World& w, const Zone& z) {
               return json{{"code", "mx_new_" + w.Fresh()}, {"name", "矩阵新部门" + w.Fresh()}, {"place_code", z.township}};
             },
             [](const Zone& z) { return z.township; }, [](const Zone&) { return "/api/v1/departments?limit=1000"; });
         for (Req& q : v) {
           q.target = "/api/v1/departments";
           q.probe_user = "county";
         }
         return v;
       }},
      {"PATCH /api/v1/departments/{id}",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "department", "/api/v1/departments/{id}", "",
                             [](World& w, const Rec&) { return json{{"name", "矩阵部门" + w.Fresh()}}; });
         for (Req& q : v) {
           q.probe = "/api/v1/departments?limit=1000";
           q.probe_user = "county";
         }
         return WithMoveOut(w, c, v, "department", "/api/v1/departments", "place_code",
                            [](const Zone& z) { return z.township; }, false);
       }},
      // ---- 两新组织 and the party tree
      {"GET /api/v1/organizations",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/organizations?limit=20"); }},
      {"GET /api/v1/party-orgs", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/party-orgs?limit=20"); }},
      {"GET /api/v1/organizations/coverage",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/organizations/coverage", "scope", nullptr); }},
      {"GET /api/v1/party-orgs/coverage",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/party-orgs/coverage", "scope", nullptr); }},
      {"GET /api/v1/organizations/{id}",
       [](World& w, const Caller& c) { return RecordPair(w, c, "org", "/api/v1/organizations/{id}"); }},
      {"GET /api/v1/party-orgs/{id}",
       [](World& w, const Caller& c) { return RecordPair(w, c, "party_org", "/api/v1/party-orgs/{id}"); }},
      {"PATCH /api/v1/organizations/{id}",
       [](World& w, const Caller& c) {
         return WithMoveOut(w, c, RecordPair(w, c, "org", "/api/v1/organizations/{id}", "/api/v1/organizations/{id}", [](World& w, const Rec& r) {
           return json{{"version", VersionOf(w, "/api/v1/organizations/" + std::to_string(r.id))}, {"employees", 11}};
         }), "org", "/api/v1/organizations", "place_code", [](const Zone& z) { return z.grid; }, true);
       }},
      {"PATCH /api/v1/party-orgs/{id}",
       [](World& w, const Caller& c) {
         return WithMoveOut(w, c, RecordPair(w, c, "party_org", "/api/v1/party-orgs/{id}", "/api/v1/party-orgs/{id}", [](World& w, const Rec& r) {
           return json{{"version", VersionOf(w, "/api/v1/party-orgs/" + std::to_string(r.id))}, {"members", 5}};
         }), "party_org", "/api/v1/party-orgs", "place_code", [](const Zone& z) { return z.grid; }, true);
       }},
      {"POST /api/v1/organizations",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World& w, const Zone& z) {
               return json{{"place_code", z.grid}, {"name", "矩阵新公司" + w.Fresh()}, {"kind", "enterprise"}, {"employees", 3}};
             },
             [](const Zone& z) { return z.grid; },
             [](const Zone& z) { return "/api/v1/organizations?limit=1000&scope=" + z.grid; });
         for (Req& q : v) q.target = "/api/v1/organizations";
         return v;
       }},
      {"POST /api/v1/party-orgs",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c,
             [](World& w, const Zone& z) {
               return json{{"place_code", z.grid}, {"name", "矩阵新支部" + w.Fresh()}, {"kind", "grid_branch"}};
             },
             [](const Zone& z) { return z.grid; },
             [](const Zone& z) { return "/api/v1/party-orgs?limit=1000&scope=" + z.grid; });
         for (Req& q : v) q.target = "/api/v1/party-orgs";
         return v;
       }},
      // ---- audit
      {"GET /api/v1/audit", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/audit?limit=50"); }},
      {"GET /api/v1/audit/verify", [](World&, const Caller&) { return One("/api/v1/audit/verify"); }},
      // ---- orders
      {"POST /api/v1/orders",
       [](World& w, const Caller& c) {
         // Place-scoped roles report inside their scope only; residents, party members, unit leaders report
         // anywhere (their report is theirs to see).
         auto v = CreatePair(
             w, c,
             [](World&, const Zone& z) {
               return json{{"category", "0101"}, {"description", "矩阵：路边垃圾"}, {"place_code", z.grid},
                           {"reporter_phone", "13800000000"}};
             },
             [](const Zone& z) { return z.grid; }, [](const Zone& z) { return "/api/v1/orders?limit=5&scope=" + z.grid; });
         for (Req& q : v) {
           q.target = "/api/v1/orders";
           if (!c.anonymous() && c.vis() != OrderVisibility::kScope) q.in_scope = true;
         }
         return v;
       }},
      {"GET /api/v1/orders",
       [](World& w, const Caller& c) {
         // The scope parameter narrows place-scoped roles; the others always get their own or their department's.
         auto v = ScopePair(w, c, "/api/v1/orders?limit=20", "scope", OrdersVisible(w));
         for (Req& q : v)
           if (!c.anonymous() && c.vis() != OrderVisibility::kScope) q.in_scope = true;
         return v;
       }},
      // ---- dispute cases: seen by the 综治 roles (sensitive.read) in scope and those given the case (the
      // fixture's cases are given to no one; the admin registered them)
      {"GET /api/v1/disputes", [](World&, const Caller&) { return One("/api/v1/disputes?limit=20"); }},
      {"POST /api/v1/disputes",  // no parties: the service's 400, after the gate
       [](World& w, const Caller& c) {
         return One("/api/v1/disputes",
                    json{{"category", "0802"}, {"place_code", w.Inside(c).grid}, {"parties", json::array()}}.dump());
       }},
      {"GET /api/v1/disputes/{id}",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dispute", "/api/v1/disputes/{id}");
         for (Req& q : v) q.in_scope = q.in_scope && SeesDisputes(c);
         return v;
       }},
      {"PUT /api/v1/disputes/{id}/agreement",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dispute", "/api/v1/disputes/{id}/agreement", "", [](World&, const Rec&) {
           return json{{"facts", "矩阵"}, {"terms", "矩阵"}, {"performance_manner", "当场"},
                       {"performance_due", "2026-12-31"}, {"mediator", "矩阵"}};
         });
         for (Req& q : v) q.in_scope = q.in_scope && SeesDisputes(c);
         return v;
       }},
      {"POST /api/v1/disputes/{id}/unmask",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dispute", "/api/v1/disputes/{id}/unmask", "",
                             [](World&, const Rec&) { return json{{"purpose", "矩阵核实"}}; });
         for (Req& q : v) q.in_scope = q.in_scope && SeesDisputes(c);
         return v;
       }},
      // ---- petitions (信访): seen by the desk and the 综治 roles in scope, the leader in charge and those the
      // petition was given to (the fixture's are given to no one; the admin registered them)
      {"GET /api/v1/petitions", [](World&, const Caller&) { return One("/api/v1/petitions?limit=20"); }},
      {"POST /api/v1/petitions",  // no petitioners: the service's 400, after the gate
       [](World& w, const Caller& c) {
         return One("/api/v1/petitions", json{{"category", "1301"},
                                              {"channel", "letter"},
                                              {"place_code", w.Inside(c).grid},
                                              {"petitioners", json::array()}}
                                             .dump());
       }},
      {"GET /api/v1/petitions/{id}",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "petition", "/api/v1/petitions/{id}");
         for (Req& q : v) q.in_scope = q.in_scope && SeesPetitions(c);
         return v;
       }},
      {"GET /api/v1/petitions/{id}/leaders",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "petition", "/api/v1/petitions/{id}/leaders");
         for (Req& q : v) q.in_scope = q.in_scope && SeesPetitions(c);
         return v;
       }},
      {"POST /api/v1/petitions/{id}/unmask",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "petition", "/api/v1/petitions/{id}/unmask", "",
                             [](World&, const Rec&) { return json{{"purpose", "矩阵核实"}}; });
         for (Req& q : v) q.in_scope = q.in_scope && SeesPetitions(c);
         return v;
       }},
      // ---- 矛盾纠纷排查: a grid worker records their own grid, a township official their own township (the
      // route's roles); the board and the records are lists of a scope; the schedule is the county's
      // ---- 时间银行, 积分 and the 积分超市
      {"GET /api/v1/ledger/rules", [](World&, const Caller&) { return One("/api/v1/ledger/rules"); }},
      {"POST /api/v1/ledger/awards",
       [](World& w, const Caller& c) { return PersonWrites(w, c, "/api/v1/ledger/awards", json{{"rule", "waste_sorting"}}); }},
      {"POST /api/v1/ledger/hours",
       [](World& w, const Caller& c) { return PersonWrites(w, c, "/api/v1/ledger/hours", json{{"hours", 1}}); }},
      {"GET /api/v1/ledger/entries/{id}",
       [](World& w, const Caller& c) { return StaffOnly(c, RecordPair(w, c, "ledger_entry", "/api/v1/ledger/entries/{id}")); }},
      {"POST /api/v1/ledger/entries/{id}/reverse",
       [](World& w, const Caller& c) {
         return RecordPair(w, c, "ledger_entry", "/api/v1/ledger/entries/{id}/reverse", "/api/v1/ledger/entries/{id}",
                           [](World&, const Rec&) { return json{{"reason", "矩阵冲正"}}; });
       }},
      {"GET /api/v1/ledger/accounts",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/ledger/accounts?limit=20", "scope", AccountsWithin()); }},
      {"GET /api/v1/ledger/me", [](World&, const Caller&) { return One("/api/v1/ledger/me"); }},
      {"GET /api/v1/ledger/accounts/{id}",
       [](World& w, const Caller& c) { return StaffOnly(c, RecordPair(w, c, "ledger_account", "/api/v1/ledger/accounts/{id}")); }},
      {"GET /api/v1/ledger/accounts/{id}/statement",
       [](World& w, const Caller& c) {
         return StaffOnly(c, RecordPair(w, c, "ledger_account", "/api/v1/ledger/accounts/{id}/statement"));
       }},
      {"PUT /api/v1/ledger/accounts/{id}/limits",
       [](World& w, const Caller& c) {
         return RecordPair(w, c, "ledger_account", "/api/v1/ledger/accounts/{id}/limits", "/api/v1/ledger/accounts/{id}",
                           [](World&, const Rec&) { return json{{"floor", 0}, {"ceiling", nullptr}}; });
       }},
      {"GET /api/v1/ledger/periods",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/ledger/periods?place=" + z.village + "&period=2026-01";
           return q;
         });
       }},
      {"GET /api/v1/ledger/periods/closed",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/ledger/periods/closed"); }},
      {"POST /api/v1/ledger/periods/close",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/ledger/periods/close";
           q.body = json{{"place", z.village}, {"period", "2000-01"}}.dump();
           q.probe = "/api/v1/ledger/periods?place=" + z.village + "&period=2000-01";
           return q;
         });
       }},
      {"POST /api/v1/ledger/expire",  // a year not yet expirable: the service's 400 after the gate and the scope
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/ledger/expire";
           q.body = json{{"place", z.village}, {"year", 2100}}.dump();
           q.probe = "/api/v1/ledger/periods/closed?scope=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/shop/items",
       [](World& w, const Caller& c) {
         return ScopePair(w, c, "/api/v1/shop/items", "scope", PointsStaff(c) ? ItemsWithin() : OwnCommunityOnly());
       }},
      {"POST /api/v1/shop/items",  // no name: the service's 400 after the scope
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/shop/items";
           q.body = json{{"place_code", z.village}, {"name", ""}, {"points", 1}}.dump();
           q.probe = "/api/v1/shop/items?all=true&scope=" + z.village;
           return q;
         });
       }},
      {"PATCH /api/v1/shop/items/{id}",  // a stale version: 409 after the scope
       [](World& w, const Caller& c) {
         return RecordPair(w, c, "shop_item", "/api/v1/shop/items/{id}", "",
                           [](World&, const Rec&) { return json{{"version", 0}, {"stock", 5}}; });
       }},
      {"POST /api/v1/shop/redemptions",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         Zone* in = &w.Inside(c);
         for (Zone* z : {in, &w.Outside(c)}) {
           Req q;
           q.side = z == in ? "inside" : "outside";
           q.target = "/api/v1/shop/redemptions";
           json body{{"item_id", z->recs["shop_item"].id}, {"idempotency_key", "mx" + w.Fresh()}};
           if (c.perms.count("points.manage")) body["person_id"] = z->recs["person"].id;
           q.body = body.dump();
           q.in_scope = c.perms.count("points.manage") ? Within(z->village, c.scope) && Within(z->recs["person"].place, c.scope)
                                                       : z->village == OwnCommunity(c);
           q.probe = "/api/v1/shop/redemptions?scope=" + z->village;
           out.push_back(std::move(q));
         }
         return out;
       }},
      {"GET /api/v1/shop/redemptions",
       [](World& w, const Caller& c) {
         return ScopePair(w, c, "/api/v1/shop/redemptions", "scope", PointsStaff(c) ? ItemsWithin() : OwnCommunityOnly());
       }},
      {"GET /api/v1/shop/redemptions/{id}",
       [](World& w, const Caller& c) { return StaffOnly(c, RecordPair(w, c, "redemption", "/api/v1/shop/redemptions/{id}")); }},
      {"POST /api/v1/shop/redemptions/{id}/hand-over",
       [](World& w, const Caller& c) {
         return RecordPair(w, c, "redemption", "/api/v1/shop/redemptions/{id}/hand-over", "/api/v1/shop/redemptions/{id}");
       }},
      {"POST /api/v1/shop/redemptions/{id}/cancel",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "redemption", "/api/v1/shop/redemptions/{id}/cancel", "/api/v1/shop/redemptions/{id}",
                             [](World&, const Rec&) { return json{{"reason", "矩阵取消"}}; });
         return StaffOnly(c, std::move(v));
       }},
      // ---- 志愿服务活动
      {"GET /api/v1/activities",
       [](World& w, const Caller& c) {
         // A grid's activities are its community's: AccountsWithin allows the community of a deep scope.
         return ScopePair(w, c, "/api/v1/activities", "scope", PointsStaff(c) ? AccountsWithin() : OwnCommunityOnly());
       }},
      {"POST /api/v1/activities",  // capacity 0: the service's 400 after the scope
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         Zone* in = &w.Inside(c);
         for (Zone* z : {in, &w.Outside(c)}) {
           Req q;
           q.side = z == in ? "inside" : "outside";
           q.target = "/api/v1/activities";
           q.body = json{{"place_code", z->village}, {"title", "矩阵"}, {"starts_at", "2030-01-01T09:00:00"},
                         {"ends_at", "2030-01-01T11:00:00"}, {"capacity", 0}}
                        .dump();
           q.in_scope = Organises(c, z->village);
           q.probe = "/api/v1/activities?scope=" + z->village;
           out.push_back(std::move(q));
         }
         return out;
       }},
      {"GET /api/v1/activities/{id}",
       [](World& w, const Caller& c) { return ActivityPair(w, c, "/api/v1/activities/{id}", nullptr); }},
      {"POST /api/v1/activities/{id}/cancel",  // a stale version: 409 after the scope
       [](World& w, const Caller& c) {
         return ActivityPair(w, c, "/api/v1/activities/{id}/cancel", [](const Caller&, const Zone&) { return json{{"version", 0}}; },
                             true);
       }},
      {"POST /api/v1/activities/{id}/signup",
       [](World& w, const Caller& c) { return ActivityPair(w, c, "/api/v1/activities/{id}/signup", AttendBody); }},
      {"POST /api/v1/activities/{id}/checkin",
       [](World& w, const Caller& c) { return ActivityPair(w, c, "/api/v1/activities/{id}/checkin", AttendBody); }},
      {"POST /api/v1/activities/{id}/checkout",
       [](World& w, const Caller& c) { return ActivityPair(w, c, "/api/v1/activities/{id}/checkout", AttendBody); }},
      {"POST /api/v1/activities/{id}/hours",  // 20 hours of a 4½-hour activity: the service's 400 after the scope
       [](World& w, const Caller& c) {
         return ActivityPair(
             w, c, "/api/v1/activities/{id}/hours",
             [](const Caller&, const Zone& z) { return json{{"person_id", z.recs.at("person").id}, {"hours", 20}}; }, true);
       }},
      // ---- 服务工单 and 微心愿: the community's menu is read by who works or lives there and kept by service.manage
      // in scope; orders and wishes are made in one's scope or one's own community
      {"GET /api/v1/service-menu",
       [](World& w, const Caller& c) {
         auto v = VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/service-menu?community=" + z.village;
           return q;
         });
         // The people living in the community read its menu too.
         for (size_t i = 0; i < v.size(); ++i) {
           const Zone& z = i == 0 ? w.Inside(c) : w.Outside(c);
           v[i].in_scope = v[i].in_scope || (c.scope.size() > 12 && Within(c.scope, z.village));
         }
         return v;
       }},
      {"PUT /api/v1/service-menu/{community}/{category}",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/service-menu/" + z.village + "/1401";
           q.body = json{{"provider", "any"}, {"promise_hours", 48}, {"version", 99}}.dump();
           q.probe = "/api/v1/service-menu?community=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/service-providers",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/service-providers?community=" + z.village;
           return q;
         });
       }},
      {"POST /api/v1/service-orders", [](World& w, const Caller& c) { return CommunityOrderPair(w, c, "/api/v1/service-orders", "1401"); }},
      {"POST /api/v1/wishes", [](World& w, const Caller& c) { return CommunityOrderPair(w, c, "/api/v1/wishes", "1501"); }},
      {"GET /api/v1/service-orders",
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/service-orders?limit=20", "scope", OrdersVisible(w));
         for (Req& q : v)
           if (!c.anonymous() && c.vis() != OrderVisibility::kScope) q.in_scope = true;
         return v;
       }},
      {"GET /api/v1/wishes",
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/wishes?limit=20", "scope", OrdersVisible(w));
         for (Req& q : v)
           if (!c.anonymous() && c.vis() != OrderVisibility::kScope) q.in_scope = true;
         return v;
       }},
      {"GET /api/v1/public/service-board", [](World&, const Caller&) { return One("/api/v1/public/service-board?limit=5"); }},
      // ---- 红色代办: the roster is kept by service.manage in scope; an errand is asked by a member for their own
      // household (or by its runner, or staff in scope); it is seen by staff in scope (and its runner and
      // household); its documents are recorded by the runner running it only
      {"GET /api/v1/errand-runners",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/errand-runners?community=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/errand-runners/mine", [](World&, const Caller&) { return One("/api/v1/errand-runners/mine"); }},
      {"PUT /api/v1/errand-runners/{id}",  // an account that is no runner: the service's 400 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "household", "/api/v1/errand-runners/{id}", "",
                             [](World&, const Rec&) { return json{{"runner_user_id", 999999999}, {"version", 0}}; });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/errand-runners?community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"DELETE /api/v1/errand-runners/{id}",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "household", "/api/v1/errand-runners/{id}?version=99");
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/errand-runners?community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"GET /api/v1/errands/household",
       [](World&, const Caller& c) {
         Req q;
         q.target = "/api/v1/errands/household";
         q.in_scope = OwnHousehold(c) != 0;
         q.refusals = {404};
         q.refusal_why = "the caller's account is linked to no household";
         return One(q);
       }},
      {"POST /api/v1/errands",  // a category outside class 16: the order's 400 after who may ask
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         Zone* in = &w.Inside(c);
         for (Zone* z : {in, &w.Outside(c)}) {
           Req q;
           q.side = z == in ? "inside" : "outside";
           q.target = "/api/v1/errands";
           q.body = json{{"household_id", z->recs["household"].id},
                         {"authoriser_person_id", z->recs["member"].id},
                         {"category", "1401"},
                         {"description", "矩阵"}}
                        .dump();
           auto role = RoleFromName(c.role);
           q.in_scope = (role && HasPermission(*role, Permission::kServiceManage) &&
                         Within(z->recs["household"].place, c.scope)) ||
                        OwnHousehold(c) == z->recs["household"].id;
           q.probe = "/api/v1/errands?limit=5&scope=" + z->village;
           out.push_back(std::move(q));
         }
         return out;
       }},
      {"GET /api/v1/errands",
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/errands?limit=20", "scope", OrdersVisible(w));
         for (Req& q : v)
           if (!c.anonymous() && c.vis() != OrderVisibility::kScope) q.in_scope = true;
         return v;
       }},
      {"GET /api/v1/errands/{id}",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "errand", "/api/v1/errands/{id}");
         for (Req& q : v) q.in_scope = q.in_scope && c.vis() == OrderVisibility::kScope;
         return v;
       }},
      {"POST /api/v1/errands/{id}/documents",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "errand", "/api/v1/errands/{id}/documents", "/api/v1/errands/{id}",
                             [](World&, const Rec&) { return json{{"name", "身份证"}}; });
         for (Req& q : v) {
           q.in_scope = false;  // the zone's errand is run by nobody
           q.refusal_why = "only the runner running the errand records its documents";
         }
         return v;
       }},
      {"POST /api/v1/errands/{id}/documents/{doc}/return",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "errand", "/api/v1/errands/{id}/documents/1/return", "/api/v1/errands/{id}",
                             [](World&, const Rec&) { return json{{"version", 1}}; });
         for (Req& q : v) {
           q.in_scope = false;
           q.refusal_why = "only the runner running the errand records its documents";
         }
         return v;
       }},
      // ---- 双报到: units, members, posts, logs and reports are kept by service.manage in scope; a member reads
      // the county's units, registers themself (party members only) and works in the community they are
      // registered with
      {"GET /api/v1/dual/units",
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/dual/units", "scope", nullptr);
         for (Req& q : v)
           if (!DualStaff(c)) q.in_scope = true;  // the county's units (both zones lie in one county)
         return v;
       }},
      {"POST /api/v1/dual/units",  // an unknown kind: the service's 400 after the scope
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/units";
           q.body = json{{"community", z.village}, {"name", "矩阵单位"}, {"kind", "x"}}.dump();
           q.probe = "/api/v1/dual/units?scope=" + z.village;
           return q;
         });
       }},
      {"PUT /api/v1/dual/units/{id}",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_unit", "/api/v1/dual/units/{id}", "", [](World&, const Rec&) {
           return json{{"version", 99}, {"name", "矩阵单位改"}, {"kind", "organ"}};
         });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/dual/units?scope=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"POST /api/v1/dual/units/{id}/withdraw",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_unit", "/api/v1/dual/units/{id}/withdraw", "",
                             [](World&, const Rec&) { return json{{"version", 99}}; });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/dual/units?scope=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"GET /api/v1/dual/members",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/members?community=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/dual/members/mine",
       [](World&, const Caller& c) { return DualOwn(c, "/api/v1/dual/members/mine"); }},
      {"POST /api/v1/dual/members",
       [](World& w, const Caller& c) {
         if (!DualStaff(c)) {  // for themself: an empty body is the service's 400; only party members register
           Req q;
           q.target = "/api/v1/dual/members";
           q.body = "{}";
           q.in_scope = c.role == "party_member";
           q.refusals = {403};
           q.refusal_why = "only party members register themselves";
           return One(q);
         }
         std::vector<Req> out;  // staff, for a person of the zone who is no party member: 400 after the scope
         Zone* in = &w.Inside(c);
         for (Zone* z : {in, &w.Outside(c)}) {
           Req q;
           q.side = z == in ? "inside" : "outside";
           q.target = "/api/v1/dual/members";
           q.body = json{{"person_id", z->recs["member"].id}, {"employer_name", "矩阵单位"}}.dump();
           q.in_scope = Within(z->village, c.scope);
           q.probe = "/api/v1/dual/members?community=" + z->village;
           out.push_back(std::move(q));
         }
         return out;
       }},
      {"PUT /api/v1/dual/members/{id}/grid",  // a version never read: 400 or 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_member", "/api/v1/dual/members/{id}/grid", "", [](World&, const Rec& r) {
           return json{{"grid_code", r.place + "001"}, {"version", 99}};
         });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/dual/members?community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"POST /api/v1/dual/members/{id}/leave",  // staff in scope, or the member themself
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_member", "/api/v1/dual/members/{id}/leave", "",
                             [](World&, const Rec&) { return json{{"version", 99}}; });
         for (size_t i = 0; i < v.size(); ++i) {
           v[i].probe = "/api/v1/dual/members?community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
           if (!DualStaff(c)) {
             v[i].in_scope = false;
             v[i].refusal_why = "not the caller's own registration";
           }
         }
         return v;
       }},
      {"GET /api/v1/dual/posts",
       [](World& w, const Caller& c) {
         if (!DualStaff(c)) return DualOwn(c, "/api/v1/dual/posts");
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/posts?community=" + z.village;
           return q;
         });
       }},
      {"POST /api/v1/dual/posts",  // no title: the service's 400 after the scope
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/posts";
           q.body = json{{"community", z.village}, {"title", ""}, {"slots", 1}}.dump();
           q.probe = "/api/v1/dual/posts?community=" + z.village;
           return q;
         });
       }},
      {"PUT /api/v1/dual/posts/{id}",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_post", "/api/v1/dual/posts/{id}", "", [](World&, const Rec&) {
           return json{{"version", 99}, {"title", "矩阵岗位"}, {"slots", 2}, {"status", "open"}};
         });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/dual/posts?community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"POST /api/v1/dual/posts/{id}/claim",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_post", "/api/v1/dual/posts/{id}/claim");
         for (size_t i = 0; i < v.size(); ++i) {
           const Zone& z = i == 0 ? w.Inside(c) : w.Outside(c);
           v[i].in_scope = DualCommunity(c) == z.village;
           v[i].refusals = {404};
           v[i].refusal_why = "only a member registered with the post's community claims it";
           v[i].probe = "/api/v1/dual/posts?community=" + z.village;
         }
         return v;
       }},
      {"POST /api/v1/dual/posts/{id}/release",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_post", "/api/v1/dual/posts/{id}/release");
         for (size_t i = 0; i < v.size(); ++i) {
           const Zone& z = i == 0 ? w.Inside(c) : w.Outside(c);
           v[i].in_scope = DualCommunity(c) == z.village;
           v[i].refusals = {404};
           v[i].refusal_why = "only a member registered with the post's community gives it up";
           v[i].probe = "/api/v1/dual/posts?community=" + z.village;
         }
         return v;
       }},
      {"POST /api/v1/dual/logs",
       [](World&, const Caller& c) {
         return DualOwn(c, "/api/v1/dual/logs", json{{"served_on", ChinaToday()}, {"hours", 1}}.dump());
       }},
      {"GET /api/v1/dual/logs",
       [](World& w, const Caller& c) {
         if (!DualStaff(c)) return DualOwn(c, "/api/v1/dual/logs?mine=true");
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/logs?community=" + z.village;
           return q;
         });
       }},
      {"POST /api/v1/dual/logs/{id}/confirm",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_log", "/api/v1/dual/logs/{id}/confirm", "",
                             [](World&, const Rec&) { return json{{"version", 99}}; });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/dual/logs?status=pending&community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"POST /api/v1/dual/logs/{id}/reject",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "dual_log", "/api/v1/dual/logs/{id}/reject", "",
                             [](World&, const Rec&) { return json{{"version", 99}, {"reason", "矩阵退回"}}; });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/dual/logs?status=pending&community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"GET /api/v1/dual/reports",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/reports?quarter=2026-Q4&community=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/dual/reports/export",
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/dual/reports/export?quarter=2026-Q4&community=" + z.village;
           return q;
         });
       }},
      // ---- 红黑榜: criteria, entries, publications and stars are kept by staff of the community
      // (points.award reads and nominates, points.manage decides); a person reads their community's criteria,
      // objects to its notices, reads and appeals the entries naming them; the board is public
      {"GET /api/v1/rolls/criteria",
       [](World& w, const Caller& c) {
         return RollCommunityPair(
             w, c,
             [](const Zone& z) {
               Req q;
               q.target = "/api/v1/rolls/criteria?community=" + z.village;
               q.check = RollOf(z.village);
               return q;
             },
             true);
       }},
      {"POST /api/v1/rolls/criteria",  // no title: the service's 400 after the scope
       [](World& w, const Caller& c) {
         return RollCommunityPair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/rolls/criteria";
           q.body = json{{"community", z.village}, {"side", "red"}, {"title", ""}, {"article", "第一条"}}.dump();
           q.probe = "/api/v1/rolls/criteria?retired=true&community=" + z.village;
           return q;
         });
       }},
      {"PUT /api/v1/rolls/criteria/{id}",  // a retired criterion: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "roll_criterion", "/api/v1/rolls/criteria/{id}", "", [](World&, const Rec&) {
           return json{{"title", "矩阵标准改"}, {"article", "第二条"}, {"description", "矩阵"}};
         });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/rolls/criteria?retired=true&community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"POST /api/v1/rolls/criteria/{id}/retire",  // retired already: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "roll_criterion", "/api/v1/rolls/criteria/{id}/retire");
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe = "/api/v1/rolls/criteria?retired=true&community=" + (i == 0 ? w.Inside(c) : w.Outside(c)).village;
         return v;
       }},
      {"POST /api/v1/rolls/criteria/adopt",  // the village has criteria: 409 after the scope
       [](World& w, const Caller& c) {
         return RollCommunityPair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/rolls/criteria/adopt";
           q.body = json{{"community", z.village}}.dump();
           q.probe = "/api/v1/rolls/criteria?retired=true&community=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/rolls/entries",
       [](World& w, const Caller& c) {
         return RollCommunityPair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/rolls/entries?community=" + z.village;
           q.check = [village = z.village](const Caller& c, const Response& r) {
             std::string msg = ItemsWithin()(c, r);  // a grid worker's: their grid's
             return msg.empty() ? RollOf(village)(c, r) : msg;
           };
           return q;
         });
       }},
      {"POST /api/v1/rolls/entries",  // citing a retired criterion: the service's 400 after the person's scope
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         Zone* in = &w.Inside(c);
         for (Zone* z : {in, &w.Outside(c)}) {
           const Rec& person = z->recs["person"];
           Req q;
           q.side = z == in ? "inside" : "outside";
           q.target = "/api/v1/rolls/entries";
           q.body = json{{"person_id", person.id},
                         {"side", "red"},
                         {"period", ChinaToday().substr(0, 7)},
                         {"criteria", json::array({z->recs["roll_criterion"].id})},
                         {"evidence", "矩阵测试：热心公益，多次义务打扫村道"}}
                        .dump();
           q.in_scope = Within(person.place, c.scope);
           q.refusals = {404};
           q.probe = "/api/v1/rolls/entries?status=nominated&community=" + z->village;
           out.push_back(std::move(q));
         }
         return out;
       }},
      {"GET /api/v1/rolls/entries/{id}",  // staff in scope, or the person named
       [](World& w, const Caller& c) {
         return RollEntryPair(
             w, c, "roll_notice", "/api/v1/rolls/entries/{id}", nullptr,
             [&c](const std::string& place, int64_t person) {
               return RollStaffSees(c, place) || (person != 0 && RollPersonOf(c).id == person);
             },
             true);
       }},
      {"POST /api/v1/rolls/entries/{id}/review",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         return RollEntryPair(w, c, "roll_nominated", "/api/v1/rolls/entries/{id}/review",
                              json{{"committee", "party"},
                                   {"approve", true},
                                   {"opinion", "矩阵审议"},
                                   {"met_on", ChinaToday()},
                                   {"version", 999999}},
                              [&c](const std::string& place, int64_t) { return Within(place, c.scope); });
       }},
      {"POST /api/v1/rolls/entries/{id}/objections",  // during the notice: a resident of the community, or staff
       [](World& w, const Caller& c) {
         return RollEntryPair(w, c, "roll_notice", "/api/v1/rolls/entries/{id}/objections",
                              json{{"reason", "矩阵异议：所述情况需要核实"}},
                              [&c](const std::string& place, int64_t) {
                                return RollStaffSees(c, place) || RollPersonOf(c).community == place.substr(0, 12);
                              });
       }},
      {"POST /api/v1/rolls/objections/{id}/decide",  // decided already: 409 after the scope
       [](World& w, const Caller& c) {
         auto v = RollEntryPair(w, c, "roll_objection", "/api/v1/rolls/objections/{id}/decide",
                                json{{"uphold", true}, {"note", "矩阵：异议成立"}},
                                [&c](const std::string& place, int64_t) { return Within(place, c.scope); });
         for (size_t i = 0; i < v.size(); ++i)
           v[i].probe =
               "/api/v1/rolls/entries/" + std::to_string((i == 0 ? w.Inside(c) : w.Outside(c)).recs["roll_notice"].id);
         return v;
       }},
      {"POST /api/v1/rolls/entries/{id}/remove",  // not a black listing (a version never read): 409 after the scope
       [](World& w, const Caller& c) {
         return RollEntryPair(w, c, "roll_nominated", "/api/v1/rolls/entries/{id}/remove",
                              json{{"reason", "矩阵：整改到位"}, {"version", 999999}},
                              [&c](const std::string& place, int64_t) { return Within(place, c.scope); });
       }},
      {"POST /api/v1/rolls/entries/{id}/appeal",  // not a black listing: 409 for the person or points.manage in scope
       [](World& w, const Caller& c) {
         return RollEntryPair(
             w, c, "roll_nominated", "/api/v1/rolls/entries/{id}/appeal", json{{"reason", "矩阵申诉：情况已改正"}},
             [&c](const std::string& place, int64_t person) {
               return (RollManager(c) && Within(place, c.scope)) || (person != 0 && RollPersonOf(c).id == person);
             },
             true);
       }},
      {"POST /api/v1/rolls/entries/{id}/appeal/decide",  // no appeal open (a version never read): 409 after the scope
       [](World& w, const Caller& c) {
         return RollEntryPair(w, c, "roll_nominated", "/api/v1/rolls/entries/{id}/appeal/decide",
                              json{{"uphold", true}, {"note", "矩阵：申诉成立"}, {"version", 999999}},
                              [&c](const std::string& place, int64_t) { return Within(place, c.scope); });
       }},
      {"GET /api/v1/rolls/mine",
       [](World&, const Caller&) {
         Req q;
         q.target = "/api/v1/rolls/mine";
         q.check = [](const Caller& c, const Response& r) -> std::string {
           if (!r.Json()["items"].is_array()) return "no items array";
           for (const json& item : r.Json()["items"])
             if (Int(item, "person_id") != RollPersonOf(c).id)
               return "an entry naming someone else: " + item.dump().substr(0, 200);
           return "";
         };
         return One(q);
       }},
      {"GET /api/v1/rolls/objections/mine",  // anyone signed in: their own objections (the setup's are the admin's)
       [](World&, const Caller&) {
         Req q;
         q.target = "/api/v1/rolls/objections/mine";
         q.check = [](const Caller& c, const Response& r) -> std::string {
           if (!r.Json()["items"].is_array()) return "no items array";
           for (const json& item : r.Json()["items"])
             if (c.role != "system_admin" && item.value("reason", "") == "矩阵异议：所述情况不属实")
               return "an objection the admin raised: " + item.dump().substr(0, 200);
           return "";
         };
         return One(q);
       }},
      {"POST /api/v1/rolls/publications",  // a month to come: the service's 400 after the scope
       [](World& w, const Caller& c) {
         return RollCommunityPair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/rolls/publications";
           q.body = json{{"community", z.village}, {"period", "2999-12"}}.dump();
           q.probe = "/api/v1/rolls/publications?community=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/rolls/publications",
       [](World& w, const Caller& c) {
         return RollCommunityPair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/rolls/publications?community=" + z.village;
           q.check = RollOf(z.village);
           return q;
         });
       }},
      {"GET /api/v1/rolls/publications/{id}",  // staff of the community (a grid worker of it too)
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "roll_publication", "/api/v1/rolls/publications/{id}");
         for (size_t i = 0; i < v.size(); ++i) {
           v[i].in_scope = RollStaffSees(c, (i == 0 ? w.Inside(c) : w.Outside(c)).recs["roll_publication"].place);
           v[i].refusals = {404};
         }
         return v;
       }},
      {"GET /api/v1/rolls/stars",
       [](World& w, const Caller& c) {
         return RollCommunityPair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/rolls/stars?community=" + z.village;
           q.check = RollOf(z.village);
           return q;
         });
       }},
      {"GET /api/v1/public/rolls",
       [](World& w, const Caller&) { return One("/api/v1/public/rolls?community=" + w.a.village); }},
      // ---- 减负: the county's lists are read by everyone of the county and kept by list.manage (the demo's are
      // published, so an edit is the service's 409 after the gate, and a draft of an unknown kind its 400);
      // department tasks and inspections are a department's (task.assign) for the communities in its scope,
      // read by it (its own) and by the staff of the places (their scope); the cap is the county's
      {"GET /api/v1/duty-lists",
       [](World& w, const Caller& c) { return One(CountyReq(c, w.county, "/api/v1/duty-lists?county=" + w.county)); }},
      {"GET /api/v1/duty-lists/current",
       [](World& w, const Caller& c) {
         return One(CountyReq(c, w.county, "/api/v1/duty-lists/current?kind=admission&county=" + w.county));
       }},
      {"GET /api/v1/duty-lists/certificates",  // the caller's own county (the admin, of none, names none: 400)
       [](World& w, const Caller& c) {
         return One(CountyReq(c, w.county, "/api/v1/duty-lists/certificates?q=" + UrlEncode("居住")));
       }},
      {"GET /api/v1/public/duty-lists",  // public: the current version's active items, no names of staff
       [](World& w, const Caller&) {
         Req q;
         q.target = "/api/v1/public/duty-lists?kind=micro_power&county=" + w.county;
         q.check = [](const Caller&, const Response& r) -> std::string {
           const json j = r.Json();
           if (j.contains("created_by_name") || j.contains("published_by_name")) return "names who drafted it";
           for (const json& i : j.value("items", json::array()))
             if (Str(i, "status") != "active") return "an item not active: " + i.dump().substr(0, 200);
           return "";
         };
         return One(q);
       }},
      {"GET /api/v1/duty-lists/{id}",
       [](World& w, const Caller& c) {
         return One(CountyReq(c, w.duty_list.place, "/api/v1/duty-lists/" + std::to_string(w.duty_list.id)));
       }},
      {"POST /api/v1/duty-lists",  // an unknown kind: the service's 400 after the county's scope
       [](World& w, const Caller& c) {
         return One(CountyReq(c, w.county, "/api/v1/duty-lists", "/api/v1/duty-lists?county=" + w.county,
                              json{{"county", w.county}, {"kind", "nope"}}));
       }},
      {"POST /api/v1/duty-lists/{id}/items",  // a published version: 409 after the scope
       [](World& w, const Caller& c) {
         const std::string list = "/api/v1/duty-lists/" + std::to_string(w.duty_list.id);
         return One(CountyReq(c, w.duty_list.place, list + "/items", list,
                              json{{"section", "duty"}, {"title", "矩阵事项"}}));
       }},
      {"PUT /api/v1/duty-lists/{id}/items/{item}",  // a published version: 409 after the scope
       [](World& w, const Caller& c) {
         const std::string list = "/api/v1/duty-lists/" + std::to_string(w.duty_list.id);
         return One(CountyReq(c, w.duty_list.place, list + "/items/" + std::to_string(w.duty_item.id), list,
                              json{{"section", "duty"}, {"group", ""}, {"title", "矩阵事项改"}, {"basis", ""},
                                   {"department", ""}, {"alternative", ""}, {"version", w.duty_item_version}}));
       }},
      {"DELETE /api/v1/duty-lists/{id}/items/{item}",  // a published version: 409 after the scope
       [](World& w, const Caller& c) {
         const std::string list = "/api/v1/duty-lists/" + std::to_string(w.duty_list.id);
         return One(CountyReq(c, w.duty_list.place,
                              list + "/items/" + std::to_string(w.duty_item.id) +
                                  "?version=" + std::to_string(w.duty_item_version),
                              list));
       }},
      {"POST /api/v1/duty-lists/{id}/publish",  // published already: 409 after the scope
       [](World& w, const Caller& c) {
         const std::string list = "/api/v1/duty-lists/" + std::to_string(w.duty_list.id);
         return One(CountyReq(c, w.duty_list.place, list + "/publish", list,
                              json{{"version", w.duty_list_row_version}}));
       }},
      {"POST /api/v1/duty-lists/{id}/items/{item}/withdraw",  // a version never read: 409 after the scope
       [](World& w, const Caller& c) {
         const std::string list = "/api/v1/duty-lists/" + std::to_string(w.duty_list.id);
         return One(CountyReq(c, w.duty_list.place, list + "/items/" + std::to_string(w.duty_item.id) + "/withdraw",
                              list, json{{"reason", "矩阵撤销"}, {"version", 999999}}));
       }},
      {"POST /api/v1/tasks",  // an unknown type: the service's 400 after the community's scope, nothing kept
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [&w](const Zone& z) {
           Req q;
           q.target = "/api/v1/tasks";
           q.body = json{{"community", z.village},     {"item_id", w.duty_item.id},
                         {"list_version", w.duty_list_version}, {"type", "nope"},
                         {"title", "矩阵交办"},         {"description", "矩阵"}}
                        .dump();
           q.probe = "/api/v1/tasks?limit=200&scope=" + z.village;
           return q;
         });
       }},
      {"GET /api/v1/tasks",  // a department reads its own, whatever the scope names
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/tasks?limit=50", "scope", DutyRowsWithin("place_code", "task"));
         for (Req& q : v)
           if (c.role == "department_handler") q.in_scope = true;
         return v;
       }},
      {"GET /api/v1/tasks/refusals",
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/tasks/refusals", "scope", DutyRowsWithin("community"));
         for (Req& q : v)
           if (c.role == "department_handler") q.in_scope = true;
         return v;
       }},
      {"GET /api/v1/load",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/load", "scope", LoadWithin()); }},
      {"GET /api/v1/inspections",
       [](World& w, const Caller& c) {
         auto v = ScopePair(w, c, "/api/v1/inspections", "scope", DutyRowsWithin("community"));
         for (Req& q : v)
           if (c.role == "department_handler") q.in_scope = true;
         return v;
       }},
      {"POST /api/v1/inspections",  // a day gone by: the service's 400 after the community's scope
       [](World& w, const Caller& c) {
         return VillagePair(w, c, [](const Zone& z) {
           Req q;
           q.target = "/api/v1/inspections";
           q.body = json{{"community", z.village}, {"planned_on", "2020-01-01"}, {"subject", "矩阵督导"}}.dump();
           q.probe = "/api/v1/inspections?limit=500&scope=" + z.village;
           return q;
         });
       }},
      {"POST /api/v1/inspections/{id}/decide",  // not pending (a version never read): 409 after the scope
       [](World& w, const Caller& c) {
         return InspectionPair(w, c, "/api/v1/inspections/{id}/decide",
                               json{{"approve", true}, {"note", "矩阵审批"}, {"version", 999999}}, false);
       }},
      {"POST /api/v1/inspections/{id}/held",  // its day has not come: 409 for the department that filed it
       [](World& w, const Caller& c) {
         return InspectionPair(w, c, "/api/v1/inspections/{id}/held",
                               json{{"findings", "矩阵检查情况"}, {"version", 1}}, true);
       }},
      {"POST /api/v1/inspections/{id}/cancel",  // a version never read: 409 for the department that filed it
       [](World& w, const Caller& c) {
         return InspectionPair(w, c, "/api/v1/inspections/{id}/cancel",
                               json{{"reason", "矩阵取消"}, {"version", 999999}}, true);
       }},
      {"GET /api/v1/inspection-cap",
       [](World& w, const Caller& c) { return One(CountyReq(c, w.county, "/api/v1/inspection-cap?county=" + w.county)); }},
      {"PUT /api/v1/inspection-cap",  // a version never read: 409 after the county's scope
       [](World& w, const Caller& c) {
         return One(CountyReq(c, w.county, "/api/v1/inspection-cap", "/api/v1/inspection-cap?county=" + w.county,
                              json{{"county", w.county}, {"cap", 4}, {"period", "quarter"}, {"version", 999999}}));
       }},
      {"POST /api/v1/screenings",
       [](World& w, const Caller& c) {
         std::vector<Req> v;
         for (const std::string& place : {c.scope, w.Outside(c).grid.substr(0, c.scope.size())}) {
           Req q;
           q.side = place == c.scope ? "inside" : "outside";
           q.target = "/api/v1/screenings";
           q.body = json{{"place_code", place}, {"found", 0}}.dump();
           q.in_scope = Within(place, c.scope);
           q.probe = "/api/v1/screenings?scope=" + (place.empty() ? w.a.township : place);
           v.push_back(std::move(q));
         }
         return v;
       }},
      {"GET /api/v1/screenings", [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/screenings"); }},
      {"GET /api/v1/screenings/board",
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/screenings/board", "scope", nullptr); }},
      {"GET /api/v1/screenings/schedule",
       [](World& w, const Caller&) { return One("/api/v1/screenings/schedule?county=" + w.a.township.substr(0, 6)); }},
      {"PUT /api/v1/screenings/schedule",
       [](World& w, const Caller& c) {
         Req q;
         const std::string county = w.a.township.substr(0, 6);
         q.target = "/api/v1/screenings/schedule";
         q.body = json{{"county", county}, {"grid", "week"}, {"township", "half_month"}}.dump();  // the defaults
         q.in_scope = Within(county, c.scope);
         q.side = q.in_scope ? "inside" : "outside";
         q.probe = "/api/v1/screenings/schedule?county=" + county;
         return One(std::move(q));
       }},
      {"POST /api/v1/disputes/history",
       [](World&, const Caller&) {
         return One("/api/v1/disputes/history", json{{"q", "13700000001"}, {"purpose", "矩阵研判"}}.dump());
       }},
      {"GET /api/v1/orders/{id}",
       [](World& w, const Caller& c) {
         std::vector<Req> out;
         int64_t in = 0, outside = 0;
         for (const FixOrder& f : w.orders) {
           if (SeesOrder(c, w.View(f.id))) {
             if (!in) in = f.id;
           } else if (!outside) {
             outside = f.id;
           }
         }
         if (!outside)
           for (const FixOrder& f : w.orders)
             if (f.zone == w.Outside(c).name && !outside) outside = f.id;
         for (int64_t id : {in, outside}) {
           if (!id) continue;
           Req q;
           q.side = id == in ? "inside" : "outside";
           q.target = "/api/v1/orders/" + std::to_string(id);
           q.in_scope = SeesOrder(c, w.View(id));
           out.push_back(q);
         }
         return out;
       }},
      {"GET /api/v1/indicators/participation",  // hours served and 双报到 of a place in scope
       [](World& w, const Caller& c) { return ScopePair(w, c, "/api/v1/indicators/participation", "place", nullptr); }},
      {"GET /api/v1/indicators",
       [](World& w, const Caller& c) {
         // A department handler always reads their department's indicators (the place is not used).
         auto v = ScopePair(w, c, "/api/v1/indicators", "place", nullptr);
         for (Req& q : v)
           if (!c.anonymous() && c.vis() == OrderVisibility::kDepartment) q.in_scope = true;
         // A department's and a worker's figures: a department inside the scope (a department handler: only their
         // own), a user placed below the caller (not a peer at the same place).
         for (Zone* z : {&w.Inside(c), &w.Outside(c)}) {
           const Rec& d = z->recs["department"];
           Req q;
           q.side = z == &w.Inside(c) ? "inside" : "outside";
           q.target = "/api/v1/indicators?dept=" + std::to_string(d.id);
           q.in_scope = c.vis() != OrderVisibility::kDepartment && Within(d.place, c.scope);
           v.push_back(q);
           const Rec& u = z->recs["user"];
           q.target = "/api/v1/indicators?user=" + std::to_string(u.id);
           q.in_scope = c.vis() == OrderVisibility::kScope && Within(u.place, c.scope) && u.place != c.scope;
           v.push_back(q);
         }
         return v;
       }},
      // ---- catalogue, calendar, webhooks (system admin)
      {"POST /api/v1/categories",
       [](World& w, const Caller&) {
         Req q;
         q.target = "/api/v1/categories";
         q.body = json{{"code", "01" + std::to_string(50 + w.counter++ % 49)},
                       {"name_zh", "矩阵分类"},
                       {"name_en", "Matrix category"},
                       {"accept_limit", "2wh"},
                       {"handle_normal", "5wd"},
                       {"handle_urgent", "2wd"},
                       {"handle_critical", "24h"},
                       {"handling_level", "township"}}
                      .dump();
         q.probe = "/api/v1/categories";
         return One(q);
       }},
      {"PATCH /api/v1/categories/{code}",
       [](World& w, const Caller&) {
         Req q;
         q.target = "/api/v1/categories/0101";
         q.body = json{{"version", VersionOf(w, q.target)}, {"name_en", "Garbage " + w.Fresh()}}.dump();
         q.probe = q.target;
         return One(q);
       }},
      {"PUT /api/v1/calendar",
       [](World& w, const Caller&) {
         Req q;
         q.target = "/api/v1/calendar";
         q.body = json{{"date", "2031-03-03"}, {"type", "holiday"}, {"name", "矩阵假日" + w.Fresh()}}.dump();
         q.probe = "/api/v1/calendar?year=2031";
         return One(q);
       }},
      {"DELETE /api/v1/calendar",
       [](World& w, const Caller&) {
         w.Must("calendar day", w.Admin("PUT", "/api/v1/calendar", {{"date", "2031-03-04"}, {"type", "holiday"}, {"name", "矩阵"}}));
         Req q;
         q.target = "/api/v1/calendar?date=2031-03-04";
         q.probe = "/api/v1/calendar?year=2031";
         return One(q);
       }},
      {"GET /api/v1/webhooks", [](World&, const Caller&) { return One("/api/v1/webhooks"); }},
      {"POST /api/v1/webhooks",
       [](World& w, const Caller& c) {
         auto v = CreatePair(
             w, c, [](World&, const Zone& z) { return json{{"url", "http://127.0.0.1:9/new"}, {"scope", z.township}}; },
             [](const Zone& z) { return z.township; }, [](const Zone&) { return "/api/v1/webhooks"; });
         for (Req& q : v) q.target = "/api/v1/webhooks";
         return v;
       }},
      {"PATCH /api/v1/webhooks/{id}",
       [](World& w, const Caller& c) {
         auto v = RecordPair(w, c, "webhook", "/api/v1/webhooks/{id}", "", [](World& w, const Rec& r) {
           int64_t version = 0;
           const Response hooks = w.Admin("GET", "/api/v1/webhooks");
           for (const json& h : hooks.Json()["items"])
             if (Int(h, "id") == r.id) version = Int(h, "version");
           return json{{"version", version}, {"active", true}, {"events", "*"}};
         });
         for (Req& q : v) q.probe = "/api/v1/webhooks";
         return v;
       }},
      {"GET /api/v1/webhooks/{id}/deliveries",
       [](World& w, const Caller& c) { return RecordPair(w, c, "webhook", "/api/v1/webhooks/{id}/deliveries"); }},
      // ---- Open311 (public; submissions need the api_key, which the sample carries)
      {"GET /open311/v2/discovery.json", [](World&, const Caller&) { return One("/open311/v2/discovery.json"); }},
      {"GET /open311/v2/discovery.xml", [](World&, const Caller&) { return One("/open311/v2/discovery.xml"); }},
      {"GET /open311/v2/services.json", [](World&, const Caller&) { return One("/open311/v2/services.json"); }},
      {"GET /open311/v2/services.xml", [](World&, const Caller&) { return One("/open311/v2/services.xml"); }},
      {"GET /open311/v2/requests.json", [](World&, const Caller&) { return One("/open311/v2/requests.json?page_size=5"); }},
      {"GET /open311/v2/requests.xml", [](World&, const Caller&) { return One("/open311/v2/requests.xml?page_size=5"); }},
      {"GET /open311/v2/services/{file}", [](World&, const Caller&) { return One("/open311/v2/services/0101.json"); }},
      {"GET /open311/v2/requests/{file}",
       [](World& w, const Caller&) { return One("/open311/v2/requests/" + w.tracking_no + ".json"); }},
      {"GET /open311/v2/tokens/{file}",
       [](World& w, const Caller&) { return One("/open311/v2/tokens/" + w.open311_token + ".json"); }},
  };
  return samples;
}

// Open311 submissions (both formats) and the engine actions (one route per rule of GET /api/v1/order-rules)
// by pattern; nullptr when the route has no sample.
Sample SampleFor(const World& w, const std::string& key) {
  const auto& s = Samples();
  if (auto it = s.find(key); it != s.end()) return it->second;
  if (key == "POST /open311/v2/requests.json" || key == "POST /open311/v2/requests.xml") {
    const std::string target = key.substr(5);
    return [target](World& w, const Caller&) {
      Req q;
      q.target = target;
      q.body = "api_key=" + UrlEncode(w.api_key) + "&service_code=0101&address_id=" + w.a.grid +
               "&description=" + UrlEncode("矩阵 Open311");
      q.content_type = "application/x-www-form-urlencoded";
      return One(q);
    };
  }
  const std::string prefix = "POST /api/v1/orders/{id}/";
  if (key.rfind(prefix, 0) == 0) {
    const std::string action = key.substr(prefix.size());
    if (!w.rule_from.count(action)) return nullptr;
    return [action](World& w, const Caller& c) { return OrderAction(w, c, action); };
  }
  return nullptr;
}

// ------------------------------------------------------------------------------------------------ running

// One operation of the served document and its declaration.
struct Op {
  std::string method, path, access;
  std::set<std::string> perms, roles;
  std::string key() const { return method + " " + path; }
};

std::vector<Op> Operations(const Server& server) {
  std::vector<Op> ops;
  Response r = server.Call("GET", "/api/v1/openapi.json");
  EXPECT_EQ(r.status, 200) << r.Brief();
  for (auto& [path, methods] : r.Json()["paths"].items())
    for (auto& [method, op] : methods.items()) {
      Op o;
      o.method = method;
      std::transform(o.method.begin(), o.method.end(), o.method.begin(), ::toupper);
      o.path = path;
      o.access = Str(op, "x-wangge-access");
      for (const json& p : op.value("x-wangge-permissions", json::array()))
        o.perms.insert(p.get<std::string>());
      for (const json& p : op.value("x-wangge-roles", json::array())) o.roles.insert(p.get<std::string>());
      ops.push_back(std::move(o));
    }
  return ops;
}

bool Holds(const Caller& c, const Op& op) {
  if (!op.roles.empty() && !op.roles.count(c.role)) return false;
  for (const std::string& p : op.perms)
    if (c.perms.count(p)) return true;
  return false;
}

// The newest audit row as the admin sees it: where AuditSince stops. Not the seq alone: on PostgreSQL each
// county has its own chain (docs/scale-out.md), so seqs of different counties are not comparable; the list
// is newest first by time there.
struct AuditMark {
  int64_t seq = 0;
  std::string at, place;
};
AuditMark NewestAuditMark() {
  Response r = Env().As("admin", "GET", "/api/v1/audit?limit=1");
  if (r.status != 200) {
    ADD_FAILURE() << "GET /api/v1/audit: " << r.Brief();
    return {};
  }
  const json j = r.Json();
  if (j["items"].empty()) return {};
  const json& row = j["items"][0];
  return AuditMark{Int(row, "seq"), Str(row, "at"), Str(row, "place_code")};
}

// Audit rows newer than the mark written by anyone but the scheduler (the user "system", whose time-limit
// alarms may fire at any moment).
std::vector<json> AuditSince(const AuditMark& mark) {
  std::vector<json> out;
  std::string after;
  for (int page = 0; page < 20; ++page) {
    Response r = Env().As("admin", "GET",
                          "/api/v1/audit?limit=200" + (after.empty() ? "" : "&after=" + UrlEncode(after)));
    if (r.status != 200) {
      out.push_back(json{{"error", r.Brief()}});
      return out;
    }
    for (const json& row : r.Json()["items"]) {
      if (Str(row, "at") < mark.at) return out;
      if (Int(row, "seq") == mark.seq && Str(row, "at") == mark.at && Str(row, "place_code") == mark.place)
        return out;
      if (Str(row, "username") != "system") out.push_back(row);
    }
    if (!r.Json()["next"].is_string()) return out;
    after = r.Json()["next"].get<std::string>();
  }
  return out;
}

struct Stats {
  int64_t requests = 0, allowed = 0, allowed_2xx = 0, denied = 0, refused_writes_checked = 0,
          order_actions_done = 0;
  std::vector<std::string> failures, allowed_not_2xx;
};

std::string SetText(const std::set<int>& s) {
  std::string out;
  for (int v : s) out += (out.empty() ? "" : "/") + std::to_string(v);
  return out;
}

void RunOne(World& w, const Op& op, const Caller& c, const Req& q, Stats& st) {
  const bool write = op.method != "GET";
  const std::string label = op.key() + " as " + c.name() + " [" + q.side + "] " + op.method + " " + q.target;
  // The expected answer.
  bool allow = false;
  std::set<int> refusals;
  std::string why;
  if (c.anonymous()) {
    allow = op.access == "public";
    refusals = {401};
    why = "no session";
  } else if (c.must_change && op.access != "public" && op.path != "/api/v1/me" &&
             op.path != "/api/v1/me/password" && op.path != "/api/v1/auth/logout") {
    refusals = {403};
    why = "the account must change its initial password first";
  } else if (op.access == "permission" && !Holds(c, op)) {
    refusals = {403};
    why = "the role holds none of the declared permissions";
  } else if (op.access == "public") {
    allow = true;
  } else if (!q.in_scope) {
    refusals = q.refusals;
    why = q.refusal_why;
  } else if (!q.action.empty()) {
    // The engine's own word on what this caller may do to this order now.
    Response mine = Env().server().Call("GET", "/api/v1/orders/" + std::to_string(q.order_id), c.token);
    if (mine.status != 200) {
      st.failures.push_back(label + ": the caller should see order " + std::to_string(q.order_id) +
                            " (OrderVisibility) but GET answers " + mine.Brief().substr(0, 200));
      return;
    }
    bool listed = false;
    for (const json& a : mine.Json()["actions"]) listed = listed || a == q.action;
    allow = listed;
    refusals = {403, 409};
    why = "the order's actions for this caller do not list " + q.action;
  } else {
    allow = true;
  }

  AuditMark seq;
  std::string before;
  if (write) {
    seq = NewestAuditMark();
    if (!q.probe.empty()) before = Env().As(q.probe_user, "GET", q.probe).body;
  }
  const std::string token = q.token.empty() ? c.token : q.token;
  Response r = Env().server().Call(op.method, q.target, token, q.body, q.body.empty() ? "" : q.content_type);
  ++st.requests;
  auto fail = [&](const std::string& msg) {
    st.failures.push_back(label + ": " + msg + "; got " + r.Brief().substr(0, 300));
  };

  if (r.status == 0 || r.status >= 500) {
    fail("no answer or a server error");
  } else if (allow) {
    if (r.status == 401 || r.status == 403 || r.status == 404) {
      fail("expected the gate to let it through (2xx or a validation 4xx)");
    } else {
      ++st.allowed;
      if (r.status >= 200 && r.status < 300) {
        ++st.allowed_2xx;
        if (q.check) {
          std::string msg = q.check(c, r);
          if (!msg.empty()) fail("allowed answer holds data it should not: " + msg);
        }
        if (!q.action.empty()) {
          ++st.order_actions_done;
          w.order_view.clear();  // states, assignees and call-ins moved on
        }
        if (op.key() == "POST /api/v1/orders") {  // a reported order more for the engine actions to work on
          const std::string place = Str(r.Json(), "place_code");
          w.orders.push_back(FixOrder{Int(r.Json(), "id"), Within(place, w.a.township) ? "A" : "B", "", 0});
        }
      } else {
        st.allowed_not_2xx.push_back(label + " -> " + r.Brief().substr(0, 240));
      }
    }
  } else if (!refusals.count(r.status)) {
    fail("expected " + SetText(refusals) + " (" + why + ")");
  } else {
    ++st.denied;
    if (r.status == 401 || r.status == 403 || r.status == 404) {
      auto problem = IsProblem(r, r.status);
      if (!problem) fail(std::string("a refusal must be problem+json in zh and en: ") + problem.message());
    }
  }
  // A write that did not succeed changed nothing.
  if (write && (r.status < 200 || r.status >= 300)) {
    ++st.refused_writes_checked;
    std::vector<json> rows = AuditSince(seq);
    if (!q.audited_refusal.empty() && !c.anonymous()) {
      if (rows.size() != 1 || Str(rows[0], "action") != q.audited_refusal ||
          Str(rows[0], "username") != c.user)
        fail("a refused write must leave exactly one " + q.audited_refusal + " row by " + c.user + ", got " +
             json(rows).dump().substr(0, 300));
    } else if (!rows.empty()) {
      fail("a refused write left audit rows: " + json(rows).dump().substr(0, 300));
    }
    if (!q.probe.empty()) {
      std::string after = Env().As(q.probe_user, "GET", q.probe).body;
      if (after != before)
        fail("a refused write changed " + q.probe + " (as " + q.probe_user + "): before " +
             before.substr(0, 200) + " after " + after.substr(0, 200));
    }
  }
}

TEST(AuthzMatrix, EveryRouteAsEveryRoleInsideAndOutsideTheJurisdiction) {
  const auto t0 = std::chrono::steady_clock::now();
  LoginAll();
  World w;
  w.Setup();
  ASSERT_TRUE(w.setup_errors.empty()) << [&] {
    std::string s;
    for (const auto& e : w.setup_errors) s += e + "\n";
    return s;
  }();
  const double setup_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<Op> ops = Operations(Env().server());
  ASSERT_GT(ops.size(), 50u);
  std::vector<Caller> callers;
  for (const auto& [user, c] : w.callers) callers.push_back(c);
  // A county command centre account still on its initial password: everything but /me, /me/password and
  // logout is 403 until it changes it.
  {
    Caller c = w.callers.at("county");
    c.user = "mx_initial_" + w.Fresh();
    Response made = Env().As("admin", "POST", "/api/v1/users",
                             json{{"username", c.user},
                                  {"role", "county_command"},
                                  {"place_code", c.scope},
                                  {"display_name", "矩阵初始密码"}});
    ASSERT_TRUE(IsStatus(made, 201));
    c.id = Int(made.Json(), "id");
    c.password = Str(made.Json(), "initial_password");
    Response login = Env().server().Login(c.user, c.password);
    ASSERT_TRUE(IsStatus(login, 200));
    ASSERT_TRUE(login.Json()["user"].value("must_change_password", false));
    c.token = Str(login.Json(), "token");
    c.must_change = true;
    callers.push_back(c);
  }
  callers.push_back(Caller{});  // no session

  Stats st;
  std::vector<std::string> missing;
  std::map<std::string, int64_t> per_access;
  std::vector<std::string> never_2xx;  // operations no caller carried out (the success path went unexercised)
  for (const Op& op : ops) {
    Sample sample = SampleFor(w, op.key());
    if (!sample) {
      missing.push_back(op.key());
      continue;
    }
    if (op.access != "public" && op.access != "signed-in" && op.access != "permission")
      st.failures.push_back(op.key() + ": x-wangge-access is '" + op.access + "'");
    const int64_t before = st.requests, allowed_2xx = st.allowed_2xx;
    for (const Caller& c : callers)
      for (const Req& q : sample(w, c)) RunOne(w, op, c, q, st);
    per_access[op.access] += st.requests - before;
    if (st.allowed_2xx == allowed_2xx) never_2xx.push_back(op.key());
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "authorization matrix: %zu operations x %zu callers (%zu demo accounts, one on its initial password, "
      "no session) x inside/outside\n",
      ops.size(), callers.size(), callers.size() - 2);
  std::printf("  requests (matrix size): %lld  [public %lld, signed-in %lld, permission %lld]\n",
              static_cast<long long>(st.requests), static_cast<long long>(per_access["public"]),
              static_cast<long long>(per_access["signed-in"]),
              static_cast<long long>(per_access["permission"]));
  std::printf("  allowed: %lld (2xx %lld, validation 4xx %lld; engine actions carried out %lld)\n",
              static_cast<long long>(st.allowed), static_cast<long long>(st.allowed_2xx),
              static_cast<long long>(st.allowed - st.allowed_2xx),
              static_cast<long long>(st.order_actions_done));
  std::printf("  denied: %lld (refused writes checked unchanged: %lld)\n", static_cast<long long>(st.denied),
              static_cast<long long>(st.refused_writes_checked));
  std::printf("  routes without a sample: %zu\n", missing.size());
  std::printf("  operations no caller carried out (2xx): %zu\n", never_2xx.size());
  for (const std::string& k : never_2xx) std::printf("    %s\n", k.c_str());
  std::printf("  failures: %zu\n", st.failures.size());
  std::printf("  time: %.1f s (fixtures %.1f s)\n", secs, setup_s);
  if (EnvFlag("WANGGE_AUTHZ_VERBOSE"))
    for (const std::string& s : st.allowed_not_2xx) std::printf("  allowed, not 2xx: %s\n", s.c_str());
  std::fflush(stdout);
  std::string missing_text;
  for (const std::string& m : missing) missing_text += "  " + m + "\n";
  EXPECT_TRUE(missing.empty())
      << "routes in the served OpenAPI document without a sample request: add them to "
         "Samples() in tests/authz/matrix_test.cpp\n"
      << missing_text;
  std::string failures;
  for (size_t i = 0; i < st.failures.size() && i < 60; ++i) failures += st.failures[i] + "\n";
  EXPECT_EQ(st.failures.size(), 0u) << failures;
}

// ------------------------------------------------------------------------------------------------ sessions

// A request to every operation that needs a session, path parameters filled with well-formed values (the 401
// comes before any lookup) and an empty JSON object as the body of a write.
std::vector<std::pair<Op, std::string>> SessionTargets(const Server& server) {
  std::vector<std::pair<Op, std::string>> out;
  for (const Op& op : Operations(server))
    if (op.access != "public")
      out.emplace_back(op, Fill(op.path, {{"id", "1"},
                                          {"code", "530326"},
                                          {"sha", std::string(64, 'a')},
                                          {"file", "x.json"},
                                          {"key", std::string(16, 'a')},
                                          {"community", "530326001001"},
                                          {"category", "1401"},
                                          {"doc", "1"},
                                          {"item", "1"}}));
  return out;
}

std::string RandomToken(std::mt19937_64& rng, size_t n = 43) {
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string t;
  for (size_t i = 0; i < n; ++i) t += chars[rng() % 64];
  return t;
}

// Each token against every route that needs a session, as a Bearer token and as the session cookie: 401.
void ExpectAll401(const Server& server, const std::vector<std::pair<std::string, std::string>>& tokens,
                  int64_t* checked, std::vector<std::string>* failures) {
  for (const auto& [op, target] : SessionTargets(server))
    for (const auto& [name, token] : tokens)
      for (bool cookie : {false, true}) {
        if (cookie && token.empty()) continue;
        Headers extra;
        if (cookie) extra.emplace_back("Cookie", "theme=dark; wangge_session=" + token);
        Response r = server.Call(op.method, target, cookie ? "" : token, op.method == "GET" ? "" : "{}",
                                 "application/json", extra);
        ++*checked;
        auto problem = IsProblem(r, 401);
        if (!problem || r.Header("www-authenticate").empty())
          failures->push_back(
              op.key() + " with " + name + (cookie ? " (cookie)" : "") + ": " +
              (problem ? std::string("no WWW-Authenticate") : std::string(problem.message())));
      }
}

TEST(AuthzSessions, EveryRouteNeedingASessionRefusesMissingForgedEndedAndExpiredSessions) {
  const auto t0 = std::chrono::steady_clock::now();
  const Server& server = Env().server();
  std::mt19937_64 rng(0x5eed);
  // A session that was logged out, and one of a user disabled since.
  const Account& county = Env().account("county");
  std::string ended = server.Login(county.username, county.password).Json().value("token", "");
  ASSERT_FALSE(ended.empty());
  ASSERT_TRUE(IsStatus(server.Call("POST", "/api/v1/auth/logout", ended), 200));
  const std::string name = "mx_disabled_" + std::to_string(::getpid());
  Response made = Env().As("admin", "POST", "/api/v1/users",
                           json{{"username", name},
                                {"role", "grid_worker"},
                                {"place_code", Env().place("gridworker")},
                                {"display_name", "矩阵停用"},
                                {"password", "Matrix12345pw"}});
  ASSERT_TRUE(IsStatus(made, 201));
  Response login = server.Login(name, "Matrix12345pw");
  ASSERT_TRUE(IsStatus(login, 200));
  const std::string disabled = login.Json().value("token", "");
  ASSERT_TRUE(IsStatus(
      Env().As("admin", "PATCH", "/api/v1/users/" + std::to_string(made.Json().value("id", int64_t{0})),
               json{{"disabled", true}}),
      200));
  // A live token with its last character changed.
  std::string live = Env().Token("county");
  std::string flipped = live;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  const std::vector<std::pair<std::string, std::string>> tokens = {
      {"no token", ""},
      {"a random token", RandomToken(rng)},
      {"a random token shaped like an API key", "wgk_" + RandomToken(rng)},
      {"a live token with one character changed", flipped},
      {"an over-long token", RandomToken(rng, 600)},
      {"a logged-out session", ended},
      {"a disabled user's session", disabled},
  };
  LoginAll();
  const AuditMark seq = NewestAuditMark();
  int64_t checked = 0;
  std::vector<std::string> failures;
  ExpectAll401(server, tokens, &checked, &failures);
  std::vector<json> rows = AuditSince(seq);
  EXPECT_TRUE(rows.empty()) << "refused requests left audit rows: " << json(rows).dump().substr(0, 600);

  // Expired: a second server whose sessions last 2 seconds, on a database of its own.
  fs::path dir = Env().work_dir() / "authz-ttl";
  fs::create_directories(dir);
  const std::string data = (dir / "data").string();
  std::string out;
  const std::vector<std::string> own_db = OwnDatabaseEnv("authz_ttl");
  ASSERT_EQ(
      RunCapture({WanggeBin(), "init", "--data-dir", data}, own_db, &out, (dir / "init.stderr").string()), 0)
      << out << ReadFile(dir / "init.stderr");
  ASSERT_EQ(RunCapture({WanggeBin(), "user", "add", "ttladmin", "--data-dir", data, "--role", "system_admin",
                        "--password", "TtlAdmin12345"},
                       own_db, &out, (dir / "user.stderr").string()),
            0)
      << out << ReadFile(dir / "user.stderr");
  Server ttl;
  std::string err;
  std::vector<std::string> ttl_env = own_db;
  ttl_env.push_back("WANGGE_SESSION_TTL=2");
  ASSERT_TRUE(ttl.Start(data, ttl_env, (dir / "server.log").string(), &err)) << err;
  Response tl = ttl.Login("ttladmin", "TtlAdmin12345");
  ASSERT_TRUE(IsStatus(tl, 200));
  const std::string expiring = tl.Json().value("token", "");
  ASSERT_TRUE(IsStatus(ttl.Call("GET", "/api/v1/me", expiring), 200));  // valid before it expires
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  ExpectAll401(ttl, {{"an expired session", expiring}}, &checked, &failures);
  ttl.Stop();

  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "sessions: %lld requests (no token, forged, logged out, disabled, expired; bearer and cookie) to %zu "
      "routes needing a session, failures %zu, %.1f s\n",
      static_cast<long long>(checked), SessionTargets(server).size(), failures.size(), secs);
  std::string text;
  for (size_t i = 0; i < failures.size() && i < 40; ++i) text += failures[i] + "\n";
  EXPECT_TRUE(failures.empty()) << text;
}

// ------------------------------------------------------------------------------------------------ id
// guessing

TEST(AuthzIdGuessing, SequentialIdsOfAnotherTownshipAre404WithNoData) {
  const auto t0 = std::chrono::steady_clock::now();
  const int64_t n = EnvFlag("WANGGE_AUTHZ_LONG") ? 400 : 40;
  const std::string ta = Env().place("township"), tb = Env().place("township2");
  struct Kind {
    std::string base;
    json patch;  // a write to try as well ("version" added); null: none
  };
  const std::vector<Kind> kinds = {{"people", {{"name", "猜测"}}},     {"households", {{"address", "猜测"}}},
                                   {"buildings", {{"name", "猜测"}}},  {"organizations", {{"name", "猜测"}}},
                                   {"party-orgs", {{"name", "猜测"}}}, {"orders", nullptr}};
  // Guessers in township A walk B's ids, and township B's official walks A's.
  const std::vector<std::pair<std::string, std::string>> guessers = {
      {"township", tb}, {"secretary", tb}, {"gridworker", tb}, {"resident", tb}, {"township2", ta}};
  // The small demo's rural townships have no buildings: a few in each grid worker's grid.
  for (const char* gw : {"gridworker", "gridworker2"})
    for (int i = 0; i < 5; ++i)
      ASSERT_TRUE(
          IsStatus(Env().As("admin", "POST", "/api/v1/buildings",
                            json{{"place_code", Env().place(gw)}, {"name", "猜测楼" + std::to_string(i)}}),
                   201));
  LoginAll();
  const AuditMark seq = NewestAuditMark();
  int64_t guesses = 0, outside = 0;
  std::vector<std::string> failures;
  for (const Kind& k : kinds) {
    const std::string base = "/api/v1/" + k.base;
    for (const auto& [guesser, victim] : guessers) {
      // What "no such record" looks like to this caller: the answer for an id that cannot exist.
      Response none = Env().As(guesser, "GET", base + "/999999999999");
      Response listed = Env().As("admin", "GET", base + "?limit=1000&scope=" + victim);
      int64_t first = 0;
      for (const json& item : listed.Json()["items"])
        if (first == 0 || Int(item, "id") < first) first = Int(item, "id");
      if (first == 0) {
        failures.push_back(k.base + ": no record of " + victim + " to start from");
        continue;
      }
      const Caller c = LoadCaller(guesser);
      for (int64_t id = first; id < first + n; ++id) {
        const std::string target = base + "/" + std::to_string(id);
        Response adm = Env().As("admin", "GET", target);
        const std::string place = Str(adm.Json(), "place_code");
        const bool visible =
            adm.status == 200 && (k.base == "orders" ? SeesOrder(c, adm.Json()) : Within(place, c.scope));
        if (visible) continue;  // the caller's own: not a guess
        ++outside;
        Response r = Env().As(guesser, "GET", target);
        ++guesses;
        // 404 exactly like an id that does not exist (or 403 for a role without the read permission at all).
        if (!(r.status == none.status && r.body == none.body && (r.status == 404 || r.status == 403)))
          failures.push_back("GET " + target + " as " + guesser + " (record at " + place +
                             "): " + r.Brief().substr(0, 200) +
                             " — not the same as for a missing id: " + none.Brief().substr(0, 120));
        if (!k.patch.is_null() && adm.status == 200) {
          json body = k.patch;
          body["version"] = Int(adm.Json(), "version");
          Response w = Env().As(guesser, "PATCH", target, body);
          Response w_none = Env().As(guesser, "PATCH", base + "/999999999999", body);
          ++guesses;
          if (!(w.status == w_none.status && w.body == w_none.body && (w.status == 404 || w.status == 403)))
            failures.push_back("PATCH " + target + " as " + guesser + ": " + w.Brief().substr(0, 200));
          if (Env().As("admin", "GET", target).body != adm.body)
            failures.push_back("PATCH " + target + " changed it");
        }
        if (k.base == "orders") {
          Response act =
              Env().As(guesser, "POST", target + "/supervise", json{{"strength", 1}, {"note", "猜测"}});
          Response act_none = Env().As(guesser, "POST", base + "/999999999999/supervise",
                                       json{{"strength", 1}, {"note", "猜测"}});
          ++guesses;
          if (!(act.status == act_none.status && act.body == act_none.body))
            failures.push_back("POST " + target + "/supervise as " + guesser + ": " +
                               act.Brief().substr(0, 200) + " vs missing id " +
                               act_none.Brief().substr(0, 120));
        }
      }
    }
  }
  std::vector<json> rows = AuditSince(seq);
  EXPECT_TRUE(rows.empty()) << "guesses left audit rows: " << json(rows).dump().substr(0, 600);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "id guessing: %lld guesses at %lld records of another township (%lld sequential ids per kind and "
      "caller), failures %zu, %.1f s\n",
      static_cast<long long>(guesses), static_cast<long long>(outside), static_cast<long long>(n),
      failures.size(), secs);
  std::string text;
  for (size_t i = 0; i < failures.size() && i < 40; ++i) text += failures[i] + "\n";
  EXPECT_TRUE(failures.empty()) << text;
}

// Class 10 特殊人群 orders, for every demo account: read by id only by the roles that may see sensitive
// groups (and those the order was given to), never in another role's lists, category indicators or department
// figures, never in public (/track, the board, Open311). A grid worker it is dispatched to sees it then, and
// in its to-do list.
TEST(AuthzSensitiveOrders, SeenOnlyByTheSensitiveRolesAndThoseItIsGivenTo) {
  const std::string grid = Env().place("gridworker");
  auto [lon, lat] = GridCentre(grid).value_or(std::make_pair(0.0, 0.0));
  Response made = Env().As(
      "county", "POST", "/api/v1/orders",
      json{{"category", "1001"}, {"description", "社区矫正对象近期情况异常"}, {"lat", lat}, {"lon", lon}});
  ASSERT_EQ(made.status, 201) << made.Brief();
  const int64_t id = made.Json()["id"].get<int64_t>();
  const std::string code = made.Json().value("track_code", "");
  const std::string path = "/api/v1/orders/" + std::to_string(id);
  auto check_all = [&](const std::string& when) {
    const json view = Env().As("admin", "GET", path).Json();
    for (const auto& [user, acc] : Env().accounts()) {
      const Caller c = LoadCaller(user);
      if (c.must_change) continue;
      const bool sees = SeesOrder(c, view);
      Response one = Env().server().Call("GET", path, c.token);
      EXPECT_EQ(one.status, sees ? 200 : (c.perms.count("order.read") ? 404 : 403))
          << when << ": GET " << path << " as " << c.name() << ": " << one.Brief();
      Response list = Env().server().Call("GET", "/api/v1/orders?category=10&limit=1000", c.token);
      if (list.status == 200) {
        for (const json& o : list.Json()["items"]) {
          EXPECT_TRUE(
              SeesOrder(c, Env().As("admin", "GET", "/api/v1/orders/" + std::to_string(Int(o, "id"))).Json()))
              << when << ": " << c.name() << " lists class-10 order " << Int(o, "id");
        }
      }
      Response todo = Env().server().Call("GET", "/api/v1/orders?mine=todo&limit=1000", c.token);
      bool listed = false;
      if (todo.status == 200)
        for (const json& o : todo.Json()["items"]) listed = listed || Int(o, "id") == id;
      if (listed) {
        EXPECT_TRUE(sees) << when << ": " << c.name() << " has it in its to-do list";
      }
      Response ind = Env().server().Call("GET", "/api/v1/indicators?group_by=category", c.token);
      if (ind.status == 200 && !c.perms.count("sensitive.read")) {
        for (const json& g : ind.Json()["groups"]) {
          EXPECT_NE(Str(g, "key").rfind("10", 0), 0u)
              << when << ": " << c.name() << " sees category " << Str(g, "key");
        }
      }
    }
  };
  check_all("reported");
  // Public: never, not even with its tracking code.
  EXPECT_EQ(Env().server().Call("GET", "/api/v1/track?no=" + code).status, 404);
  EXPECT_EQ(Env()
                .server()
                .Call("GET", "/open311/v2/requests/" + made.Json().value("tracking_no", "") + ".json")
                .status,
            404);
  // Given to the grid worker: from then on it sees the order and has it to do.
  const std::string cmd = Env().place("township").size() == 9 && grid.rfind(Env().place("township"), 0) == 0
                              ? "township"
                              : "county";
  ASSERT_EQ(Env().As(cmd, "POST", path + "/accept").status, 200);
  ASSERT_EQ(
      Env()
          .As(cmd, "POST", path + "/dispatch",
              json{{"target_place", grid}, {"override_catalogue", true}, {"reason", "由网格员上门核实"}})
          .status,
      200)
      << Env().As(cmd, "GET", path).Brief();
  Response gw = Env().As("gridworker", "GET", path);
  EXPECT_EQ(gw.status, 200) << gw.Brief();
  Response todo = Env().As("gridworker", "GET", "/api/v1/orders?mine=todo&limit=1000");
  bool listed = false;
  for (const json& o : todo.Json()["items"]) listed = listed || Int(o, "id") == id;
  EXPECT_TRUE(listed) << "the grid worker it was given to has it in its to-do list";
  check_all("dispatched to the grid");
}

}  // namespace
}  // namespace wangge::e2e
