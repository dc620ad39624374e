//! DevTools timeline traces for the benchmark, over the harness's DevTools connection
//! (chromedriver's performance log returns no trace events in Chromium 156), and what they
//! and CPU profiles say.

use fantoccini::Client;
use lev_harness::devtools::DevTools;
use serde::Serialize;
use serde_json::{json, Value};

/// Timeline traces of the page a WebDriver session drives.
pub struct PageTracer(DevTools);

impl PageTracer {
    /// Connects to `browser`'s page.
    pub async fn attach(browser: &Client) -> Self {
        Self(DevTools::attach(browser).await)
    }

    /// Starts recording the page's timeline.
    pub fn start(&mut self) {
        self.0.send(
            "Tracing.start",
            json!({ "categories": "devtools.timeline,disabled-by-default-devtools.timeline,cc,blink", "transferMode": "ReportEvents" }),
        );
    }

    /// Stops recording and returns the trace events.
    pub fn stop(&mut self) -> Vec<Value> {
        self.0.send("Tracing.end", json!({}));
        let mut events = Vec::new();
        while let Some(message) = self.0.read() {
            match message["method"].as_str() {
                Some("Tracing.dataCollected") => {
                    if let Some(batch) = message["params"]["value"].as_array() {
                        events.extend(batch.iter().cloned());
                    }
                }
                Some("Tracing.tracingComplete") => break,
                _ => {}
            }
        }
        events
    }
}

/// Where the renderer's main thread spent the time from a click to the end of the first frame
/// committed after it (ms).
#[derive(Debug, Clone, Serialize)]
pub struct DialogOpenTrace {
    /// The click's handling, forced style and layout included.
    pub click_handled: f64,
    /// Of which script.
    pub script_in_click: f64,
    /// Style recalculation up to the frame.
    pub style_recalculation: f64,
    /// Layout up to the frame.
    pub layout: f64,
    /// Pre-paint and paint.
    pub pre_paint_and_paint: f64,
    /// Click to the committed frame.
    pub frame_committed: f64,
}

/// The main thread's work from an interaction's trigger to its frame (ms).
#[derive(Debug, Clone, Serialize)]
pub struct MainThreadWork {
    /// Script, without the style and layout it forced.
    pub script: f64,
    /// Style recalculation.
    pub style: f64,
    /// Layout.
    pub layout: f64,
    /// The three together: the app's own work.
    pub app_main_thread: f64,
    /// Pre-paint, paint, layerize and commit.
    pub paint: f64,
    /// Trigger to the end of the frame.
    pub to_frame: f64,
}

/// Where the renderer's main thread spent the time from the last click in `events` to the end
/// of the first frame committed after it; why not, when the trace can't tell.
pub fn click_to_frame(events: &[Value]) -> Result<DialogOpenTrace, &'static str> {
    let ms = |e: &Value, key: &str| e[key].as_f64().unwrap_or(0.0) / 1000.0;
    let Some(click) = events
        .iter()
        .rev()
        .find(|e| e["name"] == "EventDispatch" && e["args"]["data"]["type"] == "click")
    else {
        return Err("no click in the trace");
    };
    let (pid, tid, start) = (&click["pid"], &click["tid"], ms(click, "ts"));
    let on_thread: Vec<&Value> = events
        .iter()
        .filter(|e| &e["pid"] == pid && &e["tid"] == tid && e["ph"] == "X" && ms(e, "ts") >= start)
        .collect();
    let handled = start + ms(click, "dur");
    let frame_end = on_thread
        .iter()
        .filter(|e| e["name"] == "Commit" && ms(e, "ts") >= handled)
        .map(|e| ms(e, "ts") + ms(e, "dur"))
        .fold(f64::INFINITY, f64::min);
    // Events of one name can nest (a Paint inside a Paint): count only the outermost.
    let total = |name: &str, from: f64, to: f64| -> f64 {
        let spans: Vec<(f64, f64)> = on_thread
            .iter()
            .filter(|e| e["name"] == name && ms(e, "ts") >= from && ms(e, "ts") < to)
            .map(|e| (ms(e, "ts"), ms(e, "ts") + ms(e, "dur")))
            .collect();
        spans
            .iter()
            .filter(|(a, b)| {
                !spans
                    .iter()
                    .any(|(c, d)| c <= a && b <= d && (c, d) != (a, b))
            })
            .map(|(a, b)| b - a)
            .sum()
    };
    let round = |x: f64| (x * 10.0).round() / 10.0;
    let forced = total("UpdateLayoutTree", start, handled) + total("Layout", start, handled);
    Ok(DialogOpenTrace {
        click_handled: round(ms(click, "dur")),
        script_in_click: round(ms(click, "dur") - forced),
        style_recalculation: round(total("UpdateLayoutTree", start, frame_end)),
        layout: round(total("Layout", start, frame_end)),
        pre_paint_and_paint: round(
            total("PrePaint", start, frame_end) + total("Paint", start, frame_end),
        ),
        frame_committed: round(frame_end - start),
    })
}

/// What starts an interaction in a trace.
pub enum Trigger<'a> {
    /// The first DOM event of this type (`click`, `keydown`).
    Event(&'a str),
    /// The response of the last request whose URL contains the text, with this method.
    Response(&'a str, &'a str),
}

/// The renderer main thread's work from `trigger` to the end of the first frame committed after
/// the page marked the change as visible (`console.timeStamp('lev:visible')`, written by the
/// benchmark's probe at the start of that frame), in ms: script (without the style and layout
/// it forced), style recalculation, layout, and their sum, the app's own work; why not, when
/// the trace can't tell. The probe's
/// frame checks are counted with the script; they take microseconds.
pub fn work_to_frame(events: &[Value], trigger: Trigger) -> Result<MainThreadWork, &'static str> {
    let ms = |e: &Value, key: &str| e[key].as_f64().unwrap_or(0.0) / 1000.0;
    let start_event = match trigger {
        Trigger::Event(kind) => events
            .iter()
            .find(|e| e["name"] == "EventDispatch" && e["args"]["data"]["type"] == kind),
        Trigger::Response(url_part, method) => {
            let request = events
                .iter()
                .rev()
                .find(|e| {
                    e["name"] == "ResourceSendRequest"
                        && e["args"]["data"]["requestMethod"] == method
                        && e["args"]["data"]["url"]
                            .as_str()
                            .is_some_and(|u| u.contains(url_part))
                })
                .map(|e| e["args"]["data"]["requestId"].clone());
            request.and_then(|id| {
                events.iter().find(|e| {
                    e["name"] == "ResourceReceiveResponse" && e["args"]["data"]["requestId"] == id
                })
            })
        }
    };
    let Some(start_event) = start_event else {
        return Err("no trigger in the trace");
    };
    let Some(visible) = events
        .iter()
        .find(|e| e["name"] == "TimeStamp" && e["args"]["data"]["message"] == "lev:visible")
    else {
        return Err("no lev:visible mark in the trace");
    };
    // The main thread is the one the page's script marks ran on.
    let (pid, tid) = (&visible["pid"], &visible["tid"]);
    let start = ms(start_event, "ts");
    let on_thread: Vec<&Value> = events
        .iter()
        .filter(|e| &e["pid"] == pid && &e["tid"] == tid && e["ph"] == "X" && ms(e, "ts") >= start)
        .collect();
    let frame_end = on_thread
        .iter()
        .filter(|e| e["name"] == "Commit" && ms(e, "ts") >= ms(visible, "ts"))
        .map(|e| ms(e, "ts") + ms(e, "dur"))
        .fold(f64::INFINITY, f64::min);
    if !frame_end.is_finite() {
        return Err("no frame committed after the change");
    }
    // The outermost spans of events with these names (they nest: a FunctionCall inside an
    // EventDispatch inside a task).
    let spans = |names: &[&str]| -> Vec<(f64, f64)> {
        let all: Vec<(f64, f64)> = on_thread
            .iter()
            .filter(|e| names.iter().any(|n| e["name"] == *n) && ms(e, "ts") < frame_end)
            .map(|e| (ms(e, "ts"), ms(e, "ts") + ms(e, "dur")))
            .collect();
        all.iter()
            .filter(|(a, b)| {
                !all.iter()
                    .any(|(c, d)| c <= a && b <= d && (c, d) != (a, b))
            })
            .copied()
            .collect()
    };
    let sum = |spans: &[(f64, f64)]| spans.iter().map(|(a, b)| b - a).sum::<f64>();
    let script = spans(&[
        "EventDispatch",
        "FunctionCall",
        "TimerFire",
        "RunMicrotasks",
        "FireAnimationFrame",
        "EvaluateScript",
        "v8.callFunction",
    ]);
    let style = spans(&["UpdateLayoutTree"]);
    let layout = spans(&["Layout"]);
    let inside_script = |inner: &[(f64, f64)]| -> f64 {
        inner
            .iter()
            .filter(|(a, b)| script.iter().any(|(c, d)| c <= a && b <= d))
            .map(|(a, b)| b - a)
            .sum()
    };
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let script_own = sum(&script) - inside_script(&style) - inside_script(&layout);
    let (style, layout) = (sum(&style), sum(&layout));
    Ok(MainThreadWork {
        script: round(script_own),
        style: round(style),
        layout: round(layout),
        app_main_thread: round(script_own + style + layout),
        paint: round(sum(&spans(&["PrePaint", "Paint", "Layerize", "Commit"]))),
        to_frame: round(frame_end - start),
    })
}

/// Self and total time by function over CPU profiles (`Profiler.stop`'s `profile`), as tables
/// of the `top` largest, in ms summed over the profiles. Only samples taken inside the wasm
/// (a `js-to-wasm` frame on the stack) count: the rest is the browser, the WebDriver's own
/// scripts and the benchmark's probe. A leaf that is a DOM call made by the app (`showModal`,
/// `focus`) counts as that call, with the style and layout it forced.
pub fn function_times(title: &str, profiles: &[Value], top: usize) -> String {
    use std::collections::{HashMap, HashSet};
    let mut self_ms: HashMap<String, f64> = HashMap::new();
    let mut total_ms: HashMap<String, f64> = HashMap::new();
    let (mut busy, mut in_own_code) = (0.0, 0.0);
    for profile in profiles {
        let Some(nodes) = profile["nodes"].as_array() else {
            continue;
        };
        let mut name_of: HashMap<u64, String> = HashMap::new();
        let mut parent_of: HashMap<u64, u64> = HashMap::new();
        for node in nodes {
            let id = node["id"].as_u64().unwrap_or(0);
            let frame = &node["callFrame"];
            let name = frame["functionName"].as_str().unwrap_or("").to_owned();
            let name = if name.is_empty() {
                format!("(anonymous {})", frame["url"].as_str().unwrap_or(""))
            } else {
                name
            };
            name_of.insert(id, name);
            for child in node["children"].as_array().into_iter().flatten() {
                parent_of.insert(child.as_u64().unwrap_or(0), id);
            }
        }
        let samples = profile["samples"].as_array().cloned().unwrap_or_default();
        let deltas = profile["timeDeltas"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for (i, sample) in samples.iter().enumerate() {
            // A sample stands for the time until the next one.
            let ms = deltas.get(i + 1).and_then(Value::as_f64).unwrap_or(0.0) / 1000.0;
            let mut id = sample.as_u64().unwrap_or(0);
            let leaf = name_of.get(&id).cloned().unwrap_or_default();
            let mut in_wasm = false;
            let mut up = Some(id);
            while let Some(node) = up {
                in_wasm |= name_of
                    .get(&node)
                    .is_some_and(|name| name.starts_with("js-to-wasm"));
                up = parent_of.get(&node).copied();
            }
            if !in_wasm {
                continue;
            }
            busy += ms;
            // Rust symbols (`a::b`, `<T as …>`, unnamed `wasm-function[N]`) are the app's own
            // code; the rest are the browser's functions it called and wasm-bindgen's glue.
            if leaf.contains("::") || leaf.starts_with('<') || leaf.starts_with("wasm-function") {
                in_own_code += ms;
            }
            *self_ms.entry(leaf).or_default() += ms;
            let mut seen = HashSet::new();
            loop {
                let name = name_of.get(&id).cloned().unwrap_or_default();
                if seen.insert(name.clone()) {
                    *total_ms.entry(name).or_default() += ms;
                }
                match parent_of.get(&id) {
                    Some(parent) => id = *parent,
                    None => break,
                }
            }
        }
    }
    let table = |map: &HashMap<String, f64>| {
        let mut rows: Vec<(&String, &f64)> = map.iter().collect();
        rows.sort_by(|a, b| b.1.total_cmp(a.1));
        rows.iter()
            .filter(|(name, _)| name.as_str() != "(root)")
            .take(top)
            .map(|(name, ms)| {
                let name: String = name.chars().take(150).collect();
                format!("{ms:>8.2}  {name}\n")
            })
            .collect::<String>()
    };
    format!(
        "== {title}: {busy:.2} ms sampled in the app over {} profiles, {in_own_code:.2} ms of it in its own wasm code (the rest: DOM calls with what they forced, glue)\n-- self\n{}-- total\n{}\n",
        profiles.len(),
        table(&self_ms),
        table(&total_ms)
    )
}
