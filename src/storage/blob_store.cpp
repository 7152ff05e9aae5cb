#include "storage/blob_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>

#include "core/crypto.hpp"
#include "storage/durable_file.hpp"

namespace wangge::storage {
namespace fs = std::filesystem;

namespace {

constexpr mode_t kDirMode = 0750;
constexpr mode_t kFileMode = 0640;

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

Status IoError(const std::string& what, const fs::path& path, int err) {
  return Internal("blob store: " + what + " " + path.string() + ": " + ErrnoText(err));
}

Status BadSha() {
  return InvalidArgument("附件编号格式错误，应为 64 位小写十六进制 SHA-256",
                         "attachment id must be 64 lowercase hex digits (SHA-256)", "sha");
}

Status BlobNotFound() { return NotFound("附件不存在", "attachment not found"); }

// There is no data-loss code in StatusCode: a damaged file is an internal failure that an operator must see,
// never the caller's fault, so kInternal with a message naming the blob.
Status Corrupted(std::string_view sha) {
  return Status(
      StatusCode::kInternal, "附件文件已损坏",
      "blob store: attachment " + std::string(sha) + " is corrupted (content no longer matches its SHA-256)");
}

// mkdir that treats an existing folder as success.
Status MakeDir(const fs::path& p) {
  if (::mkdir(p.c_str(), kDirMode) == 0 || errno == EEXIST) return Status::Ok();
  return IoError("cannot create folder", p, errno);
}

// Unique among the threads of this process (counter) and the live processes of this host (pid); O_EXCL
// catches the one remaining clash, a stale temp file of a crashed process that had the same pid.
std::string TempName(std::string_view sha) {
  static std::atomic<uint64_t> counter{0};
  return ".tmp-" + std::string(sha.substr(0, 16)) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(counter.fetch_add(1, std::memory_order_relaxed));
}

}  // namespace

bool BlobStore::IsValidSha(std::string_view sha) {
  if (sha.size() != 64) return false;
  for (char c : sha) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<BlobStore> BlobStore::Open(fs::path dir) {
  if (dir.empty())
    return InvalidArgument("附件目录不能为空", "attachment folder must not be empty", "blob_dir");
  InitCrypto();  // Sha256Hex; idempotent
  std::error_code ec;
  fs::path abs = fs::absolute(dir, ec);
  if (ec) return Internal("blob store: cannot resolve " + dir.string() + ": " + ec.message());
  auto st = fs::status(abs, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st))
      return InvalidArgument("附件目录路径已被文件占用",
                             "attachment path exists and is not a folder: " + abs.string(), "blob_dir");
    return BlobStore(std::move(abs));
  }
  // Parents get the default mode; only the store's own folder is created 0750.
  if (abs.has_parent_path()) fs::create_directories(abs.parent_path(), ec);
  if (ec) return Internal("blob store: cannot create " + abs.parent_path().string() + ": " + ec.message());
  RETURN_IF_ERROR(MakeDir(abs));
  return BlobStore(std::move(abs));
}

fs::path BlobStore::PathOf(std::string_view sha) const {
  if (!IsValidSha(sha)) return {};
  return dir_ / std::string(sha.substr(0, 2)) / std::string(sha.substr(2, 2)) / std::string(sha);
}

Result<std::string> BlobStore::Put(std::string_view bytes) {
  std::string sha = Sha256Hex(bytes);
  fs::path final_path = PathOf(sha);
  fs::path leaf = final_path.parent_path();
  fs::path mid = leaf.parent_path();

  struct stat st;
  if (::stat(final_path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
      st.st_size == static_cast<off_t>(bytes.size())) {
    return sha;
  }

  RETURN_IF_ERROR(MakeDir(mid));
  RETURN_IF_ERROR(MakeDir(leaf));

  fs::path tmp;
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    tmp = leaf / TempName(sha);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kFileMode);
    if (fd < 0 && (errno != EEXIST || attempt >= 8)) return IoError("cannot create", tmp, errno);
  }
  Status written = WriteAll(fd, bytes, tmp);
  if (written.ok() && ::fsync(fd) != 0) written = IoError("cannot fsync", tmp, errno);
  if (::close(fd) != 0 && written.ok()) written = IoError("cannot close", tmp, errno);
  if (written.ok() && ::rename(tmp.c_str(), final_path.c_str()) != 0)
    written = IoError("cannot rename", tmp, errno);
  if (!written.ok()) {
    ::unlink(tmp.c_str());
    return written;
  }
  // The rename is durable once the leaf folder is synced. The two folders above are synced every time rather
  // than only by the Put that created them: a concurrent Put that found them already made by another thread
  // must not return before their entries are on disk either. A clean folder syncs at almost no cost.
  RETURN_IF_ERROR(FsyncDir(leaf));
  RETURN_IF_ERROR(FsyncDir(mid));
  RETURN_IF_ERROR(FsyncDir(dir_));
  return sha;
}

Result<std::string> BlobStore::Get(std::string_view sha) const {
  if (!IsValidSha(sha)) return BadSha();
  fs::path p = PathOf(sha);
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return BlobNotFound();
    return IoError("cannot open", p, errno);
  }
  std::string data;
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) data.reserve(static_cast<size_t>(st.st_size));
  char buf[64 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return IoError("cannot read", p, err);
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  if (Sha256Hex(data) != sha) return Corrupted(sha);
  return data;
}

bool BlobStore::Exists(std::string_view sha) const {
  if (!IsValidSha(sha)) return false;
  struct stat st;
  return ::stat(PathOf(sha).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

Result<int64_t> BlobStore::Size(std::string_view sha) const {
  if (!IsValidSha(sha)) return BadSha();
  fs::path p = PathOf(sha);
  struct stat st;
  if (::stat(p.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return BlobNotFound();
    return IoError("cannot stat", p, errno);
  }
  if (!S_ISREG(st.st_mode)) return Internal("blob store: not a regular file: " + p.string());
  return static_cast<int64_t>(st.st_size);
}

}  // namespace wangge::storage
