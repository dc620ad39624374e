//! One mount of the tab in one element: made on `connectedCallback`, ended on
//! `disconnectedCallback` (or when a changed attribute asks for a fresh mount).

use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, HtmlElement, ShadowRoot};

use super::element_config::element_config;
use crate::app::App;
use crate::components::config_problem::ConfigProblem;
use crate::components::focus::DomRoot;
use crate::components::host_events::HostEvents;
use crate::session::MountControls;

/// The tab mounted in an element. Dropping it (or [`MountedTab::unmount`]) ends it entirely:
/// requests in flight are aborted, then the reactive scope is disposed (the minute clock,
/// debounces and listeners with it, a shown key dropped and wiped) and the view removed.
#[wasm_bindgen]
pub struct MountedTab {
    view: Option<UnmountHandle<AnyViewState>>,
    refresh: ArcTrigger,
    requests: Option<AbortController>,
}

#[wasm_bindgen]
impl MountedTab {
    /// Loads `/me` and the first page again (the element's `refresh()`).
    pub fn refresh(&self) {
        self.refresh.notify();
    }

    /// Ends the tab now; later calls do nothing.
    pub fn unmount(&mut self) {
        if let Some(requests) = self.requests.take() {
            requests.abort();
        }
        self.view.take();
    }
}

impl Drop for MountedTab {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// Mounts the tab into `container`, a node of `host`'s shadow root `shadow`, configured by
/// `host`'s attributes and `token_provider` (the element's `tokenProvider` property).
#[wasm_bindgen(js_name = mountTab)]
pub fn mount_tab(
    host: HtmlElement,
    shadow: ShadowRoot,
    container: HtmlElement,
    token_provider: JsValue,
) -> MountedTab {
    console_error_panic_hook::set_once();
    let config = element_config(&host, &token_provider);
    let refresh = ArcTrigger::new();
    let requests = AbortController::new().ok();
    let controls = MountControls {
        refresh: refresh.clone(),
        unmounted: requests.as_ref().map(|r| SendWrapper::new(r.signal())),
    };
    let view = mount_to(container, move || {
        DomRoot::shadow(shadow).provide();
        HostEvents::provide(host);
        provide_context(controls);
        match config {
            Ok(config) => view! { <App config=config /> }.into_any(),
            Err(error) => view! { <ConfigProblem error=error /> }.into_any(),
        }
    });
    MountedTab {
        view: Some(view),
        refresh,
        requests,
    }
}
