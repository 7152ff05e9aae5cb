// Files the data directory keeps beside the database — blobs, key files — written so that a crash leaves each
// whole or absent.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

#include "core/status.hpp"

namespace wangge::storage {

// Writes all of `bytes` to `fd` (short writes and EINTR retried); `p` names the file in the error.
Status WriteAll(int fd, std::string_view bytes, const std::filesystem::path& p);
// A rename or a new folder entry is durable only once the folder holding it is fsynced.
Status FsyncDir(const std::filesystem::path& dir);
// Creates `path` with `mode` (kConflict-free: fails if it exists, never replaces), writes `bytes`, fsyncs the
// file and its folder. A file left half-written by a failure is removed.
Status WriteNewFile(const std::filesystem::path& path, std::string_view bytes, mode_t mode);

}  // namespace wangge::storage
