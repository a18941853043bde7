//! Browser tests of the web shell: `MapHandle` driven directly from Rust, in headless Chromium
//! (`make test-browser`, i.e. `cargo test --target wasm32-unknown-unknown --test web_shell` with
//! the ChromeDriver environment of the Makefile).
//!
//! Each test builds its own host `<div>` with a fixed size in `document.body`, and removes it at
//! the end. No basemap and no stylesheet are needed: the handle is tested as JavaScript would use
//! it, through its methods, return values, errors and DOM. The gazetteer, which the element
//! fetches beside the basemap, is registered by every host (its incidents need it).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::future::{poll_fn, Future};
use std::rc::Rc;
use std::task::{Poll, Waker};

use incident_map::MapHandle;
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, HtmlCanvasElement, HtmlElement, ShadowRoot};

wasm_bindgen_test_configure!(run_in_browser);

/// Three incidents in Kabul and Mazar-e Sharif, and one bad feature (killed -3, index 3).
const SMALL: &str = r#"{"type":"FeatureCollection","features":[
  {"type":"Feature","geometry":{"type":"Point","coordinates":[69.2203,34.5586]},
   "properties":{"id":"airport","date":"2021-08-26","killed":182,"injured":150,"site":"Abbey Gate"}},
  {"type":"Feature","geometry":{"type":"Point","coordinates":[69.1723,34.5281]},
   "properties":{"id":"mosque","date":"2022-04-29","killed":50,"place":"Kabul"}},
  {"type":"Feature","geometry":{"type":"Point","coordinates":[67.1097,36.7121]},
   "properties":{"id":"mazar","date":"2022-04-21","killed":31,"place":"Mazar-e Sharif"}},
  {"type":"Feature","geometry":{"type":"Point","coordinates":[69.17,34.53]},
   "properties":{"id":"negative","date":"2022-04-30","killed":-3}}
]}"#;

/// A host element of a fixed size, attached to the page.
struct Host(HtmlElement);

impl Host {
    fn new(width: u32, height: u32) -> Self {
        let doc = web_sys::window().unwrap().document().unwrap();
        let host: HtmlElement = doc.create_element("div").unwrap().dyn_into().unwrap();
        let style = host.style();
        style.set_property("display", "block").unwrap();
        style.set_property("width", &format!("{width}px")).unwrap();
        style.set_property("height", &format!("{height}px")).unwrap();
        doc.body().unwrap().append_child(&host).unwrap();
        incident_map::register_gazetteer("gazetteer.tsv", include_str!("../www/basemap/gazetteer.tsv")).unwrap();
        Host(host)
    }

    fn map(&self) -> MapHandle {
        MapHandle::new(self.0.clone(), JsValue::UNDEFINED).unwrap_or_else(|e| panic!("MapHandle::new: {}", message(e)))
    }

    /// A map with the real stylesheet (www/incident-map.css, as a data: URL: the test page
    /// serves no other files), for tests that depend on the layout.
    fn styled_map(&self) -> MapHandle {
        let css = include_str!("../www/incident-map.css");
        let url = format!("data:text/css,{}", js_sys::encode_uri_component(css));
        let options = js_sys::Object::new();
        Reflect::set(&options, &"cssUrl".into(), &url.into()).unwrap();
        MapHandle::new(self.0.clone(), options.into()).unwrap_or_else(|e| panic!("MapHandle::new: {}", message(e)))
    }

    fn shadow(&self) -> ShadowRoot {
        self.0.shadow_root().expect("the map attaches an open shadow root")
    }

    fn find(&self, selector: &str) -> Option<web_sys::Element> {
        self.shadow().query_selector(selector).unwrap()
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        self.0.remove();
    }
}

/// The message of an error thrown to JavaScript.
fn message(error: JsError) -> String {
    let value: JsValue = error.into();
    match value.dyn_into::<js_sys::Error>() {
        Ok(e) => String::from(e.message()),
        Err(other) => format!("{other:?}"),
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap()
}

fn number(object: &JsValue, key: &str) -> f64 {
    get(object, key).as_f64().unwrap_or_else(|| panic!("{key} is not a number in {object:?}"))
}

fn array(object: &JsValue, key: &str) -> Vec<JsValue> {
    js_sys::Array::from(&get(object, key)).to_vec()
}

/// Resolves when `promise` settles (a minimal JsFuture: wasm-bindgen-futures is not a dependency).
fn settled(promise: Promise) -> impl Future<Output = ()> {
    #[derive(Default)]
    struct State {
        done: bool,
        waker: Option<Waker>,
    }
    let state = Rc::new(RefCell::new(State::default()));
    let on_settle = {
        let state = state.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            let mut s = state.borrow_mut();
            s.done = true;
            if let Some(waker) = s.waker.take() {
                waker.wake();
            }
        })
    };
    let _ = promise.then2(&on_settle, &on_settle);
    poll_fn(move |cx| {
        let _keep_alive = &on_settle;
        let mut s = state.borrow_mut();
        if s.done {
            Poll::Ready(())
        } else {
            s.waker = Some(cx.waker().clone());
            Poll::Pending
        }
    })
}

/// Waits for the next animation frame.
async fn next_frame() {
    let promise = Promise::new(&mut |resolve, _reject| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    settled(promise).await;
}

/// Waits (at most about a second of frames) until the map has been laid out at its size: the
/// markers canvas has the backing store of the map area (not the default 300×150).
async fn laid_out(host: &Host) {
    let ratio = web_sys::window().unwrap().device_pixel_ratio();
    for _ in 0..60 {
        let area: HtmlElement = host.find(".im-map").unwrap().dyn_into().unwrap();
        let canvas: HtmlCanvasElement = host.find(".im-layer-markers").unwrap().dyn_into().unwrap();
        let device = |css: i32| (f64::from(css) * ratio).round() as u32;
        if area.client_width() > 0
            && canvas.width() == device(area.client_width())
            && canvas.height() == device(area.client_height())
        {
            return;
        }
        next_frame().await;
    }
    let area: HtmlElement = host.find(".im-map").unwrap().dyn_into().unwrap();
    let canvas: HtmlCanvasElement = host.find(".im-layer-markers").unwrap().dyn_into().unwrap();
    panic!(
        "the map never got a size: area {}x{}, markers canvas {}x{}",
        area.client_width(),
        area.client_height(),
        canvas.width(),
        canvas.height()
    );
}

#[wasm_bindgen_test]
fn builds_its_dom_in_an_open_shadow_root() {
    let host = Host::new(600, 400);
    let _map = host.map();
    assert!(host.find(".im-map").is_some(), "map region");
    for layer in ["basemap", "markers", "labels", "overlay"] {
        assert!(host.find(&format!("canvas.im-layer-{layer}")).is_some(), "{layer} canvas");
    }
    assert!(host.find(".im-details").unwrap().has_attribute("hidden"));
    assert!(host.find(".im-message").unwrap().has_attribute("hidden"));
    assert!(host.find(".im-counters").is_some());
    assert!(host.find(".im-hist-bars").is_some(), "the histogram");
    for handle in [".im-handle-from[role=slider]", ".im-handle-to[role=slider]"] {
        assert!(host.find(handle).is_some(), "{handle}");
    }
}

#[wasm_bindgen_test]
fn bad_options_are_refused_with_a_message() {
    let host = Host::new(600, 400);
    let options = js_sys::Object::new();
    Reflect::set(&options, &"sizeBy".into(), &"deaths".into()).unwrap();
    let error = MapHandle::new(host.0.clone(), options.into()).err().expect("an error");
    let text = message(error);
    assert!(text.contains("deaths"), "{text}");
}

#[wasm_bindgen_test]
fn options_of_the_wrong_type_are_named() {
    let host = Host::new(600, 400);
    let options = js_sys::Object::new();
    Reflect::set(&options, &"strict".into(), &"yes".into()).unwrap();
    let error = MapHandle::new(host.0.clone(), options.into()).err().expect("an error");
    assert_eq!(message(error), "map options: strict must be true or false, got a string");
    let options = js_sys::Object::new();
    Reflect::set(&options, &"lang".into(), &JsValue::from_f64(5.0)).unwrap();
    Reflect::set(&options, &"tiles".into(), &JsValue::NULL).unwrap();
    let error = MapHandle::new(host.0.clone(), options.into()).err().expect("an error");
    assert_eq!(message(error), "map options: lang must be a string, got a number");
    let error = MapHandle::new(host.0.clone(), JsValue::from_str("greedy")).err().expect("an error");
    assert_eq!(message(error), "map options must be an object, got a string");
}

#[wasm_bindgen_test]
fn set_data_reports_what_it_loaded_and_rejected() {
    let host = Host::new(600, 400);
    let map = host.map();
    let report = map.set_data(SMALL.into()).map_err(message).unwrap();
    assert_eq!(number(&report, "loaded"), 3.0);
    let rejected = array(&report, "rejected");
    assert_eq!(rejected.len(), 1, "{report:?}");
    let problem = &rejected[0];
    assert_eq!(number(problem, "index"), 3.0);
    assert_eq!(get(problem, "id").as_string().as_deref(), Some("negative"));
    assert_eq!(get(problem, "field").as_string().as_deref(), Some("killed"));
    let text = get(problem, "message").as_string().unwrap();
    assert!(text.contains("-3"), "{text}");
    // The partial load is explained in the map.
    let notice = host.find(".im-message").unwrap();
    assert!(!notice.has_attribute("hidden"));
    assert!(notice.text_content().unwrap().contains("1 of 4"), "{:?}", notice.text_content());
    let counters = host.find(".im-counters").unwrap().text_content().unwrap();
    assert!(counters.starts_with("3 incidents · 263 killed · at least 150 injured · "), "{counters}");
}

#[wasm_bindgen_test]
fn set_data_takes_a_js_object_too() {
    let host = Host::new(600, 400);
    let map = host.map();
    let object = js_sys::JSON::parse(SMALL).unwrap();
    let report = map.set_data(object).map_err(message).unwrap();
    assert_eq!(number(&report, "loaded"), 3.0);
}

/// Sets `object[path...] = value` through JS property access.
fn set_path(object: &JsValue, path: &[&str], value: JsValue) {
    let (last, parents) = path.split_last().unwrap();
    let target = parents.iter().fold(object.clone(), |o, key| get(&o, key));
    Reflect::set(&target, &JsValue::from_str(last), &value).unwrap();
}

#[wasm_bindgen_test]
fn nan_and_infinity_in_an_object_are_reported_not_read_as_unknown() {
    let host = Host::new(600, 400);
    let map = host.map();
    let object = js_sys::JSON::parse(SMALL).unwrap();
    set_path(&object, &["features", "0", "properties", "killed"], JsValue::from_f64(f64::NAN));
    set_path(&object, &["features", "1", "geometry", "coordinates", "1"], JsValue::from_f64(f64::INFINITY));
    let report = map.set_data(object).map_err(message).unwrap();
    assert_eq!(number(&report, "loaded"), 1.0, "only Mazar-e Sharif is left");
    let messages: Vec<String> =
        array(&report, "rejected").iter().map(|p| get(p, "message").as_string().unwrap()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert_eq!(
        messages[0],
        r#"feature 0 (id "airport"): killed is NaN, which is not a number: write a finite number, or null when unknown (at properties.killed)"#
    );
    assert!(messages[1].contains(r#"(id "mosque"): geometry is Infinity"#), "{}", messages[1]);
    assert!(messages[1].ends_with("(at geometry.coordinates[1])"), "{}", messages[1]);
    assert!(messages[2].contains("got -3"), "{}", messages[2]);
}

#[wasm_bindgen_test]
fn an_object_that_contains_itself_is_an_error_not_a_hang() {
    let host = Host::new(600, 400);
    let map = host.map();
    let object = js_sys::JSON::parse(SMALL).unwrap();
    let feature = get(&get(&object, "features"), "0");
    set_path(&feature, &["properties", "loop"], feature.clone());
    let text = message(map.set_data(object).expect_err("an error"));
    assert!(
        text.contains(
            "nested more than 128 levels deep (or contains itself) at features[0].properties.loop.properties"
        ),
        "{text}"
    );
}

#[wasm_bindgen_test]
fn set_data_takes_csv_text_and_reports_lines() {
    let host = Host::new(600, 400);
    let map = host.map();
    let csv = "id,date,place,killed,injured\nkunduz,2022-04-21,Kondoz,4,18\nbad,2022-02-30,Kabul,1,\n";
    let report = map.set_data(csv.into()).map_err(message).unwrap();
    assert_eq!(number(&report, "loaded"), 1.0);
    let problem = &array(&report, "rejected")[0];
    assert_eq!((number(problem, "index"), number(problem, "line")), (1.0, 3.0));
    assert_eq!(
        get(problem, "message").as_string().unwrap(),
        r#"line 3 (id "bad"): date "2022-02-30" is not a day of the calendar"#
    );
    map.select(Some("kunduz".into())).map_err(message).unwrap();
    assert_eq!(map.selected().map_err(message).unwrap().as_string().as_deref(), Some("kunduz"));
}

#[wasm_bindgen_test]
fn a_chunked_load_ends_in_two_steps_that_a_later_load_can_come_between() {
    let host = Host::new(600, 400);
    let map = host.map();
    let counters = || host.find(".im-counters").unwrap().text_content().unwrap();
    // Read, then shown: nothing changes on the map until `showRead`.
    map.begin_data().map_err(message).unwrap();
    let (head, tail) = SMALL.as_bytes().split_at(200);
    assert!(map.push_bytes(head).map_err(message).unwrap() && map.push_bytes(tail).map_err(message).unwrap());
    map.finish_reading().map_err(message).unwrap();
    assert!(!counters().starts_with("3 incidents"), "{}", counters());
    let report = map.show_read().map_err(message).unwrap();
    assert_eq!((number(&report, "loaded"), array(&report, "rejected").len()), (3.0, 1));
    assert!(counters().starts_with("3 incidents · 263 killed"), "{}", counters());
    // A load that comes between drops what was read: the map shows the later one only.
    map.begin_data().map_err(message).unwrap();
    map.push_bytes(SMALL.replace("\"killed\":182", "\"killed\":1").as_bytes()).map_err(message).unwrap();
    map.finish_reading().map_err(message).unwrap();
    let one = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point",
      "coordinates":[69.2,34.5]},"properties":{"id":"later","date":"2022-01-01","killed":2}}]}"#;
    map.set_data(one.into()).map_err(message).unwrap();
    let error = message(map.show_read().expect_err("nothing left to show"));
    assert!(error.contains("nothing read to show"), "{error}");
    assert!(counters().starts_with("1 incident · 2 killed"), "{}", counters());
    // An error found at the end of the reading is thrown by `showRead`, and the map keeps its
    // incidents.
    map.begin_data().map_err(message).unwrap();
    map.push_bytes(br#"{"type":"FeatureCollection","features":["#).map_err(message).unwrap();
    map.finish_reading().map_err(message).unwrap();
    let error = message(map.show_read().expect_err("a document cut short"));
    assert!(error.contains("EOF"), "{error}");
    assert!(counters().starts_with("1 incident · 2 killed"), "{}", counters());
    assert_eq!(map.select(Some("later".into())).map_err(message).map(|_| ()), Ok(()));
}

#[wasm_bindgen_test]
fn unreadable_data_throws_and_keeps_the_incidents_shown() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    let error = map.set_data("not json".into()).expect_err("an error");
    let text = message(error);
    assert!(text.contains("not valid JSON"), "{text}");
    let notice = host.find(".im-message").unwrap();
    assert!(!notice.has_attribute("hidden"));
    assert!(notice.text_content().unwrap().contains("not valid JSON"));
    // The three incidents loaded before are still there.
    map.select(Some("mosque".into())).map_err(message).unwrap();
    assert_eq!(map.selected().map_err(message).unwrap().as_string().as_deref(), Some("mosque"));
    let counters = host.find(".im-counters").unwrap().text_content().unwrap();
    assert!(counters.starts_with("3 incidents · 263 killed · at least 150 injured · "), "{counters}");
}

#[wasm_bindgen_test]
fn select_opens_the_details_and_selected_reads_it_back() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    assert!(map.selected().map_err(message).unwrap().is_null(), "null once cleared");

    map.select(Some("airport".into())).map_err(message).unwrap();
    assert_eq!(map.selected().map_err(message).unwrap().as_string().as_deref(), Some("airport"));
    let details = host.find(".im-details").unwrap();
    assert!(!details.has_attribute("hidden"));
    let text = details.text_content().unwrap();
    assert!(text.contains("Abbey Gate"), "{text}");
    assert!(text.contains("182"), "{text}");

    map.select(None).map_err(message).unwrap();
    assert!(map.selected().map_err(message).unwrap().is_null(), "null once cleared");
    assert!(details.has_attribute("hidden"));
}

#[wasm_bindgen_test]
fn selecting_an_unknown_id_is_an_error_and_keeps_the_selection() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    map.select(Some("mosque".into())).map_err(message).unwrap();
    let text = message(map.select(Some("no-such-id".into())).expect_err("an error"));
    assert!(text.contains("no-such-id"), "{text}");
    // A rejected feature is not selectable either.
    let text = message(map.select(Some("negative".into())).expect_err("an error"));
    assert!(text.contains("negative"), "{text}");
    assert_eq!(map.selected().map_err(message).unwrap().as_string().as_deref(), Some("mosque"));
}

#[wasm_bindgen_test]
fn select_fires_a_select_event_on_the_host() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    let seen: Rc<RefCell<Vec<JsValue>>> = Rc::default();
    let listener = {
        let seen = seen.clone();
        Closure::<dyn FnMut(CustomEvent)>::new(move |e: CustomEvent| {
            seen.borrow_mut().push(e.detail());
        })
    };
    host.0.add_event_listener_with_callback("select", listener.as_ref().unchecked_ref()).unwrap();
    map.select(Some("mazar".into())).map_err(message).unwrap();
    map.select(Some("mazar".into())).map_err(message).unwrap(); // no change, no event
    map.select(None).map_err(message).unwrap();
    host.0.remove_event_listener_with_callback("select", listener.as_ref().unchecked_ref()).unwrap();
    let seen = seen.borrow();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(get(&seen[0], "id").as_string().as_deref(), Some("mazar"));
    assert!(get(&seen[1], "id").is_null());
}

#[wasm_bindgen_test]
fn set_time_range_checks_its_dates() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();

    let text = message(
        map.set_time_range(Some("2022-02-30".into()), Some("2022-04-30".into())).expect_err("2022-02-30 is no date"),
    );
    assert!(text.contains("2022-02-30"), "{text}");
    let text = message(
        map.set_time_range(Some("2022-04-01".into()), Some("30/04/2022".into()))
            .expect_err("30/04/2022 is not YYYY-MM-DD"),
    );
    assert!(text.contains("30/04/2022"), "{text}");
    assert!(map.set_time_range(Some("2022-04-01".into()), None).is_err());

    map.set_time_range(Some("2022-04-01".into()), Some("2022-04-30".into())).map_err(message).unwrap();
    let range = map.time_range().map_err(message).unwrap();
    assert_eq!(get(&range, "from").as_string().as_deref(), Some("2022-04-01"));
    assert_eq!(get(&range, "to").as_string().as_deref(), Some("2022-04-30"));
    let counters = host.find(".im-counters").unwrap().text_content().unwrap();
    // Neither April incident gives its injured: unknown, not 0.
    assert!(counters.starts_with("2 incidents · 81 killed · injured unknown · "), "{counters}");

    map.set_time_range(None, None).map_err(message).unwrap();
    let range = map.time_range().map_err(message).unwrap();
    assert_eq!(get(&range, "from").as_string().as_deref(), Some("2021-08-26"));
    assert_eq!(get(&range, "to").as_string().as_deref(), Some("2022-04-29"));
}

#[wasm_bindgen_test]
fn fly_to_knows_the_named_views_only() {
    let host = Host::new(600, 400);
    let map = host.map();
    for name in ["afghanistan", "kabul", "mazar-e-sharif", "kunduz"] {
        map.fly_to(name).map_err(message).unwrap();
    }
    let text = message(map.fly_to("atlantis").expect_err("an error"));
    assert!(text.contains("atlantis"), "{text}");
}

#[wasm_bindgen_test(async)]
async fn project_gives_finite_css_pixels_inside_the_map() {
    let host = Host::new(640, 560);
    let map = host.styled_map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    laid_out(&host).await;
    map.fly_to("kabul").map_err(message).unwrap();
    let airport = map.project(69.2203, 34.5586).map_err(message).unwrap();
    let mosque = map.project(69.1723, 34.5281).map_err(message).unwrap();
    for p in [&airport, &mosque] {
        let (x, y) = (number(p, "x"), number(p, "y"));
        assert!(x.is_finite() && y.is_finite(), "{p:?}");
        assert!((0.0..=640.0).contains(&x) && (0.0..=480.0).contains(&y), "{p:?}");
    }
    // East is right, north is up.
    assert!(number(&airport, "x") > number(&mosque, "x"));
    assert!(number(&airport, "y") < number(&mosque, "y"));
    // Out-of-range coordinates are an error, not NaN.
    let text = message(map.project(69.0, 134.0).expect_err("an error"));
    assert!(text.contains("134"), "{text}");
}

#[wasm_bindgen_test]
fn project_is_finite_before_the_first_layout() {
    let host = Host::new(640, 480);
    let map = host.map();
    let p = map.project(69.2203, 34.5586).map_err(message).unwrap();
    assert!(number(&p, "x").is_finite() && number(&p, "y").is_finite(), "{p:?}");
}

#[wasm_bindgen_test]
fn two_maps_are_independent() {
    let (a_host, b_host) = (Host::new(400, 300), Host::new(400, 300));
    let (a, b) = (a_host.map(), b_host.map());
    a.set_data(SMALL.into()).map_err(message).unwrap();
    b.set_data(SMALL.into()).map_err(message).unwrap();
    a.select(Some("airport".into())).map_err(message).unwrap();
    assert!(b.selected().map_err(message).unwrap().is_null());
    assert!(b_host.find(".im-details").unwrap().has_attribute("hidden"));
    let mut a = a;
    a.destroy();
    b.select(Some("mazar".into())).map_err(message).unwrap();
    assert_eq!(b.selected().map_err(message).unwrap().as_string().as_deref(), Some("mazar"));
}

#[wasm_bindgen_test]
fn destroy_empties_the_shadow_root_and_every_method_then_throws() {
    let host = Host::new(600, 400);
    let mut map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    map.select(Some("airport".into())).map_err(message).unwrap();
    map.destroy();

    assert!(!host.shadow().has_child_nodes(), "the shadow root is empty");
    let errors: Vec<(&str, Option<JsError>)> = vec![
        ("setData", map.set_data(SMALL.into()).err()),
        ("useBasemap", map.use_basemap("any").err()),
        ("showError", map.show_error("boom").err()),
        ("setTimeRange", map.set_time_range(Some("2022-04-01".into()), Some("2022-04-30".into())).err()),
        ("timeRange", map.time_range().err()),
        ("select", map.select(Some("airport".into())).err()),
        ("select(null)", map.select(None).err()),
        ("selected", map.selected().err()),
        ("project", map.project(69.2, 34.5).err()),
        ("flyTo", map.fly_to("kabul").err()),
        ("setTimePresets", map.set_time_presets(None).err()),
        ("setHashKey", map.set_hash_key(None).err()),
    ];
    for (method, error) in errors {
        let error = error.unwrap_or_else(|| panic!("{method} after destroy() must throw"));
        let text = message(error);
        assert!(text.contains("destroyed"), "{method}: {text}");
    }
    // A second destroy does nothing, and does not throw or panic.
    map.destroy();
    assert!(!host.shadow().has_child_nodes());
}

#[wasm_bindgen_test(async)]
async fn destroy_cancels_the_pending_frame() {
    let host = Host::new(600, 400);
    let mut map = host.map();
    laid_out(&host).await;
    // A change schedules a frame; destroy before it runs. The frame must not paint or fire events.
    let seen: Rc<RefCell<u32>> = Rc::default();
    let listener = {
        let seen = seen.clone();
        Closure::<dyn FnMut(CustomEvent)>::new(move |_| *seen.borrow_mut() += 1)
    };
    host.0.add_event_listener_with_callback("viewchange", listener.as_ref().unchecked_ref()).unwrap();
    map.fly_to("kabul").map_err(message).unwrap();
    map.destroy();
    next_frame().await;
    next_frame().await;
    host.0.remove_event_listener_with_callback("viewchange", listener.as_ref().unchecked_ref()).unwrap();
    assert_eq!(*seen.borrow(), 0, "no viewchange after destroy()");
}

/// Records the `detail` of every event of these types fired on the host until dropped.
struct Recorder {
    host: HtmlElement,
    seen: Rc<RefCell<Vec<(String, JsValue)>>>,
    listeners: Vec<(&'static str, Closure<dyn FnMut(CustomEvent)>)>,
}

impl Recorder {
    fn new(host: &Host, types: &[&'static str]) -> Self {
        let seen: Rc<RefCell<Vec<(String, JsValue)>>> = Rc::default();
        let listeners = types
            .iter()
            .map(|t| {
                let seen = seen.clone();
                let name = t.to_string();
                let closure = Closure::<dyn FnMut(CustomEvent)>::new(move |e: CustomEvent| {
                    seen.borrow_mut().push((name.clone(), e.detail()));
                });
                host.0.add_event_listener_with_callback(t, closure.as_ref().unchecked_ref()).unwrap();
                (*t, closure)
            })
            .collect();
        Self { host: host.0.clone(), seen, listeners }
    }

    fn take(&self) -> Vec<(String, JsValue)> {
        std::mem::take(&mut *self.seen.borrow_mut())
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        for (t, closure) in &self.listeners {
            let _ = self.host.remove_event_listener_with_callback(t, closure.as_ref().unchecked_ref());
        }
    }
}

#[wasm_bindgen_test]
fn set_time_range_fires_one_input_and_one_change_and_updates_the_counters() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    let events = Recorder::new(&host, &["timerangeinput", "timerangechange"]);
    map.set_time_range(Some("2022-04-01".into()), Some("2022-04-30".into())).map_err(message).unwrap();
    let seen = events.take();
    let names: Vec<&str> = seen.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["timerangeinput", "timerangechange"]);
    assert_eq!(get(&seen[1].1, "from").as_string().as_deref(), Some("2022-04-01"));
    // The same range again changes nothing and fires nothing.
    map.set_time_range(Some("2022-04-01".into()), Some("2022-04-30".into())).map_err(message).unwrap();
    assert!(events.take().is_empty());
    // The handles tell the range (their data-day holds the date in ISO form).
    let from = host.find(".im-handle-from").unwrap();
    assert_eq!(from.get_attribute("role").as_deref(), Some("slider"));
    assert_eq!(from.get_attribute("data-day").as_deref(), Some("2022-04-01"));
    assert!(from.get_attribute("aria-valuetext").unwrap().starts_with("from "));
}

#[wasm_bindgen_test]
fn embedder_presets_replace_the_derived_ones_and_bad_lists_are_refused() {
    let host = Host::new(600, 400);
    let map = host.map();
    map.set_data(SMALL.into()).map_err(message).unwrap();
    let labels = || -> Vec<String> {
        let mut labels = Vec::new();
        let mut button = host.find(".im-presets").unwrap().first_element_child();
        while let Some(b) = button {
            labels.push(b.text_content().unwrap());
            button = b.next_element_sibling();
        }
        labels
    };
    assert_eq!(labels(), ["All", "2021", "2022", "Aug 2021"]);
    map.set_time_presets(Some(r#"[{"label":"Wave","from":"2022-04-19","to":"2022-04-29"}]"#.into()))
        .map_err(message)
        .unwrap();
    assert_eq!(labels(), ["Wave"]);
    let text = message(
        map.set_time_presets(Some(r#"[{"label":"Bad","from":"2022-02-30","to":"2022-03-01"}]"#.into()))
            .expect_err("bad"),
    );
    assert!(text.contains("presets[0]") && text.contains("2022-02-30"), "{text}");
    assert_eq!(labels(), ["Wave"], "a bad list keeps the presets shown");
    map.set_time_presets(None).map_err(message).unwrap();
    assert_eq!(labels()[0], "All");
}

#[wasm_bindgen_test]
fn a_bad_hash_key_is_refused_with_a_message() {
    let host = Host::new(600, 400);
    let map = host.map();
    let text = message(map.set_hash_key(Some("map 1".into())).expect_err("a space is not allowed"));
    assert!(text.contains("hash key") && text.contains("map 1"), "{text}");
}
