-- Settings of the installation itself (the key fingerprint that ties the key file to this database).
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
