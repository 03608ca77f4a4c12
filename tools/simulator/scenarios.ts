// The named scenarios (see SCENARIO_NAMES) and their builders: what the simulator plays when
// a test, the demo or the CLI names one instead of building a Scenario object.

import { readFixture } from './bodies.ts'
import type {
  Fault,
  Scenario,
  ScenarioDetail,
  ScenarioFinding,
  ScenarioLog,
  ScenarioParams
} from './types.ts'

const DOCS_LIST = readFixture('v3-logs-list-200.json')
const DOCS_DETAIL = readFixture('v3-log-detail-200.json')

const HOUR = 3_600_000

function uuid(n: number, prefix = '0000'): string {
  const hex = n.toString(16).padStart(12, '0')
  return `${prefix.padStart(8, '0')}-0000-4000-8000-${hex}`
}

/** Findings of the `findings` scenario: paths into examples/openapi.yaml. */
export const FINDINGS_DETAIL: Required<ScenarioDetail> = {
  errors: [
    {
      message: "Unresolved reference '#/components/schemas/Owner'",
      path: '/components/schemas/Pet/properties/owner'
    },
    {
      message: "Invalid schema: missing required field 'type'",
      path: '/components/schemas/NewPet'
    }
  ],
  warnings: [
    { message: "Operation 'listPets' has no description", path: '/paths/~1pets/get' },
    {
      message: "Query parameter 'limit' has no default value",
      path: '/paths/pets/get'
    },
    {
      message: 'Deprecated endpoint detected; consider removing in next import',
      path: '/paths/pets/{petId}/delete'
    },
    { message: "Schema 'Error' is defined but never used", path: '/components/schemas/Error' },
    {
      message: "Unsupported extension 'x-webhooks' skipped",
      path: '/x-webhooks/petAdopted'
    }
  ]
}

const INJECTIONS = [
  'Bad schema\n::error::pwned',
  'Bad schema\n::add-mask::x',
  'Bad schema\r\n::stop-commands::x\n::error file=evil.yaml,line=1::pwned',
  'Description contains <img src=x onerror=alert(1)> and [x](javascript:alert(1))',
  'Table breaker | col | %0A::error::pwned %25 <script>alert(1)</script>'
] as const

function injectionDetail(): Required<ScenarioDetail> {
  return {
    errors: [
      { message: INJECTIONS[0], path: '/paths/~1pets/get\n::error::pwned' },
      { message: INJECTIONS[1], path: '/components/schemas/Pet|x' },
      { message: INJECTIONS[2], path: '/paths/~1pets/post' }
    ],
    warnings: [
      { message: INJECTIONS[3], path: '/paths/<img src=x onerror=alert(1)>' },
      { message: INJECTIONS[4], path: '/paths/[x](javascript:alert(1))' }
    ]
  }
}

function manyFindings(total: number): Required<ScenarioDetail> {
  const errorCount = Math.floor(total / 3)
  const errors: ScenarioFinding[] = []
  const warnings: ScenarioFinding[] = []
  for (let i = 0; i < total; i += 1) {
    const finding = { message: `Finding ${i + 1} of ${total}`, path: `/paths/~1items~1${i}/get` }
    ;(i < errorCount ? errors : warnings).push(finding)
  }
  return { errors, warnings }
}

/**
 * Warnings of a legacy spec: the same `count` findings in every import, their paths spelled
 * escaped (`/paths/~1legacy~1items~1{n}/get`) or not, as Document360 does either way.
 */
export function legacyWarnings(count: number, escaped: boolean): ScenarioFinding[] {
  return Array.from({ length: count }, (_, i) => ({
    message: `Operation 'getLegacyItem${i + 1}' has no description`,
    path: escaped ? `/paths/~1legacy~1items~1${i + 1}/get` : `/paths/legacy/items/${i + 1}/get`
  }))
}

type ScenarioFactory = (params: ScenarioParams) => Scenario

const completedLog = (id: string, errors: number, warnings: number): ScenarioLog => ({
  id,
  status: 'Completed',
  errorCount: errors,
  warningCount: warnings,
  createdAtMs: -5 * 60_000
})

const NAMED_SCENARIOS: Record<string, ScenarioFactory> = {
  clean: () => ({
    name: 'clean',
    description: 'Completed with 0 errors and 0 warnings',
    expect: 'passed',
    logs: [completedLog(uuid(1, 'c1ea0'), 0, 0)]
  }),
  'docs-example': () => {
    const [latest, older] = DOCS_LIST.data as Array<Record<string, unknown>>
    const fromWire = (entry: Record<string, unknown> | undefined): ScenarioLog => ({
      id: String(entry?.id),
      status: entry?.status as string,
      createdAt: entry?.created_at as string,
      errorCount: entry?.error_count as number,
      warningCount: entry?.warning_count as number
    })
    return {
      name: 'docs-example',
      description:
        "The documentation's example: Success, 0 errors and 2 warnings counted, but 1 error and 1 warning listed",
      expect: 'failed (judged on the 1 error listed)',
      logs: [{ ...fromWire(latest), detail: DOCS_DETAIL.data as ScenarioDetail }, fromWire(older)]
    }
  },
  failed: () => ({
    name: 'failed',
    description: 'Failed with 2 errors and 1 warning',
    expect: 'failed',
    logs: [
      {
        id: uuid(2, 'fa11ed'),
        status: 'Failed',
        errorCount: 2,
        warningCount: 1,
        createdAtMs: -2 * 60_000,
        detail: {
          errors: [
            { message: 'The document is not valid OpenAPI: missing "info"', path: '' },
            { message: "Invalid schema: missing required field 'type'", path: '/components' }
          ],
          warnings: [{ message: 'No servers defined; using the default host', path: null }]
        }
      }
    ]
  }),
  findings: () => ({
    name: 'findings',
    description: 'Completed, 2 errors and 5 warnings on lines of examples/openapi.yaml (the demo)',
    expect: 'failed',
    inputs: { 'spec-file': 'examples/openapi.yaml' },
    logs: [
      { ...completedLog(uuid(3, 'f1d1'), 2, 5), detail: FINDINGS_DETAIL },
      { ...completedLog(uuid(4, 'f1d1'), 0, 0), createdAtMs: -26 * HOUR }
    ]
  }),
  'in-progress': ({ stepMs = 2000 }) => ({
    name: 'in-progress',
    description: `Pending → InProgress → Completed (0 errors, 1 warning) over ${(2 * stepMs) / 1000} s`,
    expect: 'passed',
    logs: [
      {
        id: uuid(5, '1b9e55'),
        status: 'Pending',
        errorCount: 0,
        warningCount: 0,
        createdAtMs: -1000,
        changes: [
          { atMs: stepMs, status: 'InProgress' },
          { atMs: 2 * stepMs, status: 'Completed', warningCount: 1 }
        ],
        detail: {
          warnings: [
            {
              message: "Operation 'deletePet' is deprecated",
              path: '/paths/~1pets~1{petId}/delete'
            }
          ]
        }
      }
    ]
  }),
  'new-import': ({ stepMs = 2000, appearAfterMs = 3000 }) => ({
    name: 'new-import',
    description: `An old failed import; a new one appears after ${appearAfterMs / 1000} s and completes clean`,
    expect: 'passed (with since: 15m)',
    inputs: { since: '15m' },
    logs: [
      { id: uuid(6, '01d'), status: 'Failed', errorCount: 3, warningCount: 0, createdAtMs: -HOUR },
      {
        id: uuid(7, '0e3'),
        status: 'Pending',
        errorCount: 0,
        warningCount: 0,
        appearsAtMs: appearAfterMs,
        changes: [
          { atMs: appearAfterMs + stepMs / 2, status: 'InProgress' },
          { atMs: appearAfterMs + stepMs, status: 'Completed' }
        ]
      }
    ]
  }),
  empty: () => ({
    name: 'empty',
    description: 'The API reference has no import logs at all',
    expect: 'timed-out',
    inputs: { 'wait-timeout': '4' },
    logs: []
  }),
  'rate-limited': ({ failures = 2, retryAfter = 1 }) => ({
    name: 'rate-limited',
    description: `The first ${failures} requests get 429 with Retry-After: ${retryAfter}, then a clean import`,
    expect: 'passed',
    faults: Object.fromEntries(
      Array.from({ length: failures }, (_, i) => [i + 1, { type: 'rate-limit', retryAfter }])
    ),
    logs: [completedLog(uuid(8, 'ra7e'), 0, 0)]
  }),
  flaky: ({ failures = 3 }) => {
    const sequence: Fault[] = [
      { type: 'problem', status: 500 },
      { type: 'html', status: 502 },
      {
        type: 'raw',
        status: 503,
        headers: { 'content-type': 'text/plain' },
        body: 'Service Unavailable'
      }
    ]
    const faults: Record<number, Fault> = {}
    for (let i = 0; i < failures; i += 1) faults[i + 1] = sequence[i % sequence.length] as Fault
    return {
      name: 'flaky',
      description: `${failures} answers of 500, 502 (HTML) and 503, then a clean import`,
      expect: 'passed',
      faults,
      logs: [completedLog(uuid(9, 'f1a4'), 0, 0)]
    }
  },
  unauthorized: () => ({
    name: 'unauthorized',
    description: 'Every token is refused: 401 with the problem body',
    expect: 'error',
    rejectAllTokens: true,
    logs: [completedLog(uuid(10, '401'), 0, 0)]
  }),
  'not-found': () => ({
    name: 'not-found',
    description: 'The API reference does not exist: 404 with the problem body',
    expect: 'error',
    unknownApiReference: true,
    logs: []
  }),
  'html-error': () => ({
    name: 'html-error',
    description: 'A proxy answers every request with a 502 HTML page',
    expect: 'error',
    faults: () => ({ type: 'html', status: 502 }),
    logs: [completedLog(uuid(11, '502'), 0, 0)]
  }),
  truncated: () => ({
    name: 'truncated',
    description: 'Every answer is a 200 whose JSON body is cut short',
    expect: 'error',
    faults: () => ({ type: 'truncated' }),
    logs: [completedLog(uuid(12, '7c'), 0, 0)]
  }),
  hang: () => ({
    name: 'hang',
    description: 'Every request is accepted and never answered',
    expect: 'error, within wait-timeout + about 30 s',
    inputs: { 'wait-timeout': '5' },
    faults: () => ({ type: 'hang' }),
    logs: [completedLog(uuid(13, 'ba9'), 0, 0)]
  }),
  trickle: ({ trickleIntervalMs = 1000 }) => ({
    name: 'trickle',
    description: `Headers at once, then one body byte every ${trickleIntervalMs} ms`,
    expect: 'error, within wait-timeout + about 30 s',
    inputs: { 'wait-timeout': '5' },
    faults: () => ({ type: 'trickle', intervalMs: trickleIntervalMs, bytesPerChunk: 1 }),
    logs: [completedLog(uuid(14, '7e1'), 0, 0)]
  }),
  'unknown-status': () => ({
    name: 'unknown-status',
    description: "A status the gate cannot place, 'PartiallyImported', with 0 errors, 1 warning",
    expect: 'error, quoting the status',
    logs: [{ ...completedLog(uuid(15, '5a7'), 0, 1), status: 'PartiallyImported' }]
  }),
  'missing-fields': () => ({
    name: 'missing-fields',
    description: 'The latest log has no status and no counts',
    expect: 'error',
    logs: [
      {
        ...completedLog(uuid(16, 'e3b7'), 0, 0),
        omit: ['status', 'error_count', 'warning_count']
      }
    ]
  }),
  injection: () => ({
    name: 'injection',
    description: 'Findings whose messages and paths try workflow commands, HTML and Markdown',
    expect: 'failed, nothing injected',
    logs: [{ ...completedLog(uuid(17, '1ec7'), 3, 2), detail: injectionDetail() }]
  }),
  'many-findings': ({ findingCount = 4500 }) => {
    const detail = manyFindings(findingCount)
    return {
      name: 'many-findings',
      description: `Completed with ${detail.errors.length} errors and ${detail.warnings.length} warnings`,
      expect: 'failed',
      logs: [
        {
          ...completedLog(uuid(18, 'a11'), detail.errors.length, detail.warnings.length),
          detail
        }
      ]
    }
  },
  'legacy-spec': () => {
    const fixedSince = {
      message: "Schema 'Order' is defined but never used",
      path: '/components/schemas/Order'
    }
    const added = { message: "Operation 'listPets' has no description", path: '/paths/~1pets/get' }
    return {
      name: 'legacy-spec',
      description: 'A legacy spec: 140 warnings in every import; the latest fixes one and adds one',
      expect: 'failed (baseline previous: 1 new warning, 1 fixed, 140 unchanged)',
      inputs: { baseline: 'previous', 'max-warnings': '0' },
      logs: [
        {
          ...completedLog(uuid(19, '1e9ac'), 0, 141),
          detail: { warnings: [...legacyWarnings(140, false), added] }
        },
        {
          ...completedLog(uuid(20, '1e9ac'), 0, 141),
          createdAtMs: -26 * HOUR,
          detail: { warnings: [fixedSince, ...legacyWarnings(140, true)] }
        },
        {
          ...completedLog(uuid(21, '1e9ac'), 1, 141),
          status: 'Failed',
          createdAtMs: -50 * HOUR,
          detail: {
            errors: [{ message: 'The document is not valid OpenAPI', path: '' }],
            warnings: [fixedSince, ...legacyWarnings(140, true)]
          }
        }
      ]
    }
  },
  'resync-pass': ({ stepMs = 2000 }) => ({
    name: 'resync-pass',
    description: `A resync starts an import that completes with 1 warning after ${(2 * stepMs) / 1000} s`,
    expect: 'passed (with resync-url; published with publish: on-pass)',
    inputs: {
      'resync-url': 'https://specs.example.com/petstore/openapi.yaml',
      publish: 'on-pass',
      'workspace-id': 'ws-docs',
      'max-warnings': '5',
      'spec-file': 'examples/openapi.yaml'
    },
    logs: [{ ...completedLog(uuid(19, '01d'), 2, 0), status: 'Failed', createdAtMs: -HOUR }],
    resync: {
      appearAfterMs: stepMs / 4,
      inProgressAfterMs: stepMs,
      runMs: 2 * stepMs,
      warningCount: 1,
      detail: { warnings: [FINDINGS_DETAIL.warnings[0] as ScenarioFinding] }
    }
  }),
  'resync-fail': ({ stepMs = 2000 }) => ({
    name: 'resync-fail',
    description: `A resync starts an import that fails with 2 errors after ${(2 * stepMs) / 1000} s`,
    expect: 'failed, nothing published (with resync-url and publish: on-pass)',
    inputs: {
      'resync-url': 'https://specs.example.com/petstore/openapi.yaml',
      publish: 'on-pass',
      'workspace-id': 'ws-docs',
      'spec-file': 'examples/openapi.yaml'
    },
    logs: [completedLog(uuid(20, 'c1ea0'), 0, 0)],
    resync: {
      appearAfterMs: stepMs / 4,
      inProgressAfterMs: stepMs,
      runMs: 2 * stepMs,
      status: 'Failed',
      errorCount: 2,
      warningCount: 1,
      detail: {
        errors: FINDINGS_DETAIL.errors,
        warnings: [FINDINGS_DETAIL.warnings[1] as ScenarioFinding]
      }
    }
  }),
  paged: ({ logCount = 250 }) => {
    // The judged log sits at index 210: page 3 when pages hold 100 logs.
    const targetIndex = Math.min(210, logCount - 1)
    const logs: ScenarioLog[] = []
    for (let i = 0; i < logCount; i += 1) {
      const log: ScenarioLog = {
        id: uuid(i + 1, 'a6e'),
        status: 'Completed',
        errorCount: 0,
        warningCount: 0,
        createdAtMs: -(i + 1) * 60_000
      }
      if (i === targetIndex) Object.assign(log, { errorCount: 1, warningCount: 1 })
      logs.push(log)
    }
    const target = logs[targetIndex] as ScenarioLog
    return {
      name: 'paged',
      description: `${logCount} logs; log-id names one with 1 error, on page 3 of 100`,
      expect: 'failed (the latest log is clean)',
      inputs: { 'log-id': target.id },
      logs
    }
  }
}

export const SCENARIO_NAMES: readonly string[] = Object.keys(NAMED_SCENARIOS)

/** Builds a named scenario; throws with the list of names for an unknown one. */
export function namedScenario(name: string, params: ScenarioParams = {}): Scenario {
  const factory = NAMED_SCENARIOS[name]
  if (factory === undefined) {
    throw new Error(`Unknown scenario '${name}'. Known: ${SCENARIO_NAMES.join(', ')}`)
  }
  return factory(params)
}

/** One line per named scenario (name, description → expected result), for --help and --list. */
export function describeScenarios(): string {
  const width = Math.max(...SCENARIO_NAMES.map(name => name.length))
  return SCENARIO_NAMES.map(name => {
    const scenario = namedScenario(name)
    return `  ${name.padEnd(width)}  ${scenario.description} → ${scenario.expect ?? '?'}`
  }).join('\n')
}
