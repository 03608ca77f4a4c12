// The server's request handling parts: the endpoints' paths (two reads, resync and publish),
// id matching, paging checks as the API documents them, and JSON answers.

import type { RequestKind } from './types.ts'

export interface Answer {
  status: number
  headers: Record<string, string>
  body: string | Buffer
}

export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
): Answer {
  const contentType =
    status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8'
  return {
    status,
    headers: { 'content-type': contentType, ...headers },
    body: JSON.stringify(body)
  }
}

export const LIST_PATH = /^\/v3\/projects\/([^/]+)\/api-references\/([^/]+)\/logs\/?$/
export const DETAIL_PATH = /^\/v3\/projects\/([^/]+)\/api-references\/([^/]+)\/logs\/([^/]+)\/?$/

export const REFERENCE_PATH = /^\/v3\/projects\/([^/]+)\/api-references\/([^/]+)\/?$/
export const PUBLISH_PATH = /^\/v3\/projects\/([^/]+)\/api-references\/([^/]+)\/publish\/?$/

export function classify(path: string, method = 'GET'): RequestKind {
  if (LIST_PATH.test(path)) return 'list'
  if (PUBLISH_PATH.test(path)) return method === 'POST' ? 'publish' : 'other'
  if (DETAIL_PATH.test(path)) return 'detail'
  if (REFERENCE_PATH.test(path)) return method === 'PUT' ? 'resync' : 'other'
  return 'other'
}

export function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export const sameId = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

export const INT32_MAX = 2_147_483_647

/** Validates a paging parameter as the API documents it; returns an error message or the value. */
export function pagingValue(
  params: URLSearchParams,
  name: string,
  fallback: number,
  max: number
): number | string {
  const values = params.getAll(name)
  if (values.length === 0) return fallback
  const raw = values[values.length - 1] as string
  if (values.length > 1) return `'${name}' was given more than once.`
  if (!/^\d+$/.test(raw)) return `The value '${raw}' is not valid for ${name}: a whole number.`
  const value = Number(raw)
  if (value < 1 || value > max) {
    return max === INT32_MAX
      ? `${name} must be 1 or more.`
      : `${name} must be between 1 and ${max}.`
  }
  return value
}
