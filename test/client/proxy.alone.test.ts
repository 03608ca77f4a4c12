// Requests through real HTTP proxies on 127.0.0.1, as the environment (HTTP_PROXY, NO_PROXY)
// configures them: a working CONNECT proxy, a bypass, a proxy that drops every CONNECT, and
// one that refuses the tunnel (which a write may be retried after: nothing reached the API).

import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { after, afterEach, before, describe, it } from 'node:test'
import { Transport } from '../../src/document360/http.ts'
import { Document360Error, type RequestDescription } from '../../src/document360/errors.ts'
import { FakeClock } from './mock-api.ts'

const description: RequestDescription = {
  what: 'list import logs',
  projectId: 'p',
  apiReferenceId: 'r',
  authScheme: 'bearer'
}
const tunnels = new WeakMap<Server, Set<Socket>>()
const PROXY_VARIABLES = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy'
]

async function listen(server: Server): Promise<string> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections()
  // Tunnels are no longer the server's connections: end them too.
  for (const socket of tunnels.get(server) ?? []) socket.destroy()
  await new Promise(resolve => server.close(resolve))
}

function transport(
  baseUrl: string,
  requestTimeoutMs = 5000,
  budgetMs = 10_000,
  clock?: FakeClock
): Transport {
  return new Transport({
    baseUrl,
    headers: { authorization: 'Bearer proxy-test-token' },
    deadlineMs: (clock?.now() ?? Date.now()) + budgetMs,
    secrets: ['proxy-test-token'],
    requestTimeoutMs,
    ...(clock ? { clock } : {})
  })
}

const resync: RequestDescription = {
  ...description,
  what: 'resync API reference r',
  write: 'resync'
}

describe('requests through a proxy from the environment', () => {
  const saved: Record<string, string | undefined> = {}
  let api: Server
  let apiUrl: string
  let apiRequests = 0

  before(async () => {
    for (const name of PROXY_VARIABLES) saved[name] = process.env[name]
    api = createServer((_request, response) => {
      apiRequests++
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"data":[],"success":true}')
    })
    apiUrl = await listen(api)
  })
  afterEach(() => {
    for (const name of PROXY_VARIABLES) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })
  after(() => close(api))

  /** A CONNECT proxy that tunnels to the target, recording what it was asked for. */
  async function tunnellingProxy(): Promise<{ url: string; connects: string[]; server: Server }> {
    const connects: string[] = []
    const server = createServer((_request, response) => response.writeHead(405).end())
    const open = new Set<Socket>()
    tunnels.set(server, open)
    server.on('connect', (request, socket: Socket, head) => {
      connects.push(request.url ?? '')
      const [host = '', port = ''] = (request.url ?? '').split(':')
      const upstream = connect(Number(port), host, () => {
        open.add(socket).add(upstream)
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(socket)
        socket.pipe(upstream)
      })
      upstream.on('error', () => socket.destroy())
      socket.on('error', () => upstream.destroy())
    })
    return { url: await listen(server), connects, server }
  }

  it('goes through HTTP_PROXY', async () => {
    const proxy = await tunnellingProxy()
    try {
      process.env.HTTP_PROXY = proxy.url
      const before = apiRequests
      const body = await transport(apiUrl).getJson('/logs', description)
      assert.deepEqual(body, { data: [], success: true })
      assert.deepEqual(proxy.connects, [new URL(apiUrl).host])
      assert.equal(apiRequests, before + 1)
    } finally {
      await close(proxy.server)
    }
  })

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const proxy = await tunnellingProxy()
    try {
      process.env.http_proxy = proxy.url
      process.env.no_proxy = 'localhost,127.0.0.1'
      await transport(apiUrl).getJson('/logs', description)
      assert.deepEqual(proxy.connects, [])
    } finally {
      await close(proxy.server)
    }
  })

  it('takes a proxy variable without a scheme as http://', async () => {
    const proxy = await tunnellingProxy()
    try {
      process.env.HTTPS_PROXY = 'unused.invalid:1'
      process.env.HTTP_PROXY = proxy.url.replace('http://', '')
      const before = apiRequests
      await transport(apiUrl).getJson('/logs', description)
      assert.deepEqual(proxy.connects, [new URL(apiUrl).host])
      assert.equal(apiRequests, before + 1)
    } finally {
      await close(proxy.server)
    }
  })

  /** A proxy that answers every CONNECT with `status`. */
  async function refusingProxy(
    status: number
  ): Promise<{ url: string; connects: () => number; server: Server }> {
    let connects = 0
    const server = createServer((_request, response) => response.writeHead(405).end())
    server.on('connect', (_request, socket: Socket) => {
      connects++
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\n\r\n`)
    })
    return { url: await listen(server), connects: () => connects, server }
  }

  it('retries a write whose tunnel a proxy refused with 502: it never reached the API', async () => {
    const proxy = await refusingProxy(502)
    try {
      process.env.HTTP_PROXY = proxy.url
      const before = apiRequests
      const clock = new FakeClock()
      const error = await transport(apiUrl, 5000, 10_000, clock)
        .sendJson('PUT', '/ref', { url: 'https://x' }, resync)
        .catch((error: unknown) => error)
      assert.ok(error instanceof Document360Error)
      assert.equal(error.kind, 'network')
      assert.match(error.message, /proxy refused to open a tunnel to Document360 \(HTTP 502\)/)
      assert.match(error.message, /nothing changed/)
      assert.equal(proxy.connects(), 4)
      assert.deepEqual(clock.sleeps, [250, 500, 1000])
      assert.equal(apiRequests, before)
    } finally {
      await close(proxy.server)
    }
  })

  it('names proxy credentials when the proxy asks for them (407), and does not retry', async () => {
    const proxy = await refusingProxy(407)
    try {
      process.env.HTTP_PROXY = proxy.url.replace('http://', 'http://user:wrong-pw@')
      const clock = new FakeClock()
      const error = await transport(apiUrl, 5000, 10_000, clock)
        .getJson('/logs', description)
        .catch((error: unknown) => error)
      assert.ok(error instanceof Document360Error)
      assert.match(error.message, /\(HTTP 407\): check the proxy credentials in HTTPS_PROXY/)
      assert.doesNotMatch(error.message, /wrong-pw|user:/)
      assert.equal(proxy.connects(), 1)
    } finally {
      await close(proxy.server)
    }
  })

  it('ends in time, and stops reconnecting, when the proxy drops every CONNECT', async () => {
    let connects = 0
    const proxy = createServer((_request, response) => response.writeHead(405).end())
    proxy.on('connect', (_request, socket) => {
      connects++
      socket.destroy()
    })
    process.env.HTTP_PROXY = await listen(proxy)
    try {
      const started = Date.now()
      await assert.rejects(transport(apiUrl, 400, 1500).getJson('/logs', description), error => {
        assert.match(String(error), /gave no complete answer to list import logs in time/)
        return true
      })
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`)
      const after = connects
      await new Promise(resolve => setTimeout(resolve, 300))
      assert.ok(connects - after <= 1, `still reconnecting: ${connects - after} more CONNECTs`)
    } finally {
      await close(proxy)
    }
  })
})
