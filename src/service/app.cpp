#include "service/app.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wangge::service {

AppConfig App::Resolve(AppConfig cfg) {
  if (cfg.db_path.empty()) cfg.db_path = cfg.data_dir + "/wangge.db";
  if (cfg.key_path.empty()) cfg.key_path = cfg.data_dir + "/wangge.key";
  if (cfg.blob_dir.empty()) cfg.blob_dir = cfg.data_dir + "/blobs";
  return cfg;
}

Result<bool> App::Init(const AppConfig& in) {
  AppConfig cfg = Resolve(in);
  InitCrypto();
  std::error_code ec;
  std::filesystem::create_directories(cfg.data_dir, ec);
  if (ec) return InvalidArgument("无法创建数据目录", "cannot create data dir " + cfg.data_dir + ": " + ec.message(), "data_dir");
  std::filesystem::path key_dir = std::filesystem::path(cfg.key_path).parent_path();
  if (!key_dir.empty()) std::filesystem::create_directories(key_dir, ec);
  if (std::filesystem::exists(cfg.key_path)) return false;
  std::string key = FieldCipher::GenerateMasterKey();
  int fd = ::open(cfg.key_path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return InvalidArgument("无法创建密钥文件", "cannot create key file " + cfg.key_path, "key");
  bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Internal("cannot write key file " + cfg.key_path);
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
      cfg_(std::move(cfg)),
      db_(std::move(db)),
      cipher_(std::move(cipher)) {}

Result<std::unique_ptr<App>> App::Open(const AppConfig& in) {
  AppConfig cfg = Resolve(in);
  InitCrypto();
  std::ifstream f(cfg.key_path, std::ios::binary);
  if (!f)
    return FailedPrecondition("找不到密钥文件，请先运行 wangge init", "key file " + cfg.key_path + " not found; run `wangge init`");
  std::stringstream ss;
  ss << f.rdbuf();
  ASSIGN_OR_RETURN(FieldCipher cipher, FieldCipher::FromMasterKey(ss.str()));
  ASSIGN_OR_RETURN(auto db, storage::OpenSqlite(cfg.db_path));
  ASSIGN_OR_RETURN(storage::BlobStore blobs, storage::BlobStore::Open(cfg.blob_dir));
  auto app = std::unique_ptr<App>(new App(std::move(cfg), std::move(db), std::move(cipher),
                                          std::make_unique<storage::BlobStore>(std::move(blobs))));
  RETURN_IF_ERROR(app->catalog.SeedIfEmpty());
  return app;
}

}  // namespace wangge::service
