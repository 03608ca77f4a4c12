// waitForImport with a fake client and a fake clock: no real sleeping, every poll recorded. The
// "time zones" suite is run again under several TZ values by time-zones.alone.test.ts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Document360Error } from '../../src/document360/errors.ts'
import { toLogListEntry } from '../../src/document360/parse.ts'
import type { LogListEntry } from '../../src/document360/types.ts'
import { waitForImport, type WaitOptions, type WaitOutcome } from '../../src/wait.ts'

const START = Date.UTC(2026, 4, 1, 12, 0, 0)
const iso = (ms: number): string => new Date(ms).toISOString()

interface RawLog {
  id?: unknown
  status?: unknown
  created_at?: unknown
  error_count?: unknown
  warning_count?: unknown
}

/** A clock whose sleep returns at once, moving time forward and recording the wait. */
class FakeClock {
  time = START
  sleeps: number[] = []
  now = (): number => this.time
  sleep = async (ms: number): Promise<void> => {
    assert.ok(ms >= 0, `negative sleep ${ms}`)
    this.sleeps.push(ms)
    this.time += ms
  }
}

/**
 * A client whose raw pages come from `pages(page, pageSize, elapsedMs)`, each entry checked as
 * the real client checks it; records each call.
 */
class FakeClient {
  calls: Array<{ page: number; pageSize: number; atMs: number }> = []
  private readonly clock: FakeClock
  private readonly pages: (page: number, pageSize: number, elapsedMs: number) => unknown[]

  constructor(
    clock: FakeClock,
    pages: (page: number, pageSize: number, elapsedMs: number) => unknown[]
  ) {
    this.clock = clock
    this.pages = pages
  }

  listLogs = async (page: number, pageSize: number): Promise<LogListEntry[]> => {
    const atMs = this.clock.time - START
    this.calls.push({ page, pageSize, atMs })
    return this.pages(page, pageSize, atMs).map(toLogListEntry)
  }
}

function entry(
  id: string,
  status: string,
  createdMs = START - 1000,
  errors = 0,
  warnings = 0
): RawLog {
  return { id, status, created_at: iso(createdMs), error_count: errors, warning_count: warnings }
}

function options(clock: FakeClock, overrides: Partial<WaitOptions> = {}) {
  const progress: string[] = []
  const all: WaitOptions = {
    since: null,
    logId: null,
    waitTimeoutMs: 300_000,
    pollIntervalMs: 5000,
    now: clock.now,
    sleep: clock.sleep,
    onProgress: message => progress.push(message),
    ...overrides
  }
  return { options: all, progress }
}

function assertTimedOut(
  outcome: WaitOutcome
): asserts outcome is Extract<WaitOutcome, { kind: 'timed-out' }> {
  assert.equal(outcome.kind, 'timed-out', JSON.stringify(outcome))
}

function assertUnjudgeable(
  outcome: WaitOutcome
): asserts outcome is Extract<WaitOutcome, { kind: 'unjudgeable' }> {
  assert.equal(outcome.kind, 'unjudgeable', JSON.stringify(outcome))
}

function assertFinished(
  outcome: WaitOutcome
): asserts outcome is Extract<WaitOutcome, { kind: 'finished' }> {
  assert.equal(outcome.kind, 'finished', JSON.stringify(outcome))
}

/** 100-entry pages of other logs, with `target` at `index` of page `targetPage`. */
function pagedLogs(total: number, targetPage: number, index: number, target: RawLog) {
  return (page: number, pageSize: number): RawLog[] => {
    const first = (page - 1) * pageSize
    const count = Math.max(0, Math.min(pageSize, total - first))
    return Array.from({ length: count }, (_, i) =>
      page === targetPage && i === index ? target : entry(`other-${first + i}`, 'Completed')
    )
  }
}

describe('latest log', () => {
  test('a finished import is returned at once, from page 1 of size 1', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('log-1', 'Completed', START - 1000, 2, 3)])
    const { options: opts, progress } = options(clock)
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.deepEqual(outcome.log, {
      id: 'log-1',
      status: 'Completed',
      createdAt: iso(START - 1000),
      createdAtMs: START - 1000,
      errorCount: 2,
      warningCount: 3
    })
    assert.deepEqual(client.calls, [{ page: 1, pageSize: 1, atMs: 0 }])
    assert.deepEqual(clock.sleeps, [])
    assert.deepEqual(progress, [])
  })

  test('Failed and unknown statuses are finished too (the verdict judges them)', async () => {
    for (const status of ['Failed', 'Weird']) {
      const clock = new FakeClock()
      const client = new FakeClient(clock, () => [entry('log-1', status)])
      const outcome = await waitForImport(client, options(clock).options)
      assertFinished(outcome)
      assert.equal(outcome.log.status, status)
      assert.equal(client.calls.length, 1)
    }
  })

  test('Pending → InProgress → Completed: polls at the interval, done within one poll', async () => {
    const completedAtMs = 12_000
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_page, _size, elapsed) => [
      entry(
        'log-1',
        elapsed < 6000 ? 'Pending' : elapsed < completedAtMs ? 'In Progress' : 'Completed'
      )
    ])
    const { options: opts, progress } = options(clock)
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.status, 'Completed')
    assert.deepEqual(
      client.calls.map(call => call.atMs),
      [0, 5000, 10_000, 15_000]
    )
    assert.deepEqual(clock.sleeps, [5000, 5000, 5000])
    const returnedAfter = clock.time - START - completedAtMs
    assert.ok(returnedAfter >= 0 && returnedAfter <= 5000, `${returnedAfter} ms after completion`)
    // Progress is shown once per wait, naming the status.
    assert.equal(progress.length, 3)
    assert.match(progress[0] ?? '', /import log-1 is Pending/)
    assert.match(
      progress[2] ?? '',
      /import log-1 is In Progress; 10s of 300s waited, next check in 5s/
    )
  })

  test('still running when wait-timeout runs out: timed-out with the log and a reason', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('1a2b3c4d-5e6f', 'InProgress')])
    const { options: opts } = options(clock, { waitTimeoutMs: 12_000 })
    const outcome = await waitForImport(client, opts)
    assertTimedOut(outcome)
    assert.equal(outcome.log?.id, '1a2b3c4d-5e6f')
    assert.equal(outcome.log?.status, 'InProgress')
    assert.equal(
      outcome.reason,
      'Import 1a2b3c4d… is InProgress after waiting 12s (wait-timeout 12s).'
    )
    // The last wait is cut to the deadline, and the last look is at the deadline.
    assert.deepEqual(clock.sleeps, [5000, 5000, 2000])
    assert.deepEqual(
      client.calls.map(call => call.atMs),
      [0, 5000, 10_000, 12_000]
    )
  })

  test('wait-timeout 0 looks exactly once', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('log-1', 'Pending')])
    const outcome = await waitForImport(client, options(clock, { waitTimeoutMs: 0 }).options)
    assertTimedOut(outcome)
    assert.equal(client.calls.length, 1)
    assert.deepEqual(clock.sleeps, [])
    assert.match(outcome.reason, /log-1 is Pending and wait-timeout is 0\./)
  })

  test('wait-timeout 0 with a finished import passes through', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('log-1', 'Success')])
    const outcome = await waitForImport(client, options(clock, { waitTimeoutMs: 0 }).options)
    assertFinished(outcome)
  })

  test('no logs at all: waits, then says the reference has no import logs', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [])
    const { options: opts, progress } = options(clock, { waitTimeoutMs: 10_000 })
    const outcome = await waitForImport(client, opts)
    assertTimedOut(outcome)
    assert.equal(outcome.log, undefined)
    assert.match(outcome.reason, /no import logs/)
    assert.match(outcome.reason, /after waiting 10s/)
    assert.equal(client.calls.length, 3)
    assert.match(progress[0] ?? '', /no import logs/)
  })

  test('a log that appears while waiting is judged', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) =>
      elapsed < 5000 ? [] : [entry('log-1', 'Completed')]
    )
    const outcome = await waitForImport(client, options(clock).options)
    assertFinished(outcome)
    assert.equal(client.calls.length, 2)
  })

  test('an unusable latest entry ends the wait at once as unjudgeable, never a pass', async () => {
    const unusable: Array<[unknown, RegExp]> = [
      [{ id: 'log-1', error_count: 0, warning_count: 0 }, /log-1 has no status/],
      [{ id: 'log-1', status: '  ', error_count: 0, warning_count: 0 }, /has no status/],
      [{ status: 'Completed', error_count: 0, warning_count: 0 }, /has no id/],
      ['Completed', /not an object/],
      [null, /not an object/],
      [[], /not an object/],
      [{ ...entry('..', 'Completed') }, /id "\.\." is "\." or "\.\."/],
      [{ ...entry('a/b', 'Completed') }, /contains "\/" or "\\"/],
      [{ ...entry('%2e%2E', 'Completed') }, /is "\." or "\.\."/],
      [{ ...entry('x\n::error::y', 'Completed') }, /"x\\n::error::y" contains a control/]
    ]
    for (const [raw, reason] of unusable) {
      const clock = new FakeClock()
      const client = new FakeClient(clock, () => [raw])
      const outcome = await waitForImport(client, options(clock).options)
      assertUnjudgeable(outcome)
      assert.match(outcome.reason, reason)
      assert.ok(!/[\r\n]/.test(outcome.reason), outcome.reason)
      assert.equal(outcome.log, undefined)
      assert.equal(client.calls.length, 1)
      assert.deepEqual(clock.sleeps, [])
    }
  })

  // A page that goes back to an older import (reordered, or the awaited log removed) must not
  // have the older one judged in its place: it is a finished import nobody was waiting for.
  test('a page that reorders while waiting: the log waited for is followed, the older never judged', async () => {
    const clock = new FakeClock()
    const older = entry('older', 'Completed', START - 60_000)
    const client = new FakeClient(clock, (_p, _s, elapsed) => {
      const awaited = entry('awaited', elapsed < 10_000 ? 'InProgress' : 'Failed', START - 1000, 2)
      return elapsed === 0 ? [awaited, older] : [older, awaited]
    })
    const outcome = await waitForImport(client, { ...options(clock).options, pageSize: 10 })
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'awaited')
    assert.equal(outcome.log.status, 'Failed')
    assert.deepEqual(outcome.history.older, [])
  })

  test('an older import listed first with its id in another case is still older: never judged', async () => {
    const clock = new FakeClock()
    // No dates: only the ids tell that the page went back.
    const older = (id: string) => ({ id, status: 'Completed', error_count: 0, warning_count: 0 })
    const client = new FakeClient(clock, (_p, _s, elapsed) => {
      const awaited = { id: 'awaited', status: elapsed < 10_000 ? 'InProgress' : 'Failed' }
      return elapsed === 0 ? [awaited, older('older')] : [older('OLDER'), awaited]
    })
    const outcome = await waitForImport(client, { ...options(clock).options, pageSize: 10 })
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'awaited')
    assert.equal(outcome.log.status, 'Failed')
  })

  for (const pageSize of [10, 1]) {
    test(`the log waited for disappears (pages of ${pageSize}): it is missing, never replaced by an older one`, async () => {
      const clock = new FakeClock()
      const older = entry('older', 'Completed', START - 60_000)
      const client = new FakeClient(clock, (_p, size, elapsed) =>
        (elapsed === 0 ? [entry('awaited', 'InProgress'), older] : [older]).slice(0, size)
      )
      const { options: opts } = options(clock, { pageSize, waitTimeoutMs: 20_000 })
      const outcome = await waitForImport(client, opts)
      assertTimedOut(outcome)
      assert.equal(outcome.log, undefined)
      assert.match(
        outcome.reason,
        /^Import awaited, the latest when the gate last looked, is no longer listed \(only older imports are, such as older; none is judged in its place\) after waiting 20s/
      )
    })
  }

  test('a newer import that replaces the one waited for is the latest, and judged', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) =>
      elapsed === 0
        ? [entry('first', 'InProgress')]
        : [entry('newer', 'Completed', START + 1000), entry('first', 'InProgress')]
    )
    const outcome = await waitForImport(client, { ...options(clock).options, pageSize: 10 })
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'newer')
  })

  test('an error from the client ends the wait', async () => {
    const clock = new FakeClock()
    const client = {
      listLogs: async (): Promise<LogListEntry[]> => {
        throw new Document360Error('http', 'HTTP 401', 401)
      }
    }
    await assert.rejects(waitForImport(client, options(clock).options), /HTTP 401/)
    assert.deepEqual(clock.sleeps, [])
  })
})

test('polls keep a fixed schedule: a slow look shortens the pause after it', async () => {
  const clock = new FakeClock()
  const client = new FakeClient(clock, (_page, _size, elapsedMs) => {
    clock.time += 300 // each look takes 300 ms
    return [entry('slow', elapsedMs >= 10_000 ? 'Completed' : 'InProgress')]
  })
  const outcome = await waitForImport(client, options(clock).options)
  assertFinished(outcome)
  assert.deepEqual(clock.sleeps, [4700, 4700])
  assert.deepEqual(
    client.calls.map(call => call.atMs),
    [0, 5000, 10_000]
  )
})

describe('since', () => {
  const since = new Date(START - 60_000)

  test('an older log is skipped and the gate waits for a new one', async () => {
    const clock = new FakeClock()
    const old = entry('old-log', 'Completed', START - 3_600_000, 5, 0)
    const fresh = entry('new-log', 'Completed', START + 7000, 0, 0)
    const client = new FakeClient(clock, (_p, _s, elapsed) => [elapsed < 7000 ? old : fresh])
    const { options: opts, progress } = options(clock, { since })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'new-log')
    assert.equal(client.calls.length, 3)
    assert.match(
      progress[0] ?? '',
      /no import new enough yet: the latest \(old-log, created .*\) is older than "since"/
    )
  })

  test('a log created exactly at since counts', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('log-1', 'Completed', since.getTime())])
    assertFinished(await waitForImport(client, options(clock, { since }).options))
  })

  test('no new enough log in time: timed-out saying so', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('old-log', 'Completed', START - 3_600_000)])
    const outcome = await waitForImport(
      client,
      options(clock, { since, waitTimeoutMs: 20_000 }).options
    )
    assertTimedOut(outcome)
    assert.equal(outcome.log, undefined)
    assert.match(outcome.reason, /^No import new enough yet/)
    assert.match(outcome.reason, new RegExp(since.toISOString()))
  })

  test('with since, a log without a readable created_at is unjudgeable (an error)', async () => {
    for (const created of [
      undefined,
      '',
      'not a date',
      42,
      'Mon, 30 Nov 2026 10:00:00 GMT',
      '2026-02-30T10:00:00Z',
      '2026-11-30T10:00:00 PST'
    ]) {
      const clock = new FakeClock()
      const client = new FakeClient(clock, () => [
        { id: 'log-1', status: 'Completed', created_at: created, error_count: 0, warning_count: 0 }
      ])
      const outcome = await waitForImport(client, options(clock, { since }).options)
      assertUnjudgeable(outcome)
      assert.match(outcome.reason, /^Import log log-1 has no readable created_at/)
      assert.match(outcome.reason, /expected ISO 8601/)
      assert.equal(outcome.log?.id, 'log-1')
      assert.deepEqual(clock.sleeps, [])
    }
  })

  test('without since, a missing created_at is fine', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      { id: 'log-1', status: 'Completed', error_count: 0, warning_count: 0 }
    ])
    assertFinished(await waitForImport(client, options(clock).options))
  })
})

describe('log-id', () => {
  test('found on page 3 of 100-entry pages', async () => {
    const clock = new FakeClock()
    const target = entry('the-log', 'Completed', START - 1000, 1, 2)
    const client = new FakeClient(clock, pagedLogs(250, 3, 17, target))
    const outcome = await waitForImport(client, options(clock, { logId: 'the-log' }).options)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'the-log')
    assert.deepEqual(
      client.calls.map(({ page, pageSize }) => [page, pageSize]),
      [
        [1, 100],
        [2, 100],
        [3, 100]
      ]
    )
  })

  test('an id in another letter case is the same log (GUIDs copied in upper case)', async () => {
    const clock = new FakeClock()
    const target = entry('1a2b3c4d-aaaa-4bbb-8ccc-0d0e0f000001', 'Completed', START - 1000, 1, 2)
    const client = new FakeClient(clock, pagedLogs(30, 1, 17, target))
    const logId = '1A2B3C4D-AAAA-4BBB-8CCC-0D0E0F000001'
    const outcome = await waitForImport(client, options(clock, { logId }).options)
    assertFinished(outcome)
    assert.equal(outcome.log.id, '1a2b3c4d-aaaa-4bbb-8ccc-0d0e0f000001')
  })

  test('while it runs, later looks start on the page it was found on', async () => {
    const clock = new FakeClock()
    let status = 'InProgress'
    const pages = (page: number, size: number) =>
      pagedLogs(250, 3, 5, entry('the-log', status))(page, size)
    const client = new FakeClient(clock, (page, size, elapsed) => {
      if (elapsed >= 10_000) status = 'Completed'
      return pages(page, size)
    })
    const outcome = await waitForImport(client, options(clock, { logId: 'the-log' }).options)
    assertFinished(outcome)
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2, 3, 3, 3]
    )
  })

  test('if it moved to an earlier page, the pages before are searched too', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (page, size, elapsed) =>
      elapsed === 0
        ? pagedLogs(250, 3, 0, entry('the-log', 'Pending'))(page, size)
        : pagedLogs(250, 2, 0, entry('the-log', 'Completed'))(page, size)
    )
    const outcome = await waitForImport(client, options(clock, { logId: 'the-log' }).options)
    assertFinished(outcome)
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2, 3, 3, 1, 2]
    )
  })

  test('a numeric id in the API matches', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [{ ...entry('x', 'Completed'), id: 4711 }])
    const outcome = await waitForImport(client, options(clock, { logId: '4711' }).options)
    assertFinished(outcome)
    assert.equal(outcome.log.id, '4711')
  })

  test('not found: timed-out naming the id and how many logs were searched', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, pagedLogs(130, 0, 0, {}))
    const outcome = await waitForImport(
      client,
      options(clock, { logId: 'missing-log', waitTimeoutMs: 0 }).options
    )
    assertTimedOut(outcome)
    assert.match(outcome.reason, /^No import log with id missing-log among the 130 logs/)
    assert.match(outcome.reason, /check log-id/)
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2]
    )
  })

  test('after a full search misses, later polls read only page 1, where a new log appears', async () => {
    const clock = new FakeClock()
    const older = Array.from({ length: 130 }, (_, i) => entry(`old-${i}`, 'Completed'))
    const client = new FakeClient(clock, (page, size, elapsedMs) => {
      const logs = elapsedMs >= 10_000 ? [entry('new-log', 'Completed'), ...older] : older
      return logs.slice((page - 1) * size, page * size)
    })
    const { options: waitOptions, progress } = options(clock, { logId: 'new-log' })
    const outcome = await waitForImport(client, waitOptions)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'new-log')
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2, 1, 1]
    )
    assert.match(progress[1] ?? '', /among the 130 logs/)
  })

  test('a server that ignores page cannot make the search loop: it stops at the repeat', async () => {
    const clock = new FakeClock()
    const samePage = Array.from({ length: 100 }, (_, i) => entry(`log-${i}`, 'Completed'))
    const client = new FakeClient(clock, () => samePage)
    const outcome = await waitForImport(
      client,
      options(clock, { logId: 'missing-log', waitTimeoutMs: 0 }).options
    )
    assertTimedOut(outcome)
    assert.match(outcome.reason, /among the 100 logs/)
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2]
    )
  })

  test('nor by spelling the repeated page in the other letter case each time', async () => {
    const clock = new FakeClock()
    const samePage = (page: number) =>
      Array.from({ length: 100 }, (_, i) => {
        const id = `log-${i}`
        return entry(page % 2 === 0 ? id.toUpperCase() : id, 'Completed')
      })
    const client = new FakeClient(clock, samePage)
    const outcome = await waitForImport(
      client,
      options(clock, { logId: 'missing-log', waitTimeoutMs: 0 }).options
    )
    assertTimedOut(outcome)
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2]
    )
  })

  test('older than since: unjudgeable (an error), not a wait', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('the-log', 'Completed', START - 3_600_000)])
    const outcome = await waitForImport(
      client,
      options(clock, { logId: 'the-log', since: new Date(START - 60_000) }).options
    )
    assertUnjudgeable(outcome)
    assert.match(outcome.reason, /the-log \(log-id\) was created at .* before "since"/)
    assert.equal(outcome.log?.id, 'the-log')
    assert.deepEqual(clock.sleeps, [])
  })

  test('unusable entries of other logs are passed over; the named one is still found', async () => {
    const clock = new FakeClock()
    const target = entry('the-log', 'Completed', START - 1000, 1, 0)
    const broken: unknown[] = [
      null,
      'Completed',
      { status: 'Completed' },
      { id: 'other', error_count: 0 },
      entry('..', 'Completed'),
      entry('a%2Fb', 'Completed')
    ]
    const client = new FakeClient(clock, (page, size) =>
      pagedLogs(
        250,
        2,
        50,
        target
      )(page, size).map((log, i) => (page === 1 && i < broken.length ? broken[i] : log))
    )
    const outcome = await waitForImport(client, options(clock, { logId: 'the-log' }).options)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'the-log')
    assert.equal(outcome.log.errorCount, 1)
  })

  test('the named log with an unusable entry is unjudgeable, wherever it is', async () => {
    for (const raw of [
      { id: 'the-log', error_count: 0, warning_count: 0 },
      { id: 'the-log', status: '', error_count: 0, warning_count: 0 },
      { id: 'the-log', status: 7 }
    ]) {
      const clock = new FakeClock()
      const client = new FakeClient(clock, pagedLogs(250, 3, 9, raw))
      const outcome = await waitForImport(client, options(clock, { logId: 'the-log' }).options)
      assertUnjudgeable(outcome)
      assert.match(outcome.reason, /import log the-log has no status/i)
      assert.deepEqual(
        client.calls.map(call => call.page),
        [1, 2, 3]
      )
    }
  })

  test('a page whose first entry is unusable still counts for the repeat check', async () => {
    const clock = new FakeClock()
    const samePage = [
      { id: 'broken' },
      ...Array.from({ length: 99 }, (_, i) => entry(`log-${i}`, 'Completed'))
    ]
    const client = new FakeClient(clock, () => samePage)
    const outcome = await waitForImport(
      client,
      options(clock, { logId: 'missing-log', waitTimeoutMs: 0 }).options
    )
    assertTimedOut(outcome)
    assert.deepEqual(
      client.calls.map(call => call.page),
      [1, 2]
    )
  })
})

describe('time zones: since compares instants', () => {
  // 10:00 UTC. Read as local time, '2026-11-30T10:00:00' would be 18:00 UTC in Los Angeles
  // and 01:00 UTC in Tokyo: hours off either way.
  const CREATED = '2026-11-30T10:00:00'
  const CREATED_MS = Date.UTC(2026, 10, 30, 10, 0, 0)

  async function judgeWithSince(createdAt: string, sinceMs: number, logId: string | null = null) {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      {
        id: 'the-log',
        status: 'Completed',
        created_at: createdAt,
        error_count: 0,
        warning_count: 0
      }
    ])
    const since = new Date(sinceMs)
    return waitForImport(client, options(clock, { since, logId, waitTimeoutMs: 0 }).options)
  }

  test('a created_at without an offset is UTC', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      { id: 'the-log', status: 'Completed', created_at: CREATED, error_count: 0, warning_count: 0 }
    ])
    const outcome = await waitForImport(client, options(clock).options)
    assertFinished(outcome)
    assert.equal(outcome.log.createdAtMs, CREATED_MS)
    assert.equal(outcome.log.createdAt, CREATED, 'kept as reported for the report')
  })

  test('created exactly at since counts; a second later, since excludes it', async () => {
    assertFinished(await judgeWithSince(CREATED, CREATED_MS))
    assertFinished(await judgeWithSince(CREATED, CREATED_MS - 7_200_000))
    const tooOld = await judgeWithSince(CREATED, CREATED_MS + 1000)
    assertTimedOut(tooOld)
    assert.match(tooOld.reason, /^No import new enough yet/)
    const named = await judgeWithSince(CREATED, CREATED_MS + 1000, 'the-log')
    assertUnjudgeable(named)
  })

  test('a two-hour-old import does not pass for a new one, nor a new one for old', async () => {
    // The issue's report: a passed import two hours old, judged under TZ=America/Los_Angeles.
    assertTimedOut(await judgeWithSince(CREATED, CREATED_MS + 15 * 60_000))
    // And an import a minute old that Asia/Tokyo took for nine hours old.
    assertFinished(await judgeWithSince(CREATED, CREATED_MS - 15 * 60_000))
  })

  test('offsets are honoured: the same instant in other spellings', async () => {
    for (const text of [
      '2026-11-30T10:00:00Z',
      '2026-11-30T12:00:00+02:00',
      '2026-11-30T05:00:00-0500',
      '2026-12-01T00:00:00+14:00',
      '2026-11-30T10:00:00.000'
    ]) {
      assertFinished(await judgeWithSince(text, CREATED_MS))
      assertTimedOut(await judgeWithSince(text, CREATED_MS + 1))
    }
  })
})

describe("the import this run's resync started", () => {
  const MISSING = 'the resync was accepted but no import log has appeared'
  const snapshot = (ids: string[]) => ({
    ids: new Set(ids),
    resyncAtMs: START,
    pageSize: 25,
    missing: MISSING
  })
  const older = [
    entry('known-2', 'Completed', START - 60_000),
    entry('known-1', 'Failed', START - 120_000)
  ]

  test('the new log appears, runs and finishes: it is judged, from page 1 of the snapshot size', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) => {
      if (elapsed < 10_000) return older
      return [entry('mine', elapsed < 15_000 ? 'InProgress' : 'Completed', START + 2000), ...older]
    })
    const { options: opts, progress } = options(clock, {
      snapshot: snapshot(['known-2', 'known-1'])
    })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
    assert.deepEqual(
      client.calls.map(call => [call.page, call.pageSize, call.atMs]),
      [
        [1, 25, 5000],
        [1, 25, 10_000],
        [1, 25, 15_000]
      ]
    )
    // The import was started a moment ago: the first look comes one poll later.
    assert.equal(progress[0], 'Waiting: the import was just started; first check in 5s.')
    assert.match(
      progress[1] ?? '',
      /^Waiting: the resync was accepted but no import log has appeared;/
    )
    assert.match(progress[2] ?? '', /import mine is InProgress/)
  })

  test('no new log in time: timed-out, saying the resync was accepted but no log appeared', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => older)
    const { options: opts } = options(clock, {
      snapshot: snapshot(['known-2', 'known-1']),
      waitTimeoutMs: 10_000
    })
    const outcome = await waitForImport(client, opts)
    assertTimedOut(outcome)
    assert.equal(outcome.log, undefined)
    assert.equal(
      outcome.reason,
      'The resync was accepted but no import log has appeared after waiting 10s (wait-timeout 10s).'
    )
  })

  test('a log of another run that came between the snapshot and the resync: the newest new one is judged, with a warning', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      entry('mine', 'Completed', START + 2000),
      entry('theirs', 'InProgress', START + 1000),
      ...older
    ])
    const warnings: string[] = []
    const { options: opts } = options(clock, {
      snapshot: snapshot(['known-2', 'known-1']),
      onWarning: warning => warnings.push(warning)
    })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
    assert.equal(warnings.length, 1)
    assert.match(
      warnings[0] ?? '',
      /Besides import mine, another import .* \(theirs\): the newest, mine, is judged/
    )
    assert.match(warnings[0] ?? '', /concurrency group/)
  })

  test('new logs listed oldest first: the first is not the newest, nor judged', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      entry('earlier-new', 'Completed', START + 1000),
      entry('later-new', 'Failed', START + 5000, 7),
      ...older
    ])
    const { options: opts } = options(clock, { snapshot: snapshot(['known-2', 'known-1']) })
    const outcome = await waitForImport(client, opts)
    assertUnjudgeable(outcome)
    assert.match(
      outcome.reason,
      /listed import log earlier-… .* above import log later-new, created later/
    )
  })

  test('a known log listed again with its id in upper case is not new', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      entry('KNOWN-2', 'Completed', START - 60_000),
      entry('known-1', 'Failed', START - 120_000)
    ])
    const { options: opts } = options(clock, {
      snapshot: snapshot(['known-2', 'known-1']),
      waitTimeoutMs: 10_000
    })
    const outcome = await waitForImport(client, opts)
    assertTimedOut(outcome)
    assert.equal(outcome.log, undefined)
  })

  test('once seen, the new log is followed by id: a later import of someone else never replaces it', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) => {
      const mine = entry('mine', elapsed < 15_000 ? 'InProgress' : 'Completed', START + 1000)
      return elapsed < 10_000
        ? [mine, ...older]
        : [entry('later', 'Completed', START + 6000, 9, 9), mine, ...older]
    })
    const { options: opts } = options(clock, { snapshot: snapshot(['known-2', 'known-1']) })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
    assert.equal(outcome.log.errorCount, 0)
  })

  test('a new log above the followed one is named in one warning: the gate cannot tell whose it is', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) => {
      const first = entry('first-seen', elapsed < 20_000 ? 'InProgress' : 'Completed', START + 1000)
      return elapsed < 10_000
        ? [first, ...older]
        : [entry('appeared-later', 'InProgress', START + 3000), first, ...older]
    })
    const warnings: string[] = []
    const { options: opts } = options(clock, {
      snapshot: snapshot(['known-2', 'known-1']),
      onWarning: warning => warnings.push(warning)
    })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'first-seen')
    assert.equal(warnings.length, 1, 'once, however many looks see it')
    assert.match(
      warnings[0] ?? '',
      /^Import appeared… of this API reference appeared after import first-se…/
    )
    assert.match(warnings[0] ?? '', /concurrency group/)
  })

  test('the followed log pushed off page 1 is searched for by id', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (page, pageSize, elapsed) => {
      if (elapsed < 10_000) return [entry('mine', 'InProgress', START + 1000), ...older]
      // 30 newer imports: 'mine' is now entry 31, on page 1 only when pages hold 100.
      const all = [
        ...Array.from({ length: 30 }, (_, i) => entry(`later-${i}`, 'Completed')),
        entry('mine', 'Completed', START + 1000),
        ...older
      ]
      return all.slice((page - 1) * pageSize, page * pageSize)
    })
    const { options: opts } = options(clock, { snapshot: snapshot(['known-2', 'known-1']) })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
    assert.deepEqual(
      client.calls.map(call => call.pageSize),
      [25, 25, 100]
    )
  })

  test('an unknown log below a known one is older, not new; an empty snapshot takes any log', async () => {
    let clock = new FakeClock()
    let client = new FakeClient(clock, () => [older[0], entry('deleted-and-back', 'Completed')])
    let outcome = await waitForImport(client, {
      ...options(clock, { snapshot: snapshot(['known-2']), waitTimeoutMs: 0 }).options
    })
    assertTimedOut(outcome)
    clock = new FakeClock()
    client = new FakeClient(clock, () => [entry('first-ever', 'Completed')])
    outcome = await waitForImport(client, options(clock, { snapshot: snapshot([]) }).options)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'first-ever')
  })

  test('an unknown log created before the newest known one is not new, even listed first', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) => [
      ...(elapsed < 10_000 ? [] : [entry('mine', 'Completed', START + 2000)]),
      // Moved up from a later page by a server that reorders: an old, passed import.
      entry('old-passed', 'Completed', START - 86_400_000),
      ...older
    ])
    const { options: opts } = options(clock, {
      snapshot: { ...snapshot(['known-2', 'known-1']), newestCreatedAtMs: START - 60_000 }
    })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
    assert.equal(client.calls.length, 2, 'old-passed was never taken for the new import')
  })

  test('a log created long before the resync is not new, even when the list before it was empty', async () => {
    const clock = new FakeClock()
    // The list before the resync showed nothing (a server hiding its logs); now an old pass.
    const client = new FakeClient(clock, () => [
      entry('old-passed', 'Completed', START - 86_400_000)
    ])
    const outcome = await waitForImport(
      client,
      options(clock, { snapshot: snapshot([]), waitTimeoutMs: 10_000 }).options
    )
    assertTimedOut(outcome)
    assert.match(
      outcome.reason,
      /import old-pass…, not listed before the resync, was created more than 10 minutes before the resync was sent/
    )
  })

  test("a new log dated up to 10 minutes before the resync is taken: Document360's clock may lag", async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [entry('mine', 'Completed', START - 9 * 60_000)])
    const outcome = await waitForImport(client, options(clock, { snapshot: snapshot([]) }).options)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
  })

  test('a new log without a readable created_at cannot be told from an old one: unjudgeable', async () => {
    const clock = new FakeClock()
    for (const createdAt of [undefined, 'yesterday']) {
      const client = new FakeClient(clock, () => [
        {
          id: 'undated',
          status: 'Completed',
          created_at: createdAt,
          error_count: 0,
          warning_count: 0
        },
        ...older
      ])
      const outcome = await waitForImport(
        client,
        options(clock, { snapshot: snapshot(['known-2', 'known-1']) }).options
      )
      assertUnjudgeable(outcome)
      assert.match(
        outcome.reason,
        /undated, new since this run's resync, has no readable created_at/
      )
    }
  })

  test('an old log listed above the new one on the same page: the new one is judged', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      entry('old-passed', 'Completed', START - 86_400_000),
      entry('mine', 'Failed', START + 2000, 3),
      ...older
    ])
    const { options: opts } = options(clock, {
      snapshot: { ...snapshot(['known-2', 'known-1']), newestCreatedAtMs: START - 60_000 }
    })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.equal(outcome.log.id, 'mine')
    assert.deepEqual(
      outcome.history.older.map(e => ('log' in e ? e.log.id : e.id)),
      ['known-2', 'known-1']
    )
  })

  test('a new entry without an id cannot be judged: unjudgeable, never a pass', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => [
      { status: 'Completed', error_count: 0, warning_count: 0 },
      ...older
    ])
    const outcome = await waitForImport(
      client,
      options(clock, { snapshot: snapshot(['known-2']) }).options
    )
    assertUnjudgeable(outcome)
    assert.match(outcome.reason, /has no id/)
  })

  test('wait-timeout counts from startedAtMs (the resync before the wait counts too)', async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, () => older)
    const { options: opts } = options(clock, {
      snapshot: snapshot(['known-2']),
      startedAtMs: START - 8000,
      waitTimeoutMs: 10_000
    })
    const outcome = await waitForImport(client, opts)
    assertTimedOut(outcome)
    assert.deepEqual(clock.sleeps, [2000])
    assert.match(outcome.reason, /after waiting 10s \(wait-timeout 10s\)/)
  })
})

describe('paced polling', () => {
  test("the pacer's plan sets the pause and its note shows in the progress line", async () => {
    const clock = new FakeClock()
    const client = new FakeClient(clock, (_p, _s, elapsed) => [
      entry('log-1', elapsed < 40_000 ? 'InProgress' : 'Completed')
    ])
    const plans = [
      { kind: 'period' as const, ms: 12_000, note: 'slower: shared' },
      { kind: 'next-window' as const, ms: 30_000, note: 'the token is spent' }
    ]
    const { options: opts, progress } = options(clock, {
      pacer: { next: () => plans.shift() ?? { kind: 'period', ms: 5000 } }
    })
    const outcome = await waitForImport(client, opts)
    assertFinished(outcome)
    assert.deepEqual(clock.sleeps, [12_000, 30_000])
    assert.match(progress[0] ?? '', /next check in 12s \(slower: shared\)\.$/)
    assert.match(progress[1] ?? '', /next check in 30s \(the token is spent\)\.$/)
  })

  test('a look that overran its period (a rate-limit wait inside it) is followed by a whole period', async () => {
    const clock = new FakeClock()
    let looks = 0
    const client = new FakeClient(clock, () => {
      if (++looks === 1) clock.time += 8000 // the transport waited out a 429
      return [entry('log-1', looks < 3 ? 'InProgress' : 'Completed')]
    })
    const outcome = await waitForImport(client, options(clock).options)
    assertFinished(outcome)
    assert.deepEqual(clock.sleeps, [5000, 5000])
  })
})
