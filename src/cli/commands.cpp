#include "cli/commands.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/demo/demo.hpp"
#include "core/crypto.hpp"
#include "http/openapi.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "service/app.hpp"
#include "service/audit_service.hpp"
#include "service/scheduler.hpp"
#include "storage/database.hpp"
#include "storage/durable_file.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/places_repo.hpp"
#include "storage/users_repo.hpp"

namespace wangge::cli {
namespace {

service::AppConfig ConfigOf(const Common& c) {
  service::AppConfig cfg;
  cfg.data_dir = c.data_dir;
  cfg.db_path = c.db_path;
  cfg.key_path = c.key_path;
  // Session lifetime in seconds (default 12 h); tests shorten it to prove expiry.
  if (const char* ttl = std::getenv("WANGGE_SESSION_TTL"))
    cfg.session_ttl_seconds = std::max(1L, std::atol(ttl));
  // The database's page cache per connection in KiB (default 256 MiB for the writer, 16 MiB for each reader);
  // the soak test makes them small so that they are full after its warm-up and any further growth of memory
  // is a leak.
  if (const char* kib = std::getenv("WANGGE_DB_CACHE_KIB"))
    cfg.database.writer_cache_kib = cfg.database.reader_cache_kib = std::max(64, std::atoi(kib));
  // Concurrent writer connections on PostgreSQL (default 1; bench/backends_bench.sh compares 1 and 4).
  if (const char* w = std::getenv("WANGGE_DB_WRITERS"))
    cfg.database.writers = std::clamp(std::atoi(w), 1, 64);
  return service::App::Resolve(cfg);
}

int Fail(const Status& st) {
  std::fprintf(stderr, "错误 error: %s\n", st.ToString().c_str());
  return st.code() == StatusCode::kInvalidArgument || st.code() == StatusCode::kFailedPrecondition ? 2 : 1;
}

std::unique_ptr<service::App> OpenOrDie(const Common& c, int* rc) {
  auto app = service::App::Open(ConfigOf(c));
  if (!app.ok()) {
    *rc = Fail(app.status());
    return nullptr;
  }
  return std::move(*app);
}

// The CLI acts as the platform itself, or as a named user for imports that must respect a jurisdiction.
Result<service::Ctx> CtxFor(service::App& app, const std::string& username) {
  service::Ctx ctx{service::SystemPrincipal(), "cli", ""};
  if (username.empty()) return ctx;
  ASSIGN_OR_RETURN(auto tx, app.db().Read());
  ASSIGN_OR_RETURN(User u, tx->users().GetByName(username));
  auto role = RoleFromName(u.role);
  ctx.who = service::Principal{u.id, u.username, u.display_name, *role, u.place_code, u.department_id, false};
  return ctx;
}

}  // namespace

int Init(const Common& c) {
  auto created = service::App::Init(ConfigOf(c));
  if (!created.ok()) return Fail(created.status());
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  std::printf("%s %s\n数据库 database: %s\n",
              *created ? "已创建密钥 key created:" : "密钥已存在 key exists:", app->config().key_path.c_str(),
              storage::RedactUrl(app->config().db_path).c_str());
  return 0;
}

int Serve(const Common& c, const std::string& host, int port, int workers, const std::string& web_dir) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  http::Router router(app.get());
  http::RegisterAllRoutes(router);
  // Requests a minute per address on the public routes (default 300; 0 turns the limit off, e.g. behind a
  // proxy that limits, since then every client shares the proxy's address).
  if (const char* rate = std::getenv("WANGGE_PUBLIC_RATE"))
    router.SetPublicRate(std::max(0, std::atoi(rate)));
  http::ServerOptions opt;
  opt.host = host;
  opt.port = static_cast<uint16_t>(port);
  opt.workers = workers;
  for (const std::string& f : service::App::LooseFileModes(ConfigOf(c)))
    spdlog::warn("file readable by others, should be owner-only (chmod go-rwx): {}", f);
  if (!web_dir.empty()) {
    if (!std::filesystem::exists(std::filesystem::path(web_dir) / "index.html")) {
      std::fprintf(
          stderr,
          "错误 error: --web %s has no index.html (build it with scripts/build.sh, or pass --no-web)\n",
          web_dir.c_str());
      return 2;
    }
    opt.static_dir = web_dir;
    spdlog::info("web UI served from {}", web_dir);
  } else {
    spdlog::info("web UI off (API only)");
  }
  // The time limit for reading one request (and for keeping an idle connection); tests shorten it to prove
  // that slow and idle clients are cut off.
  if (const char* t = std::getenv("WANGGE_HTTP_READ_TIMEOUT"))
    opt.read_timeout_seconds = std::max(1, std::atoi(t));
  // Time-limit alarms, unrated-order archiving, late call-ins and webhook deliveries run beside the server.
  const char* tick = std::getenv("WANGGE_SCHEDULER_MS");
  service::Scheduler scheduler(&app->orders, &app->notify);
  scheduler.Start(tick ? std::max(50, std::atoi(tick)) : 1000);
  try {
    int code = http::RunServer(router, opt);
    scheduler.Stop();
    return code;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "错误 error: cannot start server: %s\n", e.what());
    return 1;
  }
}

int Demo(const Common& c, const std::string& scale, uint64_t seed, const std::string& divisions_dir,
         const std::string& county) {
  auto created = service::App::Init(ConfigOf(c));
  if (!created.ok()) return Fail(created.status());
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  DemoOptions opt;
  opt.scale = scale;
  opt.seed = seed;
  opt.divisions_dir = divisions_dir;
  opt.county = county;
  auto t0 = std::chrono::steady_clock::now();
  auto summary = BuildDemo(app->db(), app->cipher(), opt);
  if (!summary.ok()) return Fail(summary.status());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "演示县已生成 demo county built in %.1f s: %lld 乡镇, %lld 村(社区), %lld 网格, %lld 十联户, %lld 户, "
      "%lld 人, %lld 两新组织, %lld 党组织\n",
      secs, (long long)summary->townships, (long long)summary->villages, (long long)summary->grids,
      (long long)summary->units, (long long)summary->households, (long long)summary->people,
      (long long)summary->organizations, (long long)summary->party_orgs);
  std::printf("工单 work orders: %lld (12 个月 months), 流转记录 timeline rows: %lld\n",
              (long long)summary->orders, (long long)summary->order_events);
  std::printf(
      "矛盾纠纷 dispute cases: %lld, 信访事项 petitions: %lld, 矛盾纠纷排查 screening rounds: %lld (12 个月 "
      "months)\n",
      (long long)summary->disputes, (long long)summary->petitions, (long long)summary->screenings);
  std::printf("时间银行与积分 ledger entries: %lld, 积分超市兑换 redemptions: %lld (12 个月 months)\n",
              (long long)summary->ledger_entries, (long long)summary->redemptions);
  std::printf("服务工单 service orders: %lld, 微心愿 wishes: %lld (12 个月 months)\n",
              (long long)summary->service_orders, (long long)summary->wishes);
  std::printf("红色代办 errand runners: %lld, covering households: %lld, errands: %lld (12 个月 months)\n",
              (long long)summary->errand_runners, (long long)summary->errand_households,
              (long long)summary->errands);
  std::printf("双报到 units: %lld, in-service party members: %lld, service records: %lld (12 个月 months)\n",
              (long long)summary->dual_units, (long long)summary->dual_members,
              (long long)summary->dual_logs);
  std::printf(
      "红黑榜 monthly lists: %lld, 红榜 red listings: %lld, 黑榜 black: %lld, 星级文明户 named: %lld (12 "
      "个月 "
      "months)\n",
      (long long)summary->roll_publications, (long long)summary->roll_red, (long long)summary->roll_black,
      (long long)summary->roll_star_households);
  std::printf(
      "减负 准入清单/小微权力/为民服务 lists published; 部门交办 tasks: %lld (returned %lld, refused by the "
      "platform %lld), 督导检查 inspections: %lld (beyond the cap %lld)\n",
      (long long)summary->duty_tasks, (long long)summary->duty_returned, (long long)summary->duty_refused,
      (long long)summary->inspections, (long long)summary->inspections_over_cap);
  std::printf("\n演示账号 demo accounts (generated passwords, shown once):\n");
  std::printf("  %-14s %-20s %-20s %s\n", "username", "password", "role", "place");
  for (const auto& a : summary->accounts)
    std::printf("  %-14s %-20s %-20s %s %s\n", a.username.c_str(), a.password.c_str(), a.role.c_str(),
                a.place_code.empty() ? "(all)" : a.place_code.c_str(), a.display_name.c_str());
  std::fflush(stdout);
  return 0;
}

int ImportPeople(const Common& c, const std::string& file, const std::string& mode, bool dry_run,
                 const std::string& as_user) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  std::ifstream f(file, std::ios::binary);
  if (!f) return Fail(InvalidArgument("无法读取文件", "cannot read " + file, "file"));
  std::stringstream ss;
  ss << f.rdbuf();
  std::string bytes = ss.str();
  auto ctx = CtxFor(*app, as_user);
  if (!ctx.ok()) return Fail(ctx.status());
  auto t0 = std::chrono::steady_clock::now();
  auto rep = app->imports.ImportPeople(
      *ctx, bytes, file,
      mode == "accept_valid" ? service::ImportMode::kAcceptValid : service::ImportMode::kAllOrNothing,
      dry_run);
  if (!rep.ok()) return Fail(rep.status());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "rows=%lld inserted=%lld updated=%lld unchanged=%lld rejected=%lld households_created=%lld "
      "examples_skipped=%lld committed=%s seconds=%.2f rows_per_s=%.0f\n",
      (long long)rep->rows, (long long)rep->inserted, (long long)rep->updated, (long long)rep->unchanged,
      (long long)rep->rejected, (long long)rep->households_created, (long long)rep->examples_skipped,
      rep->committed ? "true" : "false", secs, secs > 0 ? rep->rows / secs : 0.0);
  if (!rep->note_zh.empty()) std::printf("note: %s / %s\n", rep->note_zh.c_str(), rep->note_en.c_str());
  for (size_t i = 0; i < rep->errors.size() && i < 50; ++i)
    std::printf("  第 %d 行 row %d [%s] %s / %s\n", rep->errors[i].row, rep->errors[i].row,
                rep->errors[i].column.c_str(), rep->errors[i].reason_zh.c_str(),
                rep->errors[i].reason_en.c_str());
  return rep->rejected > 0 && !rep->committed && !dry_run ? 3 : 0;
}

int ExportPeople(const Common& c, const std::string& out, const std::string& scope,
                 const std::string& format) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  service::Ctx ctx{service::SystemPrincipal(), "cli", ""};
  int64_t rows = 0;
  auto bytes = app->imports.ExportPeople(
      ctx, scope, "", format == "csv" ? sheet::Format::kCsv : sheet::Format::kXlsx, "", &rows);
  if (!bytes.ok()) return Fail(bytes.status());
  std::ofstream f(out, std::ios::binary);
  f << *bytes;
  if (!f) return Fail(InvalidArgument("无法写入文件", "cannot write " + out, "out"));
  std::printf("exported %lld rows to %s\n", (long long)rows, out.c_str());
  return 0;
}

int VerifyAudit(const Common& c) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  auto v = app->audit.Verify(service::Ctx{service::SystemPrincipal(), "cli", ""});
  if (!v.ok()) return Fail(v.status());
  if (v->ok) {
    std::printf("审计链完整 audit chain intact: %lld rows\n", (long long)v->rows_checked);
    return 0;
  }
  std::printf("审计链被破坏 audit chain BROKEN at seq %lld: %s (%lld rows checked)\n",
              (long long)v->first_bad_seq, v->reason.c_str(), (long long)v->rows_checked);
  return 1;
}

int Backup(const Common& c, const std::string& dest) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  if (std::filesystem::exists(dest))
    return Fail(InvalidArgument("目标文件已存在", "destination exists: " + dest, "dest"));
  auto t0 = std::chrono::steady_clock::now();
  Status st = app->db().Backup(dest);
  if (!st.ok()) return Fail(st);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "备份完成 backup written to %s in %.1f s (%lld bytes). The key file %s is NOT in the backup: keep it "
      "separately.\n",
      dest.c_str(), secs, (long long)std::filesystem::file_size(dest), app->config().key_path.c_str());
  return 0;
}

namespace {
// The checks of `wangge check` on an open app; prints one line per check, returns whether all passed.
bool RunChecks(service::App& app) {
  bool all = true;
  auto line = [&](bool ok, const char* zh, const char* en, const std::string& detail) {
    std::printf("%s %s %s: %s\n", ok ? "[ok]  " : "[FAIL]", zh, en, detail.c_str());
    all = all && ok;
  };
  auto t0 = std::chrono::steady_clock::now();
  auto integrity = app.db().IntegrityCheck();
  if (!integrity.ok())
    line(false, "数据库文件", "database file", integrity.status().ToString());
  else
    line(*integrity == "ok", "数据库文件", "database file", *integrity);
  auto audit = app.audit.Verify(service::Ctx{service::SystemPrincipal(), "cli", ""});
  if (!audit.ok())
    line(false, "审计链", "audit chain", audit.status().ToString());
  else
    line(audit->ok, "审计链", "audit chain",
         std::to_string(audit->rows_checked) + " rows" +
             (audit->ok ? ""
                        : ", broken at seq " + std::to_string(audit->first_bad_seq) + ": " + audit->reason));
  // Counters and roll-ups from one snapshot, so a server writing meanwhile cannot make them disagree.
  auto tx = app.db().Read();
  if (!tx.ok()) {
    line(false, "快照", "snapshot", tx.status().ToString());
    return false;
  }
  auto derived = [&](const char* zh, const char* en, const Result<storage::DerivedCheck>& r) {
    if (!r.ok())
      line(false, zh, en, r.status().ToString());
    else
      line(r->mismatches == 0, zh, en,
           std::to_string(r->rows) + " rows, " + std::to_string(r->mismatches) +
               " differ from a recomputation" + (r->mismatches ? " (first: " + r->first + ")" : ""));
  };
  derived("计数", "counters", (*tx)->places().CheckCounts());
  derived("地点编码", "place codes", (*tx)->places().CheckPlaceCodes());
  derived("指标汇总", "indicator roll-ups", (*tx)->orders().CheckRollups());
  derived("积分与时间账户余额", "ledger balances", (*tx)->ledger().CheckBalances());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("%s (%.1f s)\n", all ? "检查通过 check passed" : "检查未通过 check FAILED", secs);
  return all;
}
}  // namespace

int Check(const Common& c) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  // A warning, not a failure: the data are intact, only readable by more people than they should be.
  for (const std::string& f : service::App::LooseFileModes(ConfigOf(c)))
    std::printf(
        "[warn] 文件权限过宽，应仅属主可读写（chmod go-rwx） file readable by others, should be owner-only: "
        "%s\n",
        f.c_str());
  return RunChecks(*app) ? 0 : 1;
}

int Restore(const Common& c, const std::string& backup, const std::string& key_from) {
  namespace fs = std::filesystem;
  const service::AppConfig cfg = ConfigOf(c);
  if (storage::DatabaseFile(cfg.db_path).empty())
    return Fail(InvalidArgument(
        "PostgreSQL 数据库的备份用 pg_restore 恢复到一个空数据库，然后运行 wangge check --db <地址>",
        "a PostgreSQL backup (pg_dump's custom format) is restored with pg_restore --no-owner into an empty "
        "database; then run wangge check --db <url>",
        "db"));
  std::error_code ec;
  if (!fs::is_regular_file(backup, ec))
    return Fail(InvalidArgument("找不到备份文件", "backup file not found: " + backup, "backup"));
  if (fs::exists(cfg.db_path, ec))
    return Fail(InvalidArgument(
        "目标位置已有数据库，恢复不会覆盖它",
        "refusing to overwrite the existing database " + cfg.db_path + " (restore into a new data directory)",
        "data_dir"));
  bool copied_key = false;
  if (!key_from.empty()) {
    if (fs::exists(cfg.key_path, ec))
      return Fail(
          InvalidArgument("目标位置已有密钥文件", "a key file already exists at " + cfg.key_path, "key"));
    fs::create_directories(fs::path(cfg.key_path).parent_path(), ec);
    std::ifstream in(key_from, std::ios::binary);
    std::stringstream key;
    key << in.rdbuf();
    if (!in || key.str().size() != FieldCipher::kKeyBytes)
      return Fail(InvalidArgument("密钥文件无效", "not a key file (32 bytes): " + key_from, "key_from"));
    Status written = storage::WriteNewFile(cfg.key_path, key.str(), 0600);
    if (!written.ok()) return Fail(written);
    copied_key = true;
  } else if (!fs::exists(cfg.key_path, ec)) {
    return Fail(InvalidArgument(
        "请用 --key-from 指定与备份配套的密钥文件",
        "no key file at " + cfg.key_path + ": pass the key that belongs to the backup with --key-from",
        "key_from"));
  }
  auto undo = [&] {
    fs::remove(cfg.db_path, ec);
    fs::remove(cfg.db_path + "-wal", ec);
    fs::remove(cfg.db_path + "-shm", ec);
    if (copied_key) fs::remove(cfg.key_path, ec);
  };
  // Copied under a temporary name and renamed once complete and synced, so a crash never leaves a partial
  // database under the real name.
  fs::create_directories(fs::path(cfg.db_path).parent_path(), ec);
  const std::string tmp = cfg.db_path + ".restoring";
  fs::remove(tmp, ec);
  fs::copy_file(backup, tmp, ec);
  int fd = ec ? -1 : ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced || ::rename(tmp.c_str(), cfg.db_path.c_str()) != 0 ||
      !storage::FsyncDir(fs::path(cfg.db_path).parent_path()).ok()) {
    fs::remove(tmp, ec);
    undo();
    return Fail(Internal("cannot copy the backup to " + cfg.db_path));
  }
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) {
    undo();
    return rc;
  }
  const bool ok = RunChecks(*app);
  app.reset();
  if (!ok) {
    undo();
    std::printf("恢复已撤销 restore undone: the backup does not pass the checks above\n");
    return 1;
  }
  std::printf("恢复完成 restored %s into %s; start it with: wangge serve --data-dir %s\n", backup.c_str(),
              cfg.db_path.c_str(), cfg.data_dir.c_str());
  return 0;
}

int RotateKey(const Common& c) {
  auto t0 = std::chrono::steady_clock::now();
  auto r = service::App::RotateKey(ConfigOf(c));
  if (!r.ok()) return Fail(r.status());
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "密钥已轮换 key rotated in %.1f s: %lld rows re-encrypted, new key fingerprint %s.\n"
      "旧密钥保存在 the previous key is kept at %s: backups taken before now need it; destroy it once they "
      "expire.\n",
      secs, (long long)r->rows, r->fingerprint.c_str(), r->old_key_path.c_str());
  return 0;
}

int UserAdd(const Common& c, const std::string& username, const std::string& display_name,
            const std::string& role, const std::string& place, const std::string& password) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  service::NewUser nu;
  nu.user.username = username;
  nu.user.display_name = display_name.empty() ? username : display_name;
  nu.user.role = role;
  nu.user.place_code = place;
  nu.password = password;
  auto res = app->users.Create(service::Ctx{service::SystemPrincipal(), "cli", ""}, nu,
                               /*must_change=*/password.empty());
  if (!res.ok()) return Fail(res.status());
  std::printf("用户已创建 user created: %s (id %lld) password: %s\n", username.c_str(),
              (long long)res->first.id, res->second.c_str());
  return 0;
}

int UserPasswd(const Common& c, const std::string& username, const std::string& password) {
  int rc = 0;
  auto app = OpenOrDie(c, &rc);
  if (!app) return rc;
  service::Ctx ctx{service::SystemPrincipal(), "cli", ""};
  int64_t id = 0;
  {
    auto tx = app->db().Read();
    if (!tx.ok()) return Fail(tx.status());
    auto u = (*tx)->users().GetByName(username);
    if (!u.ok()) return Fail(u.status());
    id = u->id;
  }
  auto pw = app->users.ResetPassword(ctx, id, password);
  if (!pw.ok()) return Fail(pw.status());
  std::printf("密码已重置 password reset for %s: %s\n", username.c_str(), pw->c_str());
  return 0;
}

int PrintOpenApi() {
  // The document depends only on the route table; build it without opening a database.
  http::Router router(nullptr);
  http::RegisterAllRoutes(router);
  std::printf("%s\n", http::OpenApiDocument(router.routes()).dump(2).c_str());
  return 0;
}

}  // namespace wangge::cli

namespace wangge::cli {
const char* Version() { return "0.1.0"; }
}  // namespace wangge::cli
