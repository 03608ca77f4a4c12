// Choosing the baseline (previous, log:<id>, api-reference:<id>) from the page the gate read,
// what each costs in requests, and missing baselines against API errors.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { outOfOrder, trendOf, usableLogs, type LogHistory } from '../../src/baseline/history.ts'
import { findBaseline, type BaselineContext, type LogsClient } from '../../src/baseline/select.ts'
import { Document360Error } from '../../src/document360/errors.ts'
import { toLogListEntry } from '../../src/document360/parse.ts'
import type { ImportLog, LogDetail, LogListEntry } from '../../src/document360/types.ts'

interface RawLog {
  id: string
  status: string
  error_count?: number
  warning_count?: number
  created_at?: string
}

const raw = (id: string, status: string, errors = 0, warnings = 1): RawLog => ({
  id,
  status,
  error_count: errors,
  warning_count: warnings,
  created_at: '2026-05-01T12:00:00Z'
})

/** A client over fixed pages and details, recording every call. */
class FakeClient implements LogsClient {
  calls: string[] = []
  private readonly pages: Record<number, RawLog[]>
  private readonly details: Record<string, LogDetail | Error>
  constructor(
    pages: Record<number, RawLog[]> = {},
    details: Record<string, LogDetail | Error> = {}
  ) {
    this.pages = pages
    this.details = details
  }
  listLogs = async (page: number, pageSize: number): Promise<LogListEntry[]> => {
    this.calls.push(`list ${page}/${pageSize}`)
    return (this.pages[page] ?? []).map(toLogListEntry)
  }
  getLogDetail = async (logId: string): Promise<LogDetail> => {
    this.calls.push(`detail ${logId}`)
    const detail = this.details[logId]
    if (detail instanceof Error) throw detail
    if (detail === undefined) throw notFound()
    return detail
  }
}

const notFound = () => new Document360Error('http', 'HTTP 404', 404)
const detail = (id: string, warnings: string[] = ['old'], errors: string[] = []): LogDetail => ({
  id,
  errors: errors.map(message => ({ message, path: '/e' })),
  warnings: warnings.map(message => ({ message, path: '/w' }))
})

const JUDGED: ImportLog = { id: 'judged', status: 'Completed', errorCount: 0, warningCount: 2 }

function context(
  older: RawLog[],
  client: FakeClient,
  others: Record<string, FakeClient> = {},
  history: Partial<LogHistory> = {}
): BaselineContext {
  return {
    judged: JUDGED,
    history: { older: older.map(toLogListEntry), page: 1, pageSize: 100, full: false, ...history },
    apiReferenceId: 'ref-staging',
    projectId: 'proj',
    client,
    clientFor: id => others[id] ?? new FakeClient()
  }
}

describe('baseline: previous', () => {
  test('the newest finished import before the judged one, skipping running and unknown ones', async () => {
    const client = new FakeClient({}, { failed: detail('failed') })
    const older = [
      raw('pending', 'Pending'),
      raw('running', 'InProgress'),
      raw('odd', 'PartiallyImported'),
      raw('failed', 'Failed', 2, 1),
      raw('completed', 'Completed')
    ]
    const outcome = await findBaseline({ kind: 'previous' }, context(older, client))
    assert.ok('baseline' in outcome)
    assert.equal(outcome.baseline.log.id, 'failed', 'an older failed import is a valid baseline')
    assert.deepEqual(client.calls, ['detail failed'], 'one request: its detail')
    assert.deepEqual(outcome.baseline.findings, [
      { severity: 'warning', message: 'old', path: '/w' }
    ])
    assert.deepEqual(outcome.baseline.unlisted, { errors: 2, warnings: 0 })
  })

  test('history listed out of order: no baseline is guessed, it is an error', async () => {
    const at = (log: RawLog, created_at: string) => ({ ...log, created_at })
    const older = [
      at(raw('day-old', 'Completed'), '2026-04-30T12:00:00Z'),
      at(raw('hour-old', 'Failed', 3), '2026-05-01T11:00:00Z')
    ]
    const client = new FakeClient({}, { 'day-old': detail('day-old') })
    const judged = {
      ...JUDGED,
      createdAt: '2026-05-01T12:00:00Z',
      createdAtMs: Date.parse('2026-05-01T12:00:00Z')
    }
    await assert.rejects(
      findBaseline({ kind: 'previous' }, { ...context(older, client), judged }),
      /above import log hour-old, created later .*baseline previous/
    )
    assert.deepEqual(client.calls, [])
  })

  test('a clean finished baseline needs no request at all', async () => {
    const client = new FakeClient()
    const outcome = await findBaseline(
      { kind: 'previous' },
      context([raw('clean', 'Success', 0, 0)], client)
    )
    assert.ok('baseline' in outcome)
    assert.deepEqual(outcome.baseline.findings, [])
    assert.deepEqual(client.calls, [])
  })

  test('no finished import before: missing, with what was looked at', async () => {
    const none = await findBaseline({ kind: 'previous' }, context([], new FakeClient()))
    assert.deepEqual(none, {
      missing: 'API reference ref-staging has no import before the judged one'
    })
    const running = await findBaseline(
      { kind: 'previous' },
      context([raw('a', 'Pending')], new FakeClient())
    )
    assert.deepEqual(running, {
      missing:
        'none of the 1 imports of API reference ref-staging before the judged one has finished'
    })
  })

  test('only when a full page holds nothing finished is the next page read', async () => {
    const client = new FakeClient({ 4: [raw('next', 'Completed')] }, { next: detail('next') })
    const outcome = await findBaseline(
      { kind: 'previous' },
      context([raw('a', 'Pending')], client, {}, { page: 3, pageSize: 2, full: true })
    )
    assert.ok('baseline' in outcome)
    assert.equal(outcome.baseline.log.id, 'next')
    assert.deepEqual(client.calls, ['list 4/2', 'detail next'])
  })

  test('never the judged import itself, listed again on the next page', async () => {
    const client = new FakeClient(
      { 2: [raw('judged', 'Completed', 0, 2), raw('older', 'Completed')] },
      { older: detail('older'), judged: detail('judged') }
    )
    const outcome = await findBaseline(
      { kind: 'previous' },
      context([raw('a', 'Pending')], client, {}, { pageSize: 1, full: true })
    )
    assert.ok('baseline' in outcome)
    assert.equal(outcome.baseline.log.id, 'older')
  })

  test('nor the judged import listed again with its id in upper case (the same log)', async () => {
    const client = new FakeClient(
      { 2: [raw('JUDGED', 'Completed', 0, 2), raw('older', 'Completed')] },
      { older: detail('older'), JUDGED: detail('JUDGED') }
    )
    const outcome = await findBaseline(
      { kind: 'previous' },
      context([raw('a', 'Pending')], client, {}, { pageSize: 1, full: true })
    )
    assert.ok('baseline' in outcome)
    assert.equal(outcome.baseline.log.id, 'older')
  })

  test('an API error fetching its findings is thrown (the verdict is error)', async () => {
    const failure = new Document360Error('http', 'HTTP 500', 500)
    const client = new FakeClient({}, { c: failure })
    await assert.rejects(
      findBaseline({ kind: 'previous' }, context([raw('c', 'Completed')], client)),
      failure
    )
  })

  test('unreadable older entries are passed over', async () => {
    const client = new FakeClient({}, { c: detail('c') })
    const older = [{ id: 'x' } as unknown as RawLog, raw('c', 'Completed')]
    const outcome = await findBaseline({ kind: 'previous' }, context(older, client))
    assert.ok('baseline' in outcome)
    assert.equal(outcome.baseline.log.id, 'c')
  })
})

describe('baseline: log:<id>', () => {
  test('on the page read: its detail only', async () => {
    const client = new FakeClient({}, { b: detail('b') })
    const outcome = await findBaseline(
      { kind: 'log', logId: 'b' },
      context([raw('a', 'Completed'), raw('b', 'Completed')], client)
    )
    assert.ok('baseline' in outcome)
    assert.equal((outcome.baseline.log as ImportLog).status, 'Completed')
    assert.deepEqual(client.calls, ['detail b'])
  })

  test('not on the page: its detail only, and unknown counts', async () => {
    const client = new FakeClient({}, { far: detail('far') })
    const outcome = await findBaseline({ kind: 'log', logId: 'far' }, context([], client))
    assert.ok('baseline' in outcome)
    assert.deepEqual(outcome.baseline.log, { id: 'far' })
    assert.deepEqual(client.calls, ['detail far'])
  })

  test('an unknown log, a running one or the judged one itself: missing', async () => {
    const unknown = await findBaseline(
      { kind: 'log', logId: 'nope' },
      context([], new FakeClient())
    )
    assert.deepEqual(unknown, {
      missing: 'there is no import log nope in API reference ref-staging'
    })
    const running = await findBaseline(
      { kind: 'log', logId: 'r' },
      context([raw('r', 'InProgress')], new FakeClient())
    )
    assert.deepEqual(running, { missing: 'import log r is still InProgress' })
    const itself = await findBaseline(
      { kind: 'log', logId: 'judged' },
      context([], new FakeClient())
    )
    assert.deepEqual(itself, { missing: 'log:judged names the judged import itself' })
    // In upper case it is still the judged import, never compared with itself.
    const shouted = await findBaseline(
      { kind: 'log', logId: 'JUDGED' },
      context([], new FakeClient())
    )
    assert.deepEqual(shouted, { missing: 'log:JUDGED names the judged import itself' })
  })
})

describe('baseline: api-reference:<id>', () => {
  test('the newest finished import of the other reference: its list and its detail', async () => {
    const own = new FakeClient()
    const production = new FakeClient(
      { 1: [raw('p-running', 'Pending'), raw('p-done', 'Completed'), raw('p-old', 'Completed')] },
      { 'p-done': detail('p-done') }
    )
    const outcome = await findBaseline(
      { kind: 'api-reference', apiReferenceId: 'ref-production' },
      context([], own, { 'ref-production': production })
    )
    assert.ok('baseline' in outcome)
    assert.equal(outcome.baseline.log.id, 'p-done')
    assert.equal(outcome.baseline.apiReferenceId, 'ref-production')
    assert.deepEqual(production.calls, ['list 1/100', 'detail p-done'])
    assert.deepEqual(own.calls, [])
  })

  test('a reference without imports, or without finished ones, or unknown: missing', async () => {
    const choice = { kind: 'api-reference', apiReferenceId: 'ref-production' } as const
    const empty = await findBaseline(choice, context([], new FakeClient(), {}))
    assert.deepEqual(empty, { missing: 'API reference ref-production has no imports' })
    const running = new FakeClient({ 1: [raw('p', 'Pending')] })
    assert.deepEqual(
      await findBaseline(choice, context([], new FakeClient(), { 'ref-production': running })),
      { missing: 'none of the 1 latest imports of API reference ref-production has finished' }
    )
    const unknown = new FakeClient()
    unknown.listLogs = async () => {
      throw notFound()
    }
    const missing = await findBaseline(
      choice,
      context([], new FakeClient(), { 'ref-production': unknown })
    )
    assert.ok('missing' in missing)
    assert.match(missing.missing, /there is no API reference ref-production in project proj/)
  })

  test('any other API error is thrown', async () => {
    const failing = new FakeClient()
    const failure = new Document360Error('http', 'HTTP 401', 401)
    failing.listLogs = async () => {
      throw failure
    }
    await assert.rejects(
      findBaseline(
        { kind: 'api-reference', apiReferenceId: 'ref-production' },
        context([], new FakeClient(), { 'ref-production': failing })
      ),
      failure
    )
  })
})

describe('the trend', () => {
  test('the judged import last and marked, finished ones before it, oldest first, up to 10', () => {
    const older = usableLogs(
      [
        raw('running', 'InProgress'),
        ...Array.from({ length: 12 }, (_, i) =>
          raw(`old-${i}`, i === 3 ? 'Failed' : 'Completed', i)
        )
      ].map(toLogListEntry)
    )
    const trend = trendOf(JUDGED, older)
    assert.equal(trend.length, 10)
    assert.deepEqual(
      trend.map(entry => entry.logId),
      ['old-8', 'old-7', 'old-6', 'old-5', 'old-4', 'old-3', 'old-2', 'old-1', 'old-0', 'judged']
    )
    assert.equal(trend.at(-1)?.judged, true)
    assert.equal(trend.filter(entry => entry.judged).length, 1)
    assert.equal(trend[5]?.status, 'Failed')
  })

  test('no earlier finished import: no trend', () => {
    assert.deepEqual(trendOf(JUDGED, usableLogs([raw('r', 'Pending')].map(toLogListEntry))), [])
  })
})

describe('a page that is not newest first', () => {
  const at = (id: string, createdAt?: string) =>
    toLogListEntry({ id, status: 'Completed', ...(createdAt ? { created_at: createdAt } : {}) })

  test('newest first (equal dates and logs without one pass over) is in order', () => {
    const entries = [
      at('c', '2026-05-01T12:00:00Z'),
      at('undated'),
      at('b', '2026-05-01T12:00:00Z'),
      at('a', '2026-05-01T10:00:00+00:00'),
      toLogListEntry({ id: 'unusable' })
    ]
    assert.equal(outOfOrder(entries), undefined)
  })

  test('a log listed below an older one is the pair that shows it', () => {
    const entries = [
      at('c', '2026-05-01T12:00:00Z'),
      at('a', '2026-05-01T10:00:00Z'),
      at('undated'),
      at('b', '2026-05-01T11:00:00Z')
    ]
    const pair = outOfOrder(entries)
    assert.deepEqual([pair?.above.id, pair?.below.id], ['a', 'b'])
  })
})
