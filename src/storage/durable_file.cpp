#include "storage/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace wangge::storage {
namespace fs = std::filesystem;

namespace {
Status IoError(const std::string& what, const fs::path& path, int err) {
  return Internal(what + " " + path.string() + ": " +
                  std::error_code(err, std::generic_category()).message());
}
}  // namespace

Status WriteAll(int fd, std::string_view bytes, const fs::path& p) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return IoError("cannot write", p, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

Status FsyncDir(const fs::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError("cannot open folder", dir, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return IoError("cannot fsync folder", dir, err);
  return Status::Ok();
}

Status WriteNewFile(const fs::path& path, std::string_view bytes, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return IoError("cannot create", path, errno);
  Status written = WriteAll(fd, bytes, path);
  if (written.ok() && ::fsync(fd) != 0) written = IoError("cannot fsync", path, errno);
  if (::close(fd) != 0 && written.ok()) written = IoError("cannot close", path, errno);
  if (!written.ok()) {
    ::unlink(path.c_str());
    return written;
  }
  return FsyncDir(path.parent_path());
}

}  // namespace wangge::storage
