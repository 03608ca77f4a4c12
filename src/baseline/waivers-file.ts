// Reads the `waivers-file` (YAML or JSON) and checks it (waivers.ts). The YAML parser, and the
// RE2 engine for `/regex/` messages, are loaded only here and only when needed, so a run
// without waivers never pays for them. Every problem is an InputError naming the file.

import path from 'node:path'
import { InputError } from '../inputs.ts'
import { readCapped, readFailure } from '../capped-read.ts'
import { oneLine } from '../text.ts'
import { checkWaivers, isRegexMessage, type CompiledWaiver, type RegexCompiler } from './waivers.ts'

export interface WaiverSet {
  /** The file as the user named it. */
  file: string
  waivers: CompiledWaiver[]
}

/** A waivers file is a short list; this bounds the read and the parse. */
const MAX_BYTES = 1024 * 1024

export async function loadWaivers(waiversFile: string, workspace: string): Promise<WaiverSet> {
  const absolute = path.resolve(workspace, waiversFile)
  const file = waiversFile
  const fail = (why: string) => new InputError(`waivers-file "${oneLine(file, 200)}": ${why}.`)

  let source: string
  try {
    const read = await readCapped(absolute, MAX_BYTES)
    if ('problem' in read) throw fail(read.problem)
    source = read.text
  } catch (error) {
    if (error instanceof InputError) throw error
    throw fail(readFailure(error, absolute))
  }

  const yaml = await import('yaml')
  const lineCounter = new yaml.LineCounter()
  const document = yaml.parseDocument(source, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true
  })
  const [firstError] = document.errors
  if (firstError) {
    const where = lineCounter.linePos(firstError.pos[0])
    // A tab in the indentation (an editor's habit) gives the parser's most puzzling message.
    const lineText = source.split(/\r?\n/)[where.line - 1] ?? ''
    const tab = /^[ \t-]*\t/.test(lineText)
      ? '; YAML indents with spaces, and this line has a tab'
      : ''
    throw fail(
      `it is not valid YAML or JSON (line ${where.line}, column ${where.col}: ` +
        `${oneLine(firstError.message.split('\n')[0] ?? '', 200)}${tab})`
    )
  }
  let data: unknown
  try {
    data = document.toJS({ maxAliasCount: 100 })
  } catch (error) {
    throw fail(`it could not be read (${oneLine((error as Error).message, 200)})`)
  }
  const lines = yaml.isSeq(document.contents)
    ? document.contents.items.map(item => {
        const offset = (item as { range?: [number, number, number] } | null)?.range?.[0]
        return offset === undefined ? undefined : lineCounter.linePos(offset).line
      })
    : []
  const needsRegex =
    Array.isArray(data) &&
    data.some(entry => {
      const message = (entry as { message?: unknown } | null)?.message
      return typeof message === 'string' && isRegexMessage(message)
    })
  const compileRegex = needsRegex ? await re2Compiler() : undefined
  return { file, waivers: checkWaivers(data, file, lines, compileRegex) }
}

/**
 * RE2 (re2js) matches in time linear in the text, whatever the pattern: a waiver's regular
 * expression cannot hang the gate on a crafted message, as a backtracking one could.
 */
async function re2Compiler(): Promise<RegexCompiler> {
  const { RE2JS } = await import('re2js')
  const FLAGS: Record<string, number> = {
    i: RE2JS.CASE_INSENSITIVE,
    m: RE2JS.MULTILINE,
    s: RE2JS.DOTALL
  }
  return (source, flags) => {
    let bits = 0
    for (const flag of flags) {
      const bit = FLAGS[flag]
      if (bit === undefined) return { problem: `unknown flag "${flag}"` }
      bits |= bit
    }
    try {
      const regex = RE2JS.compile(source, bits)
      return text => regex.test(text)
    } catch (error) {
      return { problem: error instanceof Error ? error.message : String(error) }
    }
  }
}
