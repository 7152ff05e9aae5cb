// BlobStore: content-addressed attachments (report photos, documents) in a directory beside the database.
// A blob is named by the lowercase hex SHA-256 of its bytes and lives at <dir>/<aa>/<bb>/<sha>, where aa and
// bb are the first two and the next two hex digits (at most 65536 leaf folders, so none grows huge).
//
// Durability: Put writes a uniquely named temp file in the leaf folder, fsyncs it, renames it over the final
// name and fsyncs the folder (and any folder it had to create), so after Put returns the blob survives a
// crash, and a reader never sees a half-written blob under its final name. Left-over temp files of a crash
// (".tmp-*" in a leaf folder) are never read; they may be deleted at any time.
//
// Permissions: folders are created 0750 and files 0640 (the process umask can only make them stricter).
//
// Thread safety: every method may be called from many threads at once, including concurrent Puts of the same
// and of different blobs (the last rename wins and the content is the same). Several processes sharing one
// dir are safe too.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace wangge::storage {

class BlobStore {
 public:
  // Creates `dir` (and its parents) if missing. kInvalidArgument when `dir` is empty or exists but is not
  // a directory, kInternal when it cannot be created.
  static Result<BlobStore> Open(std::filesystem::path dir);

  // Stores `bytes` and returns their lowercase hex SHA-256 (64 characters), the blob's id. Idempotent: when
  // a blob of that id and size is already there nothing is rewritten (one of another size, which can only be
  // a damaged file, is replaced). kInternal on an I/O failure (disk full, permissions), leaving no temp file.
  Result<std::string> Put(std::string_view bytes);

  // The blob's bytes. kInvalidArgument (field "sha") unless `sha` is 64 lowercase hex digits, so an id
  // taken from a request can never name a path outside the store; kNotFound when there is no such blob;
  // kInternal when it cannot be read, or when its content no longer hashes to `sha` (a corrupted file: data
  // loss; the message says "corrupted").
  Result<std::string> Get(std::string_view sha) const;

  // True when `sha` is a valid id and its blob exists. Does not verify the content.
  bool Exists(std::string_view sha) const;

  // Where the blob of `sha` is (or would be) stored; an empty path when `sha` is not a valid id.
  std::filesystem::path PathOf(std::string_view sha) const;

  // The blob's size in bytes without reading it. Errors as for Get, except that the content is not verified.
  Result<int64_t> Size(std::string_view sha) const;

  const std::filesystem::path& dir() const { return dir_; }

  // True when `sha` is 64 lowercase hex digits.
  static bool IsValidSha(std::string_view sha);

 private:
  explicit BlobStore(std::filesystem::path dir) : dir_(std::move(dir)) {}
  std::filesystem::path dir_;
};

}  // namespace wangge::storage
