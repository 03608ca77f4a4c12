// Cooperative polling. Gates in a matrix share one token's rate limit (as low as 60 requests a
// minute), and none of them knows how many others there are. Each answer's X-RateLimit-*
// headers say how much of the window's budget is left and when it starts afresh: from that a
// gate sees whether everyone together spends the budget faster than the window allows, and
// slows down before it runs out (or speeds up again, never below poll-interval). Every pause is
// jittered so that gates do not poll in lockstep. See docs/network.md, "Polling".

import type { RateLimit } from './document360/retry.ts'

/** Document360 documents its limits per minute: a window is taken to be at least this long. */
const MIN_WINDOW_MS = 60_000
/**
 * Less than this into a window, the spending rate is measured over this much: a burst at the
 * window's start is no steady rate. Before a write, a burst is what matters (many gates
 * starting at once), so it is measured as it is.
 */
const MIN_ELAPSED_MS = 3000
const MIN_ELAPSED_BEFORE_WRITE_MS = 1000
/** How much one poll may lengthen or shorten the period (the budget signal is noisy). */
const SLOWEST_STEP = 2.5
const FASTEST_STEP = 0.7
/** Each period is this much shorter or longer at random. */
const JITTER = 0.1
/** When the budget is nearly spent, at most this share of it may still be left... */
const LOW_BUDGET = 0.25
/** ...or the window's budget is being spent this many times faster than the window allows. */
const OVERSPENT = 2
/** Before a write: a quarter of the window's budget spent, and faster than allowed. */
const WRITE_LOW_BUDGET = 0.75
/** Waiting for the next window, gates spread over this share of it, in the order they came. */
const NEXT_WINDOW_SPREAD = 0.1
const NEXT_WINDOW_JITTER_MS = 1_000

export interface PacerOptions {
  /** poll-interval: the shortest period between two looks. */
  intervalMs: number
  /** The budget reported by the latest answer (undefined when it reported none). */
  rateLimit: () => RateLimit | undefined
  now: () => number
  /** In [0, 1). */
  random: () => number
}

/**
 * When to look next. `period`: this long after the previous look started. `next-window`: this
 * long from now, after the rate-limit window has started afresh.
 */
export type PollPlan = { kind: 'period'; ms: number; note?: string } | NextWindow

interface NextWindow {
  kind: 'next-window'
  ms: number
  note: string
}

/** What one answer said about the budget, with what follows from it. */
interface Budget {
  remaining: number
  limit: number
  untilResetMs: number
  windowMs: number
  /** Requests per ms spent so far in this window, by everyone sharing the token. */
  rate: number
  /** Share of the budget spent over share of the window gone: above 1, too fast. */
  overspend: number
}

export class PollPacer {
  private readonly options: PacerOptions
  private periodMs: number
  /** The largest budget seen, for answers without X-RateLimit-Limit. */
  private largestSeen = 0

  constructor(options: PacerOptions) {
    this.options = options
    this.periodMs = options.intervalMs
  }

  /** When to look next, after a look whose answer carried the latest budget. */
  next(): PollPlan {
    const budget = this.budget(MIN_ELAPSED_MS)
    if (budget === undefined) return { kind: 'period', ms: this.jittered(this.periodMs) }
    const step = Math.min(SLOWEST_STEP, Math.max(FASTEST_STEP, budget.overspend))
    this.periodMs = Math.min(
      Math.max(this.options.intervalMs, this.periodMs * step),
      budget.windowMs
    )
    const runsOutFirst = budget.remaining <= budget.rate * this.periodMs
    const nearlySpent = budget.remaining < budget.limit * LOW_BUDGET
    if (runsOutFirst && (nearlySpent || budget.overspend > OVERSPENT)) {
      return this.nextWindow(budget)
    }
    const ms = this.jittered(this.periodMs)
    return this.periodMs > this.options.intervalMs
      ? { kind: 'period', ms, note: describe(budget) }
      : { kind: 'period', ms }
  }

  /**
   * Before a write (the resync): undefined to send it now, or the wait until the next window
   * when a quarter of this one's budget is spent, faster than the window allows (many gates
   * starting at once: the resync can wait, and the gates still starting need the budget).
   */
  beforeWrite(): NextWindow | undefined {
    const budget = this.budget(MIN_ELAPSED_BEFORE_WRITE_MS)
    if (budget === undefined) return undefined
    const spentEarly = budget.overspend > 1 && budget.remaining < budget.limit * WRITE_LOW_BUDGET
    return spentEarly ? this.nextWindow(budget) : undefined
  }

  /**
   * After the reset, at a place in the new window that follows this gate's place in the old
   * one (the gates that came late come late again, instead of all at once), plus jitter.
   */
  private nextWindow(budget: Budget): NextWindow {
    const place = (budget.limit - budget.remaining) / budget.limit
    const ms =
      budget.untilResetMs +
      Math.round(
        place * budget.windowMs * NEXT_WINDOW_SPREAD + this.options.random() * NEXT_WINDOW_JITTER_MS
      )
    return { kind: 'next-window', ms, note: describe(budget) }
  }

  private budget(minElapsedMs: number): Budget | undefined {
    const rateLimit = this.options.rateLimit()
    const now = this.options.now()
    if (rateLimit?.remaining === undefined || rateLimit.resetAtMs === undefined) return undefined
    const untilResetMs = rateLimit.resetAtMs - now
    // A reset already past says nothing about the window now.
    if (untilResetMs <= 0) return undefined
    const { remaining } = rateLimit
    this.largestSeen = Math.max(this.largestSeen, remaining + 1)
    const limit = Math.max(rateLimit.limit ?? 0, this.largestSeen, remaining + 1)
    const windowMs = Math.max(MIN_WINDOW_MS, untilResetMs)
    const elapsed = Math.max(minElapsedMs, windowMs - untilResetMs)
    const spent = limit - remaining
    return {
      remaining,
      limit,
      untilResetMs,
      windowMs,
      rate: spent / elapsed,
      overspend: spent / limit / (elapsed / windowMs)
    }
  }

  /** `ms` made up to 10% shorter or longer at random. */
  private jittered(ms: number): number {
    return Math.round(ms * (1 + JITTER * (2 * this.options.random() - 1)))
  }
}

function describe(budget: Budget): string {
  return (
    `the token's rate limit is shared: ${budget.remaining} of ${budget.limit} requests left ` +
    `for the next ${Math.ceil(budget.untilResetMs / 1000)}s`
  )
}
