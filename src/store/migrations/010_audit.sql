-- 010_audit: the append-only, hash-chained audit trail (src/audit/audit.h). Rows are only
-- ever inserted by jc_audit_append, with consecutive ids chosen by it, and deleted only by
-- jc_audit_purge (oldest first, older than six months), which leaves an audit_anchor row.
-- at is UTC "YYYY-MM-DDTHH:MM:SS.mmmZ"; hash = hex SM3(prev_hash || canonical row).
CREATE TABLE audit_log (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  account   TEXT NOT NULL,
  org_path  TEXT,                -- org of the object (or of the account), for subtree views
  action    TEXT NOT NULL,       -- member.create, login, login_failed, authz_denied, pii_read ...
  object    TEXT,                -- "member:123"
  result    TEXT NOT NULL CHECK (result IN ('ok','denied','failed')),
  detail    TEXT,                -- JSON object: before/after of a change
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE INDEX audit_log_org ON audit_log(org_path, id);
CREATE INDEX audit_log_account ON audit_log(account, id);
CREATE INDEX audit_log_action ON audit_log(action, id);
CREATE INDEX audit_log_at ON audit_log(at);

-- One row per purge: the chain restarts after purged_through_id from hash_at_that_id.
CREATE TABLE audit_anchor (
  id                INTEGER PRIMARY KEY,
  purged_through_id INTEGER NOT NULL,
  hash_at_that_id   TEXT NOT NULL,
  removed           INTEGER NOT NULL,
  before_utc        TEXT NOT NULL,
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL
);
