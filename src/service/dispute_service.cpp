#include "service/dispute_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/citizen_id.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/order_parties.hpp"
#include "storage/disputes_repo.hpp"
#include "storage/orders_repo.hpp"

namespace wangge::service {
namespace {

using json = nlohmann::json;
using order::Order;

constexpr size_t kMaxParties = 20;
constexpr int kHistoryLimit = 100;

bool Has(const Principal& p, Permission perm) { return HasPermission(p.role, perm); }

// Whether the caller sees the parties of `o` in clear: the 综治 roles in scope, and the case's mediators.
bool SeesPartiesInClear(const Principal& who, const Order& o) {
  if (Has(who, Permission::kSensitiveRead) && IsWithin(o.place_code, who.scope)) return true;
  return who.role == Role::kMediator && (RelationsOf(who, o, {}) & order::kRelAssignee) != 0;
}

}  // namespace

Result<std::vector<PartyView>> DisputeService::Parties(storage::Tx& tx, const Ctx&, const Order& o,
                                                       bool clear) {
  ASSIGN_OR_RETURN(auto parties, tx.disputes().Parties(o.id));
  std::vector<PartyView> out;
  for (dispute::Party& p : parties) {
    PartyView v;
    if (clear) {
      ASSIGN_OR_RETURN(p.name, cipher_->Decrypt(p.name_enc));
      if (!p.cid_enc.empty()) {
        ASSIGN_OR_RETURN(p.citizen_id, cipher_->Decrypt(p.cid_enc));
      }
      if (!p.phone_enc.empty()) {
        ASSIGN_OR_RETURN(p.phone, cipher_->Decrypt(p.phone_enc));
      }
      v.clear = true;
    }
    v.p = std::move(p);
    out.push_back(std::move(v));
  }
  return out;
}

Result<DisputeView> DisputeService::Register(const Ctx& ctx, DisputeInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kDisputeRegister));
  if (in.parties.size() < 2 || in.parties.size() > kMaxParties)
    return InvalidArgument("纠纷须登记 2 至 20 方当事人", "a dispute needs 2 to 20 parties", "parties");
  bool applicant = false;
  for (size_t i = 0; i < in.parties.size(); ++i) {
    dispute::Party& p = in.parties[i];
    RETURN_IF_ERROR(dispute::ValidateParty(&p, "parties[" + std::to_string(i) + "]"));
    dispute::SealParty(*cipher_, &p);
    applicant = applicant || p.role == "applicant";
  }
  if (!applicant)
    return InvalidArgument("至少要有一方申请人", "at least one party is the applicant", "parties");

  ReportInput r;
  r.kind = order::Kind::kDispute;
  r.category = in.category;
  r.place_code = in.place_code;
  r.title = in.title;
  r.description = in.description;
  r.address = in.address;
  r.lat = in.lat;
  r.lon = in.lon;
  r.urgency = in.urgency;
  if (in.from_order) {
    // 一键转为矛盾纠纷案件: the event must be one the caller sees, of a dispute category, not yet a case.
    const Status unknown =
        InvalidArgument("要转为纠纷案件的事件不存在或不在您的辖区",
                        "the event to convert does not exist or is not yours to see", "from_order");
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    auto e = tx->orders().Get(*in.from_order);
    if (!e.ok()) return e.status().code() == StatusCode::kNotFound ? unknown : e.status();
    ASSIGN_OR_RETURN(auto callins, tx->orders().Callins(e->id));
    if (!CanSee(who, *e, callins) || e->kind != order::Kind::kEvent) return unknown;
    if (e->category.substr(0, 2) != order::SpecOf(order::Kind::kDispute).category_class)
      return InvalidArgument("只有矛盾纠纷类事件可以转为纠纷案件", "only an event of class 08 becomes a case",
                             "from_order");
    if (e->linked_order)
      return Conflict("该事件已转为纠纷案件 " + std::to_string(*e->linked_order),
                      "the event already became case " + std::to_string(*e->linked_order), "from_order");
    if (order::IsTerminal(e->state))
      return FailedPrecondition("该事件已结束，不能再转为纠纷案件", "the event has ended");
    if (r.place_code.empty() && !r.lat) {  // where the event was: its point (located to its grid) or place
      r.place_code = e->place_code;
      r.lat = e->lat;
      r.lon = e->lon;
    }
    if (r.category.empty()) r.category = e->category;
    if (r.title.empty()) r.title = e->title;
    if (r.description.empty()) r.description = e->description;
    if (r.address.empty()) r.address = e->address;
    r.linked_order = e->id;
  }
  const std::optional<int64_t> from = in.from_order;
  std::vector<dispute::Party>& parties = in.parties;
  r.also = [&](storage::Tx& tx, const Order& o) -> Status {
    for (dispute::Party& p : parties) {
      p.order_id = o.id;
      p.created_at = o.received_at;
      RETURN_IF_ERROR(tx.disputes().InsertParty(&p));
    }
    json detail = {{"parties", parties.size()}};
    if (from) {
      ASSIGN_OR_RETURN(Order e, tx.orders().Get(*from));
      if (e.linked_order)
        return Conflict("该事件已转为纠纷案件", "the event already became a case", "from_order");
      e.linked_order = o.id;
      e.updated_at = o.received_at;
      RETURN_IF_ERROR(tx.orders().Update(e));
      detail["from_order"] = *from;
    }
    return Audit(tx, ctx, "dispute.register", "order", std::to_string(o.id), o.place_code, detail.dump());
  };
  ASSIGN_OR_RETURN(OrderView v, orders_->Report(ctx, std::move(r)));
  return Get(ctx, v.o.id);
}

Result<DisputeView> DisputeService::Get(const Ctx& ctx, int64_t id) {
  ASSIGN_OR_RETURN(OrderView v, orders_->Get(ctx, id));
  if (v.o.kind != order::Kind::kDispute) return RecordNotFound();
  DisputeView out;
  {
    ASSIGN_OR_RETURN(auto tx, db_->Read());
    ASSIGN_OR_RETURN(out.parties, Parties(*tx, ctx, v.o, false));
    ASSIGN_OR_RETURN(out.agreement, tx->disputes().GetAgreement(id));
  }
  out.order = std::move(v);
  return out;
}

Result<DisputeView> DisputeService::UnmaskParties(const Ctx& ctx, int64_t id, const std::string& purpose_in) {
  ASSIGN_OR_RETURN(DisputeView out, Get(ctx, id));
  if (!SeesPartiesInClear(ctx.who, out.order.o))
    return PermissionDenied("只有综治中心和本案调解员可以查看当事人明文信息",
                            "only the 综治 roles and the case's mediators see the parties in clear");
  ASSIGN_OR_RETURN(std::string purpose, CleanPurpose(purpose_in));
  // Who read whose personal data and why, durably, before it is answered.
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    return Audit(tx, ctx, "dispute.parties.unmask", "order", std::to_string(id), out.order.o.place_code,
                 json{{"purpose", purpose}, {"parties", out.parties.size()}}.dump());
  }));
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(out.parties, Parties(*tx, ctx, out.order.o, true));
  return out;
}

Status AddCasePeople(storage::Database* db, storage::Page<OrderView>* page) {
  if (page->items.empty()) return Status::Ok();
  ASSIGN_OR_RETURN(auto tx, db->Read());
  for (OrderView& v : page->items) {
    ASSIGN_OR_RETURN(auto parties, tx->disputes().Parties(v.o.id));
    for (const dispute::Party& p : parties) v.people.push_back(p.name_masked);
  }
  return Status::Ok();
}

Result<storage::Page<OrderView>> DisputeService::List(const Ctx& ctx, OrderFilter f) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kDisputeRegister));
  f.kind = order::Kind::kDispute;
  ASSIGN_OR_RETURN(auto page, orders_->List(ctx, f));
  RETURN_IF_ERROR(AddCasePeople(db_, &page));
  return page;
}

Result<dispute::Agreement> DisputeService::PutAgreement(const Ctx& ctx, int64_t id, dispute::Agreement a) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kDisputeMediate));
  RETURN_IF_ERROR(dispute::ValidateAgreement(&a));
  const int64_t now = orders_->Now();
  Status st = db_->Write([&](storage::Tx& tx) -> Status {
    auto o = tx.orders().Get(id);
    if (!o.ok()) return o.status().code() == StatusCode::kNotFound ? RecordNotFound() : o.status();
    ASSIGN_OR_RETURN(auto callins, tx.orders().Callins(id));
    if (o->kind != order::Kind::kDispute || !CanSee(who, *o, callins)) return RecordNotFound();
    if (!(RelationsOf(who, *o, callins) & order::kRelAssignee))
      return PermissionDenied("您不是本案的调解员", "you are not a mediator of this case");
    if (o->state != order::State::kHandling)
      return FailedPrecondition("调解协议书只能在调解中录入或修改",
                                "the agreement is recorded while the case is being mediated");
    ASSIGN_OR_RETURN(auto parties, tx.disputes().Parties(id));
    for (int64_t signer : a.signed_by)
      if (std::none_of(parties.begin(), parties.end(),
                       [&](const dispute::Party& p) { return p.id == signer; }))
        return InvalidArgument("签名的当事人 " + std::to_string(signer) + " 不是本案当事人",
                               "party " + std::to_string(signer) + " is not a party to this case",
                               "signed_by");
    a.order_id = id;
    a.recorded_by = who.user_id;
    a.updated_at = now;
    if (!a.signed_by.empty()) a.signed_at = now;
    ASSIGN_OR_RETURN(a.version, tx.disputes().PutAgreement(a));
    return Audit(tx, ctx, "dispute.agreement", "order", std::to_string(id), o->place_code,
                 json{{"version", a.version}, {"signed", a.signed_by.size()}}.dump());
  });
  RETURN_IF_ERROR(st);
  return a;
}

Result<std::vector<DisputeView>> DisputeService::History(const Ctx& ctx, const std::string& value,
                                                         const std::string& purpose_in) {
  const Principal& who = ctx.who;
  if (!Has(who, Permission::kSensitiveRead))
    return PermissionDenied("当事人的纠纷和信访记录仅综治中心可查",
                            "a party's history is for the 综治 roles");
  ASSIGN_OR_RETURN(std::string purpose, CleanPurpose(purpose_in));
  ASSIGN_OR_RETURN(std::string v, CleanText(value, "q", 20));
  std::string index;
  if (auto id = ParseCitizenId(v); id.ok())
    index = cipher_->BlindIndex("cid", id->number);
  else if (ValidatePhone(v).ok())
    index = cipher_->BlindIndex("phone", v);
  else
    return InvalidArgument("请输入当事人的身份证号或电话", "give the party's citizen ID or phone", "q");
  std::vector<dispute::Party> found;
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) -> Status {
    RETURN_IF_ERROR(
        Audit(tx, ctx, "dispute.history.read", "party", "", who.scope, json{{"purpose", purpose}}.dump()));
    ASSIGN_OR_RETURN(found, tx.disputes().PartiesByIndex(index, kHistoryLimit));
    return Status::Ok();
  }));
  std::vector<DisputeView> out;
  std::vector<int64_t> seen;
  for (const dispute::Party& p : found) {
    if (std::find(seen.begin(), seen.end(), p.order_id) != seen.end()) continue;
    seen.push_back(p.order_id);
    auto view = Get(ctx, p.order_id);
    if (view.ok())
      out.push_back(std::move(*view));
    else if (view.status().code() != StatusCode::kNotFound)
      return view.status();  // a case outside the caller's scope is left out
  }
  return out;
}

}  // namespace wangge::service
