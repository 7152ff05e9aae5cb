// The one declaration of the facts that span domains: every table of the schema, what kind of table it is,
// which of its columns carry a place code (and in what role), which are sealed (encrypted or blind-indexed),
// and which tables are maintained roll-ups. Code that must touch "every table that …" reads it — moving a
// place (PlaceRepo::Rekey), `wangge check` (every place code names a place), key rotation — and the schema
// test (registry_test.cpp) compares it with the live schema, so a table added without a line here fails the
// build's tests instead of drifting out of those operations.
#pragma once

#include <string_view>
#include <vector>

namespace wangge::storage {

// How a column holds a place code.
enum class PlaceRole {
  kKey,         // the place's own code (places.code)
  kParent,      // the parent's code (places.parent_code)
  kOwn,         // the record lies at this place: follows a move, names a place
  kReference,   // points at a place ("" = none): follows a move, names a place when set
  kScope,       // a jurisdiction prefix ("" = everything): follows a move, names a place when set
  kCounter,     // a maintained counter's subject (an ancestor prefix, "" = all): follows a move, counts moved
  kRollup,      // a roll-up subject (a place code, or "d:<id>" / "u:<id>"): follows a move, figures moved
  kHistorical,  // what the code was when written (the audit trail): never rewritten, not checked
};

struct PlaceColumn {
  std::string_view column;
  PlaceRole role;
};

// How a column is sealed (core/crypto.hpp).
enum class SealKind {
  kCipher,      // secretbox ciphertext
  kBlindIndex,  // keyed BLAKE2b of the clear value
  kTagFields,   // a care-group tag's JSON whose phone and certificate fields are {masked, enc, idx}
};

struct SealedColumn {
  std::string_view column;
  SealKind kind;
};

enum class TableKind {
  kData,       // records of a county's places and people: split by county code when sharded (PostgreSQL:
               // a leading `county` column in the primary key and every unique key; postgres/ catalog test)
  kReference,  // shared dictionaries (categories, the holiday calendar) and the accounts: the same everywhere
               // (replicated to every node when sharded, no county column)
  kSystem,     // the installation's own (schema version, settings)
};

struct TableInfo {
  std::string_view name;
  TableKind kind = TableKind::kData;
  std::vector<PlaceColumn> places;
  std::vector<SealedColumn> sealed;
  bool maintained =
      false;  // a roll-up kept up to date in the transaction of each change (checked by `wangge check`)
};

// Every table of the schema, in migration order.
const std::vector<TableInfo>& Tables();
// The table's entry; nullptr when the registry does not know it.
const TableInfo* FindTable(std::string_view name);
// Whether the role follows a place when it moves (every role but kHistorical).
bool FollowsMove(PlaceRole role);

}  // namespace wangge::storage
