// 志愿服务与双报到 on the dashboard (issue 14): the hours of service credited to people's 时间银行 in a
// period (every source: activities, service orders, wishes, errands, 双报到 hours) and the 双报到 registered
// now, for a place and the places one level below. Computed from the ledger and the 双报到 rows at each
// request (docs/indicators.md, "Participation").
#pragma once

#include <string>
#include <vector>

#include "service/context.hpp"
#include "service/order_service.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct ParticipationFigures {
  std::string key, name;
  int64_t minutes = 0, people = 0, entries = 0;
  int64_t dual_units = 0, dual_members = 0, dual_placed = 0;
};

struct ParticipationReport {
  std::string from, to;
  ParticipationFigures totals;               // key = the place
  std::vector<ParticipationFigures> groups;  // the places one level below (none below a village)
};

class ParticipationService {
 public:
  ParticipationService(storage::Database* db, const OrderService* orders) : db_(db), orders_(orders) {}
  // indicator.read, the place in scope ("" = the caller's); from/to as GET /api/v1/indicators takes them.
  Result<ParticipationReport> Figures(const Ctx& ctx, const std::string& place, const std::string& from,
                                      const std::string& to);

 private:
  storage::Database* db_;
  const OrderService* orders_;  // its clock
};

}  // namespace wangge::service
