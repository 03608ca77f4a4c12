// A Document360 V3 stand-in for the two import-log endpoints, served with node:http on
// loopback. It checks the token, validates paging as the API documents, answers with the
// API's own body shapes (RFC 7807 problem bodies for errors) and plays scenarios: named
// ones (see SCENARIO_NAMES) or a Scenario object a test builds for an odd case.
//
// Also a CLI: `node test/support/simulator.ts --scenario findings [--port 0]` prints
// `name=value` lines (url, token, ids, suggested inputs) on stdout and serves until killed.

import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export const DEFAULT_TOKEN = 'd360_sk_simulator_secret_token'
export const DEFAULT_PROJECT_ID = '5c1e0d3a-7b2f-4e8a-9d6c-3f0a1b2c3d4e'
export const DEFAULT_API_REFERENCE_ID = '9a3b4c5d-6e7f-8a9b-0c1d-2e3f4a5b6c7d'

export type AuthScheme = 'bearer' | 'api-key'

/** A finding as the scenario states it; missing fields are sent as null. */
export interface ScenarioFinding {
  message?: string | null
  path?: string | null
}

export interface ScenarioDetail {
  errors?: ScenarioFinding[]
  warnings?: ScenarioFinding[]
}

/** A change of a log's state, `atMs` after the clock origin (see SimulatorOptions.clock). */
export interface LogChange {
  atMs: number
  status?: string | null
  errorCount?: number | null
  warningCount?: number | null
}

type WireLogField = 'id' | 'status' | 'created_at' | 'error_count' | 'warning_count'

export interface ScenarioLog {
  id: string
  status?: string | null
  errorCount?: number | null
  warningCount?: number | null
  /** Absolute creation time (ISO 8601). Wins over createdAtMs. */
  createdAt?: string
  /** Creation time relative to the clock origin (negative: before it). Default: the moment
   * the log appears, or (index + 1) × 10 minutes before the origin. */
  createdAtMs?: number
  /** The log is not listed (and its detail is a 404) until this many ms after the origin. */
  appearsAtMs?: number
  /** Status and count changes over time, applied in order of atMs. */
  changes?: LogChange[]
  /** Wire fields left out of the list entry (for "missing fields" cases). */
  omit?: WireLogField[]
  /** Extra wire fields added to the list entry (unknown fields must be tolerated). */
  extra?: Record<string, unknown>
  /** Findings of the detail endpoint. Default: generated findings matching the counts. */
  detail?: ScenarioDetail
}

/** Something a gateway, proxy or sick server does instead of (or to) the normal answer. */
export type Fault =
  /** An RFC 7807 problem body of this status (the documentation's body where there is one). */
  | { type: 'problem'; status: number; headers?: Record<string, string>; emptyBody?: boolean }
  /** 429 with Retry-After (omitted when null) and X-RateLimit-* headers. */
  | { type: 'rate-limit'; retryAfter?: number | string | null; headers?: Record<string, string> }
  /** An HTML error page, as a reverse proxy sends it. Default status 502. */
  | { type: 'html'; status?: number }
  /** Anything at all. */
  | { type: 'raw'; status: number; headers?: Record<string, string>; body?: string }
  /** A redirect (to test that credentials do not follow it to another origin). */
  | { type: 'redirect'; location: string; status?: number }
  /** The normal answer with its JSON body cut short (framing stays valid). */
  | { type: 'truncated'; keepBytes?: number }
  /** The normal answer's headers at once, then its body a few bytes at a time. */
  | { type: 'trickle'; intervalMs?: number; bytesPerChunk?: number }
  /** Accept the request and never answer. */
  | { type: 'hang' }
  /** Drop the connection without an answer. */
  | { type: 'reset' }

export type RequestKind = 'list' | 'detail' | 'other'

export interface FaultContext {
  /** 1-based number of the request, counted over every request the simulator received. */
  n: number
  method: string
  path: string
  kind: RequestKind
  elapsedMs: number
}

export interface Scenario {
  name: string
  /** One line for `--help` lists. */
  description: string
  /** Newest first is not required: the list is sorted by created_at, newest first. */
  logs: ScenarioLog[]
  /** Faults by request number (1-based), or a function deciding per request. */
  faults?: Record<number, Fault> | ((context: FaultContext) => Fault | undefined)
  /** Every token is refused (a revoked key). */
  rejectAllTokens?: boolean
  /** The API reference does not exist (404 for every log request). */
  unknownApiReference?: boolean
  /** Action inputs that suit this scenario (the demo and the CLI print them). */
  inputs?: Record<string, string>
  /** The result the gate should reach with `inputs` (documentation for the demo). */
  expect?: string
}

/** Knobs of the named scenarios. */
export interface ScenarioParams {
  /** in-progress and new-import: time between status steps. Default 2000. */
  stepMs?: number
  /** new-import: when the new import appears. Default 3000. */
  appearAfterMs?: number
  /** rate-limited and flaky: how many failing answers come first. Defaults 2 and 3. */
  failures?: number
  /** rate-limited: the Retry-After value in seconds. Default 1. */
  retryAfter?: number
  /** many-findings: total findings (a third errors). Default 4500. */
  findingCount?: number
  /** paged: how many logs. Default 250 (the judged one is on page 3 of 100). */
  logCount?: number
  /** trickle: ms between body bytes. Default 1000. */
  trickleIntervalMs?: number
}

export interface SimulatorOptions {
  /** A named scenario or a Scenario object. Default 'clean'. */
  scenario?: string | Scenario
  params?: ScenarioParams
  /** Default 0 (a random free port). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  token?: string
  projectId?: string
  apiReferenceId?: string
  /** Accepted ways to send the token. Default both. */
  authSchemes?: AuthScheme[]
  /** Answer 401 with an empty body, as some gateways do. */
  emptyUnauthorizedBody?: boolean
  /** A limit shared by every request: beyond `limit` in a window, 429 with Retry-After. */
  rateLimit?: { limit: number; windowMs: number }
  /** Where timeline times count from: the first request (default) or the server's start. */
  clock?: 'first-request' | 'start'
  /** Delay before every answer, ms. Default 0. */
  latencyMs?: number
}

export interface RecordedRequest {
  n: number
  method: string
  /** Path without the query string. */
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  /** Epoch ms when it arrived. */
  time: number
  kind: RequestKind
  /** Status sent; undefined while pending or when the connection was hung or dropped. */
  status?: number
  /** The fault applied, if any. */
  fault?: Fault['type']
}

export interface Simulator {
  url: string
  port: number
  token: string
  projectId: string
  apiReferenceId: string
  scenario: Scenario
  requests: RecordedRequest[]
  /** Epoch ms the timeline counts from (undefined before the first request by default). */
  clockOrigin(): number | undefined
  close(): Promise<void>
}

// ---------------------------------------------------------------------------------------
// Bodies

const fixturesDir = new URL('../fixtures/', import.meta.url)

function readFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8')) as Record<string, unknown>
}

const PROBLEM_TYPES: Record<number, [suffix: string, title: string, code: string]> = {
  400: ['bad-request', 'Bad Request.', 'BAD_REQUEST'],
  401: ['unauthorized', 'Unauthorized.', 'UNAUTHORIZED'],
  403: ['forbidden', 'Forbidden.', 'FORBIDDEN'],
  404: ['not-found', 'Not Found.', 'RESOURCE_NOT_FOUND'],
  405: ['method-not-allowed', 'Method Not Allowed.', 'METHOD_NOT_ALLOWED'],
  409: ['conflict', 'Conflict.', 'CONFLICT'],
  422: ['validation-error', 'Unprocessable Entity.', 'VALIDATION_ERROR'],
  429: ['too-many-requests', 'Too Many Requests.', 'TOO_MANY_REQUESTS'],
  500: ['internal-error', 'Internal Server Error.', 'INTERNAL_SERVER_ERROR']
}

/** The documentation's problem body for this status where it has one, else one alike. */
export function problemBody(
  status: number,
  traceId: string,
  override: { detail?: string; errors?: Array<{ message: string; field: string | null }> } = {}
): Record<string, unknown> {
  let body: Record<string, unknown>
  if ([400, 401, 404, 422, 429, 500].includes(status)) {
    body = readFixture(`v3-problem-${status}.json`)
  } else {
    const [suffix, title, code] = PROBLEM_TYPES[status] ?? ['error', 'Error.', 'ERROR']
    body = {
      type: `https://developer.document360.com/errors/${suffix}`,
      title,
      status,
      detail: title,
      instance: null,
      trace_id: traceId,
      errors: [{ code, message: title, field: null, details: null }],
      warnings: null
    }
  }
  body.trace_id = traceId
  if (override.detail !== undefined) body.detail = override.detail
  if (override.errors !== undefined) {
    const code = PROBLEM_TYPES[status]?.[2] ?? 'ERROR'
    body.errors = override.errors.map(e => ({ code, ...e, details: null }))
  }
  return body
}

function envelope(data: unknown, requestId: string): Record<string, unknown> {
  return { data, success: true, request_id: requestId, errors: null, warnings: null }
}

const HTML_PAGES: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out'
}

function htmlPage(status: number): string {
  const text = `${status} ${HTML_PAGES[status] ?? 'Error'}`
  return (
    `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n` +
    `<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  )
}

// ---------------------------------------------------------------------------------------
// Named scenarios

const DOCS_LIST = readFixture('v3-logs-list-200.json')
const DOCS_DETAIL = readFixture('v3-log-detail-200.json')

const HOUR = 3_600_000

function uuid(n: number, prefix = '0000'): string {
  const hex = n.toString(16).padStart(12, '0')
  return `${prefix.padStart(8, '0')}-0000-4000-8000-${hex}`
}

/** Findings of the `findings` scenario: paths into examples/openapi.yaml. */
export const FINDINGS_DETAIL: Required<ScenarioDetail> = {
  errors: [
    {
      message: "Unresolved reference '#/components/schemas/Owner'",
      path: '/components/schemas/Pet/properties/owner'
    },
    {
      message: "Invalid schema: missing required field 'type'",
      path: '/components/schemas/NewPet'
    }
  ],
  warnings: [
    { message: "Operation 'listPets' has no description", path: '/paths/~1pets/get' },
    {
      message: "Query parameter 'limit' has no default value",
      path: '/paths/pets/get'
    },
    {
      message: 'Deprecated endpoint detected; consider removing in next import',
      path: '/paths/pets/{petId}/delete'
    },
    { message: "Schema 'Error' is defined but never used", path: '/components/schemas/Error' },
    {
      message: "Unsupported extension 'x-webhooks' skipped",
      path: '/x-webhooks/petAdopted'
    }
  ]
}

const INJECTIONS = [
  'Bad schema\n::error::pwned',
  'Bad schema\n::add-mask::x',
  'Bad schema\r\n::stop-commands::x\n::error file=evil.yaml,line=1::pwned',
  'Description contains <img src=x onerror=alert(1)> and [x](javascript:alert(1))',
  'Table breaker | col | %0A::error::pwned %25 <script>alert(1)</script>'
]

function injectionDetail(): Required<ScenarioDetail> {
  return {
    errors: [
      { message: INJECTIONS[0], path: '/paths/~1pets/get\n::error::pwned' },
      { message: INJECTIONS[1], path: '/components/schemas/Pet|x' },
      { message: INJECTIONS[2], path: '/paths/~1pets/post' }
    ],
    warnings: [
      { message: INJECTIONS[3], path: '/paths/<img src=x onerror=alert(1)>' },
      { message: INJECTIONS[4], path: '/paths/[x](javascript:alert(1))' }
    ]
  }
}

function manyFindings(total: number): Required<ScenarioDetail> {
  const errorCount = Math.floor(total / 3)
  const errors: ScenarioFinding[] = []
  const warnings: ScenarioFinding[] = []
  for (let i = 0; i < total; i += 1) {
    const finding = { message: `Finding ${i + 1} of ${total}`, path: `/paths/~1items~1${i}/get` }
    ;(i < errorCount ? errors : warnings).push(finding)
  }
  return { errors, warnings }
}

type ScenarioFactory = (params: ScenarioParams) => Scenario

const completedLog = (id: string, errors: number, warnings: number): ScenarioLog => ({
  id,
  status: 'Completed',
  errorCount: errors,
  warningCount: warnings,
  createdAtMs: -5 * 60_000
})

const NAMED_SCENARIOS: Record<string, ScenarioFactory> = {
  clean: () => ({
    name: 'clean',
    description: 'Completed with 0 errors and 0 warnings',
    expect: 'passed',
    logs: [completedLog(uuid(1, 'c1ea0'), 0, 0)]
  }),
  'docs-example': () => {
    const [latest, older] = DOCS_LIST.data as Array<Record<string, unknown>>
    const fromWire = (entry: Record<string, unknown> | undefined): ScenarioLog => ({
      id: String(entry?.id),
      status: entry?.status as string,
      createdAt: entry?.created_at as string,
      errorCount: entry?.error_count as number,
      warningCount: entry?.warning_count as number
    })
    return {
      name: 'docs-example',
      description: "The documentation's example: Success, 0 errors, 2 warnings",
      expect: 'passed',
      logs: [{ ...fromWire(latest), detail: DOCS_DETAIL.data as ScenarioDetail }, fromWire(older)]
    }
  },
  failed: () => ({
    name: 'failed',
    description: 'Failed with 2 errors and 1 warning',
    expect: 'failed',
    logs: [
      {
        id: uuid(2, 'fa11ed'),
        status: 'Failed',
        errorCount: 2,
        warningCount: 1,
        createdAtMs: -2 * 60_000,
        detail: {
          errors: [
            { message: 'The document is not valid OpenAPI: missing "info"', path: '' },
            { message: "Invalid schema: missing required field 'type'", path: '/components' }
          ],
          warnings: [{ message: 'No servers defined; using the default host', path: null }]
        }
      }
    ]
  }),
  findings: () => ({
    name: 'findings',
    description: 'Completed, 2 errors and 5 warnings on lines of examples/openapi.yaml (the demo)',
    expect: 'failed',
    inputs: { 'spec-file': 'examples/openapi.yaml' },
    logs: [
      { ...completedLog(uuid(3, 'f1d1'), 2, 5), detail: FINDINGS_DETAIL },
      { ...completedLog(uuid(4, 'f1d1'), 0, 0), createdAtMs: -26 * HOUR }
    ]
  }),
  'in-progress': ({ stepMs = 2000 }) => ({
    name: 'in-progress',
    description: `Pending → InProgress → Completed (0 errors, 1 warning) over ${(2 * stepMs) / 1000} s`,
    expect: 'passed',
    logs: [
      {
        id: uuid(5, '1b9e55'),
        status: 'Pending',
        errorCount: 0,
        warningCount: 0,
        createdAtMs: -1000,
        changes: [
          { atMs: stepMs, status: 'InProgress' },
          { atMs: 2 * stepMs, status: 'Completed', warningCount: 1 }
        ],
        detail: {
          warnings: [
            {
              message: "Operation 'deletePet' is deprecated",
              path: '/paths/~1pets~1{petId}/delete'
            }
          ]
        }
      }
    ]
  }),
  'new-import': ({ stepMs = 2000, appearAfterMs = 3000 }) => ({
    name: 'new-import',
    description: `An old failed import; a new one appears after ${appearAfterMs / 1000} s and completes clean`,
    expect: 'passed (with since: 15m)',
    inputs: { since: '15m' },
    logs: [
      { id: uuid(6, '01d'), status: 'Failed', errorCount: 3, warningCount: 0, createdAtMs: -HOUR },
      {
        id: uuid(7, '0e3'),
        status: 'Pending',
        errorCount: 0,
        warningCount: 0,
        appearsAtMs: appearAfterMs,
        changes: [
          { atMs: appearAfterMs + stepMs / 2, status: 'InProgress' },
          { atMs: appearAfterMs + stepMs, status: 'Completed' }
        ]
      }
    ]
  }),
  empty: () => ({
    name: 'empty',
    description: 'The API reference has no import logs at all',
    expect: 'timed-out',
    inputs: { 'wait-timeout': '4' },
    logs: []
  }),
  'rate-limited': ({ failures = 2, retryAfter = 1 }) => ({
    name: 'rate-limited',
    description: `The first ${failures} requests get 429 with Retry-After: ${retryAfter}, then a clean import`,
    expect: 'passed',
    faults: Object.fromEntries(
      Array.from({ length: failures }, (_, i) => [i + 1, { type: 'rate-limit', retryAfter }])
    ) as Record<number, Fault>,
    logs: [completedLog(uuid(8, 'ra7e'), 0, 0)]
  }),
  flaky: ({ failures = 3 }) => {
    const sequence: Fault[] = [
      { type: 'problem', status: 500 },
      { type: 'html', status: 502 },
      {
        type: 'raw',
        status: 503,
        headers: { 'content-type': 'text/plain' },
        body: 'Service Unavailable'
      }
    ]
    const faults: Record<number, Fault> = {}
    for (let i = 0; i < failures; i += 1) faults[i + 1] = sequence[i % sequence.length] as Fault
    return {
      name: 'flaky',
      description: `${failures} answers of 500, 502 (HTML) and 503, then a clean import`,
      expect: 'passed',
      faults,
      logs: [completedLog(uuid(9, 'f1a4'), 0, 0)]
    }
  },
  unauthorized: () => ({
    name: 'unauthorized',
    description: 'Every token is refused: 401 with the problem body',
    expect: 'error',
    rejectAllTokens: true,
    logs: [completedLog(uuid(10, '401'), 0, 0)]
  }),
  'not-found': () => ({
    name: 'not-found',
    description: 'The API reference does not exist: 404 with the problem body',
    expect: 'error',
    unknownApiReference: true,
    logs: []
  }),
  'html-error': () => ({
    name: 'html-error',
    description: 'A proxy answers every request with a 502 HTML page',
    expect: 'error',
    faults: () => ({ type: 'html', status: 502 }),
    logs: [completedLog(uuid(11, '502'), 0, 0)]
  }),
  truncated: () => ({
    name: 'truncated',
    description: 'Every answer is a 200 whose JSON body is cut short',
    expect: 'error',
    faults: () => ({ type: 'truncated' }),
    logs: [completedLog(uuid(12, '7c'), 0, 0)]
  }),
  hang: () => ({
    name: 'hang',
    description: 'Every request is accepted and never answered',
    expect: 'error, within wait-timeout + about 30 s',
    inputs: { 'wait-timeout': '5' },
    faults: () => ({ type: 'hang' }),
    logs: [completedLog(uuid(13, 'ba9'), 0, 0)]
  }),
  trickle: ({ trickleIntervalMs = 1000 }) => ({
    name: 'trickle',
    description: `Headers at once, then one body byte every ${trickleIntervalMs} ms`,
    expect: 'error, within wait-timeout + about 30 s',
    inputs: { 'wait-timeout': '5' },
    faults: () => ({ type: 'trickle', intervalMs: trickleIntervalMs, bytesPerChunk: 1 }),
    logs: [completedLog(uuid(14, '7e1'), 0, 0)]
  }),
  'unknown-status': () => ({
    name: 'unknown-status',
    description: "Unknown status 'PartiallyImported', 0 errors, 1 warning",
    expect: 'passed, with a warning naming the status',
    logs: [{ ...completedLog(uuid(15, '5a7'), 0, 1), status: 'PartiallyImported' }]
  }),
  'missing-fields': () => ({
    name: 'missing-fields',
    description: 'The latest log has no status and no counts',
    expect: 'error',
    logs: [
      {
        ...completedLog(uuid(16, 'e3b7'), 0, 0),
        omit: ['status', 'error_count', 'warning_count']
      }
    ]
  }),
  injection: () => ({
    name: 'injection',
    description: 'Findings whose messages and paths try workflow commands, HTML and Markdown',
    expect: 'failed, nothing injected',
    logs: [{ ...completedLog(uuid(17, '1ec7'), 3, 2), detail: injectionDetail() }]
  }),
  'many-findings': ({ findingCount = 4500 }) => {
    const detail = manyFindings(findingCount)
    return {
      name: 'many-findings',
      description: `Completed with ${detail.errors.length} errors and ${detail.warnings.length} warnings`,
      expect: 'failed',
      logs: [
        {
          ...completedLog(uuid(18, 'a11'), detail.errors.length, detail.warnings.length),
          detail
        }
      ]
    }
  },
  paged: ({ logCount = 250 }) => {
    // The judged log sits at index 210: page 3 when pages hold 100 logs.
    const targetIndex = Math.min(210, logCount - 1)
    const logs: ScenarioLog[] = []
    for (let i = 0; i < logCount; i += 1) {
      const log: ScenarioLog = {
        id: uuid(i + 1, 'a6e'),
        status: 'Completed',
        errorCount: 0,
        warningCount: 0,
        createdAtMs: -(i + 1) * 60_000
      }
      if (i === targetIndex) Object.assign(log, { errorCount: 1, warningCount: 1 })
      logs.push(log)
    }
    const target = logs[targetIndex] as ScenarioLog
    return {
      name: 'paged',
      description: `${logCount} logs; log-id names one with 1 error, on page 3 of 100`,
      expect: 'failed (the latest log is clean)',
      inputs: { 'log-id': target.id },
      logs
    }
  }
}

export const SCENARIO_NAMES: readonly string[] = Object.keys(NAMED_SCENARIOS)

/** Builds a named scenario; throws with the list of names for an unknown one. */
export function namedScenario(name: string, params: ScenarioParams = {}): Scenario {
  const factory = NAMED_SCENARIOS[name]
  if (factory === undefined) {
    throw new Error(`Unknown scenario '${name}'. Known: ${SCENARIO_NAMES.join(', ')}`)
  }
  return factory(params)
}

// ---------------------------------------------------------------------------------------
// Timeline

interface LogState {
  status: string | null | undefined
  errorCount: number | null | undefined
  warningCount: number | null | undefined
}

function stateAt(log: ScenarioLog, elapsedMs: number): LogState {
  const state: LogState = {
    status: log.status,
    errorCount: log.errorCount,
    warningCount: log.warningCount
  }
  const changes = [...(log.changes ?? [])].sort((a, b) => a.atMs - b.atMs)
  for (const change of changes) {
    if (change.atMs > elapsedMs) break
    if ('status' in change) state.status = change.status
    if ('errorCount' in change) state.errorCount = change.errorCount
    if ('warningCount' in change) state.warningCount = change.warningCount
  }
  return state
}

function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function createdAtOf(log: ScenarioLog, index: number, origin: number): string {
  if (log.createdAt !== undefined) return log.createdAt
  const relative = log.createdAtMs ?? log.appearsAtMs ?? -(index + 1) * 600_000
  return isoSeconds(origin + relative)
}

function wireEntry(log: ScenarioLog, index: number, origin: number, elapsed: number) {
  const state = stateAt(log, elapsed)
  const entry: Record<string, unknown> = {
    id: log.id,
    status: state.status ?? null,
    created_at: createdAtOf(log, index, origin),
    error_count: state.errorCount ?? null,
    warning_count: state.warningCount ?? null,
    ...log.extra
  }
  for (const field of log.omit ?? []) delete entry[field]
  return entry
}

function generatedFindings(kind: string, count: number): ScenarioFinding[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => ({
    message: `Simulated ${kind} ${i + 1} of ${count}`,
    path: `/paths/~1simulated/get/responses/${200 + i}`
  }))
}

function wireFinding(finding: ScenarioFinding) {
  return { message: finding.message ?? null, path: finding.path ?? null }
}

// ---------------------------------------------------------------------------------------
// Server

interface Answer {
  status: number
  headers: Record<string, string>
  body: string | Buffer
}

function jsonAnswer(status: number, body: unknown, headers: Record<string, string> = {}): Answer {
  const contentType =
    status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
  return {
    status,
    headers: { 'content-type': contentType, ...headers },
    body: JSON.stringify(body)
  }
}

const LIST_PATH = /^\/v3\/projects\/([^/]+)\/api-references\/([^/]+)\/logs\/?$/
const DETAIL_PATH = /^\/v3\/projects\/([^/]+)\/api-references\/([^/]+)\/logs\/([^/]+)\/?$/

function classify(path: string): RequestKind {
  if (LIST_PATH.test(path)) return 'list'
  if (DETAIL_PATH.test(path)) return 'detail'
  return 'other'
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

const INT32_MAX = 2_147_483_647

/** Validates a paging parameter as the API documents it; returns an error message or the value. */
function pagingValue(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max: number
): number | string {
  const values = params.getAll(name)
  if (values.length === 0) return fallback
  const raw = values[values.length - 1] as string
  if (values.length > 1) return `'${name}' was given more than once.`
  if (!/^\d+$/.test(raw)) return `The value '${raw}' is not valid for ${name}: a whole number.`
  const value = Number(raw)
  if (value < 1 || value > max) {
    return max === INT32_MAX
      ? `${name} must be 1 or more.`
      : `${name} must be between 1 and ${max}.`
  }
  return value
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const scenario =
    typeof options.scenario === 'object'
      ? options.scenario
      : namedScenario(options.scenario ?? 'clean', options.params)
  const token = options.token ?? DEFAULT_TOKEN
  const projectId = options.projectId ?? DEFAULT_PROJECT_ID
  const apiReferenceId = options.apiReferenceId ?? DEFAULT_API_REFERENCE_ID
  const schemes = options.authSchemes ?? ['bearer', 'api-key']
  const requests: RecordedRequest[] = []
  const timers = new Set<NodeJS.Timeout>()
  let origin = options.clock === 'start' ? Date.now() : undefined
  let window = { start: 0, count: 0 }

  const faultFor = (context: FaultContext): Fault | undefined => {
    const { faults } = scenario
    if (faults === undefined) return undefined
    return typeof faults === 'function' ? faults(context) : faults[context.n]
  }

  const rateLimitCheck = (now: number): { headers: Record<string, string>; retry?: number } => {
    const limit = options.rateLimit
    if (limit === undefined) return { headers: {} }
    if (now - window.start >= limit.windowMs) window = { start: now, count: 0 }
    const resetMs = window.start + limit.windowMs
    const headers = {
      'x-ratelimit-limit': String(limit.limit),
      'x-ratelimit-remaining': String(Math.max(0, limit.limit - window.count - 1)),
      'x-ratelimit-reset': String(Math.ceil(resetMs / 1000))
    }
    if (window.count >= limit.limit) {
      headers['x-ratelimit-remaining'] = '0'
      return { headers, retry: Math.max(1, Math.ceil((resetMs - now) / 1000)) }
    }
    window.count += 1
    return { headers }
  }

  const authorized = (headers: IncomingHttpHeaders): 'ok' | 'missing' | 'invalid' => {
    const bearer = /^bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim()
    const apiKey = headers['x-api-key']
    const key = Array.isArray(apiKey) ? apiKey[0] : apiKey
    const offered: string[] = []
    if (schemes.includes('bearer') && bearer !== undefined) offered.push(bearer)
    if (schemes.includes('api-key') && key !== undefined) offered.push(key.trim())
    if (offered.length === 0) return 'missing'
    if (scenario.rejectAllTokens === true) return 'invalid'
    return offered.includes(token) ? 'ok' : 'invalid'
  }

  /** The answer the API itself would give (rate limit, auth, routing, paging). */
  const normalAnswer = (req: IncomingMessage, url: URL, requestId: string, now: number) => {
    const limited = rateLimitCheck(now)
    if (limited.retry !== undefined) {
      return jsonAnswer(429, problemBody(429, requestId), {
        'retry-after': String(limited.retry),
        ...limited.headers
      })
    }
    const answer = routedAnswer(req, url, requestId, now)
    Object.assign(answer.headers, limited.headers)
    return answer
  }

  const routedAnswer = (req: IncomingMessage, url: URL, requestId: string, now: number) => {
    const path = url.pathname
    const list = LIST_PATH.exec(path)
    const detail = DETAIL_PATH.exec(path)
    const match = list ?? detail
    if (match === null) return jsonAnswer(404, problemBody(404, requestId))

    const auth = authorized(req.headers)
    if (auth !== 'ok') {
      const challenge = auth === 'missing' ? 'Bearer' : 'Bearer error="invalid_token"'
      const headers = { 'www-authenticate': challenge }
      if (options.emptyUnauthorizedBody === true) {
        return { status: 401, headers: { ...headers, 'content-length': '0' }, body: '' }
      }
      return jsonAnswer(401, problemBody(401, requestId), headers)
    }
    if (req.method !== 'GET') {
      return jsonAnswer(405, problemBody(405, requestId), { allow: 'GET' })
    }
    const known =
      sameId(decode(match[1] as string), projectId) &&
      sameId(decode(match[2] as string), apiReferenceId) &&
      scenario.unknownApiReference !== true
    if (!known) return jsonAnswer(404, problemBody(404, requestId))

    const start = origin ?? now
    const elapsed = now - start
    const visible = scenario.logs
      .map((log, index) => ({ log, index }))
      .filter(({ log }) => log.appearsAtMs === undefined || log.appearsAtMs <= elapsed)

    if (detail !== null) {
      const logId = decode(detail[3] as string)
      const found = visible.find(({ log }) => sameId(log.id, logId))
      if (found === undefined) return jsonAnswer(404, problemBody(404, requestId))
      const state = stateAt(found.log, elapsed)
      const errors = found.log.detail?.errors ?? generatedFindings('error', state.errorCount ?? 0)
      const warnings =
        found.log.detail?.warnings ?? generatedFindings('warning', state.warningCount ?? 0)
      const data = {
        id: found.log.id,
        errors: errors.map(wireFinding),
        warnings: warnings.map(wireFinding)
      }
      return jsonAnswer(200, envelope(data, requestId))
    }

    const page = pagingValue(url.searchParams, 'page', 1, INT32_MAX)
    const pageSize = pagingValue(url.searchParams, 'page_size', 25, 100)
    const problems: Array<{ message: string; field: string }> = []
    if (typeof page === 'string') problems.push({ message: page, field: 'page' })
    if (typeof pageSize === 'string') problems.push({ message: pageSize, field: 'page_size' })
    if (typeof page === 'string' || typeof pageSize === 'string') {
      const body = problemBody(400, requestId, {
        detail: 'One or more query parameters are invalid.',
        errors: problems
      })
      return jsonAnswer(400, body)
    }
    const entries = visible
      .map(({ log, index }) => wireEntry(log, index, start, elapsed))
      .map((entry, order) => ({ entry, order, time: Date.parse(String(entry.created_at)) }))
      .sort((a, b) => (b.time || 0) - (a.time || 0) || a.order - b.order)
      .map(({ entry }) => entry)
    const data = entries.slice((page - 1) * pageSize, page * pageSize)
    return jsonAnswer(200, envelope(data, requestId))
  }

  const send = (res: ServerResponse, answer: Answer, record: RecordedRequest) => {
    record.status = answer.status
    res.writeHead(answer.status, {
      'content-length': String(Buffer.byteLength(answer.body)),
      ...answer.headers
    })
    res.end(answer.body)
  }

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer)
      action()
    }, ms)
    timers.add(timer)
  }

  const respond = (req: IncomingMessage, res: ServerResponse, record: RecordedRequest) => {
    const now = Date.now()
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    const requestId = `req_sim_${String(record.n).padStart(6, '0')}`
    const context: FaultContext = {
      n: record.n,
      method: record.method,
      path: record.path,
      kind: record.kind,
      elapsedMs: now - (origin ?? now)
    }
    const fault = faultFor(context)
    if (fault !== undefined) record.fault = fault.type

    switch (fault?.type) {
      case 'hang':
        return
      case 'reset':
        req.socket.destroy()
        return
      case 'problem': {
        const body =
          fault.emptyBody === true ? '' : JSON.stringify(problemBody(fault.status, requestId))
        const headers: Record<string, string> = { ...fault.headers }
        if (body !== '') headers['content-type'] = 'application/problem+json; charset=utf-8'
        return send(res, { status: fault.status, headers, body }, record)
      }
      case 'rate-limit': {
        const headers: Record<string, string> = {
          'x-ratelimit-limit': '60',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(now / 1000) + (Number(fault.retryAfter) || 1)),
          ...fault.headers
        }
        if (fault.retryAfter !== null) headers['retry-after'] = String(fault.retryAfter ?? 1)
        return send(res, jsonAnswer(429, problemBody(429, requestId), headers), record)
      }
      case 'html': {
        const status = fault.status ?? 502
        const headers = { 'content-type': 'text/html', server: 'nginx' }
        return send(res, { status, headers, body: htmlPage(status) }, record)
      }
      case 'raw':
        return send(
          res,
          { status: fault.status, headers: { ...fault.headers }, body: fault.body ?? '' },
          record
        )
      case 'redirect': {
        const headers = { location: fault.location }
        return send(res, { status: fault.status ?? 307, headers, body: '' }, record)
      }
    }

    const answer = normalAnswer(req, url, requestId, now)
    if (fault?.type === 'truncated') {
      const keep = fault.keepBytes ?? Math.max(1, Math.floor(Buffer.byteLength(answer.body) / 2))
      answer.body = Buffer.from(answer.body).subarray(0, keep)
      return send(res, answer, record)
    }
    if (fault?.type === 'trickle') {
      record.status = answer.status
      const bytes = Buffer.from(answer.body)
      res.writeHead(answer.status, { 'content-length': String(bytes.length), ...answer.headers })
      res.flushHeaders()
      const step = Math.max(1, fault.bytesPerChunk ?? 1)
      let offset = 0
      const drip = () => {
        if (res.destroyed) return
        res.write(bytes.subarray(offset, offset + step))
        offset += step
        if (offset >= bytes.length) res.end()
        else later(fault.intervalMs ?? 1000, drip)
      }
      later(fault.intervalMs ?? 1000, drip)
      return
    }
    send(res, answer, record)
  }

  const server: Server = createServer((req, res) => {
    const now = Date.now()
    if (origin === undefined) origin = now
    const url = new URL(req.url ?? '/', 'http://simulator.invalid')
    const record: RecordedRequest = {
      n: requests.length + 1,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      time: now,
      kind: classify(url.pathname)
    }
    requests.push(record)
    // Bodies are not expected; read and drop any so the connection stays usable.
    req.resume()
    const latency = options.latencyMs ?? 0
    if (latency > 0) later(latency, () => respond(req, res, record))
    else respond(req, res, record)
  })
  server.keepAliveTimeout = 5000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address

  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    token,
    projectId,
    apiReferenceId,
    scenario,
    requests,
    clockOrigin: () => origin,
    close() {
      closing ??= new Promise<void>(resolve => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closing
    }
  }
}

// ---------------------------------------------------------------------------------------
// CLI

const CLI_HELP = `Usage: node test/support/simulator.ts [--scenario NAME] [options]

Serves a Document360 V3 import-log stand-in on loopback until killed. Prints name=value
lines on stdout (url, token, project-id, api-reference-id, scenario, then the inputs that
suit the scenario), ready to append to $GITHUB_OUTPUT.

Options:
  --scenario NAME        default clean (or give NAME as the only positional argument)
  --port N               default 0 (a random free port)
  --host ADDRESS         default 127.0.0.1
  --token T              default $SIMULATOR_TOKEN or ${DEFAULT_TOKEN}
  --project-id ID        default $SIMULATOR_PROJECT_ID or ${DEFAULT_PROJECT_ID}
  --api-reference-id ID  default $SIMULATOR_API_REFERENCE_ID or ${DEFAULT_API_REFERENCE_ID}
  --rate-limit N/SECS    shared limit: N requests per SECS-second window, then 429
  --empty-401            answer 401 with an empty body
  --step-ms MS           in-progress/new-import step time
  --latency-ms MS        delay before every answer
  --list                 list the scenarios and exit
`

export function describeScenarios(): string {
  const width = Math.max(...SCENARIO_NAMES.map(name => name.length))
  return SCENARIO_NAMES.map(name => {
    const scenario = namedScenario(name)
    return `  ${name.padEnd(width)}  ${scenario.description} → ${scenario.expect ?? '?'}`
  }).join('\n')
}

function parseCliArgs(argv: string[]): SimulatorOptions & { list?: boolean; help?: boolean } {
  const env = process.env
  const options: SimulatorOptions & { list?: boolean; help?: boolean } = {
    token: env.SIMULATOR_TOKEN || undefined,
    projectId: env.SIMULATOR_PROJECT_ID || undefined,
    apiReferenceId: env.SIMULATOR_API_REFERENCE_ID || undefined,
    params: {}
  }
  const params = options.params as ScenarioParams
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string
    const value = () => {
      const next = argv[++i]
      if (next === undefined) throw new Error(`${arg} needs a value`)
      return next
    }
    const number = () => {
      const raw = value()
      if (!/^\d+$/.test(raw)) throw new Error(`${arg} needs a whole number, not '${raw}'`)
      return Number(raw)
    }
    if (arg === '--scenario') options.scenario = value()
    else if (arg === '--port') options.port = number()
    else if (arg === '--host') options.host = value()
    else if (arg === '--token') options.token = value()
    else if (arg === '--project-id') options.projectId = value()
    else if (arg === '--api-reference-id') options.apiReferenceId = value()
    else if (arg === '--empty-401') options.emptyUnauthorizedBody = true
    else if (arg === '--step-ms') params.stepMs = number()
    else if (arg === '--latency-ms') options.latencyMs = number()
    else if (arg === '--list') options.list = true
    else if (arg === '--help' || arg === '-h') options.help = true
    else if (arg === '--rate-limit') {
      const match = /^(\d+)\/(\d+)s?$/.exec(value())
      if (match === null) throw new Error('--rate-limit needs N/SECS, e.g. 10/60')
      options.rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) * 1000 }
    } else if (!arg.startsWith('-') && options.scenario === undefined) options.scenario = arg
    else throw new Error(`Unknown argument '${arg}'`)
  }
  return options
}

async function cli(argv: string[]): Promise<void> {
  let options
  try {
    options = parseCliArgs(argv)
    if (typeof options.scenario === 'string') namedScenario(options.scenario)
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CLI_HELP}`)
    process.exitCode = 2
    return
  }
  if (options.help === true || options.list === true) {
    const text = options.help === true ? `${CLI_HELP}\nScenarios:\n` : ''
    process.stdout.write(`${text}${describeScenarios()}\n`)
    return
  }
  const sim = await startSimulator(options)
  const lines = [
    `url=${sim.url}`,
    `token=${sim.token}`,
    `project-id=${sim.projectId}`,
    `api-reference-id=${sim.apiReferenceId}`,
    `scenario=${sim.scenario.name}`
  ]
  const core = new Set(lines.map(line => line.slice(0, line.indexOf('='))))
  for (const [name, value] of Object.entries(sim.scenario.inputs ?? {})) {
    if (!core.has(name)) lines.push(`${name}=${value}`)
  }
  process.stdout.write(`${lines.join('\n')}\n`)
  process.stderr.write(
    `Document360 simulator: scenario '${sim.scenario.name}' on ${sim.url} (Ctrl-C to stop)\n`
  )
  const stop = () => {
    void sim.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

if (import.meta.main) {
  await cli(process.argv.slice(2))
}
