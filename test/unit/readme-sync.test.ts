// Keeps the documentation honest. The README's inputs and outputs tables are the user's manual
// of action.yml: same names, order, defaults and descriptions. Every ```yaml block in the
// README, docs/ and CONTRIBUTING.md parses, uses only real inputs and outputs, and pins
// third-party actions by commit SHA. Every relative link and anchor in the Markdown files
// resolves. The README stays small, with a workflow on its first screen.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join, posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse, parseAllDocuments } from 'yaml'

interface ActionInput {
  description?: unknown
  required?: unknown
  default?: unknown
}

interface ActionYml {
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description?: unknown }>
  runs: { using?: unknown; main?: unknown }
}

const root = fileURLToPath(new URL('../../', import.meta.url))
const readRepoFile = (path: string): string => readFileSync(join(root, path), 'utf8')

// Parsed on first use, so that an action.yml that is not valid YAML fails each test with
// the parser's message (line and column) instead of failing the file as it loads.
let parsedAction: ActionYml | undefined
function actionYml(): ActionYml {
  parsedAction ??= parse(readRepoFile('action.yml'), { prettyErrors: true }) as ActionYml
  return parsedAction
}
const readme = readRepoFile('README.md')

/** The Markdown files whose links are checked, relative to the repository root. */
function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter(name => name.endsWith('.md'))
    .map(name => `docs/${name}`)
  return ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md', 'CHANGELOG.md', ...docs.sort()]
}

/** The files whose workflow examples are checked. */
function exampleFiles(): string[] {
  return markdownFiles().filter(file => file !== 'BENCHMARKS.md' && file !== 'CHANGELOG.md')
}

/** The README's size budget (issue 11): details belong in docs/. */
const README_MAX_BYTES = 15 * 1024
/** The first use of the action must be on the README's first screen or so. */
const FIRST_USES_MAX_LINE = 60

// ---------------------------------------------------------------------------------------
// Tables

// How the README's Default column shows what action.yml declares.
const REQUIRED_CELL = '_required_'
const EMPTY_CELL = '_empty_'

/** `name = default` for every input of action.yml, in its order, as the README shows it. */
function expectedInputRows(inputs: Record<string, ActionInput>): string[] {
  return Object.entries(inputs).map(([name, input]) => {
    if (input.default === undefined) {
      return `${name} = ${input.required === true ? REQUIRED_CELL : EMPTY_CELL}`
    }
    const value = typeof input.default === 'string' ? input.default : JSON.stringify(input.default)
    return `${name} = ${value === '' ? EMPTY_CELL : value}`
  })
}

/** Splits a Markdown table row into trimmed cells (an escaped `\|` stays in its cell). */
function splitRow(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
  return inner.split(/(?<!\\)\|/).map(cell => cell.trim().replace(/\\\|/g, '|'))
}

/** The first table after the line `heading`: its header and its body rows. */
function tableAfterHeading(
  markdown: string,
  heading: string
): { header: string[]; rows: string[][] } {
  const lines = markdown.split('\n')
  const start = lines.findIndex(line => line.trim() === heading)
  if (start === -1) throw new Error(`README.md has no "${heading}" heading`)
  const table: string[][] = []
  for (const raw of lines.slice(start + 1)) {
    const line = raw.trim()
    if (line.startsWith('|')) table.push(splitRow(line))
    else if (table.length > 0 || line.startsWith('#')) break
  }
  const [header, separator, ...rows] = table
  if (!header || !separator || !separator.every(cell => /^:?-+:?$/.test(cell))) {
    throw new Error(`README.md has no Markdown table under "${heading}"`)
  }
  return { header, rows }
}

/** A code span's text: `` `max-errors` `` → `max-errors`; anything else as it is. */
function unquote(cell: string): string {
  const code = /^`(.*)`$/.exec(cell)
  return code ? (code[1] ?? '') : cell
}

/** `name = default` rows of the README's inputs table. */
function readmeInputRows(rows: string[][]): string[] {
  return rows.map(([name = '', fallback = ''], index) => {
    if (!/^`[^`]+`$/.test(name)) throw new Error(`Inputs row ${index + 1}: name is not code`)
    return `${unquote(name)} = ${unquote(fallback)}`
  })
}

/**
 * A description as both files should say it: the README may set names in code spans where
 * action.yml cannot (YAML quoting), so code marks and spacing do not count; words do.
 */
function normalizeDescription(text: unknown): string {
  return (typeof text === 'string' ? text : '').replace(/`/g, '').replace(/\s+/g, ' ').trim()
}

/** `name: description` lines that differ between action.yml and a README table. */
function descriptionDifferences(
  declared: Record<string, { description?: unknown }>,
  rows: string[][],
  descriptionColumn: number
): string[] {
  const problems: string[] = []
  for (const row of rows) {
    const name = unquote(row[0] ?? '')
    const entry = declared[name]
    if (entry === undefined) continue // reported by the names check
    const expected = normalizeDescription(entry.description)
    const actual = normalizeDescription(row[descriptionColumn])
    if (expected !== actual) {
      problems.push(`${name}:\n    - action.yml: ${expected}\n    + README.md:  ${actual}`)
    }
  }
  return problems
}

/** A readable list of the rows that differ; empty when both lists are equal. */
function describeDifferences(
  what: string,
  expected: readonly string[],
  actual: readonly string[]
): string {
  const lines: string[] = []
  for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
    if (expected[i] !== actual[i]) {
      lines.push(`  row ${i + 1}:`)
      lines.push(`    - action.yml: ${expected[i] ?? '(no row)'}`)
      lines.push(`    + README.md:  ${actual[i] ?? '(no row)'}`)
    }
  }
  const names = (rows: readonly string[]): string[] => rows.map(row => row.split(' = ')[0] ?? '')
  const missing = names(expected).filter(name => !names(actual).includes(name))
  const extra = names(actual).filter(name => !names(expected).includes(name))
  if (missing.length > 0) lines.push(`  missing from README.md: ${missing.join(', ')}`)
  if (extra.length > 0) lines.push(`  not in action.yml: ${extra.join(', ')}`)
  if (lines.length === 0) return ''
  return `README.md's ${what} table does not match action.yml:\n${lines.join('\n')}`
}

// ---------------------------------------------------------------------------------------
// Workflow examples

/** Every object with a `uses:` of this action (or `./`) in a parsed YAML value. */
function stepsUsingTheAction(value: unknown, found: Record<string, unknown>[] = []) {
  if (Array.isArray(value)) {
    for (const item of value) stepsUsingTheAction(item, found)
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const uses = record['uses']
    if (typeof uses === 'string' && (uses === './' || isThisAction(uses))) {
      found.push(record)
    }
    for (const child of Object.values(record)) stepsUsingTheAction(child, found)
  }
  return found
}

function isThisAction(uses: string): boolean {
  return /(^|\/)document360-import-gate@/.test(uses)
}

/** Every `uses:` string in a parsed YAML value. */
function allUses(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) allUses(item, found)
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (typeof record['uses'] === 'string') found.push(record['uses'])
    for (const child of Object.values(record)) allUses(child, found)
  }
  return found
}

/** The ```yaml blocks of a Markdown text, with the line each starts on. */
function yamlBlocks(markdown: string): { text: string; line: number }[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map(match => ({
    text: match[1] ?? '',
    line: markdown.slice(0, match.index).split('\n').length
  }))
}

/** The YAML blocks of every example file, named by file and line. */
function exampleBlocks(): { where: string; text: string }[] {
  return exampleFiles().flatMap(file =>
    yamlBlocks(readRepoFile(file)).map(block => ({
      where: `${file}:${block.line}`,
      text: block.text
    }))
  )
}

/** Why a YAML text does not parse, or undefined when every document in it does. */
function yamlError(text: string): string | undefined {
  for (const document of parseAllDocuments(text)) {
    if ('errors' in document && document.errors.length > 0) {
      return document.errors[0]?.message.split('\n')[0]
    }
  }
  return undefined
}

/** Problems with the steps that use the action: unknown inputs, missing required ones. */
function checkSteps(where: string, yamlText: string): string[] {
  const problems: string[] = []
  const { inputs } = actionYml()
  const inputNames = Object.keys(inputs)
  const required = inputNames.filter(
    name => inputs[name]?.required === true && inputs[name]?.default === undefined
  )
  const error = yamlError(yamlText)
  if (error !== undefined) return [`${where}: YAML does not parse: ${error}`]
  for (const step of stepsUsingTheAction(parse(yamlText))) {
    const withBlock = (step['with'] ?? {}) as Record<string, unknown>
    for (const name of Object.keys(withBlock)) {
      if (!inputNames.includes(name)) problems.push(`${where}: unknown input "${name}"`)
    }
    for (const name of required) {
      if (!(name in withBlock)) problems.push(`${where}: required input "${name}" missing`)
    }
  }
  return problems
}

/** `steps.<id>.outputs.<name>` references whose name is not an output of action.yml. */
function unknownOutputs(where: string, text: string, stepId: string): string[] {
  const pattern = new RegExp(`steps\\.${stepId}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g')
  return [...text.matchAll(pattern)]
    .map(match => match[1] ?? '')
    .filter(name => !(name in actionYml().outputs))
    .map(name => `${where}: unknown output "${name}"`)
}

/**
 * Third-party actions in an example that are not pinned to a full commit SHA with the
 * version in a comment on the same line (`uses: actions/checkout@<sha> # v7.0.1`), as the
 * docs tell users to pin them. This action (`<owner>/...@v1`), local and docker actions are
 * exempt.
 */
function unpinnedActions(where: string, yamlText: string): string[] {
  if (yamlError(yamlText) !== undefined) return [] // reported by the parse check
  const problems: string[] = []
  for (const uses of allUses(parse(yamlText))) {
    if (uses.startsWith('./') || uses.startsWith('docker://') || isThisAction(uses)) continue
    if (!/^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/.test(uses)) {
      problems.push(`${where}: "${uses}" is not pinned to a full commit SHA`)
      continue
    }
    const line = yamlText.split('\n').find(text => text.includes(uses))
    if (line === undefined || !/#\s*v\d/.test(line)) {
      problems.push(`${where}: "${uses}" has no "# vX.Y.Z" comment with its version`)
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------
// Links and anchors

/** The text without fenced code blocks and code spans (links in code are not links). */
function withoutCode(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/(`+)[\s\S]*?\1/g, '')
}

/** Link targets: `[text](target)`, `[label]: target` and `href="target"`. */
function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown)
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
  const definitions = [...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)]
  const hrefs = [...text.matchAll(/\bhref="([^"]+)"/g)]
  return [...inline, ...definitions, ...hrefs].map(match => match[1] ?? '')
}

/**
 * GitHub's anchor for a heading (github-slugger): the heading's text, lower-cased, without
 * punctuation and symbols other than `-` and `_`, spaces turned into `-`.
 */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link or image shows its text
    .replace(/<[^>]+>/g, '') // tags show nothing
    .replace(/[`*]/g, '') // code and emphasis marks show nothing
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** Every anchor a Markdown text defines: heading slugs (numbered when repeated), `id`s. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  const text = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
  for (const match of text.matchAll(/^ {0,3}#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(match[1] ?? '')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  for (const match of text.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g))
    anchors.add(match[1] ?? '')
  return anchors
}

/** What the link check needs to know of the repository. */
interface Repository {
  /** Whether a file or directory exists at `path`, relative to the root. */
  exists(path: string): boolean
  /** The text of the Markdown file at `path`, relative to the root. */
  read(path: string): string
}

const realRepository: Repository = {
  exists: path => existsSync(join(root, path)),
  read: readRepoFile
}

/**
 * Relative links in `markdown` (the file `file`, relative to the repository root) that point
 * at no file of the repository, or at an anchor the target Markdown file does not define.
 */
function brokenLinks(file: string, markdown: string, repository: Repository): string[] {
  const problems: string[] = []
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue // absolute
    const [pathPart = '', anchor] = target.split('#', 2)
    const path = decodeURIComponent(pathPart)
    const targetFile =
      path === '' ? file : posix.normalize(posix.join(posix.dirname(file), path)).replace(/\/$/, '')
    const outside = targetFile === '..' || targetFile.startsWith('../')
    if (path !== '' && (outside || !repository.exists(targetFile))) {
      problems.push(`${file}: "${target}" points at no file of the repository`)
      continue
    }
    if (anchor === undefined || !targetFile.endsWith('.md')) continue
    const source = targetFile === file ? markdown : repository.read(targetFile)
    if (!anchorsOf(source).has(decodeURIComponent(anchor))) {
      problems.push(`${file}: "${target}" points at no heading of ${targetFile}`)
    }
  }
  return problems
}

// ---------------------------------------------------------------------------------------
// action.yml

test('action.yml runs on node24 from dist/index.js', () => {
  const { runs } = actionYml()
  assert.equal(runs.using, 'node24')
  assert.equal(runs.main, 'dist/index.js')
})

test('every input and output in action.yml has a description', () => {
  const { inputs, outputs } = actionYml()
  const undescribed = [
    ...Object.entries(inputs).map(([name, input]) => ['input', name, input] as const),
    ...Object.entries(outputs).map(([name, output]) => ['output', name, output] as const)
  ]
    .filter(([, , entry]) => typeof entry.description !== 'string' || !entry.description.trim())
    .map(([kind, name]) => `${kind} ${name}`)
  assert.deepEqual(undescribed, [], `described nowhere: ${undescribed.join(', ')}`)
})

// ---------------------------------------------------------------------------------------
// The README's tables

test("the README's inputs table lists action.yml's inputs, in order, with their defaults", () => {
  const { header, rows } = tableAfterHeading(readme, '## Inputs')
  assert.deepEqual(header, ['Name', 'Default', 'Description'])
  const expected = expectedInputRows(actionYml().inputs)
  const actual = readmeInputRows(rows)
  assert.deepEqual(actual, expected, describeDifferences('inputs', expected, actual))
  const differences = descriptionDifferences(actionYml().inputs, rows, 2)
  assert.deepEqual(differences, [], `input descriptions differ:\n  ${differences.join('\n  ')}`)
})

test("the README's outputs table lists action.yml's outputs, in order, with their descriptions", () => {
  const { header, rows } = tableAfterHeading(readme, '## Outputs')
  assert.deepEqual(header, ['Name', 'Description'])
  const expected = Object.keys(actionYml().outputs)
  const actual = rows.map(([name = '']) => unquote(name))
  assert.deepEqual(actual, expected, describeDifferences('outputs', expected, actual))
  const differences = descriptionDifferences(actionYml().outputs, rows, 1)
  assert.deepEqual(differences, [], `output descriptions differ:\n  ${differences.join('\n  ')}`)
})

// ---------------------------------------------------------------------------------------
// Workflow examples

test('every yaml block in the README, docs/ and CONTRIBUTING.md parses', () => {
  const problems = exampleBlocks()
    .map(({ where, text }) => [where, yamlError(text)] as const)
    .filter(([, error]) => error !== undefined)
    .map(([where, error]) => `${where}: ${error}`)
  assert.deepEqual(problems, [], problems.join('\n'))
})

test("the examples and the CI workflow use only the action's inputs and outputs", () => {
  const blocks = exampleBlocks()
  const usingTheAction = blocks.filter(({ text }) => stepsUsingTheAction(parse(text)).length > 0)
  assert.ok(usingTheAction.length >= 10, `only ${usingTheAction.length} examples use the action`)
  const ci = readRepoFile('.github/workflows/ci.yml')
  const problems = [
    ...blocks.flatMap(({ where, text }) => checkSteps(where, text)),
    ...exampleFiles().flatMap(file => unknownOutputs(file, readRepoFile(file), 'gate')),
    ...checkSteps('ci.yml', ci),
    ...unknownOutputs('ci.yml', ci, 'gate')
  ]
  assert.deepEqual(problems, [], problems.join('\n'))
  assert.equal(stepsUsingTheAction(parse(ci)).length, 1, 'ci.yml runs the action itself (uses: ./)')
})

test('the complete workflow files in the docs have a trigger, permissions and jobs', () => {
  const workflows = exampleBlocks().filter(({ text }) => text.startsWith('# .github/workflows/'))
  assert.ok(workflows.length >= 6, `only ${workflows.length} complete workflow files`)
  for (const { where, text } of workflows) {
    const workflow = parse(text) as Record<string, unknown>
    assert.ok(workflow['on'] !== undefined, `${where}: no "on:"`)
    assert.ok(workflow['permissions'] !== undefined, `${where}: no "permissions:"`)
    assert.ok(workflow['jobs'] !== undefined, `${where}: no "jobs:"`)
  }
})

test('the examples pin third-party actions by commit SHA, with the version in a comment', () => {
  const problems = exampleBlocks().flatMap(({ where, text }) => unpinnedActions(where, text))
  assert.deepEqual(problems, [], problems.join('\n'))
})

// ---------------------------------------------------------------------------------------
// Links and the README's shape

test('every relative link and anchor in the Markdown files resolves', () => {
  const problems = markdownFiles().flatMap(file =>
    brokenLinks(file, readRepoFile(file), realRepository)
  )
  assert.deepEqual(problems, [], problems.join('\n'))
})

test('the README is small, shows a workflow on its first screen and points newcomers on', () => {
  const bytes = Buffer.byteLength(readme)
  assert.ok(
    bytes <= README_MAX_BYTES,
    `README.md is ${bytes} bytes, over ${README_MAX_BYTES}: move details to docs/`
  )
  const firstUse = readme
    .split('\n')
    .findIndex(line => /uses: .*document360-import-gate@/.test(line))
  assert.ok(
    firstUse !== -1 && firstUse < FIRST_USES_MAX_LINE,
    `the README's first workflow using the action starts on line ${firstUse + 1}`
  )
  const contributing = readRepoFile('CONTRIBUTING.md').split('\n').slice(0, 10).join('\n')
  for (const command of ['npm ci && npm start', 'npm ci && npm test']) {
    assert.ok(contributing.includes(command), `CONTRIBUTING.md does not start with ${command}`)
    assert.ok(readme.includes(command), `README.md does not mention ${command}`)
  }
  assert.match(readme, /\]\(CONTRIBUTING\.md\)/, 'README.md does not link to CONTRIBUTING.md')
})

// ---------------------------------------------------------------------------------------
// The checks themselves

test('the sync check reports a wrong default, a missing input and a swapped order', () => {
  const inputs = { a: { required: true }, b: { default: '5' }, c: { default: '' } }
  const expected = expectedInputRows(inputs)
  assert.deepEqual(expected, ['a = _required_', 'b = 5', 'c = _empty_'])
  const table = [
    '## Inputs',
    '',
    '<!-- prettier-ignore -->',
    '| Name | Default | Description |',
    '| --- | --- | --- |',
    '| `a` | _required_ | first, with a \\| pipe |',
    '| `c` | `6` | third |',
    '',
    'after the table'
  ].join('\n')
  const { rows } = tableAfterHeading(table, '## Inputs')
  assert.equal(rows[0]?.[2], 'first, with a | pipe')
  const actual = readmeInputRows(rows)
  assert.deepEqual(actual, ['a = _required_', 'c = 6'])
  const message = describeDifferences('inputs', expected, actual)
  assert.match(message, /row 2:\n {4}- action\.yml: b = 5\n {4}\+ README\.md: {2}c = 6/)
  assert.match(message, /row 3:\n {4}- action\.yml: c = _empty_\n {4}\+ README\.md: {2}\(no row\)/)
  assert.match(message, /missing from README\.md: b$/m)
  assert.equal(describeDifferences('inputs', expected, expected), '')
  assert.throws(
    () => tableAfterHeading('## Inputs\n\nno table\n## Next', '## Inputs'),
    /no Markdown/
  )
})

test('the sync check reports a description that says something else, not one in code marks', () => {
  const declared = {
    a: { description: 'How the token is sent: bearer (Authorization: Bearer).' },
    b: { description: 'Seconds between polls.' }
  }
  const rows = [
    ['`a`', '', 'How the token is sent: `bearer` (`Authorization:  Bearer`).'],
    ['`b`', '', 'Minutes between polls.']
  ]
  assert.deepEqual(descriptionDifferences(declared, rows, 2), [
    'b:\n    - action.yml: Seconds between polls.\n    + README.md:  Minutes between polls.'
  ])
})

test('the pin check flags tags, short SHAs and SHAs without a version comment', () => {
  const sha = 'de0fac2e4500dabe0009e67214ff5f5447ce83dd'
  const workflow = [
    'steps:',
    `  - uses: actions/checkout@${sha} # v6.0.2`,
    '  - uses: actions/checkout@v5',
    `  - uses: actions/upload-artifact@${sha.slice(0, 12)} # v6`,
    `  - uses: github/codeql-action/upload-sarif@${sha}`,
    '  - uses: <owner>/document360-import-gate@v1',
    '  - uses: ./'
  ].join('\n')
  assert.deepEqual(unpinnedActions('x', workflow), [
    'x: "actions/checkout@v5" is not pinned to a full commit SHA',
    `x: "actions/upload-artifact@${sha.slice(0, 12)}" is not pinned to a full commit SHA`,
    `x: "github/codeql-action/upload-sarif@${sha}" has no "# vX.Y.Z" comment with its version`
  ])
})

test('the link check finds a missing file, a missing anchor and a link outside the repository', () => {
  const files: Record<string, string> = {
    'docs/guide.md': '# Guide\n\n## Proxies and certificates\n\n## Retries\n\n## Retries\n'
  }
  const markdown = [
    '# Read me',
    '',
    '## Judging the right import: `since` and `log-id`',
    '',
    '### Input "…" is required / must be a whole number …',
    '',
    '[ok](#judging-the-right-import-since-and-log-id) [ok](#input--is-required--must-be-a-whole-number-)',
    '[ok](docs/guide.md#proxies-and-certificates) [ok](docs/guide.md#retries-1) [ok](LICENSE)',
    '[ok](https://example.com/nowhere.md) `[not a link](nowhere.md)`',
    '[bad](docs/missing.md) [bad](docs/guide.md#retries-2) [bad](#nowhere) [bad](../outside.md)',
    '',
    '```md',
    '[not a link either](nowhere.md)',
    '```',
    '',
    '[label]: docs/absent.md'
  ].join('\n')
  const repository: Repository = {
    exists: path => path in files || path === 'LICENSE',
    read: path => files[path] ?? ''
  }
  const problems = brokenLinks('README.md', markdown, repository)
  assert.deepEqual(problems, [
    'README.md: "docs/missing.md" points at no file of the repository',
    'README.md: "docs/guide.md#retries-2" points at no heading of docs/guide.md',
    'README.md: "#nowhere" points at no heading of README.md',
    'README.md: "../outside.md" points at no file of the repository',
    'README.md: "docs/absent.md" points at no file of the repository'
  ])
})
