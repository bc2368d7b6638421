-- 001_core: the organization tree, the member archive, their histories, the roll-up
-- table and settings. Portable SQL: the same text runs on SQLite and PostgreSQL
-- (TEXT dates as YYYY-MM-DD, TEXT timestamps as UTC ISO-8601, 0/1 integers for flags).

CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Settings an administrator may change per deployment (RULES.md "configurable");
-- every change is kept in setting_history.
CREATE TABLE setting (
  key        TEXT PRIMARY KEY,
  value      TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE setting_history (
  id         INTEGER PRIMARY KEY,
  key        TEXT NOT NULL,
  old_value  TEXT,
  new_value  TEXT NOT NULL,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL
);

-- 党组织. path is the materialized path of ids ("/1/7/42/"): the subtree of X is
-- path >= X.path AND path < X.path || '~', one index range, never a walk.
CREATE TABLE org (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name          TEXT NOT NULL,
  type          TEXT NOT NULL CHECK (type IN ('committee','working_committee','general_branch',
                                              'branch','joint_branch','temporary_branch','group')),
  field         TEXT CHECK (field IN ('village','community','government','soe','university',
                                      'private_enterprise','social_org','office_building','park',
                                      'market','internet')),
  parent_id     INTEGER REFERENCES org(id),
  path          TEXT NOT NULL UNIQUE,
  depth         INTEGER NOT NULL,
  unit_name     TEXT,
  unit_count    INTEGER NOT NULL DEFAULT 1,
  founded_on    TEXT,
  dissolved_on  TEXT,
  term_start    TEXT,
  term_end      TEXT,
  committee_size INTEGER,
  secretary     TEXT,
  sort_order    INTEGER NOT NULL DEFAULT 0,
  version       INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX org_parent ON org(parent_id, sort_order, id);
CREATE INDEX org_name ON org(name);

CREATE TABLE org_history (
  id      INTEGER PRIMARY KEY,
  org_id  INTEGER NOT NULL,
  version INTEGER NOT NULL,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,     -- create, update, move, merge_into, merged_from, dissolve
  before  TEXT,              -- JSON of the record before, NULL on create
  after   TEXT,              -- JSON after, NULL when the org no longer exists
  note    TEXT
);
CREATE INDEX org_history_org ON org_history(org_id, id);

CREATE TABLE import_batch (
  id        INTEGER PRIMARY KEY,
  kind      TEXT NOT NULL,     -- orgs, members
  file_name TEXT NOT NULL,
  rows_ok   INTEGER NOT NULL,
  rows_bad  INTEGER NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL
);

-- 党员. The 16 items of the 2017 member information form (RULES ID-04) plus degree,
-- native place and date of starting work. Creation is version 1 (created_at/created_by,
-- import_batch); every later change is a member_history row with before/after.
CREATE TABLE member (
  id                 INTEGER PRIMARY KEY,
  org_id             INTEGER NOT NULL REFERENCES org(id),
  group_id           INTEGER REFERENCES org(id),
  name               TEXT NOT NULL,
  name_pinyin        TEXT NOT NULL,      -- "zhangwei zw": full pinyin then initials: search and sort
  sex                TEXT NOT NULL CHECK (sex IN ('M','F')),
  ethnicity          TEXT NOT NULL,      -- GB 3304 code 01..56
  id_number          TEXT NOT NULL UNIQUE,
  birth_date         TEXT NOT NULL,
  education          TEXT NOT NULL,      -- GB/T 4658 code
  degree             TEXT,               -- doctor, master, bachelor
  category           TEXT NOT NULL CHECK (category IN ('full','probationary')),
  joined_on          TEXT NOT NULL,
  full_on            TEXT,
  job                TEXT,
  phone              TEXT,
  address            TEXT,
  status             TEXT NOT NULL DEFAULT 'normal'
                     CHECK (status IN ('normal','suspended','discipline_probation')),
  lost_contact       INTEGER NOT NULL DEFAULT 0,
  lost_on            TEXT,
  mobile             INTEGER NOT NULL DEFAULT 0,
  mobile_destination TEXT,
  native_place       TEXT,
  work_started_on    TEXT,
  version            INTEGER NOT NULL DEFAULT 1,
  created_at         TEXT NOT NULL,
  created_by         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  import_batch       INTEGER
);
CREATE INDEX member_org ON member(org_id, id);
CREATE INDEX member_name ON member(name);
CREATE INDEX member_birthday ON member(substr(birth_date, 6, 5));
CREATE INDEX member_probationary ON member(org_id) WHERE category = 'probationary';
CREATE INDEX member_lost ON member(org_id) WHERE lost_contact = 1;
-- ID-02: records whose birth date or sex disagree with their ID number (the alert's query
-- repeats this condition word for word so the planner uses the index).
CREATE INDEX member_id_mismatch ON member(org_id) WHERE
  substr(id_number, 7, 4) || '-' || substr(id_number, 11, 2) || '-' || substr(id_number, 13, 2) <> birth_date
  OR (CASE WHEN substr(id_number, 17, 1) IN ('1','3','5','7','9') THEN 'M' ELSE 'F' END) <> sex;

CREATE TABLE member_history (
  id        INTEGER PRIMARY KEY,
  member_id INTEGER NOT NULL,
  version   INTEGER NOT NULL,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,     -- update, move
  before    TEXT NOT NULL,     -- JSON of the changed fields before
  after     TEXT NOT NULL      -- JSON of the changed fields after
);
CREATE INDEX member_history_member ON member_history(member_id, id);
