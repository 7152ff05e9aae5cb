// Row readers of the ledger and shop domains shared by the backends (sqlite/ and postgres/ ledger_repo.cpp,
// shop_repo.cpp): templates over the backend's statement type, whose columns each backend selects in the
// order given here (its ACCOUNT_COLS, ENTRY_COLS, ITEM_COLS, REDEMPTION_COLS).
#pragma once

#include <optional>
#include <vector>

#include "core/ledger.hpp"
#include "core/status.hpp"
#include "storage/ledger_repo.hpp"
#include "storage/shop_repo.hpp"

namespace wangge::storage {

// id, place_code, currency, holder, person_id, balance, floor, ceiling, created_at, person name
template <class Stmt>
LedgerAccount ReadAccountRow(const Stmt& s) {
  LedgerAccount a;
  a.id = s.Int(0);
  a.place_code = s.Text(1);
  a.currency = ledger::CurrencyFromName(s.Text(2)).value_or(ledger::Currency::kPoints);
  a.holder = ledger::HolderFromName(s.Text(3)).value_or(ledger::Holder::kPerson);
  a.person_id = s.Int(4);
  a.balance = s.Int(5);
  a.limits.floor = s.OptInt(6);
  a.limits.ceiling = s.OptInt(7);
  a.created_at = s.Int(8);
  a.person_name = s.Text(9);
  return a;
}

// id, place_code, currency, kind, period, rule, memo, ref, idem_key, reverses, created_by, created_at,
// reversed_by (the id of the entry reversing it, NULL when none)
template <class Stmt>
ledger::Entry ReadEntryRow(const Stmt& s, int first = 0) {
  ledger::Entry e;
  e.id = s.Int(first + 0);
  e.place_code = s.Text(first + 1);
  e.currency = ledger::CurrencyFromName(s.Text(first + 2)).value_or(ledger::Currency::kPoints);
  e.kind = ledger::KindFromName(s.Text(first + 3)).value_or(ledger::Kind::kAward);
  e.period = static_cast<int>(s.Int(first + 4));
  e.rule = s.Text(first + 5);
  e.memo = s.Text(first + 6);
  e.ref = s.Text(first + 7);
  e.idem_key = s.Text(first + 8);
  e.reverses = s.OptInt(first + 9).value_or(0);
  e.created_by = s.Int(first + 10);
  e.created_at = s.Int(first + 11);
  e.reversed_by = s.OptInt(first + 12).value_or(0);
  return e;
}

// id, place_code, name, points, stock, active, note, version, created_at
template <class Stmt>
ShopItem ReadItemRow(const Stmt& s) {
  ShopItem i;
  i.id = s.Int(0);
  i.place_code = s.Text(1);
  i.name = s.Text(2);
  i.points = s.Int(3);
  i.stock = s.Int(4);
  i.active = s.Int(5) != 0;
  i.note = s.Text(6);
  i.version = s.Int(7);
  i.created_at = s.Int(8);
  return i;
}

// id, place_code, item_id, item_name, person_id, qty, points, entry_id, idem_key, status, created_by,
// created_at, done_by, done_at, person name
template <class Stmt>
Redemption ReadRedemptionRow(const Stmt& s) {
  Redemption r;
  r.id = s.Int(0);
  r.place_code = s.Text(1);
  r.item_id = s.Int(2);
  r.item_name = s.Text(3);
  r.person_id = s.Int(4);
  r.qty = s.Int(5);
  r.points = s.Int(6);
  r.entry_id = s.Int(7);
  r.idem_key = s.Text(8);
  r.status = s.Text(9);
  r.created_by = s.Int(10);
  r.created_at = s.Int(11);
  r.done_by = s.Int(12);
  r.done_at = s.Int(13);
  r.person_name = s.Text(14);
  return r;
}

template <class T, class Stmt, class ReadFn>
Result<std::vector<T>> ReadAll(Stmt& s, ReadFn read) {
  std::vector<T> out;
  while (s.Step()) out.push_back(read(s));
  RETURN_IF_ERROR(s.status());
  return out;
}

// The first row, or none.
template <class T, class Stmt, class ReadFn>
Result<std::optional<T>> ReadFirst(Stmt& s, ReadFn read) {
  if (!s.Step()) {
    RETURN_IF_ERROR(s.status());
    return std::optional<T>();
  }
  return std::optional<T>(read(s));
}

// The derived-balance check of LedgerRepo::CheckBalances over rows (account id, balance, sum of movements)
// and rows (entry id, movements, their sum) of entries that do not balance.
template <class Stmt>
Status CheckAccountRows(Stmt& accounts, DerivedCheck* out) {
  while (accounts.Step()) {
    ++out->rows;
    if (accounts.Int(1) != accounts.Int(2)) {
      if (out->mismatches++ == 0)
        out->first = "ledger account " + std::to_string(accounts.Int(0)) + ": balance " +
                     std::to_string(accounts.Int(1)) + ", movements sum to " +
                     std::to_string(accounts.Int(2));
    }
  }
  return accounts.status();
}
template <class Stmt>
Status CheckEntryRows(Stmt& entries, DerivedCheck* out) {
  while (entries.Step()) {
    if (out->mismatches++ == 0)
      out->first = "ledger entry " + std::to_string(entries.Int(0)) + ": " + std::to_string(entries.Int(1)) +
                   " movements summing to " + std::to_string(entries.Int(2));
  }
  return entries.status();
}

}  // namespace wangge::storage
