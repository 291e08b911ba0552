/** A function that runs `fn` once calls have stopped for `wait` ms. */
export interface Debounced<A extends unknown[]> {
  (...args: A): void;
  /** Drops a pending call. */
  cancel(): void;
  /** Runs a pending call now; does nothing when none is pending. */
  flush(): void;
  /** Whether a call is waiting to run. */
  readonly pending: boolean;
}

/**
 * Delays `fn` until `wait()` ms have passed without another call, then runs
 * it once with the last arguments. `wait` is read at each call, so a changed
 * setting applies to the next keystroke.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, wait: () => number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastArgs: A | undefined;

  const run = () => {
    timer = undefined;
    const args = lastArgs as A;
    lastArgs = undefined;
    fn(...args);
  };

  const debounced = ((...args: A) => {
    lastArgs = args;
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, wait()));
  }) as Debounced<A>;

  debounced.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    lastArgs = undefined;
  };
  debounced.flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    run();
  };
  Object.defineProperty(debounced, "pending", { get: () => timer !== undefined });
  return debounced;
}
