// One comment per API reference on the pull request, kept up to date: found again by a
// hidden marker and edited in place. Writing it is a courtesy: any failure is one warning
// that says how to fix it, never a change to the gate's verdict or exit code.

import { readFile } from 'node:fs/promises'
import * as core from '@actions/core'
import type { getOctokit } from '@actions/github'
import { escapeCode } from './escape.ts'
import { oneLine, plural, redact } from '../text.ts'
import { byteLength, renderReport, repositoryUrl } from './render.ts'
import type { NotShown } from './render.ts'
import type { GateReport, RunContext } from './types.ts'

export interface PullRequestCommentOptions {
  /** Time for the whole exchange with GitHub (default 30 s). */
  timeoutMs?: number
}

export interface PullRequestCommentOutcome {
  action: 'created' | 'updated' | 'skipped' | 'failed'
  commentId?: number
  url?: string
}

type Octokit = ReturnType<typeof getOctokit>
interface Comment {
  id: number
  body?: string | null
  html_url?: string
  user?: { type?: string } | null
}

const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])
/** GitHub allows 65,536 characters; bytes are never fewer than characters. */
export const COMMENT_MAX_BYTES = 60_000
const COMMENT_MAX_FINDINGS = 50
const PER_PAGE = 100
/** Enough for 10,000 comments; a thread longer than that gets a new comment. */
const MAX_PAGES = 100
const DEFAULT_TIMEOUT_MS = 30_000

/** The hidden line that identifies this API reference's comment. */
export function commentMarker(apiReferenceId: string): string {
  // Only characters that cannot end the HTML comment (`-->`, `--!>`) or vary in spelling.
  const id = apiReferenceId.replace(
    /[^A-Za-z0-9._-]/g,
    character => `%${character.codePointAt(0)?.toString(16).toUpperCase()}`
  )
  return `<!-- document360-import-gate:${id} -->`
}

/** The comment's text: marker, headline, table, first findings, link to the run. */
export function renderComment(report: GateReport, context: RunContext): string {
  const marker = `${commentMarker(report.apiReferenceId)}\n`
  const footer = renderFooter(context)
  const budgetBytes = COMMENT_MAX_BYTES - byteLength(marker) - byteLength(footer) - 1
  const body = renderReport(report, context, {
    budgetBytes,
    maxFindings: COMMENT_MAX_FINDINGS,
    moreFindingsLine: moreFindingsLine
  })
  return `${marker}${body}\n${footer}`
}

/**
 * Creates or updates this API reference's comment on the pull request of the current
 * `pull_request` / `pull_request_target` event. Does nothing on other events. Never throws.
 */
export async function upsertPullRequestComment(
  report: GateReport,
  context: RunContext,
  githubToken: string,
  options: PullRequestCommentOptions = {}
): Promise<PullRequestCommentOutcome> {
  const eventName = process.env.GITHUB_EVENT_NAME ?? ''
  if (!PULL_REQUEST_EVENTS.has(eventName)) {
    core.debug(`pr-comment: ignored on '${eventName || 'unknown'}' events (pull requests only).`)
    return { action: 'skipped' }
  }
  const token = githubToken.trim()
  try {
    if (token === '') {
      throw new CommentError(
        'github-token is empty. Pass a token (the default is `${{ github.token }}`) with ' +
          '`pull-requests: write` permission.'
      )
    }
    const target = await pullRequestTarget(context)
    const signal = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
    // Loaded only now: most runs never write a comment.
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(token, { baseUrl: apiBaseUrl() })
    const body = renderComment(report, context)
    const marker = commentMarker(report.apiReferenceId)
    const existing = await findComment(octokit, target, marker, signal)
    if (existing === undefined) {
      const { data } = await octokit.rest.issues.createComment({
        ...target,
        body,
        request: { signal }
      })
      core.info(`Pull-request comment created: ${data.html_url}`)
      return { action: 'created', commentId: data.id, url: data.html_url }
    }
    const { data } = await octokit.rest.issues.updateComment({
      owner: target.owner,
      repo: target.repo,
      comment_id: existing.id,
      body,
      request: { signal }
    })
    core.info(`Pull-request comment updated: ${data.html_url}`)
    return { action: 'updated', commentId: data.id, url: data.html_url }
  } catch (error) {
    const why = redact(explainFailure(error), [token])
    core.warning(`The pull-request comment was not written: ${why}`)
    return { action: 'failed' }
  }
}

interface Target {
  owner: string
  repo: string
  issue_number: number
}

async function pullRequestTarget(context: RunContext): Promise<Target> {
  const repository = context.repository || process.env.GITHUB_REPOSITORY || ''
  const [owner, repo, ...rest] = repository.split('/')
  if (!owner || !repo || rest.length > 0) {
    throw new CommentError(`GITHUB_REPOSITORY ('${repository}') is not 'owner/repo'.`)
  }
  const eventPath = process.env.GITHUB_EVENT_PATH
  if (!eventPath) throw new CommentError('GITHUB_EVENT_PATH is not set: no event to read.')
  let payload: { pull_request?: { number?: unknown }; number?: unknown }
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8'))
  } catch (error) {
    throw new CommentError(`the event file could not be read (${messageOf(error)}).`)
  }
  const number = payload?.pull_request?.number ?? payload?.number
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    throw new CommentError('the event names no pull request number.')
  }
  return { owner, repo, issue_number: number }
}

/**
 * The comment carrying `marker`, searching every page. Prefers one a bot wrote (the
 * gate's own) over a person's comment that happens to quote the marker.
 */
async function findComment(
  octokit: Octokit,
  target: Target,
  marker: string,
  signal: AbortSignal
): Promise<Comment | undefined> {
  let first: Comment | undefined
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await octokit.rest.issues.listComments({
      ...target,
      per_page: PER_PAGE,
      page,
      request: { signal }
    })
    const comments = data as Comment[]
    for (const comment of comments) {
      if (!comment.body?.includes(marker)) continue
      if (comment.user?.type === 'Bot') return comment
      first ??= comment
    }
    if (comments.length < PER_PAGE) break
  }
  return first
}

function renderFooter(context: RunContext): string {
  const parts: string[] = []
  const run = runUrl(context)
  if (run !== undefined) parts.push(`[Workflow run](${run})`)
  if (context.sha) parts.push(`commit ${escapeCode(context.sha.slice(0, 12))}`)
  parts.push('updated on every run by Document360 Import Gate')
  return `<sub>${parts.join(' · ')}</sub>\n`
}

/** `serverUrl/repository/actions/runs/runId`, when every part looks right. */
export function runUrl(context: RunContext): string | undefined {
  const repository = repositoryUrl(context)
  if (!repository || !context.runId || !/^\d+$/.test(context.runId)) return undefined
  return `${repository}/actions/runs/${context.runId}`
}

function moreFindingsLine(notShown: NotShown): string {
  return (
    `… and ${plural(notShown.total, 'more finding')} not shown here: ` +
    'the job summary of the workflow run lists them.'
  )
}

function apiBaseUrl(): string {
  return (process.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
}

/** A failure with a message already meant for the user. */
class CommentError extends Error {}

const PERMISSION_HINT =
  'Grant the job `permissions: pull-requests: write`. Pull requests from forks get a ' +
  'read-only GITHUB_TOKEN: skip the comment for them (for example ' +
  '`pr-comment: ${{ github.event.pull_request.head.repo.full_name == github.repository }}`) ' +
  'or use `pull_request_target` with care (it runs with write access: never check out or ' +
  "run the fork's code in that job)."

/** Why writing the comment failed, and what to do about it, in one paragraph. */
export function explainFailure(error: unknown): string {
  if (error instanceof CommentError) return error.message
  const failure = error as
    | {
        status?: unknown
        response?: { data?: { message?: unknown } }
        name?: unknown
        cause?: unknown
      }
    | undefined
  const status = failure?.response ? failure.status : undefined
  if (typeof status === 'number') {
    const apiMessage = oneLine(String(failure?.response?.data?.message ?? ''))
    const said = apiMessage ? `: ${apiMessage}` : ''
    if (status === 401) {
      return (
        `GitHub rejected github-token (HTTP 401${said}). Pass a valid token; the default ` +
        '`${{ github.token }}` works.'
      )
    }
    if (status === 429 || (status === 403 && /rate limit/i.test(apiMessage))) {
      return (
        `GitHub's rate limit was hit (HTTP ${status}${said}). ` +
        'The next run updates the comment.'
      )
    }
    if (status === 403) {
      return `the token may not comment on this pull request (HTTP 403${said}). ${PERMISSION_HINT}`
    }
    if (status === 404) {
      return (
        'the repository or pull request is not visible to this token, or the token lacks ' +
        `permission (HTTP 404${said}). ${PERMISSION_HINT}`
      )
    }
    return `GitHub answered HTTP ${status}${said}.`
  }
  const names = [failure?.name, (failure?.cause as { name?: unknown } | undefined)?.name]
  if (names.includes('TimeoutError') || names.includes('AbortError')) {
    return `GitHub (${apiBaseUrl()}) did not answer in time.`
  }
  return `GitHub (${apiBaseUrl()}) could not be reached: ${messageOf(error)}.`
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause
  const message = error instanceof Error ? error.message : String(error)
  const causeMessage = cause instanceof Error ? ` (${cause.message})` : ''
  return oneLine(`${message}${causeMessage}`)
}
