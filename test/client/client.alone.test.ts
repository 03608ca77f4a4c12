// The Document360 client against undici's MockAgent: headers, paths, parsing, errors, retries,
// redirects, and the token never leaving for another host or showing in a message.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent, EnvHttpProxyAgent } from 'undici'
import { Document360Client } from '../../src/document360/client.ts'
import { Transport } from '../../src/document360/http.ts'
import { dispatcherFromEnvironment } from '../../src/document360/proxy.ts'
import { toLogListEntry } from '../../src/document360/parse.ts'
import { errorCode } from '../../src/document360/retry.ts'
import { USER_AGENT } from '../../src/version.ts'
import {
  API_REFERENCE_ID,
  failure,
  fixture,
  harnessPerTest,
  LOGS_PATH,
  ORIGIN,
  OTHER_ORIGIN,
  PROJECT_ID,
  START_MS,
  TOKEN,
  type Reply
} from './mock-api.ts'

const LOG_ID = '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'
const LIST_BODY = fixture('v3-logs-list-200.json')
const DETAIL_BODY = fixture('v3-log-detail-200.json')
const JSON_HEADERS = { 'content-type': 'application/json' }
const PROBLEM_HEADERS = { 'content-type': 'application/problem+json' }
const OK_LIST: Reply = { status: 200, body: LIST_BODY, headers: JSON_HEADERS }

const setup = harnessPerTest()

function problem(status: number, extra: Record<string, unknown> = {}): Reply {
  const name = `v3-problem-${status}.json`
  const body = { ...(JSON.parse(fixture(name)) as object), ...extra }
  return { status, body, headers: PROBLEM_HEADERS }
}

describe('requests', () => {
  test('bearer: Authorization header, User-Agent with the version, accept JSON', async () => {
    const h = setup({ authScheme: 'bearer' })
    h.serve([OK_LIST])
    await h.client.listLogs(1, 1)
    assert.equal(h.requests.length, 1)
    const headers = h.requests[0]?.headers ?? {}
    assert.equal(headers.authorization, `Bearer ${TOKEN}`)
    assert.equal(headers['x-api-key'], undefined)
    assert.equal(headers['user-agent'], USER_AGENT)
    assert.match(headers['user-agent'] ?? '', /^document360-import-gate\/\d+\.\d+\.\d+/)
    assert.equal(headers.accept, 'application/json')
    assert.equal(h.requests[0]?.method, 'GET')
  })

  test('api-key: X-API-Key header and no Authorization', async () => {
    const h = setup({ authScheme: 'api-key' })
    h.serve([OK_LIST])
    await h.client.listLogs(1, 1)
    const headers = h.requests[0]?.headers ?? {}
    assert.equal(headers['x-api-key'], TOKEN)
    assert.equal(headers.authorization, undefined)
    assert.equal(headers['user-agent'], USER_AGENT)
  })

  test('list: path and paging query', async () => {
    const h = setup()
    h.serve([OK_LIST])
    await h.client.listLogs(1, 1)
    await h.client.listLogs(3, 100)
    assert.deepEqual(
      h.requests.map(r => r.path),
      [`${LOGS_PATH}?page=1&page_size=1`, `${LOGS_PATH}?page=3&page_size=100`]
    )
  })

  test('detail: path with the log id', async () => {
    const h = setup()
    h.serve([{ status: 200, body: DETAIL_BODY, headers: JSON_HEADERS }])
    await h.client.getLogDetail(LOG_ID)
    assert.equal(h.requests[0]?.path, `${LOGS_PATH}/${LOG_ID}`)
  })

  test('ids are encoded into the path, and a base path on api-url is kept', async () => {
    const h = setup({
      apiUrl: `${ORIGIN}/proxy`,
      projectId: 'a b#c',
      apiReferenceId: 'r?1'
    })
    h.serve([{ status: 200, body: { success: true, data: { errors: [], warnings: [] } } }])
    await h.client.getLogDetail('x%y?z#w')
    assert.equal(
      h.requests[0]?.path,
      '/proxy/v3/projects/a%20b%23c/api-references/r%3F1/logs/x%25y%3Fz%23w'
    )
  })

  test('a log id that would leave the logs endpoint is never requested', async () => {
    const h = setup()
    h.serve([{ status: 200, body: DETAIL_BODY }])
    for (const logId of ['.', '..', '%2e%2E', '.%2e', 'x/../y', 'a%2Fb', 'a\\b', '', 'a\nb']) {
      const error = await failure(h.client.getLogDetail(logId))
      assert.equal(error.kind, 'body')
      assert.match(error.message, /^The import log id ".*" (is|contains) .*: the gate will not/)
      assert.ok(!/[\r\n]/.test(error.message), error.message)
    }
    assert.equal(h.requests.length, 0)
  })
})

describe('parsing', () => {
  test('the list fixture: entries newest first, each checked', async () => {
    const h = setup()
    h.serve([OK_LIST])
    const entries = await h.client.listLogs(1, 25)
    assert.deepEqual(entries, [
      {
        log: {
          id: LOG_ID,
          status: 'Success',
          createdAt: '2025-09-25T14:30:00Z',
          createdAtMs: Date.UTC(2025, 8, 25, 14, 30),
          errorCount: 0,
          warningCount: 2
        }
      },
      {
        log: {
          id: '2b3c4d5e-6f7a-8b9c-0d1e-2f3a4b5c6d7e',
          status: 'Failed',
          createdAt: '2025-09-20T11:15:00Z',
          createdAtMs: Date.UTC(2025, 8, 20, 11, 15),
          errorCount: 3,
          warningCount: 0
        }
      }
    ])
  })

  test('the detail fixture: findings with message and path', async () => {
    const h = setup()
    h.serve([{ status: 200, body: DETAIL_BODY, headers: JSON_HEADERS }])
    assert.deepEqual(await h.client.getLogDetail(LOG_ID), {
      id: LOG_ID,
      errors: [
        {
          message: "Invalid schema: missing required field 'type'",
          path: '/components/schemas/UserResponse'
        }
      ],
      warnings: [
        {
          message: 'Deprecated endpoint detected; consider removing in next import',
          path: '/paths/v1/pets/get'
        }
      ]
    })
  })

  test('a detail naming the log asked for in another letter case is that log', async () => {
    const h = setup()
    h.serve([{ status: 200, body: DETAIL_BODY, headers: JSON_HEADERS }])
    const detail = await h.client.getLogDetail(LOG_ID.toUpperCase())
    assert.equal(detail.errors.length, 1)
  })

  test('a detail about another log than the one asked for is refused, never judged', async () => {
    const h = setup()
    h.serve([
      { status: 200, body: DETAIL_BODY, headers: JSON_HEADERS },
      // A numeric id is read as its decimal text: the same log.
      { status: 200, body: { success: true, data: { id: 42, errors: [], warnings: [] } } }
    ])
    const error = await failure(h.client.getLogDetail('other-log'))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /findings of import log "other-log" is about import log "1a2b3c4d/)
    assert.deepEqual((await h.client.getLogDetail('42')).id, '42')
  })

  test('findings that are not a list are an error; absent or null ones are none', async () => {
    const h = setup()
    h.serve([
      { status: 200, body: { success: true, data: { id: 'x', errors: { 0: 'e' }, warnings: [] } } },
      { status: 200, body: { success: true, data: { id: 'x', warnings: 'two' } } },
      { status: 200, body: { success: true, data: { id: 'x', errors: null } } }
    ])
    assert.match(
      (await failure(h.client.getLogDetail('x'))).message,
      /The errors of import log x are not a list/
    )
    assert.match(
      (await failure(h.client.getLogDetail('x'))).message,
      /The warnings of import log x are not a list/
    )
    assert.deepEqual(await h.client.getLogDetail('x'), { id: 'x', errors: [], warnings: [] })
  })

  // Only `true` (or no flag) is a success the gate can confirm.
  for (const success of [false, 'false', 'False', 0, null, 'no', {}]) {
    test(`an envelope with success: ${JSON.stringify(success)} is a failure, whatever data it has`, async () => {
      const h = setup()
      const data = [{ id: 'x', status: 'Completed', error_count: 0, warning_count: 0 }]
      h.serve([{ status: 200, body: { success, data } }])
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(error.kind, 'body')
      assert.match(
        error.message,
        /reported the request to list import logs as unsuccessful \(success: /
      )
    })
  }

  test('a log listed twice on one page: each of its entries is unusable, the others are not', async () => {
    const h = setup()
    const log = (id: string, status: string) => ({ id, status, error_count: 0, warning_count: 0 })
    h.serve([
      {
        status: 200,
        body: {
          success: true,
          data: [log('a', 'Completed'), log('b', 'Failed'), log('a', 'Failed')]
        }
      }
    ])
    const [first, second, third] = await h.client.listLogs(1, 3)
    assert.ok(first && 'unusable' in first && first.id === 'a')
    assert.match(first.unusable, /listed import log "a" 2 times on one page/)
    assert.ok(second && 'log' in second && second.log.id === 'b')
    assert.ok(third && 'unusable' in third && third.id === 'a')
  })

  test('ids that differ only in case are one log listed twice: each entry is unusable', async () => {
    const h = setup()
    const log = (id: string, status: string) => ({ id, status, error_count: 0, warning_count: 0 })
    h.serve([
      {
        status: 200,
        body: { success: true, data: [log('AB-1', 'Completed'), log('ab-1', 'Failed')] }
      }
    ])
    const entries = await h.client.listLogs(1, 2)
    for (const entry of entries) {
      assert.ok('unusable' in entry, JSON.stringify(entry))
      assert.match(entry.unusable, /listed import log "(AB|ab)-1" 2 times on one page/)
    }
  })

  test('a JSON list nested too deeply to read is an error that says so', async () => {
    const h = setup()
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
    h.serve([{ status: 200, body: `{"success": true, "data": [], "x": ${deep}}` }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /HTTP 200, but its JSON body is nested too deeply to read/)
  })

  test('an empty list and a null data are no logs', async () => {
    const h = setup()
    h.serve([
      { status: 200, body: { data: [], success: true } },
      { status: 200, body: { data: null, success: true } }
    ])
    assert.deepEqual(await h.client.listLogs(1, 1), [])
    assert.deepEqual(await h.client.listLogs(1, 1), [])
  })

  test('unknown extra fields are fine', async () => {
    const h = setup()
    h.serve([
      {
        status: 200,
        body: {
          data: [
            {
              id: 'x',
              status: 'Completed',
              created_at: '2026-01-01T00:00:00Z',
              error_count: 0,
              warning_count: 0,
              source: { kind: 'url' },
              duration_ms: 1234
            }
          ],
          success: true,
          pagination: { total: 1 },
          new_thing: [1, 2, 3]
        }
      }
    ])
    const [entry] = await h.client.listLogs(1, 1)
    assert.deepEqual(entry, {
      log: {
        id: 'x',
        status: 'Completed',
        createdAt: '2026-01-01T00:00:00Z',
        createdAtMs: Date.UTC(2026, 0, 1),
        errorCount: 0,
        warningCount: 0
      }
    })
  })

  test('an entry without a status or id is unusable, never a pass', async () => {
    const h = setup()
    h.serve([
      {
        status: 200,
        body: { data: [{ id: 'x', error_count: 0, warning_count: 0 }], success: true }
      }
    ])
    const [entry] = await h.client.listLogs(1, 1)
    assert.ok(entry !== undefined && 'unusable' in entry)
    assert.equal(entry.id, 'x')
    assert.match(entry.unusable, /Import log x has no status/)
    const unusable = (raw: unknown): string => {
      const checked = toLogListEntry(raw)
      assert.ok('unusable' in checked, JSON.stringify(raw))
      return checked.unusable
    }
    assert.match(unusable({ id: 'x', status: null }), /has no status/)
    assert.match(unusable({ id: 'x', status: '  ' }), /has no status/)
    assert.match(unusable({ status: 'Completed' }), /has no id/)
    assert.match(unusable({ id: '..', status: 'Completed' }), /id "\.\." is "\." or "\.\."/)
  })

  test('counts that are not whole numbers are absent (so the verdict is an error)', () => {
    const log = (raw: Record<string, unknown>) => {
      const checked = toLogListEntry({ id: 'x', status: 'Completed', ...raw })
      assert.ok('log' in checked)
      return checked.log
    }
    const entry = log({ error_count: -1, warning_count: '2' })
    assert.equal(entry.errorCount, undefined)
    assert.equal(entry.warningCount, 2)
    assert.equal(log({ error_count: 1.5 }).errorCount, undefined)
  })

  test('a success: false envelope surfaces its errors', async () => {
    const h = setup()
    h.serve([
      {
        status: 200,
        body: {
          data: null,
          success: false,
          request_id: 'req_42',
          errors: [{ code: 'PROJECT_LOCKED', message: 'The project is locked.', field: null }]
        }
      }
    ])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /unsuccessful/)
    assert.match(error.message, /PROJECT_LOCKED: The project is locked\./)
    assert.match(error.message, /req_42/)
  })

  test('a body without data, or with the wrong shape, is a clear error', async () => {
    const h = setup()
    h.serve([
      { status: 200, body: { success: true } },
      { status: 200, body: { data: { id: 'x' }, success: true } },
      { status: 200, body: '[1,2]' },
      { status: 200, body: { data: [], success: true } }
    ])
    assert.match((await failure(h.client.listLogs(1, 1))).message, /no "data" field/)
    assert.match((await failure(h.client.listLogs(1, 1))).message, /is not a list/)
    assert.match((await failure(h.client.listLogs(1, 1))).message, /not a JSON object/)
  })
})

describe('HTTP errors', () => {
  test('401 with a problem body: status, title, detail, code, trace id, and a hint', async () => {
    const h = setup()
    h.serve([problem(401)])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'http')
    assert.equal(error.status, 401)
    assert.match(error.message, /HTTP 401/)
    assert.match(error.message, /Unauthorized/)
    assert.match(error.message, /The authentication token is missing or has expired\./)
    assert.match(error.message, /UNAUTHORIZED: Bearer token is missing or invalid\./)
    assert.match(error.message, /trace_id req_abc123def456/)
    assert.match(error.message, /Check the token/)
    assert.match(error.message, /auth-scheme: it was sent as Authorization: Bearer/)
    assert.doesNotMatch(error.message, /after \d+ tries/)
  })

  test('401 with an empty body (as gateways answer): status and the token hint', async () => {
    const h = setup({ authScheme: 'api-key' })
    h.serve([{ status: 401 }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.status, 401)
    assert.match(error.message, /HTTP 401 \(empty body\)/)
    assert.match(error.message, /Check the token/)
    assert.match(error.message, /auth-scheme: it was sent as X-API-Key/)
  })

  test('404 on the list names the project and API reference', async () => {
    const h = setup()
    h.serve([problem(404)])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.status, 404)
    assert.match(error.message, /HTTP 404/)
    assert.match(
      error.message,
      new RegExp(`Project ${PROJECT_ID} or API reference ${API_REFERENCE_ID} was not found`)
    )
    assert.match(error.message, /check project-id and api-reference-id/)
  })

  test('404 on a detail names the log id too', async () => {
    const h = setup()
    h.serve([problem(404)])
    const error = await failure(h.client.getLogDetail('missing-log'))
    assert.match(error.message, /No import log missing-log/)
    assert.match(error.message, new RegExp(API_REFERENCE_ID))
    assert.match(error.message, new RegExp(PROJECT_ID))
  })

  for (const status of [400, 401, 403, 404, 422]) {
    test(`${status} is never retried`, async () => {
      const h = setup()
      const fixtureStatus = status === 403 ? 401 : status
      h.serve([{ ...problem(fixtureStatus), status }, OK_LIST])
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(error.status, status)
      assert.equal(h.requests.length, 1)
      assert.deepEqual(h.clock.sleeps, [])
      assert.deepEqual(h.retries, [])
    })
  }

  test('403 hints at the scope and project', async () => {
    const h = setup()
    h.serve([{ status: 403, body: '' }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /customerApi scope/)
    assert.match(error.message, new RegExp(PROJECT_ID))
  })
})

describe('retries', () => {
  test('429 then 200 waits as Retry-After says', async () => {
    const h = setup()
    h.serve([{ ...problem(429), headers: { 'retry-after': '7' } }, OK_LIST])
    const entries = await h.client.listLogs(1, 1)
    assert.equal(entries.length, 2)
    assert.equal(h.requests.length, 2)
    assert.deepEqual(h.clock.sleeps, [7000])
    assert.equal(h.retries.length, 1)
    assert.match(h.retries[0] ?? '', /rate limited \(HTTP 429\); waiting 7\.0s/)
  })

  test('repeated 429s with Retry-After: 0 still wait a second each (no burst)', async () => {
    const h = setup({ deadlineMs: START_MS + 10_000 })
    let count = 0
    // Answers after 50 tries, so that a client that does not wait ends (and fails) this test.
    h.serve(() => (++count <= 50 ? { status: 429, headers: { 'retry-after': '0' } } : OK_LIST))
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.status, 429)
    assert.ok(h.requests.length <= 10, `${h.requests.length} requests in 10 s`)
    assert.ok(h.clock.sleeps.every(ms => ms >= 1000))
  })

  test('429: gates told the same reset come back spread over up to 2 s, never sooner', async () => {
    const h = setup()
    h.clock.randomValue = 0.5
    h.serve([
      { ...problem(429), headers: { 'retry-after': '7' } },
      { ...problem(429), headers: { 'retry-after': '0' } },
      OK_LIST
    ])
    await h.client.listLogs(1, 1)
    // 7 s plus half of 2 s; 1 s (the least) plus half of 1 s.
    assert.deepEqual(h.clock.sleeps, [8000, 1500])
  })

  test('429 with an X-RateLimit-Reset epoch waits until then', async () => {
    const h = setup()
    const reset = String(START_MS / 1000 + 12)
    h.serve([{ status: 429, headers: { 'x-ratelimit-reset': reset } }, OK_LIST])
    await h.client.listLogs(1, 1)
    assert.deepEqual(h.clock.sleeps, [12_000])
  })

  test('429 with Retry-After as an HTTP-date waits until then', async () => {
    const h = setup()
    const at = (seconds: number) => new Date(START_MS + seconds * 1000).toUTCString()
    h.serve([
      { status: 429, headers: { 'retry-after': at(12) } },
      // The server's clock is 5 s ahead of the runner's: its Date header decides.
      { status: 429, headers: { 'retry-after': at(12 + 30 + 5), date: at(12 + 5) } },
      OK_LIST
    ])
    await h.client.listLogs(1, 1)
    assert.deepEqual(h.clock.sleeps, [12_000, 30_000])
    assert.match(h.retries[0] ?? '', /waiting 12s/)
  })

  test('503 with Retry-After as an HTTP-date waits until then', async () => {
    const h = setup()
    h.serve([
      { status: 503, headers: { 'retry-after': new Date(START_MS + 3000).toUTCString() } },
      OK_LIST
    ])
    await h.client.listLogs(1, 1)
    assert.deepEqual(h.clock.sleeps, [3000])
  })

  test('429 with an HTTP-date in the past or too far ahead backs off instead', async () => {
    const h = setup()
    h.serve([
      { status: 429, headers: { 'retry-after': new Date(START_MS - 60_000).toUTCString() } },
      { status: 429, headers: { 'retry-after': new Date(START_MS + 86_400_000).toUTCString() } },
      OK_LIST
    ])
    await h.client.listLogs(1, 1)
    // A backoff, but never under the second a 429 always waits.
    assert.deepEqual(h.clock.sleeps, [1000, 1000])
  })

  test('429 with an absurd Retry-After backs off instead', async () => {
    const h = setup()
    h.serve([{ status: 429, headers: { 'retry-after': '86400' } }, OK_LIST])
    await h.client.listLogs(1, 1)
    assert.deepEqual(h.clock.sleeps, [1000])
  })

  test('repeated 429s continue while the deadline allows, then fail clearly', async () => {
    const h = setup({ deadlineMs: START_MS + 60_000 })
    h.serve([{ ...problem(429), headers: { 'retry-after': '10' } }])
    const error = await failure(h.client.listLogs(1, 1))
    // Many more tries than the 3 retries a failing server gets.
    assert.equal(h.requests.length, 6)
    assert.deepEqual(h.clock.sleeps, [10_000, 10_000, 10_000, 10_000, 10_000])
    assert.ok(h.clock.time <= START_MS + 60_000)
    assert.equal(error.status, 429)
    assert.match(error.message, /HTTP 429 after 6 tries/)
    assert.match(error.message, /TOO_MANY_REQUESTS/)
    assert.match(error.message, /rate-limiting this token until the time budget ran out/)
  })

  test('a long run of 429s without Retry-After backs off up to the cap and still passes', async () => {
    const h = setup()
    let count = 0
    h.serve(() => (++count <= 20 ? { status: 429 } : OK_LIST))
    const entries = await h.client.listLogs(1, 1)
    assert.equal(entries.length, 2)
    assert.equal(h.requests.length, 21)
    assert.deepEqual(h.clock.sleeps.slice(0, 6), [1000, 1000, 1000, 2000, 4000, 4000])
    assert.ok(h.clock.sleeps.every(ms => ms <= 8000))
  })

  for (const status of [500, 502, 503]) {
    test(`${status} is retried 3 times, then fails "after 4 tries"`, async () => {
      const h = setup()
      h.serve([status === 500 ? problem(500) : { status, body: '' }])
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(h.requests.length, 4)
      assert.deepEqual(h.clock.sleeps, [250, 500, 1000])
      assert.equal(error.status, status)
      assert.match(error.message, new RegExp(`HTTP ${status} after 4 tries`))
      assert.match(error.message, /retried, then gave up/)
    })
  }

  test('a 503 then a 200 succeeds', async () => {
    const h = setup()
    h.serve([{ status: 503 }, OK_LIST])
    assert.equal((await h.client.listLogs(1, 1)).length, 2)
    assert.equal(h.requests.length, 2)
    assert.match(h.retries[0] ?? '', /HTTP 503; retry 1/)
  })

  test('retries stop when the deadline would be passed', async () => {
    const h = setup({ deadlineMs: START_MS + 1000 })
    h.serve([{ status: 500 }])
    const error = await failure(h.client.listLogs(1, 1))
    // 250 ms, then 500 ms would leave less than the minimum for a request.
    assert.ok(h.requests.length < 4)
    assert.ok(h.clock.time < START_MS + 1000)
    assert.match(error.message, /HTTP 500/)
  })

  test('no request is started once the deadline has passed', async () => {
    const h = setup({ deadlineMs: START_MS - 1 })
    h.serve([OK_LIST])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'timeout')
    assert.equal(h.requests.length, 0)
  })
})

describe('bodies that are not JSON', () => {
  const html =
    '<!DOCTYPE html><html><head><title>502 Bad Gateway</title><style>body{}</style></head>' +
    '<body><h1>Bad Gateway</h1><p>The proxy could not reach the upstream server.</p>' +
    `${'<p>filler</p>'.repeat(200)}</body></html>`

  test('an HTML page with 200: says so, with a short tag-free excerpt', async () => {
    const h = setup()
    h.serve([{ status: 200, body: html, headers: { 'content-type': 'text/html' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /HTTP 200, but the body is not JSON/)
    assert.match(error.message, /Bad Gateway/)
    assert.doesNotMatch(error.message, /<[a-z!/]/i)
    assert.ok(error.message.length < 600, `${error.message.length} characters`)
    assert.match(error.message, /proxy/)
  })

  test('an HTML error page with 502: excerpt without tags after the retries', async () => {
    const h = setup()
    h.serve([{ status: 502, body: html, headers: { 'content-type': 'text/html' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /HTTP 502 after 4 tries/)
    assert.match(error.message, /body starts: "/)
    assert.doesNotMatch(error.message, /<[a-z!/]/i)
    assert.ok(error.message.length < 600)
  })

  test('a truncated JSON body says it is not JSON', async () => {
    const h = setup()
    h.serve([{ status: 200, body: LIST_BODY.slice(0, 60), headers: JSON_HEADERS }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /not JSON/)
    assert.match(error.message, /cut short/)
    assert.equal(error.message.includes('\n'), false)
  })

  test('an empty 200 body says so', async () => {
    const h = setup()
    h.serve([{ status: 200, body: '' }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.match(error.message, /not JSON \(empty body\)/)
  })

  test('a body with a workflow command is folded onto one line', async () => {
    const h = setup()
    h.serve([{ status: 400, body: { title: 'Bad\n::error::pwned', detail: 'x\r\n::add-mask::y' } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(/[\r\n]/.test(error.message), false)
  })
})

describe('the token', () => {
  test('echoed in a problem body, it is redacted from the message', async () => {
    const h = setup()
    h.serve([problem(401, { detail: `Token ${TOKEN} is not valid for this project.` })])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.message.includes(TOKEN), false)
    assert.match(error.message, /Token \*\*\* is not valid/)
  })

  test('echoed at the end of a long detail, not even a part of it shows', async () => {
    const h = setup()
    h.serve([problem(400, { detail: `${'x'.repeat(290)} ${TOKEN}` })])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.message.includes(TOKEN.slice(0, 8)), false, error.message)
  })

  test('echoed in an HTML page or a success: false envelope, it is redacted', async () => {
    const h = setup()
    h.serve([
      { status: 200, body: `<html><body>Bad key ${TOKEN}</body></html>` },
      {
        status: 200,
        body: { success: false, errors: [{ code: 'BAD_KEY', message: `key ${TOKEN}` }] }
      },
      {
        status: 200,
        body: { success: true, data: { id: 'x', errors: [{ message: `saw ${TOKEN}` }] } }
      }
    ])
    const html = await failure(h.client.listLogs(1, 1))
    assert.equal(html.message.includes(TOKEN), false, html.message)
    const envelope = await failure(h.client.listLogs(1, 1))
    assert.equal(envelope.message.includes(TOKEN), false, envelope.message)
    assert.match(envelope.message, /BAD_KEY: key \*\*\*/)
    // Findings are printed as annotations: the token is removed from them too.
    const detail = await h.client.getLogDetail('x')
    assert.equal(detail.errors[0]?.message, 'saw ***')
  })

  test('echoed with JSON escapes (\\u002B, \\/), it is redacted all the same', async () => {
    const token = 'AbC+dEf/GhI0123456789=='
    const h = setup({ token })
    h.serve([
      {
        status: 401,
        body: '{"title":"Unauthorized","detail":"Key AbC\\u002BdEf\\/GhI0123456789== refused"}'
      },
      {
        status: 200,
        body: '{"success":true,"data":{"errors":[{"message":"AbC\\u002BdEf\\/GhI0123456789=="}]}}'
      }
    ])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.message.includes(token), false, error.message)
    assert.match(error.message, /Key \*\*\* refused/)
    const detail = await h.client.getLogDetail('x')
    assert.equal(detail.errors[0]?.message, '***')
  })

  test('retry messages never carry it', async () => {
    const h = setup()
    h.serve([{ status: 503, body: TOKEN }, { status: 429 }, OK_LIST])
    await h.client.listLogs(1, 1)
    assert.equal(h.retries.length, 2)
    assert.ok(h.retries.every(message => !message.includes(TOKEN)))
  })
})

describe('redirects', () => {
  test('a redirect to another origin is refused and the token is not sent there', async () => {
    const h = setup()
    h.serve([
      { status: 302, headers: { location: `${OTHER_ORIGIN}${LOGS_PATH}?page=1&page_size=1` } }
    ])
    h.serve([OK_LIST], OTHER_ORIGIN)
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'redirect')
    assert.match(error.message, /redirected the request to list import logs to another host/)
    assert.match(error.message, new RegExp(OTHER_ORIGIN.replaceAll('.', '\\.')))
    assert.match(error.message, /the token is not sent there/)
    assert.deepEqual(
      h.requests.map(r => r.origin),
      [ORIGIN]
    )
    assert.equal(error.message.includes(TOKEN), false)
  })

  test('a redirect from https to http on the same host is refused too', async () => {
    const h = setup()
    h.serve([{ status: 301, headers: { location: `http://apihub.example.test${LOGS_PATH}` } }])
    h.serve([OK_LIST], 'http://apihub.example.test')
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'redirect')
    assert.equal(h.requests.length, 1)
  })

  test('a same-origin redirect to the same endpoint is followed, with the credentials', async () => {
    const h = setup()
    let count = 0
    // Under a gateway's prefix, ids in upper case, with a trailing slash and one more parameter:
    // the same question.
    const moved = `/gateway${LOGS_PATH.toUpperCase()}/?page_size=1&page=1&sig=abc`
    h.serve(() => (++count === 1 ? { status: 307, headers: { location: moved } } : OK_LIST))
    const entries = await h.client.listLogs(1, 1)
    assert.equal(entries.length, 2)
    assert.deepEqual(
      h.requests.map(r => r.path),
      [`${LOGS_PATH}?page=1&page_size=1`, moved]
    )
    assert.equal(h.requests[1]?.headers.authorization, `Bearer ${TOKEN}`)
  })

  // Followed, the answer to another question would be judged as this one's: another project's
  // or reference's passed import, or an older page whose first log is not the latest.
  for (const [what, location] of [
    ['another API reference', LOGS_PATH.replace(API_REFERENCE_ID, 'other-reference')],
    ['another project', LOGS_PATH.replace(PROJECT_ID, 'other-project')],
    ['another endpoint', '/v3/moved/logs?page=1&page_size=1'],
    ['another page', `${LOGS_PATH}?page=2&page_size=1`],
    ['a repeated parameter', `${LOGS_PATH}?page=2&page=1&page_size=1`],
    ['no query', LOGS_PATH]
  ] as const) {
    test(`a same-origin redirect to ${what} is refused`, async () => {
      const h = setup()
      let count = 0
      h.serve(() => (++count === 1 ? { status: 302, headers: { location } } : OK_LIST))
      const error = await failure(h.client.listLogs(1, 1))
      assert.equal(error.kind, 'redirect')
      assert.match(error.message, /to another endpoint on the same host/)
      assert.equal(h.requests.length, 1)
    })
  }

  test('the debug line of a followed redirect never shows the token, in any case', async () => {
    const debug: string[] = []
    const h = setup({ onDebug: message => debug.push(message) })
    let count = 0
    const location = `${LOGS_PATH}?page=1&page_size=1&echo=${TOKEN.toLowerCase()}`
    h.serve(() => (++count === 1 ? { status: 307, headers: { location } } : OK_LIST))
    await h.client.listLogs(1, 1)
    assert.equal(debug.length, 2)
    assert.ok(
      debug.every(line => !line.toLowerCase().includes(TOKEN.toLowerCase())),
      debug.join('\n')
    )
    assert.match(debug[1] ?? '', /echo=\*\*\*/)
  })

  test('a redirect loop ends with a clear error', async () => {
    const h = setup()
    h.serve([{ status: 302, headers: { location: `${ORIGIN}${LOGS_PATH}?page=1&page_size=1` } }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'redirect')
    assert.match(error.message, /Too many redirects/)
    assert.ok(h.requests.length <= 5)
  })
})

describe('connection errors', () => {
  const reset = () => Object.assign(new Error('other side closed'), { code: 'ECONNRESET' })

  test('a dropped connection is retried, then fails with "Could not reach"', async () => {
    const h = setup()
    h.pool()
      .intercept({ path: () => true })
      .replyWithError(reset())
      .times(4)
    // Reached only if the client tried a fifth time.
    h.serve([OK_LIST])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'network')
    assert.match(error.message, /^Could not reach Document360 at https:\/\/apihub\.example\.test/)
    assert.match(error.message, /to list import logs \(4 tries\)/)
    assert.match(error.message, /ECONNRESET|other side closed/)
    assert.match(error.message, /HTTPS_PROXY/)
    assert.equal(h.requests.length, 0)
    assert.equal(h.agent.pendingInterceptors().filter(i => i.data.error !== null).length, 0)
    assert.deepEqual(h.clock.sleeps, [250, 500, 1000])
    assert.equal(h.retries.length, 3)
  })

  test('the error underneath is kept as the cause', async () => {
    const h = setup()
    const underneath = Object.assign(new Error('certificate has expired'), {
      code: 'CERT_HAS_EXPIRED'
    })
    h.pool()
      .intercept({ path: () => true })
      .replyWithError(underneath)
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(errorCode(error.cause), 'CERT_HAS_EXPIRED')
    assert.match(String((error.cause as Error).message), /certificate has expired/)
  })

  test('one dropped connection, then an answer, succeeds', async () => {
    const h = setup()
    h.pool()
      .intercept({ path: () => true })
      .replyWithError(reset())
    h.serve([OK_LIST])
    assert.equal((await h.client.listLogs(1, 1)).length, 2)
    assert.equal(h.requests.length, 1)
  })

  test('an error that is not transient is not retried', async () => {
    const h = setup()
    const certificate = Object.assign(new Error('certificate has expired'), {
      code: 'CERT_HAS_EXPIRED'
    })
    h.pool()
      .intercept({ path: () => true })
      .replyWithError(certificate)
    h.serve([OK_LIST])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'network')
    assert.match(error.message, /CERT_HAS_EXPIRED: certificate has expired/)
    assert.match(error.message, /NODE_EXTRA_CA_CERTS/)
    assert.deepEqual(h.clock.sleeps, [])
  })
})

describe('body size', () => {
  test('a body over the bound is rejected with a clear message', async () => {
    const h = setup()
    const transport = new Transport({
      baseUrl: ORIGIN,
      headers: {},
      deadlineMs: START_MS + 60_000,
      secrets: [TOKEN],
      dispatcher: h.agent,
      clock: h.clock,
      maxBodyBytes: 1000
    })
    h.serve([{ status: 200, body: { data: 'x'.repeat(2000) } }])
    const description = {
      what: 'list import logs',
      projectId: 'p',
      apiReferenceId: 'r',
      authScheme: 'bearer'
    }
    const error = await failure(transport.getJson('/big', description))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /larger than 1000 bytes/)
    assert.match(error.message, /list import logs/)
    assert.equal(h.requests.length, 1)
  })

  test('the client bounds bodies too (over 32 MiB)', async () => {
    const h = setup()
    h.serve([{ status: 200, body: `{"data":[],"x":"${'x'.repeat(33 * 1024 * 1024)}"}` }])
    const error = await failure(h.client.listLogs(1, 1))
    assert.equal(error.kind, 'body')
    assert.match(error.message, /larger than/)
  })
})

describe('proxies', () => {
  test('no proxy variable: a plain agent', async () => {
    const dispatcher = dispatcherFromEnvironment({})
    assert.ok(dispatcher instanceof Agent)
    assert.ok(!(dispatcher instanceof EnvHttpProxyAgent))
    await dispatcher.close()
  })

  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) {
    test(`${name} set: undici's EnvHttpProxyAgent, without a warning`, async () => {
      const warnings: unknown[] = []
      const onWarning = (warning: unknown) => warnings.push(warning)
      process.on('warning', onWarning)
      const saved = process.env[name]
      process.env[name] = 'http://127.0.0.1:3128'
      try {
        const dispatcher = dispatcherFromEnvironment({ [name]: 'http://127.0.0.1:3128' })
        assert.ok(dispatcher instanceof EnvHttpProxyAgent)
        await dispatcher.close()
      } finally {
        if (saved === undefined) delete process.env[name]
        else process.env[name] = saved
        process.off('warning', onWarning)
      }
      await new Promise(resolve => setImmediate(resolve))
      assert.deepEqual(warnings, [])
    })
  }
})

describe('a server that never answers', () => {
  let server: Server | undefined
  let agent: Agent | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise(resolve => server?.close(resolve) ?? resolve(undefined))
    await agent?.destroy()
    server = undefined
    agent = undefined
  })

  test('the request is abandoned in bounded time', async () => {
    let received = 0
    server = createServer(() => {
      received++
      // Never answers.
    })
    await new Promise<void>(resolve => server?.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    agent = new Agent()
    const started = Date.now()
    const client = new Document360Client({
      apiUrl: `http://127.0.0.1:${port}`,
      token: TOKEN,
      authScheme: 'bearer',
      projectId: PROJECT_ID,
      apiReferenceId: API_REFERENCE_ID,
      deadlineMs: started + 1500,
      requestTimeoutMs: 200,
      dispatcher: agent
    })
    const error = await failure(client.listLogs(1, 1))
    const elapsed = Date.now() - started
    assert.ok(elapsed < 2500, `took ${elapsed} ms`)
    assert.ok(elapsed >= 200, `took ${elapsed} ms`)
    assert.equal(error.kind, 'timeout')
    assert.match(error.message, /gave no complete answer to list import logs in time/)
    assert.ok(received >= 1)
    assert.equal(error.message.includes(TOKEN), false)
  })
})
