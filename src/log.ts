// The step log's plain lines. Every one goes through `say`: outside text in it (ids, statuses,
// messages, URLs) can never start a workflow command.

import * as core from '@actions/core'
import { logLine, oneLine } from './text.ts'

export function say(message: string): void {
  core.info(logLine(message))
}

export function debug(message: string): void {
  core.debug(message)
}

/** A bug's message for the user; its stack goes to the debug log only. */
export function unexpected(error: unknown): string {
  debug(error instanceof Error ? (error.stack ?? error.message) : String(error))
  const message = error instanceof Error ? error.message : String(error)
  return `Unexpected error in the gate: ${oneLine(message, 300)}. Please report it with the debug log (RUNNER_DEBUG=1).`
}
