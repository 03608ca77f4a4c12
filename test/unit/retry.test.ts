// The retry rules: which answers are retried, how long to wait, which errors are transient.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  MAX_FAILURE_RETRIES,
  MAX_SERVER_WAIT_MS,
  backoffMs,
  retryClassOf,
  errorCode,
  isTransientNetworkError,
  serverRequestedWaitMs
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

  for (const value of [
    '-1',
    '1.5',
    '0.5',
    'abc',
    '',
    '1e2',
    '0x10',
    'Wed, 21 Oct 2026 07:28:00 GMT'
  ]) {
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
