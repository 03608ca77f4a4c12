// Writes (resync, publish): what is sent, which answers are success, and the rule that a write
// is never repeated once it may have reached Document360 (a second resync is a second import).
// Only a 429 or an error that kept the request from leaving gives another try.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { Agent } from 'undici'
import { Document360Client } from '../../src/document360/client.ts'
import type { RateLimit } from '../../src/document360/retry.ts'
import {
  API_REFERENCE_ID,
  failure,
  FakeClock,
  fixture,
  harnessPerTest,
  PROJECT_ID,
  START_MS,
  TOKEN,
  type Reply
} from './mock-api.ts'

const REFERENCE_PATH = `/v3/projects/${PROJECT_ID}/api-references/${API_REFERENCE_ID}`
const SPEC_URL = 'https://example.com/specs/abc123/openapi.yaml'
const WORKSPACE_ID = 'workspace-77'
const ACCEPTED: Reply = {
  status: 202,
  body: { success: true, data: { id: 'task-1', status: 'Pending' } },
  headers: { 'content-type': 'application/json' }
}

const setup = harnessPerTest()

const withCode = (code: string, message: string) => Object.assign(new Error(message), { code })

/** The two writes, to run each rule against both. */
const WRITES = [
  { name: 'resync', method: 'PUT', call: (client: Document360Client) => client.resync(SPEC_URL) },
  {
    name: 'publish',
    method: 'POST',
    call: (client: Document360Client) => client.publish(WORKSPACE_ID)
  }
] as const

describe('what a write sends', () => {
  test('resync: PUT on the API reference with the URL, articles left as drafts', async () => {
    const h = setup()
    h.serve([ACCEPTED])
    await h.client.resync(SPEC_URL)
    assert.equal(h.requests.length, 1)
    const request = h.requests[0]
    assert.equal(request?.method, 'PUT')
    assert.equal(request?.path, REFERENCE_PATH)
    assert.deepEqual(JSON.parse(request?.body ?? ''), { url: SPEC_URL, publish_articles: false })
    assert.equal(request?.headers['content-type'], 'application/json')
    assert.equal(request?.headers.authorization, `Bearer ${TOKEN}`)
    assert.equal(request?.headers.accept, 'application/json')
  })

  test('publish: POST on .../publish with the workspace', async () => {
    const h = setup({ authScheme: 'api-key' })
    h.serve([{ status: 200, body: '' }])
    await h.client.publish(WORKSPACE_ID)
    const request = h.requests[0]
    assert.equal(request?.method, 'POST')
    assert.equal(request?.path, `${REFERENCE_PATH}/publish`)
    assert.deepEqual(JSON.parse(request?.body ?? ''), { workspace_id: WORKSPACE_ID })
    assert.equal(request?.headers['x-api-key'], TOKEN)
  })

  test('ids are encoded into the path', async () => {
    const h = setup({ projectId: 'a b/c', apiReferenceId: 'r?1' })
    h.serve([ACCEPTED])
    await h.client.resync(SPEC_URL)
    await h.client.publish(WORKSPACE_ID)
    assert.deepEqual(
      h.requests.map(r => r.path),
      [
        '/v3/projects/a%20b%2Fc/api-references/r%3F1',
        '/v3/projects/a%20b%2Fc/api-references/r%3F1/publish'
      ]
    )
  })

  for (const [projectId, apiReferenceId] of [
    ['p', '..'] as const,
    ['p', '.'],
    ['..', 'r'],
    ['.', '.']
  ]) {
    test(`ids "${projectId}" / "${apiReferenceId}" would move the write elsewhere: not sent`, async () => {
      const h = setup({ projectId, apiReferenceId })
      h.serve([ACCEPTED])
      for (const write of WRITES) {
        const error = await failure(write.call(h.client))
        assert.equal(error.kind, 'request')
        assert.match(error.message, /was not sent: an id in its path/)
      }
      await failure(h.client.listLogs(1, 1))
      assert.equal(h.requests.length, 0)
    })
  }
})

describe('answers to a write', () => {
  test('202 with JSON: the parsed body', async () => {
    const h = setup()
    h.serve([ACCEPTED])
    assert.deepEqual(await h.client.resync(SPEC_URL), {
      success: true,
      data: { id: 'task-1', status: 'Pending' }
    })
  })

  for (const reply of [
    { status: 200, body: '' },
    { status: 204 },
    { status: 201, body: '<html>Created</html>' },
    { status: 202, body: Buffer.from([0x00, 0xff, 0x10]) },
    { status: 202, body: 'x', headers: { 'content-encoding': 'zstd' } },
    { status: 299, body: 'accepted' }
  ] as Reply[]) {
    test(`${reply.status} with ${JSON.stringify(reply.body ?? 'no body')}: success, no body`, async () => {
      const h = setup()
      h.serve([reply])
      assert.equal(await h.client.resync(SPEC_URL), undefined)
      assert.equal(await h.client.publish(WORKSPACE_ID), undefined)
    })
  }

  for (const write of WRITES) {
    test(`${write.name}: a 2xx holding a key twice may or may not have worked: looked at, not repeated`, async () => {
      const h = setup()
      h.serve([{ status: 202, body: '{"success": false, "success": true, "data": null}' }])
      const error = await failure(write.call(h.client))
      assert.equal(error.kind, 'ambiguous-write')
      assert.match(
        error.message,
        /HTTP 202, but one object in its body has the key "success" twice/
      )
      assert.match(error.message, /may or may not have taken effect/)
      assert.equal(h.requests.length, 1)
    })
  }

  for (const write of WRITES) {
    test(`${write.name}: a 2xx whose JSON is nested too deeply to read may say success: false: ambiguous, not a success`, async () => {
      const h = setup()
      const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
      h.serve([{ status: 200, body: `{"success": false, "data": ${deep}}` }])
      const error = await failure(write.call(h.client))
      assert.equal(error.kind, 'ambiguous-write')
      assert.match(error.message, /HTTP 200, but its JSON body is nested too deeply to read/)
      assert.match(error.message, /may or may not have taken effect/)
      assert.equal(h.requests.length, 1)
    })
  }

  test('a gzip JSON answer is decoded', async () => {
    const h = setup()
    const body = gzipSync(Buffer.from('{"success":true,"data":null}'))
    h.serve([{ status: 202, body, headers: { 'content-encoding': 'gzip' } }])
    assert.deepEqual(await h.client.publish(WORKSPACE_ID), { success: true, data: null })
  })

  test('a 2xx whose body says success: false is a failure, never a success', async () => {
    const h = setup()
    h.serve([
      {
        status: 200,
        body: { success: false, errors: [{ code: 'NOT_PUBLISHED', message: 'draft missing' }] }
      }
    ])
    const error = await failure(h.client.publish(WORKSPACE_ID))
    assert.equal(error.kind, 'http')
    assert.match(
      error.message,
      /accepted the request to publish API reference .* but reported it as unsuccessful \(errors: NOT_PUBLISHED: draft missing\)/
    )
    assert.equal(h.requests.length, 1)
  })

  for (const success of ['false', 0, null]) {
    test(`a 202 whose body says success: ${JSON.stringify(success)} is no publish either`, async () => {
      const h = setup()
      h.serve([{ status: 202, body: { success, data: null } }])
      const error = await failure(h.client.publish(WORKSPACE_ID))
      assert.match(error.message, /but reported it as unsuccessful/)
      assert.equal(h.requests.length, 1)
    })
  }
})

describe('a write that may have reached Document360 is never repeated', () => {
  for (const write of WRITES) {
    for (const status of [500, 502, 503, 504, 599, 408]) {
      test(`${write.name}: HTTP ${status} → ambiguous-write, one ${write.method}`, async () => {
        const h = setup()
        h.serve([{ status, body: { title: 'Internal Server Error', trace_id: 't-1' } }, ACCEPTED])
        const error = await failure(write.call(h.client))
        assert.equal(error.kind, 'ambiguous-write')
        assert.equal(error.status, status)
        assert.equal(h.requests.length, 1)
        assert.deepEqual(h.clock.sleeps, [])
        assert.match(
          error.message,
          new RegExp(`with HTTP ${status} \\(Internal Server Error — trace_id t-1\\)`)
        )
        assert.match(error.message, /may or may not have taken effect/)
        assert.match(error.message, /not sent again/)
      })
    }

    for (const [code, message] of [
      ['ECONNRESET', 'read ECONNRESET'],
      ['UND_ERR_SOCKET', 'other side closed'],
      ['EPIPE', 'write EPIPE'],
      ['ETIMEDOUT', 'read ETIMEDOUT'],
      ['UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error']
    ] as const) {
      test(`${write.name}: ${code} → ambiguous-write, not sent again`, async () => {
        const h = setup()
        h.pool()
          .intercept({ path: () => true, method: write.method })
          .replyWithError(withCode(code, message))
        // Reached only if the client sent the write a second time.
        h.serve([ACCEPTED])
        const error = await failure(write.call(h.client))
        assert.equal(error.kind, 'ambiguous-write')
        assert.equal(h.requests.length, 0)
        assert.match(error.message, /may or may not have taken effect/)
        assert.ok(h.retries.length === 0)
      })
    }

    for (const status of [301, 302, 303, 307, 308]) {
      test(`${write.name}: a redirect (${status}) is not followed → ambiguous-write`, async () => {
        const h = setup()
        h.serve([{ status, headers: { location: `${REFERENCE_PATH}/elsewhere` } }, ACCEPTED])
        const error = await failure(write.call(h.client))
        assert.equal(error.kind, 'ambiguous-write')
        assert.match(error.message, new RegExp(`with a redirect \\(HTTP ${status}\\)`))
        assert.equal(h.requests.length, 1)
      })
    }
  }

  test('the token is not in the message, in any case', async () => {
    const h = setup()
    h.serve([{ status: 500, body: { title: 'Oops', detail: `token ${TOKEN.toUpperCase()}` } }])
    const error = await failure(h.client.resync(SPEC_URL))
    assert.equal(error.message.toLowerCase().includes(TOKEN.toLowerCase()), false, error.message)
  })
})

describe('a write that surely did not leave is tried again', () => {
  for (const write of WRITES) {
    for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']) {
      test(`${write.name}: ${code} twice, then accepted`, async () => {
        const h = setup()
        h.pool()
          .intercept({ path: () => true, method: write.method })
          .replyWithError(withCode(code, `connect ${code} 192.0.2.1:443`))
          .times(2)
        h.serve([ACCEPTED])
        await write.call(h.client)
        assert.equal(h.requests.length, 1)
        assert.deepEqual(h.clock.sleeps, [250, 500])
        assert.equal(h.retries.length, 2)
      })
    }

    test(`${write.name}: 429 then accepted, waiting as Retry-After says`, async () => {
      const h = setup()
      h.serve([{ status: 429, headers: { 'retry-after': '7' } }, ACCEPTED])
      await write.call(h.client)
      assert.equal(h.requests.length, 2)
      assert.deepEqual(h.clock.sleeps, [7000])
      assert.match(h.retries[0] ?? '', /rate limited \(HTTP 429\); waiting 7\.0s/)
    })
  }

  test('429 with Retry-After as an HTTP-date', async () => {
    const h = setup()
    const at = new Date(START_MS + 20_000).toUTCString()
    h.serve([{ status: 429, headers: { 'retry-after': at } }, ACCEPTED])
    await h.client.resync(SPEC_URL)
    assert.deepEqual(h.clock.sleeps, [20_000])
  })

  test('repeated 429s with Retry-After: 0 wait a second each (no burst), until the deadline', async () => {
    const h = setup({ deadlineMs: START_MS + 10_000 })
    h.serve([{ status: 429, headers: { 'retry-after': '0' } }])
    const error = await failure(h.client.resync(SPEC_URL))
    assert.equal(error.kind, 'http')
    assert.equal(error.status, 429)
    assert.ok(h.requests.length <= 10, `${h.requests.length} requests in 10 s`)
    assert.ok(h.clock.sleeps.every(ms => ms >= 1000))
  })

  test('a connection refused every time: 4 tries, then "nothing changed"', async () => {
    const h = setup()
    h.pool()
      .intercept({ path: () => true, method: 'PUT' })
      .replyWithError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 192.0.2.1:443'))
      .times(4)
    h.serve([ACCEPTED])
    const error = await failure(h.client.resync(SPEC_URL))
    assert.equal(error.kind, 'network')
    assert.match(
      error.message,
      /Could not reach Document360 .* to resync API reference .* \(4 tries\)/
    )
    assert.match(error.message, /did not reach Document360, so nothing changed/)
    assert.equal(h.requests.length, 0)
  })

  for (const [code, message] of [
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND apihub.example.test'],
    ['CERT_HAS_EXPIRED', 'certificate has expired']
  ] as const) {
    test(`${code}: not sent, not worth another try → network error, once`, async () => {
      const h = setup()
      h.pool()
        .intercept({ path: () => true, method: 'PUT' })
        .replyWithError(withCode(code, message))
      h.serve([ACCEPTED])
      const error = await failure(h.client.resync(SPEC_URL))
      assert.equal(error.kind, 'network')
      assert.match(error.message, /nothing changed/)
      assert.deepEqual(h.clock.sleeps, [])
    })
  }

  test('no time left: nothing sent, a timeout (not ambiguous)', async () => {
    const h = setup({ deadlineMs: START_MS - 1 })
    h.serve([ACCEPTED])
    const error = await failure(h.client.resync(SPEC_URL))
    assert.equal(error.kind, 'timeout')
    assert.match(error.message, /time budget ran out before the request to resync/)
    assert.equal(h.requests.length, 0)
  })
})

describe('refusals of a write: hints that fit a write', () => {
  const cases: [number, 'resync' | 'publish', RegExp][] = [
    [401, 'resync', /Check the token .* auth-scheme/],
    [
      403,
      'resync',
      /may not change API references of project project-5c1e \(a read-only token gets 403\).*write access/
    ],
    [403, 'publish', /write access to API references/],
    [404, 'resync', /Project project-5c1e or API reference reference-9a3b was not found/],
    [
      404,
      'publish',
      /workspace workspace-77 was not found: check project-id, api-reference-id and workspace-id/
    ],
    [409, 'resync', /another import of this API reference may still be running/],
    [422, 'resync', /check resync-url/],
    [400, 'publish', /check workspace-id/]
  ]
  for (const [status, name, hint] of cases) {
    test(`${name}: HTTP ${status}, once, with its hint`, async () => {
      const h = setup()
      h.serve([
        {
          status,
          body: fixture(`v3-problem-${status === 403 || status === 409 ? 400 : status}.json`)
        }
      ])
      const write = WRITES.find(w => w.name === name)
      assert.ok(write)
      const error = await failure(write.call(h.client))
      assert.equal(error.kind, 'http')
      assert.equal(error.status, status)
      assert.equal(h.requests.length, 1)
      assert.match(error.message, hint)
      assert.doesNotMatch(error.message, /not allowed to read/)
    })
  }
})

describe('rate-limit headers', () => {
  test('the latest answer: parsed, odd values absent, reported to a callback', async () => {
    const seen: RateLimit[] = []
    const h = setup({ onRateLimit: rateLimit => seen.push(rateLimit) })
    const reset = String(START_MS / 1000 + 40)
    h.serve([
      {
        ...ACCEPTED,
        headers: {
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '12',
          'x-ratelimit-reset': reset
        }
      },
      { status: 200, body: { data: [] }, headers: { 'x-ratelimit-remaining': '-4' } },
      {
        status: 429,
        headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '60' }
      },
      { status: 200, body: { data: [] }, headers: { 'x-ratelimit-remaining': '58' } }
    ])
    await h.client.resync(SPEC_URL)
    assert.deepEqual(h.client.rateLimit, {
      limit: 60,
      remaining: 12,
      resetAtMs: START_MS + 40_000
    })
    await h.client.listLogs(1, 1)
    assert.equal(h.client.rateLimit, undefined)
    await h.client.listLogs(1, 1)
    assert.deepEqual(h.client.rateLimit, { remaining: 58 })
    assert.deepEqual(seen, [
      { limit: 60, remaining: 12, resetAtMs: START_MS + 40_000 },
      { limit: 60, remaining: 0 },
      { remaining: 58 }
    ])
  })
})

describe('against real sockets', () => {
  let server: Server | undefined
  let agent: Agent | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)))
    await agent?.destroy()
    server = undefined
    agent = undefined
  })

  async function start(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler)
    await new Promise<void>(resolve => server?.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  function client(apiUrl: string, clock?: FakeClock): Document360Client {
    agent = new Agent()
    return new Document360Client({
      apiUrl,
      token: TOKEN,
      authScheme: 'bearer',
      projectId: PROJECT_ID,
      apiReferenceId: API_REFERENCE_ID,
      deadlineMs: (clock?.now() ?? Date.now()) + 6000,
      // Long enough for the request to reach the server on a loaded machine.
      requestTimeoutMs: 1000,
      dispatcher: agent,
      ...(clock ? { clock } : {})
    })
  }

  test('a server that takes the PUT and never answers: one PUT, ambiguous-write', async () => {
    let received = 0
    const url = await start(() => {
      received++
    })
    const error = await failure(client(url).resync(SPEC_URL))
    assert.equal(error.kind, 'ambiguous-write')
    assert.match(
      error.message,
      /request to resync .* timed out \(no complete answer within 1\.0s\)/
    )
    await new Promise(resolve => setTimeout(resolve, 200))
    assert.equal(received, 1)
  })

  test('a server that drops the connection on the PUT: one PUT, ambiguous-write', async () => {
    let received = 0
    const url = await start(request => {
      received++
      request.socket.destroy()
    })
    const error = await failure(client(url).resync(SPEC_URL))
    assert.equal(error.kind, 'ambiguous-write')
    assert.match(error.message, /failed during the request to resync/)
    assert.equal(received, 1)
  })

  test('a port nobody listens on: tried again (nothing was sent), then "nothing changed"', async () => {
    const url = await start(() => {})
    await new Promise(resolve => server?.close(resolve))
    server = undefined
    const clock = new FakeClock()
    const error = await failure(client(url, clock).resync(SPEC_URL))
    assert.equal(error.kind, 'network')
    assert.match(error.message, /ECONNREFUSED/)
    assert.match(error.message, /nothing changed/)
    assert.equal(clock.sleeps.length > 0, true)
  })
})
