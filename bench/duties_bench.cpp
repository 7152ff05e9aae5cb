// In-process benchmark of 减负's reads and its one hot write, on a built demo county (WANGGE_BENCH_DIR, a
// data dir made by `wangge demo --scale full`; WANGGE_DB for PostgreSQL):
//   - the load view (GET /load) of the county and of each township and village for the last twelve months,
//     target p99 < 100 ms for the county;
//   - a department's task list (the newest 50) and the county's pending inspections, p99 < 50 ms;
//   - a task refused for its citation (the check and the refusal's write) and one assigned (the check, the
//     order, its citation row and the community's notice in one transaction), p99 < 50 ms.
// Prints one "RESULT {json}" line per figure (bench/lib.sh's format); exits 2 when WANGGE_BENCH_DIR is unset.
// Iterations per figure: BENCH_ITER (default 200). The assigned tasks stay in the data dir (a copy is best).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "bench_common.hpp"
#include "storage/duties_repo.hpp"
#include "storage/places_repo.hpp"

namespace {

template <class F>
int Time(const char* name, int iters, const char* target, F run) {
  return wangge::bench::TimeIt("duties", name, iters, target, run);
}

}  // namespace

int main() {
  using namespace wangge;
  bench::County county;
  if (int rc = bench::OpenCounty("duties_bench", &county); rc != 0) return rc;
  const int iters = std::getenv("BENCH_ITER") ? std::max(10, std::atoi(std::getenv("BENCH_ITER"))) : 200;
  auto& app = county.app;
  const auto& ctx = county.ctx;
  std::vector<std::string> villages;
  service::Ctx dept;
  int64_t item = 0;
  int version = 0;
  {
    auto tx = app->db().Read();
    if (!tx.ok()) return 1;
    auto v = (*tx)->places().InScope(county.code, 5, false, {.after = "", .limit = 5000});
    if (!v.ok()) return 1;
    for (const auto& p : v->items) villages.push_back(p.code);
    auto users = (*tx)->users().UsersAt(county.code, "department_handler");
    if (!users.ok() || users->empty()) {
      std::fprintf(stderr, "duties_bench: no department account in the county\n");
      return 1;
    }
    const User& u = users->front();
    dept.who.user_id = u.id;
    dept.who.role = Role::kDepartmentHandler;
    dept.who.scope = u.place_code;
    dept.who.department_id = u.department_id;
    dept.who.display_name = u.display_name;
    auto list = (*tx)->duties().ListIn(county.code, "admission", "published");
    if (!list.ok() || !*list) return 1;
    version = (*list)->list_version;
    auto items = (*tx)->duties().Items((*list)->id);
    if (!items.ok()) return 1;
    for (const auto& i : *items)
      if (i.section == "duty" && i.status == "active") item = i.id;
  }
  std::printf("duties_bench: %s, %zu townships, %zu villages, %d iterations\n",
              std::getenv("WANGGE_BENCH_DIR"), county.townships.size(), villages.size(), iters);
  int rc = 0;
  rc |= Time("load_county", iters, "< 100",
             [&](int) { return app->tasks.Load(ctx, county.code, "", "").ok(); });
  rc |= Time("load_township", iters, "", [&](int i) {
    return app->tasks.Load(ctx, county.townships[static_cast<size_t>(i) % county.townships.size()], "", "")
        .ok();
  });
  rc |= Time("load_village", iters, "", [&](int i) {
    return app->tasks.Load(ctx, villages[static_cast<size_t>(i) % villages.size()], "", "").ok();
  });
  rc |= Time("tasks_department", iters, "< 50",
             [&](int) { return app->tasks.Tasks(dept, "", "", 0, 50).ok(); });
  rc |= Time("inspections_pending_county", iters, "< 50",
             [&](int) { return app->tasks.Inspections(ctx, county.code, "pending", 100).ok(); });
  service::TaskInput in;
  in.type = "form";
  in.title = "报送统计表（基准测试）";
  in.description = "基准测试交办事项";
  in.list_version = version;
  rc |= Time("assign_refused", iters, "< 50", [&](int i) {
    in.community = villages[static_cast<size_t>(i) % villages.size()];
    in.item_id = 0;
    return app->tasks.Assign(dept, in).status().code() == StatusCode::kInvalidArgument;
  });
  rc |= Time("assign", iters, "< 50", [&](int i) {
    in.community = villages[static_cast<size_t>(i) % villages.size()];
    in.item_id = item;
    return app->tasks.Assign(dept, in).ok();
  });
  return rc;
}
