// PollPacer with a fake clock and a fixed "random": the period follows the shared rate-limit
// budget (slower when everyone together spends it too fast, faster again when not, never
// below poll-interval), a nearly spent budget waits for the next window, and jitter spreads.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { RateLimit } from '../../src/document360/retry.ts'
import { PollPacer } from '../../src/pace.ts'

const START = Date.UTC(2026, 4, 1, 12, 0, 0)
const WINDOW = 60_000

function pacer(random = 0.5, intervalMs = 5000) {
  const state: { time: number; rateLimit: RateLimit | undefined; random: number } = {
    time: START,
    rateLimit: undefined,
    random
  }
  const paced = new PollPacer({
    intervalMs,
    rateLimit: () => state.rateLimit,
    now: () => state.time,
    random: () => state.random
  })
  /** An answer `intoWindowMs` into a 60 s window, with `remaining` of 60 left. */
  const answer = (intoWindowMs: number, remaining: number, limit: number | undefined = 60) => {
    state.time = START + intoWindowMs
    state.rateLimit = { remaining, resetAtMs: START + WINDOW, ...(limit ? { limit } : {}) }
  }
  return { paced, state, answer }
}

describe('without a usable budget', () => {
  test('the period is poll-interval, jittered by up to 10% either way', () => {
    for (const [random, ms] of [
      [0.5, 5000],
      [0, 4500],
      [0.999, 5499]
    ] as const) {
      const { paced } = pacer(random)
      assert.deepEqual(paced.next(), { kind: 'period', ms })
    }
  })

  test('a reset already past, or no remaining count, is no budget', () => {
    const { paced, state } = pacer()
    state.rateLimit = { remaining: 0, limit: 60, resetAtMs: START - 1000 }
    assert.deepEqual(paced.next(), { kind: 'period', ms: 5000 })
    state.rateLimit = { limit: 60, resetAtMs: START + 30_000 }
    assert.deepEqual(paced.next(), { kind: 'period', ms: 5000 })
    assert.equal(paced.beforeWrite(), undefined)
  })
})

describe('sharing the budget', () => {
  test('a budget spent no faster than the window allows keeps poll-interval', () => {
    const { paced, answer } = pacer()
    answer(30_000, 40) // a third spent, half the window gone
    assert.deepEqual(paced.next(), { kind: 'period', ms: 5000 })
  })

  test('spent too fast, the period grows (at most 2.5 times a poll) up to one window', () => {
    const { paced, answer } = pacer()
    answer(10_000, 45) // a quarter spent in a sixth of the window: 1.5 times too fast
    const first = paced.next()
    assert.equal(first.kind, 'period')
    assert.equal(first.ms, 7500)
    assert.match(first.note ?? '', /rate limit is shared: 45 of 60 requests left for the next 50s/)
    answer(20_000, 40) // a third spent, a third gone: on schedule, period kept
    assert.equal(paced.next().ms, 7500)
    const periods = []
    for (let i = 0; i < 4; i++) {
      answer(5_000, 50) // twice too fast, again and again
      periods.push(paced.next().ms)
    }
    assert.deepEqual(periods, [15_000, 30_000, WINDOW, WINDOW])
  })

  test('spent slower than allowed, the period shrinks again, never below poll-interval', () => {
    const { paced, answer } = pacer()
    answer(4_000, 48) // a fifth spent in a fifteenth: three times too fast, step capped at 2.5
    assert.equal(paced.next().ms, 12_500)
    answer(50_000, 55) // hardly anything spent
    assert.equal(paced.next().ms, 8750)
    answer(50_000, 55)
    assert.equal(paced.next().ms, 6125)
    answer(50_000, 55)
    assert.deepEqual(paced.next(), { kind: 'period', ms: 5000 })
  })

  test('nearly spent before the next look: wait for the next window, placed by arrival', () => {
    const { paced, answer, state } = pacer(0)
    answer(40_000, 5) // 55 of 60 spent: 10 left would run out within the period
    const plan = paced.next()
    assert.equal(plan.kind, 'next-window')
    // 20 s to the reset, then 55/60 of a tenth of the window (5.5 s), no jitter at random 0.
    assert.equal(plan.ms, 20_000 + 5500)
    state.random = 0.999
    answer(40_000, 50) // 10 spent: an early arrival comes early in the next window too
    assert.equal(paced.next().kind, 'period')
    answer(59_000, 0)
    assert.equal(paced.next().ms, 1000 + 6000 + 999)
  })

  test('many gates starting at once: the budget spent far too fast waits for the next window', () => {
    const { paced, answer } = pacer()
    answer(3000, 40) // a third spent in 3 s: over six times too fast
    const plan = paced.next()
    assert.equal(plan.kind, 'next-window')
  })

  test('without X-RateLimit-Limit, the largest budget seen stands for it', () => {
    const { paced, answer } = pacer()
    answer(1000, 59, undefined)
    assert.equal(paced.next().ms, 5000)
    answer(10_000, 45, undefined) // 60 assumed: 1.5 times too fast
    assert.equal(paced.next().ms, 7500)
  })
})

describe('before the resync', () => {
  test('sent at once unless a quarter of the window is spent, and too fast', () => {
    const { paced, answer } = pacer(0)
    answer(2000, 50)
    assert.equal(paced.beforeWrite(), undefined) // spent fast, but most of it is left
    answer(1000, 44)
    assert.equal(paced.beforeWrite()?.kind, 'next-window') // a burst counts before a write
    answer(40_000, 20)
    assert.equal(paced.beforeWrite(), undefined) // two thirds spent in two thirds of the window
    answer(4000, 20)
    const wait = paced.beforeWrite()
    assert.equal(wait?.kind, 'next-window')
    assert.equal(wait?.ms, 56_000 + 4000)
  })
})
