//! Demo data: one user for every situation the tab must handle.

use crate::context::unix_now;
use crate::db::{Db, FailPoint, Writes};
use crate::error::{ApiError, ApiResult};
use crate::model::{Account, KeyRow, Role, Tier, User};
use crate::secrets;

/// Admin of Acme Capital (Standard, 4 keys): the main demo user.
pub const ADMIN: &str = "jane@acme.example";
/// Member (not admin) of Acme Capital.
pub const MEMBER: &str = "marco@acme.example";
/// Admin of Harbor Lending, where API keys are disabled.
pub const DISABLED_ADMIN: &str = "omar@harbor.example";
/// Admin of two accounts (Northwind Credit, Enterprise; Birch Borrower, Standard).
pub const MULTI_ADMIN: &str = "priya@northwind.example";
/// Admin of Tiny Fund, Free tier, already at its ceiling of 2.
pub const FULL_ADMIN: &str = "felix@tinyfund.example";

const DAY: i64 = 24 * 60 * 60;

fn account(name: &str, slug: &str, account_type: &str, tier: Tier, enabled: bool) -> Account {
    Account {
        id: 0,
        name: name.to_owned(),
        slug: slug.to_owned(),
        account_type: account_type.to_owned(),
        tier,
        api_keys_enabled: enabled,
        key_ceiling_override: None,
    }
}

fn user(email: &str, first: &str, last: &str, n: u32) -> User {
    User {
        id: 0,
        uuid: format!("550e8400-e29b-41d4-a716-4466554400{n:02}"),
        email: email.to_owned(),
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        photo_url: None,
        last_login_at: None,
        active_account_id: None,
    }
}

/// Inserts a key whose secret nobody knows (it is discarded at once).
fn key(
    db: &Writes<'_>,
    user_id: i64,
    account_id: i64,
    label: &str,
    age_days: i64,
    used_days_ago: Option<i64>,
) -> ApiResult<()> {
    let now = unix_now();
    let secret = secrets::new_api_key().map_err(ApiError::internal)?;
    let row = KeyRow {
        id: 0,
        user_id,
        account_id,
        label: label.to_owned(),
        key_prefix: secrets::key_prefix(&secret).unwrap_or("lev_sk_").to_owned(),
        key_hash: secrets::hash(&secret),
        created_at: now - age_days * DAY,
        last_used_at: used_days_ago.map(|d| now - d * DAY - 3_600),
    };
    db.insert_key_within_ceiling(&row, u32::MAX)?
        .map_err(|_| ApiError::internal("seed ceiling"))?;
    Ok(())
}

/// Fills an empty database, in one transaction (an interrupted seeding leaves nothing, and the
/// next start seeds again); does nothing when it already holds data.
pub fn seed(db: &Db) -> ApiResult<bool> {
    seed_failing_at(db, None)
}

/// [`seed`], failing where `fail_point` says (tests of an interrupted first start).
pub(crate) fn seed_failing_at(db: &Db, fail_point: Option<FailPoint>) -> ApiResult<bool> {
    if !db.is_empty()? {
        return Ok(false);
    }
    db.atomically(|writes| fill(writes, fail_point))
        .map(|()| true)
}

fn fill(db: &Writes<'_>, fail_point: Option<FailPoint>) -> ApiResult<()> {
    let acme = db.insert_account(&account(
        "Acme Capital",
        "acme-capital",
        "brokerage",
        Tier::Standard,
        true,
    ))?;
    let harbor = db.insert_account(&account(
        "Harbor Lending",
        "harbor-lending",
        "lender",
        Tier::Standard,
        false,
    ))?;
    let northwind = db.insert_account(&account(
        "Northwind Credit",
        "northwind-credit",
        "credit",
        Tier::Enterprise,
        true,
    ))?;
    let birch = db.insert_account(&account(
        "Birch Borrower",
        "birch-borrower",
        "borrower",
        Tier::Standard,
        true,
    ))?;
    let tiny = db.insert_account(&account(
        "Tiny Fund",
        "tiny-fund",
        "brokerage",
        Tier::Free,
        true,
    ))?;

    if fail_point == Some(FailPoint::Seed) {
        return Err(ApiError::internal("seeding interrupted (fail point)"));
    }
    let jane = db.insert_user(&user(ADMIN, "Jane", "Smith", 0))?;
    let marco = db.insert_user(&user(MEMBER, "Marco", "Rossi", 1))?;
    let omar = db.insert_user(&user(DISABLED_ADMIN, "Omar", "Haddad", 2))?;
    let priya = db.insert_user(&user(MULTI_ADMIN, "Priya", "Natarajan", 3))?;
    let felix = db.insert_user(&user(FULL_ADMIN, "Felix", "Berg", 4))?;

    db.insert_membership(jane, acme, Role::Admin)?;
    db.insert_membership(marco, acme, Role::Member)?;
    db.insert_membership(omar, harbor, Role::Admin)?;
    db.insert_membership(priya, northwind, Role::Admin)?;
    db.insert_membership(priya, birch, Role::Admin)?;
    db.insert_membership(felix, tiny, Role::Admin)?;

    key(db, jane, acme, "Old Reporting Script", 210, Some(130))?;
    key(db, jane, acme, "Production Sync", 95, Some(0))?;
    key(db, jane, acme, "CI Pipeline", 30, Some(3))?;
    key(db, jane, acme, "Staging Webhooks", 2, None)?;
    key(db, priya, northwind, "Data Warehouse Export", 60, Some(1))?;
    key(db, felix, tiny, "Zapier", 40, Some(2))?;
    key(db, felix, tiny, "Nightly Backup", 12, None)?;
    Ok(())
}
