// The `wangge` command.
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/demo/demo.hpp"

namespace {
// Where the shipped data lives: $WANGGE_DATA_FILES, else <dir of the binary>/../../data (build tree), else
// ./data.
std::string DefaultDivisions() {
  if (const char* env = std::getenv("WANGGE_DATA_FILES")) return std::string(env) + "/divisions";
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  for (auto dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
    if (std::filesystem::exists(dir / "data/divisions/streets.csv")) return (dir / "data/divisions").string();
  return "data/divisions";
}
std::string DefaultWeb() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  for (auto dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
    if (std::filesystem::exists(dir / "web/dist/index.html")) return (dir / "web/dist").string();
  return "";
}
}  // namespace

int main(int argc, char** argv) {
  // Everything wangge writes — the data directory, the database with its WAL, blobs, backups, exports, keys —
  // holds personal data: owner-only (0700/0600) whatever the caller's umask.
  ::umask(077);
  CLI::App app{"wangge 网格 — grassroots governance platform (基层治理综合信息平台)"};
  app.require_subcommand(1);
  app.set_version_flag("--version", wangge::cli::Version());
  wangge::cli::Common common;
  auto add_common = [&](CLI::App* sub) {
    sub->add_option("--data-dir", common.data_dir, "data directory (database and key file)")
        ->capture_default_str()
        ->envname("WANGGE_DATA_DIR");
    sub->add_option("--db", common.db_path,
                    "database: a SQLite file (default <data-dir>/wangge.db) or a PostgreSQL URL "
                    "postgresql://user:password@host:port/dbname")
        ->envname("WANGGE_DB");
    sub->add_option("--key", common.key_path, "key file (default <data-dir>/wangge.key)")
        ->envname("WANGGE_KEY_FILE");
  };

  auto* init = app.add_subcommand("init", "create the data directory, the key file and the database");
  add_common(init);

  std::string host = "127.0.0.1", web_dir = DefaultWeb();
  int port = 8080, workers = 32;
  auto* serve = app.add_subcommand("serve", "run the HTTP server (API under /api/v1, web UI at /)");
  add_common(serve);
  serve->add_option("--host", host, "address to bind")->capture_default_str();
  serve->add_option("--port", port, "port")->capture_default_str()->check(CLI::Range(1, 65535));
  serve->add_option("--workers", workers, "request worker threads")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  bool no_web = false;
  serve->add_option(
      "--web", web_dir,
      "directory of the built web UI (web/dist, made by scripts/build.sh), served at / for every GET "
      "path that no API route claims; default: web/dist of the source tree the binary was built in, "
      "when it has been built (" +
          (web_dir.empty() ? std::string("none found") : web_dir) + ")");
  serve->add_flag("--no-web", no_web, "serve the API only (no web UI), whatever --web says");

  std::string scale = "full", divisions = DefaultDivisions(), demo_county = wangge::cli::kDemoCounty;
  uint64_t seed = 20261121;
  auto* demo =
      app.add_subcommand("demo", "build a demo county (default 会泽县 530326) and print its accounts");
  add_common(demo);
  demo->add_option("--scale", scale, "full (25 townships, ~1,000,000 people) or small (two townships)")
      ->check(CLI::IsMember({"full", "small"}))
      ->capture_default_str();
  demo->add_option("--seed", seed, "random seed")->capture_default_str();
  demo->add_option("--county", demo_county,
                   "6-digit county code from the division tables; a database may hold several demo counties "
                   "(accounts of a county other than 530326 are named <role>.<county>)")
      ->capture_default_str();
  demo->add_option("--divisions", divisions, "directory of the division code tables")->capture_default_str();

  std::string file, mode = "all_or_nothing", as_user, out, scope, format = "xlsx", dest;
  bool dry_run = false;
  auto* imp = app.add_subcommand("import", "import people and households from .xlsx or .csv");
  add_common(imp);
  imp->add_option("file", file, "the file")->required()->check(CLI::ExistingFile);
  imp->add_option("--mode", mode, "all_or_nothing or accept_valid")
      ->check(CLI::IsMember({"all_or_nothing", "accept_valid"}))
      ->capture_default_str();
  imp->add_flag("--dry-run", dry_run, "validate and report without writing");
  imp->add_option("--as", as_user, "import with this user's role and jurisdiction (default: system)");

  auto* exp = app.add_subcommand("export", "export people (masked) to .xlsx or .csv");
  add_common(exp);
  exp->add_option("out", out, "output file")->required();
  exp->add_option("--scope", scope, "place code prefix");
  exp->add_option("--format", format, "xlsx or csv")
      ->check(CLI::IsMember({"xlsx", "csv"}))
      ->capture_default_str();

  auto* verify = app.add_subcommand(
      "verify-audit", "verify the audit trail's hash chain; exit 1 at the first altered or missing row");
  add_common(verify);

  auto* backup = app.add_subcommand(
      "backup", "online backup of the database to a new file (the key file is not included)");
  add_common(backup);
  backup->add_option("dest", dest, "destination file")->required();

  auto* check = app.add_subcommand("check",
                                   "check the database file, the audit chain, counters and indicator "
                                   "roll-ups (read-only; exit 1 on any problem)");
  add_common(check);

  std::string backup_file, key_from;
  auto* restore = app.add_subcommand("restore", "restore a backup into a new data directory, then check it");
  add_common(restore);
  restore->add_option("backup", backup_file, "the backup file (from wangge backup)")->required();
  restore->add_option("--key-from", key_from,
                      "the key file that belongs to the backup (copied into the data directory)");

  auto* rotate = app.add_subcommand("rotate-key",
                                    "re-encrypt all personal data under a new master key (stop the server "
                                    "first; the old key is kept as <key>.old)");
  add_common(rotate);

  std::string username, display_name, role, place, password;
  auto* user = app.add_subcommand("user", "manage users");
  user->require_subcommand(1);
  auto* uadd = user->add_subcommand("add", "add a user (prints the generated password)");
  add_common(uadd);
  uadd->add_option("username", username)->required();
  uadd->add_option("--name", display_name, "display name");
  uadd->add_option("--role", role,
                   "role: system_admin county_command township_official community_secretary grid_worker "
                   "unit_leader department_handler party_member resident")
      ->required();
  uadd->add_option("--place", place, "jurisdiction code");
  uadd->add_option("--password", password, "initial password (generated when omitted)");
  auto* upw = user->add_subcommand("passwd", "reset a user's password (prints it)");
  add_common(upw);
  upw->add_option("username", username)->required();
  upw->add_option("--password", password, "new password (generated when omitted)");

  auto* openapi = app.add_subcommand("openapi", "print the OpenAPI document");

  CLI11_PARSE(app, argc, argv);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");

  using namespace wangge::cli;
  if (*init) return Init(common);
  if (*serve) return Serve(common, host, port, workers, no_web ? std::string() : web_dir);
  if (*demo) return Demo(common, scale, seed, divisions, demo_county);
  if (*imp) return ImportPeople(common, file, mode, dry_run, as_user);
  if (*exp) return ExportPeople(common, out, scope, format);
  if (*verify) return VerifyAudit(common);
  if (*backup) return Backup(common, dest);
  if (*check) return Check(common);
  if (*rotate) return RotateKey(common);
  if (*restore) return Restore(common, backup_file, key_from);
  if (*uadd) return UserAdd(common, username, display_name, role, place, password);
  if (*upw) return UserPasswd(common, username, password);
  if (*openapi) return PrintOpenApi();
  return 0;
}
