// URLs with credentials: api-url, proxy variables, redirects and API text. No message may
// show any part of a URL's userinfo (or a query string that may hold a key), whether the URL
// parses or not; a malformed proxy variable is named as the problem, never as a bug.
import { afterEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Agent, EnvHttpProxyAgent, MockAgent } from 'undici'
import { Document360Client } from '../../src/document360/client.ts'
import { Document360Error } from '../../src/document360/errors.ts'
import { dispatcherFromEnvironment, proxyCredentials } from '../../src/document360/proxy.ts'
import { InputError, parseApiUrl } from '../../src/inputs.ts'
import {
  API_REFERENCE_ID,
  LOGS_PATH,
  ORIGIN,
  PROJECT_ID,
  START_MS,
  TOKEN,
  harness,
  type Harness
} from './mock-api.ts'

// Parts of a credential that must never be printed.
const USER = 'alice-user'
const PASSWORD = 's3cretPa55'
const KEY = 'k3yInQuery'

function assertNoCredential(message: string): void {
  for (const part of [USER, PASSWORD, KEY, encodeURIComponent(PASSWORD)]) {
    assert.equal(message.toLowerCase().includes(part.toLowerCase()), false, message)
  }
}

function inputError(text: string): InputError {
  try {
    parseApiUrl(text)
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`)
    return error
  }
  assert.fail(`"${text}" was accepted`)
}

describe('api-url with credentials or a query', () => {
  for (const text of [
    `https://${USER}:${PASSWORD}@apihub.document360.io`,
    `https://${USER}@apihub.document360.io/`,
    `https://:${PASSWORD}@apihub.document360.io`,
    `https://apihub.document360.io/?api_key=${KEY}`,
    `https://apihub.document360.io/#${KEY}`,
    `http://${USER}:${PASSWORD}@apihub.document360.io`,
    `http://${USER}:${PASSWORD}@127.0.0.1:8080`
  ]) {
    test(`"${text}" (parses) is rejected without repeating them`, () => {
      const error = inputError(text)
      assert.match(error.message, /Input "api-url"/)
      assertNoCredential(error.message)
    })
  }

  for (const text of [
    `https://${USER}:${PASSWORD}@apihub.document360.io:99999`,
    `https://${USER}:${PASSWORD}@`,
    `https://${USER}:${PASSWORD}@[::1`,
    `https://${USER}:pa/ss${PASSWORD}@apihub.document360.io`,
    `https://${USER}:${PASSWORD}@api hub.document360.io`,
    `apihub.document360.io?api_key=${KEY}`,
    `${USER}:${PASSWORD}@apihub.document360.io`,
    `${USER}:${PASSWORD}@apihub.document360.io/?key=${KEY}`,
    `ftp://${USER}:${PASSWORD}@apihub.document360.io:99999`,
    `https://apihub.document360.io:99999/?key=${KEY}`,
    `https://apihub.document360.io:99999/#${KEY}`
  ]) {
    test(`"${text}" (not an https URL) is rejected without repeating them`, () => {
      const error = inputError(text)
      assert.match(error.message, /^Input "api-url" must /)
      assertNoCredential(error.message)
    })
  }

  test('a URL that does not parse is still quoted (without its credentials) to help', () => {
    const error = inputError(`https://${USER}:${PASSWORD}@apihub.document360.io:99999`)
    assert.match(error.message, /got "https:\/\/\*\*\*@apihub\.document360\.io:99999"/)
    assert.match(inputError('not a url').message, /got "not a url"/)
  })

  test('a quoted URL stays on one line', () => {
    const error = inputError('https://apihub\n::error::x')
    assert.equal(/[\r\n]/.test(error.message), false)
  })
})

describe('proxy variables', () => {
  const NAMES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']

  function proxyError(env: NodeJS.ProcessEnv): Document360Error {
    try {
      const dispatcher = dispatcherFromEnvironment(env)
      void dispatcher.close()
    } catch (error) {
      assert.ok(
        error instanceof Document360Error,
        `expected a Document360Error, got ${String(error)}`
      )
      return error
    }
    assert.fail(`${JSON.stringify(env)} was accepted`)
  }

  for (const name of NAMES) {
    for (const value of [
      `http://${USER}:${PASSWORD}@`,
      `http://${USER}:${PASSWORD}@proxy.example:99999`,
      `http://${USER}:${PASSWORD}@[::1`,
      `socks5://${USER}:${PASSWORD}@proxy.example:1080`,
      `ftp://${USER}:${PASSWORD}@proxy.example`,
      `http://${USER}:${PASSWORD}@proxy.example:3128/path?key=${KEY}`,
      `http://proxy.example:3128/?key=${KEY}`,
      `http://${USER}:100%${PASSWORD}@proxy.example:3128`,
      `${USER}:${PASSWORD}@127.0.0.1:3128:1`
    ]) {
      test(`${name}="${value}" is named as the problem, credentials hidden`, () => {
        const error = proxyError({ [name]: value })
        assert.equal(error.kind, 'network')
        assert.match(error.message, new RegExp(`^${name} is not a valid proxy URL`))
        assert.match(error.message, /fix or unset it/)
        assertNoCredential(error.message)
        assert.doesNotMatch(error.message, /Unexpected|report it/)
      })
    }
  }

  test('the variable undici would use is the one named (lower case wins)', () => {
    const error = proxyError({ https_proxy: 'http://[::1', HTTPS_PROXY: 'http://proxy.example' })
    assert.match(error.message, /^https_proxy /)
    const fallback = proxyError({ https_proxy: '', HTTP_PROXY: 'http://[::1' })
    assert.match(fallback.message, /^HTTP_PROXY /)
  })

  test('a bad variable undici would not use is no problem', async () => {
    const dispatcher = dispatcherFromEnvironment({
      https_proxy: 'http://proxy.example:3128',
      HTTPS_PROXY: 'http://[::1',
      http_proxy: '',
      HTTP_PROXY: 'http://[::1'
    })
    assert.ok(dispatcher instanceof EnvHttpProxyAgent)
    await dispatcher.close()
  })

  for (const value of ['proxy.example:3128', '127.0.0.1:3128', `${USER}:${PASSWORD}@proxy:3128`]) {
    test(`"${value}" without a scheme means http://, as for curl`, async () => {
      const dispatcher = dispatcherFromEnvironment({ HTTPS_PROXY: value })
      assert.ok(dispatcher instanceof EnvHttpProxyAgent)
      await dispatcher.close()
    })
  }

  test('empty or blank variables mean no proxy', async () => {
    const dispatcher = dispatcherFromEnvironment({ HTTPS_PROXY: '  ', http_proxy: '' })
    assert.ok(dispatcher instanceof Agent)
    assert.ok(!(dispatcher instanceof EnvHttpProxyAgent))
    await dispatcher.close()
  })

  test('the client fails with the proxy message, before any request', () => {
    const saved = process.env.HTTPS_PROXY
    process.env.HTTPS_PROXY = `http://${USER}:${PASSWORD}@proxy.example:99999`
    try {
      assert.throws(
        () =>
          new Document360Client({
            apiUrl: ORIGIN,
            token: TOKEN,
            authScheme: 'bearer',
            projectId: PROJECT_ID,
            apiReferenceId: API_REFERENCE_ID,
            deadlineMs: START_MS + 60_000
          }),
        (error: unknown) => {
          assert.ok(error instanceof Document360Error)
          assert.match(error.message, /^HTTPS_PROXY is not a valid proxy URL/)
          assert.match(error.message, /"http:\/\/\*\*\*@proxy\.example:99999"/)
          assertNoCredential(error.message)
          return true
        }
      )
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY
      else process.env.HTTPS_PROXY = saved
    }
  })

  test('the debug log names the proxy by its origin only', async () => {
    const messages: string[] = []
    const dispatcher = dispatcherFromEnvironment(
      { HTTPS_PROXY: `http://${USER}:${PASSWORD}@proxy.example:3128`, NO_PROXY: 'localhost' },
      message => messages.push(message)
    )
    await dispatcher.close()
    assert.deepEqual(messages, [
      'Document360 requests: proxy http://proxy.example:3128 (from HTTPS_PROXY), except for NO_PROXY hosts'
    ])
  })
})

describe('credentials in what servers send', () => {
  let current: Harness | undefined
  afterEach(async () => {
    await current?.close()
    current = undefined
  })

  test('a same-origin redirect to a URL with credentials is not followed', async () => {
    const h = (current = harness())
    let count = 0
    h.serve(() =>
      ++count === 1
        ? {
            status: 302,
            headers: { location: `https://${USER}:${PASSWORD}@apihub.example.test${LOGS_PATH}` }
          }
        : { status: 200, body: { data: [] } }
    )
    await assert.rejects(h.client.listLogs(1, 1), (error: unknown) => {
      assert.ok(error instanceof Document360Error)
      assert.equal(error.kind, 'redirect')
      assert.match(error.message, /with credentials in it; it was not followed/)
      assertNoCredential(error.message)
      return true
    })
    assert.equal(h.requests.length, 1)
  })

  test('a redirect elsewhere names the origin only', async () => {
    const h = (current = harness())
    h.serve([
      { status: 302, headers: { location: `https://${USER}:${PASSWORD}@evil.example/?k=${KEY}` } }
    ])
    await assert.rejects(h.client.listLogs(1, 1), (error: Error) => {
      assert.match(error.message, /another host \(https:\/\/evil\.example\)/)
      assertNoCredential(error.message)
      return true
    })
  })

  test('URLs with credentials in a problem body are shown without them', async () => {
    const h = (current = harness())
    h.serve([
      {
        status: 400,
        body: {
          title: 'Bad Request',
          detail: `Could not fetch https://${USER}:${PASSWORD}@specs.example/openapi.yaml`
        }
      }
    ])
    await assert.rejects(h.client.listLogs(1, 1), (error: Error) => {
      assert.match(error.message, /Could not fetch https:\/\/\*\*\*@specs\.example\/openapi\.yaml/)
      assertNoCredential(error.message)
      return true
    })
  })

  test('URLs with credentials in an error underneath are shown without them', async () => {
    const h = (current = harness())
    h.pool()
      .intercept({ path: () => true })
      .replyWithError(
        Object.assign(new Error(`connect to http://${USER}:${PASSWORD}@proxy.example failed`), {
          code: 'CERT_HAS_EXPIRED'
        })
      )
    await assert.rejects(h.client.listLogs(1, 1), (error: Error) => {
      assert.match(error.message, /http:\/\/\*\*\*@proxy\.example/)
      assertNoCredential(error.message)
      return true
    })
  })
})

describe('proxy credentials are secrets', () => {
  test('the user names and passwords of every proxy variable, as written and decoded', () => {
    const secrets = proxyCredentials({
      HTTPS_PROXY: `http://${USER}:p%40ss%2Fword@proxy.example:3128`,
      http_proxy: 'proxy.example:8080',
      HTTP_PROXY: 'http://ab:cd@other.example'
    })
    assert.deepEqual(secrets.sort(), [USER, 'p%40ss%2Fword', 'p@ss/word'].sort())
  })

  test('no proxy, or a malformed one, has none (the dispatcher names it)', () => {
    assert.deepEqual(proxyCredentials({}), [])
    assert.deepEqual(proxyCredentials({ HTTPS_PROXY: 'http://[bad' }), [])
  })

  test('a proxy echoing its own password in an error page does not print it', async () => {
    const client = new Document360Client({
      apiUrl: 'https://apihub.example.test',
      token: 'd360_sk_token_not_echoed',
      authScheme: 'api-key',
      projectId: 'p',
      apiReferenceId: 'r',
      deadlineMs: Date.now() + 5000,
      secrets: proxyCredentials({ HTTPS_PROXY: `http://${USER}:${PASSWORD}@proxy.example` }),
      dispatcher: echoingAgent(`<h1>Proxy error for ${USER} (${PASSWORD})</h1>`)
    })
    await assert.rejects(client.listLogs(1, 1), (error: Error) => {
      assertNoCredential(error.message)
      return true
    })
  })
})

/** A MockAgent that answers every request with a 403 HTML page (not retried) holding `text`. */
function echoingAgent(text: string): MockAgent {
  const agent = new MockAgent()
  agent.disableNetConnect()
  agent
    .get('https://apihub.example.test')
    .intercept({ path: () => true })
    .reply(403, text, { headers: { 'content-type': 'text/html' } })
    .persist()
  return agent
}
