// Time is compared as instants, never as the runner's local time: every suite whose name starts
// with "time zones" (instant, wait, inputs) runs again here in child processes, each under
// another TZ, west and east of UTC, with half-hour offsets and daylight saving.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const FILES = ['instant.test.ts', 'wait.test.ts', 'inputs.test.ts'].map(name =>
  fileURLToPath(new URL(name, import.meta.url))
)

// The parent process covers the runner's own TZ (UTC on GitHub's runners).
const TIME_ZONES = [
  'America/Los_Angeles', // UTC-8/-7
  'Asia/Tokyo', // UTC+9
  'Pacific/Kiritimati', // UTC+14
  'America/St_Johns' // UTC-3:30/-2:30
]

function runUnder(timeZone: string): Promise<{ code: number | null; output: string }> {
  // Without NODE_TEST_CONTEXT the child is a test run of its own, not a file of this one.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--test',
        // One process for the three files: the suites are small, start-up is the cost.
        '--test-isolation=none',
        '--test-reporter=tap',
        '--test-name-pattern=^time zones',
        ...FILES
      ],
      { env: { ...env, TZ: timeZone }, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let output = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
    child.once('error', reject)
    child.once('close', code => resolve({ code, output }))
  })
}

describe('the time-zone suites under other TZ values', { concurrency: 2 }, () => {
  for (const timeZone of TIME_ZONES) {
    it(`pass with TZ=${timeZone}`, async () => {
      const { code, output } = await runUnder(timeZone)
      assert.equal(code, 0, output)
      // The pattern must have selected the suites (a typo would run nothing and pass).
      const passed = Number(/^# pass (\d+)$/m.exec(output)?.[1] ?? 0)
      assert.ok(passed >= 10, `only ${passed} tests ran:\n${output}`)
      assert.match(output, /^# fail 0$/m)
    })
  }
})
