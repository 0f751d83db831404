/*
 * schema.c - the ordered list of migrations. Each entry moves the schema
 * from version i to i+1 and runs inside one transaction; the version is kept
 * in PRAGMA user_version. Never edit a released migration: add the next one.
 *
 * Every table carries org_id (multi-tenant from the first row). External ids
 * (ext_id) are the ids of imported rows, unique per org, so that a re-import
 * finds the same record; rows created in voronka have none.
 */
#include "store/store_int.h"

static const char MIGRATION_1[] =
    "CREATE TABLE orgs ("
    "  id INTEGER PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  tz TEXT NOT NULL DEFAULT 'Europe/Moscow',"
    "  currency TEXT NOT NULL DEFAULT 'RUB',"
    "  settings TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL);"
    "CREATE TABLE teams ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  UNIQUE (org_id, name));"
    "CREATE TABLE users ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  email TEXT,"
    "  role TEXT NOT NULL DEFAULT 'manager' CHECK (role IN ('admin','head','manager','viewer')),"
    "  team_id INTEGER REFERENCES teams(id),"
    "  password_hash TEXT,"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, email));"
    "CREATE INDEX users_name ON users(org_id, name);"
    "CREATE TABLE products ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  ext_id TEXT,"
    "  name TEXT NOT NULL,"
    "  category TEXT,"
    "  price INTEGER,"
    "  UNIQUE (org_id, ext_id));"
    "CREATE TABLE pipelines ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  UNIQUE (org_id, name));"
    "CREATE TABLE stages ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  pipeline_id INTEGER NOT NULL REFERENCES pipelines(id),"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL CHECK (position >= 1),"
    "  max_days INTEGER CHECK (max_days IS NULL OR max_days >= 1),"
    "  UNIQUE (pipeline_id, name));"
    "CREATE TABLE clients ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  ext_id TEXT,"
    "  name TEXT NOT NULL,"
    "  channel TEXT, region TEXT, segment TEXT, source TEXT,"
    "  owner_id INTEGER REFERENCES users(id),"
    "  created_at INTEGER,"
    "  key_account INTEGER NOT NULL DEFAULT 0,"
    "  custom TEXT NOT NULL DEFAULT '{}',"
    "  UNIQUE (org_id, ext_id));"
    "CREATE INDEX clients_owner ON clients(org_id, owner_id);"
    "CREATE TABLE deals ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  ext_id TEXT,"
    "  title TEXT,"
    "  client_id INTEGER REFERENCES clients(id),"
    "  product_id INTEGER REFERENCES products(id),"
    "  pipeline_id INTEGER NOT NULL REFERENCES pipelines(id),"
    "  stage_id INTEGER REFERENCES stages(id),"
    "  owner_id INTEGER NOT NULL REFERENCES users(id),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),"
    "  amount INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  closed_at INTEGER,"
    "  loss_reason TEXT,"
    "  channel TEXT, source TEXT,"
    "  custom TEXT NOT NULL DEFAULT '{}',"
    "  UNIQUE (org_id, ext_id));"
    "CREATE INDEX deals_owner ON deals(org_id, owner_id, status);"
    "CREATE INDEX deals_created ON deals(org_id, created_at);"
    "CREATE INDEX deals_client ON deals(client_id);"
    "CREATE TABLE stage_changes ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
    "  stage_id INTEGER NOT NULL REFERENCES stages(id),"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  UNIQUE (deal_id, stage_id, at));"
    "CREATE TABLE activities ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  ext_id TEXT,"
    "  type TEXT NOT NULL CHECK (type IN ('call','meeting','email','message')),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  at INTEGER NOT NULL,"
    "  deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,"
    "  client_id INTEGER REFERENCES clients(id),"
    "  duration_s INTEGER CHECK (duration_s IS NULL OR duration_s >= 0),"
    "  direction TEXT CHECK (direction IS NULL OR direction IN ('in','out')),"
    "  outcome TEXT,"
    "  recording_url TEXT,"
    "  UNIQUE (org_id, ext_id));"
    "CREATE INDEX activities_at ON activities(org_id, at);"
    "CREATE INDEX activities_deal ON activities(deal_id);"
    "CREATE TABLE tasks ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  ext_id TEXT,"
    "  assignee_id INTEGER NOT NULL REFERENCES users(id),"
    "  title TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  due_at INTEGER NOT NULL,"
    "  deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,"
    "  client_id INTEGER REFERENCES clients(id),"
    "  done_at INTEGER,"
    "  UNIQUE (org_id, ext_id));"
    "CREATE INDEX tasks_assignee ON tasks(org_id, assignee_id, done_at);"
    "CREATE INDEX tasks_deal ON tasks(deal_id);"
    "CREATE TABLE payments ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  ext_id TEXT,"
    "  amount INTEGER NOT NULL,"
    "  paid_at INTEGER NOT NULL,"
    "  deal_id INTEGER REFERENCES deals(id),"
    "  client_id INTEGER REFERENCES clients(id),"
    "  CHECK (deal_id IS NOT NULL OR client_id IS NOT NULL),"
    "  UNIQUE (org_id, ext_id));"
    "CREATE INDEX payments_paid ON payments(org_id, paid_at);"
    "CREATE INDEX payments_deal ON payments(deal_id);"
    "CREATE TABLE plans ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  period TEXT NOT NULL,"
    "  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('org','team','user')),"
    "  scope_id INTEGER NOT NULL DEFAULT 0,"
    "  metric TEXT NOT NULL,"
    "  target INTEGER NOT NULL,"
    "  UNIQUE (org_id, period, scope_kind, scope_id, metric));"
    "CREATE TABLE marketing_spend ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  channel TEXT NOT NULL,"
    "  month TEXT NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount >= 0),"
    "  UNIQUE (org_id, channel, month));"
    "CREATE TABLE nps_responses ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),"
    "  at INTEGER NOT NULL,"
    "  comment TEXT,"
    "  UNIQUE (org_id, client_id, at));"
    "CREATE TABLE holidays ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  date TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),"
    "  name TEXT,"
    "  UNIQUE (org_id, date));"
    "CREATE TABLE audit_log ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER REFERENCES users(id),"
    "  action TEXT NOT NULL,"
    "  object TEXT,"
    "  object_id INTEGER,"
    "  detail TEXT);"
    "CREATE INDEX audit_at ON audit_log(org_id, at);";

/* 2: look-ups of one user's activities and of the deals in a stage (the
 * manager's day, the pipeline board). */
static const char MIGRATION_2[] = "CREATE INDEX activities_user ON activities(org_id, user_id, at);"
                                  "CREATE INDEX deals_stage ON deals(org_id, stage_id, status);";

/* 3: sessions of the web app and API tokens of integrations. Both keep
 * only a hash of their random 256-bit secret. */
static const char MIGRATION_3[] = "CREATE TABLE sessions ("
                                  "  id INTEGER PRIMARY KEY,"
                                  "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
                                  "  user_id INTEGER NOT NULL REFERENCES users(id),"
                                  "  token_hash TEXT NOT NULL UNIQUE,"
                                  "  csrf TEXT NOT NULL,"
                                  "  created_at INTEGER NOT NULL,"
                                  "  seen_at INTEGER NOT NULL,"
                                  "  expires_at INTEGER NOT NULL,"
                                  "  address TEXT);"
                                  "CREATE INDEX sessions_user ON sessions(org_id, user_id);"
                                  "CREATE TABLE api_tokens ("
                                  "  id INTEGER PRIMARY KEY,"
                                  "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
                                  "  user_id INTEGER NOT NULL REFERENCES users(id),"
                                  "  name TEXT NOT NULL,"
                                  "  token_hash TEXT NOT NULL UNIQUE,"
                                  "  created_at INTEGER NOT NULL,"
                                  "  created_by INTEGER REFERENCES users(id),"
                                  "  used_at INTEGER,"
                                  "  revoked_at INTEGER);"
                                  "CREATE INDEX api_tokens_org ON api_tokens(org_id);";

/* 4: the stage history keeps every move. Its old key (deal, stage, at)
 * collapsed two moves into one stage within the same second (2 -> 3 -> 2
 * -> 3 in one second kept two rows); the identity is now the id alone, and
 * SQLite gives a new row an id above every stored one, so (at, id) orders
 * the moves. SQLite cannot drop a UNIQUE constraint: the table is rebuilt
 * with its rows and ids, and the key's index stays as a plain one (a
 * deal's history, the stage a deal is in since, the import's look-up).
 * Nothing refers to stage_changes, so the swap breaks no foreign key. */
static const char MIGRATION_4[] =
    "CREATE TABLE stage_changes_v4 ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
    "  stage_id INTEGER NOT NULL REFERENCES stages(id),"
    "  at INTEGER NOT NULL,"
    "  user_id INTEGER REFERENCES users(id));"
    "INSERT INTO stage_changes_v4(id, org_id, deal_id, stage_id, at, user_id) "
    "  SELECT id, org_id, deal_id, stage_id, at, user_id FROM stage_changes ORDER BY id;"
    "DROP TABLE stage_changes;"
    "ALTER TABLE stage_changes_v4 RENAME TO stage_changes;"
    "CREATE INDEX stage_changes_deal ON stage_changes(deal_id, stage_id, at);";

/* 5: a revision on every row a live dataset changes in place. 0 when
 * the row is inserted, +1 by every UPDATE of it, in the transaction that
 * writes it; so of two copies of a row the one with the higher rev is the
 * later commit, and a copy told late (two concurrent PATCHes re-read
 * after their commits in the other order) never overwrites a newer one. */
static const char MIGRATION_5[] =
    "ALTER TABLE users ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE clients ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE deals ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE activities ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE tasks ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE payments ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE plans ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;";

/* 6: a task's type (call, meeting,
 * email; "other" for the tasks stored before), the comment given when it
 * is completed, the count of its reschedules (each one also a row of
 * task_reschedules: from, to, who, when, why, for the hygiene report) and
 * the recurrence it is an occurrence of. A recurrence is a rule (daily or
 * every N days, weekly on given weekdays, monthly on a day, every N
 * working days of the org's calendar); completing an occurrence creates
 * the next one; stopped_at ends it. The import writes none of these, so
 * its tasks.csv is unchanged and a re-import keeps them. Notifications
 * (docs/notifications.md): a user's inbox, filled by the service (an
 * assignment) and the server's reminder thread (a task due soon, overdue). */
static const char MIGRATION_6[] =
    "CREATE TABLE task_recurrences ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  rule TEXT NOT NULL CHECK (rule IN ('daily','weekly','monthly','workdays')),"
    "  every INTEGER NOT NULL DEFAULT 1 CHECK (every BETWEEN 1 AND 366),"
    "  weekdays INTEGER NOT NULL DEFAULT 0 CHECK (weekdays BETWEEN 0 AND 127),"
    "  month_day INTEGER CHECK (month_day IS NULL OR month_day BETWEEN 1 AND 31),"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  stopped_at INTEGER);"
    "ALTER TABLE tasks ADD COLUMN type TEXT NOT NULL DEFAULT 'other' "
    "  CHECK (type IN ('call','meeting','email','other'));"
    "ALTER TABLE tasks ADD COLUMN comment TEXT;"
    "ALTER TABLE tasks ADD COLUMN reschedules INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE tasks ADD COLUMN recurrence_id INTEGER REFERENCES task_recurrences(id);"
    "CREATE TABLE task_reschedules ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,"
    "  user_id INTEGER REFERENCES users(id),"
    "  at INTEGER NOT NULL,"
    "  from_due INTEGER NOT NULL,"
    "  to_due INTEGER NOT NULL,"
    "  reason TEXT);"
    "CREATE INDEX task_reschedules_task ON task_reschedules(org_id, task_id, at);"
    /* The reminders' scan (open tasks by due time) and a user's inbox of
     * notifications: `key` makes each one exactly once (a task's due-soon
     * and overdue per due time, an assignment per revision of the object),
     * whoever creates it and however often (a restarted scheduler). */
    "CREATE INDEX tasks_open_due ON tasks(due_at) WHERE done_at IS NULL;"
    "CREATE TABLE notifications ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  kind TEXT NOT NULL CHECK (kind IN "
    "    ('task_due_soon','task_overdue','deal_assigned','promise_due')),"
    "  key TEXT NOT NULL,"
    "  object TEXT NOT NULL CHECK (object IN ('task','deal','client')),"
    "  object_id INTEGER NOT NULL,"
    "  title TEXT,"
    "  at INTEGER,"
    "  actor_id INTEGER REFERENCES users(id),"
    "  payload TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL,"
    "  read_at INTEGER,"
    "  UNIQUE (org_id, user_id, key));"
    "CREATE INDEX notifications_inbox ON notifications(org_id, user_id, read_at, id);";

/* 7: the org's custom fields of deals and clients.
 * A definition names a key of the record's `custom` JSON object (which
 * holds the values since migration 1), its label, type (text, number,
 * date, list with its options as a JSON array of strings), whether a new
 * record must have it, and its place on the card.
 * And a deal's products (quantity, price in minor units, in the order
 * given): the deal's amount follows their sum unless it was set by hand
 * (deals.amount_manual, set by a PATCH of the amount, cleared by a PATCH
 * of amount null).
 * And the org's loss-reason dictionary (name, position, active; `other`
 * marks the reason whose comment is required), filled with the Russian
 * default set for every org there is and, by a trigger, for every org
 * created later; a lost deal records the reason's id and a comment beside
 * the reason's name (deals.loss_reason, which reports and the import
 * keep reading).
 * And deal_undo: what a win or a loss replaced (the amount; an open deal
 * had no closed_at and no loss reason), who made it, when, and the deal's
 * revision right after it, so the actor may undo it within 30 seconds if
 * nothing changed the deal since. */
static const char MIGRATION_7[] =
    "CREATE TABLE custom_fields ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  entity TEXT NOT NULL CHECK (entity IN ('deal', 'client')),"
    "  key TEXT NOT NULL,"
    "  label TEXT NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'list')),"
    "  options TEXT NOT NULL DEFAULT '[]',"
    "  required INTEGER NOT NULL DEFAULT 0,"
    "  position INTEGER NOT NULL DEFAULT 1,"
    "  UNIQUE (org_id, entity, key));"
    "CREATE TABLE deal_products ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
    "  product_id INTEGER NOT NULL REFERENCES products(id),"
    "  quantity INTEGER NOT NULL CHECK (quantity > 0),"
    "  price INTEGER NOT NULL CHECK (price >= 0),"
    "  position INTEGER NOT NULL);"
    "CREATE INDEX deal_products_deal ON deal_products(deal_id, position);"
    "ALTER TABLE deals ADD COLUMN amount_manual INTEGER NOT NULL DEFAULT 0;"
    "CREATE TABLE loss_reasons ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  active INTEGER NOT NULL DEFAULT 1,"
    "  other INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (org_id, name));"
    "CREATE VIEW loss_reason_defaults(name, position, other) AS VALUES "
    "  ('Дорого', 1, 0), ('Выбрали конкурента', 2, 0), ('Нет бюджета', 3, 0),"
    "  ('Нет потребности', 4, 0), ('Не дозвонились', 5, 0), ('Сроки не устроили', 6, 0),"
    "  ('Другое', 7, 1);"
    "INSERT INTO loss_reasons(org_id, name, position, other) "
    "  SELECT o.id, d.name, d.position, d.other FROM orgs o, loss_reason_defaults d;"
    "CREATE TRIGGER orgs_loss_reasons AFTER INSERT ON orgs BEGIN "
    "  INSERT INTO loss_reasons(org_id, name, position, other) "
    "    SELECT NEW.id, name, position, other FROM loss_reason_defaults; "
    "END;"
    "ALTER TABLE deals ADD COLUMN loss_reason_id INTEGER REFERENCES loss_reasons(id);"
    "ALTER TABLE deals ADD COLUMN loss_comment TEXT;"
    "CREATE TABLE deal_undo ("
    "  deal_id INTEGER PRIMARY KEY REFERENCES deals(id) ON DELETE CASCADE,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  prev_amount INTEGER,"
    "  rev_after INTEGER NOT NULL);";

/* The search index of migration 8 (see there). `owner` is the token
 * "u<owner id>" of the object's owner (a contact's: its client's; "u0"
 * for none), matched with a manager's query so that the index itself
 * keeps only their objects. */
#define SEARCH_COLS "INSERT INTO search_fts(rowid, title, body, kind, obj_id, org_id, owner) "
#define SEARCH_DEAL_ROW                                                                            \
    "VALUES(new.id * 4 + 1, COALESCE(new.title, ''), '', 'deal', new.id, new.org_id, 'u' || "      \
    "COALESCE(new.owner_id, 0));"
#define SEARCH_CLIENT_ROW                                                                          \
    "VALUES(new.id * 4 + 2, new.name, COALESCE(new.inn, '') || ' ' || "                            \
    "COALESCE(new.phone_digits, '') || ' ' || COALESCE(new.email, ''), 'client', new.id, "         \
    "new.org_id, 'u' || COALESCE(new.owner_id, 0));"
#define SEARCH_CONTACT_ROW                                                                         \
    "VALUES(new.id * 4 + 3, new.name, new.phone_digits || ' ' || replace(new.emails, char(10), "   \
    "' '), 'contact', new.id, new.org_id, (SELECT 'u' || COALESCE(owner_id, 0) FROM clients "      \
    "WHERE id = new.client_id));"
/* A client's contacts again, with its owner (after an owner change). */
#define SEARCH_CLIENT_CONTACTS                                                                     \
    "DELETE FROM search_fts WHERE rowid IN (SELECT id * 4 + 3 FROM contacts WHERE client_id = "    \
    "new.id); " SEARCH_COLS "SELECT id * 4 + 3, name, phone_digits || ' ' || replace(emails, "     \
    "char(10), ' '), 'contact', id, org_id, 'u' || COALESCE(new.owner_id, 0) FROM contacts "       \
    "WHERE client_id = new.id;"
/* The triggers that write an object's search row again when it changes:
 * WHEN is "" in migration 8; migration 36 adds that a value the row is
 * made of really changed (UPDATE OF fires for every column a statement
 * sets, and the store's updates set them all). */
#define SEARCH_DEAL_UPD(WHEN)                                                                      \
    "CREATE TRIGGER search_deal_upd AFTER UPDATE OF title, owner_id ON deals" WHEN " BEGIN "       \
    "DELETE FROM search_fts WHERE rowid = old.id * 4 + 1; " SEARCH_COLS SEARCH_DEAL_ROW " END;"
#define SEARCH_CLIENT_UPD(WHEN)                                                                    \
    "CREATE TRIGGER search_client_upd AFTER UPDATE OF name, inn, phone_digits, email, owner_id "   \
    "ON clients" WHEN                                                                              \
    " BEGIN DELETE FROM search_fts WHERE rowid = old.id * 4 + 2; " SEARCH_COLS SEARCH_CLIENT_ROW   \
    " " SEARCH_CLIENT_CONTACTS " END;"
#define SEARCH_CONTACT_UPD(WHEN)                                                                   \
    "CREATE TRIGGER search_contact_upd AFTER UPDATE OF name, phone_digits, emails, client_id ON "  \
    "contacts" WHEN                                                                                \
    " BEGIN DELETE FROM search_fts WHERE rowid = old.id * 4 + 3; " SEARCH_COLS SEARCH_CONTACT_ROW  \
    " END;"
#define SEARCH_FTS                                                                                 \
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, kind UNINDEXED, obj_id UNINDEXED, "   \
    "org_id UNINDEXED, owner, tokenize = 'unicode61', prefix = '2 3');"
#define SEARCH_INS(NAME, TABLE, ROW)                                                               \
    "CREATE TRIGGER " NAME " AFTER INSERT ON " TABLE " BEGIN " SEARCH_COLS ROW " END;"
#define SEARCH_DEL(NAME, TABLE, KIND)                                                              \
    "CREATE TRIGGER " NAME " AFTER DELETE ON " TABLE " BEGIN DELETE FROM search_fts WHERE "        \
    "rowid = old.id * 4 + " KIND "; END;"
#define SEARCH_ROWS                                                                                \
    SEARCH_COLS                                                                                    \
    "SELECT id * 4 + 1, COALESCE(title, ''), '', 'deal', id, org_id, 'u' || "                      \
    "COALESCE(owner_id, 0) FROM deals;" SEARCH_COLS                                                \
    "SELECT id * 4 + 2, name, '', 'client', id, org_id, 'u' || COALESCE(owner_id, 0) FROM "        \
    "clients;"
#define SEARCH_SCHEMA                                                                              \
    SEARCH_FTS                                                                                     \
    SEARCH_INS("search_deal_ins", "deals", SEARCH_DEAL_ROW)                                        \
    SEARCH_DEAL_UPD("")                                                                            \
    SEARCH_DEL("search_deal_del", "deals", "1")                                                    \
    SEARCH_INS("search_client_ins", "clients", SEARCH_CLIENT_ROW)                                  \
    SEARCH_CLIENT_UPD("")                                                                          \
    SEARCH_DEL("search_client_del", "clients", "2")                                                \
    SEARCH_INS("search_contact_ins", "contacts", SEARCH_CONTACT_ROW)                               \
    SEARCH_CONTACT_UPD("")                                                                         \
    SEARCH_DEL("search_contact_del", "contacts", "3")                                              \
    SEARCH_ROWS

/* 8 (issue 10, clients): a client's card (model/requisites.h): INN and
 * KPP, address, phone as typed and its digits for search (phone_digits,
 * vo_phone_digits), e-mail, website and a comment. All optional; the
 * indexes find a client by INN and by phone, the look-ups of the global
 * search and of a duplicate check. And a client's contact persons
 * (model/contact.h): their phones and e-mails one a line, the phones'
 * digits as " d1 d2 " for search; a deal may name one of its client's
 * contacts (deals.contact_id, cleared when the contact is deleted). And
 * notes on a deal or a client (plain text; edited_at when changed), with
 * an index of the audit by object for the timelines that read it. And
 * the global search (store/search_store.c): an FTS5 index of deal titles,
 * client names with their INN, phone digits and e-mail, contact names
 * with their phones' digits and e-mails, one row per object (rowid = id *
 * 4 + 1 deal, 2 client, 3 contact), kept by the triggers of SEARCH_SCHEMA
 * and filled from the rows already stored, with the owner's token (a
 * manager's search matches it). unicode61 folds case (Cyrillic too);
 * prefix indexes of 2 and 3 characters make "ро"* and "ром"* cheap. */
static const char MIGRATION_8[] =
    "ALTER TABLE clients ADD COLUMN inn TEXT;"
    "ALTER TABLE clients ADD COLUMN kpp TEXT;"
    "ALTER TABLE clients ADD COLUMN address TEXT;"
    "ALTER TABLE clients ADD COLUMN phone TEXT;"
    "ALTER TABLE clients ADD COLUMN phone_digits TEXT;"
    "ALTER TABLE clients ADD COLUMN email TEXT;"
    "ALTER TABLE clients ADD COLUMN website TEXT;"
    "ALTER TABLE clients ADD COLUMN comment TEXT;"
    "CREATE INDEX clients_inn ON clients(org_id, inn);"
    "CREATE INDEX clients_phone ON clients(org_id, phone_digits);"
    "CREATE TABLE contacts ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id),"
    "  name TEXT NOT NULL,"
    "  role TEXT,"
    "  phones TEXT NOT NULL DEFAULT '',"
    "  phone_digits TEXT NOT NULL DEFAULT '',"
    "  emails TEXT NOT NULL DEFAULT '',"
    "  telegram TEXT,"
    "  whatsapp TEXT,"
    "  comment TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  rev INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX contacts_client ON contacts(client_id);"
    "ALTER TABLE deals ADD COLUMN contact_id INTEGER "
    "  REFERENCES contacts(id) ON DELETE SET NULL;"
    "CREATE INDEX deals_contact ON deals(contact_id);"
    "CREATE TABLE notes ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  deal_id INTEGER REFERENCES deals(id) ON DELETE CASCADE,"
    "  client_id INTEGER REFERENCES clients(id),"
    "  author_id INTEGER NOT NULL REFERENCES users(id),"
    "  text TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  edited_at INTEGER,"
    "  CHECK ((deal_id IS NULL) <> (client_id IS NULL)));"
    "CREATE INDEX notes_deal ON notes(deal_id);"
    "CREATE INDEX notes_client ON notes(client_id);"
    "CREATE INDEX audit_object ON audit_log(org_id, object, object_id);" SEARCH_SCHEMA;

/* 9: e-mail reminders (docs/notifications.md, "E-mail"): the org's SMTP
 * server (its password kept as given, as the server must present it; the
 * API never answers it), and per notification when it was mailed (or
 * given up or skipped: mailed_at set either way, mail_error says why), and
 * how many times it was tried. The notifications already there are not
 * mailed: they predate the feature. */
static const char MIGRATION_9[] =
    "CREATE TABLE org_mail ("
    "  org_id INTEGER PRIMARY KEY REFERENCES orgs(id),"
    "  enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),"
    "  url TEXT NOT NULL,"
    "  username TEXT,"
    "  password TEXT,"
    "  from_addr TEXT NOT NULL,"
    "  from_name TEXT,"
    "  starttls INTEGER NOT NULL DEFAULT 1 CHECK (starttls IN (0, 1)),"
    "  updated_at INTEGER NOT NULL);"
    "ALTER TABLE notifications ADD COLUMN mailed_at INTEGER;"
    "ALTER TABLE notifications ADD COLUMN mail_tries INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE notifications ADD COLUMN mail_error TEXT;"
    "UPDATE notifications SET mailed_at = created_at, mail_error = 'before e-mail';"
    "CREATE INDEX notifications_unmailed ON notifications(id) WHERE mailed_at IS NULL;";

/* 10 (issue 10, lists): a user's saved filters of a list (store/
 * filter_store.c, service/saved_filters.h): per org, user and list kind,
 * a name unique among them and the list's query string; at most one of
 * them the default of its list (the partial unique index). The bounds
 * (name 1..80 characters, query 2000 bytes, 50 a list) are the service's. */
static const char MIGRATION_10[] =
    "CREATE TABLE saved_filters ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  kind TEXT NOT NULL"
    "    CHECK (kind IN ('deals','clients','tasks','activities','payments')),"
    "  name TEXT NOT NULL,"
    "  query TEXT NOT NULL DEFAULT '',"
    "  is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),"
    "  created_at INTEGER NOT NULL,"
    "  rev INTEGER NOT NULL DEFAULT 0,"
    "  UNIQUE (org_id, user_id, kind, name));"
    "CREATE UNIQUE INDEX saved_filters_default ON saved_filters(org_id, user_id, kind) "
    "  WHERE is_default = 1;";

/* 11: the deals board (docs/api-crm.md, "Board"): when a deal entered its
 * stage, kept beside it (its last stage change into its stage, else its
 * creation) by triggers on every write of deals and stage_changes, so no
 * path of the code (a move, an import, the demo, an undo) can leave it
 * stale; deals_board lists a column longest in the stage first by walking
 * the index (a page reads its cards, not the column), deals_board_sums
 * answers a column's count and sum from the index alone. Both start with
 * the stage (an id of one org), not org_id: an index led by org_id would
 * look as good as deals_created to the planner for a deals list filtered
 * by org alone, and it took them (a sort of every deal). */
#define STAGE_SINCE(ID)                  VO_ST_STAGE_SINCE("WHERE id = " ID)
#define SINCE_TRIGGER(NAME, EVENT, BODY) "CREATE TRIGGER " NAME " " EVENT " BEGIN " BODY " END;"
/* WHEN: "" here; migration 36 adds that the stage or the creation really
 * changed. */
#define M11_DEAL_SINCE_UPDATE(WHEN)                                                                \
    SINCE_TRIGGER("deals_stage_since_update",                                                      \
                  "AFTER UPDATE OF stage_id, created_at ON deals" WHEN, STAGE_SINCE("NEW.id"))
#define M11_TRIGGERS                                                                               \
    SINCE_TRIGGER("deals_stage_since_insert", "AFTER INSERT ON deals", STAGE_SINCE("NEW.id"))      \
    M11_DEAL_SINCE_UPDATE("")                                                                      \
    SINCE_TRIGGER("stage_changes_since_insert", "AFTER INSERT ON stage_changes",                   \
                  STAGE_SINCE("NEW.deal_id"))                                                      \
    SINCE_TRIGGER("stage_changes_since_update", "AFTER UPDATE ON stage_changes",                   \
                  STAGE_SINCE("OLD.deal_id") STAGE_SINCE("NEW.deal_id"))                           \
    SINCE_TRIGGER("stage_changes_since_delete", "AFTER DELETE ON stage_changes",                   \
                  STAGE_SINCE("OLD.deal_id"))
#define M11_INDEXES                                                                                \
    "CREATE INDEX deals_board ON deals(stage_id, status, stage_since);"                            \
    "CREATE INDEX deals_board_sums ON deals(stage_id, status, owner_id, stage_since, amount, "     \
    "channel, org_id);"
static const char MIGRATION_11[] =
    "ALTER TABLE deals ADD COLUMN stage_since INTEGER NOT NULL DEFAULT 0;" VO_ST_STAGE_SINCE("")
        M11_TRIGGERS M11_INDEXES;

/* 12 (issue 11, competitions; store/competition_store.c, service/
 * competitions.h): a competition of the sales floor: a metric's fact or
 * plan pct over local dates first_day..last_day (inclusive, YYYY-MM-DD),
 * between users or teams (competition_members: user or team ids; none =
 * every sales user / every team), a prize and rules; cancelled instead of
 * deleted, so the history keeps it. When it is over its final standings
 * are frozen in competition_results (fixed_at set), so later changes of
 * the data do not move the winners (rank 1, ties sharing it); a value is
 * kept as text ("%.17g", exact). The bounds are the service's. */
static const char MIGRATION_12[] =
    "CREATE TABLE competitions ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  metric TEXT NOT NULL,"
    "  pct INTEGER NOT NULL DEFAULT 0 CHECK (pct IN (0, 1)),"
    "  teams INTEGER NOT NULL DEFAULT 0 CHECK (teams IN (0, 1)),"
    "  first_day TEXT NOT NULL,"
    "  last_day TEXT NOT NULL,"
    "  prize TEXT NOT NULL DEFAULT '',"
    "  rules TEXT NOT NULL DEFAULT '',"
    "  cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),"
    "  fixed_at INTEGER,"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  rev INTEGER NOT NULL DEFAULT 0,"
    "  CHECK (first_day <= last_day));"
    "CREATE INDEX competitions_org_days ON competitions(org_id, last_day, first_day);"
    "CREATE TABLE competition_members ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  competition_id INTEGER NOT NULL REFERENCES competitions(id),"
    "  member_id INTEGER NOT NULL,"
    "  PRIMARY KEY (org_id, competition_id, member_id));"
    "CREATE TABLE competition_results ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  competition_id INTEGER NOT NULL REFERENCES competitions(id),"
    "  pos INTEGER NOT NULL,"
    "  rank INTEGER NOT NULL,"
    "  member_id INTEGER NOT NULL,"
    "  name TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (org_id, competition_id, pos));";
/* 13 (issue 11, item 6: bonuses; docs/bonuses.md): bonus schemes, their
 * versions and who is paid by which. A scheme is a name; its terms are
 * versions, each effective from a month (YYYY-MM) until the next one, so
 * an edit mid-year is a new version and the months before it keep the
 * terms they were paid by. Money is minor units; a rate, a tier's lower
 * bound and multiplier, a KPI's min pct are integer millionths (0.05 ->
 * 50000: exact, no float); tiers and kpi are JSON arrays of such integers
 * ({"from_ppm", "mult_ppm"}, {"metric", "min_ppm", "bonus"}), checked by
 * service/bonus.c. An assignment pays a user by a scheme from a month on:
 * the user's latest from_month <= the month wins. Recognitions: a badge
 * or a thanks with a comment given to a user (service/recognition.c),
 * who is notified (a notification of kind and object 'recognition'). */
static const char MIGRATION_13[] =
    "CREATE TABLE bonus_schemes ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, name));"
    "CREATE TABLE bonus_scheme_versions ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  scheme_id INTEGER NOT NULL REFERENCES bonus_schemes(id),"
    "  from_month TEXT NOT NULL,"
    "  base INTEGER NOT NULL CHECK (base >= 0),"
    "  metric TEXT NOT NULL,"
    "  rate_ppm INTEGER NOT NULL CHECK (rate_ppm >= 0),"
    "  tiers TEXT NOT NULL,"
    "  kpi TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, scheme_id, from_month));"
    "CREATE TABLE bonus_assignments ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  scheme_id INTEGER NOT NULL REFERENCES bonus_schemes(id),"
    "  from_month TEXT NOT NULL,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, user_id, from_month));"
    /* recognitions (non-material motivation): a badge of a fixed set, or a
     * thanks with a comment, given by the head or an admin (author_id) to
     * a user; listed by user and time */
    "CREATE TABLE recognitions ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  author_id INTEGER REFERENCES users(id),"
    "  badge TEXT NOT NULL CHECK (badge IN ('best_month','hard_deal','mentor','thanks')),"
    "  comment TEXT,"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX recognitions_user ON recognitions(org_id, user_id, created_at);"
    /* a recognition notifies its user: the notifications' kind and object
     * CHECKs gain 'recognition', which SQLite changes only by rebuilding
     * the table (every column and index as migrations 5 and 9 left them) */
    "CREATE TABLE notifications_m12 ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  kind TEXT NOT NULL CHECK (kind IN "
    "    ('task_due_soon','task_overdue','deal_assigned','promise_due','recognition')),"
    "  key TEXT NOT NULL,"
    "  object TEXT NOT NULL CHECK (object IN ('task','deal','client','recognition')),"
    "  object_id INTEGER NOT NULL,"
    "  title TEXT,"
    "  at INTEGER,"
    "  actor_id INTEGER REFERENCES users(id),"
    "  payload TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL,"
    "  read_at INTEGER,"
    "  mailed_at INTEGER,"
    "  mail_tries INTEGER NOT NULL DEFAULT 0,"
    "  mail_error TEXT,"
    "  UNIQUE (org_id, user_id, key));"
    "INSERT INTO notifications_m12 SELECT id, org_id, user_id, kind, key, object, object_id, "
    "  title, at, actor_id, payload, created_at, read_at, mailed_at, mail_tries, mail_error "
    "  FROM notifications;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_m12 RENAME TO notifications;"
    "CREATE INDEX notifications_inbox ON notifications(org_id, user_id, read_at, id);"
    "CREATE INDEX notifications_unmailed ON notifications(id) WHERE mailed_at IS NULL;";

/* 14 (issue 11, weekly action plans and the report to the director): a
 * plan's actions (store/action_plan_store.c, service/action_plans.h): per
 * org, the plan's owner (the head's department plan or a manager's own)
 * and its ISO week (its local Monday, YYYY-MM-DD), what to do, who does it,
 * which day (a local date within the week, NULL: "this week"), optionally a
 * plan-fact metric with a target or a deal, and done (when, by whom);
 * carried_from is the action it was carried from (POST .../carry); and
 * the head's free text of the report to the director per org and period
 * (store/director_store.c, service/director.h). The bounds are the
 * services'. */
static const char MIGRATION_14[] =
    "CREATE TABLE action_items ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  owner_id INTEGER NOT NULL REFERENCES users(id),"
    "  week TEXT NOT NULL,"
    "  what TEXT NOT NULL,"
    "  assignee_id INTEGER NOT NULL REFERENCES users(id),"
    "  day TEXT,"
    "  metric TEXT,"
    "  target INTEGER,"
    "  deal_id INTEGER REFERENCES deals(id),"
    "  done_at INTEGER,"
    "  done_by INTEGER REFERENCES users(id),"
    "  carried_from INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  rev INTEGER NOT NULL DEFAULT 0,"
    "  CHECK ((metric IS NULL) = (target IS NULL)));"
    "CREATE INDEX action_items_week ON action_items(org_id, week, owner_id, day, id);"
    "CREATE INDEX action_items_assignee ON action_items(org_id, assignee_id, day);"
    "CREATE TABLE director_notes ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  period TEXT NOT NULL CHECK (period IN ('month','week')),"
    "  start TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  updated_by INTEGER REFERENCES users(id),"
    "  PRIMARY KEY (org_id, period, start));";

/* 15 (issue 11, meetings and promises; docs/meetings.md): the head's
 * meetings (daily, weekly, monthly, one_to_one) with their limit in
 * minutes, status (planned, running, closed) and the report of their kind
 * frozen at the start as its JSON text (never recomputed: the figures the
 * team saw); their participants with attendance (present, late, absent +
 * a reason); their agenda items (with notes) and decisions, one table by
 * position; the org's agenda template per kind (items one a line; no row:
 * the built-in default); and promises: who, what, by when, optionally a
 * deal, a client, a metric and its target (the plan unit of the metric),
 * the meeting where given, their status (open, kept, broken), when
 * resolved and when their owner was told they are overdue. The
 * notifications table is rebuilt (SQLite cannot alter a CHECK) so that a
 * notification may be about a promise (promise_due, reserved since
 * migration 6), its rows, columns and indexes as they were. */
static const char MIGRATION_15[] =
    "CREATE TABLE meetings ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('daily','weekly','monthly','one_to_one')),"
    "  scheduled_at INTEGER NOT NULL,"
    "  limit_min INTEGER NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','running','closed')),"
    "  lead_id INTEGER NOT NULL REFERENCES users(id),"
    "  report TEXT,"
    "  started_at INTEGER,"
    "  closed_at INTEGER,"
    "  created_at INTEGER NOT NULL,"
    "  rev INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX meetings_when ON meetings(org_id, kind, scheduled_at);"
    "CREATE TABLE meeting_people ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  attendance TEXT CHECK (attendance IN ('present','late','absent')),"
    "  reason TEXT,"
    "  PRIMARY KEY (org_id, meeting_id, user_id));"
    "CREATE INDEX meeting_people_user ON meeting_people(org_id, user_id);"
    "CREATE TABLE meeting_items ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('agenda','decision')),"
    "  position INTEGER NOT NULL,"
    "  text TEXT NOT NULL,"
    "  notes TEXT NOT NULL DEFAULT '');"
    "CREATE INDEX meeting_items_meeting ON meeting_items(org_id, meeting_id, kind, position);"
    "CREATE TABLE meeting_templates ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('daily','weekly','monthly','one_to_one')),"
    "  items TEXT NOT NULL,"
    "  PRIMARY KEY (org_id, kind));"
    "CREATE TABLE promises ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  text TEXT NOT NULL,"
    "  due_at INTEGER NOT NULL,"
    "  deal_id INTEGER REFERENCES deals(id) ON DELETE SET NULL,"
    "  client_id INTEGER REFERENCES clients(id) ON DELETE SET NULL,"
    "  metric TEXT,"
    "  target INTEGER,"
    "  meeting_id INTEGER REFERENCES meetings(id) ON DELETE SET NULL,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','kept','broken')),"
    "  comment TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  resolved_at INTEGER,"
    "  notified_at INTEGER,"
    "  rev INTEGER NOT NULL DEFAULT 0,"
    "  CHECK ((metric IS NULL) = (target IS NULL)));"
    "CREATE INDEX promises_due ON promises(org_id, status, due_at);"
    "CREATE INDEX promises_user ON promises(org_id, user_id, due_at);"
    "CREATE INDEX promises_meeting ON promises(org_id, meeting_id);"
    "CREATE TABLE notifications_m15 ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  kind TEXT NOT NULL CHECK (kind IN "
    "    ('task_due_soon','task_overdue','deal_assigned','promise_due','recognition')),"
    "  key TEXT NOT NULL,"
    "  object TEXT NOT NULL CHECK (object IN ('task','deal','client','recognition','promise')),"
    "  object_id INTEGER NOT NULL,"
    "  title TEXT,"
    "  at INTEGER,"
    "  actor_id INTEGER REFERENCES users(id),"
    "  payload TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL,"
    "  read_at INTEGER,"
    "  mailed_at INTEGER,"
    "  mail_tries INTEGER NOT NULL DEFAULT 0,"
    "  mail_error TEXT,"
    "  UNIQUE (org_id, user_id, key));"
    "INSERT INTO notifications_m15(id, org_id, user_id, kind, key, object, object_id, title, at, "
    "  actor_id, payload, created_at, read_at, mailed_at, mail_tries, mail_error) "
    "  SELECT id, org_id, user_id, kind, key, object, object_id, title, at, actor_id, payload, "
    "  created_at, read_at, mailed_at, mail_tries, mail_error FROM notifications;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_m15 RENAME TO notifications;"
    "CREATE INDEX notifications_inbox ON notifications(org_id, user_id, read_at, id);"
    "CREATE INDEX notifications_unmailed ON notifications(id) WHERE mailed_at IS NULL;";

/* Migration 16 (issue 11, item 2, docs/meetings.md): a promise tied to a
 * deal may name the stage the deal is to reach by the due instant
 * ("договор до пятницы"); the automatic check then settles it from the
 * deal's stage history. NULL: no target stage (the head marks it). No
 * new key: the promise's own org_id scopes it, the service checks the
 * stage is one of the deal's pipeline in the same org. */
static const char MIGRATION_16[] =
    "ALTER TABLE promises ADD COLUMN target_stage_id INTEGER REFERENCES stages(id) "
    "ON DELETE SET NULL;";

/* Migration 17 (issue 12, item 2, docs/nps.md): NPS survey links and the
 * tasks made for detractors.
 * - nps_keys: each org's random key (32 bytes as 64 hex digits; libsodium crypto_auth)
 *   that signs its survey tokens; made on the first link.
 * - nps_surveys: a link made for a client, by whom, when, until when;
 *   answered_at / response_id set in the transaction that writes the
 *   answer (one answer per link). A client's removal removes its links.
 * - nps_tasks: the one task made for a detractor's answer (claimed before
 *   the task is made, so a second request cannot make another).
 * - nps_responses_at: the report reads a period's answers by time. */
static const char MIGRATION_17[] =
    "CREATE TABLE nps_keys ("
    "  org_id INTEGER PRIMARY KEY REFERENCES orgs(id),"
    "  key TEXT NOT NULL);"
    "CREATE TABLE nps_surveys ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  expires_at INTEGER NOT NULL,"
    "  answered_at INTEGER,"
    "  response_id INTEGER REFERENCES nps_responses(id) ON DELETE SET NULL,"
    "  UNIQUE (org_id, id));"
    "CREATE INDEX nps_surveys_client ON nps_surveys(org_id, client_id);"
    "CREATE INDEX nps_responses_at ON nps_responses(org_id, at);"
    "CREATE TABLE nps_tasks ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  response_id INTEGER NOT NULL REFERENCES nps_responses(id) ON DELETE CASCADE,"
    "  task_id INTEGER REFERENCES tasks(id) ON DELETE SET NULL,"
    "  PRIMARY KEY (org_id, response_id));";

/* Migration 18 (issue 12, item 4, docs/marketing.md): lead plans per
 * channel and month agreed with marketing: the number of leads and the
 * lead quality target (the share of the month's leads that reach the
 * pipeline's second stage) in per mille, NULL when not agreed. */
static const char MIGRATION_18[] =
    "CREATE TABLE channel_plans ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  channel TEXT NOT NULL,"
    "  month TEXT NOT NULL,"
    "  leads INTEGER NOT NULL CHECK (leads BETWEEN 0 AND 1000000000),"
    "  quality_permille INTEGER CHECK (quality_permille BETWEEN 0 AND 1000),"
    "  UNIQUE (org_id, channel, month));";

/* Migration 19 (issue 12, item 1, key accounts; docs/reports.md "Key
 * accounts"): a key account's own plan per month - the payments expected
 * from that client in the month, in minor units. A head or an admin
 * writes it (service/key_accounts.c checks the client is a key account of
 * the org, the month 2000-01..2100-12 and the target 0..10^15). */
static const char MIGRATION_19[] =
    "CREATE TABLE key_account_plans ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,"
    "  month TEXT NOT NULL,"
    "  target INTEGER NOT NULL CHECK (target >= 0),"
    "  updated_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, client_id, month));";

/* Migration 20 (issue 13, item 5, docs/webhooks.md): outgoing webhooks.
 * - webhooks: an org's receiver: its URL, the secret that signs each body
 *   (HMAC-SHA256, 32 random bytes as 64 hex digits), the events it takes
 *   (a bitmask of service/webhooks.h's list), whether it is active, the
 *   failed attempts in a row and when the failures disabled it.
 * - webhook_deliveries: the outbox and the delivery log. A write that
 *   makes an event inserts one row per matching webhook in its own
 *   transaction (status 'pending', due at next_at); the server's
 *   delivery thread posts it and records the attempt: 'delivered', again
 *   'pending' with a later next_at (the back-off), or 'failed'. The last
 *   1000 settled rows of a webhook are kept. */
static const char MIGRATION_20[] =
    "CREATE TABLE webhooks ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  url TEXT NOT NULL,"
    "  secret TEXT NOT NULL,"
    "  events INTEGER NOT NULL CHECK (events > 0),"
    "  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  disabled_at INTEGER,"
    "  created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, id));"
    "CREATE INDEX webhooks_org ON webhooks(org_id, active);"
    "CREATE TABLE webhook_deliveries ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,"
    "  event TEXT NOT NULL,"
    "  payload TEXT NOT NULL,"
    "  attempt INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', "
    "'failed')),"
    "  next_at INTEGER,"
    "  response_code INTEGER,"
    "  error TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  delivered_at INTEGER);"
    "CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at) WHERE status = 'pending';"
    "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries(webhook_id, id);";

/* Migration 21 (issue 13, item 5, docs/api-session.md "API tokens"): a
 * token's scopes (a bitmask: 1 read, 2 write, 4 reports, 8 admin; the
 * tokens made before keep read + write + reports + admin, what they could
 * do) and its expiry (NULL: never); the Idempotency-Key records of POSTs,
 * one per (org, principal "t:<token id>" or "u:<user id>", key), status
 * NULL while the first request is in flight, kept 24 hours. */
static const char MIGRATION_21[] =
    "ALTER TABLE api_tokens ADD COLUMN scopes INTEGER NOT NULL DEFAULT 15;"
    "ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER;"
    "CREATE TABLE idempotency_keys ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  principal TEXT NOT NULL,"
    "  key TEXT NOT NULL,"
    "  request TEXT NOT NULL,"
    "  body_hash TEXT NOT NULL,"
    "  status INTEGER,"
    "  response TEXT,"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, principal, key));"
    "CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);";

/* Migration 22 (issue 13, item 5, docs/api-crm.md "Changes since"): when
 * each CRM object was last created or changed, for ?updated_since= polls.
 * The old rows take the best instant known: the last audit row of the
 * object, else (for a deal) its last stage change or close, else its
 * creation (an activity: its instant; a payment: when it was paid). From
 * now on the triggers keep it whatever the write path (an update, a move,
 * a win, a merge, an import's upsert, a card or a contact change): an
 * insert without updated_at and any update that leaves it as it was (set
 * to its own value included) take the
 * clock the audit rows are stamped with (vo_store_audit's
 * strftime('%s','now')), so a poll and the audit agree, and a write made
 * outside voronka (the sqlite3 shell) is stamped too. The CRM deletes
 * nothing but clients in a merge (hard, audited as client.merge on the
 * kept client). */
#define MIG22_NOW "CAST(strftime('%s', 'now') AS INTEGER)"
/* WHEN and WHERE: "" here; migration 36 adds to both that the row is not
 * stamped this second already. */
#define MIG22_UPDATED_UPDATE(T, WHEN, WHERE)                                                       \
    "CREATE TRIGGER " T "_updated_update AFTER UPDATE ON " T                                       \
    " WHEN NEW.updated_at IS OLD.updated_at" WHEN " BEGIN UPDATE " T                               \
    " SET updated_at = " MIG22_NOW " WHERE id = NEW.id" WHERE "; END;"
#define MIG22_TABLE(T, OBJ, BEST)                                                                  \
    "ALTER TABLE " T " ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;"                          \
    "UPDATE " T                                                                                    \
    " SET updated_at = COALESCE((SELECT max(l.at) FROM audit_log l WHERE l.org_id = " T            \
    ".org_id AND l.object = '" OBJ "' AND l.object_id = " T ".id), " BEST ", 0);"                  \
    "CREATE INDEX " T "_updated ON " T "(org_id, updated_at, id);"                                 \
    "CREATE TRIGGER " T "_updated_insert AFTER INSERT ON " T " WHEN NEW.updated_at = 0 BEGIN "     \
    "UPDATE " T " SET updated_at = " MIG22_NOW                                                     \
    " WHERE id = NEW.id; END;" MIG22_UPDATED_UPDATE(T, "", "")
/* A contact belongs to its client's card (docs/api-crm.md, "Contacts"): a
 * contact added, changed, moved or deleted marks its client changed, so a
 * poll of the clients finds the client whose contacts to read again (a
 * deleted contact leaves no row of its own to poll). */
#define MIG22_CONTACT(NAME, EVENT, ROW)                                                            \
    "CREATE TRIGGER contacts_client_updated_" NAME " AFTER " EVENT " ON contacts BEGIN UPDATE "    \
    "clients SET updated_at = " MIG22_NOW " WHERE id = " ROW                                       \
    ".client_id AND updated_at IS NOT " MIG22_NOW "; END;"
static const char MIGRATION_22[] =
    MIG22_TABLE("deals", "deal",
                "max(deals.created_at, COALESCE(deals.closed_at, 0), COALESCE((SELECT max(sc.at) "
                "FROM stage_changes sc WHERE sc.deal_id = deals.id), 0))")
        MIG22_TABLE("clients", "client", "clients.created_at")
            MIG22_TABLE("activities", "activity", "activities.at")
                MIG22_TABLE("tasks", "task", "max(tasks.created_at, COALESCE(tasks.done_at, 0))")
                    MIG22_TABLE("payments", "payment", "payments.paid_at")
                        MIG22_CONTACT("insert", "INSERT", "NEW")
                            MIG22_CONTACT("update", "UPDATE", "NEW")
                                MIG22_CONTACT("update_from", "UPDATE", "OLD")
                                    MIG22_CONTACT("delete", "DELETE", "OLD");

/* Migration 23 (issue 13, item 3, docs/sync.md): the org's sync sources,
 * the amoCRM and Bitrix24 accounts `voronka sync` reads deals from, with
 * their credentials sealed by a key kept outside the database. */
static const char MIGRATION_23[] = "CREATE TABLE sync_sources ("
                                   "  id INTEGER PRIMARY KEY,"
                                   "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
                                   "  name TEXT NOT NULL,"
                                   "  kind TEXT NOT NULL CHECK (kind IN ('amocrm', 'bitrix24')),"
                                   "  url TEXT NOT NULL,"
                                   "  sealed TEXT NOT NULL,"
                                   "  cursor INTEGER NOT NULL DEFAULT 0,"
                                   "  last_run_at INTEGER,"
                                   "  last_status TEXT,"
                                   "  last_deals INTEGER NOT NULL DEFAULT 0,"
                                   "  created_by INTEGER REFERENCES users(id),"
                                   "  created_at INTEGER NOT NULL,"
                                   "  UNIQUE (org_id, name));";

/* Migration 24 (issue 14, item 5: call and negotiation reviews; docs/reviews.md):
 * the org's review checklists (a script's points, each scored 0..its
 * max_score) and the reviews of a manager's call or meeting against one:
 * who was reviewed (subject_id) by whom, the activity or the recording
 * reviewed, strengths, mistakes, a comment, and a score per item. A
 * score row keeps its item's max_score, so a review's percent never
 * depends on the checklist as it is later (items of a checklist in use
 * cannot change: service/reviews.c). */
static const char MIGRATION_24[] =
    "CREATE TABLE review_checklists ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, name));"
    "CREATE TABLE review_checklist_items ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  checklist_id INTEGER NOT NULL REFERENCES review_checklists(id),"
    "  position INTEGER NOT NULL CHECK (position >= 1),"
    "  text TEXT NOT NULL,"
    "  max_score INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 10),"
    "  PRIMARY KEY (org_id, checklist_id, position));"
    "CREATE TABLE reviews ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  subject_id INTEGER NOT NULL REFERENCES users(id),"
    "  reviewer_id INTEGER REFERENCES users(id),"
    "  checklist_id INTEGER NOT NULL REFERENCES review_checklists(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting')),"
    "  activity_id INTEGER REFERENCES activities(id),"
    "  recording_url TEXT,"
    "  reviewed_at INTEGER NOT NULL,"
    "  strengths TEXT NOT NULL DEFAULT '',"
    "  mistakes TEXT NOT NULL DEFAULT '',"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX reviews_org_subject ON reviews(org_id, subject_id, reviewed_at);"
    "CREATE INDEX reviews_org_at ON reviews(org_id, reviewed_at);"
    "CREATE TABLE review_scores ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  review_id INTEGER NOT NULL REFERENCES reviews(id),"
    "  position INTEGER NOT NULL,"
    "  score INTEGER NOT NULL CHECK (score >= 0),"
    "  max_score INTEGER NOT NULL CHECK (max_score BETWEEN 1 AND 10),"
    "  CHECK (score <= max_score),"
    "  PRIMARY KEY (org_id, review_id, position));";
/* Migration 25 (issue 14, item 3, docs/library.md): the scripts and
 * standards library. A document (a sales script, objection handling, a
 * regulation, a standard) keeps every version of its text (numbered 1..n
 * per document; the current one is the highest), and each reader's
 * acknowledgement of a version (one per user per version), so a new
 * version makes everyone's acknowledgement due again. The bounds (title
 * 200 characters, body 200,000 bytes, note 500 characters) are the
 * service's. */
static const char MIGRATION_25[] =
    "CREATE TABLE documents ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('script', 'objections', 'regulation', 'standard', "
    "'other')),"
    "  title TEXT NOT NULL,"
    "  required_reading INTEGER NOT NULL DEFAULT 0 CHECK (required_reading IN (0, 1)),"
    "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX documents_org ON documents(org_id, archived, updated_at);"
    "CREATE TABLE document_versions ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  document_id INTEGER NOT NULL REFERENCES documents(id),"
    "  number INTEGER NOT NULL CHECK (number >= 1),"
    "  body TEXT NOT NULL,"
    "  note TEXT NOT NULL DEFAULT '',"
    "  author_id INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  PRIMARY KEY (org_id, document_id, number));"
    "CREATE TABLE document_acks ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  document_id INTEGER NOT NULL REFERENCES documents(id),"
    "  version INTEGER NOT NULL,"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  at INTEGER NOT NULL,"
    "  PRIMARY KEY (org_id, document_id, version, user_id));";
/* Migration 26 (issue 14, item 1, docs/hiring.md): hiring. The org's
 * vacancies; their candidates through the stages of hiring, each with its CV (a file of at most 5
 * MiB kept in the row), the log of its stage changes (time to hire, conversion), the org's
 * scorecard criteria (a default set made on first use) and the scores
 * interviewers gave. */
static const char MIGRATION_26[] =
    "CREATE TABLE vacancies ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  title TEXT NOT NULL,"
    "  team TEXT,"
    "  openings INTEGER NOT NULL DEFAULT 1 CHECK (openings BETWEEN 1 AND 100),"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
    "  description TEXT NOT NULL DEFAULT '',"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  closed_at INTEGER,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX vacancies_org ON vacancies(org_id, status);"
    "CREATE TABLE candidates ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  vacancy_id INTEGER NOT NULL REFERENCES vacancies(id),"
    "  name TEXT NOT NULL,"
    "  email TEXT,"
    "  phone TEXT,"
    "  source TEXT,"
    "  stage TEXT NOT NULL DEFAULT 'response' CHECK (stage IN ('response', 'screening', "
    "'interview', 'final', 'offer', 'hired', 'rejected')),"
    "  reject_reason TEXT,"
    "  notes TEXT NOT NULL DEFAULT '',"
    "  cv BLOB,"
    "  cv_name TEXT,"
    "  cv_type TEXT,"
    "  cv_size INTEGER NOT NULL DEFAULT 0,"
    "  stage_since INTEGER NOT NULL,"
    "  hired_user_id INTEGER REFERENCES users(id),"
    "  start_date TEXT,"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL,"
    "  CHECK (stage <> 'rejected' OR reject_reason IS NOT NULL));"
    "CREATE INDEX candidates_org_vacancy ON candidates(org_id, vacancy_id);"
    "CREATE INDEX candidates_org_stage ON candidates(org_id, stage);"
    "CREATE TABLE candidate_stage_changes ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  candidate_id INTEGER NOT NULL REFERENCES candidates(id),"
    "  from_stage TEXT,"
    "  to_stage TEXT NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  by_user INTEGER REFERENCES users(id));"
    "CREATE INDEX candidate_stage_changes_org ON candidate_stage_changes(org_id, candidate_id);"
    "CREATE TABLE hiring_criteria ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL DEFAULT 0,"
    "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
    "  UNIQUE (org_id, name));"
    "CREATE TABLE candidate_scores ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  candidate_id INTEGER NOT NULL REFERENCES candidates(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('interview', 'final')),"
    "  criterion_id INTEGER NOT NULL REFERENCES hiring_criteria(id),"
    "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  at INTEGER NOT NULL,"
    "  UNIQUE (org_id, candidate_id, user_id, kind, criterion_id));";

/* Migration 27 (issue 14, docs/notifications.md): the people's side
 * notifies too. The table is rebuilt (SQLite cannot alter a CHECK) with
 * the kinds document_version (a required document's new version to
 * acknowledge), onboarding, training, attestation and idp, and their
 * objects; rows, columns and indexes as migration 15 left them. */
static const char MIGRATION_27[] =
    "CREATE TABLE notifications_m27 ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  kind TEXT NOT NULL CHECK (kind IN "
    "    ('task_due_soon','task_overdue','deal_assigned','promise_due','recognition',"
    "     'document_version','onboarding','training','attestation','idp')),"
    "  key TEXT NOT NULL,"
    "  object TEXT NOT NULL CHECK (object IN ('task','deal','client','recognition','promise',"
    "    'document','onboarding','training','attestation','idp')),"
    "  object_id INTEGER NOT NULL,"
    "  title TEXT,"
    "  at INTEGER,"
    "  actor_id INTEGER REFERENCES users(id),"
    "  payload TEXT NOT NULL DEFAULT '{}',"
    "  created_at INTEGER NOT NULL,"
    "  read_at INTEGER,"
    "  mailed_at INTEGER,"
    "  mail_tries INTEGER NOT NULL DEFAULT 0,"
    "  mail_error TEXT,"
    "  UNIQUE (org_id, user_id, key));"
    "INSERT INTO notifications_m27(id, org_id, user_id, kind, key, object, object_id, title, at, "
    "  actor_id, payload, created_at, read_at, mailed_at, mail_tries, mail_error) "
    "  SELECT id, org_id, user_id, kind, key, object, object_id, title, at, actor_id, payload, "
    "  created_at, read_at, mailed_at, mail_tries, mail_error FROM notifications;"
    "DROP TABLE notifications;"
    "ALTER TABLE notifications_m27 RENAME TO notifications;"
    "CREATE INDEX notifications_inbox ON notifications(org_id, user_id, read_at, id);"
    "CREATE INDEX notifications_unmailed ON notifications(id) WHERE mailed_at IS NULL;";
/* Migration 29 (issue 14, item 4, docs/trainings.md): trainings. An event
 * of a kind (pair training, a review of negotiations, reading, a course,
 * an external speaker, product training) with its topic, start and
 * duration, its trainer (a user, or an external name), a place or link,
 * its status, optionally the weekly meeting whose training block it is;
 * its materials (library documents, in order) and attendees with their
 * attendance. The bounds are the service's. */
static const char MIGRATION_29[] =
    "CREATE TABLE trainings ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  kind TEXT NOT NULL CHECK (kind IN ('pair', 'negotiation_review', 'reading', 'course', "
    "'speaker', 'product')),"
    "  topic TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  starts_at INTEGER NOT NULL,"
    "  duration_min INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),"
    "  trainer_id INTEGER REFERENCES users(id),"
    "  trainer_name TEXT,"
    "  place TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'held', 'cancelled')),"
    "  meeting_id INTEGER REFERENCES meetings(id),"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  updated_at INTEGER NOT NULL);"
    "CREATE INDEX trainings_org_at ON trainings(org_id, starts_at);"
    "CREATE TABLE training_materials ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  training_id INTEGER NOT NULL REFERENCES trainings(id),"
    "  document_id INTEGER NOT NULL REFERENCES documents(id),"
    "  position INTEGER NOT NULL,"
    "  PRIMARY KEY (org_id, training_id, document_id));"
    "CREATE TABLE training_attendees ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  training_id INTEGER NOT NULL REFERENCES trainings(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  attendance TEXT NOT NULL DEFAULT 'invited' CHECK (attendance IN ('invited', 'attended', "
    "'absent')),"
    "  PRIMARY KEY (org_id, training_id, user_id));"
    "CREATE INDEX training_attendees_user ON training_attendees(org_id, user_id);";

/* Onboarding (issue 14, item 2; docs/onboarding.md): the checklist
 * template of each role (manager, head), the plans (one per newcomer) and
 * their items copied from the template with their due dates, each marked
 * done by whom and when. */
static const char MIGRATION_28[] =
    "CREATE TABLE onboarding_template_items ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  role TEXT NOT NULL CHECK (role IN ('manager', 'head')),"
    "  position INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('product', 'crm', 'scripts', 'calls_with_mentor', "
    "'attestation', 'other')),"
    "  due_day INTEGER NOT NULL CHECK (due_day BETWEEN 0 AND 365),"
    "  document_id INTEGER REFERENCES documents(id),"
    "  PRIMARY KEY (org_id, role, position));"
    "CREATE TABLE onboarding_plans ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  mentor_id INTEGER REFERENCES users(id),"
    "  role TEXT NOT NULL CHECK (role IN ('manager', 'head')),"
    "  start_date TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),"
    "  closed_at INTEGER,"
    "  closed_by INTEGER REFERENCES users(id),"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, user_id));"
    "CREATE INDEX onboarding_plans_mentor ON onboarding_plans(org_id, mentor_id);"
    "CREATE TABLE onboarding_items ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  plan_id INTEGER NOT NULL REFERENCES onboarding_plans(id),"
    "  position INTEGER NOT NULL,"
    "  title TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('product', 'crm', 'scripts', 'calls_with_mentor', "
    "'attestation', 'other')),"
    "  due_date TEXT NOT NULL,"
    "  document_id INTEGER REFERENCES documents(id),"
    "  done_at INTEGER,"
    "  done_by INTEGER REFERENCES users(id),"
    "  PRIMARY KEY (plan_id, position));";
/* Migration 30 (issue 14, item 6, docs/attestations.md): attestation.
 * A test (title unique in the org, a pass mark in percent, 1..10
 * attempts, an optional time limit in minutes) of questions in order
 * (topic, kind, text, the options and the correct ones as JSON arrays,
 * points); one assignment per user and test with its due day (the org's
 * date, YYYY-MM-DD); the attempts with their score, the most they can
 * score, the free answers still to score and passed (NULL while some
 * are); an answer per question of an attempt (the options chosen as a
 * JSON array, the text; points NULL until scored). */
static const char MIGRATION_30[] =
    "CREATE TABLE attestations ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  title TEXT NOT NULL,"
    "  description TEXT NOT NULL DEFAULT '',"
    "  pass_pct INTEGER NOT NULL CHECK (pass_pct BETWEEN 1 AND 100),"
    "  max_attempts INTEGER NOT NULL CHECK (max_attempts BETWEEN 1 AND 10),"
    "  time_limit INTEGER CHECK (time_limit BETWEEN 1 AND 600),"
    "  archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, title));"
    "CREATE TABLE attestation_questions ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  attestation_id INTEGER NOT NULL REFERENCES attestations(id),"
    "  position INTEGER NOT NULL CHECK (position >= 1),"
    "  topic TEXT NOT NULL CHECK (topic IN ('product', 'crm', 'selling', 'other')),"
    "  kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'free')),"
    "  text TEXT NOT NULL,"
    "  options TEXT NOT NULL DEFAULT '[]',"
    "  correct TEXT NOT NULL DEFAULT '[]',"
    "  points INTEGER NOT NULL CHECK (points BETWEEN 1 AND 100),"
    "  PRIMARY KEY (org_id, attestation_id, position));"
    "CREATE TABLE attestation_assignments ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  attestation_id INTEGER NOT NULL REFERENCES attestations(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  due TEXT NOT NULL,"
    "  assigned_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  UNIQUE (org_id, attestation_id, user_id));"
    "CREATE INDEX attestation_assignments_due ON attestation_assignments(org_id, due);"
    "CREATE TABLE attestation_attempts ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  attestation_id INTEGER NOT NULL REFERENCES attestations(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  started_at INTEGER NOT NULL,"
    "  deadline INTEGER,"
    "  submitted_at INTEGER,"
    "  score INTEGER NOT NULL DEFAULT 0,"
    "  max_score INTEGER NOT NULL DEFAULT 0,"
    "  pending INTEGER NOT NULL DEFAULT 0,"
    "  passed INTEGER CHECK (passed IN (0, 1)));"
    "CREATE INDEX attestation_attempts_user ON attestation_attempts(org_id, user_id, "
    "attestation_id);"
    "CREATE TABLE attestation_answers ("
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  attempt_id INTEGER NOT NULL REFERENCES attestation_attempts(id),"
    "  position INTEGER NOT NULL,"
    "  choice TEXT NOT NULL DEFAULT '[]',"
    "  text TEXT NOT NULL DEFAULT '',"
    "  points INTEGER CHECK (points >= 0),"
    "  comment TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (org_id, attempt_id, position));";

/* 31 (issue 14, item 7: development plans, ИПР; docs/idp.md): a
 * manager's plan (title, the period's first and last local dates, active
 * or closed; at most one active plan per manager: the partial unique
 * index), its goals (a metric with a target, a direction and the window
 * its current value is measured over, or a skill with levels 1..5; a due
 * date; open, achieved, missed, dropped), each goal's actions (a
 * checklist: done by whom, when) and the head's dated check-ins on the
 * plan (optionally about one goal, with the status it set; optionally
 * held in a one-to-one meeting). Dates are the org's local YYYY-MM-DD.
 * A metric goal's target is in the metric's unit (counts, money in minor
 * units, minutes), a ratio's (conversion, a funnel step) in basis
 * points as the plans' (35% is 3500). */
static const char MIGRATION_31[] =
    "CREATE TABLE idp_plans ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  user_id INTEGER NOT NULL REFERENCES users(id),"
    "  title TEXT NOT NULL,"
    "  period_from TEXT NOT NULL,"
    "  period_to TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('active', 'closed')),"
    "  created_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL,"
    "  closed_at INTEGER,"
    "  CHECK (period_from <= period_to));"
    "CREATE UNIQUE INDEX idp_plans_one_active ON idp_plans(org_id, user_id) "
    "  WHERE status = 'active';"
    "CREATE INDEX idp_plans_org_user ON idp_plans(org_id, user_id, id);"
    "CREATE TABLE idp_goals ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  plan_id INTEGER NOT NULL REFERENCES idp_plans(id),"
    "  title TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('metric', 'skill')),"
    "  due_on TEXT NOT NULL,"
    "  metric TEXT,"
    "  from_stage_id INTEGER REFERENCES stages(id),"
    "  to_stage_id INTEGER REFERENCES stages(id),"
    "  target INTEGER,"
    "  direction TEXT CHECK (direction IN ('at_least', 'at_most')),"
    "  window_kind TEXT CHECK (window_kind IN ('month', 'days', 'plan')),"
    "  window_days INTEGER,"
    "  level INTEGER CHECK (level BETWEEN 1 AND 5),"
    "  target_level INTEGER CHECK (target_level BETWEEN 1 AND 5),"
    "  status TEXT NOT NULL CHECK (status IN ('open', 'achieved', 'missed', 'dropped')),"
    "  created_at INTEGER NOT NULL,"
    "  CHECK ((kind = 'metric') = (metric IS NOT NULL)));"
    "CREATE INDEX idp_goals_plan ON idp_goals(org_id, plan_id, due_on, id);"
    "CREATE TABLE idp_actions ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  goal_id INTEGER NOT NULL REFERENCES idp_goals(id),"
    "  text TEXT NOT NULL,"
    "  due_on TEXT,"
    "  done_at INTEGER,"
    "  done_by INTEGER REFERENCES users(id),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX idp_actions_goal ON idp_actions(org_id, goal_id, id);"
    "CREATE TABLE idp_checkins ("
    "  id INTEGER PRIMARY KEY,"
    "  org_id INTEGER NOT NULL REFERENCES orgs(id),"
    "  plan_id INTEGER NOT NULL REFERENCES idp_plans(id),"
    "  goal_id INTEGER REFERENCES idp_goals(id),"
    "  meeting_id INTEGER REFERENCES meetings(id),"
    "  author_id INTEGER REFERENCES users(id),"
    "  at INTEGER NOT NULL,"
    "  comment TEXT NOT NULL,"
    "  goal_status TEXT CHECK (goal_status IN ('open', 'achieved', 'missed', 'dropped')),"
    "  created_at INTEGER NOT NULL);"
    "CREATE INDEX idp_checkins_plan ON idp_checkins(org_id, plan_id, at);"
    "CREATE INDEX idp_checkins_meeting ON idp_checkins(org_id, meeting_id);";

/* 32 (issue 15, item 4: ready for Citus; docs/SCALING.md): every upsert's
 * conflict target includes org_id, as PostgreSQL's keys do (pg_schema.c).
 * A pipeline's stage names are unique by (pipeline_id, name); the same
 * key with org_id leading is the target of records.c's stage upsert. A
 * deal's undo record is keyed by deal_id; (org_id, deal_id), PostgreSQL's
 * key, is the one a portable upsert of it names. The old keys stay
 * (SQLite drops a UNIQUE constraint or a primary key only by rebuilding
 * the table); a row's org is its pipeline's, its deal's, so they agree. */
static const char MIGRATION_32[] =
    "CREATE UNIQUE INDEX stages_org_pipeline_name ON stages(org_id, pipeline_id, name);"
    "CREATE UNIQUE INDEX deal_undo_org_deal ON deal_undo(org_id, deal_id);";

/* 33 (issue 15, item 3: several servers share their limits; docs/SCALING.md
 * "Several servers"): the login throttle's buckets (keyed by a hash of the
 * kind, the account and the address: a sign-in has no org yet) and the
 * rate limit's buckets per (org, principal). On PostgreSQL they are
 * UNLOGGED tables every server writes (pg_schema.c, migration 33). A SQLite
 * database has one server, which keeps both in memory
 * (service/throttle.c, ratelimit.c) and never writes them: they are here so
 * that the two schemas stay one (test_pg_schema, voronka migrate --to). */
static const char MIGRATION_33[] = "CREATE TABLE login_throttle ("
                                   "  k TEXT PRIMARY KEY,"
                                   "  level INTEGER NOT NULL,"
                                   "  drained_at INTEGER NOT NULL,"
                                   "  last_fail INTEGER NOT NULL,"
                                   "  idle_at INTEGER NOT NULL);"
                                   "CREATE INDEX login_throttle_idle ON login_throttle(idle_at);"
                                   "CREATE TABLE rate_buckets ("
                                   "  org_id INTEGER NOT NULL,"
                                   "  principal TEXT NOT NULL,"
                                   "  level INTEGER NOT NULL,"
                                   "  at_ms INTEGER NOT NULL,"
                                   "  allowed INTEGER NOT NULL,"
                                   "  PRIMARY KEY (org_id, principal));";

/* 34 (issue 15: bulk writes on PostgreSQL): PostgreSQL's own (the
 * triggers of a deal's stage_since leave the rows of a COPY to it,
 * pg_copy.c); SQLite's bulk mode drops those triggers instead (store.c). */
static const char MIGRATION_34[] = "";

/* 35 (issue 16: the dataset's snapshot file; docs/internals/store.md,
 * "The dataset's stamp"): per org, seq, which every write to a table the
 * dataset is built from raises (the tables of dataset_store.c's loads,
 * and the org's tz and currency, which the load reads too), and snap,
 * the token of the snapshot last claimed at that seq
 * (vo_store_dataset_claim). A snapshot written at seq is good while the
 * org's row still reads (seq, its token). No foreign key to orgs: the
 * triggers may fire on an org's rows while it is deleted. The triggers
 * upsert, so an org without a row (a claim makes one at seq 0) gets one
 * at its next write; an update that moves a row to another org raises
 * both; a new org raises its own (a SQLite org id is used again after
 * the last org was deleted: its row would be the old org's). Bulk mode
 * drops the triggers of its big tables and raises every org's seq once at
 * its end (store.c); PostgreSQL's COPY raises each org it wrote once a
 * flush (pg_copy.c). */
#define M35_BUMP(ORG)                                                                              \
    "INSERT INTO dataset_seq(org_id, seq) VALUES (" ORG ", 1) "                                    \
    "ON CONFLICT(org_id) DO UPDATE SET seq = dataset_seq.seq + 1;"
#define M35_BUMP_MOVED                                                                             \
    "INSERT INTO dataset_seq(org_id, seq) SELECT NEW.org_id, 1 WHERE NEW.org_id IS NOT "           \
    "OLD.org_id ON CONFLICT(org_id) DO UPDATE SET seq = dataset_seq.seq + 1;"
#define M35_TRIGGER(T, OP, EVENT, BODY)                                                            \
    "CREATE TRIGGER dataset_seq_" T "_" OP " AFTER " EVENT " BEGIN " BODY " END;"
#define M35_TABLE(T)                                                                               \
    M35_TRIGGER(T, "ins", "INSERT ON " T, M35_BUMP("NEW.org_id"))                                  \
    M35_TRIGGER(T, "upd", "UPDATE ON " T, M35_BUMP("OLD.org_id") M35_BUMP_MOVED)                   \
    M35_TRIGGER(T, "del", "DELETE ON " T, M35_BUMP("OLD.org_id"))
#define M35_TABLES                                                                                 \
    M35_TABLE("teams")                                                                             \
    M35_TABLE("users")                                                                             \
    M35_TABLE("pipelines")                                                                         \
    M35_TABLE("stages")                                                                            \
    M35_TABLE("clients")                                                                           \
    M35_TABLE("deals")                                                                             \
    M35_TABLE("stage_changes")                                                                     \
    M35_TABLE("activities")                                                                        \
    M35_TABLE("tasks")                                                                             \
    M35_TABLE("payments")                                                                          \
    M35_TABLE("plans")                                                                             \
    M35_TABLE("holidays")
#define M35_ORGS                                                                                   \
    M35_TRIGGER("orgs", "ins", "INSERT ON orgs", M35_BUMP("NEW.id"))                               \
    M35_TRIGGER("orgs", "upd",                                                                     \
                "UPDATE OF tz, currency ON orgs WHEN NEW.tz IS NOT OLD.tz OR NEW.currency IS NOT " \
                "OLD.currency",                                                                    \
                M35_BUMP("NEW.id"))
static const char MIGRATION_35[] =
    "CREATE TABLE dataset_seq ("
    "  org_id INTEGER PRIMARY KEY,"
    "  seq INTEGER NOT NULL,"
    "  snap INTEGER NOT NULL DEFAULT 0);"
    "INSERT INTO dataset_seq(org_id, seq) SELECT id, 1 FROM orgs;" M35_TABLES M35_ORGS;

/* 36 (issue 16: the writes' cost; docs/internals/store.md, "The triggers
 * of an update"): the triggers of an update fire only when what they
 * write would change. SQLite fires UPDATE OF for every column a statement
 * sets, whatever its value, and the store's updates set every column: a
 * deal's move wrote its search row again (an FTS5 delete and insert, five
 * pages of the commit's 26) and recomputed its stage_since. And the
 * updated_at triggers of migration 22 stamped a row again in every
 * statement a trigger ran on it (stage_since's update, then updated_at's
 * own): now neither the trigger nor its update touches a row stamped
 * this second already (the value it would set; 'now' is one instant in a
 * statement and its triggers). What the triggers write is the same. */
#define M36_DEAL_CHANGED " WHEN old.title IS NOT new.title OR old.owner_id IS NOT new.owner_id"
#define M36_CLIENT_CHANGED                                                                         \
    " WHEN old.name IS NOT new.name OR old.inn IS NOT new.inn OR old.phone_digits IS NOT "         \
    "new.phone_digits OR old.email IS NOT new.email OR old.owner_id IS NOT new.owner_id"
#define M36_CONTACT_CHANGED                                                                        \
    " WHEN old.name IS NOT new.name OR old.phone_digits IS NOT new.phone_digits OR old.emails IS " \
    "NOT new.emails OR old.client_id IS NOT new.client_id"
#define M36_REPLACE(NAME, CREATE) "DROP TRIGGER " NAME ";" CREATE
#define M36_UPDATED(T)                                                                             \
    M36_REPLACE(T "_updated_update",                                                               \
                MIG22_UPDATED_UPDATE(T, " AND OLD.updated_at IS NOT " MIG22_NOW,                   \
                                     " AND updated_at IS NOT " MIG22_NOW))
#define M36_SINCE_CHANGED                                                                          \
    " WHEN NEW.stage_id IS NOT OLD.stage_id OR NEW.created_at IS NOT OLD.created_at"
#define M36_TRIGGERS                                                                               \
    M36_REPLACE("search_deal_upd", SEARCH_DEAL_UPD(M36_DEAL_CHANGED))                              \
    M36_REPLACE("search_client_upd", SEARCH_CLIENT_UPD(M36_CLIENT_CHANGED))                        \
    M36_REPLACE("search_contact_upd", SEARCH_CONTACT_UPD(M36_CONTACT_CHANGED))                     \
    M36_REPLACE("deals_stage_since_update", M11_DEAL_SINCE_UPDATE(M36_SINCE_CHANGED))              \
    M36_UPDATED("deals")                                                                           \
    M36_UPDATED("clients")                                                                         \
    M36_UPDATED("activities")                                                                      \
    M36_UPDATED("tasks")                                                                           \
    M36_UPDATED("payments")
static const char MIGRATION_36[] = M36_TRIGGERS;

/* 37 (issue 16, item 3; docs/internals/store.md, "The dataset's change
 * log"): which rows changed after the org's last snapshot, so that a load
 * reads the file and replays those rows instead of the whole store. The
 * stamp's triggers of migration 35 now also write, after raising the
 * org's seq, one row (org, seq, table, row id, op) to dataset_log: op 1
 * an insert, 2 an update, 3 a delete, 4 a row moved from one org to
 * another (logged in both). Only while the org has a claimed snapshot
 * (snap <> 0) and for at most 262,144 raises after the claim (snap_seq,
 * the seq it was claimed at): past that a replay would cost about what a
 * load does, and the log stops growing; the claim of the next snapshot
 * deletes the org's rows up to its seq (vo_store_dataset_claim). An
 * upsert, so that a row left by a copy of the database at a higher seq
 * (`voronka migrate` copies neither table) never fails a write. A
 * snapshot claimed before this migration starts its log at the org's
 * seq now. */
#define M37_LOG(ORG, T, ID, OP, AND)                                                               \
    "INSERT INTO dataset_log(org_id, seq, tbl, row_id, op) SELECT org_id, seq, '" T "', " ID       \
    ", " OP " FROM dataset_seq WHERE org_id = " ORG " AND snap <> 0 AND seq <= snap_seq + "        \
    "262144" AND " ON CONFLICT(org_id, seq) DO UPDATE SET tbl = excluded.tbl, row_id = "           \
    "excluded.row_id, op = excluded.op;"
#define M37_MOVED       "CASE WHEN NEW.org_id IS OLD.org_id THEN 2 ELSE 4 END"
#define M37_DROP(T, OP) "DROP TRIGGER dataset_seq_" T "_" OP ";"
#define M37_INS(T)                                                                                 \
    M35_TRIGGER(T, "ins", "INSERT ON " T,                                                          \
                M35_BUMP("NEW.org_id") M37_LOG("NEW.org_id", T, "NEW.id", "1", ""))
#define M37_UPD(T)                                                                                 \
    M35_TRIGGER(T, "upd", "UPDATE ON " T,                                                          \
                M35_BUMP("OLD.org_id") M37_LOG("OLD.org_id", T, "NEW.id", M37_MOVED, "")           \
                    M35_BUMP_MOVED M37_LOG("NEW.org_id", T, "NEW.id", "4",                         \
                                           " AND NEW.org_id IS NOT OLD.org_id"))
#define M37_DEL(T)                                                                                 \
    M35_TRIGGER(T, "del", "DELETE ON " T,                                                          \
                M35_BUMP("OLD.org_id") M37_LOG("OLD.org_id", T, "OLD.id", "3", ""))
#define M37_TABLE(T)                                                                               \
    M37_DROP(T, "ins") M37_DROP(T, "upd") M37_DROP(T, "del") M37_INS(T) M37_UPD(T) M37_DEL(T)
#define M37_TABLES                                                                                 \
    M37_TABLE("teams")                                                                             \
    M37_TABLE("users")                                                                             \
    M37_TABLE("pipelines")                                                                         \
    M37_TABLE("stages")                                                                            \
    M37_TABLE("clients")                                                                           \
    M37_TABLE("deals")                                                                             \
    M37_TABLE("stage_changes")                                                                     \
    M37_TABLE("activities")                                                                        \
    M37_TABLE("tasks")                                                                             \
    M37_TABLE("payments")                                                                          \
    M37_TABLE("plans")                                                                             \
    M37_TABLE("holidays")
#define M37_ORGS_INS                                                                               \
    M35_TRIGGER("orgs", "ins", "INSERT ON orgs",                                                   \
                M35_BUMP("NEW.id") M37_LOG("NEW.id", "orgs", "NEW.id", "1", ""))
#define M37_ORGS_UPD                                                                               \
    M35_TRIGGER("orgs", "upd",                                                                     \
                "UPDATE OF tz, currency ON orgs WHEN NEW.tz IS NOT OLD.tz OR NEW.currency IS NOT " \
                "OLD.currency",                                                                    \
                M35_BUMP("NEW.id") M37_LOG("NEW.id", "orgs", "NEW.id", "2", ""))
#define M37_ORGS M37_DROP("orgs", "ins") M37_DROP("orgs", "upd") M37_ORGS_INS M37_ORGS_UPD
static const char MIGRATION_37[] =
    "CREATE TABLE dataset_log ("
    "  org_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  tbl TEXT NOT NULL,"
    "  row_id INTEGER NOT NULL,"
    "  op INTEGER NOT NULL,"
    "  PRIMARY KEY (org_id, seq)) WITHOUT ROWID;"
    "ALTER TABLE dataset_seq ADD COLUMN snap_seq INTEGER NOT NULL DEFAULT 0;"
    "UPDATE dataset_seq SET snap_seq = seq WHERE snap <> 0;" M37_TABLES M37_ORGS;

const char *const vo_store_migrations[] = {
    MIGRATION_1,  MIGRATION_2,  MIGRATION_3,  MIGRATION_4,  MIGRATION_5,  MIGRATION_6,
    MIGRATION_7,  MIGRATION_8,  MIGRATION_9,  MIGRATION_10, MIGRATION_11, MIGRATION_12,
    MIGRATION_13, MIGRATION_14, MIGRATION_15, MIGRATION_16, MIGRATION_17, /* issue 12: NPS */
    MIGRATION_18, /* issue 12: the channels' lead plans */
    MIGRATION_19, /* issue 12: the key accounts' plans */
    MIGRATION_20, /* issue 13: outgoing webhooks */
    MIGRATION_21, /* issue 13: token scopes and expiry, idempotency keys */
    MIGRATION_22, /* issue 13: updated_at of the CRM objects */
    MIGRATION_23, /* issue 13: sync sources (amoCRM, Bitrix24) */
    MIGRATION_24, /* issue 14: call reviews (ОКК) */
    MIGRATION_25, /* issue 14: the scripts and standards library */
    MIGRATION_26, /* issue 14: hiring */
    MIGRATION_27, /* issue 14: the people's notifications */
    MIGRATION_28, /* issue 14: onboarding */
    MIGRATION_29, /* issue 14: trainings */
    MIGRATION_30, /* issue 14: attestation */
    MIGRATION_31, /* issue 14: development plans (ИПР) */
    MIGRATION_32, /* issue 15: upsert targets with org_id */
    MIGRATION_33, /* issue 15: the limits several servers share */
    MIGRATION_34, /* issue 15: PostgreSQL's bulk writes */
    MIGRATION_35, /* issue 16: the dataset's stamp */
    MIGRATION_36, /* issue 16: update triggers only on a change */
    MIGRATION_37, /* issue 16: the dataset's change log */
};
const int vo_store_migration_count =
    (int)(sizeof vo_store_migrations / sizeof vo_store_migrations[0]);
