// The simulator's shared types: scenarios, faults, options, and what a running simulator
// records and exposes. Type-only: Node erases this module.

import type { IncomingHttpHeaders } from 'node:http'

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
  /**
   * The log appears when the first resync arrives, just before the import that resync starts,
   * created a second earlier: another run's import between this run's snapshot and its resync.
   */
  appearsAtResync?: boolean
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
  (
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
  ) & {
    /** For a resync or publish: the write takes effect before the fault is answered. */
    applied?: boolean
  }

export type RequestKind = 'list' | 'detail' | 'resync' | 'publish' | 'other'

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
  /** Other API references of the project, by id, with their own logs (and details): what an
   * `api-reference:<id>` baseline compares with. Any other reference id is a 404. */
  otherApiReferences?: Record<string, ScenarioLog[]>
  /** Action inputs that suit this scenario (the demo and the CLI print them). */
  inputs?: Record<string, string>
  /** The result the gate should reach with `inputs` (documentation for the demo). */
  expect?: string
  /** What a resync (PUT) starts. Default: an import that completes clean. */
  resync?: ScenarioResync
}

/**
 * The import a resync starts: a new log that appears, runs, then ends as given. A spec URL
 * Document360 cannot fetch (its host ends in `.invalid`, or `unreachable` says so) ends
 * `Failed` with one error naming the URL.
 */
export interface ScenarioResync {
  /** ms after the PUT until the new log is listed (Pending). Default 200. */
  appearAfterMs?: number
  /** ms after the PUT until it is InProgress. Default 500. */
  inProgressAfterMs?: number
  /** ms after the PUT until it ends; a function gets the API reference id. Default 1500. */
  runMs?: number | ((apiReferenceId: string) => number)
  /** How it ends. Default Completed with 0 errors and 0 warnings. */
  status?: string
  errorCount?: number
  warningCount?: number
  detail?: ScenarioDetail
  /** Spec URLs that cannot be fetched, besides hosts ending in `.invalid`. */
  unreachable?: (url: string) => boolean
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
  scenario?: string | Scenario | undefined
  params?: ScenarioParams | undefined
  /** Default 0 (a random free port). */
  port?: number | undefined
  /** Default 127.0.0.1. */
  host?: string | undefined
  token?: string | undefined
  projectId?: string | undefined
  apiReferenceId?: string | undefined
  /** Accepted ways to send the token. Default both. */
  authSchemes?: AuthScheme[] | undefined
  /** Answer 401 with an empty body, as some gateways do. */
  emptyUnauthorizedBody?: boolean | undefined
  /** A limit shared by every request: beyond `limit` in a window, 429 with Retry-After. */
  rateLimit?: { limit: number; windowMs: number } | undefined
  /** Where timeline times count from: the first request (default) or the server's start. */
  clock?: 'first-request' | 'start' | undefined
  /** Delay before every answer, ms. Default 0. */
  latencyMs?: number | undefined
  /** More API references of the project, each with its own copy of the scenario's logs. */
  moreApiReferenceIds?: string[] | undefined
  /** The token may read but not write: 403 for resync and publish. */
  readOnlyToken?: boolean | undefined
  /** The workspace publish accepts (404 for another). Default: any. */
  workspaceId?: string | undefined
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
  /** The JSON body of a resync or publish (undefined when absent or not JSON). */
  body?: unknown
}

/** An import a resync started. Times are epoch ms. */
export interface StartedImport {
  apiReferenceId: string
  logId: string
  url: string
  startedAt: number
  /** When it ends (its final status is listed from then on). */
  finishesAt: number
  status: string
}

export interface RecordedPublish {
  apiReferenceId: string
  workspaceId: string
  time: number
}

export interface Simulator {
  url: string
  port: number
  token: string
  projectId: string
  apiReferenceId: string
  scenario: Scenario
  requests: RecordedRequest[]
  /** Every import a resync started, in order. */
  imports: StartedImport[]
  /** Every publish that took effect, in order. */
  publishes: RecordedPublish[]
  /** Epoch ms the timeline counts from (undefined before the first request by default). */
  clockOrigin(): number | undefined
  close(): Promise<void>
}
