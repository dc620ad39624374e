//! The JSON examples of `shared/lev-api-v2.md` read into the server's own types.

use lev_server::wire::*;

#[test]
fn create_example_parses() {
    let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
  "data": { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
            "api_key": "lev_sk_abc123def456ghi789...", "created_at": "2026-03-20T15:30:45Z" } }"#;
    let parsed: Envelope<CreatedApiKey> = serde_json::from_str(json).expect("create example");
    assert_eq!(parsed.data.id, 42);
    assert_eq!(parsed.data.key_prefix, "lev_sk_abc1");
}

#[test]
fn list_example_parses() {
    let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
  "data": [ { "id": 42, "label": "CI Pipeline Key", "key_prefix": "lev_sk_abc1",
              "created_at": "2026-03-20T15:30:45Z", "last_used_at": "2026-03-19T12:00:00Z" } ],
  "pagination": { "total": 3, "limit": 50, "offset": 0, "has_more": false } }"#;
    let parsed: ListEnvelope<ApiKey> = serde_json::from_str(json).expect("list example");
    assert_eq!(parsed.data.len(), 1);
    assert_eq!(parsed.pagination.total, 3);
    assert!(!parsed.pagination.has_more);
}

#[test]
fn revoke_example_parses() {
    let json = r#"{ "request_id": "...", "timestamp": "...", "data": { "deleted": true } }"#;
    let parsed: Envelope<Deleted> = serde_json::from_str(json).expect("revoke example");
    assert!(parsed.data.deleted);
}

#[test]
fn me_example_parses() {
    let json = r#"{ "request_id": "...", "timestamp": "2026-03-20T15:30:45Z",
  "data": {
    "user": { "id": 1234, "uuid": "550e8400-e29b-41d4-a716-446655440000", "email": "jane@example.com",
              "first_name": "Jane", "last_name": "Smith", "full_name": "Jane Smith",
              "role": "admin", "photo_url": null, "last_login_at": "2026-03-20T10:00:00Z" },
    "account": { "id": 7, "name": "Acme Capital", "slug": "acme-capital", "account_type": "brokerage" },
    "subscription": { "type": "...", "status": "...", "billing_cycle": "...", "end_date": null },
    "platform": { "api_tier": "standard",
                  "api_keys": { "current_count": 3, "max_allowed": 10 },
                  "rate_limits": { }, "granted_scopes": [ ] } } }"#;
    let parsed: Envelope<Me> = serde_json::from_str(json).expect("me example");
    let quota = parsed
        .data
        .platform
        .and_then(|p| p.api_keys)
        .expect("quota");
    assert_eq!((quota.current_count, quota.max_allowed), (3, 10));
    assert_eq!(parsed.data.user.role.as_deref(), Some("admin"));
}

#[test]
fn unscoped_me_and_error_b_parse() {
    let me = r#"{ "request_id": "r", "timestamp": "t", "data": {
        "user": { "id": 1, "uuid": "u", "email": "e", "first_name": "f", "last_name": "l",
                  "full_name": "f l", "role": null, "photo_url": null, "last_login_at": null },
        "available_accounts": [ { "id": 7, "name": "A", "slug": "a", "account_type": "brokerage" } ] } }"#;
    let parsed: Envelope<Me> = serde_json::from_str(me).expect("unscoped me");
    assert_eq!(parsed.data.available_accounts.map(|a| a.len()), Some(1));

    let error = r#"{ "request_id": "…", "error": { "status": 404, "type": "not_found", "message": "…", "details": {} } }"#;
    let parsed: ErrorEnvelope = serde_json::from_str(error).expect("shape B");
    assert_eq!(parsed.error.kind, "not_found");

    let validate = r#"{ "request_id": "r", "timestamp": "t", "data": { "valid": true, "user_id": 1234, "account_id": 7, "scopes": ["a"], "tier": "standard" } }"#;
    let parsed: Envelope<Validation> = serde_json::from_str(validate).expect("validate");
    assert!(parsed.data.valid);
}
