//! The dialogs' code comes in chunks split off the first load: fetched once each, when the
//! browser is idle after the rows paint; a click before that waits on a busy button and opens
//! one dialog; a chunk that fails to download says so, and Retry opens the dialog.

use std::time::{Duration, Instant};

use lev_server::FaultAction;

use lev_harness::seed::*;
use lev_harness::*;

/// Paths of every chunk file the build wrote (`/app/lev-create_key-…wasm`, …) for the standalone page, read from
/// the built app so that a chunk added later is counted too.
fn chunk_paths() -> Vec<String> {
    let names = app_files(is_chunk);
    for dialog in ["lev-create_key-", "lev-revoke_key-", "lev-rotate_key-"] {
        assert!(
            names.iter().any(|n| n.starts_with(dialog)),
            "the build has no {dialog}… chunk (is it split? xtask/src/split.rs): {names:?}"
        );
    }
    names.into_iter().map(|n| format!("/app/{n}")).collect()
}

/// Waits until the server has had a GET for every file in `paths`.
async fn wait_fetched(env: &Env, paths: &[String]) {
    let deadline = Instant::now() + WAIT;
    loop {
        let missing: Vec<&String> = paths
            .iter()
            .filter(|p| env.file_requests(p).is_empty())
            .collect();
        if missing.is_empty() {
            return;
        }
        assert!(Instant::now() < deadline, "never fetched: {missing:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Each chunk was fetched exactly once.
fn assert_fetched_once(env: &Env, paths: &[String]) {
    for path in paths {
        assert_eq!(env.file_requests(path).len(), 1, "GETs of {path}");
    }
}

#[tokio::test]
async fn the_dialogs_code_is_fetched_once_when_idle_after_the_rows() {
    let env = env().await;
    let chunks = chunk_paths();
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    // Nothing clicked: the idle prefetch fetches them all.
    wait_fetched(&env, &chunks).await;
    let log = env.server.requests();
    let list_answered = log
        .iter()
        .position(|r| r.path == "/api/external/v2/build/api-keys")
        .expect("the list was asked for");
    let first_chunk = log
        .iter()
        .position(|r| chunks.contains(&r.path))
        .expect("a chunk was fetched");
    assert!(
        first_chunk > list_answered,
        "the chunks come after the list, not in the first load: {log:?}"
    );
    // Every dialog opens from what is here: no second fetch.
    env.click("button", "Create key").await;
    env.named("dialog", "Create API key").await;
    env.click("button", "Cancel").await;
    env.gone("dialog", "Create API key").await;
    env.click("button", "Revoke CI Pipeline").await;
    env.named("alertdialog", "Revoke API key").await;
    env.click("button", "Cancel").await;
    env.gone("alertdialog", "Revoke API key").await;
    env.click("button", "Rotate CI Pipeline").await;
    env.named("dialog", "Rotate API key").await;
    env.click("button", "Cancel").await;
    env.gone("dialog", "Rotate API key").await;
    assert_fetched_once(&env, &chunks);
    env.close().await;
}

#[tokio::test]
async fn the_chunks_and_their_loader_are_served_compressed_and_immutable() {
    let env = env().await;
    let mut files = chunk_paths();
    let loader = app_files(is_chunk_loader)
        .pop()
        .expect("the chunks' loader");
    files.push(format!("/app/{loader}"));
    for path in &files {
        let response = env
            .http
            .get(env.url(path))
            .header("Accept-Encoding", "br, gzip")
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), 200, "{path}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(header("content-encoding"), "br", "{path}");
        assert_eq!(
            header("cache-control"),
            "public, max-age=31536000, immutable",
            "{path}"
        );
        let wanted = if path.ends_with(".wasm") {
            "application/wasm"
        } else {
            "javascript"
        };
        assert!(
            header("content-type").contains(wanted),
            "{path}: {}",
            header("content-type")
        );
    }
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.close().await;
}

#[tokio::test]
async fn a_click_before_its_code_arrives_shows_a_busy_button_then_one_dialog() {
    let env = env().await;
    let chunks = chunk_paths();
    // The Create chunk answers after three seconds (the idle prefetch's request, or the
    // click's: the two share one download).
    env.fault_file("/app/lev-create_key-", 1, FaultAction::Delay { ms: 3000 });
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    let button = env.named("button", "Create key").await;
    for _ in 0..3 {
        button.click().await.expect("click Create key");
    }
    // Busy, under the same name, while the code is on its way.
    assert_eq!(
        button.attr("aria-busy").await.ok().flatten().as_deref(),
        Some("true")
    );
    assert_eq!(env.accessible_name(&button).await, "Create key");
    assert!(env.all_named("dialog", "Create API key").await.is_empty());
    env.named("dialog", "Create API key").await;
    env.next_frames().await;
    assert_eq!(env.all_named("dialog", "Create API key").await.len(), 1);
    env.wait_focus("Label").await;
    env.click("button", "Cancel").await;
    env.gone("dialog", "Create API key").await;
    let button = env.named("button", "Create key").await;
    assert_eq!(
        button.attr("aria-busy").await.ok().flatten().as_deref(),
        Some("false")
    );
    wait_fetched(&env, &chunks).await;
    assert_fetched_once(&env, &chunks);
    env.close().await;
}

#[tokio::test]
async fn a_dialog_whose_code_fails_to_download_says_so_and_retry_opens_it() {
    let env = env().await;
    env.fault_file(
        "/app/lev-revoke_key-",
        100,
        FaultAction::Status { status: 503 },
    );
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.click("button", "Revoke CI Pipeline").await;
    env.wait_text("The Revoke API key dialog could not be downloaded.")
        .await;
    let alert = env.css("[role=alert]").await;
    let said = alert.text().await.unwrap_or_default();
    assert!(said.contains("Check your connection"), "{said}");
    assert!(env
        .all_named("alertdialog", "Revoke API key")
        .await
        .is_empty());
    // The network is back: Retry downloads it again and opens the dialog.
    env.server.faults().clear();
    env.click("button", "Retry").await;
    env.named("alertdialog", "Revoke API key").await;
    assert!(!env.text().await.contains("could not be downloaded"));
    let fetched = env.file_requests("/app/lev-revoke_key-");
    let served: Vec<Option<u16>> = fetched.iter().map(|r| r.status).collect();
    assert!(served.len() >= 2, "{served:?}");
    assert_eq!(served.last(), Some(&Some(200)), "{served:?}");
    assert!(
        served[..served.len() - 1].iter().all(|s| *s == Some(503)),
        "one good download, after the failed ones: {served:?}"
    );
    // It revokes as ever.
    env.click("button", "Revoke key").await;
    env.wait_rows(3).await;
    env.close().await;
}
