//! One mount of the tab in one element: made on `connectedCallback`, ended on
//! `disconnectedCallback` (or when a changed attribute asks for a fresh mount). When a render
//! fails ([`super::render_guard`]), the mount shows [`RenderFailure`] in the tab's place, and its
//! Retry mounts the tab afresh.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use leptos::mount::{mount_to, UnmountHandle};
use leptos::prelude::*;
use leptos::tachys::view::any_view::AnyViewState;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, HtmlElement, ShadowRoot};

use super::element_config::element_config;
use super::render_guard::{self, catching, OnFailure};
use crate::app::App;
use crate::components::config_problem::ConfigProblem;
use crate::components::focus::DomRoot;
use crate::components::host_events::HostEvents;
use crate::components::render_failure::{RenderFailure, RENDER_RETRY_ID};
use crate::i18n::{entries_of, Language, Locale};
use crate::session::MountControls;

/// The tab mounted in an element. Dropping it (or [`MountedTab::unmount`]) ends it entirely:
/// requests in flight are aborted, then the reactive scope is disposed (the minute clock,
/// debounces and listeners with it, a shown key dropped and wiped) and the view removed.
#[wasm_bindgen]
pub struct MountedTab {
    mount: Rc<Mount>,
}

#[wasm_bindgen]
impl MountedTab {
    /// Loads `/me` and the first page again (the element's `refresh()`).
    pub fn refresh(&self) {
        self.mount.refresh.notify();
    }

    /// Ends the tab now; later calls do nothing.
    pub fn unmount(&mut self) {
        self.mount.end();
    }

    /// Shows the tab in another language, in place: `tag` (a canonical BCP 47 tag), `catalog`
    /// (its shipped catalog, parsed, if any) and `messages` (the host's texts by id, if any).
    /// Nothing is mounted again and nothing is asked of the API.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, tag: &str, catalog: JsValue, messages: JsValue) {
        self.mount.set_language(language(tag, &catalog, &messages));
    }
}

/// A language from what the element's script hands over (`undefined` for none); what can't be
/// used is reported in the console, once per page.
fn language(tag: &str, catalog: &JsValue, messages: &JsValue) -> Language {
    thread_local! {
        static REPORTED: RefCell<Vec<String>> = RefCell::default();
    }
    let read =
        |value: &JsValue| (!value.is_undefined() && !value.is_null()).then(|| entries_of(value));
    let (catalog, messages) = (read(catalog), read(messages));
    Language::new(
        tag,
        catalog.as_ref().map(Option::as_ref),
        messages.as_ref().map(Option::as_ref),
        &mut |report| {
            let new = REPORTED.with(|reported| {
                let mut reported = reported.borrow_mut();
                let new = !reported.contains(&report);
                if new {
                    reported.push(report.clone());
                }
                new
            });
            if new {
                web_sys::console::warn_1(&report.into());
            }
        },
    )
}

impl Drop for MountedTab {
    fn drop(&mut self) {
        self.unmount();
    }
}

/// What the container shows.
enum Shown {
    /// The tab, and what aborts its requests.
    Tab {
        view: UnmountHandle<AnyViewState>,
        requests: Option<AbortController>,
    },
    /// The notice of a failed render.
    Failed(UnmountHandle<AnyViewState>),
    /// Nothing: ended, or between two views.
    Nothing,
}

/// Everything one element's tab is mounted from, and what it shows now.
struct Mount {
    host: HtmlElement,
    shadow: ShadowRoot,
    container: HtmlElement,
    token_provider: JsValue,
    refresh: ArcTrigger,
    /// The generation of what is shown ([`render_guard`]).
    generation: Cell<u64>,
    shown: RefCell<Shown>,
    /// Told of failed renders while the mount lives (the guard holds it weakly).
    watcher: RefCell<Option<Rc<OnFailure>>>,
    /// The language it shows, kept for a mount made afresh.
    language: RefCell<Language>,
    /// What the shown view reads it from (made in its reactive scope).
    locale: Rc<Cell<Option<Locale>>>,
}

impl Mount {
    /// Mounts the tab, configured by the host's attributes as they are now.
    fn show_tab(self: &Rc<Self>) {
        let config = element_config(&self.host, &self.token_provider);
        let requests = AbortController::new().ok();
        let controls = MountControls {
            refresh: self.refresh.clone(),
            unmounted: requests.as_ref().map(|r| SendWrapper::new(r.signal())),
        };
        let (host, shadow) = (self.host.clone(), self.shadow.clone());
        let container = self.container.clone();
        let provide_locale = self.locale_maker();
        let generation = render_guard::next_generation();
        self.generation.set(generation);
        let mounted = render_guard::within(Some(generation), || {
            catching(move || {
                mount_to(container, move || {
                    provide_locale();
                    DomRoot::shadow(shadow).provide();
                    HostEvents::provide(host);
                    provide_context(controls);
                    match config {
                        Ok(config) => view! { <App config=config /> }.into_any(),
                        Err(error) => view! { <ConfigProblem error=error /> }.into_any(),
                    }
                })
            })
        });
        match mounted {
            Ok(view) => *self.shown.borrow_mut() = Shown::Tab { view, requests },
            Err(thrown) => {
                render_guard::log(&thrown);
                self.failed(&render_guard::describe(&thrown));
            }
        }
    }

    /// Puts the failure notice in the tab's place (once: a failure that follows another keeps
    /// the first one's notice).
    fn failed(self: &Rc<Self>, detail: &str) {
        render_guard::abandon(self.generation.get());
        // Before the failed view goes, and the focus with it.
        let had_focus = self.shadow.active_element().is_some();
        let before = std::mem::replace(&mut *self.shown.borrow_mut(), Shown::Nothing);
        match before {
            Shown::Failed(notice) => {
                *self.shown.borrow_mut() = Shown::Failed(notice);
                return;
            }
            Shown::Tab { view, requests } => Self::dispose(view, requests),
            Shown::Nothing => {}
        }
        // Whatever the failed view left behind.
        self.container.set_text_content(None);
        let retry = SendWrapper::new(Rc::downgrade(self));
        let on_retry = Callback::new(move |()| {
            let mount: Weak<Mount> = (*retry).clone();
            // Not from inside the click: the button's handler would be dropped while it runs.
            leptos::task::spawn_local(async move {
                if let Some(mount) = mount.upgrade() {
                    mount.retry();
                }
            });
        });
        let detail = detail.to_owned();
        let provide_locale = self.locale_maker();
        let notice = mount_to(self.container.clone(), move || {
            provide_locale();
            view! { <RenderFailure detail=detail on_retry=on_retry /> }.into_any()
        });
        *self.shown.borrow_mut() = Shown::Failed(notice);
        if had_focus {
            if let Some(button) = self.shadow.get_element_by_id(RENDER_RETRY_ID) {
                let _ = button.unchecked_into::<HtmlElement>().focus();
            }
        }
    }

    /// Retry: the notice goes, the tab is mounted afresh. Focus, which was on Retry, stays in
    /// the tab: on its container until the person moves on (its rows are still loading).
    fn retry(self: &Rc<Self>) {
        let had_focus = self.shadow.active_element().is_some();
        let before = std::mem::replace(&mut *self.shown.borrow_mut(), Shown::Nothing);
        drop(before);
        self.show_tab();
        if had_focus {
            self.container.set_tab_index(-1);
            let _ = self.container.focus();
        }
    }

    /// What a view mounted now calls first, in its reactive scope: provides a locale showing
    /// the mount's language, and tells the mount it is the one to change.
    fn locale_maker(&self) -> impl FnOnce() + 'static {
        let (language, slot) = (self.language.borrow().clone(), self.locale.clone());
        move || {
            let locale = Locale::new(language);
            locale.provide();
            slot.set(Some(locale));
        }
    }

    /// Shows `language` from now on, in what is shown and in what is mounted next.
    fn set_language(&self, language: Language) {
        if let Some(locale) = self.locale.get() {
            locale.set(language.clone());
        }
        *self.language.borrow_mut() = language;
    }

    /// Ends whatever is shown.
    fn end(&self) {
        self.locale.set(None);
        self.watcher.borrow_mut().take();
        match std::mem::replace(&mut *self.shown.borrow_mut(), Shown::Nothing) {
            Shown::Tab { view, requests } => Self::dispose(view, requests),
            Shown::Failed(notice) => drop(notice),
            Shown::Nothing => {}
        }
    }

    /// Aborts the tab's requests, then disposes of its scope and removes its view. A tab whose
    /// render failed may fail again on the way: what is left then is leaked, not retried.
    fn dispose(view: UnmountHandle<AnyViewState>, requests: Option<AbortController>) {
        if let Some(requests) = requests {
            requests.abort();
        }
        if let Err(thrown) = catching(move || drop(view)) {
            render_guard::log(&thrown);
        }
    }
}

/// Mounts the tab into `container`, a node of `host`'s shadow root `shadow`, configured by
/// `host`'s attributes and `token_provider` (the element's `tokenProvider` property), in the
/// language `tag` with its `catalog` and the host's `messages` (see [`MountedTab::set_locale`]).
#[wasm_bindgen(js_name = mountTab)]
pub fn mount_tab(
    host: HtmlElement,
    shadow: ShadowRoot,
    container: HtmlElement,
    token_provider: JsValue,
    tag: &str,
    catalog: JsValue,
    messages: JsValue,
) -> MountedTab {
    super::prepare();
    let mount = Rc::new(Mount {
        host,
        shadow,
        container,
        token_provider,
        refresh: ArcTrigger::new(),
        generation: Cell::new(0),
        shown: RefCell::new(Shown::Nothing),
        watcher: RefCell::new(None),
        language: RefCell::new(language(tag, &catalog, &messages)),
        locale: Rc::new(Cell::new(None)),
    });
    let weak = Rc::downgrade(&mount);
    let watcher: Rc<OnFailure> = Rc::new(move |detail: &str, generation: Option<u64>| {
        let Some(mount) = weak.upgrade() else { return };
        if generation.is_none_or(|g| g == mount.generation.get()) {
            mount.failed(detail);
        }
    });
    render_guard::watch(&watcher);
    *mount.watcher.borrow_mut() = Some(watcher);
    mount.show_tab();
    MountedTab { mount }
}
