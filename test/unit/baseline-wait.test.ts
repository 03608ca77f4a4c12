// The one list request the gate makes also brings the history (the trend, baseline previous):
// the page size asked for, and the logs after the judged one on its page.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { toLogListEntry } from '../../src/document360/parse.ts'
import type { LogListEntry } from '../../src/document360/types.ts'
import { waitForImport, type WaitOptions } from '../../src/wait.ts'

const log = (id: string, status = 'Completed') => ({
  id,
  status,
  created_at: '2026-05-01T12:00:00Z',
  error_count: 0,
  warning_count: 1
})

/** Pages of `total` logs, `log-0` the newest; `statusOf` gives each its status. */
function client(total: number, statusOf: (index: number) => string = () => 'Completed') {
  const calls: string[] = []
  return {
    calls,
    listLogs: async (page: number, pageSize: number): Promise<LogListEntry[]> => {
      calls.push(`${page}/${pageSize}`)
      const first = (page - 1) * pageSize
      return Array.from({ length: Math.max(0, Math.min(pageSize, total - first)) }, (_, i) =>
        toLogListEntry(log(`log-${first + i}`, statusOf(first + i)))
      )
    }
  }
}

function options(overrides: Partial<WaitOptions> = {}): WaitOptions {
  let time = 0
  return {
    since: null,
    logId: null,
    waitTimeoutMs: 60_000,
    pollIntervalMs: 1000,
    now: () => time,
    sleep: async ms => {
      time += ms
    },
    onProgress: () => {},
    ...overrides
  }
}

const ids = (entries: readonly LogListEntry[]) =>
  entries.map(entry => ('log' in entry ? entry.log.id : entry.unusable))

describe('the history that comes with the judged log', () => {
  test('the latest: one request of pageSize logs; the rest of the page is the history', async () => {
    const fake = client(25)
    const outcome = await waitForImport(fake, options({ pageSize: 10 }))
    assert.equal(outcome.kind, 'finished')
    if (outcome.kind !== 'finished') return
    assert.equal(outcome.log.id, 'log-0')
    assert.deepEqual(fake.calls, ['1/10'])
    assert.deepEqual(
      ids(outcome.history.older),
      Array.from({ length: 9 }, (_, i) => `log-${i + 1}`)
    )
    assert.deepEqual(
      {
        page: outcome.history.page,
        pageSize: outcome.history.pageSize,
        full: outcome.history.full
      },
      { page: 1, pageSize: 10, full: true }
    )
  })

  test('a short page is not full; without pageSize one log is asked for, as before', async () => {
    const few = client(3)
    const outcome = await waitForImport(few, options({ pageSize: 100 }))
    assert.ok(outcome.kind === 'finished' && !outcome.history.full)
    assert.equal(outcome.kind === 'finished' && outcome.history.older.length, 2)
    const one = client(3)
    await waitForImport(one, options())
    assert.deepEqual(one.calls, ['1/1'])
  })

  test('with log-id: the logs after it on the page it was found on', async () => {
    const fake = client(250)
    const outcome = await waitForImport(fake, options({ logId: 'log-195' }))
    assert.ok(outcome.kind === 'finished')
    if (outcome.kind !== 'finished') return
    assert.deepEqual(ids(outcome.history.older).slice(0, 2), ['log-196', 'log-197'])
    assert.equal(outcome.history.older.length, 4)
    assert.deepEqual(
      {
        page: outcome.history.page,
        pageSize: outcome.history.pageSize,
        full: outcome.history.full
      },
      { page: 2, pageSize: 100, full: true }
    )
  })
})
