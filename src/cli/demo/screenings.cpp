#include "cli/demo/screenings.hpp"

#include <random>

#include "core/dates.hpp"
#include "core/screening.hpp"
#include "storage/screenings_repo.hpp"

namespace wangge::cli {
namespace {

constexpr uint64_t kStream = 0x73637265656e696eULL;  // "screenin": this generator's own random stream

const char* const kFindings[] = {
    "邻里因排水沟堵塞发生口角，已当场调解",       "两户宅基地边界争执，已登记转村调委会",
    "兄弟间赡养老人费用分担纠纷，已约定调解时间", "租户拖欠房租与房东争吵，已劝导双方协商",
    "装修噪音引发邻里矛盾，已协调施工时间",       "土地流转租金支付纠纷，已登记转调委会",
    "务工人员工资拖欠，已联系劳动保障所",         "婚姻家庭矛盾，已请妇联调解员介入",
};

}  // namespace

Result<int64_t> BuildDemoScreenings(storage::Database& db, const DemoScreeningsOptions& opt) {
  std::mt19937_64 rng(opt.seed ^ kStream);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<uint64_t>(n)); };
  const int64_t today = ChinaDay(opt.now);
  const screening::Schedule schedule;
  // The rounds of one place for every period that ended in the year before today.
  auto rounds = [&](const std::string& place, screening::Cycle cycle, std::vector<screening::Record>* out) {
    const int64_t recorder = opt.recorders.count(place) ? opt.recorders.at(place) : 0;
    const screening::Period last = screening::PreviousPeriod(cycle, screening::PeriodOf(cycle, today));
    for (screening::Period p = last; p.first >= today - 365; p = screening::PreviousPeriod(cycle, p)) {
      const int roll = pick(100);
      // The demo accounts' own places have last period's round still to make up (补登), as a tour shows.
      if (recorder != 0 && p == last) continue;
      if (roll < 4) continue;  // never recorded
      const bool late = roll < 9;
      const int64_t span = p.last - p.first + 1;
      const int64_t day = late ? p.last + 1 + pick(6) : p.first + pick(static_cast<int>(span));
      if (day >= today) continue;
      screening::Record r;
      r.place_code = place;
      r.period = p;
      r.cycle = std::string(screening::CycleName(cycle));
      if (pick(100) < (cycle == screening::Cycle::kWeek ? 6 : 30)) {
        r.found = 1 + pick(3);
        r.resolved = (r.found * (4 + pick(5))) / 10;
        r.note = kFindings[pick(static_cast<int>(std::size(kFindings)))];
      }
      r.recorded_by = recorder;
      r.recorded_at = (day * 86400) - 8 * 3600 + 9 * 3600 + pick(9 * 3600);  // 09:00-18:00 China time
      r.late = late;
      out->push_back(std::move(r));
    }
  };
  int64_t written = 0;
  std::map<std::string, std::vector<std::string>> by_township;
  for (const std::string& g : opt.grids) by_township[g.substr(0, 9)].push_back(g);
  for (const std::string& t : opt.townships) by_township[t];
  for (const auto& [township, grids] : by_township) {
    std::vector<screening::Record> recs;
    for (const std::string& g : grids) rounds(g, schedule.grid, &recs);
    rounds(township, schedule.township, &recs);
    RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
      for (screening::Record& r : recs) RETURN_IF_ERROR(tx.screenings().Insert(&r));
      return Status::Ok();
    }));
    written += static_cast<int64_t>(recs.size());
  }
  return written;
}

}  // namespace wangge::cli
