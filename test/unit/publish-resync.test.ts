// startResync and publishJudged with fake clients: the snapshot before the resync, the wait for
// the next rate-limit window (bounded), a lost answer (never sent again) against a refusal, and
// publishing only the judged import, once.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Document360Error } from '../../src/document360/errors.ts'
import { toLogListEntry } from '../../src/document360/parse.ts'
import type { LogListEntry } from '../../src/document360/types.ts'
import { publishJudged } from '../../src/publish.ts'
import { SNAPSHOT_PAGE_SIZE, startResync } from '../../src/resync.ts'

const log = (id: string, createdAt?: string) =>
  toLogListEntry({
    id,
    status: 'Completed',
    error_count: 0,
    warning_count: 0,
    ...(createdAt === undefined ? {} : { created_at: createdAt })
  })

function resyncClient(answer: () => Promise<unknown>) {
  const calls: string[] = []
  return {
    calls,
    listLogs: async (page: number, size: number) => {
      calls.push(`list ${page} ${size}`)
      return [
        log('c', '2026-05-01T11:00:00Z'),
        log('b', '2026-05-01T12:00:00Z'),
        toLogListEntry({ id: 'a' }),
        toLogListEntry({})
      ]
    },
    resync: async (url: string) => {
      calls.push(`resync ${url}`)
      return answer()
    }
  }
}

function options(wait?: number, sendByMs = 10_000) {
  const said: string[] = []
  const sleeps: number[] = []
  let time = 0
  return {
    said,
    sleeps,
    options: {
      pacer: {
        beforeWrite: () =>
          wait === undefined ? undefined : { kind: 'next-window' as const, ms: wait, note: 'busy' }
      },
      now: () => time,
      sleep: async (ms: number) => {
        sleeps.push(ms)
        time += ms
      },
      sendByMs,
      say: (message: string) => said.push(message)
    }
  }
}

describe('startResync', () => {
  test('lists the newest logs (ids of usable and unusable entries), then resyncs once', async () => {
    const client = resyncClient(async () => ({ success: true }))
    const start = await startResync(client, 'https://x.example/a.yaml', options().options)
    assert.equal(start.kind, 'accepted')
    assert.deepEqual([...start.snapshot.ids], ['c', 'b', 'a'])
    // The latest created_at listed, wherever it is on the page: no new log is older.
    assert.equal(start.snapshot.newestCreatedAtMs, Date.UTC(2026, 4, 1, 12))
    assert.equal(start.snapshot.pageSize, SNAPSHOT_PAGE_SIZE)
    assert.match(start.snapshot.missing, /resync was accepted but no import log has appeared/)
    assert.deepEqual(client.calls, [
      `list 1 ${SNAPSHOT_PAGE_SIZE}`,
      'resync https://x.example/a.yaml'
    ])
  })

  test('waits for the next window when the pacer says so, never past sendByMs', async () => {
    const { options: opts, sleeps, said } = options(30_000, 10_000)
    await startResync(
      resyncClient(async () => undefined),
      'https://x.example/a.yaml',
      opts
    )
    assert.deepEqual(sleeps, [10_000])
    assert.match(said[0] ?? '', /^Starting the import in 10s: busy\.$/)
  })

  test('a lost answer is "unanswered" (not sent again); a refusal throws', async () => {
    const lost = new Document360Error('ambiguous-write', 'HTTP 502: may or may not', 502)
    const client = resyncClient(async () => {
      throw lost
    })
    const start = await startResync(client, 'https://x.example/a.yaml', options().options)
    assert.equal(start.kind, 'unanswered')
    assert.equal(start.kind === 'unanswered' && start.error, lost)
    assert.equal(client.calls.filter(call => call.startsWith('resync')).length, 1)
    const refused = resyncClient(async () => {
      throw new Document360Error('http', 'HTTP 403', 403)
    })
    await assert.rejects(startResync(refused, 'https://x.example/a.yaml', options().options), /403/)
  })
})

describe('publishJudged', () => {
  const JUDGED = { id: 'judged', status: 'Completed', errorCount: 0, warningCount: 0 }

  function publishClient(
    newest: string | undefined,
    answer: () => Promise<unknown>,
    listed: (id: string) => LogListEntry = log
  ) {
    const calls: string[] = []
    return {
      calls,
      listLogs: async () => {
        calls.push('list')
        return newest === undefined ? [] : [listed(newest)]
      },
      publish: async (workspaceId: string) => {
        calls.push(`publish ${workspaceId}`)
        return answer()
      }
    }
  }

  test('publishes the judged import when it is still the newest', async () => {
    const client = publishClient('judged', async () => undefined)
    assert.deepEqual(await publishJudged(client, JUDGED, 'ws-1'), { published: true })
    assert.deepEqual(client.calls, ['list', 'publish ws-1'])
  })

  test('does not publish when another import came after the judged one', async () => {
    const client = publishClient('1a2b3c4d-later', async () => undefined)
    const outcome = await publishJudged(client, JUDGED, 'ws-1')
    assert.equal(outcome.published, false)
    assert.match(
      outcome.published ? '' : outcome.error,
      /passed but was not published: import 1a2b3c4d… is now the newest/
    )
    assert.deepEqual(client.calls, ['list'])
  })

  test('does not publish when the judged import is now listed otherwise (Failed, more errors)', async () => {
    for (const listed of [
      { status: 'Failed', error_count: 0, warning_count: 0 },
      { status: 'Completed', error_count: 3, warning_count: 0 },
      { status: 'Completed', error_count: 0, warning_count: null },
      { status: null }
    ]) {
      const client = publishClient(
        'judged',
        async () => undefined,
        id => toLogListEntry({ id, ...listed })
      )
      const outcome = await publishJudged(client, JUDGED, 'ws-1')
      assert.match(
        outcome.published ? '' : outcome.error,
        /passed but was not published: Document360 now lists import judged (as "|in an entry)/
      )
      assert.deepEqual(client.calls, ['list'])
    }
  })

  test('does not publish when the page lists a later import below the judged one', async () => {
    const calls: string[] = []
    // A server that ignores page_size=1 and lists oldest first.
    const client = {
      listLogs: async () => [
        log('judged', '2026-05-01T12:00:00Z'),
        log('later', '2026-05-01T12:05:00Z')
      ],
      publish: async () => {
        calls.push('publish')
      }
    }
    const outcome = await publishJudged(client, JUDGED, 'ws-1')
    assert.equal(outcome.published, false)
    assert.match(
      outcome.published ? '' : outcome.error,
      /^The import passed but was not published: Document360 listed import log judged .* above import log later, created later/
    )
    assert.deepEqual(calls, [])
  })

  test('a failed publish is a result, not a throw; it is sent once', async () => {
    const client = publishClient('judged', async () => {
      throw new Document360Error('ambiguous-write', 'timed out: may or may not have taken effect')
    })
    const outcome = await publishJudged(client, JUDGED, 'ws-1')
    assert.deepEqual(outcome, {
      published: false,
      error: 'The import passed but publishing failed: timed out: may or may not have taken effect'
    })
    assert.equal(client.calls.filter(call => call.startsWith('publish')).length, 1)
  })
})
