// The SARIF file for code scanning: valid against the SARIF 2.1.0 schema, one run per API
// reference, results on the spec's lines, fingerprints that survive moved lines, and code
// scanning's limits kept by dropping the least severe results first.

import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import {
  FINGERPRINT_KEY,
  automationId,
  buildSarif,
  findingFingerprint,
  sarifUnfitReason,
  writeSarifReport,
  type SarifLog
} from '../../src/report/sarif.ts'
import { canonicalPointer } from '../../src/baseline/identity.ts'
import type { RunContext } from '../../src/context.ts'
import type { GateReport, LocatedFinding } from '../../src/report/types.ts'
import { ACTION_VERSION } from '../../src/version.ts'
import { sarifSchemaErrors } from '../../tools/sarif-schema.ts'

const SPEC = 'docs/openapi.yaml'
const PATHS = new Map([[SPEC, 'api/docs/openapi.yaml']])
const CONTEXT: RunContext = {
  serverUrl: 'https://github.com',
  apiUrl: 'https://api.github.com',
  eventName: 'push',
  workspace: '/work',
  runnerTemp: '/tmp',
  repository: 'octo-org/petstore-docs',
  actionRepository: 'octo-org/document360-import-gate'
}

function report(findings: LocatedFinding[], apiReferenceId = 'ref-1'): GateReport {
  return {
    result: 'failed',
    reasons: ['3 errors, more than max-errors 0.'],
    projectId: 'project-1',
    apiReferenceId,
    logId: 'log-1',
    status: 'Completed',
    errorCount: findings.filter(f => f.severity === 'error').length,
    warningCount: findings.filter(f => f.severity === 'warning').length,
    maxErrors: 0,
    maxWarnings: null,
    findings
  }
}

const FINDINGS: LocatedFinding[] = [
  {
    severity: 'error',
    message: "Invalid schema: missing 'type'",
    path: '/components/schemas/Pet',
    file: SPEC,
    line: 40
  },
  {
    severity: 'warning',
    message: 'Summary is empty',
    path: '/paths/~1pets/get',
    file: SPEC,
    line: 12
  },
  // The path resolved to no line: the file's first line.
  { severity: 'warning', message: 'Unknown path', path: '/paths/~1nowhere/get', file: SPEC },
  // No place in the repository (no spec-file): left out.
  { severity: 'error', message: 'Somewhere', path: '/info' }
]

function run(log: SarifLog) {
  return log.runs[0]
}

describe('buildSarif', () => {
  it('writes a log that the SARIF 2.1.0 schema accepts, for findings and for a clean import', () => {
    const withFindings = buildSarif(report(FINDINGS), CONTEXT, { repositoryPaths: PATHS })
    assert.deepEqual(sarifSchemaErrors(withFindings), [])
    const clean = buildSarif({ ...report([]), result: 'passed' }, CONTEXT, {
      repositoryPaths: new Map()
    })
    assert.deepEqual(sarifSchemaErrors(clean), [])
    assert.deepEqual(run(clean).results, [])
    // The schema check itself can fail: a log without a tool is refused.
    assert.notDeepEqual(sarifSchemaErrors({ version: '2.1.0', runs: [{ results: [] }] }), [])
  })

  it('describes the tool, its two rules and the API reference of the run', () => {
    const { tool, automationDetails, properties } = run(
      buildSarif(report(FINDINGS), CONTEXT, { repositoryPaths: PATHS })
    )
    assert.equal(tool.driver.name, 'Document360 Import Gate')
    assert.equal(tool.driver.version, ACTION_VERSION)
    assert.equal(tool.driver.informationUri, 'https://github.com/octo-org/document360-import-gate')
    assert.deepEqual(
      tool.driver.rules.map(rule => [rule.id, rule.defaultConfiguration.level]),
      [
        ['document360/import-error', 'error'],
        ['document360/import-warning', 'warning']
      ]
    )
    assert.equal(automationDetails.id, 'document360-import-gate/ref-1/')
    assert.equal(properties.apiReferenceId, 'ref-1')
    assert.equal(properties.logId, 'log-1')
    assert.equal(properties.findings, 4)
  })

  it('puts each result on its line of the spec, relative to the repository root', () => {
    const { results, tool } = run(buildSarif(report(FINDINGS), CONTEXT, { repositoryPaths: PATHS }))
    assert.deepEqual(
      results.map(result => [
        result.level,
        result.locations[0].physicalLocation.artifactLocation.uri,
        result.locations[0].physicalLocation.artifactLocation.uriBaseId,
        result.locations[0].physicalLocation.region.startLine,
        result.properties.lineResolved
      ]),
      [
        ['error', 'api/docs/openapi.yaml', '%SRCROOT%', 40, true],
        ['warning', 'api/docs/openapi.yaml', '%SRCROOT%', 12, true],
        ['warning', 'api/docs/openapi.yaml', '%SRCROOT%', 1, false]
      ]
    )
    for (const result of results) {
      assert.equal(tool.driver.rules[result.ruleIndex]?.id, result.ruleId)
    }
    assert.equal(
      results[0]?.message.text,
      "Invalid schema: missing 'type' (path: /components/schemas/Pet)"
    )
  })

  it('makes message text plain: no bidi overrides, controls or lone surrogates', () => {
    const odd: LocatedFinding = {
      severity: 'error',
      message: 'a\u202Eb\u0007c\uD800',
      path: '/p\u2066',
      file: SPEC,
      line: 3
    }
    const { results } = run(buildSarif(report([odd]), CONTEXT, { repositoryPaths: PATHS }))
    assert.equal(results[0]?.message.text, 'a b c\uFFFD (path: /p )')
  })

  it('leaves out findings without a place in the repository and says so in the run', () => {
    const log = buildSarif(report(FINDINGS), CONTEXT, { repositoryPaths: PATHS })
    assert.equal(run(log).results.length, 3)
    assert.deepEqual(run(log).properties.omittedResults, {
      total: 1,
      errors: 1,
      warnings: 0,
      withoutLocation: 1,
      overResultLimit: 0,
      overFileSizeLimit: 0
    })
    // Every result has a location: code scanning rejects the whole file otherwise.
    assert.ok(run(log).results.every(result => result.locations.length === 1))
  })

  it('keeps the most severe results within the result limit', () => {
    const many: LocatedFinding[] = []
    // The report's order, errors first: the limit keeps the errors.
    for (let i = 0; i < 3; i++) {
      many.push({ severity: 'error', message: `e${i}`, path: `/e/${i}`, file: SPEC, line: i + 1 })
    }
    for (let i = 0; i < 6; i++) {
      many.push({ severity: 'warning', message: `w${i}`, path: `/w/${i}`, file: SPEC, line: i + 1 })
    }
    const log = buildSarif(report(many), CONTEXT, { repositoryPaths: PATHS, maxResults: 4 })
    assert.deepEqual(
      run(log).results.map(result => result.message.text.split(' ')[0]),
      ['e0', 'e1', 'e2', 'w0']
    )
    assert.deepEqual(run(log).properties.omittedResults, {
      total: 5,
      errors: 0,
      warnings: 5,
      withoutLocation: 0,
      overResultLimit: 5,
      overFileSizeLimit: 0
    })
  })

  it('keeps the file within the size limit, most severe first', () => {
    const many: LocatedFinding[] = []
    for (let i = 0; i < 200; i++) {
      // The report's order: the 100 errors first.
      const severity = i < 100 ? 'error' : 'warning'
      many.push({
        severity,
        message: `m${i} ${'x'.repeat(200)}`,
        path: `/p/${i}`,
        file: SPEC,
        line: 1
      })
    }
    const maxBytes = 20_000
    const log = buildSarif(report(many), CONTEXT, { repositoryPaths: PATHS, maxBytes })
    const size = Buffer.byteLength(JSON.stringify(log))
    assert.ok(size <= maxBytes, `${size} bytes`)
    const kept = run(log).results
    assert.ok(kept.length > 10 && kept.length < 100, `${kept.length} kept`)
    assert.ok(kept.every(result => result.level === 'error'))
    const omitted = run(log).properties.omittedResults
    assert.equal(omitted.overFileSizeLimit, 200 - kept.length)
    assert.equal(omitted.warnings, 100)
    assert.equal(omitted.errors, 100 - kept.length)
  })
})

describe('sarifUnfitReason', () => {
  const build = (r: GateReport) => buildSarif(r, CONTEXT, { repositoryPaths: PATHS })
  const placed = FINDINGS.filter(finding => finding.file !== undefined)

  it('passes a log with every finding, and a clean import (which closes old alerts)', () => {
    assert.equal(sarifUnfitReason(report(placed), build(report(placed))), undefined)
    const clean = { ...report([]), result: 'passed' as const }
    assert.equal(sarifUnfitReason(clean, build(clean)), undefined)
  })

  it('refuses a log that would close alerts that still stand', () => {
    const unplaced = report(FINDINGS)
    assert.match(sarifUnfitReason(unplaced, build(unplaced)) ?? '', /1 of 4 findings .*spec-file/)
    const outside = report(placed)
    const noRepositoryPath = buildSarif(outside, CONTEXT, { repositoryPaths: new Map() })
    assert.match(
      sarifUnfitReason(outside, noRepositoryPath) ?? '',
      /3 of 3 findings .*spec-file is in no repository checked out here/
    )
    const unfetched = { ...report([]), errorCount: 3, warningCount: 1 }
    assert.match(sarifUnfitReason(unfetched, build(unfetched)) ?? '', /could not be fetched/)
    const timedOut = { ...report([]), result: 'timed-out' as const }
    assert.match(sarifUnfitReason(timedOut, build(timedOut)) ?? '', /judged no import/)
  })
})

describe('fingerprints', () => {
  const fingerprints = (log: SarifLog) =>
    run(log).results.map(result => result.partialFingerprints[FINGERPRINT_KEY])

  it('stay the same when the spec lines move', () => {
    const before = buildSarif(report(FINDINGS), CONTEXT, { repositoryPaths: PATHS })
    const moved = FINDINGS.map(f => (f.line === undefined ? f : { ...f, line: f.line + 17 }))
    const after = buildSarif(report(moved), CONTEXT, { repositoryPaths: PATHS })
    assert.notDeepEqual(
      run(before).results.map(r => r.locations[0].physicalLocation.region.startLine),
      run(after).results.map(r => r.locations[0].physicalLocation.region.startLine)
    )
    assert.deepEqual(fingerprints(before), fingerprints(after))
    assert.equal(new Set(fingerprints(before)).size, 3)
  })

  it('are the same for both spellings of a path, and differ by message and API reference', () => {
    const escaped = findingFingerprint('ref-1', '/paths/~1v1~1pets/get', 'Bad')
    assert.equal(findingFingerprint('ref-1', '/paths/v1/pets/get', 'Bad'), escaped)
    assert.equal(findingFingerprint('ref-1', '#/paths/~1v1~1pets/get/', 'Bad'), escaped)
    assert.equal(findingFingerprint('ref-1', '/paths/~1v1~1pets/get', ' Bad\n'), escaped)
    assert.notEqual(findingFingerprint('ref-1', '/paths/~1v1~1pets/get', 'Worse'), escaped)
    assert.notEqual(findingFingerprint('ref-2', '/paths/~1v1~1pets/get', 'Bad'), escaped)
    assert.notEqual(findingFingerprint('ref-1', '/paths/~1v1~1pets/post', 'Bad'), escaped)
  })

  it('tell repeated findings apart by their order', () => {
    const twice: LocatedFinding[] = [
      { severity: 'warning', message: 'Same', path: '/a', file: SPEC, line: 3 },
      { severity: 'warning', message: 'Same', path: '/a', file: SPEC, line: 9 }
    ]
    const [first, second] = fingerprints(
      buildSarif(report(twice), CONTEXT, { repositoryPaths: PATHS })
    )
    assert.ok(first?.endsWith(':1') && second?.endsWith(':2'))
    assert.equal(first?.slice(0, -2), second?.slice(0, -2))
  })

  it('are the same for findings the baseline takes as the same', () => {
    const spellings: [string, string][] = [
      ['/paths/~1v1~1pets/get', '#/paths/%7E1v1%7E1pets/get'],
      ['paths/a~0b/', '/paths/a~b'],
      ['', '/'],
      ['', '#']
    ]
    for (const [one, other] of spellings) {
      assert.equal(canonicalPointer(one), canonicalPointer(other))
      assert.equal(findingFingerprint('r', one, 'm'), findingFingerprint('r', other, 'm'))
    }
    assert.notEqual(findingFingerprint('r', '/x/~01', 'm'), findingFingerprint('r', '/x/~1', 'm'))
  })
})

describe('automationId and the file', () => {
  it('spells the API reference with characters that cannot vary', () => {
    assert.equal(
      automationId('3fa85f64-5717-4562-b3fc-2c963f66afa6'),
      'document360-import-gate/3fa85f64-5717-4562-b3fc-2c963f66afa6/'
    )
    assert.equal(automationId('a/b c'), 'document360-import-gate/a%2Fb%20c/')
  })

  it('leaves out the information URI when the action was not used from a repository', () => {
    const { actionRepository: _actionRepository, ...withoutActionRepository } = CONTEXT
    const log = buildSarif(report([]), withoutActionRepository, { repositoryPaths: PATHS })
    assert.equal(run(log).tool.driver.informationUri, undefined)
  })

  it('writes the log under the runner temp folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sarif-'))
    try {
      const findings = report(FINDINGS.slice(0, 3), 'ref/1')
      const written = await writeSarifReport(findings, { ...CONTEXT, runnerTemp: dir }, PATHS)
      assert.ok('file' in written)
      assert.ok(written.file.startsWith(join(dir, 'document360-import-gate')))
      assert.match(written.file, /\.sarif$/)
      const log = buildSarif(findings, CONTEXT, { repositoryPaths: PATHS })
      assert.deepEqual(JSON.parse(await readFile(written.file, 'utf8')), log)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
