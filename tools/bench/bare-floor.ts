// The bare-node floor: a plain `node` process making the action's requests with the global
// fetch, the floor for any JavaScript action.

export interface BareRequest {
  url: string
  headers: Record<string, string>
}

/** Headers fetch sets itself or that belong to one connection, not to the request. */
const CONNECTION_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'accept-encoding',
  'accept-language',
  'sec-fetch-mode'
])

/**
 * The requests a bare node process makes to match an action run: the same methods, paths,
 * queries and request headers the simulator recorded from the action, in the same order.
 */
export function bareRequests(
  baseUrl: string,
  recorded: ReadonlyArray<{
    path: string
    query: Record<string, string>
    headers: Record<string, string | string[] | undefined>
  }>
): BareRequest[] {
  return recorded.map(request => {
    const url = new URL(request.path, baseUrl)
    for (const [name, value] of Object.entries(request.query)) url.searchParams.set(name, value)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || CONNECTION_HEADERS.has(name.toLowerCase())) continue
      headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    return { url: url.href, headers }
  })
}

/**
 * The floor for any JavaScript action, run as `node -e BARE_SCRIPT '<requests JSON>'`: the
 * requests one after the other with the global fetch, each body read with `res.json()`.
 * Exit 1 when an answer is not a 2xx (the comparison would then be meaningless).
 */
export const BARE_SCRIPT =
  'const requests = JSON.parse(process.argv[1]);' +
  '(async () => {' +
  ' for (const { url, headers } of requests) {' +
  ' const res = await fetch(url, { headers });' +
  ' await res.json();' +
  ' if (!res.ok) process.exitCode = 1' +
  ' }' +
  '})()'

export function bareFetchArgs(requests: BareRequest[]): string[] {
  return ['-e', BARE_SCRIPT, JSON.stringify(requests)]
}
