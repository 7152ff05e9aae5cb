// Petitions (信访, MISSION 17): registering a petition with its petitioners at the petition desk
// (来信、来访、 网上、12345、领导信箱), with 上级交办 and a link to the dispute case or event of its matter;
// 重复信访 and 越级 found from the records at registration; the petition with its petitioners (masked, or in
// clear with a purpose, audited); the desk's list and a leader's 包案 list. The petition is an order of kind
// petition: its transitions (受理, 交办, 答复, 延期, 复查, 销案, 领导包案 …) go through OrderService::Act
// like every order's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/dispute.hpp"
#include "service/context.hpp"
#include "service/dispute_service.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct PetitionInput {
  std::string category;  // class 13 (信访事项): the matter's type
  std::string channel;  // letter 来信 | visit 来访 | online 网上 | hotline 12345 | mailbox 领导信箱
  std::string place_code;  // where the matter lies: a grid or village in the caller's scope
  std::string title;
  std::string description;
  std::string address;
  std::vector<dispute::Party> petitioners;  // clear fields; 1-20 (role set to "petitioner")
  std::string superior;                 // 上级交办: who assigned it and the document number ("" = none)
  std::string superior_due;             // YYYY-MM-DD, the date they want the result by (with superior)
  std::optional<int64_t> linked_order;  // the dispute case or event of the matter, one the caller sees
  int urgency = 0;
};

struct PetitionView {
  OrderView order;
  std::vector<PartyView> petitioners;
};

// 重复信访 looks back this far for the same petitioner and matter.
inline constexpr int64_t kRepeatWindowSeconds = 365 * 86400;

// 重复信访 and 越级 of a petition about to be registered by `who` (its category, channel and received_at set;
// the petitioners sealed: their blind indexes are read), from the records in `tx`: sets o.repeat_of and
// o.skip_level (the rules at PetitionService::Register). Reads only; bench/petitions_bench.cpp times it.
Status FindPetitionRepeats(storage::Tx& tx, const Principal& who,
                           const std::vector<dispute::Party>& petitioners, order::Order& o);

class PetitionService {
 public:
  PetitionService(storage::Database* db, const FieldCipher* cipher, OrderService* orders)
      : db_(db), cipher_(cipher), orders_(orders) {}

  // petition.register. Channel one of the five; 1-20 petitioners (ValidateParty); the place in the caller's
  // scope; superior and superior_due together (the date not in the past). In the same transaction: 重复信访 =
  // an earlier petition (any state) of the same category by a petitioner with the same citizen ID or phone
  // (blind index), registered within kRepeatWindowSeconds — the newest is repeat_of; 越级 = registered by a
  // county desk from a visit (来访) when no earlier petition of the matter was registered by a township.
  Result<PetitionView> Register(const Ctx& ctx, PetitionInput in);
  // The petition (OrderService::Get's visibility: RecordNotFound for others and other kinds), petitioners
  // masked.
  Result<PetitionView> Get(const Ctx& ctx, int64_t id);
  // Petitioners in clear for petition.register roles in scope, with a purpose, audited
  // (petition.petitioners.unmask) before it is answered; others who see it: kPermissionDenied.
  Result<PetitionView> Unmask(const Ctx& ctx, int64_t id, const std::string& purpose);
  // The petitions the caller may see (OrderService::List with kind petition); f.mine == "lead": the
  // petitions the caller is the leader in charge of (包案), newest first.
  Result<storage::Page<OrderView>> List(const Ctx& ctx, OrderFilter f);
  // Who may be put in charge of the petition (领导包案, the `lead` action's `leader`): the active county
  // centre accounts of its county and township accounts of its township. For callers who see the petition and
  // hold order.command (the ones who assign a leader); others kPermissionDenied.
  Result<std::vector<User>> LeaderCandidates(const Ctx& ctx, int64_t id);

 private:
  Result<PetitionView> View(const Ctx& ctx, OrderView v, bool clear);
  storage::Database* db_;
  const FieldCipher* cipher_;
  OrderService* orders_;
};

}  // namespace wangge::service
