// The retry rules: which answers are retried, how long to wait, which errors are transient.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  MAX_FAILURE_RETRIES,
  MAX_SERVER_WAIT_MS,
  backoffMs,
  retryClassOf,
  errorCode,
  isRetryableWriteError,
  isTransientNetworkError,
  parseHttpDate,
  rateLimitOf,
  serverRequestedWaitMs,
  wasNotSent,
  writeMayHaveTakenEffect
} from '../../src/document360/retry.ts'

const NOW_MS = Date.UTC(2026, 4, 1, 12, 0, 0)
const NOW_S = NOW_MS / 1000

describe('Retry-After', () => {
  const wait = (value: string | string[]) => serverRequestedWaitMs({ 'retry-after': value }, NOW_MS)

  test('whole seconds are honoured', () => {
    assert.equal(wait('0'), 0)
    assert.equal(wait('1'), 1000)
    assert.equal(wait('30'), 30_000)
    assert.equal(wait(' 7 '), 7000)
    assert.equal(wait(['5', '9']), 5000)
  })

  test('up to the sanity bound, not beyond', () => {
    assert.equal(wait(String(MAX_SERVER_WAIT_MS / 1000)), MAX_SERVER_WAIT_MS)
    assert.equal(wait(String(MAX_SERVER_WAIT_MS / 1000 + 1)), undefined)
    assert.equal(wait('86400'), undefined)
    assert.equal(wait('99999999999999999999'), undefined)
  })

  for (const value of ['-1', '1.5', '0.5', 'abc', '', '1e2', '0x10']) {
    test(`"${value}" counts as absent`, () => {
      assert.equal(wait(value), undefined)
    })
  }

  test('an odd Retry-After is absent: it does not fall back to a reset header either', () => {
    // The spec: a Retry-After that is not sane means exponential backoff.
    const headers = { 'retry-after': 'soon', 'x-ratelimit-reset': '10' }
    assert.equal(serverRequestedWaitMs(headers, NOW_MS), undefined)
  })

  test('Retry-After wins over X-RateLimit-Reset', () => {
    const headers = { 'retry-after': '3', 'x-ratelimit-reset': '10' }
    assert.equal(serverRequestedWaitMs(headers, NOW_MS), 3000)
  })

  test('no headers: absent', () => {
    assert.equal(serverRequestedWaitMs({}, NOW_MS), undefined)
  })
})

/** `NOW_MS + seconds` as an IMF-fixdate, the form servers send. */
const httpDate = (seconds: number) => new Date(NOW_MS + seconds * 1000).toUTCString()

describe('Retry-After as an HTTP-date', () => {
  const wait = (value: string, date?: string) =>
    serverRequestedWaitMs({ 'retry-after': value, ...(date ? { date } : {}) }, NOW_MS)

  test('a date ahead is the time until then', () => {
    assert.equal(wait(httpDate(30)), 30_000)
    assert.equal(wait(httpDate(1)), 1000)
    assert.equal(wait(httpDate(MAX_SERVER_WAIT_MS / 1000)), MAX_SERVER_WAIT_MS)
  })

  test('the obsolete forms (RFC 850, asctime) are honoured too', () => {
    // 2026-05-01 is a Friday.
    assert.equal(wait('Friday, 01-May-26 12:00:45 GMT'), 45_000)
    assert.equal(wait('Fri May  1 12:00:45 2026'), 45_000)
    assert.equal(wait('fri, 01 may 2026 12:00:45 gmt'), 45_000)
  })

  test("measured against the server's Date header when it has a sane one", () => {
    // The runner's clock is 20 s behind the server's: the server's own clock decides.
    assert.equal(wait(httpDate(50), httpDate(20)), 30_000)
    assert.equal(wait(httpDate(50), 'not a date'), 50_000)
  })

  test('now is a wait of zero (the caller still waits its minimum)', () => {
    assert.equal(wait(httpDate(0)), 0)
  })

  test('a date in the past counts as absent, as an absurd number of seconds does', () => {
    assert.equal(wait(httpDate(-1)), undefined)
    assert.equal(wait(httpDate(-86_400)), undefined)
    assert.equal(wait('Sun, 06 Nov 1994 08:49:37 GMT'), undefined)
  })

  test('a date beyond the sanity bound counts as absent', () => {
    assert.equal(wait(httpDate(MAX_SERVER_WAIT_MS / 1000 + 1)), undefined)
    assert.equal(wait(httpDate(86_400)), undefined)
  })

  test('an odd date does not fall back to X-RateLimit-Reset either', () => {
    const headers = { 'retry-after': 'Thu, 01 May 2026 12:00:30 GMT', 'x-ratelimit-reset': '10' }
    assert.equal(serverRequestedWaitMs(headers, NOW_MS), undefined)
  })
})

describe('parseHttpDate', () => {
  const parse = (text: string) => parseHttpDate(text, NOW_MS)

  test('the three forms of RFC 9110', () => {
    const expected = Date.UTC(1994, 10, 6, 8, 49, 37)
    assert.equal(parse('Sun, 06 Nov 1994 08:49:37 GMT'), expected)
    assert.equal(parse('Sunday, 06-Nov-94 08:49:37 GMT'), expected)
    assert.equal(parse('Sun Nov  6 08:49:37 1994'), expected)
    assert.equal(parse('  Sun, 06 Nov 1994 08:49:37 GMT  '), expected)
  })

  test('a two-digit year more than 50 years ahead is in the last century', () => {
    assert.equal(parse('Tuesday, 01-May-35 00:00:00 GMT'), Date.UTC(2035, 4, 1))
    assert.equal(parse('Saturday, 01-May-99 00:00:00 GMT'), Date.UTC(1999, 4, 1))
  })

  for (const text of [
    '1',
    '30',
    '2026-05-01T12:00:30Z',
    'Thu, 01 May 2026 12:00:30 GMT', // a Friday
    'Fri, 01 May 2026 12:00:30 UTC',
    'Fri, 01 May 2026 12:00:30 +0000',
    'Sat, 30 Feb 2026 12:00:30 GMT',
    'Thu, 31 Apr 2026 12:00:30 GMT',
    'Fri, 01 May 2026 24:00:00 GMT',
    'Fri, 01 May 2026 12:60:00 GMT',
    'Fri, 01 May 2026 12:00:60 GMT',
    'Fri, 01 Mai 2026 12:00:30 GMT',
    'Fri, 1 May 2026 12:00:30 GMT',
    'Frid, 01-May-26 12:00:30 GMT',
    'Fri, 01 May 2026 12:00:30 GMT, Fri, 01 May 2026 12:00:31 GMT'
  ]) {
    test(`"${text}" is not an HTTP-date`, () => {
      assert.equal(parse(text), undefined)
    })
  }
})

describe('X-RateLimit-Reset', () => {
  const wait = (value: string) => serverRequestedWaitMs({ 'x-ratelimit-reset': value }, NOW_MS)

  test('as a UTC epoch in seconds (V3): the time until then', () => {
    assert.equal(wait(String(NOW_S + 12)), 12_000)
    assert.equal(wait(String(NOW_S)), 0)
  })

  test('an epoch in the past or too far ahead counts as absent', () => {
    assert.equal(wait(String(NOW_S - 5)), undefined)
    assert.equal(wait(String(NOW_S + 3600)), undefined)
  })

  test('as seconds until reset (V2)', () => {
    assert.equal(wait('15'), 15_000)
    assert.equal(wait('0'), 0)
    assert.equal(wait('121'), undefined)
  })

  for (const value of ['-3', '2.5', 'later', '']) {
    test(`"${value}" counts as absent`, () => {
      assert.equal(wait(value), undefined)
    })
  }
})

describe('backoff', () => {
  test('attempt 0: 250 ms with random 0, just under 500 ms with random ~1', () => {
    assert.equal(backoffMs(0, 0), 250)
    assert.equal(backoffMs(0, 0.999999), 500)
    assert.ok(backoffMs(0, 0.5) > 250 && backoffMs(0, 0.5) < 500)
  })

  test('doubles per attempt', () => {
    assert.deepEqual(
      [0, 1, 2, 3].map(attempt => backoffMs(attempt, 0)),
      [250, 500, 1000, 2000]
    )
  })

  test('is capped at 8 s whatever the attempt', () => {
    for (const attempt of [4, 5, 10, 100, 5000]) {
      assert.equal(backoffMs(attempt, 0), 4000)
      assert.ok(backoffMs(attempt, 0.999999) <= 8000)
      assert.ok(backoffMs(attempt, 0.999999) >= 7999)
    }
  })

  test('always within [ceiling / 2, ceiling]', () => {
    for (let attempt = 0; attempt < 8; attempt++) {
      const ceiling = Math.min(8000, 500 * 2 ** attempt)
      for (const random of [0, 0.1, 0.5, 0.9, 0.999999]) {
        const wait = backoffMs(attempt, random)
        assert.ok(wait >= ceiling / 2 && wait <= ceiling, `${attempt}/${random}: ${wait}`)
      }
    }
  })

  test('a few tries for failures', () => {
    assert.equal(MAX_FAILURE_RETRIES, 3)
  })
})

describe('status classes', () => {
  test('429 is a rate limit', () => {
    assert.equal(retryClassOf(429), 'rate-limit')
  })

  for (const status of [408, 500, 502, 503, 504, 599]) {
    test(`${status} is a failure worth retrying`, () => {
      assert.equal(retryClassOf(status), 'failure')
    })
  }

  for (const status of [200, 301, 400, 401, 403, 404, 409, 410, 422, 600]) {
    test(`${status} is final`, () => {
      assert.equal(retryClassOf(status), 'final')
    })
  }
})

describe('transient network errors', () => {
  const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code })

  for (const code of [
    'ECONNRESET',
    'ECONNREFUSED',
    'ETIMEDOUT',
    'EPIPE',
    'EAI_AGAIN',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT'
  ]) {
    test(`${code} is transient`, () => {
      assert.equal(isTransientNetworkError(withCode(code)), true)
    })
  }

  for (const code of [
    'ENOTFOUND',
    'CERT_HAS_EXPIRED',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'ERR_INVALID_URL'
  ]) {
    test(`${code} is not transient`, () => {
      assert.equal(isTransientNetworkError(withCode(code)), false)
    })
  }

  test('a code nested in cause (fetch failed → ECONNRESET) is found', () => {
    const error = new TypeError('fetch failed', { cause: withCode('ECONNRESET') })
    assert.equal(errorCode(error), 'ECONNRESET')
    assert.equal(isTransientNetworkError(error), true)
    const deeper = new Error('a', { cause: new Error('b', { cause: withCode('EPIPE') }) })
    assert.equal(isTransientNetworkError(deeper), true)
  })

  test('errors without a code, and non-errors, are not transient', () => {
    assert.equal(isTransientNetworkError(new Error('no code')), false)
    assert.equal(isTransientNetworkError(undefined), false)
    assert.equal(isTransientNetworkError('ECONNRESET'), false)
    assert.equal(isTransientNetworkError({ code: 42 }), false)
  })

  test('a cycle of causes ends', () => {
    const error = new Error('loop') as Error & { cause?: unknown }
    error.cause = error
    assert.equal(errorCode(error), undefined)
  })
})

describe('rate-limit headers', () => {
  const of = (headers: Record<string, string | string[]>) => rateLimitOf(headers, NOW_MS)

  test('all three, sane: limit, remaining, and the reset as an instant', () => {
    assert.deepEqual(
      of({
        'x-ratelimit-limit': '60',
        'x-ratelimit-remaining': '7',
        'x-ratelimit-reset': String(NOW_S + 30)
      }),
      { limit: 60, remaining: 7, resetAtMs: NOW_MS + 30_000 }
    )
    assert.deepEqual(of({ 'x-ratelimit-reset': '15' }), { resetAtMs: NOW_MS + 15_000 })
    assert.deepEqual(of({ 'x-ratelimit-remaining': ['0', '5'] }), { remaining: 0 })
  })

  test('none of them: undefined', () => {
    assert.equal(of({}), undefined)
    assert.equal(of({ 'retry-after': '5' }), undefined)
  })

  for (const [name, value] of [
    ['x-ratelimit-limit', '0'],
    ['x-ratelimit-limit', '-60'],
    ['x-ratelimit-limit', '60.5'],
    ['x-ratelimit-limit', 'sixty'],
    ['x-ratelimit-limit', '99999999999'],
    ['x-ratelimit-remaining', '-1'],
    ['x-ratelimit-remaining', '1e3'],
    ['x-ratelimit-reset', String(NOW_S - 5)],
    ['x-ratelimit-reset', String(NOW_S + 86_400)],
    ['x-ratelimit-reset', '99999'],
    ['x-ratelimit-reset', 'soon']
  ] as const) {
    test(`${name}: "${value}" counts as absent`, () => {
      assert.equal(of({ [name]: value }), undefined)
    })
  }

  test('more remaining than the limit: both are dropped (one of them is wrong)', () => {
    const reset = String(NOW_S + 10)
    assert.deepEqual(
      of({ 'x-ratelimit-limit': '60', 'x-ratelimit-remaining': '61', 'x-ratelimit-reset': reset }),
      { resetAtMs: NOW_MS + 10_000 }
    )
    assert.equal(of({ 'x-ratelimit-limit': '0', 'x-ratelimit-remaining': '5' }), undefined)
  })
})

describe('writes', () => {
  const withCode = (code: string, message = 'boom') => Object.assign(new Error(message), { code })
  const tunnelRefused = (status: number) =>
    Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), {
      code: 'UND_ERR_ABORTED'
    })

  for (const status of [500, 502, 503, 504, 599, 408, 301, 302, 303, 307, 308, 600]) {
    test(`HTTP ${status} may have taken effect`, () => {
      assert.equal(writeMayHaveTakenEffect(status), true)
    })
  }

  for (const status of [400, 401, 403, 404, 409, 410, 422, 429]) {
    test(`HTTP ${status} is a refusal`, () => {
      assert.equal(writeMayHaveTakenEffect(status), false)
    })
  }

  for (const error of [
    withCode('ECONNREFUSED'),
    withCode('EAI_AGAIN'),
    withCode('ENETUNREACH'),
    withCode('UND_ERR_CONNECT_TIMEOUT'),
    new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }),
    tunnelRefused(502),
    tunnelRefused(503)
  ]) {
    test(`${errorCode(error)} "${error.message}": not sent, tried again`, () => {
      assert.equal(wasNotSent(error), true)
      assert.equal(isRetryableWriteError(error), true)
    })
  }

  for (const error of [
    withCode('ENOTFOUND'),
    withCode('CERT_HAS_EXPIRED'),
    withCode('ERR_TLS_CERT_ALTNAME_INVALID'),
    tunnelRefused(407),
    tunnelRefused(403)
  ]) {
    test(`${errorCode(error)} "${error.message}": not sent, but not worth another try`, () => {
      assert.equal(wasNotSent(error), true)
      assert.equal(isRetryableWriteError(error), false)
    })
  }

  for (const error of [
    withCode('ECONNRESET'),
    withCode('EPIPE'),
    withCode('ETIMEDOUT'),
    withCode('UND_ERR_SOCKET', 'other side closed'),
    withCode('UND_ERR_HEADERS_TIMEOUT'),
    withCode('UND_ERR_BODY_TIMEOUT'),
    withCode('UND_ERR_ABORTED', 'This operation was aborted'),
    new Error('no code'),
    undefined
  ]) {
    test(`${errorCode(error)}: may have been sent, never tried again`, () => {
      assert.equal(wasNotSent(error), false)
      assert.equal(isRetryableWriteError(error), false)
    })
  }

  test('a proxy that refused the tunnel for a failing upstream is transient for reads too', () => {
    assert.equal(isTransientNetworkError(tunnelRefused(502)), true)
    assert.equal(isTransientNetworkError(tunnelRefused(407)), false)
  })
})
