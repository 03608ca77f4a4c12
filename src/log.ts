// The step log's plain lines. Every one goes through `say`: outside text in it (ids, statuses,
// messages, URLs) can never start a workflow command.

import * as core from '@actions/core'
import { logLine, oneLine, redact } from './text.ts'

export function say(message: string): void {
  core.info(logLine(message))
}

export function debug(message: string): void {
  core.debug(message)
}

/** Every value given to the runner's mask, so far. */
const masked: string[] = []

/** Masks `value` in the log, and keeps it out of `unexpected`'s messages. */
export function mask(value: string): void {
  core.setSecret(value)
  masked.push(value)
}

/**
 * A bug's message for the user; its stack goes to the debug log only. Both are cleaned of the
 * masked values first: the runner's mask misses a copy that is cut short or escaped.
 */
export function unexpected(error: unknown): string {
  debug(redact(error instanceof Error ? (error.stack ?? error.message) : String(error), masked))
  const message = redact(error instanceof Error ? error.message : String(error), masked)
  return `Unexpected error in the gate: ${oneLine(message, 300)}. Please report it with the debug log (RUNNER_DEBUG=1).`
}
