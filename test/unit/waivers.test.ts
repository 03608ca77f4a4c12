// Waivers: the file's rules (each broken rule is an input error naming file, entry and rule),
// matching by path glob, substring and RE2 regex, and expiry.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, test } from 'node:test'
import { canonicalPointer, normalizeMessage } from '../../src/baseline/identity.ts'
import { loadWaivers } from '../../src/baseline/waivers-file.ts'
import {
  MAX_WAIVERS,
  checkWaivers,
  expiredWarning,
  partitionByExpiry,
  utcDay,
  type CompiledWaiver
} from '../../src/baseline/waivers.ts'
import { InputError } from '../../src/inputs.ts'

let workspace: string
before(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'waivers-'))
  await mkdir(path.join(workspace, '.github'))
})
after(async () => {
  await rm(workspace, { recursive: true, force: true })
})

const FILE = '.github/document360-waivers.yml'

async function load(text: string, name = FILE) {
  await writeFile(path.join(workspace, name), text)
  return loadWaivers(name, workspace)
}

/** The InputError message loading `text` gives. */
async function problem(text: string, name = FILE): Promise<string> {
  try {
    await load(text, name)
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`)
    return error.message
  }
  assert.fail(`no input error for:\n${text}`)
}

function accepts(waiver: CompiledWaiver, findingPath: string, message: string): boolean {
  return waiver.matches({
    canonicalPath: canonicalPointer(findingPath),
    message: normalizeMessage(message)
  })
}

describe('the waivers file', () => {
  test("the issue's example loads: path glob, substring, reason, until", async () => {
    const { file, waivers } = await load(
      [
        '# .github/document360-waivers.yml',
        '- path: /paths/~1legacy~1*        # glob over the JSON pointer (either spelling)',
        '  message: "no description"       # substring, or /regex/',
        '  reason: Legacy endpoints are documented elsewhere until Q3.',
        '  until: 2027-03-31               # optional; after this date the waiver stops applying',
        ''
      ].join('\n')
    )
    assert.equal(file, FILE)
    assert.equal(waivers.length, 1)
    const [waiver] = waivers as [CompiledWaiver]
    assert.deepEqual(
      { ...waiver, matches: undefined },
      {
        entry: 1,
        line: 2,
        path: '/paths/~1legacy~1*',
        message: 'no description',
        reason: 'Legacy endpoints are documented elsewhere until Q3.',
        until: '2027-03-31',
        matches: undefined
      }
    )
    assert.equal(accepts(waiver, '/paths/legacy/pets/get', 'Operation has no description'), true)
    assert.equal(accepts(waiver, '/paths/~1legacy~1pets/get', 'has  no\ndescription'), true)
    assert.equal(accepts(waiver, '/paths/~1pets/get', 'has no description'), false)
    assert.equal(accepts(waiver, '/paths/legacy/pets/get', 'has no summary'), false)
  })

  test('JSON works too, and an empty file or list waives nothing', async () => {
    const { waivers } = await load(
      JSON.stringify([{ message: 'deprecated', reason: 'Kept for old clients.' }]),
      'waivers.json'
    )
    assert.equal(waivers.length, 1)
    assert.equal(accepts(waivers[0] as CompiledWaiver, '/x', 'Endpoint is deprecated'), true)
    assert.deepEqual((await load('', 'empty.yml')).waivers, [])
    assert.deepEqual((await load('[]\n', 'none.yml')).waivers, [])
  })

  test('a file saved with a UTF-8 byte order mark (Windows editors) loads, YAML or JSON', async () => {
    const yaml = await load('\uFEFF- message: no description\n  reason: Legacy.\n')
    assert.deepEqual(
      yaml.waivers.map(w => [w.entry, w.line, w.message]),
      [[1, 1, 'no description']]
    )
    const json = await load('\uFEFF[{"path": "/a", "reason": "r"}]', 'bom.json')
    assert.deepEqual(
      json.waivers.map(w => w.path),
      ['/a']
    )
  })

  test('a tab in the indentation is named, whatever the parser says about it', async () => {
    assert.match(
      await problem('- message: no description\n  reason: Legacy.\n\tuntil: 2027-03-31\n'),
      /line 3, column 2: .*YAML indents with spaces, and this line has a tab\)\.$/
    )
    assert.doesNotMatch(await problem('- message: [unclosed\n  reason: r\n'), /tab/)
  })

  test('a message between slashes is a regular expression, with flags i, m, s', async () => {
    const { waivers } = await load(
      [
        "- message: /^Operation '\\w+' has no (description|summary)$/",
        '  reason: r',
        '- message: /DEPRECATED/i',
        '  reason: r'
      ].join('\n')
    )
    const [described, deprecated] = waivers as [CompiledWaiver, CompiledWaiver]
    assert.equal(accepts(described, '/a', "Operation 'listPets' has no summary"), true)
    assert.equal(accepts(described, '/a', "Operation 'listPets' has no summary."), false)
    assert.equal(accepts(deprecated, '/a', 'Deprecated endpoint'), true)
  })

  // A backtracking engine would need about 2^1500 steps here (the test would time out); RE2
  // matches in time linear in the text.
  test(
    'a catastrophic pattern for a backtracking engine ends (RE2)',
    { timeout: 20_000 },
    async () => {
      const { waivers } = await load('- message: /^(a+)+$/\n  reason: r\n')
      assert.equal(accepts(waivers[0] as CompiledWaiver, '/a', `${'a'.repeat(1500)}b`), false)
      assert.equal(accepts(waivers[0] as CompiledWaiver, '/a', 'a'.repeat(1500)), true)
    }
  )

  test('a message is matched on its first 2,000 characters', async () => {
    const { waivers } = await load('- message: needle\n  reason: r\n')
    const waiver = waivers[0] as CompiledWaiver
    assert.equal(accepts(waiver, '/a', `${'x'.repeat(1990)} needle`), true)
    assert.equal(accepts(waiver, '/a', `${'x'.repeat(2000)} needle`), false)
  })

  test('the first waiver in the file that matches is the one reported', () => {
    const waivers = checkWaivers(
      [
        { path: '/a/*', reason: 'first' },
        { path: '/a/b', reason: 'second' }
      ],
      'w.yml'
    )
    assert.equal(waivers.find(w => accepts(w, '/a/b', 'x'))?.reason, 'first')
  })
})

describe('every broken rule is an input error naming the file, the entry and the rule', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not YAML', '- path: [unclosed\n', /not valid YAML or JSON \(line \d+, column \d+: /],
    [
      'a mapping at the top',
      'path: /a\nreason: r\n',
      /must hold a list of waivers.*holds a mapping/
    ],
    ['a text at the top', 'just text\n', /must hold a list of waivers/],
    [
      'an entry that is text',
      '- /paths/a\n',
      /entry 1 \(line 1\): is the text "\/paths\/a", not a mapping/
    ],
    [
      'an unknown key',
      '- path: /a\n  reason: r\n- pth: /b\n  message: m\n  reason: r\n',
      /entry 2 \(line 3\): has an unknown key "pth" \(a waiver has path, message, reason, until\)/
    ],
    ['no reason', '- path: /a\n', /entry 1 \(line 1\): "reason" is required/],
    ['an empty reason', '- path: /a\n  reason: "  "\n', /entry 1 \(line 1\): "reason" is empty/],
    [
      'neither path nor message',
      '- reason: r\n  until: 2027-01-01\n',
      /entry 1 \(line 1\): needs "path" or "message" \(or both\)/
    ],
    [
      'a path that is a number',
      '- path: 12\n  reason: r\n',
      /"path" must be text; it is the number 12/
    ],
    ['a path list', '- path: [/a, /b]\n  reason: r\n', /"path" must be text; it is a list/],
    [
      'until that is not a date',
      '- path: /a\n  reason: r\n  until: next spring\n',
      /"until" must be a date written YYYY-MM-DD, such as 2027-03-31; got "next spring"/
    ],
    [
      'until that is no day of the calendar',
      '- path: /a\n  reason: r\n  until: 2027-02-30\n',
      /"until" is "2027-02-30", which is not a day of the calendar/
    ],
    ['until as a number', '- path: /a\n  reason: r\n  until: 2027\n', /got the number 2027/],
    [
      'until with a time',
      '- path: /a\n  reason: r\n  until: 2027-03-31T12:00:00Z\n',
      /"until" must be a date written YYYY-MM-DD/
    ],
    [
      'a regex that does not compile',
      '- message: /(unclosed/\n  reason: r\n',
      /"message" "\/\(unclosed\/" is not a regular expression the gate accepts \(.*missing closing \).*RE2 syntax/
    ],
    [
      'a lookahead (RE2 has none)',
      '- message: /a(?=b)/\n  reason: r\n',
      /is not a regular expression the gate accepts/
    ],
    ['an unknown flag', '- message: /a/g\n  reason: r\n', /unknown flag "g"/],
    ['a duplicate key', '- path: /a\n  path: /b\n  reason: r\n', /not valid YAML or JSON.*unique/i],
    [
      'a reason too long',
      `- path: /a\n  reason: ${'x'.repeat(1001)}\n`,
      /"reason" is longer than 1000/
    ]
  ]
  for (const [name, text, expected] of cases) {
    test(name, async () => {
      const message = await problem(text)
      assert.match(message, /^waivers-file "\.github\/document360-waivers\.yml"/)
      assert.match(message, expected)
      assert.doesNotMatch(message, /\n/, 'one line')
    })
  }

  test('more waivers than the gate accepts', async () => {
    const text = Array.from({ length: MAX_WAIVERS + 1 }, (_, i) => `- path: /a${i}\n  reason: r`)
    assert.match(await problem(text.join('\n')), /lists 1001 waivers, more than the 1000/)
  })

  test('a file that is not there, or a directory', async () => {
    assert.match(
      await problemLoading('missing.yml'),
      /^waivers-file "missing\.yml": there is no such file \(looked for .*missing\.yml\)\.$/
    )
    assert.match(await problemLoading('.github'), /is a directory, not a file/)
  })
})

async function problemLoading(name: string): Promise<string> {
  try {
    await loadWaivers(name, workspace)
  } catch (error) {
    assert.ok(error instanceof InputError)
    return error.message
  }
  assert.fail('no input error')
}

describe('expiry', () => {
  const waivers = checkWaivers(
    [
      { path: '/a', reason: 'no date' },
      { path: '/b', reason: 'ends today', until: '2026-05-01' },
      { path: '/c', reason: 'ended yesterday', until: '2026-04-30' }
    ],
    'w.yml',
    [1, 3, 6]
  )

  test('a waiver applies through its until day (UTC), and stops the day after', () => {
    const { active, expired } = partitionByExpiry(waivers, '2026-05-01')
    assert.deepEqual(
      active.map(w => w.reason),
      ['no date', 'ends today']
    )
    assert.deepEqual(
      expired.map(w => w.reason),
      ['ended yesterday']
    )
  })

  test('today is the UTC day of the clock, whatever the time zone', () => {
    assert.equal(utcDay(Date.parse('2026-05-01T23:59:59Z')), '2026-05-01')
    assert.equal(utcDay(Date.parse('2026-05-01T23:30:00-02:00')), '2026-05-02')
  })

  test('the expiry warning names the waiver, its file, its date and what to do', () => {
    assert.equal(
      expiredWarning(waivers[2] as CompiledWaiver, 'w.yml'),
      'Waiver entry 3 (line 6: path "/c") in "w.yml" expired on 2026-04-30 and no longer ' +
        'applies: the findings it accepted count again. Fix them, or extend or remove the waiver.'
    )
  })
})
