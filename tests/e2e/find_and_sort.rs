//! Find and sort: Filter keys across every page with its count, sortable headers with
//! `aria-sort`, the choice kept in the URL when standalone and in memory when embedded.

use serde_json::json;

use lev_harness::seed::*;
use lev_harness::*;

async fn location_search(env: &Env) -> String {
    env.browser
        .execute("return location.search;", vec![])
        .await
        .expect("location")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// The `aria-sort` of each sortable header, by its name.
async fn aria_sorts(env: &Env) -> serde_json::Value {
    env.browser
        .execute(
            "return Object.fromEntries([...__lev.all('th[data-sortable]')].map(th => [th.textContent.trim(), th.getAttribute('aria-sort')]));",
            vec![],
        )
        .await
        .expect("headers")
}

/// Types `text` into the filter as a person would, one key at a time.
async fn filter(env: &Env, text: &str) {
    let field = env.named("searchbox", "Filter keys").await;
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

async fn wait_search(env: &Env, expected: &str) {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let search = location_search(env).await;
        if search == expected {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the URL's query is {search:?}, expected {expected:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_filter_searches_every_page_and_counts_the_matches() {
    let env = env_with_sixty_keys().await;
    env.sign_in(ADMIN).await;
    env.wait_rows(50).await;

    // "Old Reporting Script" is the oldest key: on the second page, not loaded yet.
    filter(&env, "report").await;
    assert_eq!(env.wait_rows(1).await, ["Old Reporting Script"]);
    env.wait_text("1 of 60 keys matches").await;
    wait_search(&env, "?q=report").await;
    // The rest came in one request of the largest page, from the first page's cursor.
    let queries = env.list_queries();
    assert_eq!(queries.len(), 2, "{queries:?}");
    assert!(queries[1].starts_with("limit=200&cursor="), "{queries:?}");
    env.gone("button", "Load more").await;

    // By key prefix, as shown in the table (with its ellipsis).
    let prefix = env
        .css("tbody tr[data-key-id] .key-prefix")
        .await
        .text()
        .await
        .expect("prefix");
    filter(&env, &prefix).await;
    env.wait_text("1 of 60 keys matches").await;

    filter(&env, "no such key").await;
    env.wait_rows(0).await;
    env.wait_text("No keys match").await;
    env.click("button", "Clear filter").await;
    env.wait_rows(60).await;
    wait_search(&env, "").await;

    // A shared link opens with its filter and order.
    env.browser
        .goto(&env.url("/settings/api-keys?q=bulk%200&sort=label&order=desc"))
        .await
        .expect("shared link");
    let labels = env.wait_rows(10).await;
    assert_eq!(labels.first().map(String::as_str), Some("Bulk 09"));
    assert_eq!(labels.last().map(String::as_str), Some("Bulk 00"));
    env.wait_text("10 of 60 keys match").await;
    let field = env.named("searchbox", "Filter keys").await;
    assert_eq!(
        field.prop("value").await.ok().flatten().as_deref(),
        Some("bulk 0")
    );
    assert_eq!(aria_sorts(&env).await["Label"], json!("descending"));
    env.screenshot("filtered-list").await;
    env.assert_healthy().await;
    env.close().await;
}

#[tokio::test]
async fn headers_sort_and_the_url_keeps_the_order() {
    let env = env().await;
    env.sign_in(ADMIN).await;
    let api_order = env.wait_rows(4).await;
    assert_eq!(
        aria_sorts(&env).await,
        json!({ "Label": null, "Created": "descending", "Last used": null }),
        "the API's order is newest first"
    );
    assert!(
        env.all("#key-filter").await.is_empty(),
        "no filter for four keys"
    );

    env.click("button", "Last used").await;
    // Most recent first; the never-used key last.
    let expected = [
        "Production Sync",
        "CI Pipeline",
        "Old Reporting Script",
        "Staging Webhooks",
    ];
    assert_eq!(env.row_labels().await, expected);
    assert_eq!(aria_sorts(&env).await["Last used"], json!("descending"));
    wait_search(&env, "?sort=last_used").await;

    env.click("button", "Last used").await;
    assert_eq!(
        env.row_labels().await,
        [
            "Old Reporting Script",
            "CI Pipeline",
            "Production Sync",
            "Staging Webhooks"
        ],
        "oldest use first, the never-used key still last"
    );
    assert_eq!(aria_sorts(&env).await["Last used"], json!("ascending"));
    wait_search(&env, "?sort=last_used&order=asc").await;

    env.click("button", "Label").await;
    let by_label = [
        "CI Pipeline",
        "Old Reporting Script",
        "Production Sync",
        "Staging Webhooks",
    ];
    assert_eq!(env.row_labels().await, by_label);
    assert_eq!(
        aria_sorts(&env).await,
        json!({ "Label": "ascending", "Created": null, "Last used": null })
    );
    env.browser.refresh().await.expect("reload");
    env.wait_rows(4).await;
    assert_eq!(env.row_labels().await, by_label, "a reload keeps the order");

    env.click("button", "Created").await;
    assert_eq!(env.row_labels().await, api_order);
    wait_search(&env, "").await;
    env.close().await;
}

#[tokio::test]
async fn embedded_the_choice_stays_in_memory() {
    let (env, _host) = embedded_env("", "").await;
    env.sign_in(ADMIN).await;
    env.wait_rows(4).await;
    env.browser
        .goto(&env.url("/embed.html?host=1"))
        .await
        .expect("embed page");
    env.wait_rows(4).await;
    env.click("button", "Label").await;
    assert_eq!(env.row_labels().await[0], "CI Pipeline");
    env.next_frames().await;
    assert_eq!(
        location_search(&env).await,
        "?host=1",
        "the host page's URL is left alone"
    );
    env.close().await;
}
