#include "service/app.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/validation.hpp"
#include "storage/durable_file.hpp"
#include "storage/settings_repo.hpp"

namespace wangge::service {

AppConfig App::Resolve(AppConfig cfg) {
  if (cfg.db_path.empty()) cfg.db_path = cfg.data_dir + "/wangge.db";
  if (cfg.key_path.empty()) cfg.key_path = cfg.data_dir + "/wangge.key";
  if (cfg.blob_dir.empty()) cfg.blob_dir = cfg.data_dir + "/blobs";
  return cfg;
}

std::vector<std::string> App::LooseFileModes(const AppConfig& in) {
  namespace fs = std::filesystem;
  const AppConfig cfg = Resolve(in);
  std::vector<std::string> out;
  auto look = [&](const fs::path& p) {
    struct stat st {};
    if (out.size() >= 20 || ::lstat(p.c_str(), &st) != 0) return;
    if ((st.st_mode & 077) == 0) return;
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    out.push_back(p.string() + " (mode " + mode + ")");
  };
  look(cfg.data_dir);
  const std::string db_file = storage::DatabaseFile(cfg.db_path);  // "" on a database server
  if (!db_file.empty())
    for (const std::string& f : {db_file, db_file + "-wal", db_file + "-shm"}) look(f);
  look(cfg.key_path);
  std::error_code ec;
  if (fs::is_directory(cfg.blob_dir, ec)) {
    look(cfg.blob_dir);
    for (fs::recursive_directory_iterator it(cfg.blob_dir, ec), end; !ec && it != end && out.size() < 20;
         it.increment(ec))
      look(it->path());
  }
  return out;
}

Result<bool> App::Init(const AppConfig& in) {
  AppConfig cfg = Resolve(in);
  InitCrypto();
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(cfg.data_dir, ec);
  std::filesystem::create_directories(cfg.data_dir, ec);
  if (ec)
    return InvalidArgument("无法创建数据目录", "cannot create data dir " + cfg.data_dir + ": " + ec.message(),
                           "data_dir");
  // Owner-only whatever the umask: it holds personal data (an existing directory is left as it is, and warned
  // about by LooseFileModes).
  if (fresh) std::filesystem::permissions(cfg.data_dir, std::filesystem::perms::owner_all, ec);
  std::filesystem::path key_dir = std::filesystem::path(cfg.key_path).parent_path();
  if (!key_dir.empty()) std::filesystem::create_directories(key_dir, ec);
  if (std::filesystem::exists(cfg.key_path)) return false;
  std::string key = FieldCipher::GenerateMasterKey();
  Status written = storage::WriteNewFile(cfg.key_path, key, 0600);
  if (!written.ok())
    return InvalidArgument("无法创建密钥文件", "cannot create key file: " + written.en(), "key");
  return true;
}

App::App(AppConfig cfg, std::unique_ptr<storage::Database> db, FieldCipher cipher,
         std::unique_ptr<storage::BlobStore> blobs)
    : auth(db.get(), cfg.session_ttl_seconds),
      audit(db.get()),
      places(db.get()),
      people(db.get(), &cipher_),
      orgs(db.get()),
      users(db.get()),
      imports(db.get(), &cipher_, &people),
      catalog(db.get()),
      notify(db.get(), &cipher_),
      orders(db.get(), &cipher_, &catalog, &places, &notify),
      attachments(db.get(), std::move(blobs)),
      disputes(db.get(), &cipher_, &orders),
      petitions(db.get(), &cipher_, &orders),
      screenings(db.get(), &orders),
      ledger(db.get(), &orders),
      shop(db.get(), &ledger),
      activities(db.get(), &ledger),
      services(db.get(), &orders, &catalog),
      errands(db.get(), &orders),
      dual(db.get()),
      participation(db.get(), &orders),
      rolls(db.get(), &orders),
      duties(db.get(), &orders),
      tasks(db.get(), &orders),
      cfg_(std::move(cfg)),
      db_(std::move(db)),
      cipher_(std::move(cipher)) {}

App::~App() {
  db_.reset();
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

namespace {

constexpr const char* kFingerprintSetting = "key_fingerprint";

Result<FieldCipher> ReadKey(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    return FailedPrecondition("找不到密钥文件，请先运行 wangge init",
                              "key file " + path + " not found; run `wangge init`");
  std::stringstream ss;
  ss << f.rdbuf();
  return FieldCipher::FromMasterKey(ss.str());
}

// Every process that opens the database holds a shared lock on <db file>.lock (a database on a server:
// <data dir>/wangge.lock, which covers the processes of this machine — docs/architecture.md says to stop
// every server of a PostgreSQL database before rotating the key); a key rotation holds it exclusively, so
// nothing can write under the old key while the data moves to the new one.
Result<int> LockDatabase(const AppConfig& cfg, bool exclusive) {
  const std::string file = storage::DatabaseFile(cfg.db_path);
  const std::string path = file.empty() ? cfg.data_dir + "/wangge.lock" : file + ".lock";
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Internal("cannot open lock file " + path);
  if (::flock(fd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
    ::close(fd);
    if (exclusive)
      return FailedPrecondition(
          "数据库正被其他进程使用（服务器是否在运行？），请先停止它",
          "the database is open in another process (is the server running?); stop it first");
    return FailedPrecondition("数据库正在轮换密钥，请稍后再试",
                              "a key rotation is running on this database; try again when it ends");
  }
  return fd;
}

// The key files after a rotation committed: <key> -> <key>.old, <key>.next -> <key>.
Status SwapKeyFiles(const std::string& key_path) {
  if (::rename(key_path.c_str(), (key_path + ".old").c_str()) != 0 && errno != ENOENT)
    return Internal("cannot rename " + key_path + " to " + key_path + ".old");
  if (::rename((key_path + ".next").c_str(), key_path.c_str()) != 0)
    return Internal("cannot rename " + key_path + ".next to " + key_path);
  return storage::FsyncDir(std::filesystem::path(key_path).parent_path());
}

// Ties the key file to the database: the first open records the key's fingerprint, and later opens with
// another key fail before anything is sealed under it. A rotation that committed but was interrupted before
// swapping the key files is finished here; a `.next` key left by a rotation that never committed is removed.
Status MatchKey(storage::Database& db, const std::string& key_path, FieldCipher* cipher) {
  std::optional<std::string> stored;
  RETURN_IF_ERROR(db.Write([&](storage::Tx& tx) -> Status {
    ASSIGN_OR_RETURN(stored, tx.settings().Get(kFingerprintSetting));
    if (stored) return Status::Ok();
    stored = cipher->Fingerprint();
    return tx.settings().Put(kFingerprintSetting, *stored);
  }));
  const std::string next = key_path + ".next";
  std::error_code ec;
  if (*stored == cipher->Fingerprint()) {
    if (std::filesystem::exists(next, ec)) {
      std::filesystem::remove(next, ec);
      spdlog::warn("removed {}: a key rotation that did not commit (the data is still under {})", next,
                   key_path);
    }
    return Status::Ok();
  }
  if (std::filesystem::exists(next, ec)) {
    auto fresh = ReadKey(next);
    if (fresh.ok() && fresh->Fingerprint() == *stored) {
      RETURN_IF_ERROR(SwapKeyFiles(key_path));
      spdlog::warn("finished an interrupted key rotation: {} is the new key, the previous one is {}.old",
                   key_path, key_path);
      *cipher = std::move(*fresh);
      return Status::Ok();
    }
  }
  return FailedPrecondition("密钥文件与数据库不符：数据是用另一把密钥加密的，请使用与该数据库配套的密钥文件",
                            "the key file " + key_path +
                                " does not belong to this database (its data is sealed with "
                                "another key): use the key file that goes with it");
}

}  // namespace

Result<std::unique_ptr<App>> App::Open(const AppConfig& in) {
  AppConfig cfg = Resolve(in);
  InitCrypto();
  ASSIGN_OR_RETURN(FieldCipher cipher, ReadKey(cfg.key_path));
  ASSIGN_OR_RETURN(int lock_fd, LockDatabase(cfg, cfg.exclusive));
  auto db = storage::OpenDatabase(cfg.db_path, cfg.database);
  Status matched = db.ok() ? MatchKey(**db, cfg.key_path, &cipher) : db.status();
  auto blobs = matched.ok() ? storage::BlobStore::Open(cfg.blob_dir) : Result<storage::BlobStore>(matched);
  if (!blobs.ok()) {
    ::close(lock_fd);
    return blobs.status();
  }
  auto app = std::unique_ptr<App>(new App(std::move(cfg), std::move(*db), std::move(cipher),
                                          std::make_unique<storage::BlobStore>(std::move(*blobs))));
  app->lock_fd_ = lock_fd;
  RETURN_IF_ERROR(app->catalog.SeedIfEmpty());
  return app;
}

Result<KeyRotation> App::RotateKey(const AppConfig& in) {
  AppConfig cfg = Resolve(in);
  cfg.exclusive = true;
  ASSIGN_OR_RETURN(auto app, Open(cfg));
  const FieldCipher& old = app->cipher_;
  const std::string master = FieldCipher::GenerateMasterKey();
  ASSIGN_OR_RETURN(FieldCipher fresh, FieldCipher::FromMasterKey(master));
  // 1. The new key on disk (synced) before any data is sealed with it.
  const std::string next = app->cfg_.key_path + ".next";
  RETURN_IF_ERROR(storage::WriteNewFile(next, master, 0600));
  std::error_code ec;
  // 2. Every sealed value and the fingerprint, in one transaction.
  KeyRotation out;
  Status st = app->db().Write([&](storage::Tx& tx) -> Status {
    auto rows = tx.settings().RewriteSealed([&](storage::SealedRow& row) -> Status {
      if (row.table == "person_tags") {
        ASSIGN_OR_RETURN(row.columns["fields"], ResealTagFields(old, fresh, row.tag, row.columns["fields"]));
        return Status::Ok();
      }
      std::map<std::string, std::string> plain;
      for (auto& [column, blob] : row.columns) {
        if (column.size() < 4 || column.compare(column.size() - 4, 4, "_enc") != 0) continue;
        ASSIGN_OR_RETURN(std::string p, old.Decrypt(blob));
        blob = fresh.Encrypt(p);
        plain[column] = std::move(p);
      }
      auto reindex = [&](const char* hash, const char* enc, auto compute) -> Status {
        if (!row.columns.count(hash)) return Status::Ok();
        auto it = plain.find(enc);
        if (it == plain.end())
          return Internal(std::string(row.table) + " " + std::to_string(row.id) + ": " + hash + " without " +
                          enc);
        row.columns[hash] = compute(it->second);
        return Status::Ok();
      };
      RETURN_IF_ERROR(
          reindex("cid_hash", "cid_enc", [&](const std::string& v) { return CitizenIdIndex(fresh, v); }));
      return reindex("phone_hash", "phone_enc",
                     [&](const std::string& v) { return fresh.BlindIndex("phone", v); });
    });
    if (!rows.ok()) return rows.status();
    out.rows = *rows;
    RETURN_IF_ERROR(tx.settings().Put(kFingerprintSetting, fresh.Fingerprint()));
    return Audit(tx, Ctx{SystemPrincipal(), "cli", ""}, "key.rotate", "key", fresh.Fingerprint(), "",
                 "{\"rows\":" + std::to_string(out.rows) + ",\"previous\":\"" + old.Fingerprint() + "\"}");
  });
  if (!st.ok()) {
    std::filesystem::remove(next, ec);
    return st;
  }
  // 3. The files swapped. A crash before this line is finished by the next Open (MatchKey).
  RETURN_IF_ERROR(SwapKeyFiles(app->cfg_.key_path));
  out.old_key_path = app->cfg_.key_path + ".old";
  out.fingerprint = fresh.Fingerprint();
  return out;
}

}  // namespace wangge::service
