-- 0012: attachment metadata (the bytes live in the blob store, by SHA-256), which orders refer to them and who
-- uploaded them. An attachment lies in the county of its first uploader's place, a reference in its order's
-- county, an upload in its user's county ("000000" when the user or order is unknown). SQLite's global keys
-- (sha256), (sha256, order_id), (sha256, user_id) now start with county; AttachmentRepo checks them across
-- counties before inserting (NOT EXISTS), so only concurrent writers of two counties could duplicate one.
CREATE TABLE attachments (
  county text COLLATE "C" NOT NULL,
  sha256 text COLLATE "C" NOT NULL,
  size bigint NOT NULL,
  mime text COLLATE "C" NOT NULL,
  uploaded_by bigint NOT NULL DEFAULT 0,
  uploaded_at bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (county, sha256)
);
-- AttachmentRepo::Get and Insert's check (by hash: callers know no county).
CREATE INDEX attachments_sha ON attachments(sha256);

-- No foreign keys, as in SQLite (the order's rows are another domain's; a reference may name any id).
CREATE TABLE attachment_refs (
  county text COLLATE "C" NOT NULL,
  sha256 text COLLATE "C" NOT NULL,
  order_id bigint NOT NULL,
  PRIMARY KEY (county, sha256, order_id)
);
-- AttachmentRepo::OrdersReferencing, AddRef's check.
CREATE INDEX attachment_refs_sha ON attachment_refs(sha256, order_id);

CREATE TABLE attachment_uploads (
  county text COLLATE "C" NOT NULL,
  sha256 text COLLATE "C" NOT NULL,
  user_id bigint NOT NULL,
  uploaded_at bigint NOT NULL,
  PRIMARY KEY (county, sha256, user_id)
);
-- AttachmentRepo::UploadedBy, AddUploader's check.
CREATE INDEX attachment_uploads_sha ON attachment_uploads(sha256, user_id);
