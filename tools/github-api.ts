// Just enough of GitHub's REST API on 127.0.0.1 for the report channels: who the token is
// (GET /user), issue comments (list, paginated with Link headers; create; update) for the
// sticky PR comment, and check runs (create, update with appended annotations, checked against
// the API's limits) and a run attempt's jobs for the check run. Failures, rate limits, latency
// and hangs on demand; every request is recorded, with the most that were ever in flight.

import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StoredComment {
  id: number
  body: string
  user: { login: string; type: string }
}

export interface RecordedRequest {
  method: string
  url: string
  authorization: string | undefined
  body: string
  /** Epoch ms when it arrived. */
  time: number
  /** Status answered (undefined while pending or hung). */
  status?: number
}

export interface CheckRunAnnotationWire {
  path: string
  start_line: number
  end_line: number
  annotation_level: string
  title?: string
  message: string
}

export interface StoredCheckRun {
  id: number
  name: string
  head_sha: string
  status: string
  conclusion: string | null
  output: { title: string | null; summary: string | null }
  annotations: CheckRunAnnotationWire[]
  /** Created by the stand-in as a job's check run (GitHub Actions' own). */
  ofJob: boolean
}

export interface StandInJob {
  id: number
  name: string
  status: 'queued' | 'in_progress' | 'completed'
  runner_name: string | null
  /** Set on the job's check run: its id (GitHub Actions gives a job's check run the job's id). */
  checkRunId: number
}

/** An answer to give instead of the normal one, to requests it matches. */
export interface FaultRule {
  method?: string
  /** Matched against the path without the query. */
  path?: RegExp
  /** Let this many matching requests through first (default 0). */
  skip?: number
  /** Only this many times (default: every time). */
  times?: number
  status: number
  message: string
  headers?: Record<string, string>
}

/** GitHub's 403 for a secondary rate limit. */
export const SECONDARY_RATE_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'

/** Who a token writes as: a user (a personal token) or an app's bot (an installation token). */
export interface Identity {
  login: string
  type: 'User' | 'Bot'
}

/** The workflow's GITHUB_TOKEN writes as the GitHub Actions app's bot. */
const ACTIONS_BOT: Identity = { login: 'github-actions[bot]', type: 'Bot' }

/** Just enough of GitHub's issue-comments API, on 127.0.0.1. */
export class GitHubStandIn {
  private readonly repository: string
  private readonly pullNumber: number

  comments: StoredComment[] = []
  requests: RecordedRequest[] = []
  /** Answer every request of this method with this status and message. */
  failures = new Map<string, { status: number; message: string }>()
  /** Checked in order before the normal answer; a rule with `times` runs out. */
  faults: FaultRule[] = []
  hang = false
  /**
   * Who the token writes as (GraphQL's viewer, the author of what it creates): by default the
   * workflow token's Actions bot, which GET /user refuses with 403 as for every app's bot.
   */
  identity: Identity = ACTIONS_BOT
  /** Delay before each answer: ms, or [min, max] for a random delay in between. */
  latencyMs: number | [number, number] = 0
  checkRuns: StoredCheckRun[] = []
  /** The jobs of run `runId`, attempt `runAttempt`. */
  jobs: StandInJob[] = []
  runId = 4242424242
  runAttempt = 1
  /** The most requests ever in flight at once. */
  maxInFlight = 0
  private inFlight = 0
  private nextId = 1000
  private server: Server | undefined
  url = ''

  constructor(options: { repository: string; pullNumber: number }) {
    this.repository = options.repository
    this.pullNumber = options.pullNumber
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response))
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise(resolve => this.server?.close(resolve))
  }

  reset(): void {
    this.comments = []
    this.requests = []
    this.failures.clear()
    this.faults = []
    this.hang = false
    this.identity = ACTIONS_BOT
    this.latencyMs = 0
    this.checkRuns = []
    this.jobs = []
    this.maxInFlight = 0
  }

  /** A job of the run attempt, with its own check run (as GitHub Actions makes them). */
  addJob(job: {
    name: string
    status?: StandInJob['status']
    runnerName?: string | null
  }): StandInJob {
    const id = this.nextId++
    const stored: StandInJob = {
      id,
      name: job.name,
      status: job.status ?? 'in_progress',
      runner_name: job.runnerName === undefined ? 'GitHub Actions 2' : job.runnerName,
      checkRunId: id
    }
    this.jobs.push(stored)
    this.checkRuns.push({
      id,
      name: job.name,
      head_sha: '',
      status: stored.status,
      conclusion: null,
      output: { title: null, summary: null },
      annotations: [],
      ofJob: true
    })
    return stored
  }

  /** Requests whose method and path (without the query) match. */
  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter(r => r.method === method && path.test(r.url.split('?')[0] ?? ''))
  }

  addComments(count: number, body = (index: number) => `Looks good ${index}`, type = 'User'): void {
    for (let index = 0; index < count; index++) {
      this.comments.push({ id: this.nextId++, body: body(index), user: { login: 'someone', type } })
    }
  }

  addComment(
    body: string,
    type = 'Bot',
    login = type === 'Bot' ? 'github-actions[bot]' : 'someone'
  ): StoredComment {
    const comment = { id: this.nextId++, body, user: { login, type } }
    this.comments.push(comment)
    return comment
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    response.once('close', () => this.inFlight--)
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    // Decoded whole: a character split across two chunks must not become two U+FFFD.
    const body = Buffer.concat(chunks).toString('utf8')
    const url = new URL(request.url ?? '/', this.url)
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      url: `${url.pathname}${url.search}`,
      authorization: request.headers.authorization,
      body,
      time: Date.now()
    }
    this.requests.push(recorded)
    response.once('finish', () => (recorded.status = response.statusCode))
    if (this.hang) return
    const delay = Array.isArray(this.latencyMs)
      ? this.latencyMs[0] + Math.random() * (this.latencyMs[1] - this.latencyMs[0])
      : this.latencyMs
    if (delay > 0) await new Promise(resolve => setTimeout(resolve, delay))
    const failure = this.failures.get(request.method ?? '')
    if (failure) {
      return send(response, failure.status, {
        message: failure.message,
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    const fault = this.takeFault(request.method ?? '', url.pathname)
    if (fault) {
      return send(
        response,
        fault.status,
        { message: fault.message, documentation_url: 'https://docs.github.com/rest' },
        fault.headers
      )
    }
    if (url.pathname === '/user' && request.method === 'GET') {
      return this.identity.type === 'Bot'
        ? send(response, 403, { message: 'Resource not accessible by integration' })
        : send(response, 200, { login: this.identity.login, type: 'User' })
    }
    if (url.pathname === '/graphql' && request.method === 'POST') {
      return /\bviewer\b/.test(body)
        ? send(response, 200, { data: { viewer: { login: this.identity.login } } })
        : send(response, 200, { errors: [{ message: 'The stand-in answers viewer only.' }] })
    }
    const repo = `/repos/${this.repository}`
    if (
      url.pathname.startsWith(`${repo}/check-runs`) ||
      url.pathname.startsWith(`${repo}/actions/`)
    ) {
      return this.handleChecks(request.method ?? '', url, body, response)
    }
    const list =
      url.pathname === `${repo}/issues/${this.pullNumber}/comments` ? [url.pathname] : null
    const one = url.pathname.startsWith(`${repo}/issues/comments/`)
      ? [url.pathname, url.pathname.slice(`${repo}/issues/comments/`.length)]
      : null
    if (list && request.method === 'GET') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const slice = this.comments.slice((page - 1) * perPage, page * perPage)
      const headers: Record<string, string> = {}
      if (page * perPage < this.comments.length) {
        const next = `${this.url}${url.pathname}?per_page=${perPage}&page=${page + 1}`
        headers.link = `<${next}>; rel="next"`
      }
      return send(
        response,
        200,
        slice.map(comment => this.wire(comment)),
        headers
      )
    }
    if (list && request.method === 'POST') {
      const text = commentBody(body)
      const comment = this.addComment(text, this.identity.type, this.identity.login)
      return send(response, 201, this.wire(comment))
    }
    if (one && request.method === 'PATCH') {
      const comment = this.comments.find(candidate => candidate.id === Number(one[1]))
      if (!comment) return send(response, 404, { message: 'Not Found' })
      comment.body = commentBody(body)
      return send(response, 200, this.wire(comment))
    }
    send(response, 404, { message: 'Not Found' })
  }

  private takeFault(method: string, path: string): FaultRule | undefined {
    for (const rule of this.faults) {
      if (rule.method !== undefined && rule.method !== method) continue
      if (rule.path !== undefined && !rule.path.test(path)) continue
      if (rule.skip !== undefined && rule.skip > 0) {
        rule.skip--
        continue
      }
      if (rule.times !== undefined) {
        if (rule.times <= 0) continue
        rule.times--
      }
      return rule
    }
    return undefined
  }

  private handleChecks(method: string, url: URL, body: string, response: ServerResponse): void {
    const repo = `/repos/${this.repository}`
    const jobsPath = `${repo}/actions/runs/${this.runId}/attempts/${this.runAttempt}/jobs`
    if (method === 'GET' && url.pathname === jobsPath) {
      const perPage = Number(url.searchParams.get('per_page') ?? 30)
      const page = Number(url.searchParams.get('page') ?? 1)
      const jobs = this.jobs.slice((page - 1) * perPage, page * perPage).map(job => ({
        id: job.id,
        run_id: this.runId,
        run_attempt: this.runAttempt,
        name: job.name,
        status: job.status,
        runner_name: job.runner_name,
        check_run_url: `${this.url}${repo}/check-runs/${job.checkRunId}`
      }))
      return send(response, 200, { total_count: this.jobs.length, jobs })
    }
    if (method === 'POST' && url.pathname === `${repo}/check-runs`) {
      const input = JSON.parse(body) as {
        name?: string
        head_sha?: string
        status?: string
        conclusion?: string
        output?: CheckRunOutputWire
      }
      if (!input.name || !input.head_sha || !/^[0-9a-f]{40}$/.test(input.head_sha)) {
        return invalid(response, 'name and a 40-character head_sha are required')
      }
      const problem = checkOutput(input.output)
      if (problem) return invalid(response, problem)
      const run: StoredCheckRun = {
        id: this.nextId++,
        name: input.name,
        head_sha: input.head_sha,
        status: input.conclusion ? 'completed' : (input.status ?? 'queued'),
        conclusion: input.conclusion ?? null,
        output: { title: input.output?.title ?? null, summary: input.output?.summary ?? null },
        annotations: [...(input.output?.annotations ?? [])],
        ofJob: false
      }
      this.checkRuns.push(run)
      return send(response, 201, this.checkRunWire(run))
    }
    const one = new RegExp(`^${repo}/check-runs/(\\d+)$`).exec(url.pathname)
    if (method === 'PATCH' && one) {
      const run = this.checkRuns.find(candidate => candidate.id === Number(one[1]))
      if (!run) return send(response, 404, { message: 'Not Found' })
      const input = JSON.parse(body) as {
        status?: string
        conclusion?: string
        output?: CheckRunOutputWire
      }
      if (run.ofJob && (input.status !== undefined || input.conclusion !== undefined)) {
        // GitHub no longer lets a workflow's token change an Actions check run's outcome.
        return send(response, 403, { message: 'Resource not accessible by integration' })
      }
      const problem = checkOutput(input.output)
      if (problem) return invalid(response, problem)
      if (input.output) {
        run.output = {
          title: input.output.title ?? run.output.title,
          summary: input.output.summary
        }
        run.annotations.push(...(input.output.annotations ?? []))
      }
      return send(response, 200, this.checkRunWire(run))
    }
    send(response, 404, { message: 'Not Found' })
  }

  private checkRunWire(run: StoredCheckRun) {
    return {
      id: run.id,
      name: run.name,
      head_sha: run.head_sha,
      status: run.status,
      conclusion: run.conclusion,
      html_url: `https://github.com/${this.repository}/runs/${run.id}`,
      output: { ...run.output, annotations_count: run.annotations.length }
    }
  }

  private wire(comment: StoredComment) {
    return {
      id: comment.id,
      body: comment.body,
      user: comment.user,
      html_url: `https://github.com/${this.repository}/pull/${this.pullNumber}#issuecomment-${comment.id}`
    }
  }
}

export function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

interface CheckRunOutputWire {
  title?: string
  summary: string
  annotations?: CheckRunAnnotationWire[]
}

const LEVELS = new Set(['notice', 'warning', 'failure'])

/** What GitHub would refuse (422) in a check run's output, per the API's documented limits. */
function checkOutput(output: CheckRunOutputWire | undefined): string | undefined {
  if (output === undefined) return undefined
  if (typeof output.summary !== 'string') return 'output.summary is required'
  if ([...output.summary].length > 65_535)
    return 'output.summary is too long (maximum is 65535 characters)'
  const annotations = output.annotations ?? []
  if (annotations.length > 50) return 'Only 50 annotations are allowed per request'
  for (const a of annotations) {
    if (!a.path || !Number.isInteger(a.start_line) || !Number.isInteger(a.end_line)) {
      return 'annotation path, start_line and end_line are required'
    }
    if (a.start_line < 1 || a.end_line < a.start_line) return 'annotation lines are out of range'
    if (!LEVELS.has(a.annotation_level)) return `annotation_level ${a.annotation_level} is invalid`
    if (typeof a.message !== 'string' || Buffer.byteLength(a.message) > 64 * 1024) {
      return 'annotation message is missing or over 64 KB'
    }
    if (a.title !== undefined && [...a.title].length > 255)
      return 'annotation title is over 255 characters'
  }
  return undefined
}

function invalid(response: ServerResponse, message: string): void {
  send(response, 422, {
    message: `Invalid request. ${message}`,
    documentation_url: 'https://docs.github.com/rest'
  })
}

/** The `body` of a create or update request's JSON. */
function commentBody(json: string): string {
  return (JSON.parse(json) as { body: string }).body
}
