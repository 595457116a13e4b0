#include "store/Migrations.h"

namespace griddeck {

// Amounts are INTEGER counts of 10^-7 units (see domain/Money.h). Times are INTEGER
// milliseconds since the Unix epoch. SQL stays portable (RETURNING, ON CONFLICT) except the
// append-only triggers, which a PostgreSQL store writes in its own dialect.
const std::vector<Migration> &migrations()
{
    static const std::vector<Migration> list = {
        { 1, "users, double-entry ledger, holds, jobs queue, events, app state",
            {
                R"(CREATE TABLE users (
                 id         INTEGER PRIMARY KEY AUTOINCREMENT,
                 name       TEXT NOT NULL UNIQUE,
                 created_at INTEGER NOT NULL))",

                // kind: funding (source of top-ups), user_available, user_held, commission,
                // grid_spend, refunds (support refunds paid out). System accounts have no user.
                R"(CREATE TABLE accounts (
                 id       INTEGER PRIMARY KEY AUTOINCREMENT,
                 kind     TEXT NOT NULL,
                 user_id  INTEGER REFERENCES users(id),
                 currency TEXT NOT NULL DEFAULT 'TFC',
                 balance  INTEGER NOT NULL DEFAULT 0,
                 CHECK (kind NOT IN ('user_available', 'user_held') OR balance >= 0)))",
                "CREATE UNIQUE INDEX accounts_kind_user ON accounts(kind, COALESCE(user_id, 0))",

                R"(CREATE TABLE jobs (
                 id                  INTEGER PRIMARY KEY AUTOINCREMENT,
                 user_id             INTEGER NOT NULL REFERENCES users(id),
                 service_type        TEXT NOT NULL,
                 spec_json           TEXT NOT NULL,
                 priority            INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 3),
                 stage               TEXT NOT NULL,
                 tfc_amount          INTEGER NOT NULL CHECK (tfc_amount > 0),
                 commission_amount   INTEGER NOT NULL,
                 grid_payment_amount INTEGER NOT NULL,
                 max_retries         INTEGER NOT NULL,
                 attempt             INTEGER NOT NULL DEFAULT 0,
                 run_at              INTEGER NOT NULL,
                 lease_owner         TEXT,
                 lease_expires_at    INTEGER,
                 last_error          TEXT,
                 retry_of            INTEGER REFERENCES jobs(id),
                 created_at          INTEGER NOT NULL,
                 updated_at          INTEGER NOT NULL,
                 finished_at         INTEGER))",
                // Claim order over live jobs only: priority first, then FIFO by id.
                R"(CREATE INDEX jobs_claim ON jobs(priority DESC, id)
                 WHERE stage NOT IN ('active', 'failed', 'cancelled', 'stopped'))",
                "CREATE INDEX jobs_user ON jobs(user_id)",
                "CREATE INDEX jobs_stage ON jobs(stage)",

                R"(CREATE TABLE ledger_transactions (
                 id              INTEGER PRIMARY KEY AUTOINCREMENT,
                 idempotency_key TEXT NOT NULL UNIQUE,
                 kind            TEXT NOT NULL,
                 user_id         INTEGER REFERENCES users(id),
                 job_id          INTEGER REFERENCES jobs(id),
                 amount          INTEGER NOT NULL,
                 actor           TEXT NOT NULL,
                 reason          TEXT NOT NULL DEFAULT '',
                 created_at      INTEGER NOT NULL))",
                "CREATE INDEX ledger_transactions_user ON ledger_transactions(user_id)",
                "CREATE INDEX ledger_transactions_job ON ledger_transactions(job_id)",
                R"(CREATE TABLE ledger_postings (
                 id             INTEGER PRIMARY KEY AUTOINCREMENT,
                 transaction_id INTEGER NOT NULL REFERENCES ledger_transactions(id),
                 account_id     INTEGER NOT NULL REFERENCES accounts(id),
                 amount         INTEGER NOT NULL))",
                "CREATE INDEX ledger_postings_account ON ledger_postings(account_id)",
                "CREATE INDEX ledger_postings_transaction ON ledger_postings(transaction_id)",
                R"(CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions
                 BEGIN SELECT RAISE(ABORT, 'ledger transactions are append-only'); END)",
                R"(CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
                 BEGIN SELECT RAISE(ABORT, 'ledger transactions are append-only'); END)",
                R"(CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
                 BEGIN SELECT RAISE(ABORT, 'ledger postings are append-only'); END)",
                R"(CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
                 BEGIN SELECT RAISE(ABORT, 'ledger postings are append-only'); END)",

                // One hold per job, taken at enqueue. state: pending → captured | released.
                R"(CREATE TABLE holds (
                 job_id      INTEGER PRIMARY KEY REFERENCES jobs(id),
                 user_id     INTEGER NOT NULL REFERENCES users(id),
                 amount      INTEGER NOT NULL CHECK (amount > 0),
                 state       TEXT NOT NULL CHECK (state IN ('pending', 'captured', 'released')),
                 commission  INTEGER NOT NULL DEFAULT 0,
                 grid_spend  INTEGER NOT NULL DEFAULT 0,
                 refunded    INTEGER NOT NULL DEFAULT 0 CHECK (refunded >= 0),
                 created_at  INTEGER NOT NULL,
                 resolved_at INTEGER))",

                R"(CREATE TABLE events (
                 id      INTEGER PRIMARY KEY AUTOINCREMENT,
                 job_id  INTEGER REFERENCES jobs(id),
                 at      INTEGER NOT NULL,
                 stage   TEXT NOT NULL,
                 attempt INTEGER NOT NULL DEFAULT 0,
                 kind    TEXT NOT NULL,
                 message TEXT NOT NULL,
                 actor   TEXT NOT NULL DEFAULT 'system'))",
                "CREATE INDEX events_job ON events(job_id, id)",

                R"(CREATE TABLE app_state (
                 key   TEXT PRIMARY KEY,
                 value TEXT NOT NULL))",
            } },
        { 2, "notification outbox",
            {
                // One row per (notification, channel), written in the same transaction as the
                // stage change it reports. state: pending → delivered, or undeliverable after a
                // permanent error; nothing is ever deleted, last_error says why it has not gone.
                R"(CREATE TABLE outbox (
                 id              INTEGER PRIMARY KEY AUTOINCREMENT,
                 job_id          INTEGER REFERENCES jobs(id),
                 event           TEXT NOT NULL,
                 channel         TEXT NOT NULL CHECK (channel IN ('webhook', 'slack', 'email')),
                 payload         TEXT NOT NULL,
                 state           TEXT NOT NULL DEFAULT 'pending'
                                 CHECK (state IN ('pending', 'delivered', 'undeliverable')),
                 attempts        INTEGER NOT NULL DEFAULT 0,
                 next_attempt_at INTEGER NOT NULL,
                 last_error      TEXT,
                 lease_owner     TEXT,
                 lease_expires_at INTEGER,
                 created_at      INTEGER NOT NULL,
                 delivered_at    INTEGER,
                 -- "job-42:deployment.active:webhook": a re-run step cannot queue it twice
                 dedupe_key      TEXT NOT NULL UNIQUE))",
                "CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE state = 'pending'",
            } },
        { 3, "pipeline results: quotes, conversions, deployments, price history",
            {
                // The quote the queued step took: every source's rate or error (JSON), and the
                // amounts derived from it. rate is USD per TFT (TftPrice units, 12 decimals).
                R"(CREATE TABLE job_quotes (
                 job_id     INTEGER PRIMARY KEY REFERENCES jobs(id),
                 quote_json TEXT NOT NULL,
                 rate       INTEGER NOT NULL,
                 grid_usd   INTEGER NOT NULL,
                 tft_needed INTEGER NOT NULL,
                 created_at INTEGER NOT NULL))",
                R"(CREATE TABLE job_conversions (
                 job_id       INTEGER PRIMARY KEY REFERENCES jobs(id),
                 tx_id        TEXT NOT NULL,
                 tft_received INTEGER NOT NULL,
                 usd_spent    INTEGER NOT NULL,
                 rate         INTEGER NOT NULL,
                 created_at   INTEGER NOT NULL))",
                // One row per deployment attempt (a new node each time). state: requested (POST
                // sent, no reply stored yet), init, ok, error, cancelled, stopped.
                R"(CREATE TABLE job_deployments (
                 id              INTEGER PRIMARY KEY AUTOINCREMENT,
                 job_id          INTEGER NOT NULL REFERENCES jobs(id),
                 attempt         INTEGER NOT NULL,
                 idempotency_key TEXT NOT NULL UNIQUE,
                 node_id         INTEGER NOT NULL,
                 node_ids        TEXT NOT NULL DEFAULT '',
                 farm_id         INTEGER,
                 country         TEXT NOT NULL DEFAULT '',
                 deployment_id   TEXT,
                 contract_id     INTEGER,
                 state           TEXT NOT NULL,
                 ip              TEXT NOT NULL DEFAULT '',
                 ipv6            TEXT NOT NULL DEFAULT '',
                 mycelium_ip     TEXT NOT NULL DEFAULT '',
                 web_url         TEXT NOT NULL DEFAULT '',
                 ssh_command     TEXT NOT NULL DEFAULT '',
                 message         TEXT NOT NULL DEFAULT '',
                 score_json      TEXT,
                 created_at      INTEGER NOT NULL,
                 ready_at        INTEGER,
                 ended_at        INTEGER,
                 UNIQUE (job_id, attempt)))",
                "CREATE INDEX job_deployments_job ON job_deployments(job_id)",
                R"(CREATE INDEX job_deployments_live_node ON job_deployments(node_id)
                 WHERE state IN ('requested', 'init', 'ok'))",
                // Every oracle fetch, per source, for the price chart and the status bar.
                R"(CREATE TABLE price_history (
                 id     INTEGER PRIMARY KEY AUTOINCREMENT,
                 at     INTEGER NOT NULL,
                 source TEXT NOT NULL,
                 rate   INTEGER,
                 error  TEXT))",
                "CREATE INDEX price_history_at ON price_history(at)",
                // Models refresh incrementally: rows changed since the last look.
                "CREATE INDEX jobs_updated ON jobs(updated_at)",
            } },
        { 4, "a job is retried at most once",
            {
                "CREATE UNIQUE INDEX jobs_retry_of ON jobs(retry_of) WHERE retry_of IS NOT NULL",
            } },
        { 5, "per-claim lease tokens, the installation id",
            {
                // Every claim writes a fresh random token; a step's writes and grid calls go ahead
                // only while the token is still the job's (lease_owner alone is shared by every
                // worker of a process).
                "ALTER TABLE jobs ADD COLUMN lease_token TEXT",
                // Random, written once: it goes into every idempotency key and deployment name,
                // so two installations, or a store that was reset, never collide at a gateway.
                R"(INSERT INTO app_state(key, value) VALUES ('installation_id', lower(hex(randomblob(16))))
                 ON CONFLICT(key) DO NOTHING)",
            } },
        { 6, "buyer contact details, buyer notifications, HTTP API tokens and shop purchases",
            {
                // The buyer's own channels: notifications about their deployments go there too.
                "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE users ADD COLUMN webhook_url TEXT NOT NULL DEFAULT ''",
                // Empty: the operator channel of [notifications]; else the buyer's address or URL.
                "ALTER TABLE outbox ADD COLUMN recipient TEXT NOT NULL DEFAULT ''",
                // Bearer tokens of the HTTP API. Only the SHA-256 of a token is kept; role is
                // operator, support, shop or user (then user_id says whose deployments it sees).
                R"(CREATE TABLE api_tokens (
                 id           INTEGER PRIMARY KEY AUTOINCREMENT,
                 token_hash   TEXT NOT NULL UNIQUE,
                 role         TEXT NOT NULL CHECK (role IN ('operator', 'support', 'shop', 'user')),
                 user_id      INTEGER REFERENCES users(id),
                 label        TEXT NOT NULL DEFAULT '',
                 created_at   INTEGER NOT NULL,
                 last_used_at INTEGER,
                 revoked_at   INTEGER,
                 CHECK ((role = 'user') = (user_id IS NOT NULL))))",
                // A shop's confirmed payment, once: the payment id is claimed before the job is
                // queued, so a repeated POST finds it and never holds the credits twice.
                R"(CREATE TABLE api_purchases (
                 payment_id   TEXT PRIMARY KEY,
                 request_hash TEXT NOT NULL,
                 job_id       INTEGER REFERENCES jobs(id),
                 token_id     INTEGER REFERENCES api_tokens(id),
                 created_at   INTEGER NOT NULL))",
            } },
        { 7, "restart checks",
            {
                // A restart sends an active job through readiness and health again. While a row
                // is 'checking' the job is in waiting_ready or verifying with its credits already
                // captured; it ends 'ok' (active again) or 'failed' (active, flagged with reason).
                R"(CREATE TABLE restarts (
                 id           INTEGER PRIMARY KEY AUTOINCREMENT,
                 job_id       INTEGER NOT NULL REFERENCES jobs(id),
                 n            INTEGER NOT NULL,
                 actor        TEXT NOT NULL,
                 requested_at INTEGER NOT NULL,
                 state        TEXT NOT NULL CHECK (state IN ('checking', 'ok', 'failed')),
                 reason       TEXT NOT NULL DEFAULT '',
                 finished_at  INTEGER,
                 UNIQUE (job_id, n)))",
                "CREATE INDEX restarts_checking ON restarts(job_id) WHERE state = 'checking'",
            } },
        { 8, "live updates: PostgreSQL notifies every change a console shows",
            {
                // Consoles LISTEN and re-read just the rows named (models/WatcherWorker.cpp). The
                // key is what the watcher re-reads: the job of a deployment, the user of an
                // account (its balance). SQLite has no NOTIFY: nothing runs there.
                "NOTIFY CHANGES OF jobs(id)",
                "NOTIFY CHANGES OF job_deployments(job_id)",
                "NOTIFY CHANGES OF events(id)",
                "NOTIFY CHANGES OF ledger_transactions(id)",
                "NOTIFY CHANGES OF accounts(user_id)",
                "NOTIFY CHANGES OF users(id)",
            } },
        { 9, "what the grid allows on a deployment",
            {
                // The deployment object's "actions" (comma-separated); NULL when the server did not
                // say, which means cancel, restart and stop.
                "ALTER TABLE job_deployments ADD COLUMN actions TEXT",
            } },
        { 10, "the role an audit row was written with",
            {
                // The GridDeck role of the connection that wrote the row (store/Access.h):
                // "admin", "operator", "support", "operator+support", "viewer"; '' before roles.
                "ALTER TABLE events ADD COLUMN role TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE ledger_transactions ADD COLUMN role TEXT NOT NULL DEFAULT ''",
            } },
        { 12, "placement counts of live deployments from one index",
            {
                // Node selection counts our live deployments per node and farm before every
                // placement (pipelinestore::liveCounts): a covering index of the live rows, in
                // the GROUP BY's order, answers it without reading the table (state too: SQLite
                // reads the WHERE from the index only when the index has the column).
                R"(CREATE INDEX job_deployments_live_placement ON job_deployments(node_ids, node_id, farm_id, state)
                 WHERE state IN ('requested', 'init', 'ok'))",
            } },
    };
    return list;
}

} // namespace griddeck
