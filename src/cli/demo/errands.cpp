#include "cli/demo/errands.hpp"

#include <algorithm>

#include "cli/demo/internal.hpp"
#include "core/roles.hpp"
#include "storage/errands_repo.hpp"
#include "storage/people_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

constexpr uint64_t kStream = 0x6572726e64733031ULL;  // "errnds01"

}  // namespace

Result<DemoErrandsSummary> BuildDemoErrandRunners(storage::Database& db, const DemoErrandsOptions& opt) {
  DemoErrandsSummary sum;
  demo_detail::Rng rng(opt.seed ^ kStream);
  for (const std::string& village : opt.villages) {
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      // The runners: accounts that provide there and are linked to a person, the demo party member first.
      std::vector<int64_t> runners;
      storage::PageRequest page;
      page.limit = 200;
      for (int i = 0; i < 20; ++i) {
        ASSIGN_OR_RETURN(auto got, tx.users().List(village, page));
        for (const User& u : got.items) {
          const auto role = RoleFromName(u.role);
          if (role && HasPermission(*role, Permission::kServiceProvide) && u.person_id && !u.disabled)
            runners.push_back(u.id);
        }
        if (got.next.empty()) break;
        page.after = got.next;
      }
      std::sort(runners.begin(), runners.end(), [&](int64_t a, int64_t b) {
        return (a == opt.first_user_id) != (b == opt.first_user_id) ? a == opt.first_user_id : a < b;
      });
      // The households, the demo resident's first.
      std::vector<int64_t> households;
      storage::PageRequest hp;
      hp.limit = 500;
      for (int i = 0; i < 20; ++i) {
        ASSIGN_OR_RETURN(auto got, tx.people().Households(village, hp));
        for (const Household& h : got.items)
          if (!h.retired && h.place_code.size() >= 12) households.push_back(h.id);
        if (got.next.empty()) break;
        hp.after = got.next;
      }
      if (auto it = std::find(households.begin(), households.end(), opt.first_household);
          it != households.end())
        std::rotate(households.begin(), it, it + 1);
      size_t next = 0;
      for (int64_t runner : runners) {
        const int n = rng.Int(5, 8);
        if (next + static_cast<size_t>(n) > households.size()) break;
        for (int k = 0; k < n; ++k) {
          storage::ErrandRunner r;
          r.household_id = households[next++];
          r.place_code = village;
          r.runner_user_id = runner;
          r.assigned_at = opt.now - rng.Int(30, 300) * 86400;
          RETURN_IF_ERROR(tx.errands().PutRunner(&r));
          ++sum.households;
        }
        ++sum.runners;
      }
      return Status::Ok();
    }));
  }
  return sum;
}

}  // namespace wangge::cli
