// The README's inputs and outputs tables are the user's manual of action.yml: this keeps them
// in step (same names, same order, same defaults), and checks that the README's workflow
// examples and the CI workflow only use inputs and outputs that exist.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
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

const root = new URL('../../', import.meta.url)
const readRepoFile = (path: string): string => readFileSync(new URL(path, root), 'utf8')

// Parsed on first use, so that an action.yml that is not valid YAML fails each test with
// the parser's message (line and column) instead of failing the file as it loads.
let parsedAction: ActionYml | undefined
function actionYml(): ActionYml {
  parsedAction ??= parse(readRepoFile('action.yml'), { prettyErrors: true }) as ActionYml
  return parsedAction
}
const readme = readRepoFile('README.md')

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

/** Every object with a `uses:` of this action (or `./`) in a parsed YAML value. */
function stepsUsingTheAction(value: unknown, found: Record<string, unknown>[] = []) {
  if (Array.isArray(value)) {
    for (const item of value) stepsUsingTheAction(item, found)
  } else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    const uses = record['uses']
    if (typeof uses === 'string' && (uses === './' || /document360-import-gate@/.test(uses))) {
      found.push(record)
    }
    for (const child of Object.values(record)) stepsUsingTheAction(child, found)
  }
  return found
}

/** The ```yaml blocks of a Markdown text. */
function yamlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml\n([\s\S]*?)^```$/gm)].map(match => match[1] ?? '')
}

/** Problems with the steps that use the action: unknown inputs, missing required ones. */
function checkSteps(where: string, yamlText: string): string[] {
  const problems: string[] = []
  const { inputs } = actionYml()
  const inputNames = Object.keys(inputs)
  const required = inputNames.filter(
    name => inputs[name]?.required === true && inputs[name]?.default === undefined
  )
  for (const document of parseAllDocuments(yamlText)) {
    if ('errors' in document && document.errors.length > 0) {
      problems.push(`${where}: YAML does not parse: ${document.errors[0]?.message}`)
      continue
    }
    for (const step of stepsUsingTheAction(document.toJS())) {
      const withBlock = (step['with'] ?? {}) as Record<string, unknown>
      for (const name of Object.keys(withBlock)) {
        if (!inputNames.includes(name)) problems.push(`${where}: unknown input "${name}"`)
      }
      for (const name of required) {
        if (!(name in withBlock)) problems.push(`${where}: required input "${name}" missing`)
      }
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

test("the README's inputs table lists action.yml's inputs, in order, with their defaults", () => {
  const { header, rows } = tableAfterHeading(readme, '## Inputs')
  assert.deepEqual(header, ['Name', 'Default', 'Description'])
  const expected = expectedInputRows(actionYml().inputs)
  const actual = readmeInputRows(rows)
  assert.deepEqual(actual, expected, describeDifferences('inputs', expected, actual))
  const undescribed = rows.filter(row => !row[2]).map(row => row[0])
  assert.deepEqual(
    undescribed,
    [],
    `inputs without a description in README.md: ${undescribed.join(', ')}`
  )
})

test("the README's outputs table lists action.yml's outputs, in order", () => {
  const { header, rows } = tableAfterHeading(readme, '## Outputs')
  assert.deepEqual(header, ['Name', 'Description'])
  const expected = Object.keys(actionYml().outputs)
  const actual = rows.map(([name = '']) => unquote(name))
  assert.deepEqual(actual, expected, describeDifferences('outputs', expected, actual))
  const undescribed = rows.filter(row => !row[1]).map(row => row[0])
  assert.deepEqual(
    undescribed,
    [],
    `outputs without a description in README.md: ${undescribed.join(', ')}`
  )
})

test("the README's examples and the CI workflow use only the action's inputs and outputs", () => {
  const blocks = yamlBlocks(readme)
  const usingTheAction = blocks.filter(block => stepsUsingTheAction(parse(block)).length > 0)
  assert.ok(usingTheAction.length >= 5, `only ${usingTheAction.length} examples use the action`)
  const ci = readRepoFile('.github/workflows/ci.yml')
  const problems = [
    ...blocks.flatMap((block, index) => checkSteps(`README.md yaml block ${index + 1}`, block)),
    ...unknownOutputs('README.md', readme, 'gate'),
    ...checkSteps('ci.yml', ci),
    ...unknownOutputs('ci.yml', ci, 'gate')
  ]
  assert.deepEqual(problems, [], problems.join('\n'))
  assert.equal(stepsUsingTheAction(parse(ci)).length, 1, 'ci.yml runs the action itself (uses: ./)')
})

test("the README's complete workflow files have a trigger and jobs", () => {
  const workflows = yamlBlocks(readme).filter(block => block.startsWith('# .github/workflows/'))
  assert.ok(workflows.length >= 5, `only ${workflows.length} complete workflow files`)
  for (const text of workflows) {
    const workflow = parse(text) as Record<string, unknown>
    const name = text.split('\n')[0]
    assert.ok(workflow['on'] !== undefined, `${name}: no "on:"`)
    assert.ok(workflow['jobs'] !== undefined, `${name}: no "jobs:"`)
  }
})

test('the sync check reports a wrong default, a missing input and a swapped order', () => {
  const inputs = { a: { required: true }, b: { default: '5' }, c: { default: '' } }
  const expected = expectedInputRows(inputs)
  assert.deepEqual(expected, ['a = _required_', 'b = 5', 'c = _empty_'])
  const table = [
    '## Inputs',
    '',
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
