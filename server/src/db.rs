//! SQLite storage: schema migrations and every query the server makes.
//!
//! One connection behind a mutex: the server is local and small, and holding the lock for the
//! whole check-then-insert of a create is what makes the key ceiling hold under concurrency.

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use crate::error::ApiError;
use crate::model::{Account, KeyRow, Role, Tier, User};

/// Ordered migrations; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[r"
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    account_type TEXT NOT NULL,
    api_tier TEXT NOT NULL,
    api_keys_enabled INTEGER NOT NULL,
    key_ceiling_override INTEGER
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    uuid TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL UNIQUE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    photo_url TEXT,
    last_login_at INTEGER,
    active_account_id INTEGER REFERENCES accounts(id)
);
CREATE TABLE memberships (
    user_id INTEGER NOT NULL REFERENCES users(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    role TEXT NOT NULL,
    PRIMARY KEY (user_id, account_id)
);
CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    label TEXT NOT NULL,
    key_prefix TEXT NOT NULL,
    key_hash BLOB NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);
CREATE INDEX api_keys_by_account ON api_keys(account_id, revoked_at, created_at);
CREATE INDEX api_keys_by_prefix ON api_keys(key_prefix);
"];

/// How coarse a key's `last_used_at` is: a use is recorded at most once in this many seconds
/// (GitHub's token "last used" is coarse too), so a busy key costs one write a minute.
pub const USE_RECORDED_EVERY: i64 = 60;

/// The database.
pub struct Db {
    conn: Mutex<Connection>,
}

/// Where a page of keys starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStart {
    /// After this many keys, newest first.
    Offset(u64),
    /// After the key with this creation time and id (a cursor).
    After {
        /// `created_at` of the last key shown.
        created_at: i64,
        /// Its id.
        id: i64,
    },
}

/// A create refused because the account is at its ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CeilingReached {
    /// The ceiling that was hit.
    pub max_allowed: u32,
}

/// Runs the migrations `done` has not run yet, each with its `user_version` bump in one
/// transaction: an interrupted start leaves either all of a migration or none of it.
fn migrate(
    conn: &mut Connection,
    migrations: &[&str],
    fail_point: Option<FailPoint>,
) -> rusqlite::Result<()> {
    let done: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    for (index, sql) in migrations.iter().enumerate().skip(done.max(0) as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if fail_point == Some(FailPoint::Migration) {
            return Err(rusqlite::Error::ExecuteReturnedResults);
        }
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Where a test makes the first start fail, to check that the next start recovers (set only
/// with the `test-hooks` feature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailPoint {
    /// After a migration's statements ran, before it is recorded as done.
    Migration,
    /// After the seeding has inserted its accounts, before the users.
    Seed,
}

/// Writes on a connection whose lock the caller holds, inside a transaction: the seeding's
/// ([`Db::atomically`]) or a create's.
pub struct Writes<'c>(&'c Connection);

impl Writes<'_> {
    /// Inserts an account; returns its id.
    pub fn insert_account(&self, account: &Account) -> Result<i64, ApiError> {
        let conn = self.0;
        conn.execute(
            "INSERT INTO accounts (name, slug, account_type, api_tier, api_keys_enabled, key_ceiling_override)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                account.name,
                account.slug,
                account.account_type,
                account.tier.as_str(),
                account.api_keys_enabled,
                account.key_ceiling_override
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Inserts a user; returns its id.
    pub fn insert_user(&self, user: &User) -> Result<i64, ApiError> {
        let conn = self.0;
        conn.execute(
            "INSERT INTO users (uuid, email, first_name, last_name, photo_url, last_login_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                user.uuid,
                user.email,
                user.first_name,
                user.last_name,
                user.photo_url,
                user.last_login_at
            ],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Makes `user_id` a member of `account_id` with `role`.
    pub fn insert_membership(
        &self,
        user_id: i64,
        account_id: i64,
        role: Role,
    ) -> Result<(), ApiError> {
        self.0.execute(
            "INSERT INTO memberships (user_id, account_id, role) VALUES (?1, ?2, ?3)",
            params![user_id, account_id, role.as_str()],
        )?;
        Ok(())
    }

    /// Inserts a key unless the account already holds `ceiling` active keys.
    pub fn insert_key_within_ceiling(
        &self,
        new: &KeyRow,
        ceiling: u32,
    ) -> Result<Result<i64, CeilingReached>, ApiError> {
        let tx = self.0;
        if count_active(tx, new.account_id)? >= ceiling {
            return Ok(Err(CeilingReached {
                max_allowed: ceiling,
            }));
        }
        tx.execute(
            "INSERT INTO api_keys (user_id, account_id, label, key_prefix, key_hash, created_at, last_used_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                new.user_id,
                new.account_id,
                new.label,
                new.key_prefix,
                new.key_hash,
                new.created_at,
                new.last_used_at
            ],
        )?;
        Ok(Ok(tx.last_insert_rowid()))
    }
}

impl Db {
    /// Opens (creating if needed) the database file and runs pending migrations.
    pub fn open(path: &Path, fail_point: Option<FailPoint>) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        Self::init(conn, fail_point)
    }

    /// A fresh database that lives in memory only.
    pub fn in_memory() -> rusqlite::Result<Self> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(mut conn: Connection, fail_point: Option<FailPoint>) -> rusqlite::Result<Self> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrate(&mut conn, MIGRATIONS, fail_point)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// Runs `f` in one transaction, holding the connection's lock throughout: all of its
    /// writes or none of them, and nothing else in between.
    pub fn atomically<T>(
        &self,
        f: impl FnOnce(&Writes<'_>) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let mut conn = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // An error drops `tx`, which rolls it back.
        let value = f(&Writes(&tx))?;
        tx.commit()?;
        Ok(value)
    }

    /// Sets a key's `last_used_at` as if it had been used at `at` (tests).
    #[cfg(feature = "test-hooks")]
    pub fn set_last_used(&self, key_id: i64, at: i64) -> Result<(), ApiError> {
        self.lock()?.execute(
            "UPDATE api_keys SET last_used_at = ?2 WHERE id = ?1",
            params![key_id, at],
        )?;
        Ok(())
    }

    /// Makes every later write fail, as a full disk or a locked database would (tests).
    #[cfg(feature = "test-hooks")]
    pub fn refuse_writes(&self) -> Result<(), ApiError> {
        self.lock()?.pragma_update(None, "query_only", true)?;
        Ok(())
    }

    /// Sessions stored, expired or not (tests).
    #[doc(hidden)]
    pub fn stored_sessions(&self) -> Result<u64, ApiError> {
        let conn = self.lock()?;
        Ok(conn.query_row("SELECT COUNT(*) FROM sessions", [], |r| r.get(0))?)
    }

    /// Deletes sessions that expired by `now`.
    pub fn purge_sessions(&self, now: i64) -> Result<(), ApiError> {
        self.lock()?
            .execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
        Ok(())
    }

    fn lock(&self) -> Result<MutexGuard<'_, Connection>, ApiError> {
        self.conn
            .lock()
            .map_err(|_| ApiError::internal("database lock poisoned"))
    }

    /// Whether the database holds no account yet (seeding runs only then).
    pub fn is_empty(&self) -> Result<bool, ApiError> {
        let conn = self.lock()?;
        let count: i64 = conn.query_row("SELECT COUNT(*) FROM accounts", [], |r| r.get(0))?;
        Ok(count == 0)
    }

    /// Every user, for the sign-in page.
    pub fn users(&self) -> Result<Vec<User>, ApiError> {
        let conn = self.lock()?;
        let mut stmt = conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY id"))?;
        let rows = stmt.query_map([], user_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One user by id.
    pub fn user(&self, id: i64) -> Result<Option<User>, ApiError> {
        let conn = self.lock()?;
        Ok(conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
                [id],
                user_from_row,
            )
            .optional()?)
    }

    /// One user by email (case-insensitive).
    pub fn user_by_email(&self, email: &str) -> Result<Option<User>, ApiError> {
        let conn = self.lock()?;
        Ok(conn
            .query_row(
                &format!("SELECT {USER_COLUMNS} FROM users WHERE lower(email) = lower(?1)"),
                [email],
                user_from_row,
            )
            .optional()?)
    }

    /// The accounts a user belongs to, with the user's role in each, in id order.
    pub fn memberships(&self, user_id: i64) -> Result<Vec<(Account, Role)>, ApiError> {
        let conn = self.lock()?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {ACCOUNT_COLUMNS}, m.role FROM memberships m JOIN accounts a ON a.id = m.account_id
             WHERE m.user_id = ?1 ORDER BY a.id"
        ))?;
        let rows = stmt.query_map([user_id], |row| {
            let role: String = row.get(7)?;
            Ok((account_from_row(row)?, Role::parse(&role)))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One account by id.
    pub fn account(&self, id: i64) -> Result<Option<Account>, ApiError> {
        let conn = self.lock()?;
        Ok(conn
            .query_row(
                &format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.id = ?1"),
                [id],
                account_from_row,
            )
            .optional()?)
    }

    /// Records the account a user works in by default.
    pub fn set_active_account(&self, user_id: i64, account_id: i64) -> Result<(), ApiError> {
        self.lock()?.execute(
            "UPDATE users SET active_account_id = ?2 WHERE id = ?1",
            params![user_id, account_id],
        )?;
        Ok(())
    }

    /// Stores a browser session (by the hash of its token only).
    pub fn insert_session(
        &self,
        token_hash: &[u8],
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> Result<(), ApiError> {
        let conn = self.lock()?;
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
            params![token_hash, user_id, now, expires_at],
        )?;
        conn.execute(
            "UPDATE users SET last_login_at = ?2 WHERE id = ?1",
            params![user_id, now],
        )?;
        Ok(())
    }

    /// The user of an unexpired session.
    pub fn session_user(&self, token_hash: &[u8], now: i64) -> Result<Option<i64>, ApiError> {
        let conn = self.lock()?;
        Ok(conn
            .query_row(
                "SELECT user_id FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
                params![token_hash, now],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Ends a session.
    pub fn delete_session(&self, token_hash: &[u8]) -> Result<(), ApiError> {
        self.lock()?
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        Ok(())
    }

    /// Active keys whose prefix is `prefix`: the candidates a presented key is compared with.
    pub fn active_keys_with_prefix(&self, prefix: &str) -> Result<Vec<KeyRow>, ApiError> {
        let conn = self.lock()?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {KEY_COLUMNS} FROM api_keys WHERE key_prefix = ?1 AND revoked_at IS NULL"
        ))?;
        let rows = stmt.query_map([prefix], key_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that a key was used at `now`, unless a use within the last
    /// [`USE_RECORDED_EVERY`] seconds was recorded already (a request that raced this one).
    pub fn record_key_use(&self, key_id: i64, now: i64) -> Result<(), ApiError> {
        self.lock()?.execute(
            "UPDATE api_keys SET last_used_at = ?2
             WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at <= ?2 - ?3)",
            params![key_id, now, USE_RECORDED_EVERY],
        )?;
        Ok(())
    }

    /// Active keys of an account.
    pub fn active_key_count(&self, account_id: i64) -> Result<u32, ApiError> {
        let conn = self.lock()?;
        count_active(&conn, account_id)
    }

    /// One page of an account's active keys, newest first, and the total.
    pub fn list_keys(
        &self,
        account_id: i64,
        limit: u32,
        start: PageStart,
    ) -> Result<(Vec<KeyRow>, u64, u64), ApiError> {
        let conn = self.lock()?;
        let total = u64::from(count_active(&conn, account_id)?);
        let (rows, offset) = match start {
            PageStart::Offset(offset) => {
                let mut stmt = conn.prepare(&format!(
                    "SELECT {KEY_COLUMNS} FROM api_keys WHERE account_id = ?1 AND revoked_at IS NULL
                     ORDER BY created_at DESC, id DESC LIMIT ?2 OFFSET ?3"
                ))?;
                let at = i64::try_from(offset).unwrap_or(i64::MAX);
                let rows = stmt.query_map(params![account_id, limit, at], key_from_row)?;
                (rows.collect::<Result<Vec<_>, _>>()?, offset)
            }
            // Keyset paging: the keys after (older than) the last one shown, so a key created
            // or revoked in between shifts nothing.
            PageStart::After { created_at, id } => {
                const AFTER: &str = "account_id = ?1 AND revoked_at IS NULL
                     AND (created_at < ?2 OR (created_at = ?2 AND id < ?3))";
                let mut stmt = conn.prepare(&format!(
                    "SELECT {KEY_COLUMNS} FROM api_keys WHERE {AFTER}
                     ORDER BY created_at DESC, id DESC LIMIT ?4"
                ))?;
                let rows =
                    stmt.query_map(params![account_id, created_at, id, limit], key_from_row)?;
                let rows = rows.collect::<Result<Vec<_>, _>>()?;
                let after: i64 = conn.query_row(
                    &format!("SELECT COUNT(*) FROM api_keys WHERE {AFTER}"),
                    params![account_id, created_at, id],
                    |r| r.get(0),
                )?;
                (
                    rows,
                    total.saturating_sub(u64::try_from(after).unwrap_or(0)),
                )
            }
        };
        Ok((rows, total, offset))
    }

    /// Inserts a key unless the account already holds `ceiling` active keys. The count and the
    /// insert happen under one lock and in one transaction, so concurrent creates cannot overshoot.
    pub fn insert_key_within_ceiling(
        &self,
        new: &KeyRow,
        ceiling: u32,
    ) -> Result<Result<i64, CeilingReached>, ApiError> {
        self.atomically(|writes| writes.insert_key_within_ceiling(new, ceiling))
    }

    /// Revokes an active key of `account_id`; `false` when there is none with that id.
    pub fn revoke_key(&self, account_id: i64, key_id: i64, now: i64) -> Result<bool, ApiError> {
        let changed = self.lock()?.execute(
            "UPDATE api_keys SET revoked_at = ?3 WHERE id = ?2 AND account_id = ?1 AND revoked_at IS NULL",
            params![account_id, key_id, now],
        )?;
        Ok(changed == 1)
    }
}

fn count_active(conn: &Connection, account_id: i64) -> Result<u32, ApiError> {
    let count: i64 = conn.query_row(
        "SELECT COUNT(*) FROM api_keys WHERE account_id = ?1 AND revoked_at IS NULL",
        [account_id],
        |r| r.get(0),
    )?;
    Ok(u32::try_from(count).unwrap_or(u32::MAX))
}

const USER_COLUMNS: &str =
    "id, uuid, email, first_name, last_name, photo_url, last_login_at, active_account_id";

fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        uuid: row.get(1)?,
        email: row.get(2)?,
        first_name: row.get(3)?,
        last_name: row.get(4)?,
        photo_url: row.get(5)?,
        last_login_at: row.get(6)?,
        active_account_id: row.get(7)?,
    })
}

const ACCOUNT_COLUMNS: &str =
    "a.id, a.name, a.slug, a.account_type, a.api_tier, a.api_keys_enabled, a.key_ceiling_override";

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let tier: String = row.get(4)?;
    Ok(Account {
        id: row.get(0)?,
        name: row.get(1)?,
        slug: row.get(2)?,
        account_type: row.get(3)?,
        tier: Tier::parse(&tier),
        api_keys_enabled: row.get(5)?,
        key_ceiling_override: row.get(6)?,
    })
}

const KEY_COLUMNS: &str =
    "id, user_id, account_id, label, key_prefix, key_hash, created_at, last_used_at";

fn key_from_row(row: &Row<'_>) -> rusqlite::Result<KeyRow> {
    Ok(KeyRow {
        id: row.get(0)?,
        user_id: row.get(1)?,
        account_id: row.get(2)?,
        label: row.get(3)?,
        key_prefix: row.get(4)?,
        key_hash: row.get(5)?,
        created_at: row.get(6)?,
        last_used_at: row.get(7)?,
    })
}
