// A Document360 client wired to undici's MockAgent and a fake clock, for client tests.
// The clock's sleep returns at once but moves time forward and records the wait, so retry
// and rate-limit waits are asserted without real sleeping.

import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { afterEach } from 'node:test'
import { MockAgent, type Interceptable } from 'undici'
import { Document360Client, type ClientOptions } from '../../src/document360/client.ts'
import { Document360Error } from '../../src/document360/errors.ts'
import type { Clock } from '../../src/clock.ts'

export const ORIGIN = 'https://apihub.example.test'
export const OTHER_ORIGIN = 'https://elsewhere.example.test'
export const TOKEN = 'd360_sk_TESTTOKEN_9f8e7d6c5b4a'
export const PROJECT_ID = 'project-5c1e'
export const API_REFERENCE_ID = 'reference-9a3b'
export const LOGS_PATH = `/v3/projects/${PROJECT_ID}/api-references/${API_REFERENCE_ID}/logs`
export const START_MS = Date.UTC(2026, 4, 1, 12, 0, 0)

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
}

export class FakeClock implements Clock {
  time = START_MS
  sleeps: number[] = []
  randomValue = 0
  now(): number {
    return this.time
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms)
    this.time += ms
  }
  random(): number {
    return this.randomValue
  }
}

/** A request as the mock server saw it: path with query, lower-cased headers. */
export interface SeenRequest {
  origin: string
  path: string
  method: string
  headers: Record<string, string>
  /** The request body, for writes. */
  body?: string
}

export interface Reply {
  status: number
  /** Sent as is (string, bytes) or as JSON (object). */
  body?: string | Buffer | object
  headers?: Record<string, string>
}

export interface Harness {
  agent: MockAgent
  clock: FakeClock
  client: Document360Client
  /** Every request that reached a mock, in order, from any origin. */
  requests: SeenRequest[]
  /** Retry messages the client reported. */
  retries: string[]
  /** Answers requests to `origin` (default ORIGIN) whose path matches, one reply per request. */
  serve(replies: Reply[] | ((request: SeenRequest) => Reply), origin?: string): void
  pool(origin?: string): Interceptable
  close(): Promise<void>
}

export function normalizeHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) {
      out[String(headers[i]).toLowerCase()] = String(headers[i + 1])
    }
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = String(value)
  }
  return out
}

export function harness(overrides: Partial<ClientOptions> = {}): Harness {
  const agent = new MockAgent()
  agent.disableNetConnect()
  const clock = new FakeClock()
  const requests: SeenRequest[] = []
  const retries: string[] = []
  const client = new Document360Client({
    apiUrl: ORIGIN,
    token: TOKEN,
    authScheme: 'bearer',
    projectId: PROJECT_ID,
    apiReferenceId: API_REFERENCE_ID,
    deadlineMs: START_MS + 300_000,
    dispatcher: agent,
    clock,
    onRetry: message => retries.push(message),
    ...overrides
  })

  function serve(replies: Reply[] | ((request: SeenRequest) => Reply), origin = ORIGIN): void {
    let index = 0
    const next = (request: SeenRequest): Reply => {
      if (typeof replies === 'function') return replies(request)
      const reply = replies[Math.min(index++, replies.length - 1)]
      if (reply === undefined) throw new Error('no reply configured')
      return reply
    }
    agent
      .get(origin)
      .intercept({ path: () => true, method: () => true })
      .reply(options => {
        const request: SeenRequest = {
          origin,
          path: options.path,
          method: options.method,
          headers: normalizeHeaders(options.headers),
          ...(typeof options.body === 'string' ? { body: options.body } : {})
        }
        requests.push(request)
        const reply = next(request)
        const data =
          Buffer.isBuffer(reply.body) || typeof reply.body !== 'object'
            ? (reply.body ?? '')
            : JSON.stringify(reply.body)
        return { statusCode: reply.status, data, responseOptions: { headers: reply.headers ?? {} } }
      })
      .persist()
  }

  return {
    agent,
    clock,
    client,
    requests,
    retries,
    serve,
    pool: (origin = ORIGIN) => agent.get(origin),
    close: () => agent.close()
  }
}

/**
 * `setup` for a test file: each call makes a harness, and the last one made is closed after
 * each test. Call once, at the top level of the file.
 */
export function harnessPerTest(): (overrides?: Partial<ClientOptions>) => Harness {
  let current: Harness | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
  })
  return overrides => (current = harness(overrides))
}

/** Awaits `promise`, expecting a Document360Error, and returns it. */
export async function failure(promise: Promise<unknown>): Promise<Document360Error> {
  try {
    await promise
  } catch (error) {
    assert.ok(
      error instanceof Document360Error,
      `expected a Document360Error, got ${String(error)}`
    )
    return error
  }
  assert.fail('expected the request to fail')
}
