import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_MAX_LENGTH, escapeCode, escapeText, truncate } from '../../src/report/escape.ts'

/** What a browser shows for the escaped text (numeric references decoded). */
function decode(html: string): string {
  return html.replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
}

/** Decoded, without the zero-width spaces that break up autolinks and mentions. */
function visible(html: string): string {
  return decode(html).replace(/\u200b/g, '')
}

const hostile = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(document.cookie)</script>',
  '[click me](javascript:alert(1))',
  '![tracker](http://evil.example/pixel.png)',
  'see https://evil.example/login and www.evil.example',
  '<https://evil.example>',
  'a | b | c',
  '@octocat and @github/security please look',
  'fixes #123 and octo/repo#45',
  '**bold** _italic_ ~~strike~~ `code` \\escaped',
  '# heading',
  '> quote',
  '- [ ] task',
  '1. item',
  '<!-- comment --> &amp; &lt;b&gt;',
  '<details open><summary>x</summary></details>',
  ':warning: :+1:',
  '$$\\LaTeX$$ and $x$',
  'it\'s "quoted"',
  '{curly} ^caret ? = + , ; %'
]

describe('escapeText', () => {
  it('leaves only letters, digits, spaces, references and non-ASCII text', () => {
    for (const text of hostile) {
      const escaped = escapeText(text)
      assert.match(escaped, /^[A-Za-z0-9 &#;\u0080-\uffff]*$/, `${text} → ${escaped}`)
    }
  })

  it('shows the same text a person would read (round trip)', () => {
    for (const text of hostile) assert.equal(visible(escapeText(text)), text)
  })

  it('encodes HTML', () => {
    const escaped = escapeText('<img src=x onerror=alert(1)>')
    assert.equal(escaped.includes('<'), false)
    assert.equal(escaped.includes('>'), false)
    assert.ok(escaped.startsWith('&#60;img src&#61;x'))
  })

  it('encodes the characters of links, images and tables', () => {
    const escaped = escapeText('![i](http://x) [x](javascript:alert(1)) a|b')
    for (const character of ['!', '[', ']', '(', ')', '|', ':']) {
      assert.equal(escaped.includes(character), false, character)
    }
  })

  it('encodes & so that references in the input stay text', () => {
    assert.equal(visible(escapeText('&lt;b&gt;')), '&lt;b&gt;')
    assert.equal(escapeText('&'), '&#38;')
  })

  it('breaks up mentions, issue references and bare URLs once rendered', () => {
    const decoded = decode(escapeText('@octocat @github/team #123 https://x.example www.x.example'))
    assert.doesNotMatch(decoded, /@[A-Za-z0-9]/)
    assert.doesNotMatch(decoded, /#\d/)
    assert.doesNotMatch(decoded, /:\/\//)
    assert.doesNotMatch(decoded, /www\./i)
  })

  it('leaves harmless @ and # alone', () => {
    assert.equal(decode(escapeText('a @ b # c #/components')), 'a @ b # c #/components')
  })

  it('folds line breaks and control characters into spaces', () => {
    assert.equal(
      escapeText('one\ntwo\r\nthree\rfour\u2028five\tsix\u0000seven'),
      'one two three four five six seven'
    )
    const injected = escapeText('fine\n::error::injected\n| --- |')
    assert.equal(injected.includes('\n'), false)
    assert.equal(injected.includes('::'), false)
  })

  it('replaces bidirectional controls', () => {
    assert.equal(escapeText('a\u202eb\u2066c'), 'a\ufffdb\ufffdc')
  })

  it('keeps non-ASCII text as it is', () => {
    assert.equal(escapeText('Größe ungültig – 名前 🐾'), 'Größe ungültig – 名前 🐾')
  })

  it('cuts long text with an ellipsis', () => {
    const escaped = escapeText('a'.repeat(5000))
    assert.equal(escaped, `${'a'.repeat(DEFAULT_MAX_LENGTH - 1)}…`)
    assert.equal(escapeText('abcdef', 4), 'abc…')
  })

  it('never cuts through an entity', () => {
    const escaped = escapeText('<'.repeat(50), 10)
    assert.equal(escaped, `${'&#60;'.repeat(9)}…`)
  })

  it('turns undefined and null into empty text, numbers into digits', () => {
    assert.equal(escapeText(undefined), '')
    assert.equal(escapeText(null), '')
    assert.equal(escapeText(42), '42')
  })
})

describe('truncate', () => {
  it('does not split surrogate pairs', () => {
    assert.equal(truncate('🐾🐾🐾🐾', 3), '🐾🐾…')
    assert.equal(truncate('🐾🐾', 2), '🐾🐾')
  })
})

describe('escapeCode', () => {
  it('wraps escaped text in <code>', () => {
    assert.equal(escapeCode('/paths/~1pets'), '<code>&#47;paths&#47;&#126;1pets</code>')
    assert.equal(
      escapeCode('a`b</code><script>'),
      '<code>a&#96;b&#60;&#47;code&#62;&#60;script&#62;</code>'
    )
  })

  it('gives nothing for empty text', () => {
    assert.equal(escapeCode(''), '')
  })
})
