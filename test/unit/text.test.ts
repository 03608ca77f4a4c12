// API text is data: one line, no control characters, bounded, secrets removed.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  formatCount,
  logLine,
  markdownCode,
  markdownText,
  oneLine,
  plural,
  redact,
  shortId,
  truncate
} from '../../src/text.ts'
import { renderGfm, tableRows, tagNames } from '../../tools/markdown.ts'

/** True when some line of `text` (as a runner splits stdout) could start a workflow command. */
function canStartCommand(text: string): boolean {
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)
    .some(line => line.trimStart().startsWith('::'))
}

describe('oneLine', () => {
  const injections = [
    'bad schema\n::error::pwned',
    'bad schema\r\n::add-mask::secret',
    'x\r::stop-commands::token123',
    'x\u2028::error::ls',
    'x\u2029::error::ls',
    'x\u0085::error::ls',
    'x\n\n  ::warning file=a::y',
    'x\u000b::error::vt',
    'x\u000c::error::ff'
  ]
  for (const input of injections) {
    test(`folds ${JSON.stringify(input)} so no line starts a command`, () => {
      const out = oneLine(`Message: ${input}`)
      assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(out), out)
      assert.equal(canStartCommand(out), false, out)
      // The text is kept as data, not dropped.
      assert.match(out, /::/)
    })
  }

  test('collapses runs of whitespace and control characters, trims the ends', () => {
    assert.equal(oneLine('  a \t\n\n b\u0000\u0007c\u007f  '), 'a b c')
  })

  test('caps at max characters with an ellipsis', () => {
    const out = oneLine('x'.repeat(500), 100)
    assert.equal(out.length, 100)
    assert.ok(out.endsWith('…'))
    assert.equal(oneLine('x'.repeat(100), 100), 'x'.repeat(100))
    assert.equal(oneLine('x'.repeat(300)).length, 300)
    assert.equal(oneLine('x'.repeat(301)).length, 300)
  })

  test('leaves ordinary text alone', () => {
    assert.equal(
      oneLine("Invalid schema: missing required field 'type'"),
      "Invalid schema: missing required field 'type'"
    )
  })
})

describe('redact', () => {
  test('replaces every occurrence of each secret', () => {
    assert.equal(redact('t0k t0k and s3c', ['t0k', 's3c']), '*** *** and ***')
  })

  test('ignores empty secrets and leaves other text alone', () => {
    assert.equal(redact('abc', ['']), 'abc')
    assert.equal(redact('abc', []), 'abc')
  })

  test('treats secrets literally, not as patterns', () => {
    assert.equal(redact('a.b+c a_b+c', ['a.b+c']), '*** a_b+c')
    // A secret that holds another goes whole, whatever the order they were given in.
    assert.equal(redact('?sig=t0k&exp=1 and t0k', ['t0k', 'sig=t0k&exp=1']), '?*** and ***')
  })

  test('redacts a secret too long for a regular expression, in any case, without quoting it', () => {
    // V8 refuses a pattern this long, with the pattern (the secret) in its error message.
    const secret = `Tok-${'x'.repeat(40_000)}.End`
    const text = `a ${secret} b ${secret.toLowerCase()} c ${secret.slice(0, -1)}`
    assert.equal(redact(text, [secret]), `a *** b *** c ${secret.slice(0, -1)}`)
    assert.equal(redact(text, [secret]), `a *** b *** c ${secret.slice(0, -1)}`, 'again')
  })

  test('a secret echoed with letters that fold to its own (Kelvin sign K, long s ſ) is found', () => {
    const secret = 'd360_sk_Token-Kept.Secret'
    const folded = secret.replace(/k/gi, '\u212a').replace(/s/gi, '\u017f')
    for (const secrets of [[secret], [`${secret}${'x'.repeat(40_000)}`]]) {
      const [one = ''] = secrets
      const echo = `${folded}${one.slice(secret.length)}`
      assert.equal(redact(`a ${echo} b`, secrets), 'a *** b', `${one.length} characters`)
    }
  })

  test('a secret too long for a regular expression is found in any case of its non-ASCII letters too', () => {
    const secret = `Clé-${'é'.repeat(40_000)}-Ω`
    for (const secrets of [[secret.slice(0, 100)], [secret]]) {
      const [one = ''] = secrets
      const text = `a ${one.toUpperCase()} b ${one.toLowerCase()} c`
      assert.equal(redact(text, secrets), 'a *** b *** c', `${one.length} characters`)
    }
  })
})

describe('shortId and plural', () => {
  test('shortId keeps short ids and cuts long ones to 8 characters', () => {
    assert.equal(shortId('123456789'), '123456789')
    assert.equal(shortId('1a2b3c4d-5e6f-7a8b'), '1a2b3c4d…')
  })

  test('plural', () => {
    assert.equal(plural(0, 'error'), '0 errors')
    assert.equal(plural(1, 'error'), '1 error')
    assert.equal(plural(2, 'warning'), '2 warnings')
  })
})

test('formatCount groups thousands the same way on every machine', () => {
  assert.equal(formatCount(0), '0')
  assert.equal(formatCount(999), '999')
  assert.equal(formatCount(1000), '1,000')
  assert.equal(formatCount(4481), '4,481')
  assert.equal(formatCount(1234567), '1,234,567')
  assert.equal(plural(4500, 'error'), '4,500 errors')
})

describe('truncate', () => {
  test('cuts by code points and never splits a surrogate pair', () => {
    assert.equal(truncate('🐾🐾🐾🐾', 3), '🐾🐾…')
    assert.equal(truncate('ab🐾', 3), 'ab🐾')
    assert.equal(oneLine(`${'x'.repeat(298)}🐾🐾`, 300), `${'x'.repeat(298)}🐾🐾`)
    assert.equal(oneLine(`${'x'.repeat(299)}🐾🐾`, 300), `${'x'.repeat(299)}…`)
    assert.ok(!/[\ud800-\udfff]$/.test(shortId('1234567🐾89')))
  })
})

describe('logLine', () => {
  test('no line the gate prints can start a workflow command', () => {
    for (const text of [
      '::error::x',
      '  ::warning::x',
      '##[error]x',
      'a\n::error::x',
      '\u0085::x'
    ]) {
      const line = logLine(text)
      assert.equal(canStartCommand(line), false, line)
      assert.ok(!line.startsWith('##['), line)
    }
  })
})

// API text rendered as GitHub renders it: shown literally, in its own cell, inert.
const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script><b>bold</b><!-- hidden -->',
  '[x](javascript:alert(1)) [text][ref] [ref]: http://x',
  '![i](http://evil.example/i.png)',
  'see https://evil.example/a and HTTPS://EVIL.EXAMPLE and ftp://files.example',
  'www.evil.example and WWW.EVIL.EXAMPLE',
  '<https://autolink.example> mail a@b.co',
  '@octocat and #123 and org/repo#4',
  'GH-123 and gh-4, :x: and :white_check_mark: and :+1:',
  '**bold** __b__ _i_ *i* ~~del~~ ~x~',
  '`code` ``x`` ` lone',
  'a | b | c \\| d',
  'trailing backslash \\',
  '&lt;b&gt; &amp; &#60; &copy;',
  '$x^2$ and $$y$$',
  'x\n| --- |\n::error::x',
  'snake_case_name, _leading and trailing_ and under_',
  'foo\u202eevil\u2066x'
]

describe('markdownText', () => {
  test('leaves the gate\u2019s own kind of text alone, so it reads the same raw', () => {
    for (const text of [
      "Invalid schema: missing required field 'type'",
      '2026-11-30T00:57:41Z',
      '3 errors, more than max-errors 0.',
      'error_count and warning_count',
      '/components/schemas/User (see spec-file)'
    ]) {
      assert.equal(markdownText(text), text)
    }
  })

  for (const text of HOSTILE) {
    test(`renders ${JSON.stringify(text)} literally, in its cell`, () => {
      const html = renderGfm(`| Message | Other |\n| --- | --- |\n| ${markdownText(text)} | x |`)
      const rows = tableRows(html)
      assert.deepEqual(rows.at(-1), [oneLine(text), 'x'])
      assert.deepEqual(
        tagNames(html).filter(tag => !['table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag)),
        []
      )
    })
  }

  test('breaks mentions and issue references, which GitHub links after rendering', () => {
    const html = renderGfm(markdownText('@octocat #123 a@b.co'))
    assert.doesNotMatch(html.replace(/<[^>]*>/g, ''), /@[a-z]|#\d/i)
  })

  test('breaks GH- references and emoji codes, which GitHub also turns after rendering', () => {
    const text = renderGfm(markdownText('GH-12 gh-3 :x: :rocket: :+1: :no_entry_sign:'))
    assert.doesNotMatch(text.replace(/<[^>]*>/g, ''), /GH-\d|:[\w+-]+:/i)
    // Times and ratios keep their colons as written.
    assert.equal(markdownText('at 10:00:00, 1:2:3'), 'at 10:00:00, 1:2:3')
  })
})

describe('markdownCode', () => {
  for (const text of [...HOSTILE, '`starts and ends with`', 'a ``` b']) {
    test(`shows ${JSON.stringify(text)} as code, in its cell`, () => {
      const html = renderGfm(`| Path | Other |\n| --- | --- |\n| ${markdownCode(text)} | x |`)
      assert.deepEqual(tableRows(html).at(-1), [oneLine(text), 'x'])
      const inner = tagNames(html).filter(
        tag => !['table', 'thead', 'tbody', 'tr', 'th', 'td'].includes(tag)
      )
      assert.deepEqual(inner, ['code', 'code'])
    })
  }

  test('is empty for empty text', () => {
    assert.equal(markdownCode(' \n '), '')
  })
})
