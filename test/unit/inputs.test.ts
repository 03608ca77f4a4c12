// Input parsing: defaults, and every kind of bad input failing with a message that names the
// input (before any request is made). The "time zones" suite is run again under several TZ
// values by time-zones.alone.test.ts.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  InputError,
  parseApiUrl,
  parseAuthScheme,
  parseBoolean,
  parseInputs,
  parseResyncUrl,
  parseSince,
  pathId,
  shownUrl,
  specUrlSecrets,
  wholeNumber
} from '../../src/inputs.ts'

const NOW = new Date('2026-05-01T12:00:00Z')
const REQUIRED = { token: 'secret-token', 'project-id': 'p1', 'api-reference-id': 'r1' }

/** Parses inputs as GitHub would pass them: unset inputs read as ''. */
function parse(values: Record<string, string>) {
  const all: Record<string, string> = { ...REQUIRED, ...values }
  return parseInputs(name => all[name] ?? '', NOW)
}

/** Asserts that parsing fails with an InputError naming `input` (and matching `also`). */
function assertRejects(values: Record<string, string>, input: string, also?: RegExp): void {
  assert.throws(
    () => parse(values),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`)
      assert.match(error.message, new RegExp(`Input "${input}"`))
      if (also) assert.match(error.message, also)
      return true
    }
  )
}

describe('parseInputs defaults', () => {
  test('every optional input takes its documented default', () => {
    assert.deepEqual(parse({}), {
      token: 'secret-token',
      projectId: 'p1',
      apiReferenceId: 'r1',
      apiUrl: 'https://apihub.document360.io',
      authScheme: 'bearer',
      maxErrors: 0,
      maxWarnings: null,
      failOnThreshold: true,
      waitTimeoutSeconds: 300,
      pollIntervalSeconds: 5,
      since: null,
      logId: null,
      annotations: true,
      specFile: null,
      jobSummary: true,
      prComment: false,
      checkRun: false,
      githubToken: '',
      baseline: { kind: 'none' },
      waiversFile: null,
      resyncUrl: null,
      publish: 'never',
      workspaceId: null
    })
  })

  test('set values are used, trimmed', () => {
    const inputs = parse({
      'project-id': '  p2 ',
      'max-errors': ' 3 ',
      'max-warnings': '10',
      'fail-on-threshold': 'false',
      'wait-timeout': '0',
      'poll-interval': '1',
      'log-id': ' abc ',
      annotations: 'false',
      'spec-file': 'openapi.yaml',
      'job-summary': 'false',
      'pr-comment': 'true',
      'check-run': 'true',
      'github-token': 'gh'
    })
    assert.equal(inputs.projectId, 'p2')
    assert.equal(inputs.maxErrors, 3)
    assert.equal(inputs.maxWarnings, 10)
    assert.equal(inputs.failOnThreshold, false)
    assert.equal(inputs.waitTimeoutSeconds, 0)
    assert.equal(inputs.pollIntervalSeconds, 1)
    assert.equal(inputs.logId, 'abc')
    assert.equal(inputs.annotations, false)
    assert.equal(inputs.specFile, 'openapi.yaml')
    assert.equal(inputs.jobSummary, false)
    assert.equal(inputs.prComment, true)
    assert.equal(inputs.checkRun, true)
    assert.equal(inputs.githubToken, 'gh')
  })

  test('max-warnings 0 is a limit, not "no limit"', () => {
    assert.equal(parse({ 'max-warnings': '0' }).maxWarnings, 0)
  })

  test('a blank value (GitHub trims inputs) means the default', () => {
    const inputs = parse({ 'max-errors': ' ', 'max-warnings': '  ', 'wait-timeout': ' ' })
    assert.equal(inputs.maxErrors, 0)
    assert.equal(inputs.maxWarnings, null)
    assert.equal(inputs.waitTimeoutSeconds, 300)
  })
})

describe('required inputs', () => {
  for (const name of ['token', 'project-id', 'api-reference-id']) {
    test(`empty ${name} is an error naming it`, () => {
      assertRejects({ [name]: '' }, name, /required/)
      assertRejects({ [name]: '   ' }, name, /required/)
    })
  }

  test('an empty token explains where it comes from', () => {
    assertRejects({ token: '' }, 'token', /secrets\.DOCUMENT360_TOKEN/)
  })

  test('a token with a line break or space inside is refused by name, never quoted', () => {
    // A header cannot carry it: the request would fail with a network error naming api-url.
    for (const token of ['d360_sk_first\nd360_sk_second', 'Bearer eyJhbGciOiSecond', 'a\tb']) {
      assertRejects({ token }, 'token', /line break|space/)
      assert.throws(
        () => parse({ token }),
        (error: Error) => !/first|second/i.test(error.message)
      )
    }
    assertRejects({ token: 'Bearer eyJhbGciOi' }, 'token', /without "Bearer "/)
  })
})

describe('echoed input', () => {
  test('bad values are quoted on one line, escaped and bounded, whatever was pasted', () => {
    const pasted = `12\u202e${'9'.repeat(100_000)}`
    for (const name of ['max-errors', 'fail-on-threshold', 'auth-scheme', 'since']) {
      assert.throws(
        () => parse({ [name]: pasted }),
        (error: Error) =>
          error.message.length < 500 &&
          error.message.includes('\\u202e') &&
          !/\u202e/.test(error.message)
      )
    }
  })
})

describe('whole numbers', () => {
  const bad = ['1.5', '-1', '1e3', 'abc', '0x10', '+1', '1 000', '99999999999999999999']
  for (const name of ['max-errors', 'max-warnings', 'wait-timeout', 'poll-interval']) {
    for (const text of bad) {
      test(`${name}: "${text}" is rejected`, () => {
        assertRejects({ [name]: text }, name, /whole number/)
      })
    }
  }

  test('the message says what is accepted and what was given', () => {
    assertRejects({ 'max-errors': '1.5' }, 'max-errors', /from 0 to \d+; got "1\.5"/)
  })

  test('wait-timeout and poll-interval say their unit: "10m" is seconds to write as 600', () => {
    assertRejects({ 'wait-timeout': '10m' }, 'wait-timeout', /whole number of seconds from 0 to/)
    assertRejects({ 'poll-interval': '5s' }, 'poll-interval', /whole number of seconds from 1 to/)
    assertRejects({ 'max-errors': '5s' }, 'max-errors', /must be a whole number from 0 to/)
  })

  test('max-warnings: "-1" or "none" is answered with how to say no limit', () => {
    for (const text of ['-1', 'none', 'unlimited']) {
      assertRejects({ 'max-warnings': text }, 'max-warnings', /Leave it empty for no limit\.$/)
    }
    assert.equal(parse({ 'max-warnings': '' }).maxWarnings, null)
  })

  test('wholeNumber itself rejects a blank string and out-of-range values', () => {
    assert.throws(() => wholeNumber('max-errors', ' ', 0, 10), /Input "max-errors"/)
    assert.throws(() => wholeNumber('max-errors', '', 0, 10), /Input "max-errors"/)
    assert.throws(() => wholeNumber('max-errors', '11', 0, 10), /from 0 to 10/)
    assert.equal(wholeNumber('max-errors', '10', 0, 10), 10)
    assert.equal(wholeNumber('max-errors', '007', 0, 10), 7)
  })

  test('too big: wait-timeout above six hours, counts above a billion', () => {
    assertRejects({ 'wait-timeout': String(6 * 3600 + 1) }, 'wait-timeout')
    assert.equal(parse({ 'wait-timeout': String(6 * 3600) }).waitTimeoutSeconds, 21600)
    assertRejects({ 'max-errors': '1000000001' }, 'max-errors')
  })

  test('poll-interval 0 is an error; wait-timeout 0 is fine', () => {
    assertRejects({ 'poll-interval': '0' }, 'poll-interval', /from 1 to/)
    assert.equal(parse({ 'wait-timeout': '0' }).waitTimeoutSeconds, 0)
  })
})

describe('booleans', () => {
  for (const [text, value] of [
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['FALSE', false],
    ['False', false]
  ] as const) {
    test(`"${text}" is ${value}`, () => {
      assert.equal(parse({ 'fail-on-threshold': text }).failOnThreshold, value)
      assert.equal(parse({ annotations: text }).annotations, value)
    })
  }

  for (const name of [
    'fail-on-threshold',
    'annotations',
    'job-summary',
    'pr-comment',
    'check-run'
  ]) {
    for (const text of ['yes', 'no', '1', '0', 'on']) {
      test(`${name}: "${text}" is an error naming it`, () => {
        assertRejects({ [name]: text }, name, /true or false/)
      })
    }
  }

  test('parseBoolean: empty takes the fallback', () => {
    assert.equal(parseBoolean('x', '', true), true)
    assert.equal(parseBoolean('x', '', false), false)
  })
})

describe('auth-scheme', () => {
  test('auto: api-key for d360_sk_ tokens, bearer otherwise', () => {
    assert.equal(parse({ token: 'd360_sk_abc' }).authScheme, 'api-key')
    assert.equal(parse({ token: 'abc-d360_sk_' }).authScheme, 'bearer')
    assert.equal(parse({ token: 'eyJhbGciOi' }).authScheme, 'bearer')
    assert.equal(parse({ token: 'd360_sk_abc', 'auth-scheme': 'auto' }).authScheme, 'api-key')
  })

  test('explicit schemes win over the token shape, in any case', () => {
    assert.equal(parse({ token: 'd360_sk_abc', 'auth-scheme': 'bearer' }).authScheme, 'bearer')
    assert.equal(parse({ token: 'plain', 'auth-scheme': 'API-KEY' }).authScheme, 'api-key')
    assert.equal(parseAuthScheme('Bearer', 'x'), 'bearer')
  })

  test('an unknown scheme is an error naming the input and the choices', () => {
    assertRejects({ 'auth-scheme': 'basic' }, 'auth-scheme', /auto, bearer or api-key/)
    assertRejects({ 'auth-scheme': 'api_token' }, 'auth-scheme')
  })
})

describe('api-url', () => {
  test('https URLs are accepted, trailing slashes trimmed', () => {
    assert.equal(
      parseApiUrl('https://apihub.us.document360.io'),
      'https://apihub.us.document360.io'
    )
    assert.equal(parseApiUrl('https://apihub.document360.io/'), 'https://apihub.document360.io')
    assert.equal(parseApiUrl('https://example.com/base//'), 'https://example.com/base')
    assert.equal(
      parse({ 'api-url': 'https://apihub.x.document360.io/' }).apiUrl,
      'https://apihub.x.document360.io'
    )
  })

  test('plain http is accepted only for loopback hosts', () => {
    assert.equal(parseApiUrl('http://127.0.0.1:8080/'), 'http://127.0.0.1:8080')
    assert.equal(parseApiUrl('http://127.5.6.7'), 'http://127.5.6.7')
    assert.equal(parseApiUrl('http://localhost:3000'), 'http://localhost:3000')
    assert.equal(parseApiUrl('http://LOCALHOST:3000'), 'http://localhost:3000')
    assert.equal(parseApiUrl('http://[::1]:3000/'), 'http://[::1]:3000')
  })

  for (const url of [
    'http://example.com',
    'http://apihub.document360.io',
    'http://128.0.0.1',
    'http://localhost.example.com',
    'http://127.0.0.1.example.com',
    'http://[::2]',
    'ftp://apihub.document360.io',
    'apihub.document360.io',
    'not a url'
  ]) {
    test(`"${url}" is rejected naming api-url`, () => {
      assertRejects({ 'api-url': url }, 'api-url', /https:\/\//)
    })
  }

  for (const url of [
    'https://user:pass@apihub.document360.io',
    'https://apihub.document360.io/?region=us',
    'https://apihub.document360.io/#x',
    'https://apihub.document360.io?',
    'https://apihub.document360.io/base#'
  ]) {
    test(`"${url}" (credentials, query, fragment) is rejected`, () => {
      assertRejects({ 'api-url': url }, 'api-url', /without credentials, query or fragment/)
    })
  }

  for (const url of [
    'https://apihub.document360.io/v3',
    'https://apihub.document360.io/V3/',
    'https://apihub.us.document360.io/v3/projects/5c1e0d3a/api-references',
    'https://proxy.example.com/document360/v2'
  ]) {
    test(`"${url}" (an API version in the path) is rejected: the gate adds /v3`, () => {
      assertRejects({ 'api-url': url }, 'api-url', /without an API version.*adds \/v3/)
    })
  }

  test('a base path that is no version is kept (a proxy in front of the API)', () => {
    assert.equal(parseApiUrl('https://proxy.example.com/v3api/'), 'https://proxy.example.com/v3api')
  })

  test('the rejection of credentials does not echo them', () => {
    assert.throws(
      () => parseApiUrl('https://user:hunter2@apihub.document360.io'),
      (error: Error) => !error.message.includes('hunter2')
    )
  })
})

describe('since', () => {
  const at = (iso: string): number => new Date(iso).getTime()

  for (const [text, secondsBack] of [
    ['90s', 90],
    ['15m', 900],
    ['2h', 7200],
    ['1h30m', 5400],
    ['1d', 86400],
    ['0s', 0],
    ['2H', 7200]
  ] as const) {
    test(`duration "${text}" is ${secondsBack}s before now`, () => {
      assert.equal(parse({ since: text }).since?.getTime(), NOW.getTime() - secondsBack * 1000)
    })
  }

  describe('time zones: since timestamps', () => {
    test('ISO timestamps: Z, an offset, no zone (UTC), date only (UTC midnight)', () => {
      assert.equal(parseSince('2026-04-30T08:15:00Z', NOW).getTime(), at('2026-04-30T08:15:00Z'))
      assert.equal(
        parseSince('2026-04-30T08:15:00.5Z', NOW).getTime(),
        at('2026-04-30T08:15:00.500Z')
      )
      assert.equal(
        parseSince('2026-04-30T10:15:00+02:00', NOW).getTime(),
        at('2026-04-30T08:15:00Z')
      )
      assert.equal(
        parseSince('2026-04-30T03:15:00-0500', NOW).getTime(),
        at('2026-04-30T08:15:00Z')
      )
      assert.equal(parseSince('2026-04-30T08:15:00', NOW).getTime(), at('2026-04-30T08:15:00Z'))
      assert.equal(parseSince('2026-04-30T08:15', NOW).getTime(), at('2026-04-30T08:15:00Z'))
      assert.equal(parseSince('2026-04-30', NOW).getTime(), at('2026-04-30T00:00:00Z'))
      const leapYear = new Date('2028-03-01T00:00:00Z')
      assert.equal(parseSince('2028-02-29', leapYear).getTime(), at('2028-02-29T00:00:00Z'))
    })

    test('a since more than 10 minutes ahead of the step is a mistake, not clock skew', () => {
      assert.equal(parseSince('2026-05-01T12:09:00Z', NOW).getTime(), at('2026-05-01T12:09:00Z'))
      assert.throws(
        () => parseSince('2026-05-01T12:11:00Z', NOW),
        /Input "since" \("2026-05-01T12:11:00Z"\) is more than 10 minutes after this step started/
      )
      assertRejects({ since: '2999-01-01' }, 'since', /no import could be new enough/)
    })

    test("without an offset, every spelling is UTC, whatever the runner's TZ", () => {
      const instant = at('2026-11-30T10:00:00Z')
      for (const text of [
        '2026-11-30T10:00:00',
        '2026-11-30 10:00:00',
        '2026-11-30t10:00:00',
        '2026-11-30T10:00',
        '2026-11-30 10:00',
        '2026-11-30T10:00:00.000',
        '2026-11-30T12:00:00+02',
        '2026-11-30T10:00:00z'
      ]) {
        const later = new Date('2026-12-01T00:00:00Z')
        const all: Record<string, string> = { ...REQUIRED, since: text }
        assert.equal(parseInputs(name => all[name] ?? '', later).since?.getTime(), instant, text)
      }
      // A time in a daylight-saving gap or overlap of many zones is still plain UTC.
      const later = new Date('2026-12-01T00:00:00Z')
      assert.equal(parseSince('2026-03-08T02:30:00', later).getTime(), at('2026-03-08T02:30:00Z'))
      assert.equal(parseSince('2026-11-01T01:30:00', later).getTime(), at('2026-11-01T01:30:00Z'))
    })
  })

  for (const text of [
    '99999999999999999999d',
    '2026-02-30',
    '2026-02-29T10:00:00Z',
    '2026-04-31T10:00:00',
    '15',
    'yesterday',
    '15 minutes',
    '-15m',
    '2026-13-45',
    '2026-04-30T25:00Z',
    'h',
    'm15'
  ]) {
    test(`"${text}" is an error naming since and its formats`, () => {
      assertRejects({ since: text }, 'since', /ISO 8601.*90s, 15m, 2h/)
    })
  }
})

describe('ids in the request path', () => {
  const ID_INPUTS = ['project-id', 'api-reference-id', 'log-id'] as const

  test('ordinary ids are accepted as given (trimmed)', () => {
    for (const id of [
      '1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
      '4711',
      'my_reference.v2',
      '...',
      '.hidden',
      'a..b',
      'with space',
      'ünïcödé',
      'r?1',
      'x#y',
      '100%',
      '%zz'
    ]) {
      for (const input of ID_INPUTS) {
        const parsed = parse({ [input]: `  ${id}\n` })
        const value = {
          'project-id': parsed.projectId,
          'api-reference-id': parsed.apiReferenceId,
          'log-id': parsed.logId
        }[input]
        assert.equal(value, id, `${input} ${JSON.stringify(id)}`)
      }
    }
  })

  const DOT_SEGMENTS = [
    '.',
    '..',
    ' .. ',
    '%2e',
    '%2E',
    '%2e%2E',
    '.%2e',
    '%2e.',
    '%252e%252e',
    '%25252E',
    '%2e%20',
    '．．',
    '%EF%BC%8E'
  ]
  for (const id of DOT_SEGMENTS) {
    for (const input of ID_INPUTS) {
      test(`${input} ${JSON.stringify(id)} (a dot segment) is rejected naming the input`, () => {
        assertRejects({ [input]: id }, input, /is "\." or "\.\."/)
      })
    }
  }

  const SEPARATORS = ['a/b', '/', '../logs', '..\\x', 'a%2Fb', 'a%2fb', 'a%5Cb', 'a%252Fb', 'a／b']
  for (const id of SEPARATORS) {
    test(`${JSON.stringify(id)} (a path separator) is rejected`, () => {
      for (const input of ID_INPUTS) assertRejects({ [input]: id }, input, /contains "\/" or "\\"/)
    })
  }

  const CONTROLS = [
    'a\nb',
    'a\r\n::error::x',
    'a\u0000b',
    'a\tb',
    'a\u0085b',
    'a\u2028b',
    'a\u007fb',
    '%0a',
    'a%0D%0Ab',
    'a%00',
    '%C2%85'
  ]
  for (const id of CONTROLS) {
    test(`${JSON.stringify(id)} (a control character) is rejected without echoing it`, () => {
      for (const input of ID_INPUTS) {
        assert.throws(
          () => parse({ [input]: id }),
          (error: unknown) => {
            assert.ok(error instanceof InputError)
            assert.match(
              error.message,
              new RegExp(`^Input "${input}" contains (a|a percent-encoded) control character`)
            )
            assert.ok(
              !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(error.message),
              error.message
            )
            if (!id.includes('%')) assert.ok(!error.message.includes(id.trim()), error.message)
            return true
          }
        )
      }
    })
  }

  test('ids that are empty once decoded are rejected; a blank log-id means none', () => {
    for (const input of ['project-id', 'api-reference-id']) {
      assertRejects({ [input]: '   ' }, input, /required/)
      assertRejects({ [input]: '%20' }, input, /is empty/)
    }
    assertRejects({ 'log-id': '%20%20' }, 'log-id', /is empty/)
    assert.equal(parse({ 'log-id': '   ' }).logId, null)
  })

  test('the message shows a rejected id quoted on one line, and says what to give', () => {
    assert.throws(
      () => pathId('api-reference-id', '%2e%2e'),
      new InputError(
        'Input "api-reference-id" is "." or ".." (once trimmed or percent-decoded), which ' +
          'would change the request path; got "%2e%2e". Give the id alone, as Document360 ' +
          'shows it (not a URL or a path).'
      )
    )
  })
})

describe('resync-url', () => {
  test('an https URL is kept (normalized), a query included', () => {
    assert.equal(
      parse({ 'resync-url': 'https://example.com/specs/abc/openapi.yaml' }).resyncUrl,
      'https://example.com/specs/abc/openapi.yaml'
    )
    assert.equal(
      parseResyncUrl('HTTPS://Example.com/spec.yaml?X-Amz-Signature=abc'),
      'https://example.com/spec.yaml?X-Amz-Signature=abc'
    )
    assert.equal(
      parseResyncUrl('http://127.0.0.1:9000/spec.yaml'),
      'http://127.0.0.1:9000/spec.yaml'
    )
  })

  for (const url of ['http://example.com/spec.yaml', 'ftp://example.com/spec.yaml', 'spec.yaml']) {
    test(`"${url}" is rejected naming resync-url`, () => {
      assertRejects({ 'resync-url': url }, 'resync-url', /https:\/\//)
    })
  }

  test('credentials, a fragment and control characters are refused without being echoed', () => {
    for (const [url, why] of [
      ['https://user:hunter2secret@example.com/spec.yaml', /credentials/],
      ['https://example.com/spec.yaml#hunter2secret', /fragment/],
      ['https://example.com/spec.yaml?sig=hunter2secret\n::error::x', /control character/]
    ] as const) {
      assert.throws(
        () => parse({ 'resync-url': url }),
        (error: Error) => {
          assert.ok(error instanceof InputError)
          assert.match(error.message, /Input "resync-url"/)
          assert.match(error.message, why)
          assert.ok(!error.message.includes('hunter2secret'), error.message)
          return true
        }
      )
    }
  })

  for (const other of ['since', 'log-id']) {
    test(`resync-url with ${other} is an input error naming both`, () => {
      const values = {
        'resync-url': 'https://example.com/spec.yaml',
        [other]: other === 'since' ? '15m' : 'log-1'
      }
      assertRejects(values, 'resync-url', new RegExp(`"${other}"`))
    })
  }

  test('resync-url with wait-timeout 0 is an input error: the import it starts is never judged', () => {
    assertRejects(
      { 'resync-url': 'https://example.com/spec.yaml', 'wait-timeout': '0' },
      'wait-timeout',
      /with resync-url the gate starts an import and must wait/
    )
    assert.equal(
      parse({ 'resync-url': 'https://example.com/spec.yaml', 'wait-timeout': '1' })
        .waitTimeoutSeconds,
      1
    )
  })

  test('the query is never shown; long query values are secrets', () => {
    const href = 'https://example.com/s/openapi.yaml?X-Amz-Signature=0123456789abcdef0123&v=2'
    assert.equal(shownUrl(href), 'https://example.com/s/openapi.yaml?…')
    assert.equal(
      shownUrl('https://example.com/s/openapi.yaml'),
      'https://example.com/s/openapi.yaml'
    )
    assert.deepEqual(specUrlSecrets(href), [
      'X-Amz-Signature=0123456789abcdef0123&v=2',
      '0123456789abcdef0123'
    ])
    assert.deepEqual(specUrlSecrets('https://example.com/s.yaml?token=a%2Fbcdefghijklmnopq'), [
      'token=a%2Fbcdefghijklmnopq',
      'a%2Fbcdefghijklmnopq',
      'a/bcdefghijklmnopq'
    ])
    assert.deepEqual(specUrlSecrets('https://example.com/s.yaml'), [])
  })
})

describe('publish and workspace-id', () => {
  test('on-pass with a workspace is read; the mode ignores case', () => {
    const inputs = parse({ publish: 'On-Pass', 'workspace-id': 'ws-1' })
    assert.equal(inputs.publish, 'on-pass')
    assert.equal(inputs.workspaceId, 'ws-1')
    assert.equal(parse({ publish: 'never' }).publish, 'never')
  })

  test('an unknown mode is an input error', () => {
    assertRejects({ publish: 'always' }, 'publish', /never or on-pass; got "always"/)
  })

  test('on-pass without workspace-id is an input error naming workspace-id', () => {
    assertRejects({ publish: 'on-pass' }, 'workspace-id', /required when publish is on-pass/)
  })

  test('a workspace id with a control character is refused without being echoed', () => {
    assertRejects(
      { publish: 'on-pass', 'workspace-id': 'ws\n::error::pwned' },
      'workspace-id',
      /control characters/
    )
    assert.throws(
      () => parse({ publish: 'on-pass', 'workspace-id': 'ws\u202e1' }),
      (error: Error) => !error.message.includes('ws')
    )
  })
})
