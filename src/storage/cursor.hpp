// Keyset-pagination cursors: an opaque, URL-safe encoding of the last item's sort key and id.
#pragma once

#include <cstdint>
#include <string>

namespace wangge::storage {

struct Cursor {
  std::string key;  // sort key of the last item ("" when the sort is by id only)
  int64_t id = 0;
};

std::string EncodeCursor(const std::string& key, int64_t id);
// A malformed cursor decodes to the start (key "", id 0); callers validate with IsValidCursor first.
Cursor DecodeCursor(const std::string& cursor);
bool IsValidCursor(const std::string& cursor);

}  // namespace wangge::storage
