// What an action writes, read as the GitHub runner reads it: workflow commands (`::name
// props::value`) on stdout and stderr, and the GITHUB_OUTPUT file.

export type AnnotationKind = 'error' | 'warning' | 'notice'

export interface Annotation {
  kind: AnnotationKind
  file?: string
  line?: number
  endLine?: number
  col?: number
  endColumn?: number
  title?: string
  message: string
}

/** A workflow command the runner would act on (`::name props::value`), decoded. */
export interface WorkflowCommand {
  /** Lower case. */
  name: string
  properties: Record<string, string>
  value: string
  /** The raw line. */
  line: string
  /** The runner reads commands from both streams. */
  stream: 'stdout' | 'stderr'
}

/** Parses a GITHUB_OUTPUT (or GITHUB_ENV) file: `name<<DELIM` heredocs and `name=value`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      let j = i + 1
      while (j < lines.length && lines[j] !== delimiter) value.push(lines[j++] as string)
      if (j >= lines.length) throw new Error(`Output '${name}': delimiter ${delimiter} not found`)
      outputs[name] = value.join('\n')
      i = j
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`Malformed output line: ${JSON.stringify(line)}`)
    outputs[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return outputs
}

/** Undoes GitHub's escaping of a command's value (`%25`, `%0D`, `%0A`). */
export function unescapeData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

/** Undoes GitHub's escaping of a command's property (also `%3A` and `%2C`). */
export function unescapeProperty(text: string): string {
  return text
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%')
}

/**
 * Parses one output line as a workflow command (undefined when it is not one), as the
 * runner does: leading white space is ignored, the name ends at the first space, the
 * properties run to the next `::`, the value is the rest.
 */
export function parseCommandLine(
  line: string,
  stream: 'stdout' | 'stderr' = 'stdout'
): WorkflowCommand | undefined {
  const text = line.replace(/\r$/, '').trimStart()
  if (!text.startsWith('::')) return undefined
  const end = text.indexOf('::', 2)
  if (end < 0) return undefined
  const info = text.slice(2, end)
  const space = info.indexOf(' ')
  // The runner looks commands up without case: `::ERROR::` is an error annotation too.
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (name === '') return undefined
  const properties: Record<string, string> = {}
  for (const pair of space < 0 ? [] : info.slice(space + 1).split(',')) {
    const eq = pair.indexOf('=')
    if (eq > 0) properties[pair.slice(0, eq).trim()] = unescapeProperty(pair.slice(eq + 1))
  }
  return { name, properties, value: unescapeData(text.slice(end + 2)), line, stream }
}

/**
 * The workflow commands a runner would act on in one stream's text, in order. Honours
 * `::stop-commands::TOKEN` (lines up to `::TOKEN::` are plain text), as the runner does.
 */
export function parseCommands(
  text: string,
  stream: 'stdout' | 'stderr' = 'stdout'
): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  let resumeToken: string | undefined
  for (const line of text.split('\n')) {
    const command = parseCommandLine(line, stream)
    if (command === undefined) continue
    if (resumeToken !== undefined) {
      if (command.name === resumeToken.toLowerCase()) resumeToken = undefined
      continue
    }
    commands.push(command)
    if (command.name === 'stop-commands' && command.value !== '') resumeToken = command.value
  }
  return commands
}

/** The annotation a command makes, or undefined when it makes none. */
export function toAnnotation(command: WorkflowCommand): Annotation | undefined {
  const kind = command.name
  if (kind !== 'error' && kind !== 'warning' && kind !== 'notice') return undefined
  const annotation: Annotation = { kind, message: command.value }
  const { file, line, endLine, col, endColumn, title } = command.properties
  const whole = (value: string | undefined) =>
    value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined
  if (file !== undefined) annotation.file = file
  const numbers = { line, endLine, col, endColumn }
  for (const key of Object.keys(numbers) as Array<keyof typeof numbers>) {
    const value = whole(numbers[key])
    if (value !== undefined) annotation[key] = value
  }
  if (title !== undefined) annotation.title = title
  return annotation
}

/** The annotations among the commands of an output text. */
export function parseAnnotations(text: string): Annotation[] {
  return parseCommands(text)
    .map(toAnnotation)
    .filter((a): a is Annotation => a !== undefined)
}
