-- 0007: the audit trail: append-only and hash-chained PER COUNTY (county = the county of place_code), so
-- appends of two counties never wait for each other (AuditRepo::Append serialises one county's appends with
-- an advisory transaction lock on the county). seq counts 1, 2, 3 … within a county.
CREATE TABLE audit (
  county text COLLATE "C" NOT NULL,
  seq bigint NOT NULL,
  at text COLLATE "C" NOT NULL,
  user_id bigint NOT NULL,
  username text COLLATE "C" NOT NULL,
  action text COLLATE "C" NOT NULL,
  entity text COLLATE "C" NOT NULL,
  entity_id text COLLATE "C" NOT NULL,
  place_code text COLLATE "C" NOT NULL,
  detail text COLLATE "C" NOT NULL,
  prev_hash text COLLATE "C" NOT NULL,
  hash text COLLATE "C" NOT NULL,
  PRIMARY KEY (county, seq)
);
-- AuditRepo::List within one county (newest first by seq), and across counties (newest first by time).
CREATE INDEX audit_place ON audit(county, place_code, seq);
CREATE INDEX audit_at ON audit(at, county, seq);

CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit trail is append-only';
END
$$;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
