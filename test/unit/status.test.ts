// Document360's status is free text, read as words and placed fail-closed: a failure word
// anywhere fails, a running word waits, success needs a success word and nothing unknown beside
// it, and everything else is unknown (an error for the verdict).
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { classifyStatus, statusWords } from '../../src/status.ts'

const CASES: Record<string, string[]> = {
  failed: [
    // The documented word, in any case.
    'Failed',
    'FAILED',
    'failed',
    ' failed ',
    // Other words of failure.
    'Failure',
    'Error',
    'ERRORED',
    'Errors',
    'Cancelled',
    'Canceled',
    'Aborted',
    'Rejected',
    'Invalid',
    'Timeout',
    'Timed Out',
    'TIMED_OUT',
    'TimedOut',
    'timedout',
    'Time-out',
    'Unsuccessful',
    'Crashed',
    'Expired',
    'Terminated',
    // In sentences, camelCase, snake_case, with punctuation and digits around.
    'ImportFailed',
    'IMPORT_FAILED',
    'import-failed',
    'Failed - could not fetch the spec URL',
    'Failed (timeout)',
    'Failed!',
    'Failed: 3 errors',
    '[Failed]',
    'Aborted by user',
    'Cancelled by the administrator.',
    'PartiallyFailed',
    'Partially failed',
    'completed_with_errors',
    'Completed with errors',
    'CompletedWithErrors',
    'Completed, 1 error',
    'Success with errors',
    'HTTPTimeout',
    'Error404',
    'FAILEDImport',
    'Failed to start',
    'Processing failed',
    'InProgressError',
    'Rejected: invalid OpenAPI document',
    // Failure words win even beside a negation (a false red is safe; a false green is not).
    'Completed with no errors',
    'NotFailed',
    // Compatibility forms read as the letters they show.
    'ＦＡＩＬＥＤ'
  ],
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
    'Not Started',
    'NotStarted',
    'Started',
    'Importing',
    'Waiting for the worker',
    'Scheduled',
    'Paused',
    // A success word beside a running word is not done yet.
    'Completing',
    'Processing completed sections',
    'Success pending'
  ],
  succeeded: [
    'Completed',
    'COMPLETED',
    'Success',
    'success',
    'Succeeded',
    'Successful',
    'Complete',
    'Done',
    'Done!',
    'Finished',
    'OK',
    'Imported',
    'Completed with warnings',
    'CompletedWithWarnings',
    'completed_with_warnings',
    'Import completed successfully',
    'Success (ok)',
    '"Completed".'
  ],
  unknown: [
    '',
    '   ',
    '---',
    'Skipped',
    'Unfailed',
    'PartiallyImported',
    'Partially completed',
    'PartialSuccess',
    'Not completed',
    'NotCompleted',
    "Didn't complete",
    'Completed 50%',
    'Completed with issues',
    'Stopped',
    'Unknown',
    'Échec',
    // Look-alikes and hidden characters are not the words they imitate.
    'Cоmpleted', // Cyrillic о
    'Comp\u200bleted',
    'Succ\u00adess'
  ]
}

for (const [kind, statuses] of Object.entries(CASES)) {
  describe(kind, () => {
    for (const status of statuses) {
      test(`${JSON.stringify(status)} is ${kind}`, () => {
        assert.equal(classifyStatus(status), kind)
      })
    }
  })
}

describe('statusWords', () => {
  test('splits camelCase, acronyms, digits, snake_case and punctuation, in lower case', () => {
    assert.deepEqual(statusWords('ImportFailed (HTTP_TIMEOUT)'), [
      'import',
      'failed',
      'http',
      'timeout'
    ])
    assert.deepEqual(statusWords('HTTPError404'), ['http', 'error', '404'])
    assert.deepEqual(statusWords('inProgress'), ['in', 'progress'])
    assert.deepEqual(statusWords('Failed - could not fetch the spec URL'), [
      'failed',
      'could',
      'not',
      'fetch',
      'the',
      'spec',
      'url'
    ])
    assert.deepEqual(statusWords(' \n\t'), [])
  })
})
