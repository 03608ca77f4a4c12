// Document360's import status is free text ("Pending", "InProgress", "Completed", "Success",
// "Failed", and spellings seen elsewhere). Compared without case, spaces, dashes or underscores.

export type StatusKind = 'running' | 'failed' | 'succeeded' | 'unknown'

const RUNNING = new Set([
  'pending',
  'inprogress',
  'queued',
  'running',
  'processing',
  'started',
  'importing',
  'notstarted',
  'waiting'
])
const FAILED = new Set([
  'failed',
  'failure',
  'error',
  'errored',
  'cancelled',
  'canceled',
  'aborted',
  'rejected',
  'invalid',
  'timeout',
  'timedout',
  'partiallyfailed'
])
const SUCCEEDED = new Set([
  'completed',
  'complete',
  'success',
  'succeeded',
  'successful',
  'done',
  'finished'
])

export function classifyStatus(status: string): StatusKind {
  const key = status.toLowerCase().replace(/[\s_-]+/g, '')
  if (RUNNING.has(key)) return 'running'
  if (FAILED.has(key)) return 'failed'
  if (SUCCEEDED.has(key)) return 'succeeded'
  return 'unknown'
}
