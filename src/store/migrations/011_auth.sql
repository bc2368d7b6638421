-- 011_auth: accounts and their sessions (issue 3). Roles are not listed here: they are
-- data in src/auth/roles.c, the one place that says what a role is. Times used in
-- comparisons (lockout, session expiry) are epoch seconds in BIGINT, so SQLite and
-- PostgreSQL compare them alike; created_at/updated_at are UTC ISO-8601 text as in
-- the other tables.

CREATE TABLE account (
  id                   INTEGER PRIMARY KEY,
  name                 TEXT NOT NULL UNIQUE,        -- login name, lower case
  display_name         TEXT NOT NULL,
  org_id               INTEGER REFERENCES org(id),  -- NULL only for a system-wide role
  role                 TEXT NOT NULL,
  password_hash        TEXT NOT NULL,               -- Argon2id, libsodium string form
  must_change_password INTEGER NOT NULL DEFAULT 1,
  totp_secret          TEXT,                        -- base32; NULL until enrolment is confirmed
  totp_pending         TEXT,                        -- enrolled, not yet confirmed by a code
  totp_last_step       BIGINT NOT NULL DEFAULT -1,  -- last 30-s step used (no replay)
  failed_count         INTEGER NOT NULL DEFAULT 0,
  locked_until         BIGINT,                      -- epoch seconds; NULL when not locked
  disabled             INTEGER NOT NULL DEFAULT 0,
  member_id            INTEGER REFERENCES member(id), -- role member: its own record
  last_login_at        BIGINT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL
);
CREATE INDEX account_org ON account(org_id);

-- Only hashes of the tokens are kept: a copy of the database opens no session.
CREATE TABLE session (
  id          INTEGER PRIMARY KEY,
  token_hash  TEXT NOT NULL UNIQUE,    -- BLAKE2b-256 of the cookie token, hex
  csrf_hash   TEXT NOT NULL,           -- BLAKE2b-256 of the CSRF token, hex
  account_id  INTEGER NOT NULL REFERENCES account(id),
  created_at  BIGINT NOT NULL,
  last_seen   BIGINT NOT NULL,
  expires_at  BIGINT NOT NULL,         -- created_at + absolute timeout
  ended_at    BIGINT                   -- logout, disabled account, password reset
);
CREATE INDEX session_account ON session(account_id);
