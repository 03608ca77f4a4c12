// Response bodies as the Document360 API shapes them: RFC 7807 problem bodies (the
// documentation's own where it has one), the success envelope, and a proxy's HTML error page.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { API_EXAMPLES_DIR } from '../repo.ts'

/** One of Document360's example bodies (test/fixtures/v3-*.json), parsed. */
export function readFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(API_EXAMPLES_DIR, name), 'utf8')) as Record<string, unknown>
}

const PROBLEM_TYPES: Record<number, [suffix: string, title: string, code: string]> = {
  400: ['bad-request', 'Bad Request.', 'BAD_REQUEST'],
  401: ['unauthorized', 'Unauthorized.', 'UNAUTHORIZED'],
  403: ['forbidden', 'Forbidden.', 'FORBIDDEN'],
  404: ['not-found', 'Not Found.', 'RESOURCE_NOT_FOUND'],
  405: ['method-not-allowed', 'Method Not Allowed.', 'METHOD_NOT_ALLOWED'],
  409: ['conflict', 'Conflict.', 'CONFLICT'],
  422: ['validation-error', 'Unprocessable Entity.', 'VALIDATION_ERROR'],
  429: ['too-many-requests', 'Too Many Requests.', 'TOO_MANY_REQUESTS'],
  500: ['internal-error', 'Internal Server Error.', 'INTERNAL_SERVER_ERROR']
}

/** The documentation's problem body for this status where it has one, else one alike. */
export function problemBody(
  status: number,
  traceId: string,
  override: { detail?: string; errors?: Array<{ message: string; field: string | null }> } = {}
): Record<string, unknown> {
  let body: Record<string, unknown>
  if ([400, 401, 404, 422, 429, 500].includes(status)) {
    body = readFixture(`v3-problem-${status}.json`)
  } else {
    const [suffix, title, code] = PROBLEM_TYPES[status] ?? ['error', 'Error.', 'ERROR']
    body = {
      type: `https://developer.document360.com/errors/${suffix}`,
      title,
      status,
      detail: title,
      instance: null,
      trace_id: traceId,
      errors: [{ code, message: title, field: null, details: null }],
      warnings: null
    }
  }
  body.trace_id = traceId
  if (override.detail !== undefined) body.detail = override.detail
  if (override.errors !== undefined) {
    const code = PROBLEM_TYPES[status]?.[2] ?? 'ERROR'
    body.errors = override.errors.map(e => ({ code, ...e, details: null }))
  }
  return body
}

export function envelope(data: unknown, requestId: string): Record<string, unknown> {
  return { data, success: true, request_id: requestId, errors: null, warnings: null }
}

const HTML_PAGES: Record<number, string> = {
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out'
}

export function htmlPage(status: number): string {
  const text = `${status} ${HTML_PAGES[status] ?? 'Error'}`
  return (
    `<html>\r\n<head><title>${text}</title></head>\r\n<body>\r\n` +
    `<center><h1>${text}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  )
}
