-- 0013: settings of the installation itself (the key fingerprint that ties the key file to this database).
-- A system table: no county.
CREATE TABLE settings (
  key text COLLATE "C" PRIMARY KEY,
  value text COLLATE "C" NOT NULL
);
