// Document360's import status is free text: "Pending", "InProgress", "Completed", "Success" and
// "Failed" are documented, other words and whole sentences are possible. The status is read as
// words (split at spaces, punctuation, camelCase and digits; compared without case) and placed
// so that nothing the gate does not understand can pass:
//   1. a failure word anywhere (fail, error, abort, cancel, reject, invalid, timeout, …): failed;
//   2. else a running word anywhere (pending, queued, in progress, processing, …): running;
//   3. else succeeded only if there is a success word (completed, success, done, …) and every
//      other word is a known harmless one ("Completed with warnings", not "Not completed",
//      "Partially completed" or "Completed 50%");
//   4. anything else is unknown, which the verdict turns into an error.

import { compatible, isAscii } from './text.ts'

export type StatusKind = 'running' | 'failed' | 'succeeded' | 'unknown'

const FAILURE =
  /^(?:fail(?:s|ed|ing|ure|ures)?|errors?|errored|erroneous|abort(?:s|ed|ing)?|cancel(?:s|led|ed|ling|ing|lation)?|reject(?:s|ed|ing|ion)?|invalid(?:ated)?|timeouts?|timedout|unsuccessful(?:ly)?|crash(?:es|ed)?|expired|terminated|interrupted|fatal|exception|denied|refused)$/

const RUNNING = new Set([
  'pending',
  'queued',
  'queueing',
  'queuing',
  'waiting',
  'scheduled',
  'paused',
  'running',
  'processing',
  'progress', // "In Progress", "IN_PROGRESS"
  'inprogress',
  'notstarted',
  'started', // "Started", "Not started"
  'starting',
  'importing',
  'uploading',
  'validating',
  'parsing',
  'publishing',
  'indexing',
  'initializing',
  'initialising',
  'preparing',
  'retrying',
  'completing',
  'finishing',
  'ongoing',
  'created',
  'submitted',
  'accepted',
  'new'
])

const SUCCESS = new Set([
  'complete',
  'completed',
  'success',
  'successful',
  'successfully',
  'succeeded',
  'done',
  'finished',
  'ok',
  'okay',
  'imported'
])

/** Words that may stand beside a success word without changing it. */
const HARMLESS = new Set(['import', 'with', 'warning', 'warnings', 'and', 'fully', 'all'])

export function classifyStatus(status: string): StatusKind {
  const words = statusWords(status)
  if (words.some(isFailureWord) || words.some(isTimedOut)) return 'failed'
  if (words.some(word => RUNNING.has(word))) return 'running'
  if (words.some(word => SUCCESS.has(word)) && words.every(w => SUCCESS.has(w) || HARMLESS.has(w)))
    return 'succeeded'
  return 'unknown'
}

/** `ImportFailed (HTTP_TIMEOUT)` → import, failed, http, timeout. */
export function statusWords(status: string): string[] {
  // Fullwidth and other compatibility forms read as the letters they show.
  const text = compatible(status)
  const { lowerUpper, upperWord, letterDigit, separator } = isAscii(text) ? ASCII : UNICODE
  return text
    .replace(lowerUpper, '$1 $2') // importFailed
    .replace(upperWord, '$1 $2') // HTTPError
    .replace(letterDigit, '$1$3 $2$4') // Error404
    .toLowerCase()
    .split(separator)
    .filter(word => word !== '')
}

// The same splits twice: Unicode property classes take V8 about 2 ms to compile on first use,
// at every start, and the documented statuses are all ASCII.
const UNICODE = {
  lowerUpper: /(\p{Ll})(\p{Lu})/gu,
  upperWord: /(\p{Lu})(\p{Lu}\p{Ll})/gu,
  letterDigit: /(\p{L})(\p{N})|(\p{N})(\p{L})/gu,
  separator: /[^\p{L}\p{N}]+/u
}
const ASCII: typeof UNICODE = {
  lowerUpper: /([a-z])([A-Z])/g,
  upperWord: /([A-Z])([A-Z][a-z])/g,
  letterDigit: /([A-Za-z])([0-9])|([0-9])([A-Za-z])/g,
  separator: /[^a-z0-9]+/
}

function isFailureWord(word: string): boolean {
  return FAILURE.test(word)
}

/** "Timed out" and "time out" are two words. */
function isTimedOut(word: string, index: number, words: string[]): boolean {
  return (word === 'timed' || word === 'time') && words[index + 1] === 'out'
}
