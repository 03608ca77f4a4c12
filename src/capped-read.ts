// Reading a file someone named (spec-file, waivers-file) or the runner's event file: only a
// regular file, opened without blocking and read up to a cap, so that a FIFO, a device or a
// huge file gives a message instead of a hang or an exhausted heap.

import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { errorLine } from './text.ts'

const READ_CHUNK_BYTES = 1024 * 1024
const BOM = '\uFEFF'

/**
 * Reads a regular file of at most `maxBytes`, counting the bytes read rather than trusting the
 * size `stat` reports (a device reports 0 and never ends). Opened without blocking, so a FIFO
 * with no writer is refused instead of waiting forever. A UTF-8 byte order mark (as Windows
 * editors write) is dropped: the YAML parser would read it as text before the first entry.
 */
export async function readCapped(
  absolute: string,
  maxBytes: number
): Promise<{ text: string } | { problem: string }> {
  const handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const info = await handle.stat()
    if (info.isDirectory()) return { problem: `${absolute} is a directory, not a file` }
    if (!info.isFile()) {
      return { problem: `${absolute} is not a regular file (a device, FIFO or socket)` }
    }
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - length))
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null)
      if (bytesRead === 0) break
      chunks.push(chunk.subarray(0, bytesRead))
      length += bytesRead
      if (length > maxBytes) {
        return { problem: `the file is more than the ${maxBytes} bytes this gate parses` }
      }
    }
    const text = Buffer.concat(chunks).toString('utf8')
    return { text: text.startsWith(BOM) ? text.slice(1) : text }
  } finally {
    await handle.close()
  }
}

/** Why a file could not be read, for a message that names it. */
export function readFailure(error: unknown, absolute: string): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  switch (code) {
    case 'ENOENT':
      return `there is no such file (looked for ${absolute})`
    case 'EACCES':
    case 'EPERM':
      return `${absolute} cannot be read (permission denied)`
    case 'EISDIR':
      return `${absolute} is a directory, not a file`
    default:
      return `${absolute} cannot be read (${errorLine(error)})`
  }
}
