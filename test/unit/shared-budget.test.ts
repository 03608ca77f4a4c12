// Many gates, one rate limit, in virtual time: 50 gates (snapshot, resync, wait) share one
// fixed 60-requests-a-minute window, each with PollPacer and waitForImport as main.ts wires
// them, their imports finishing at random times. The fake client answers 429 past the budget
// and waits as the transport does (Retry-After, then up to 2 s of jitter). Seeded: the same
// run every time. The end-to-end figure, with real processes, is `npm run bench`.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import type { RateLimit } from '../../src/document360/retry.ts'
import { toLogListEntry } from '../../src/document360/parse.ts'
import type { LogListEntry } from '../../src/document360/types.ts'
import { PollPacer } from '../../src/pace.ts'
import { waitForImport } from '../../src/wait.ts'

const LIMIT = 60
const WINDOW_MS = 60_000
const POLL_MS = 5000

/** Seeded random numbers in [0, 1) (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Virtual time: sleeps end in order of their end, once every gate is waiting. */
class VirtualTime {
  time = 0
  private timers: Array<{ at: number; wake: () => void }> = []
  now = (): number => this.time
  sleep = (ms: number): Promise<void> =>
    new Promise(resolve => this.timers.push({ at: this.time + Math.max(0, ms), wake: resolve }))

  async run(done: () => boolean): Promise<void> {
    while (!done()) {
      await new Promise(resolve => setImmediate(resolve))
      if (done()) return
      this.timers.sort((a, b) => a.at - b.at)
      const next = this.timers.shift()
      if (next === undefined) throw new Error('every gate is stuck')
      this.time = Math.max(this.time, next.at)
      next.wake()
    }
  }
}

/** One fixed window for every request, as Document360 counts per token and project. */
class SharedLimit {
  answers = 0
  tooMany = 0
  private windowStart = 0
  private used = 0
  private readonly time: VirtualTime
  constructor(time: VirtualTime) {
    this.time = time
  }

  take(): { ok: boolean; rateLimit: RateLimit } {
    const now = this.time.now()
    if (now - this.windowStart >= WINDOW_MS) {
      this.windowStart += Math.floor((now - this.windowStart) / WINDOW_MS) * WINDOW_MS
      this.used = 0
    }
    this.answers++
    const resetAtMs = this.windowStart + WINDOW_MS
    if (this.used >= LIMIT) {
      this.tooMany++
      return { ok: false, rateLimit: { limit: LIMIT, remaining: 0, resetAtMs } }
    }
    this.used++
    return { ok: true, rateLimit: { limit: LIMIT, remaining: LIMIT - this.used, resetAtMs } }
  }
}

/** One gate's view of the API: its reference's logs, through the shared limit. */
class GateClient {
  rateLimit: RateLimit | undefined
  finishedAt = Number.POSITIVE_INFINITY
  private started = false
  private readonly time: VirtualTime
  private readonly limit: SharedLimit
  private readonly random: () => number
  private readonly runMs: number

  constructor(time: VirtualTime, limit: SharedLimit, random: () => number, runMs: number) {
    this.time = time
    this.limit = limit
    this.random = random
    this.runMs = runMs
  }

  /** A request: 429 waits until the reset, plus up to 2 s, and goes again (as Transport). */
  private async request(): Promise<void> {
    for (;;) {
      const answer = this.limit.take()
      this.rateLimit = answer.rateLimit
      if (answer.ok) return
      const wait = Math.max(1000, (answer.rateLimit.resetAtMs ?? 0) - this.time.now())
      await this.time.sleep(wait + this.random() * Math.min(2000, wait))
    }
  }

  async resync(): Promise<void> {
    await this.request()
    this.started = true
    this.finishedAt = this.time.now() + this.runMs
  }

  listLogs = async (): Promise<LogListEntry[]> => {
    await this.request()
    const old = { id: 'old', status: 'Completed', error_count: 0, warning_count: 0 }
    if (!this.started) return [toLogListEntry(old)]
    const status = this.time.now() >= this.finishedAt ? 'Completed' : 'InProgress'
    const createdAt = new Date(this.finishedAt - this.runMs).toISOString()
    const mine = { id: 'mine', status, created_at: createdAt, error_count: 0, warning_count: 0 }
    return [mine, old].map(toLogListEntry)
  }
}

async function gate(time: VirtualTime, client: GateClient, random: () => number) {
  const pacer = new PollPacer({
    intervalMs: POLL_MS,
    rateLimit: () => client.rateLimit,
    now: time.now,
    random
  })
  const ids = new Set((await client.listLogs()).map(entry => ('log' in entry ? entry.log.id : '')))
  const wait = pacer.beforeWrite()
  if (wait !== undefined) await time.sleep(wait.ms)
  await client.resync()
  const outcome = await waitForImport(client, {
    since: null,
    logId: null,
    snapshot: { ids, resyncAtMs: time.now(), pageSize: 25, missing: 'no log yet' },
    waitTimeoutMs: 900_000,
    pollIntervalMs: POLL_MS,
    now: time.now,
    sleep: time.sleep,
    pacer,
    onProgress: () => {}
  })
  return { outcome, verdictAt: time.now() }
}

/** Runs `gates` gates from one seed; the figures the bench reports too. */
async function shared(gates: number, seed: number) {
  const random = seeded(seed)
  const time = new VirtualTime()
  const limit = new SharedLimit(time)
  const runs: Array<Promise<void>> = []
  const delays: number[] = []
  let finished = 0
  for (let i = 0; i < gates; i++) {
    const client = new GateClient(time, limit, random, 20_000 + random() * 160_000)
    runs.push(
      time
        .sleep(random() * 5000)
        .then(() => gate(time, client, random))
        .then(({ outcome, verdictAt }) => {
          assert.equal(outcome.kind, 'finished')
          delays.push(verdictAt - client.finishedAt)
          finished++
        })
    )
  }
  await time.run(() => finished === gates)
  await Promise.all(runs)
  return { finished, share: limit.tooMany / limit.answers, worst: Math.max(...delays), limit }
}

describe('many gates under one 60-a-minute limit (virtual time)', () => {
  for (const seed of [1, 2, 3]) {
    test(`50 gates, seed ${seed}: every verdict, at most 5% 429s, delay within the goal`, async () => {
      const { finished, share, worst, limit } = await shared(50, seed)
      // The wait the limit forces: 50 gates share 60 looks a minute, one look each 50 s.
      const forcedMs = (50 * WINDOW_MS) / LIMIT
      assert.equal(finished, 50)
      assert.ok(share <= 0.05, `${limit.tooMany} of ${limit.answers} answers were 429`)
      assert.ok(worst <= 2 * POLL_MS + forcedMs, `worst delay ${worst} ms`)
    })
  }

  test('10 gates: no 429 at all, and no verdict later than one window', async () => {
    for (const seed of [1, 2, 3]) {
      const { finished, worst, limit } = await shared(10, seed)
      assert.equal(finished, 10)
      assert.equal(limit.tooMany, 0)
      assert.ok(worst <= WINDOW_MS, `worst delay ${worst} ms`)
    }
  })

  test('without the pacer (fixed poll-interval), the same gates get many 429s', async () => {
    // The control: proves the test above measures the pacing, not the scenario.
    const random = seeded(1)
    const time = new VirtualTime()
    const limit = new SharedLimit(time)
    let finished = 0
    for (let i = 0; i < 50; i++) {
      const client = new GateClient(time, limit, random, 20_000 + random() * 160_000)
      void time
        .sleep(random() * 5000)
        .then(async () => {
          await client.listLogs()
          await client.resync()
          await waitForImport(client, {
            since: null,
            logId: null,
            snapshot: {
              ids: new Set(['old']),
              resyncAtMs: time.now(),
              pageSize: 25,
              missing: 'no log yet'
            },
            waitTimeoutMs: 900_000,
            pollIntervalMs: POLL_MS,
            now: time.now,
            sleep: time.sleep,
            onProgress: () => {}
          })
        })
        .then(() => finished++)
    }
    await time.run(() => finished === 50)
    assert.ok(limit.tooMany / limit.answers > 0.2, `${limit.tooMany} of ${limit.answers}`)
  })
})
