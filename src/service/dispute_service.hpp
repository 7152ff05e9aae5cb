// Dispute cases (矛盾纠纷, MISSION 16): registering a case with its parties (from scratch, or from an event
// of a dispute category — linked both ways), the case with its parties and agreement, the cases a caller may
// see, the mediation agreement (调解协议书), and a party's history across cases. The case is an order of kind
// dispute: its transitions go through OrderService::Act like every order's (the engine's dispute rules,
// order_actions.cpp's steps: an agreement signed by every party, every party's consent to an extension).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/dispute.hpp"
#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct DisputeInput {
  std::string category;    // class 08 (矛盾纠纷): the dispute's type
  std::string place_code;  // where: a grid or village; "" with from_order (the event's place)
  std::string title;
  std::string description;
  std::string address;
  std::optional<double> lat, lon;       // where (WGS-84), located to a grid as an event's; or place_code
  std::vector<dispute::Party> parties;  // clear fields; 2-20, at least one applicant
  std::optional<int64_t> from_order;    // an event of class 08 the caller sees: becomes this case
  int urgency = 0;
};

struct PartyView {
  dispute::Party p;  // stored forms; clear name/phone/ID only when `clear`
  bool clear = false;
};

struct DisputeView {
  OrderView order;
  std::vector<PartyView> parties;
  std::optional<dispute::Agreement> agreement;
};

// Fills OrderView::people of each listed case (dispute parties, petitioners: their masked names), read in
// one transaction, one indexed lookup per case (a page holds at most 200).
Status AddCasePeople(storage::Database* db, storage::Page<OrderView>* page);

class DisputeService {
 public:
  DisputeService(storage::Database* db, const FieldCipher* cipher, OrderService* orders)
      : db_(db), cipher_(cipher), orders_(orders) {}

  // dispute.register. Parties validated (ValidateParty), 2-20 of them with at least one applicant; the place
  // in the caller's scope; with from_order the event must be visible to the caller, of class 08, not
  // already linked, and not terminal: the case takes its place, title, description and category (unless
  // given) and the two orders are linked both ways. Everything in one transaction.
  Result<DisputeView> Register(const Ctx& ctx, DisputeInput in);
  // The case (OrderService::Get's visibility: RecordNotFound for others and for orders of another kind),
  // its parties masked, and its agreement.
  Result<DisputeView> Get(const Ctx& ctx, int64_t id);
  // The case with its parties in clear, as people are unmasked: for the 综治 roles (sensitive.read) in scope
  // and the case's mediators, with a purpose (2-200 characters), audited (dispute.parties.unmask) before it
  // is answered. Others who see the case: kPermissionDenied.
  Result<DisputeView> UnmaskParties(const Ctx& ctx, int64_t id, const std::string& purpose);
  // The cases the caller may see (OrderService::List with kind dispute).
  Result<storage::Page<OrderView>> List(const Ctx& ctx, OrderFilter f);
  // Records or rewrites the case's 调解协议书: its mediator (the assignee relation, dispute.mediate) while
  // the case is being mediated (调解中). a.version 0 = new; else the stored version (kConflict when stale).
  // The parties who signed must be the case's. Audited.
  Result<dispute::Agreement> PutAgreement(const Ctx& ctx, int64_t id, dispute::Agreement a);
  // A person's earlier cases: the parties with this citizen ID or phone (by blind index) and their cases, for
  // the 综治 roles (sensitive.read) only, within their scope; audited (dispute.history.read) with `purpose`.
  Result<std::vector<DisputeView>> History(const Ctx& ctx, const std::string& citizen_id_or_phone,
                                           const std::string& purpose);

 private:
  Result<std::vector<PartyView>> Parties(storage::Tx& tx, const Ctx& ctx, const order::Order& o, bool clear);
  storage::Database* db_;
  const FieldCipher* cipher_;
  OrderService* orders_;
};

}  // namespace wangge::service
