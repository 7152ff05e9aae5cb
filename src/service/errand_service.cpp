#include "service/errand_service.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/notify_service.hpp"
#include "service/order_actions.hpp"
#include "service/order_parties.hpp"
#include "storage/people_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using order::Kind;
using order::State;
using json = nlohmann::json;

constexpr int kMaxUserPages = 50;     // 200 accounts a page
constexpr int kMaxRosterPages = 100;  // 500 households a page
constexpr int kMaxMembers = 30;       // members listed of one household
constexpr int kMaxHall = 100;         // open errands listed for a runner

storage::PageRequest Page(int limit, std::string after = "") {
  storage::PageRequest p;
  p.limit = limit;
  p.after = std::move(after);
  return p;
}

// The accounts living or working in `scope` (users by place prefix), page by page.
Result<std::vector<User>> UsersIn(storage::Tx& tx, const std::string& scope) {
  std::vector<User> out;
  storage::PageRequest page = Page(200);
  for (int i = 0; i < kMaxUserPages; ++i) {
    ASSIGN_OR_RETURN(auto got, tx.users().List(scope, page));
    for (User& u : got.items) out.push_back(std::move(u));
    if (got.next.empty()) break;
    page.after = got.next;
  }
  return out;
}

Result<std::vector<MemberView>> Members(storage::Tx& tx, int64_t household_id) {
  storage::PersonQuery q;
  q.household_id = household_id;
  q.page = Page(kMaxMembers);
  ASSIGN_OR_RETURN(auto people, tx.people().Search(q));
  std::vector<MemberView> out;
  for (const Person& p : people.items) out.push_back({p.id, MaskName(p.name)});
  return out;
}

// The household, live; RecordNotFound when absent or retired.
Result<Household> LiveHousehold(storage::Tx& tx, int64_t id) {
  auto h = tx.people().GetHousehold(id);
  if (!h.ok()) return h.status().code() == StatusCode::kNotFound ? RecordNotFound() : h.status();
  if (h->retired || h->place_code.size() < 12) return RecordNotFound();
  return *h;
}

Result<std::string> NameOf(storage::Tx& tx, int64_t user_id) {
  auto u = tx.users().Get(user_id);
  if (!u.ok())
    return u.status().code() == StatusCode::kNotFound ? std::string() : Result<std::string>(u.status());
  return u->display_name;
}

// The errand's order as the one running it may change its documents: visible to them, of kind errand,
// being run by them now.
Result<order::Order> RunningOrder(storage::Tx& tx, const Principal& who, int64_t id) {
  auto o = tx.orders().Get(id);
  if (!o.ok()) return o.status().code() == StatusCode::kNotFound ? RecordNotFound() : o.status();
  RETURN_IF_ERROR(KindFacts(tx, &*o));
  ASSIGN_OR_RETURN(auto callins, tx.orders().Callins(id));
  if (o->kind != Kind::kErrand || !CanSee(who, *o, callins)) return RecordNotFound();
  if (!HasPermission(who.role, Permission::kServiceProvide) || !o->handler_user_id ||
      *o->handler_user_id != who.user_id)
    return PermissionDenied("只有承办该事项的代办员可以登记材料",
                            "only the runner running it records documents");
  if (o->state != State::kHandling)
    return FailedPrecondition("只有代办中的事项可以登记收取或归还材料",
                              "documents are recorded while the errand is being run");
  return *o;
}

}  // namespace

std::string_view AuthorisationNameZh(std::string_view a) {
  if (a == "in_person") return "当面委托";
  if (a == "phone") return "电话委托";
  if (a == "written") return "书面委托";
  return "";
}

Result<std::string> ErrandService::CommunityOf(const Principal& who, const std::string& community) {
  if (community.empty()) {
    if (who.scope.size() < 12)
      return InvalidArgument("请指定村(社区)", "name the community (community)", "community");
    return who.scope.substr(0, 12);
  }
  auto lvl = ParseCode(community);
  if (!lvl.ok() || *lvl != Level::kVillage)
    return InvalidArgument("村(社区)编码应为 12 位", "community must be a 12-digit village code",
                           "community");
  if (!Authz::InScope(who, community))
    return PermissionDenied("该村(社区)不在您的管辖范围内", "the community is outside your jurisdiction");
  return community;
}

Result<RosterView> ErrandService::Roster(const Ctx& ctx, const std::string& community) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  ASSIGN_OR_RETURN(std::string code, CommunityOf(who, community));  // in the caller's jurisdiction
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  RosterView out;
  out.community = code;
  if (auto p = tx->places().Get(code); p.ok()) out.community_name = p->name;
  ASSIGN_OR_RETURN(auto rows, tx->errands().Runners(code));
  std::map<int64_t, storage::ErrandRunner> by_household;
  std::map<int64_t, int> counts;
  for (const auto& r : rows) {
    by_household[r.household_id] = r;
    ++counts[r.runner_user_id];
  }
  std::map<int64_t, std::string> names;
  ASSIGN_OR_RETURN(auto runners, ProviderAccounts(*tx, code));
  for (User& u : runners) {
    names[u.id] = u.display_name;
    const int n = counts.contains(u.id) ? counts[u.id] : 0;
    out.runners.push_back({std::move(u), n});
  }
  storage::PageRequest page = Page(500);
  for (int i = 0; i < kMaxRosterPages; ++i) {
    ASSIGN_OR_RETURN(auto got, tx->people().Households(code, page));
    for (Household& h : got.items) {
      if (h.retired) continue;
      RosterHousehold rh;
      if (auto it = by_household.find(h.id); it != by_household.end()) {
        rh.runner = it->second;
        if (!names.contains(it->second.runner_user_id)) {
          ASSIGN_OR_RETURN(names[it->second.runner_user_id], NameOf(*tx, it->second.runner_user_id));
        }
        rh.runner_name = names[it->second.runner_user_id];
      }
      rh.household = std::move(h);
      out.households.push_back(std::move(rh));
    }
    if (got.next.empty()) break;
    page.after = got.next;
  }
  return out;
}

Result<RosterHousehold> ErrandService::SetRunner(const Ctx& ctx, int64_t household_id, int64_t runner_user_id,
                                                 int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  if (version < 0) return InvalidArgument("version 无效", "invalid version", "version");
  RosterHousehold out;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Household h, LiveHousehold(tx, household_id));
    const std::string community = h.place_code.substr(0, 12);
    if (!Authz::InScope(who, community)) return RecordNotFound();
    const Status not_runner = InvalidArgument("代办员须为本村(社区)已关联一张表人员的党员或志愿者账号",
                                              "the runner must be a linked party member or volunteer account "
                                              "of the household's community",
                                              "runner_user_id");
    auto u = tx.users().Get(runner_user_id);
    if (!u.ok()) return u.status().code() == StatusCode::kNotFound ? not_runner : u.status();
    if (!u->person_id || !AccountProvidesIn(*u, community)) return not_runner;
    ASSIGN_OR_RETURN(auto covered, tx.errands().CoveredBy(runner_user_id));
    const auto others = std::count_if(covered.begin(), covered.end(), [&](const storage::ErrandRunner& r) {
      return r.household_id != household_id;
    });
    if (others >= kMaxHouseholds)
      return Conflict(u->display_name + " 已包联 " + std::to_string(others) + " 户，每名代办员最多包联 " +
                          std::to_string(kMaxHouseholds) + " 户",
                      "the runner covers " + std::to_string(others) + " households already; at most " +
                          std::to_string(kMaxHouseholds),
                      "runner_user_id");
    storage::ErrandRunner r;
    r.household_id = household_id;
    r.place_code = community;
    r.runner_user_id = runner_user_id;
    r.assigned_by = who.user_id;
    r.assigned_at = storage::NowUnix();
    r.version = version;
    RETURN_IF_ERROR(tx.errands().PutRunner(&r));
    out.household = std::move(h);
    out.runner = r;
    out.runner_name = u->display_name;
    return Audit(tx, ctx, "errand.runner", "household", std::to_string(household_id), community,
                 json{{"runner_user_id", runner_user_id}, {"version", r.version}}.dump());
  }));
  return out;
}

Status ErrandService::RemoveRunner(const Ctx& ctx, int64_t household_id, int64_t version) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceManage));
  return db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(Household h, LiveHousehold(tx, household_id));
    const std::string community = h.place_code.substr(0, 12);
    if (!Authz::InScope(who, community)) return RecordNotFound();
    RETURN_IF_ERROR(tx.errands().RemoveRunner(household_id, version));
    return Audit(tx, ctx, "errand.runner_removed", "household", std::to_string(household_id), community,
                 json{{"version", version}}.dump());
  });
}

Result<std::vector<HouseholdView>> ErrandService::Covered(const Ctx& ctx) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kServiceProvide));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto rows, tx->errands().CoveredBy(who.user_id));
  std::vector<HouseholdView> out;
  for (const auto& r : rows) {
    auto h = LiveHousehold(*tx, r.household_id);
    if (!h.ok()) continue;
    HouseholdView v;
    v.household = std::move(*h);
    ASSIGN_OR_RETURN(v.members, Members(*tx, r.household_id));
    v.runner_user_id = who.user_id;
    v.runner_name = who.display_name;
    out.push_back(std::move(v));
  }
  return out;
}

Result<HouseholdView> ErrandService::OwnHousehold(const Ctx& ctx) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderReport));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(User u, tx->users().Get(who.user_id));
  const Status none = NotFound("您的账号未关联一张表中的住户，请联系社区",
                               "your account is linked to no household of the register");
  if (!u.person_id) return none;
  auto p = tx->people().GetPerson(*u.person_id);
  if (!p.ok() || !p->household_id) return none;
  auto h = LiveHousehold(*tx, *p->household_id);
  if (!h.ok()) return none;
  HouseholdView v;
  v.household = std::move(*h);
  ASSIGN_OR_RETURN(v.members, Members(*tx, v.household.id));
  ASSIGN_OR_RETURN(auto r, tx->errands().RunnerOf(v.household.id));
  if (r) {
    v.runner_user_id = r->runner_user_id;
    ASSIGN_OR_RETURN(v.runner_name, NameOf(*tx, r->runner_user_id));
  }
  return v;
}

Result<ErrandView> ErrandService::Create(const Ctx& ctx, ErrandInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kOrderReport));
  if (AuthorisationNameZh(in.authorisation).empty())
    return InvalidArgument("委托方式只能是当面委托、电话委托或书面委托",
                           "authorisation must be in_person, phone or written", "authorisation");
  ReportInput r;
  storage::Errand e;
  e.authorisation = in.authorisation;
  std::optional<int64_t> runner;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(User me, tx->users().Get(who.user_id));
    std::optional<int64_t> my_household;
    if (me.person_id) {
      auto p = tx->people().GetPerson(*me.person_id);
      if (p.ok()) my_household = p->household_id;
    }
    if (!in.household_id) {
      if (!my_household)
        return InvalidArgument("请指定委托代办的户（household_id）", "name the household (household_id)",
                               "household_id");
      in.household_id = my_household;
    }
    ASSIGN_OR_RETURN(Household h, LiveHousehold(*tx, *in.household_id));
    ASSIGN_OR_RETURN(auto row, tx->errands().RunnerOf(h.id));
    if (row) runner = row->runner_user_id;
    const bool member = my_household && *my_household == h.id;
    const bool is_runner = runner && *runner == who.user_id;
    const bool staff =
        HasPermission(who.role, Permission::kServiceManage) && Authz::InScope(who, h.place_code);
    if (!member && !is_runner && !staff)
      return PermissionDenied("只能为本户、您包联的户或管辖范围内的户委托代办",
                              "errands are asked for one's own household, a household one covers as its "
                              "runner, or one in one's jurisdiction");
    if (!in.authoriser_person_id) {
      if (!member)
        return InvalidArgument("请选择委托人（该户成员）", "name the household member who authorised it",
                               "authoriser_person_id");
      in.authoriser_person_id = me.person_id;
    }
    auto a = tx->people().GetPerson(*in.authoriser_person_id);
    if (!a.ok() || !a->household_id || *a->household_id != h.id)
      return InvalidArgument("委托人须为该户成员", "the authoriser must be a member of the household",
                             "authoriser_person_id");
    e.household_id = h.id;
    e.authoriser_person_id = a->id;
    // The order is located in the household's grid (a household unit is finer than orders go).
    r.place_code = h.place_code.substr(0, std::min<size_t>(15, h.place_code.size()));
    if (!(member && me.person_id == a->id)) {
      // Registered for the member who authorised it: they are the reporter (they rate it), through their own
      // account when they have one.
      r.for_someone = true;
      r.reporter_name = a->name;
      ASSIGN_OR_RETURN(auto users, UsersIn(*tx, h.place_code.substr(0, 12)));
      for (const User& u : users)
        if (u.person_id == a->id && !u.disabled) r.for_user = u.id;
    }
  }
  r.kind = Kind::kErrand;
  r.category = std::move(in.category);
  r.title = std::move(in.title);
  r.description = std::move(in.description);
  r.also = [&](storage::Tx& tx, const order::Order& o) -> Status {
    e.order_id = o.id;
    e.created_at = o.received_at;
    RETURN_IF_ERROR(tx.errands().InsertErrand(e));
    if (runner && *runner != who.user_id)
      RETURN_IF_ERROR(NotifyService::Notify(tx, {*runner}, who.user_id, "errand", o.id,
                                            "新的代办委托，请接办", NotificationText(o), o.received_at));
    return Status::Ok();
  };
  ASSIGN_OR_RETURN(OrderView v, orders_->Report(ctx, std::move(r)));
  return Get(ctx, v.o.id);
}

Result<ErrandView> ErrandService::Get(const Ctx& ctx, int64_t id) {
  ASSIGN_OR_RETURN(OrderView v, orders_->Get(ctx, id));
  if (v.o.kind != Kind::kErrand) return RecordNotFound();
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ErrandView out;
  ASSIGN_OR_RETURN(auto e, tx->errands().GetErrand(id));
  if (!e) return RecordNotFound();
  out.errand = *e;
  if (auto h = tx->people().GetHousehold(e->household_id); h.ok()) out.household = std::move(*h);
  if (auto a = tx->people().GetPerson(e->authoriser_person_id); a.ok())
    out.authoriser_name =
        v.contact_visible || ctx.who.user_id == v.o.reporter_user_id ? a->name : MaskName(a->name);
  ASSIGN_OR_RETURN(out.documents, tx->errands().Documents(id));
  out.held =
      static_cast<int>(std::count_if(out.documents.begin(), out.documents.end(),
                                     [](const storage::ErrandDocument& d) { return d.returned_at == 0; }));
  out.order = std::move(v);
  return out;
}

Result<std::vector<OrderView>> ErrandService::Hall(const Ctx& ctx) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kServiceProvide));
  std::vector<int64_t> ids;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(ids, tx->errands().OpenFor(ctx.who.user_id, kMaxHall));
  }
  std::vector<OrderView> out;
  for (int64_t id : ids) {
    auto v = orders_->Get(ctx, id);
    if (v.ok()) out.push_back(std::move(*v));
  }
  return out;
}

Result<storage::ErrandDocument> ErrandService::AddDocument(const Ctx& ctx, int64_t id,
                                                           const std::string& name, int copies) {
  const Principal& who = ctx.who;
  ASSIGN_OR_RETURN(std::string clean, CleanText(name, "name", 30, true));
  if (copies < 1 || copies > 99) return InvalidArgument("份数应为 1-99", "copies must be 1-99", "copies");
  storage::ErrandDocument d;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(order::Order o, RunningOrder(tx, who, id));
    d.order_id = id;
    d.name = clean;
    d.copies = copies;
    d.received_at = storage::NowUnix();
    d.received_by = who.user_id;
    RETURN_IF_ERROR(tx.errands().AddDocument(&d));
    return Audit(tx, ctx, "errand.document_received", "order", std::to_string(id), o.place_code,
                 json{{"document", d.id}, {"name", d.name}, {"copies", copies}}.dump());
  }));
  return d;
}

Result<storage::ErrandDocument> ErrandService::ReturnDocument(const Ctx& ctx, int64_t id, int64_t doc_id,
                                                              int64_t version) {
  const Principal& who = ctx.who;
  storage::ErrandDocument d;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(order::Order o, RunningOrder(tx, who, id));
    ASSIGN_OR_RETURN(auto docs, tx.errands().Documents(id));
    auto it = std::find_if(docs.begin(), docs.end(), [&](const auto& x) { return x.id == doc_id; });
    if (it == docs.end()) return RecordNotFound();
    if (it->returned_at != 0)
      return Conflict("该材料已于此前登记归还", "the document was returned already", "version");
    d = *it;
    d.version = version;
    d.returned_at = storage::NowUnix();
    d.returned_by = who.user_id;
    RETURN_IF_ERROR(tx.errands().ReturnDocument(&d));
    return Audit(tx, ctx, "errand.document_returned", "order", std::to_string(id), o.place_code,
                 json{{"document", d.id}, {"name", d.name}}.dump());
  }));
  return d;
}

}  // namespace wangge::service
