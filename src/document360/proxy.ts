// The dispatcher for Document360 requests: a plain Agent, or undici's EnvHttpProxyAgent when
// a proxy variable is set. Each proxy URL is checked first, so that a malformed one is named
// as the problem (with its credentials hidden), not reported as a bug of the gate.

import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici'
import { Document360Error } from './errors.ts'
import { hideUserinfo, quotableUrl } from './userinfo.ts'

/** Where the requests of each protocol go, as undici resolves the variables. */
export interface ProxySettings {
  /** For http:// URLs; '' for none. */
  httpProxy: string
  /** For https:// URLs (Document360's); '' for none. */
  httpsProxy: string
  /** Hosts reached directly (NO_PROXY). */
  noProxy: string
  /** The variable each proxy came from, e.g. `HTTPS_PROXY`, to name it in messages. */
  httpsProxyVariable?: string
}

const EXAMPLE = 'http://proxy.example:3128 or http://user:password@proxy.example:3128'

/**
 * The proxies the environment asks for, checked. undici's order: the lower-case variable
 * wins, even when empty; https falls back to the http proxy. A value without a scheme
 * (`proxy.example:3128`) means http://, as for curl and @actions/http-client.
 */
function proxySettingsFromEnvironment(env: NodeJS.ProcessEnv): ProxySettings {
  const http = variable(env, 'http_proxy', 'HTTP_PROXY')
  const https = variable(env, 'https_proxy', 'HTTPS_PROXY')
  const httpProxy = checkedProxyUrl(http)
  const httpsProxy = https.value ? checkedProxyUrl(https) : httpProxy
  const settings: ProxySettings = {
    httpProxy,
    httpsProxy,
    noProxy: env.no_proxy ?? env.NO_PROXY ?? ''
  }
  if (httpsProxy) settings.httpsProxyVariable = https.value ? https.name : http.name
  return settings
}

/** Shorter ones would mask ordinary words of every message. */
const MIN_SECRET_LENGTH = 4

/**
 * The user names and passwords in the proxy variables, as written and decoded: secrets that no
 * message may print (a proxy may echo its own credentials in an error page).
 */
export function proxyCredentials(env: NodeJS.ProcessEnv): string[] {
  const found = new Set<string>()
  for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
    const value = env[name]?.trim()
    if (!value) continue
    let url: URL
    try {
      url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`)
    } catch {
      continue // named as malformed when the dispatcher is made
    }
    for (const part of [url.username, url.password]) {
      for (const form of [part, safeDecode(part)]) {
        if (form.length >= MIN_SECRET_LENGTH) found.add(form)
      }
    }
  }
  return [...found]
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

function variable(env: NodeJS.ProcessEnv, lower: string, upper: string) {
  const name = env[lower] !== undefined ? lower : upper
  return { name, value: (env[name] ?? '').trim() }
}

function checkedProxyUrl({ name, value }: { name: string; value: string }): string {
  if (!value) return ''
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`
  const shown = quotableUrl(value)
  const invalid = (why: string) =>
    new Document360Error(
      'network',
      `${name} is not a valid proxy URL ("${shown}"${why}): fix or unset it. A proxy URL ` +
        `looks like ${EXAMPLE}.`
    )
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalid('')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(`: only http:// and https:// proxies are supported`)
  }
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(text)) {
    throw invalid(': it must not have a path, query or fragment')
  }
  try {
    // undici decodes the credentials; a stray `%` would make it throw.
    decodeURIComponent(url.username)
    decodeURIComponent(url.password)
  } catch {
    throw invalid(': its user name or password is not validly %-encoded')
  }
  return url.href
}

/**
 * A plain Agent, or, when a proxy is set, undici's EnvHttpProxyAgent (which also honours
 * NO_PROXY), given the checked settings. Extra CA certificates from NODE_EXTRA_CA_CERTS are in
 * Node's default trust store, which both use.
 */
export function dispatcherFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  onDebug?: (message: string) => void
): Dispatcher {
  const settings = proxySettingsFromEnvironment(env)
  onDebug?.(`Document360 requests: ${describeProxy(settings)}`)
  if (!settings.httpProxy && !settings.httpsProxy) return new Agent()
  // undici 6 flags this agent experimental on stderr; the warning would only confuse users.
  const emitWarning = process.emitWarning.bind(process)
  process.emitWarning = () => undefined
  try {
    // All three given ('' for none): undici must not read process.env behind our back.
    const { httpProxy, httpsProxy, noProxy } = settings
    return new EnvHttpProxyAgent({ httpProxy, httpsProxy, noProxy })
  } catch (error) {
    // Not expected after the checks above; the message may quote a proxy URL.
    const why = error instanceof Error ? hideUserinfo(error.message) : 'unknown error'
    throw new Document360Error(
      'network',
      `The proxy settings (HTTPS_PROXY, HTTP_PROXY) cannot be used (${why}): fix or unset them.`
    )
  } finally {
    process.emitWarning = emitWarning
  }
}

/** The proxy https:// requests go through, for the debug log: origin only, no credentials. */
function describeProxy(settings: ProxySettings): string {
  if (!settings.httpsProxy) return 'no proxy'
  const origin = new URL(settings.httpsProxy).origin
  const bypass = settings.noProxy.trim() ? `, except for NO_PROXY hosts` : ''
  return `proxy ${origin} (from ${settings.httpsProxyVariable ?? 'the environment'})${bypass}`
}
