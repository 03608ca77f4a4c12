// The one source of time for the gate. Modules that wait or measure take a Clock, so tests can
// drive them with a fake one; only this module reads the real time.

// Plain function properties, not methods: they are passed around on their own (`clock.now`).
export interface Clock {
  /** Epoch milliseconds. */
  now: () => number
  sleep: (ms: number) => Promise<void>
  /** In [0, 1): jitter for backoff and polling. */
  random: () => number
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
  random: () => Math.random()
}
