// Annotation planning: at most 10 of each kind (minus reserved slots), errors first, the kind
// chosen by failsOnErrors, and one notice counting the rest.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  planAnnotations,
  writeAnnotations,
  type AnnotationPlan
} from '../../src/report/annotations.ts'
import type { LocatedFinding } from '../../src/report/types.ts'

const NO_RESERVED = { reservedErrors: 0, reservedWarnings: 0 }

function findings(severity: 'error' | 'warning', count: number): LocatedFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    severity,
    message: `${severity} ${i}`,
    path: `/paths/~1${severity}${i}/get`
  }))
}

const kinds = (plan: AnnotationPlan) => plan.annotations.map(a => a.kind)

describe('planAnnotations', () => {
  test('few findings: one annotation each, nothing omitted', () => {
    const plan = planAnnotations(
      [...findings('error', 2), ...findings('warning', 3)],
      true,
      NO_RESERVED
    )
    assert.deepEqual(kinds(plan), ['error', 'error', 'warning', 'warning', 'warning'])
    assert.equal(plan.omitted, 0)
  })

  test('10 per kind, the rest counted as omitted', () => {
    const plan = planAnnotations(
      [...findings('error', 25), ...findings('warning', 12)],
      true,
      NO_RESERVED
    )
    assert.equal(kinds(plan).filter(k => k === 'error').length, 10)
    assert.equal(kinds(plan).filter(k => k === 'warning').length, 10)
    assert.equal(plan.omitted, 15 + 2)
    // The first ones, in order.
    assert.deepEqual(
      plan.annotations.slice(0, 10).map(a => a.message),
      Array.from({ length: 10 }, (_, i) => `Import error: error ${i}`)
    )
  })

  test('exactly 10 of a kind: nothing omitted', () => {
    const plan = planAnnotations(findings('warning', 10), true, NO_RESERVED)
    assert.equal(plan.annotations.length, 10)
    assert.equal(plan.omitted, 0)
  })

  test('reserved slots are taken from the 10', () => {
    const plan = planAnnotations([...findings('error', 12), ...findings('warning', 12)], true, {
      reservedErrors: 1,
      reservedWarnings: 2
    })
    assert.equal(kinds(plan).filter(k => k === 'error').length, 9)
    assert.equal(kinds(plan).filter(k => k === 'warning').length, 8)
    assert.equal(plan.omitted, 3 + 4)
  })

  test('all slots reserved: everything omitted', () => {
    const plan = planAnnotations(findings('error', 3), true, {
      reservedErrors: 10,
      reservedWarnings: 0
    })
    assert.equal(plan.annotations.length, 0)
    assert.equal(plan.omitted, 3)
  })

  test("keeps the report's order (the report puts errors first)", () => {
    const mixed = [...findings('warning', 2), ...findings('error', 2)]
    const plan = planAnnotations(mixed, true, NO_RESERVED)
    assert.deepEqual(
      plan.annotations.map(a => a.message),
      [
        'Import warning: warning 0',
        'Import warning: warning 1',
        'Import error: error 0',
        'Import error: error 1'
      ]
    )
  })

  test('errors are warning annotations when the gate does not fail on them', () => {
    const plan = planAnnotations(
      [...findings('error', 2), ...findings('warning', 1)],
      false,
      NO_RESERVED
    )
    assert.deepEqual(kinds(plan), ['warning', 'warning', 'warning'])
    assert.match(plan.annotations[0]?.message ?? '', /^Import error: /)
  })

  test('without failsOnErrors, errors (first in the report) take the warning slots first', () => {
    const plan = planAnnotations(
      [...findings('error', 8), ...findings('warning', 8)],
      false,
      NO_RESERVED
    )
    const messages = plan.annotations.map(a => a.message)
    assert.equal(messages.filter(m => m.startsWith('Import error')).length, 8)
    assert.equal(messages.filter(m => m.startsWith('Import warning')).length, 2)
    assert.equal(plan.omitted, 6)
  })

  test('file, line and title properties', () => {
    const plan = planAnnotations(
      [
        {
          severity: 'error',
          message: 'bad',
          path: '/components/schemas/User',
          file: 'openapi.yaml',
          line: 12
        },
        { severity: 'warning', message: 'meh', path: '' }
      ],
      true,
      NO_RESERVED
    )
    assert.deepEqual(plan.annotations[0]?.properties, {
      title: 'Document360: /components/schemas/User',
      file: 'openapi.yaml',
      startLine: 12
    })
    assert.deepEqual(plan.annotations[1]?.properties, { title: 'Document360 import finding' })
  })

  test('an empty message says so; a huge message and path are capped', () => {
    const plan = planAnnotations(
      [
        { severity: 'error', message: '   ', path: '/a' },
        { severity: 'error', message: 'x'.repeat(5000), path: `/${'p'.repeat(500)}` }
      ],
      true,
      NO_RESERVED
    )
    assert.equal(plan.annotations[0]?.message, 'Import error: (Document360 gave no message)')
    assert.ok((plan.annotations[1]?.message.length ?? 0) <= 'Import error: '.length + 2000)
    assert.ok((plan.annotations[1]?.properties.title?.length ?? 0) <= 'Document360: '.length + 200)
  })

  test('text that reads differently from what it is (bidi overrides, controls, lone surrogates) is made plain', () => {
    const plan = planAnnotations(
      [
        {
          severity: 'error',
          message: 'safe\u202Edetpecca\u2066x\u0000y\u0007z\uD800\nsecond line',
          path: '/p\u202E\uDC00'
        }
      ],
      true,
      NO_RESERVED
    )
    const [annotation] = plan.annotations
    assert.equal(annotation?.message, 'Import error: safe detpecca x y z\uFFFD\nsecond line')
    assert.equal(annotation.properties.title, 'Document360: /p \uFFFD')
  })

  test('does not change the findings it is given', () => {
    const given = [...findings('warning', 1), ...findings('error', 1)]
    const copy = structuredClone(given)
    planAnnotations(given, true, NO_RESERVED)
    assert.deepEqual(given, copy)
  })
})

describe('writeAnnotations', () => {
  /** Runs `fn` and returns what it wrote to stdout. */
  function captureStdout(fn: () => void): string {
    const write = process.stdout.write.bind(process.stdout)
    let out = ''
    process.stdout.write = (chunk: string | Uint8Array) => {
      out += String(chunk)
      return true
    }
    try {
      fn()
    } finally {
      process.stdout.write = write
    }
    return out
  }

  test('writes one command per annotation and a notice with the omitted count', () => {
    const plan = planAnnotations([...findings('error', 12)], true, NO_RESERVED)
    const out = captureStdout(() => writeAnnotations(plan))
    const lines = out.trimEnd().split('\n')
    assert.equal(lines.filter(l => l.startsWith('::error ')).length, 10)
    const notices = lines.filter(l => l.startsWith('::notice '))
    assert.equal(notices.length, 1)
    assert.match(notices[0] ?? '', /2 more findings are not shown/)
  })

  test('the notice points to the job summary only when there is one', () => {
    const plan = planAnnotations([...findings('error', 12)], true, NO_RESERVED)
    const withSummary = captureStdout(() => writeAnnotations(plan, true))
    const without = captureStdout(() => writeAnnotations(plan, false))
    assert.match(withSummary, /see the job summary, or the report-file output/)
    assert.match(without, /see the report-file output/)
    assert.doesNotMatch(without, /job summary/)
  })

  test('no notice when nothing was omitted', () => {
    const out = captureStdout(() =>
      writeAnnotations(planAnnotations(findings('warning', 1), true, NO_RESERVED))
    )
    assert.doesNotMatch(out, /::notice/)
    assert.match(
      out,
      /^::warning title=Document360%3A \/paths\/~1warning0\/get::Import warning: warning 0$/m
    )
  })

  test('API text cannot start a workflow command', () => {
    const plan = planAnnotations(
      [
        {
          severity: 'error',
          message: 'bad\n::add-mask::x\r\n::error::pwned',
          path: '/a\n::stop-commands::t'
        }
      ],
      true,
      NO_RESERVED
    )
    const out = captureStdout(() => writeAnnotations(plan))
    const lines = out.trimEnd().split(/\r?\n/)
    assert.equal(lines.length, 1)
    assert.match(lines[0] ?? '', /^::error /)
  })
})
