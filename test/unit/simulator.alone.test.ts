// The Document360 simulator must behave like the API it stands in for, or every end-to-end
// test built on it proves nothing. These tests talk to it over real HTTP on loopback.

import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { after, describe, it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import {
  DEFAULT_TOKEN,
  FINDINGS_DETAIL,
  namedScenario,
  startSimulator
} from '../../tools/simulator.ts'
import type { Scenario, Simulator, SimulatorOptions } from '../../tools/simulator.ts'
import { parseCliArgs } from '../../tools/simulator/cli.ts'

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >

const running: Simulator[] = []
after(async () => {
  await Promise.all(running.map(sim => sim.close()))
})

async function start(options: SimulatorOptions = {}): Promise<Simulator> {
  const sim = await startSimulator(options)
  running.push(sim)
  return sim
}

function logsUrl(sim: Simulator, query = '', logId?: string): string {
  const base = `${sim.url}/v3/projects/${sim.projectId}/api-references/${sim.apiReferenceId}/logs`
  return `${base}${logId === undefined ? '' : `/${logId}`}${query}`
}

const apiKey = (token = DEFAULT_TOKEN) => ({ 'x-api-key': token })

interface Reply {
  status: number
  headers: Headers
  text: string
  json: Record<string, unknown> & { data?: unknown }
}

async function get(url: string, headers: Record<string, string> = apiKey()): Promise<Reply> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(5000) })
  const text = await response.text()
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    // Left empty: some answers are not JSON on purpose.
  }
  return { status: response.status, headers: response.headers, text, json }
}

type WireLog = Record<string, unknown>
const listData = (reply: Reply) => reply.json.data as WireLog[]

describe('simulator: authentication', () => {
  it('accepts the token as Authorization: Bearer and as X-API-Key', async () => {
    const sim = await start()
    const bearer = await get(logsUrl(sim), { authorization: `Bearer ${DEFAULT_TOKEN}` })
    const key = await get(logsUrl(sim), apiKey())
    assert.equal(bearer.status, 200)
    assert.equal(key.status, 200)
    assert.equal(sim.requests[0]?.headers.authorization, `Bearer ${DEFAULT_TOKEN}`)
  })

  it('answers a wrong or missing token with 401 and the problem body', async () => {
    const sim = await start()
    const wrong = await get(logsUrl(sim), apiKey('d360_sk_wrong'))
    const missing = await get(logsUrl(sim), {})
    for (const reply of [wrong, missing]) {
      assert.equal(reply.status, 401)
      assert.match(reply.headers.get('content-type') ?? '', /^application\/problem\+json/)
      assert.equal(reply.json.type, 'https://developer.document360.com/errors/unauthorized')
      assert.equal((reply.json.errors as Array<{ code: string }>)[0]?.code, 'UNAUTHORIZED')
      assert.match(String(reply.json.trace_id), /^req_sim_/)
    }
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer')
    assert.match(wrong.headers.get('www-authenticate') ?? '', /invalid_token/)
  })

  it('can refuse with an empty 401 body, as a gateway does', async () => {
    const sim = await start({ emptyUnauthorizedBody: true })
    const reply = await get(logsUrl(sim), apiKey('nope'))
    assert.equal(reply.status, 401)
    assert.equal(reply.text, '')
  })

  it('honours a configured token and a restriction to one scheme', async () => {
    const sim = await start({ token: 'custom', authSchemes: ['api-key'] })
    assert.equal((await get(logsUrl(sim), apiKey('custom'))).status, 200)
    assert.equal((await get(logsUrl(sim), { authorization: 'Bearer custom' })).status, 401)
    assert.equal((await get(logsUrl(sim), apiKey())).status, 401)
  })

  it('refuses every token in the unauthorized scenario', async () => {
    const sim = await start({ scenario: 'unauthorized' })
    assert.equal((await get(logsUrl(sim))).status, 401)
  })
})

describe('simulator: paging', () => {
  it('rejects page and page_size values the API does not accept with 400', async () => {
    const sim = await start()
    const bad: Array<[string, string]> = [
      ['?page=0', 'page'],
      ['?page=-1', 'page'],
      ['?page=1.5', 'page'],
      ['?page=abc', 'page'],
      ['?page=', 'page'],
      ['?page=1&page=2', 'page'],
      ['?page_size=0', 'page_size'],
      ['?page_size=101', 'page_size'],
      ['?page_size=2e1', 'page_size']
    ]
    for (const [query, field] of bad) {
      const reply = await get(logsUrl(sim, query))
      assert.equal(reply.status, 400, query)
      assert.match(reply.headers.get('content-type') ?? '', /problem\+json/)
      const errors = reply.json.errors as Array<{ field: string; code: string }>
      assert.deepEqual(
        errors.map(e => e.field),
        [field],
        query
      )
      assert.equal(errors[0]?.code, 'BAD_REQUEST')
    }
    for (const query of ['?page=1&page_size=1', '?page_size=100', '?page=99999']) {
      assert.equal((await get(logsUrl(sim, query))).status, 200, query)
    }
  })

  it('lists newest first, 25 a page by default, and pages through 250 logs', async () => {
    const sim = await start({ scenario: 'paged' })
    const first = listData(await get(logsUrl(sim)))
    assert.equal(first.length, 25)
    const times = first.map(log => Date.parse(String(log.created_at)))
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a)
    )
    const target = sim.scenario.inputs?.['log-id']
    const pages = await Promise.all(
      [1, 2, 3].map(async page => listData(await get(logsUrl(sim, `?page=${page}&page_size=100`))))
    )
    assert.deepEqual(
      pages.map(page => page.length),
      [100, 100, 50]
    )
    assert.equal(pages[0]?.[0]?.error_count, 0, 'the latest log is clean')
    assert.equal(pages[2]?.[10]?.id, target, 'the log-id of the scenario is on page 3')
    assert.equal(pages[2]?.[10]?.error_count, 1)
    assert.ok(pages.flat().every(log => log.id !== target || pages[2]?.includes(log)))
    assert.deepEqual(listData(await get(logsUrl(sim, '?page=4&page_size=100'))), [])
  })

  it('wraps data in the success envelope', async () => {
    const sim = await start({ scenario: 'docs-example' })
    const reply = await get(logsUrl(sim))
    assert.match(reply.headers.get('content-type') ?? '', /^application\/json/)
    assert.equal(reply.json.success, true)
    assert.equal(reply.json.errors, null)
    assert.equal(reply.json.warnings, null)
    assert.match(String(reply.json.request_id), /^req_sim_\d+$/)
    // The documentation's own list, entry for entry.
    assert.deepEqual(reply.json.data, fixture('v3-logs-list-200.json').data)
  })
})

describe('simulator: not found', () => {
  it('answers unknown project, API reference, log ids and paths with 404 problem bodies', async () => {
    const sim = await start({ scenario: 'clean' })
    const urls = [
      `${sim.url}/v3/projects/other/api-references/${sim.apiReferenceId}/logs`,
      `${sim.url}/v3/projects/${sim.projectId}/api-references/other/logs`,
      logsUrl(sim, '', 'ffffffff-0000-4000-8000-000000000000'),
      `${sim.url}/v3/projects`
    ]
    for (const url of urls) {
      const reply = await get(url)
      assert.equal(reply.status, 404, url)
      assert.equal(reply.json.type, 'https://developer.document360.com/errors/not-found')
      assert.equal((reply.json.errors as Array<{ code: string }>)[0]?.code, 'RESOURCE_NOT_FOUND')
    }
    // Ids compare without case, as GUIDs do.
    assert.equal(
      (await get(logsUrl(sim).replace(sim.projectId, sim.projectId.toUpperCase()))).status,
      200
    )
  })

  it('has no such API reference in the not-found scenario', async () => {
    const sim = await start({ scenario: 'not-found' })
    assert.equal((await get(logsUrl(sim))).status, 404)
  })
})

describe('simulator: details', () => {
  it("serves the documentation's detail body in docs-example", async () => {
    const sim = await start({ scenario: 'docs-example' })
    const [latest] = listData(await get(logsUrl(sim, '?page=1&page_size=1')))
    const reply = await get(logsUrl(sim, '', String(latest?.id)))
    assert.equal(reply.status, 200)
    assert.deepEqual(reply.json.data, fixture('v3-log-detail-200.json').data)
  })

  it('points the findings scenario into examples/openapi.yaml, both pointer spellings', async () => {
    const sim = await start({ scenario: 'findings' })
    const [latest] = listData(await get(logsUrl(sim, '?page=1&page_size=1')))
    assert.equal(latest?.status, 'Completed')
    const detail = (await get(logsUrl(sim, '', String(latest?.id)))).json.data as {
      errors: unknown[]
      warnings: Array<{ path: string }>
    }
    assert.equal(detail.errors.length, latest?.error_count)
    assert.equal(detail.warnings.length, latest?.warning_count)
    const paths = detail.warnings.map(w => w.path)
    assert.ok(paths.includes('/paths/~1pets/get'))
    assert.ok(paths.includes('/paths/pets/get'))
    const spec = readFileSync(new URL('../../examples/openapi.yaml', import.meta.url), 'utf8')
    assert.match(spec, /^ {2}\/pets:$/m)
    assert.match(spec, /^ {4}Pet:$/m)
    assert.doesNotMatch(spec, /x-webhooks/, 'one path must resolve to nothing')
    assert.deepEqual(detail, { id: latest?.id, ...FINDINGS_DETAIL })
  })

  it('generates findings that match the counts when a scenario gives none', async () => {
    const scenario: Scenario = {
      name: 'odd',
      description: 'test',
      logs: [{ id: 'log-1', status: 'Completed', errorCount: 3, warningCount: 2 }]
    }
    const sim = await start({ scenario })
    const detail = (await get(logsUrl(sim, '', 'log-1'))).json.data as Record<string, unknown[]>
    assert.equal(detail.errors?.length, 3)
    assert.equal(detail.warnings?.length, 2)
  })

  it('carries hostile text in the injection scenario and thousands in many-findings', async () => {
    const injection = await start({ scenario: 'injection' })
    const [log] = listData(await get(logsUrl(injection)))
    const text = (await get(logsUrl(injection, '', String(log?.id)))).text
    for (const needle of [
      '\\n::error::pwned',
      '\\n::add-mask::x',
      '::stop-commands::x',
      '<img src=x onerror=alert(1)>',
      '[x](javascript:alert(1))',
      '|'
    ]) {
      assert.ok(text.includes(needle), needle)
    }
    const many = await start({ scenario: 'many-findings' })
    const [big] = listData(await get(logsUrl(many)))
    const detail = (await get(logsUrl(many, '', String(big?.id)))).json.data as Record<
      string,
      unknown[]
    >
    assert.equal((detail.errors?.length ?? 0) + (detail.warnings?.length ?? 0), 4500)
    assert.equal(detail.errors?.length, big?.error_count)
  })

  it('leaves out status and counts in missing-fields, and keeps unknown extra fields', async () => {
    const sim = await start({ scenario: 'missing-fields' })
    const [log] = listData(await get(logsUrl(sim)))
    assert.ok(log !== undefined && 'id' in log && 'created_at' in log)
    assert.ok(!('status' in log) && !('error_count' in log) && !('warning_count' in log))
    const extra = await start({
      scenario: {
        name: 'x',
        description: 'x',
        logs: [{ id: 'a', status: 'Done', extra: { x: 1 } }]
      }
    })
    const [withExtra] = listData(await get(logsUrl(extra)))
    assert.equal(withExtra?.x, 1)
    assert.equal(withExtra?.status, 'Done')
    assert.equal(withExtra?.error_count, null)
  })
})

describe('simulator: timelines', () => {
  it('moves in-progress from Pending to InProgress to Completed', async () => {
    const sim = await start({ scenario: 'in-progress', params: { stepMs: 150 } })
    const status = async () => listData(await get(logsUrl(sim, '?page=1&page_size=1')))[0]?.status
    assert.equal(await status(), 'Pending')
    assert.ok(sim.clockOrigin() !== undefined, 'the clock starts at the first request')
    await sleep(200)
    assert.equal(await status(), 'InProgress')
    await sleep(150)
    assert.equal(await status(), 'Completed')
  })

  it('lets a new import appear after an old one (new-import)', async () => {
    const sim = await start({ scenario: 'new-import', params: { appearAfterMs: 150, stepMs: 100 } })
    const before = listData(await get(logsUrl(sim)))
    assert.equal(before.length, 1)
    assert.equal(before[0]?.status, 'Failed')
    const oldId = String(before[0]?.id)
    await sleep(200)
    const later = listData(await get(logsUrl(sim)))
    assert.equal(later.length, 2)
    assert.notEqual(later[0]?.id, oldId, 'the new import is listed first')
    assert.ok(Date.parse(String(later[0]?.created_at)) > Date.parse(String(later[1]?.created_at)))
    const origin = sim.clockOrigin() ?? 0
    assert.ok(Math.abs(Date.parse(String(later[0]?.created_at)) - (origin + 150)) < 1000)
  })

  it('follows a programmed timeline of status and count changes', async () => {
    const scenario: Scenario = {
      name: 'programmed',
      description: 'test',
      logs: [
        {
          id: 'x',
          status: 'Queued',
          changes: [
            { atMs: 100, status: 'Running', errorCount: 0 },
            { atMs: 200, status: 'Completed', errorCount: 4, warningCount: 1 }
          ]
        }
      ]
    }
    const sim = await start({ scenario, clock: 'start' })
    const read = async () => listData(await get(logsUrl(sim)))[0]
    const first = await read()
    assert.equal(first?.status, 'Queued')
    assert.equal(first?.error_count, null, 'counts the scenario left unset are sent as null')
    assert.equal(first?.warning_count, null)
    await sleep(120)
    assert.equal((await read())?.status, 'Running')
    await sleep(120)
    const done = await read()
    assert.equal(done?.status, 'Completed')
    assert.equal(done?.error_count, 4)
    assert.equal(done?.warning_count, 1)
  })
})

describe('simulator: rate limits and faults', () => {
  it('plays rate-limited: 429 with Retry-After and X-RateLimit headers, then 200', async () => {
    const sim = await start({ scenario: 'rate-limited' })
    const replies = [await get(logsUrl(sim)), await get(logsUrl(sim)), await get(logsUrl(sim))]
    assert.deepEqual(
      replies.map(r => r.status),
      [429, 429, 200]
    )
    const limited = replies[0] as Reply
    assert.equal(limited.headers.get('retry-after'), '1')
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0')
    assert.match(limited.headers.get('x-ratelimit-limit') ?? '', /^\d+$/)
    assert.ok(Number(limited.headers.get('x-ratelimit-reset')) >= Math.floor(Date.now() / 1000))
    assert.equal(limited.json.type, 'https://developer.document360.com/errors/too-many-requests')
  })

  it('shares one rate limit across all requests', async () => {
    const sim = await start({ rateLimit: { limit: 3, windowMs: 60_000 } })
    const replies = await Promise.all(Array.from({ length: 5 }, () => get(logsUrl(sim))))
    const statuses = replies.map(r => r.status).sort()
    assert.deepEqual(statuses, [200, 200, 200, 429, 429])
    const ok = replies.find(r => r.status === 200) as Reply
    assert.equal(ok.headers.get('x-ratelimit-limit'), '3')
    const limited = replies.find(r => r.status === 429) as Reply
    const retryAfter = Number(limited.headers.get('retry-after'))
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`)
    assert.equal(limited.headers.get('x-ratelimit-remaining'), '0')
  })

  it('opens a new window when the old one has passed', async () => {
    const sim = await start({ rateLimit: { limit: 1, windowMs: 150 } })
    assert.equal((await get(logsUrl(sim))).status, 200)
    assert.equal((await get(logsUrl(sim))).status, 429)
    await sleep(200)
    assert.equal((await get(logsUrl(sim))).status, 200)
  })

  it('plays flaky: 500, 502 HTML, 503, then the import', async () => {
    const sim = await start({ scenario: 'flaky' })
    const replies = []
    for (let i = 0; i < 4; i += 1) replies.push(await get(logsUrl(sim)))
    assert.deepEqual(
      replies.map(r => r.status),
      [500, 502, 503, 200]
    )
    assert.match(replies[0]?.headers.get('content-type') ?? '', /problem\+json/)
    assert.match(replies[1]?.text ?? '', /<html>/)
    assert.deepEqual(
      sim.requests.map(r => r.status),
      [500, 502, 503, 200]
    )
  })

  it('sends an HTML page in html-error and a cut JSON body in truncated', async () => {
    const html = await start({ scenario: 'html-error' })
    const page = await get(logsUrl(html))
    assert.equal(page.status, 502)
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/)
    assert.match(page.text, /502 Bad Gateway/)
    const truncated = await start({ scenario: 'truncated' })
    const cut = await get(logsUrl(truncated))
    assert.equal(cut.status, 200)
    assert.ok(cut.text.startsWith('{"data":'))
    assert.throws(() => JSON.parse(cut.text))
  })

  it('never answers in hang, and close() still ends at once', async () => {
    const sim = await startSimulator({ scenario: 'hang' })
    await assert.rejects(
      fetch(logsUrl(sim), { headers: apiKey(), signal: AbortSignal.timeout(300) }),
      { name: 'TimeoutError' }
    )
    const pending = fetch(logsUrl(sim), { headers: apiKey() }).catch((error: Error) => error)
    await sleep(50)
    const started = Date.now()
    await sim.close()
    assert.ok(Date.now() - started < 1000)
    assert.ok((await pending) instanceof Error, 'the hung request ends when the server closes')
    assert.equal(sim.requests[0]?.status, undefined)
  })

  it('sends headers at once and the body slowly in trickle', async () => {
    const sim = await start({ scenario: 'trickle', params: { trickleIntervalMs: 100 } })
    const headersAt = await new Promise<{ status: number; bytesAfter300: number }>(resolve => {
      const req = httpRequest(logsUrl(sim), { headers: apiKey() }, res => {
        let bytes = 0
        res.on('data', (chunk: Buffer) => (bytes += chunk.length))
        setTimeout(() => {
          req.destroy()
          resolve({ status: res.statusCode ?? 0, bytesAfter300: bytes })
        }, 300)
      })
      req.end()
    })
    assert.equal(headersAt.status, 200)
    assert.ok(
      headersAt.bytesAfter300 >= 1 && headersAt.bytesAfter300 <= 4,
      `${headersAt.bytesAfter300}`
    )
  })

  it('applies programmed faults by request number: reset, redirect, raw', async () => {
    const scenario: Scenario = {
      ...namedScenario('clean'),
      faults: {
        1: { type: 'reset' },
        2: { type: 'redirect', location: 'http://other.example/steal' },
        3: { type: 'raw', status: 200, body: 'not json' }
      }
    }
    const sim = await start({ scenario })
    await assert.rejects(get(logsUrl(sim)))
    const redirect = await fetch(logsUrl(sim), { headers: apiKey(), redirect: 'manual' })
    assert.equal(redirect.status, 307)
    assert.equal(redirect.headers.get('location'), 'http://other.example/steal')
    assert.equal((await get(logsUrl(sim))).text, 'not json')
    assert.equal((await get(logsUrl(sim))).status, 200)
    assert.deepEqual(
      sim.requests.map(r => r.fault),
      ['reset', 'redirect', 'raw', undefined]
    )
  })
})

describe('simulator: recording and CLI', () => {
  it('records method, path, query, headers, time, kind and status of every request', async () => {
    const sim = await start({ scenario: 'findings' })
    const before = Date.now()
    await get(logsUrl(sim, '?page=1&page_size=1'), { ...apiKey(), 'user-agent': 'gate/1.2.3' })
    const [record] = sim.requests
    assert.equal(record?.method, 'GET')
    assert.equal(
      record?.path,
      `/v3/projects/${sim.projectId}/api-references/${sim.apiReferenceId}/logs`
    )
    assert.deepEqual(record?.query, { page: '1', page_size: '1' })
    assert.equal(record?.headers['user-agent'], 'gate/1.2.3')
    assert.equal(record?.kind, 'list')
    assert.equal(record?.status, 200)
    assert.ok((record?.time ?? 0) >= before - 5)
  })

  it('refuses an unknown scenario, naming the known ones', async () => {
    assert.throws(() => namedScenario('nope'), /Unknown scenario 'nope'.*clean/)
    await assert.rejects(startSimulator({ scenario: 'nope' }), /Unknown scenario 'nope'/)
  })

  it('reads its command line: flags, a positional scenario, the environment', () => {
    const env = { SIMULATOR_TOKEN: 'env-token', SIMULATOR_PROJECT_ID: '' }
    const options = parseCliArgs(
      ['paged', '--port', '8080', '--rate-limit', '10/60', '--step-ms', '50', '--empty-401'],
      env
    )
    assert.deepEqual(options, {
      scenario: 'paged',
      token: 'env-token',
      port: 8080,
      rateLimit: { limit: 10, windowMs: 60_000 },
      params: { stepMs: 50 },
      emptyUnauthorizedBody: true,
      list: false,
      help: false
    })
    assert.equal(parseCliArgs(['--token', 'flag', '-h'], env).token, 'flag', 'a flag wins')
    assert.throws(() => parseCliArgs(['--port', 'x'], {}), /--port needs a whole number/)
    assert.throws(() => parseCliArgs(['--rate-limit', '10'], {}), /--rate-limit needs N\/SECS/)
    assert.throws(() => parseCliArgs(['a', 'b'], {}), /Unexpected argument 'b'/)
    assert.throws(() => parseCliArgs(['--nope'], {}), /Unknown option '--nope'/)
  })

  it('runs as a CLI, printing name=value lines, and serves until killed', async () => {
    const script = fileURLToPath(new URL('../../tools/simulator.ts', import.meta.url))
    const child = spawn(process.execPath, [script, '--scenario', 'paged', '--port', '0'], {
      env: { PATH: process.env.PATH, SIMULATOR_PROJECT_ID: 'demo-project' },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    try {
      let out = ''
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
      for (let i = 0; i < 100 && !out.includes('log-id='); i += 1) await sleep(50)
      const values = Object.fromEntries(
        out
          .trim()
          .split('\n')
          .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
      )
      assert.match(values.url ?? '', /^http:\/\/127\.0\.0\.1:\d+$/)
      assert.equal(values.token, DEFAULT_TOKEN)
      assert.equal(values['project-id'], 'demo-project')
      assert.equal(values.scenario, 'paged')
      const url =
        `${values.url}/v3/projects/demo-project/api-references/${values['api-reference-id']}` +
        `/logs/${values['log-id']}`
      assert.equal((await get(url)).status, 200)
    } finally {
      child.kill('SIGTERM')
    }
    const code = await new Promise(resolve => child.once('close', resolve))
    assert.equal(code, 0)
  })
})

describe('simulator: resync and publish', () => {
  const referenceUrl = (sim: Simulator, reference = sim.apiReferenceId) =>
    `${sim.url}/v3/projects/${sim.projectId}/api-references/${reference}`

  async function send(
    method: 'PUT' | 'POST',
    url: string,
    body: unknown,
    headers: Record<string, string> = apiKey()
  ): Promise<Reply> {
    const response = await fetch(url, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000)
    })
    const text = await response.text()
    let json: Record<string, unknown> = {}
    try {
      json = JSON.parse(text) as Record<string, unknown>
    } catch {
      // not JSON
    }
    return { status: response.status, headers: response.headers, text, json }
  }

  it('a resync answers 202 and starts an import that appears, runs and ends as the scenario says', async () => {
    // Appears after 0.5 s, runs from 2 s, ends at 4 s: each look falls well inside a phase,
    // also on a loaded machine.
    const sim = await start({ scenario: 'resync-fail', params: { stepMs: 2000 } })
    const [before] = listData(await get(logsUrl(sim)))
    const put = await send('PUT', referenceUrl(sim), {
      url: 'https://specs.example.com/a.yaml',
      publish_articles: false
    })
    assert.equal(put.status, 202)
    assert.equal(sim.requests.at(-1)?.kind, 'resync')
    assert.deepEqual(sim.requests.at(-1)?.body, {
      url: 'https://specs.example.com/a.yaml',
      publish_articles: false
    })
    assert.equal(sim.imports.length, 1)
    const started = sim.imports[0]
    assert.equal(started?.status, 'Failed')
    assert.equal(listData(await get(logsUrl(sim)))[0]?.id, before?.id) // not yet listed
    await sleep(1000)
    const [pending] = listData(await get(logsUrl(sim)))
    assert.equal(pending?.id, started?.logId)
    assert.equal(pending?.status, 'Pending')
    await sleep(3500)
    const [done] = listData(await get(logsUrl(sim)))
    assert.deepEqual([done?.status, done?.error_count], ['Failed', 2])
    const detail = await get(logsUrl(sim, '', String(done?.id)))
    assert.equal((detail.json.data as { errors: unknown[] }).errors.length, 2)
  })

  it('a spec URL Document360 cannot fetch ends Failed, with one error naming it', async () => {
    const sim = await start({
      scenario: { name: 'x', description: 'x', logs: [], resync: { runMs: 0 } }
    })
    await send('PUT', referenceUrl(sim), { url: 'https://specs.invalid/a.yaml' })
    const [log] = listData(await get(logsUrl(sim)))
    assert.deepEqual([log?.status, log?.error_count], ['Failed', 1])
    const detail = await get(logsUrl(sim, '', String(log?.id)))
    assert.match(
      JSON.stringify(detail.json),
      /Could not fetch the OpenAPI document from https:\/\/specs\.invalid/
    )
  })

  it('publish records the workspace; another workspace is a 404, a read-only token a 403', async () => {
    const sim = await start({ workspaceId: 'ws-1' })
    assert.equal(
      (await send('POST', `${referenceUrl(sim)}/publish`, { workspace_id: 'ws-1' })).status,
      200
    )
    assert.equal(
      (await send('POST', `${referenceUrl(sim)}/publish`, { workspace_id: 'ws-2' })).status,
      404
    )
    assert.equal((await send('POST', `${referenceUrl(sim)}/publish`, {})).status, 422)
    assert.deepEqual(
      sim.publishes.map(p => [p.apiReferenceId, p.workspaceId]),
      [[sim.apiReferenceId, 'ws-1']]
    )
    const readOnly = await start({ readOnlyToken: true })
    assert.equal(
      (await send('PUT', referenceUrl(readOnly), { url: 'https://a.example/x' })).status,
      403
    )
    assert.equal((await get(logsUrl(readOnly))).status, 200)
    assert.equal((await send('PUT', referenceUrl(sim), { url: 'x' }, {})).status, 401)
  })

  it('a write may take effect and lose its answer (applied faults)', async () => {
    const sim = await start({
      scenario: {
        name: 'x',
        description: 'x',
        logs: [],
        faults: ({ kind }) =>
          kind === 'resync' ? { type: 'problem', status: 502, applied: true } : undefined
      }
    })
    const put = await send('PUT', referenceUrl(sim), { url: 'https://a.example/x' })
    assert.equal(put.status, 502)
    assert.equal(sim.imports.length, 1)
  })

  it('several API references: each its own logs and imports, one shared rate limit', async () => {
    const sim = await start({
      moreApiReferenceIds: ['ref-b'],
      rateLimit: { limit: 4, windowMs: 60_000 },
      scenario: { name: 'x', description: 'x', logs: [], resync: { runMs: 0, appearAfterMs: 0 } }
    })
    await send('PUT', referenceUrl(sim, 'ref-b'), { url: 'https://a.example/x' })
    const a = await get(logsUrl(sim))
    const b = await get(`${referenceUrl(sim, 'ref-b')}/logs`)
    assert.deepEqual(listData(a), [])
    assert.equal(listData(b).length, 1)
    await get(logsUrl(sim))
    assert.equal((await get(`${referenceUrl(sim, 'ref-b')}/logs`)).status, 429)
  })

  it('a log of another run can appear at the first resync, just before its import', async () => {
    const sim = await start({
      scenario: {
        name: 'x',
        description: 'x',
        logs: [
          { id: 'old', status: 'Completed', errorCount: 0, warningCount: 0 },
          {
            id: 'theirs',
            status: 'InProgress',
            errorCount: 0,
            warningCount: 0,
            appearsAtResync: true
          }
        ],
        resync: { appearAfterMs: 0 }
      }
    })
    assert.deepEqual(
      listData(await get(logsUrl(sim))).map(log => log.id),
      ['old']
    )
    await send('PUT', referenceUrl(sim), { url: 'https://a.example/x' })
    const ids = listData(await get(logsUrl(sim))).map(log => log.id)
    assert.deepEqual(ids, [sim.imports[0]?.logId, 'theirs', 'old'])
  })
})
