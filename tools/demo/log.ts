// The step's log as the Actions UI shows it: workflow commands acted on (annotations made
// readable, masks registered and applied, debug lines hidden unless debugging).

import { parseCommandLine } from '../run-action.ts'
import { blue, bold, gray, red, yellow } from './terminal.ts'

export interface LogState {
  masks: string[]
  stopToken?: string | undefined
  debug: boolean
}

function mask(text: string, masks: readonly string[]): string {
  let out = text
  for (const secret of masks) if (secret !== '') out = out.split(secret).join('***')
  return out
}

const ANNOTATION_STYLE = {
  error: { symbol: '✖', paint: red },
  warning: { symbol: '⚠', paint: yellow },
  notice: { symbol: 'ℹ', paint: blue }
} as const

/**
 * One log line as the runner would show it: workflow commands acted on (annotations made
 * readable, masks registered and applied, debug hidden unless debugging); null for a line
 * the UI does not show.
 */
export function renderLogLine(line: string, state: LogState): string | null {
  const command = parseCommandLine(line)
  if (state.stopToken !== undefined) {
    if (command?.name === state.stopToken.toLowerCase()) {
      state.stopToken = undefined
      return null
    }
    return mask(line, state.masks)
  }
  if (command === undefined) return mask(line, state.masks)
  const value = mask(command.value, state.masks)
  switch (command.name) {
    case 'error':
    case 'warning':
    case 'notice': {
      const { symbol, paint } = ANNOTATION_STYLE[command.name]
      const { file, line: lineNo, col, title } = command.properties
      const place =
        file === undefined ? '' : ` ${file}${lineNo ? `:${lineNo}` : ''}${col ? `:${col}` : ''}`
      const heading = title === undefined ? '' : `${mask(title, state.masks)}: `
      const body = `${heading}${value}`.replace(/\r?\n/g, '\n    ')
      return paint(`${symbol} ${command.name}${place} — `) + body
    }
    case 'add-mask':
      if (command.value !== '') state.masks.push(command.value)
      return null
    case 'stop-commands':
      if (command.value !== '') state.stopToken = command.value
      return null
    case 'debug':
      return state.debug ? gray(`[debug] ${value}`) : null
    case 'group':
      return bold(`▼ ${value}`)
    case 'endgroup':
    case 'echo':
    case 'set-output':
    case 'save-state':
    case 'set-env':
    case 'add-path':
    case 'add-matcher':
    case 'remove-matcher':
      return null
    default:
      return mask(line, state.masks)
  }
}
