// startSimulator: the node:http server on loopback that checks the token, routes the two
// import-log endpoints and the two writes (resync, publish: see references.ts), plays the
// scenario's timeline and faults, and records every request.

import { createServer } from 'node:http'
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { envelope, htmlPage, problemBody } from './bodies.ts'
import {
  DETAIL_PATH,
  INT32_MAX,
  LIST_PATH,
  PUBLISH_PATH,
  REFERENCE_PATH,
  classify,
  decode,
  jsonAnswer,
  pagingValue,
  sameId
} from './routing.ts'
import type { Answer } from './routing.ts'
import { ReferenceState } from './references.ts'
import { namedScenario } from './scenarios.ts'
import { generatedFindings, stateAt, wireEntry, wireFinding } from './timeline.ts'
import type {
  Fault,
  FaultContext,
  RecordedPublish,
  RecordedRequest,
  Simulator,
  SimulatorOptions,
  StartedImport
} from './types.ts'

export const DEFAULT_TOKEN = 'd360_sk_simulator_secret_token'
export const DEFAULT_PROJECT_ID = '5c1e0d3a-7b2f-4e8a-9d6c-3f0a1b2c3d4e'
export const DEFAULT_API_REFERENCE_ID = '9a3b4c5d-6e7f-8a9b-0c1d-2e3f4a5b6c7d'

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
  const imports: StartedImport[] = []
  const publishes: RecordedPublish[] = []
  // The judged reference (unless the scenario says it does not exist), other references with
  // logs of their own (a baseline's), and more with a copy of the scenario's (many gates).
  const references = [
    ...(scenario.unknownApiReference === true
      ? []
      : [new ReferenceState(apiReferenceId, scenario.logs, scenario.resync)]),
    ...Object.entries(scenario.otherApiReferences ?? {}).map(
      ([id, logs]) => new ReferenceState(id, logs, scenario.resync)
    ),
    ...(options.moreApiReferenceIds ?? []).map(
      id => new ReferenceState(id, scenario.logs, scenario.resync)
    )
  ]
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

  /** The answer the API itself would give (rate limit, auth, routing, paging, writes). */
  const normalAnswer = (
    req: IncomingMessage,
    url: URL,
    requestId: string,
    now: number,
    record: RecordedRequest
  ) => {
    const limited = rateLimitCheck(now)
    if (limited.retry !== undefined) {
      return jsonAnswer(429, problemBody(429, requestId), {
        'retry-after': String(limited.retry),
        ...limited.headers
      })
    }
    const answer = routedAnswer(req, url, requestId, now, record)
    Object.assign(answer.headers, limited.headers)
    return answer
  }

  const routedAnswer = (
    req: IncomingMessage,
    url: URL,
    requestId: string,
    now: number,
    record: RecordedRequest
  ) => {
    const path = url.pathname
    const list = LIST_PATH.exec(path)
    const detail = DETAIL_PATH.exec(path)
    const write = PUBLISH_PATH.exec(path) ?? REFERENCE_PATH.exec(path)
    const match = list ?? detail ?? write
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
    const expected = write === null ? 'GET' : record.kind === 'publish' ? 'POST' : 'PUT'
    if (req.method !== expected) {
      return jsonAnswer(405, problemBody(405, requestId), { allow: expected })
    }
    const reference = sameId(decode(match[1] as string), projectId)
      ? references.find(candidate => sameId(candidate.id, decode(match[2] as string)))
      : undefined
    if (reference === undefined) return jsonAnswer(404, problemBody(404, requestId))

    const start = origin ?? now
    const elapsed = now - start
    if (write !== null) return writeAnswer(reference, record, requestId, now, elapsed)
    const visible = reference.logs
      .map((log, index) => ({ log, index }))
      .filter(({ log }) =>
        log.appearsAtMs === undefined ? log.appearsAtResync !== true : log.appearsAtMs <= elapsed
      )

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
    // Newest first; in the same second, a log a resync created before the scenario's.
    const entries = visible
      .map(({ log, index }) => ({
        entry: wireEntry(log, index, start, elapsed),
        created: reference.created.has(log) ? 1 : 0,
        order: index
      }))
      .map(item => ({ ...item, time: Date.parse(String(item.entry.created_at)) }))
      .sort((a, b) => (b.time || 0) - (a.time || 0) || b.created - a.created || a.order - b.order)
      .map(({ entry }) => entry)
    const data = entries.slice((page - 1) * pageSize, page * pageSize)
    return jsonAnswer(200, envelope(data, requestId))
  }

  /** A resync (PUT) or publish (POST) that the token may make: its effect and its answer. */
  const writeAnswer = (
    reference: ReferenceState,
    record: RecordedRequest,
    requestId: string,
    now: number,
    elapsed: number
  ): Answer => {
    if (options.readOnlyToken === true) return jsonAnswer(403, problemBody(403, requestId))
    const body = (record.body ?? {}) as Record<string, unknown>
    if (record.kind === 'resync') {
      if (typeof body.url !== 'string' || body.url === '') {
        const errors = [{ message: 'The url field is required.', field: 'url' }]
        return jsonAnswer(422, problemBody(422, requestId, { errors }))
      }
      imports.push(reference.resync(body.url, elapsed, now))
      return jsonAnswer(202, envelope({ status: 'Pending' }, requestId))
    }
    const workspaceId = body.workspace_id
    if (typeof workspaceId !== 'string' || workspaceId === '') {
      const errors = [{ message: 'The workspace_id field is required.', field: 'workspace_id' }]
      return jsonAnswer(422, problemBody(422, requestId, { errors }))
    }
    if (options.workspaceId !== undefined && !sameId(workspaceId, options.workspaceId)) {
      return jsonAnswer(404, problemBody(404, requestId))
    }
    publishes.push({ apiReferenceId: reference.id, workspaceId, time: now })
    return jsonAnswer(200, envelope(null, requestId))
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
    // A write that takes effect and then fails to answer (a lost answer).
    if (fault?.applied === true && (record.kind === 'resync' || record.kind === 'publish')) {
      routedAnswer(req, url, requestId, now, record)
    }

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

    const answer = normalAnswer(req, url, requestId, now, record)
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
      kind: classify(url.pathname, req.method)
    }
    requests.push(record)
    // Read the whole body first (the writes have one), so the connection stays usable.
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      if (chunks.length > 0) {
        try {
          record.body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        } catch {
          record.body = undefined
        }
      }
      const latency = options.latencyMs ?? 0
      if (latency > 0) later(latency, () => respond(req, res, record))
      else respond(req, res, record)
    })
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
    imports,
    publishes,
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
