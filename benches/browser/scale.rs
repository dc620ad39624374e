//! Scale: a page of 200 keys, paged in with Load more, and how long each page took to append.

use lev_harness::seed::ADMIN;
use lev_harness::{admin_page, env_with, Config, Env};

use crate::interactions::{arm, collect, install_probe, press, wait_until};
use crate::stats::Stats;

/// The seeded admin's page with its four keys, rate limits off (the rounds make many requests).
pub async fn four_keys() -> Env {
    admin_page(Config {
        rate_limits: false,
        ..Config::default()
    })
    .await
}

/// A page showing 200 keys (196 made by API besides the seeded 4), paged in with Load more;
/// with the latency of each append.
pub async fn two_hundred_keys() -> (Env, Stats) {
    let env = env_with(Config {
        rate_limits: false,
        key_ceiling_override: Some(260),
        ..Config::default()
    })
    .await;
    let token = env.token(ADMIN).await;
    for n in 0..196 {
        let _ = env
            .create_key_via_api(&token, &format!("Scale {n:03}"))
            .await;
    }
    env.sign_in(ADMIN).await;
    env.wait_rows(50).await;
    install_probe(&env).await;
    let mut appends = Vec::new();
    const ROWS: &str = "window.__tab().querySelectorAll('tbody tr[data-key-id]').length";
    for page in 1..4 {
        let (shown, expected) = (50 * page, 50 * (page + 1));
        // The last page in and Load more idle again: a click now asks for the next one (a
        // click while the previous page is on its way is ignored by design, and its probe
        // would then wait for rows that never come).
        wait_until(
            &env,
            &format!("{ROWS} === {shown} && [...window.__tab().querySelectorAll('.load-more button')].some(b => b.textContent.trim() === 'Load more' && b.getAttribute('aria-busy') === 'false')"),
            &format!("{shown} rows with Load more ready"),
        )
        .await;
        arm(
            &env.browser,
            &format!("window.__latency('click', () => {ROWS} >= {expected})"),
        )
        .await;
        press(&env, "Load more").await;
        appends.push(collect(&env.browser, "append a page").await);
    }
    env.wait_rows(200).await;
    (env, Stats::of(appends))
}
