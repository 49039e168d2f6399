// A bound on how many log lines one kind of event may write: the first few of an interval are logged one by one,
// the rest only counted, and one summary line per interval says how many were not logged.
//
//   const throttle = createLogThrottle({ linesPerInterval: 1, intervalMs: 60_000, summary: (key, n, s) => log.warn(...) });
//   if (throttle.allow('unauthorized')) log.warn({ remote }, 'alertmanager: rejected credentials');

export interface LogThrottleOptions<K extends string> {
  /** Lines logged one by one per key and interval. */
  linesPerInterval: number;
  intervalMs: number;
  /** Writes the summary of an interval in which `suppressed` events of `key` were not logged. */
  summary(key: K, suppressed: number, seconds: number): void;
  /** @defaultValue Date.now */
  now?: () => number;
}

export interface LogThrottle<K extends string> {
  /** Whether this event of `key` may be logged; when not, it is counted for the interval's summary. */
  allow(key: K): boolean;
  /** Writes the pending summaries now and stops their timers. */
  flush(): void;
}

interface Window {
  startedAt: number;
  logged: number;
  suppressed: number;
  timer?: NodeJS.Timeout;
}

/**
 * At most `linesPerInterval` lines and one summary per key and interval. The summary is written when the interval
 * ends (an unref'd timer, so it never keeps the process alive), or by the next event after it.
 */
export function createLogThrottle<K extends string>(options: LogThrottleOptions<K>): LogThrottle<K> {
  const now = options.now ?? Date.now;
  const windows = new Map<K, Window>();

  const close = (key: K, window: Window) => {
    if (window.timer) clearTimeout(window.timer);
    if (windows.get(key) === window) windows.delete(key);
    if (window.suppressed > 0) {
      options.summary(key, window.suppressed, Math.max(1, Math.round((now() - window.startedAt) / 1000)));
    }
  };

  return {
    allow(key) {
      const at = now();
      let window = windows.get(key);
      if (window && at - window.startedAt >= options.intervalMs) {
        close(key, window);
        window = undefined;
      }
      if (!window) {
        window = { startedAt: at, logged: 0, suppressed: 0 };
        windows.set(key, window);
      }
      if (window.logged < options.linesPerInterval) {
        window.logged++;
        return true;
      }
      window.suppressed++;
      if (!window.timer) {
        const ending = window;
        ending.timer = setTimeout(() => close(key, ending), ending.startedAt + options.intervalMs - at);
        ending.timer.unref();
      }
      return false;
    },
    flush() {
      for (const [key, window] of [...windows]) close(key, window);
    },
  };
}
