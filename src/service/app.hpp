// The application: the database, the field cipher and every service, wired once at start-up and shared by
// all request threads (every member is thread-safe).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "service/activity_service.hpp"
#include "service/attachment_service.hpp"
#include "service/audit_service.hpp"
#include "service/auth_service.hpp"
#include "service/catalog_service.hpp"
#include "service/dispute_service.hpp"
#include "service/dual_service.hpp"
#include "service/duty_service.hpp"
#include "service/errand_service.hpp"
#include "service/import_service.hpp"
#include "service/ledger_service.hpp"
#include "service/notify_service.hpp"
#include "service/order_service.hpp"
#include "service/org_service.hpp"
#include "service/participation.hpp"
#include "service/people_service.hpp"
#include "service/petition_service.hpp"
#include "service/place_service.hpp"
#include "service/roll_service.hpp"
#include "service/screening_service.hpp"
#include "service/service_order_service.hpp"
#include "service/shop_service.hpp"
#include "service/task_service.hpp"
#include "service/user_service.hpp"
#include "storage/database.hpp"

namespace wangge::service {

struct AppConfig {
  std::string data_dir = "var";
  std::string db_path;   // default <data_dir>/wangge.db
  std::string key_path;  // default <data_dir>/wangge.key (outside the database, 0600)
  std::string blob_dir;  // default <data_dir>/blobs (attachments, content-addressed)
  int64_t session_ttl_seconds = 12 * 3600;
  bool exclusive = false;             // no other process may have the database open (key rotation)
  storage::DatabaseOptions database;  // pool and cache sizes
};

// What `wangge rotate-key` did.
struct KeyRotation {
  int64_t rows = 0;          // rows whose encrypted values and blind indexes were rewritten
  std::string old_key_path;  // where the previous key was kept
  std::string fingerprint;   // of the new key
};

class App {
 public:
  // Opens the database (migrating it) and loads the key. kFailedPrecondition when the key file is missing
  // (run `wangge init`), kInvalidArgument when it is malformed.
  static Result<std::unique_ptr<App>> Open(const AppConfig& cfg);
  // Creates the data dir and key file if absent (idempotent); returns true when a key was created.
  static Result<bool> Init(const AppConfig& cfg);
  static AppConfig Resolve(AppConfig cfg);
  // Files and directories of the data directory (the directory itself, the database with its -wal/-shm, the
  // key, the blob store) that group or others may read, write or enter, as "path (mode 0644)". The product
  // creates all of them owner-only (main sets umask 077; the data directory is 0700); `wangge check` and
  // `wangge serve` warn about what is looser, e.g. copied in by hand. At most 20 are listed.
  static std::vector<std::string> LooseFileModes(const AppConfig& cfg);
  // Replaces the master key: every encrypted value re-encrypted and every blind index recomputed under a new
  // key in one transaction, then the key files swapped (the old key kept as <key>.old). Needs the database to
  // itself (kFailedPrecondition while a server or another command has it open). A crash at any point leaves
  // either the old key with the old data or the new key with the new data: Open finishes a rotation that
  // committed but did not get to swap the files.
  static Result<KeyRotation> RotateKey(const AppConfig& cfg);
  ~App();

  storage::Database& db() { return *db_; }
  const FieldCipher& cipher() const { return cipher_; }
  const AppConfig& config() const { return cfg_; }

  AuthService auth;
  AuditService audit;
  PlaceService places;
  PeopleService people;
  OrgService orgs;
  UserService users;
  ImportService imports;
  CatalogService catalog;
  NotifyService notify;
  OrderService orders;
  AttachmentService attachments;
  DisputeService disputes;
  PetitionService petitions;
  ScreeningService screenings;
  LedgerService ledger;
  ShopService shop;
  ActivityService activities;
  ServiceOrderService services;
  ErrandService errands;
  DualService dual;
  ParticipationService participation;
  RollService rolls;
  DutyService duties;
  TaskService tasks;

 private:
  App(AppConfig cfg, std::unique_ptr<storage::Database> db, FieldCipher cipher,
      std::unique_ptr<storage::BlobStore> blobs);
  int lock_fd_ = -1;  // flock on <db>.lock: shared, or exclusive with cfg.exclusive
  AppConfig cfg_;
  std::unique_ptr<storage::Database> db_;
  FieldCipher cipher_;
};

}  // namespace wangge::service
