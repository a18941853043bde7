// One map page under test: its Chromium DevTools session, a per-sample time limit, and the two
// clocks every step reads: input to painted frame (wall clock, in the page, see pages/probe.js)
// and the main thread's busy time (the renderer's TaskDuration metric in thread ticks: the CPU
// time of every task the main thread ran during the sample: script, style, layout, paint and
// canvas rasterisation).

/** A sample that did not finish within the time limit. */
export class StepTimeout extends Error {
  constructor(seconds) {
    super(`timed out after ${seconds} s`);
    this.name = 'StepTimeout';
  }
}

/** Resolves like `promise`, or rejects with StepTimeout after `ms`. */
export function withTimeout(promise, ms) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(ms / 1000)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

export class PageUnderTest {
  /** `page`: a Playwright page already at a benchmark page; `timeoutMs`: limit per sample. */
  static async open(page, timeoutMs) {
    const cdp = await page.context().newCDPSession(page);
    // Thread ticks: the main thread's CPU time, which other load on the machine does not inflate
    // (wall-clock task time would count the time the thread waited for a core).
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    return new PageUnderTest(page, cdp, timeoutMs);
  }

  constructor(page, cdp, timeoutMs) {
    this.page = page;
    this.cdp = cdp;
    this.timeoutMs = timeoutMs;
    this.crashed = false;
    page.on('crash', () => {
      this.crashed = true;
    });
  }

  /** Seconds the renderer's main thread has spent in tasks since the page started. */
  async mainThreadSeconds() {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'TaskDuration').value;
  }

  /** Runs `act` (resolving to in-page timings) and adds the main-thread time it cost: `mainMs`. */
  async sample(act) {
    const before = await this.mainThreadSeconds();
    const result = await withTimeout(act(), this.timeoutMs);
    const after = await this.mainThreadSeconds();
    return { ...result, mainMs: (after - before) * 1000 };
  }

  /** One real input (`perform` drives page.mouse), timed from the input to its painted frame. */
  input(types, until, perform) {
    return this.sample(async () => {
      await this.page.evaluate(([t, u]) => window.__probe.arm(t, u), [types, until]);
      await perform();
      return this.page.evaluate(() => window.__probe.wait());
    });
  }

  /** One call of the page's `__lib` API, timed to its painted frame. */
  call(method, ...args) {
    return this.sample(() =>
      this.page.evaluate(([m, a]) => window.__probe.timed(() => window.__lib[m](...a)), [method, args]),
    );
  }

  /** Evaluates `fn(arg)` in the page, within the time limit. */
  evaluate(fn, arg) {
    return withTimeout(this.page.evaluate(fn, arg), this.timeoutMs);
  }

  /** Waits two animation frames: whatever was pending has been painted. */
  settle() {
    return this.evaluate(() => window.__probe.twoFrames());
  }

  /**
   * Waits until the page is at rest: long enough for the work a map defers after its view
   * changes (the widget places its labels and paints its pads 150 ms after the view stops, and
   * writes the URL after 250), then two frames. Before a click: that deferred work belongs to
   * the step that moved the view, and a timer firing inside the click's sample would be counted
   * as the click's (it was, in about half of the cluster clicks, traced: 8 ms each).
   */
  async rest(ms = 400) {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.settle();
  }

  /** Used JS heap after a full garbage collection, and the WebAssembly memory, in bytes. */
  async memory() {
    await this.cdp.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await this.cdp.send('Runtime.getHeapUsage');
    const wasmBytes = await this.evaluate(() => window.__lib.wasmBytes());
    return { jsHeapUsed: usedSize, jsHeapTotal: totalSize, wasmBytes };
  }
}
