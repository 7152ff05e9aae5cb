// PostgreSQL: 志愿服务活动 and their sign-ups (activities_repo.hpp, migration 0020), in the county of the
// activity's community (a sign-up in the county of its activity).
#include "storage/activities_repo.hpp"

#include <string>
#include <vector>

#include "storage/activities_rows.hpp"
#include "storage/postgres/pg_common.hpp"
#include "storage/postgres/pg_repos.hpp"

namespace wangge::storage::postgres {
namespace {

using activity::Activity;
using activity::Signup;

#define ACTIVITY_COLS                                                                                   \
  "a.id, a.place_code, a.title, a.description, a.address, a.starts_at, a.ends_at, a.capacity, a.code, " \
  "a.cancelled::int, a.organizer, a.created_at, a.version, "                                            \
  "(SELECT count(*) FROM activity_signups s WHERE s.activity_id = a.id AND s.status <> 'cancelled') "
#define SIGNUP_COLS                                                                                      \
  "s.activity_id, s.person_id, s.status, s.signed_at, s.checkin_at, s.checkout_at, s.lat_e7, s.lon_e7, " \
  "s.minutes, s.entry_id, COALESCE(p.name, '') "

class PgActivityRepo final : public ActivityRepo {
 public:
  explicit PgActivityRepo(PgTx* tx) : tx_(tx) {}
  Status Insert(Activity* a) override;
  Result<std::optional<Activity>> Get(int64_t id) override;
  Result<std::vector<Activity>> List(const std::string& scope, int64_t from, int limit) override;
  Status Cancel(int64_t id, int64_t version) override;
  Status InsertSignup(const Signup& s, int capacity) override;
  Result<std::optional<Signup>> GetSignup(int64_t activity_id, int64_t person_id) override;
  Result<std::vector<Signup>> Signups(int64_t activity_id) override;
  Status UpdateSignup(const Signup& s, const std::string& from) override;
  Result<int64_t> OpenCheckin(int64_t person_id) override;

 private:
  PgTx* tx_;
};

}  // namespace

RepoPtr<ActivityRepo> NewPgActivityRepo(PgTx* tx) { return MakeRepo<ActivityRepo, PgActivityRepo>(tx); }

Status PgActivityRepo::Insert(Activity* a) {
  auto s = tx_->conn().Prepare(
      "INSERT INTO activities(county, place_code, title, description, address, starts_at, ends_at, capacity, "
      "code, cancelled, organizer, created_at, version) VALUES($11,$1,$2,$3,$4,$5,$6,$7,$8,false,$9,$10,1) "
      "RETURNING id");
  s.Bind(1, a->place_code)
      .Bind(2, a->title)
      .Bind(3, a->description)
      .Bind(4, a->address)
      .Bind(5, a->starts_at);
  s.Bind(6, a->ends_at).Bind(7, a->capacity).Bind(8, a->code).Bind(9, a->organizer).Bind(10, a->created_at);
  s.Bind(11, CountyOf(a->place_code));
  if (!s.Step()) return s.status().ok() ? Internal("INSERT … RETURNING gave no row") : s.status();
  a->id = s.Int(0);
  a->version = 1;
  return Status::Ok();
}

Result<std::optional<Activity>> PgActivityRepo::Get(int64_t id) {
  auto s = tx_->conn().Prepare("SELECT " ACTIVITY_COLS "FROM activities a WHERE a.id = $1");
  s.Bind(1, id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<Activity>();
  }
  return std::optional<Activity>(ReadActivityRow(s));
}

Result<std::vector<Activity>> PgActivityRepo::List(const std::string& scope, int64_t from, int limit) {
  auto s = tx_->conn().Prepare(
      "SELECT " ACTIVITY_COLS
      "FROM activities a WHERE a.place_code >= $1 AND a.place_code < $2 AND a.ends_at >= $3 "
      "ORDER BY a.starts_at, a.id LIMIT $4");
  CodeRange r = PrefixRange(scope);
  s.Bind(1, r.begin).Bind(2, r.end).Bind(3, from).Bind(4, Clamp(limit, 500));
  std::vector<Activity> out;
  while (s.Step()) out.push_back(ReadActivityRow(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

Status PgActivityRepo::Cancel(int64_t id, int64_t version) {
  auto s = tx_->conn().Prepare(
      "UPDATE activities SET cancelled = true, version = version + 1 WHERE id = $1 AND version = $2");
  s.Bind(1, id).Bind(2, version);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() != 1) return StaleVersion();
  return Status::Ok();
}

Status PgActivityRepo::InsertSignup(const Signup& x, int capacity) {
  ASSIGN_OR_RETURN(auto before, GetSignup(x.activity_id, x.person_id));
  if (before) return Conflict("此人已报名该活动", "the person has signed up already", "person_id");
  auto s = tx_->conn().Prepare(
      "INSERT INTO activity_signups(county, activity_id, person_id, status, signed_at) "
      "SELECT a.county, $1, $2, $3, $4 FROM activities a WHERE a.id = $1 "
      "AND (SELECT count(*) FROM activity_signups WHERE activity_id = $1 AND status <> 'cancelled') < $5");
  s.Bind(1, x.activity_id).Bind(2, x.person_id).Bind(3, x.status).Bind(4, x.signed_at).Bind(5, capacity);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() != 1)
    return Status(StatusCode::kFailedPrecondition, "报名人数已满", "the activity is full", "capacity");
  return Status::Ok();
}

Result<std::optional<Signup>> PgActivityRepo::GetSignup(int64_t activity_id, int64_t person_id) {
  auto s = tx_->conn().Prepare("SELECT " SIGNUP_COLS
                               "FROM activity_signups s LEFT JOIN people p ON p.id = s.person_id "
                               "WHERE s.activity_id = $1 AND s.person_id = $2");
  s.Bind(1, activity_id).Bind(2, person_id);
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<Signup>();
  }
  return std::optional<Signup>(ReadSignupRow(s));
}

Result<std::vector<Signup>> PgActivityRepo::Signups(int64_t activity_id) {
  auto s = tx_->conn().Prepare("SELECT " SIGNUP_COLS
                               "FROM activity_signups s LEFT JOIN people p ON p.id = s.person_id "
                               "WHERE s.activity_id = $1 ORDER BY s.signed_at, s.person_id LIMIT 5000");
  s.Bind(1, activity_id);
  std::vector<Signup> out;
  while (s.Step()) out.push_back(ReadSignupRow(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

Status PgActivityRepo::UpdateSignup(const Signup& x, const std::string& from) {
  auto s = tx_->conn().Prepare(
      "UPDATE activity_signups SET status = $4, checkin_at = $5, checkout_at = $6, lat_e7 = $7, lon_e7 = $8, "
      "minutes = $9, entry_id = $10 WHERE activity_id = $1 AND person_id = $2 AND status = $3");
  s.Bind(1, x.activity_id).Bind(2, x.person_id).Bind(3, from).Bind(4, x.status).Bind(5, x.checkin_at);
  s.Bind(6, x.checkout_at).Bind(7, ToE7(x.lat)).Bind(8, ToE7(x.lon)).Bind(9, x.minutes).Bind(10, x.entry_id);
  RETURN_IF_ERROR(s.Exec());
  if (s.Changes() != 1)
    return Conflict("签到状态已变化，请刷新", "the sign-up changed meanwhile: reload it", "status");
  return Status::Ok();
}

Result<int64_t> PgActivityRepo::OpenCheckin(int64_t person_id) {
  auto s = tx_->conn().Prepare(
      "SELECT activity_id FROM activity_signups WHERE person_id = $1 AND status = 'present' LIMIT 1");
  s.Bind(1, person_id);
  if (s.Step()) return s.Int(0);
  RETURN_IF_ERROR(s.status());
  return int64_t{0};
}

}  // namespace wangge::storage::postgres
