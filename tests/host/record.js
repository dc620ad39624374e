// The host's session recording: rrweb in its default settings, as PostHog, Sentry Replay and
// others run it. The tests read what it recorded from `window.__recorded`.
window.__recorded = [];
rrweb.record({ emit(event) { window.__recorded.push(event); } });
