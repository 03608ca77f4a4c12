// Document360's status is free text: compared without case, spaces, dashes or underscores.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { classifyStatus } from '../../src/status.ts'

const CASES: Record<string, string[]> = {
  running: [
    'Pending',
    'PENDING',
    'InProgress',
    'In Progress',
    'in_progress',
    'IN-PROGRESS',
    ' inprogress ',
    'Queued',
    'Running',
    'Processing',
    'Not Started'
  ],
  failed: [
    'Failed',
    'FAILED',
    'failed',
    'Failure',
    'Error',
    'Cancelled',
    'Canceled',
    'Aborted',
    'Rejected',
    'Invalid',
    'Timeout',
    'Timed Out',
    'PartiallyFailed'
  ],
  succeeded: ['Completed', 'COMPLETED', 'Success', 'success', 'Succeeded', 'Complete', 'Done'],
  unknown: ['', 'Skipped', 'PartiallyCompleted', 'Paused', 'Failed!', 'Completed with errors']
}

for (const [kind, statuses] of Object.entries(CASES)) {
  for (const status of statuses) {
    test(`"${status}" is ${kind}`, () => {
      assert.equal(classifyStatus(status), kind)
    })
  }
}
