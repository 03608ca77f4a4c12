// Just enough of GitHub's issue-comments REST API on 127.0.0.1 for the sticky PR comment:
// list (paginated with Link headers), create, update; failures and hangs on demand.

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
}

/** Just enough of GitHub's issue-comments API, on 127.0.0.1. */
export class GitHubStandIn {
  private readonly repository: string
  private readonly pullNumber: number

  comments: StoredComment[] = []
  requests: RecordedRequest[] = []
  /** Answer every request of this method with this status and message. */
  failures = new Map<string, { status: number; message: string }>()
  hang = false
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
    this.hang = false
  }

  addComments(count: number, body = (index: number) => `Looks good ${index}`, type = 'User'): void {
    for (let index = 0; index < count; index++) {
      this.comments.push({ id: this.nextId++, body: body(index), user: { login: 'someone', type } })
    }
  }

  addComment(body: string, type = 'Bot'): StoredComment {
    const comment = { id: this.nextId++, body, user: { login: 'github-actions[bot]', type } }
    this.comments.push(comment)
    return comment
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = ''
    for await (const chunk of request) body += chunk
    const url = new URL(request.url ?? '/', this.url)
    this.requests.push({
      method: request.method ?? '',
      url: `${url.pathname}${url.search}`,
      authorization: request.headers.authorization,
      body
    })
    if (this.hang) return
    const failure = this.failures.get(request.method ?? '')
    if (failure) {
      return send(response, failure.status, {
        message: failure.message,
        documentation_url: 'https://docs.github.com/rest'
      })
    }
    const repo = `/repos/${this.repository}`
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
      const comment = this.addComment(commentBody(body))
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

/** The `body` of a create or update request's JSON. */
function commentBody(json: string): string {
  return (JSON.parse(json) as { body: string }).body
}
