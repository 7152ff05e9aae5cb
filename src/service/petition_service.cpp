#include "service/petition_service.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/calendar.hpp"
#include "core/codes.hpp"
#include "core/text.hpp"
#include "service/audit_service.hpp"
#include "service/authz.hpp"
#include "service/order_parties.hpp"
#include "storage/disputes_repo.hpp"
#include "storage/orders_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::service {
namespace {

using json = nlohmann::json;
using order::Order;

constexpr size_t kMaxPetitioners = 20;
constexpr int kRepeatLookup = 200;  // parties read per blind index (a person's earlier cases and petitions)

}  // namespace

Status FindPetitionRepeats(storage::Tx& tx, const Principal& who,
                           const std::vector<dispute::Party>& petitioners, Order& o) {
  std::vector<int64_t> seen;
  std::optional<Order> newest;
  bool at_township = false;
  for (const dispute::Party& p : petitioners)
    for (const std::string* index : {&p.cid_hash, &p.phone_hash}) {
      if (index->empty()) continue;
      ASSIGN_OR_RETURN(auto found, tx.disputes().PartiesByIndex(*index, kRepeatLookup));
      for (const dispute::Party& q : found) {
        if (std::find(seen.begin(), seen.end(), q.order_id) != seen.end()) continue;
        seen.push_back(q.order_id);
        ASSIGN_OR_RETURN(Order e, tx.orders().Get(q.order_id));
        if (e.kind != order::Kind::kPetition || e.category != o.category ||
            e.received_at < o.received_at - kRepeatWindowSeconds)
          continue;
        if (e.command_place.size() == 9 && !e.skip_level) at_township = true;
        if (!newest || e.received_at > newest->received_at) newest = std::move(e);
      }
    }
  if (newest) o.repeat_of = newest->id;
  // 越级: in person at the county's desk, the matter never brought to its township first. (A letter, the
  // web, 12345 and the leader's mailbox are channels, not a level skipped.)
  o.skip_level = who.scope.size() <= 6 && o.channel == "visit" && !at_township;
  return Status::Ok();
}

Result<PetitionView> PetitionService::View(const Ctx& ctx, OrderView v, bool clear) {
  PetitionView out;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(auto parties, tx->disputes().Parties(v.o.id));
  for (dispute::Party& p : parties) {
    PartyView pv;
    if (clear) {
      ASSIGN_OR_RETURN(p.name, cipher_->Decrypt(p.name_enc));
      if (!p.cid_enc.empty()) {
        ASSIGN_OR_RETURN(p.citizen_id, cipher_->Decrypt(p.cid_enc));
      }
      if (!p.phone_enc.empty()) {
        ASSIGN_OR_RETURN(p.phone, cipher_->Decrypt(p.phone_enc));
      }
      pv.clear = true;
    }
    pv.p = std::move(p);
    out.petitioners.push_back(std::move(pv));
  }
  (void)ctx;
  out.order = std::move(v);
  return out;
}

Result<PetitionView> PetitionService::Register(const Ctx& ctx, PetitionInput in) {
  const Principal& who = ctx.who;
  RETURN_IF_ERROR(Authz::Can(who, Permission::kPetitionRegister));
  if (!order::IsChannelOf(order::Kind::kPetition, in.channel))
    return InvalidArgument(
        "信访渠道只能是 letter 来信、visit 来访、online 网上、hotline 12345 或 mailbox 领导信箱",
        "channel must be letter, visit, online, hotline or mailbox", "channel");
  if (in.petitioners.empty() || in.petitioners.size() > kMaxPetitioners)
    return InvalidArgument("信访事项须登记 1 至 20 名信访人", "a petition needs 1 to 20 petitioners",
                           "petitioners");
  for (size_t i = 0; i < in.petitioners.size(); ++i) {
    dispute::Party& p = in.petitioners[i];
    p.role = "petitioner";
    RETURN_IF_ERROR(dispute::ValidateParty(&p, "petitioners[" + std::to_string(i) + "]"));
    dispute::SealParty(*cipher_, &p);
  }
  ASSIGN_OR_RETURN(std::string superior, CleanText(in.superior, "superior", 100, false));
  int64_t superior_due = 0;
  if (superior.empty() != in.superior_due.empty())
    return InvalidArgument("上级交办须同时填写交办单位文号和办结期限",
                           "a petition assigned from above needs both superior and superior_due",
                           superior.empty() ? "superior" : "superior_due");
  if (!in.superior_due.empty()) {
    ASSIGN_OR_RETURN(int32_t day, cal::DayFromIso(in.superior_due, "superior_due"));
    superior_due = cal::DayStart(day + 1);  // the end of that day
    if (superior_due <= orders_->Now())
      return InvalidArgument("上级交办的办结期限不能早于今天", "superior_due must not be in the past",
                             "superior_due");
  }
  if (in.linked_order && !orders_->MaySee(ctx, *in.linked_order))
    return InvalidArgument("关联的案件或事件不存在或不在您的辖区",
                           "the linked order does not exist or is not yours to see", "linked_order");

  ReportInput r;
  r.kind = order::Kind::kPetition;
  r.category = in.category;
  r.channel = in.channel;
  r.place_code = in.place_code;
  r.title = in.title;
  r.description = in.description;
  r.address = in.address;
  r.urgency = in.urgency;
  r.linked_order = in.linked_order;
  std::vector<dispute::Party>& petitioners = in.petitioners;
  r.before = [&](storage::Tx& tx, Order& o) -> Status {
    o.superior = superior;
    o.superior_due = superior_due;
    return FindPetitionRepeats(tx, who, petitioners, o);
  };
  r.also = [&](storage::Tx& tx, const Order& o) -> Status {
    for (dispute::Party& p : petitioners) {
      p.order_id = o.id;
      p.created_at = o.received_at;
      RETURN_IF_ERROR(tx.disputes().InsertParty(&p));
    }
    json detail = {{"petitioners", petitioners.size()}, {"channel", o.channel}, {"skip_level", o.skip_level}};
    if (o.repeat_of) detail["repeat_of"] = *o.repeat_of;
    if (!o.superior.empty()) detail["superior"] = o.superior;
    return Audit(tx, ctx, "petition.register", "order", std::to_string(o.id), o.place_code, detail.dump());
  };
  ASSIGN_OR_RETURN(OrderView v, orders_->Report(ctx, std::move(r)));
  return Get(ctx, v.o.id);
}

Result<PetitionView> PetitionService::Get(const Ctx& ctx, int64_t id) {
  ASSIGN_OR_RETURN(OrderView v, orders_->Get(ctx, id));
  if (v.o.kind != order::Kind::kPetition) return RecordNotFound();
  return View(ctx, std::move(v), false);
}

Result<PetitionView> PetitionService::Unmask(const Ctx& ctx, int64_t id, const std::string& purpose_in) {
  ASSIGN_OR_RETURN(OrderView v, orders_->Get(ctx, id));
  if (v.o.kind != order::Kind::kPetition) return RecordNotFound();
  if (!HasPermission(ctx.who.role, Permission::kPetitionRegister) || !IsWithin(v.o.place_code, ctx.who.scope))
    return PermissionDenied("只有信访和综治部门可以查看信访人明文信息",
                            "only the petition desk and the 综治 roles see petitioners in clear");
  ASSIGN_OR_RETURN(std::string purpose, CleanPurpose(purpose_in));
  RETURN_IF_ERROR(db_->Write([&](storage::Tx& tx) {
    return Audit(tx, ctx, "petition.petitioners.unmask", "order", std::to_string(id), v.o.place_code,
                 json{{"purpose", purpose}}.dump());
  }));
  return View(ctx, std::move(v), true);
}

Result<storage::Page<OrderView>> PetitionService::List(const Ctx& ctx, OrderFilter f) {
  // The desk and the 综治 roles list petitions of their scope; a leader their 包案; a department or a place
  // those given to it (OrderService::List's visibility for the kind).
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrderRead));
  f.kind = order::Kind::kPetition;
  ASSIGN_OR_RETURN(auto page, orders_->List(ctx, f));
  RETURN_IF_ERROR(AddCasePeople(db_, &page));
  return page;
}

Result<std::vector<User>> PetitionService::LeaderCandidates(const Ctx& ctx, int64_t id) {
  RETURN_IF_ERROR(Authz::Can(ctx.who, Permission::kOrderCommand));
  ASSIGN_OR_RETURN(PetitionView v, Get(ctx, id));
  const order::Order& o = v.order.o;
  ASSIGN_OR_RETURN(auto tx, db_->Read());
  ASSIGN_OR_RETURN(std::vector<User> out, tx->users().UsersAt(o.place_code.substr(0, 6), "county_command"));
  if (o.place_code.size() >= 9) {
    ASSIGN_OR_RETURN(auto township, tx->users().UsersAt(o.place_code.substr(0, 9), "township_official"));
    out.insert(out.end(), township.begin(), township.end());
  }
  return out;
}

}  // namespace wangge::service
