-- 0012: the ledger of 时间银行 hours and 积分 points (core/ledger.hpp), double-entry, and the 积分超市.
-- An account belongs to a community (place_code) and is a person's (person_id) or one of the community's
-- own (holder community | shop | expired, person_id 0). `balance` is maintained in the transaction of each
-- entry and always equals the sum of the account's movements (`wangge check` recomputes it); the limits
-- (floor, ceiling; NULL = unbounded) are enforced on that update.
CREATE TABLE ledger_accounts (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  currency TEXT NOT NULL,
  holder TEXT NOT NULL,
  person_id INTEGER NOT NULL DEFAULT 0,
  balance INTEGER NOT NULL DEFAULT 0,
  floor INTEGER,
  ceiling INTEGER,
  created_at INTEGER NOT NULL,
  UNIQUE(place_code, currency, holder, person_id)
);
CREATE INDEX ledger_accounts_person ON ledger_accounts(person_id, currency);

-- Entries and their movements are never changed or deleted: a mistake is reversed by a new entry (at most
-- one reversal per entry), an idempotency key posts once. place_code alone may change (a community re-coded).
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  currency TEXT NOT NULL,
  kind TEXT NOT NULL,
  period INTEGER NOT NULL,
  rule TEXT NOT NULL DEFAULT '',
  memo TEXT NOT NULL DEFAULT '',
  ref TEXT NOT NULL DEFAULT '',
  idem_key TEXT,
  reverses INTEGER,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_key ON ledger_entries(idem_key) WHERE idem_key IS NOT NULL;
CREATE UNIQUE INDEX ledger_entries_reverses ON ledger_entries(reverses) WHERE reverses IS NOT NULL;
CREATE INDEX ledger_entries_journal ON ledger_entries(place_code, currency, period, id);
CREATE TABLE ledger_movements (
  entry_id INTEGER NOT NULL,
  account_id INTEGER NOT NULL,
  amount INTEGER NOT NULL,
  period INTEGER NOT NULL,
  PRIMARY KEY(entry_id, account_id)
) WITHOUT ROWID;
-- An account's statement and its sums (the balance check, expiry) read this index alone.
CREATE INDEX ledger_movements_account ON ledger_movements(account_id, entry_id, amount, period);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE OF currency, kind, period, rule, memo, ref, idem_key,
  reverses, created_by, created_at ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'ledger entries are never changed: reverse them'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'ledger entries are never deleted: reverse them'); END;
CREATE TRIGGER ledger_movements_no_update BEFORE UPDATE ON ledger_movements
  BEGIN SELECT RAISE(ABORT, 'ledger movements are never changed: reverse them'); END;
CREATE TRIGGER ledger_movements_no_delete BEFORE DELETE ON ledger_movements
  BEGIN SELECT RAISE(ABORT, 'ledger movements are never deleted: reverse them'); END;

-- A closed month of a community's books in one currency: no entry may be posted into it afterwards. The
-- figures are those it closed with (entries, and the sum of their credits).
CREATE TABLE ledger_periods (
  place_code TEXT NOT NULL,
  currency TEXT NOT NULL,
  period INTEGER NOT NULL,
  entries INTEGER NOT NULL,
  turnover INTEGER NOT NULL,
  closed_by INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  PRIMARY KEY(place_code, currency, period)
);

-- 积分超市: items of a community's shop with their stock, and redemptions. Stock is taken by a conditional
-- update (never below zero); a redemption's idempotency key is its creator's (created_by, idem_key).
CREATE TABLE shop_items (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  name TEXT NOT NULL,
  points INTEGER NOT NULL,
  stock INTEGER NOT NULL CHECK (stock >= 0),
  active INTEGER NOT NULL DEFAULT 1,
  note TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE INDEX shop_items_place ON shop_items(place_code, id);
CREATE TABLE shop_redemptions (
  id INTEGER PRIMARY KEY,
  place_code TEXT NOT NULL,
  item_id INTEGER NOT NULL,
  item_name TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  qty INTEGER NOT NULL,
  points INTEGER NOT NULL,
  entry_id INTEGER NOT NULL,
  idem_key TEXT NOT NULL,
  status TEXT NOT NULL,
  created_by INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  done_by INTEGER NOT NULL DEFAULT 0,
  done_at INTEGER NOT NULL DEFAULT 0,
  UNIQUE(created_by, idem_key)
);
CREATE INDEX shop_redemptions_place ON shop_redemptions(place_code, id);
CREATE INDEX shop_redemptions_person ON shop_redemptions(person_id, id);
