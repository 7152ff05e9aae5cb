// Settings of the installation (key → value), and the pass over every sealed value that a key rotation makes
// (`wangge rotate-key`; the sealed columns are also listed in the table registry, registry.hpp). Backends:
// sqlite/settings_repo.cpp; contract: settings_repo_test.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/status.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// One row's encrypted values and blind indexes, by column name: people (cid_enc, cid_hash, phone_enc,
// phone_hash), orders (reporter_name_enc, reporter_phone_enc), webhooks (secret_enc), person_tags (fields:
// the tag's JSON, some of whose fields the service seals; `tag` names the tag, `id` is the person; every tag
// row is offered and written back only when fn changed it). A NULL column is absent.
struct SealedRow {
  std::string table;
  int64_t id = 0;
  std::string tag;
  std::map<std::string, std::string> columns;
};

// Settings of the installation, and the pass over every sealed value that a key rotation makes.
class SettingsRepo {
 public:
  virtual ~SettingsRepo() = default;
  virtual Result<std::optional<std::string>> Get(const std::string& key) = 0;
  virtual Status Put(const std::string& key, const std::string& value) = 0;
  // Calls fn for every row holding encrypted values (in id order per table) and writes back the columns fn
  // leaves in the row (same names; a column fn erases becomes NULL). fn's error stops the pass.
  virtual Result<int64_t> RewriteSealed(const std::function<Status(SealedRow&)>& fn) = 0;
};

}  // namespace wangge::storage
