// Finds the line in the repository's spec file that a finding's path designates. The spec
// is parsed with the `yaml` package (YAML and JSON, with source ranges), loaded only here
// so that a run without `spec-file` never pays for it.

import path from 'node:path'
import { pointerText } from '../baseline/identity.ts'
import { readCapped, readFailure } from '../capped-read.ts'
import { errorLine, oneLine } from '../text.ts'
import type { Alias, Document, LineCounter, Node, Pair, YAMLMap } from 'yaml'

/** The spec file, parsed once; resolves finding paths to lines. */
export interface SpecIndex {
  /** The spec file relative to the workspace, with forward slashes (absolute when outside). */
  file: string
  /** 1-based line of the key the pointer ends at (of the item, for array items). */
  lineOf(pointer: string): number | undefined
}

export interface LoadSpecOptions {
  /** Larger files are not parsed (a warning instead): parsing runs at about 1-2 MB/s. */
  maxBytes?: number
}

const DEFAULT_MAX_BYTES = 16 * 1024 * 1024
/** Lookups one pointer may spend trying the ways its segments can be joined into keys. */
const LOOKUP_BUDGET = 10_000
/** How deep `<<` merge keys are followed. */
const MAX_MERGE_DEPTH = 8

type Yaml = typeof import('yaml')

/**
 * Reads and indexes `specFile` (relative to `workspace`, or absolute). Never throws: a file
 * that cannot be read or parsed gives one warning that names it and says why.
 */
export async function loadSpec(
  specFile: string,
  workspace: string,
  options: LoadSpecOptions = {}
): Promise<SpecIndex | { warning: string }> {
  const absolute = path.resolve(workspace, specFile)
  const file = workspaceRelative(absolute, workspace)
  const cannot = (why: string) => ({
    warning:
      `spec-file '${oneLine(specFile, 200)}': ${why}. ` +
      'Findings are reported without a place in the spec.'
  })

  let source: string
  try {
    const read = await readCapped(absolute, options.maxBytes ?? DEFAULT_MAX_BYTES)
    if ('problem' in read) return cannot(read.problem)
    source = read.text
  } catch (error) {
    return cannot(readFailure(error, absolute))
  }

  let yaml: Yaml
  try {
    yaml = await import('yaml')
  } catch (error) {
    return cannot(`the YAML parser could not be loaded (${errorLine(error)})`)
  }

  let document: Document.Parsed
  const lineCounter = new yaml.LineCounter()
  try {
    // uniqueKeys: false — the duplicate-key check is quadratic in a map's size (a spec
    // with thousands of paths), and a duplicate is no reason not to point at lines.
    document = yaml.parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: false })
  } catch (error) {
    return cannot(`it could not be parsed (${errorLine(error)})`)
  }
  const [firstError] = document.errors
  if (firstError) {
    const where = lineCounter.linePos(firstError.pos[0])
    const message = firstError.message.split('\n')[0]
    return cannot(
      `it is not valid YAML or JSON (line ${where.line}, column ${where.col}: ${message})`
    )
  }
  if (!yaml.isMap(document.contents)) {
    return cannot('it does not hold a mapping at the top level, so it is no OpenAPI document')
  }
  return new SpecLocator(yaml, document, lineCounter, file)
}

/** Path of the file relative to the workspace, forward slashes; absolute when outside it. */
export function workspaceRelative(absolute: string, workspace: string): string {
  const relative = path.relative(path.resolve(workspace), absolute)
  // `..specs/` is a folder inside; only `..` itself or `../` leads out.
  const outside =
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  return (outside ? absolute : relative).split(path.sep).join('/')
}

/**
 * The segments of a finding path: an RFC 6901 pointer, possibly as a URI fragment
 * (`#/components/...`, percent-encoded). `undefined` for the document itself.
 */
export function pointerSegments(pointer: string): string[] | undefined {
  let text = pointerText(pointer)
  if (text === '') return undefined
  if (!text.startsWith('/')) text = `/${text}`
  return text.slice(1).split('/')
}

/** `~1` → `/`, `~0` → `~` (in that order, as RFC 6901 says). */
export function unescapeSegment(segment: string): string {
  return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment
}

class SpecLocator implements SpecIndex {
  readonly file: string
  private readonly yaml: Yaml
  private readonly document: Document.Parsed
  private readonly lineCounter: LineCounter
  /** Key text → pair, built the first time a map is searched. */
  private readonly keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>()
  private readonly lines = new Map<string, number | undefined>()
  /** Alias → the node it stands for; built on the first alias met. */
  private aliasTargets: Map<Alias, unknown> | undefined

  constructor(yaml: Yaml, document: Document.Parsed, lineCounter: LineCounter, file: string) {
    this.yaml = yaml
    this.document = document
    this.lineCounter = lineCounter
    this.file = file
  }

  lineOf(pointer: string): number | undefined {
    if (this.lines.has(pointer)) return this.lines.get(pointer)
    const line = this.resolve(pointer)
    this.lines.set(pointer, line)
    return line
  }

  private resolve(pointer: string): number | undefined {
    const segments = pointerSegments(pointer)
    if (segments === undefined) return undefined
    let offset = this.walk(this.document.contents, new Walk(segments), 0, undefined)
    // A trailing slash (`/paths/~1pets/`) most likely means the same place without it.
    if (offset === undefined && segments.length > 1 && segments.at(-1) === '') {
      offset = this.walk(this.document.contents, new Walk(segments.slice(0, -1)), 0, undefined)
    }
    return offset === undefined ? undefined : this.lineCounter.linePos(offset).line
  }

  /** Source offset of the key (or item) the segments from `index` on end at. */
  private walk(
    value: unknown,
    walk: Walk,
    index: number,
    keyOffset: number | undefined
  ): number | undefined {
    if (index === walk.segments.length) return keyOffset
    if (walk.budget-- <= 0) return undefined
    const node = this.dereference(value)
    if (this.yaml.isSeq(node)) {
      const segment = walk.segments[index] as string
      if (!/^(0|[1-9]\d{0,8})$/.test(segment)) return undefined
      const item: unknown = node.items[Number(segment)]
      const start = rangeStart(item)
      return start === undefined ? undefined : this.walk(item, walk, index + 1, start)
    }
    if (!this.yaml.isMap(node)) return undefined
    // A key may span several segments when the pointer was not escaped: `/paths/v1/pets`
    // for the key `/v1/pets`. Try one segment first (a proper pointer), then longer joins,
    // and go back to the next choice when one leads nowhere.
    for (let count = 1; index + count <= walk.segments.length; count++) {
      for (const key of walk.candidateKeys(index, count)) {
        const pair = this.findPair(node, key, 0)
        if (pair === undefined) continue
        const start = rangeStart(pair.key)
        if (start === undefined) continue
        const found = this.walk(pair.value, walk, index + count, start)
        if (found !== undefined) return found
        if (walk.budget <= 0) return undefined
      }
    }
    return undefined
  }

  /** The pair with this key, also through `<<` merge keys. */
  private findPair(map: YAMLMap, key: string, depth: number): Pair | undefined {
    const index = this.keyIndex(map)
    const pair = index.get(key)
    if (pair !== undefined || depth >= MAX_MERGE_DEPTH) return pair
    const merge = index.get('<<')
    if (merge === undefined) return undefined
    const merged = this.dereference(merge.value)
    const sources = this.yaml.isSeq(merged) ? merged.items : [merged]
    for (const source of sources) {
      const map = this.dereference(source)
      if (!this.yaml.isMap(map)) continue
      const found = this.findPair(map, key, depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }

  private keyIndex(map: YAMLMap): Map<string, Pair> {
    let index = this.keyIndexes.get(map)
    if (index !== undefined) return index
    index = new Map()
    for (const pair of map.items) {
      const key = this.dereference(pair.key)
      if (!this.yaml.isScalar(key)) continue
      // Both spellings of a key such as `1.10` or `0x1F`: as written, and as its value.
      for (const text of new Set([String(key.value), key.source])) {
        if (text !== undefined && !index.has(text)) index.set(text, pair)
      }
    }
    this.keyIndexes.set(map, index)
    return index
  }

  private dereference(value: unknown): unknown {
    let node = value
    for (let hops = 0; this.yaml.isAlias(node) && hops < 16; hops++) {
      node = this.resolveAlias(node)
    }
    return node
  }

  /**
   * `Alias.resolve` searches the whole document on every call; one pass instead maps
   * each alias to the node of the latest anchor of its name before it, as YAML says.
   */
  private resolveAlias(alias: Alias): unknown {
    if (this.aliasTargets === undefined) {
      const targets = new Map<Alias, unknown>()
      const anchors = new Map<string, unknown>()
      this.yaml.visit(this.document, {
        Node: (_key, node) => {
          if (this.yaml.isAlias(node)) targets.set(node, anchors.get(node.source))
          else if (node.anchor) anchors.set(node.anchor, node)
        }
      })
      this.aliasTargets = targets
    }
    return this.aliasTargets.get(alias)
  }
}

/** One pointer being resolved: its segments, their joins, and the lookups left. */
class Walk {
  readonly segments: string[]
  private readonly unescaped: string[]
  budget = LOOKUP_BUDGET

  constructor(segments: string[]) {
    this.segments = segments
    this.unescaped = segments.map(unescapeSegment)
  }

  /** The keys `count` segments from `index` on may stand for, likeliest first. */
  candidateKeys(index: number, count: number): string[] {
    const end = index + count
    const joined = this.unescaped.slice(index, end).join('/')
    const raw = this.segments.slice(index, end).join('/')
    const keys = count === 1 ? [joined, `/${joined}`] : [`/${joined}`, joined]
    if (raw !== joined) keys.push(`/${raw}`, raw)
    return keys
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range
  return range ? range[0] : undefined
}
