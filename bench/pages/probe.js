// In-page instruments of the benchmark, loaded first by both pages (ours.html, leaflet.html).
//
// Input to painted frame: `__probe.arm(types, until)` waits for the next input event of one of
// `types`; its `timeStamp` (when the browser received the input) is t0. A capture listener on the
// window sees the input before any map does, so the two requestAnimationFrame callbacks it then
// asks for are queued ahead of the map's own frame: the second runs once the frame that holds
// the map's response has been produced, and its time is t1. Work that a map defers (Leaflet's
// wheel zoom waits for a timer) is awaited first through `__lib.until(until)`. With no work at
// all, t1 - t0 is the floor that headless Chromium adds (`floor` steps measure it).
(() => {
  const INPUTS = ['pointerdown', 'pointermove', 'pointerup', 'mousedown', 'mousemove', 'mouseup', 'wheel', 'click'];

  /** Resolves with performance.now() in the second animation frame from now. */
  const twoFrames = () =>
    new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))));

  let armed = null;

  function onInput(event) {
    const a = armed;
    if (!a || a.t0 !== null || !a.types.includes(event.type)) return;
    const handled = performance.now();
    // A synthetic input's timeStamp is when the browser made it; fall back to now if it looks wrong.
    a.t0 = event.timeStamp > 0 && event.timeStamp <= handled ? event.timeStamp : handled;
    const done = a.until ? window.__lib.until(a.until) : Promise.resolve();
    done
      .then(twoFrames)
      .then((t1) => a.resolve({ ms: t1 - a.t0, dispatchMs: handled - a.t0 }), a.reject);
  }
  for (const type of INPUTS) window.addEventListener(type, onInput, { capture: true, passive: true });

  // Long tasks (over 50 ms) on the main thread, for "does the load block the page, and how long at
  // most": collected from the start, read per step as the longest since a mark.
  const longTasks = [];
  const keep = (entries) => {
    for (const e of entries) longTasks.push({ start: e.startTime, ms: e.duration });
  };
  let longTaskObserver = null;
  try {
    longTaskObserver = new PerformanceObserver((list) => keep(list.getEntries()));
    longTaskObserver.observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the longest task is then reported as unknown.
  }

  window.__probe = {
    twoFrames,
    /** The longest main-thread task (ms) that started at or after `since` (performance.now()), 0 if none over 50 ms. */
    longestTaskSince(since) {
      // Entries queued but not yet handed to the callback (it runs in a later task: Leaflet's
      // load of 100k read as 0 ms, its task of over a second not yet delivered).
      if (longTaskObserver) keep(longTaskObserver.takeRecords());
      return longTasks.filter((t) => t.start >= since).reduce((m, t) => Math.max(m, t.ms), 0);
    },
    /** Arms for the next input of one of `types`; `until` names deferred work to wait for. */
    arm(types, until = null) {
      let resolve;
      let reject;
      const promise = new Promise((res, rej) => {
        resolve = res;
        reject = rej;
      });
      armed = { types, until, t0: null, resolve, reject, promise };
    },
    /** The armed measurement's result, once its frame is painted. */
    async wait() {
      const a = armed;
      if (!a) throw new Error('nothing armed');
      try {
        return await a.promise;
      } finally {
        if (armed === a) armed = null;
      }
    },
    /** Runs `fn` (an API call, no input): its synchronous time and the time to the painted frame. */
    async timed(fn) {
      const t0 = performance.now();
      await fn();
      const syncMs = performance.now() - t0;
      const t1 = await twoFrames();
      return { ms: t1 - t0, syncMs };
    },
  };
})();
