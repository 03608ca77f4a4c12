// One comment per API reference on the pull request, kept up to date: found again by the
// hidden marker it starts with, and edited only when the gate's own identity wrote it. Writing
// it is a courtesy: any failure is one warning that says how to fix it, never a change to the
// gate's verdict or exit code.

import type { getOctokit } from '@actions/github'
import { systemClock } from '../clock.ts'
import { PULL_REQUEST_EVENTS, repositoryUrl, type RunContext } from '../context.ts'
import {
  byteLength,
  markdownCode,
  oneLine,
  percentEncodeId,
  plural,
  primitiveText,
  redact
} from '../text.ts'
import { githubTokenProblem } from './github-session.ts'
import { renderReport, type NotShown } from './render.ts'
import type { ChannelNotes, GateReport } from './types.ts'

export interface PullRequestCommentOptions {
  githubToken: string
  /** Epoch ms by which every request to GitHub has ended. */
  deadlineMs: number
  now?: () => number
}

type Octokit = ReturnType<typeof getOctokit>
interface Comment {
  id: number
  body?: string | null
  user?: { login?: string; type?: string } | null
}

/** GitHub allows 65,536 characters; bytes are never fewer than characters. */
export const COMMENT_MAX_BYTES = 60_000
const COMMENT_MAX_FINDINGS = 50
const PER_PAGE = 100
/** Enough for 10,000 comments; a thread longer than that gets a new comment. */
const MAX_PAGES = 100

/** The hidden line that identifies this API reference's comment. */
export function commentMarker(apiReferenceId: string): string {
  // Only characters that cannot end the HTML comment (`-->`, `--!>`) or vary in spelling.
  return `<!-- document360-import-gate:${percentEncodeId(apiReferenceId)} -->`
}

/** The comment's text: marker, headline, table, first findings, link to the run. */
export function renderComment(report: GateReport, context: RunContext): string {
  const marker = `${commentMarker(report.apiReferenceId)}\n`
  const footer = renderFooter(context)
  const budgetBytes = COMMENT_MAX_BYTES - byteLength(marker) - byteLength(footer) - 1
  const body = renderReport(report, context, {
    budgetBytes,
    maxFindings: COMMENT_MAX_FINDINGS,
    moreFindingsLine
  })
  return `${marker}${body}\n${footer}`
}

/**
 * Creates or updates this API reference's comment on the pull request of a `pull_request` /
 * `pull_request_target` event. Does nothing on other events. Never throws.
 */
export async function upsertPullRequestComment(
  report: GateReport,
  context: RunContext,
  options: PullRequestCommentOptions
): Promise<ChannelNotes> {
  const notes: ChannelNotes = { info: [], warnings: [] }
  if (!PULL_REQUEST_EVENTS.has(context.eventName)) {
    notes.info.push(
      `pr-comment: skipped on '${oneLine(context.eventName, 60) || 'unknown'}' events ` +
        '(it comments on pull_request and pull_request_target events).'
    )
    return notes
  }
  const token = options.githubToken.trim()
  try {
    if (token === '') {
      throw new CommentError(
        'github-token is empty. Pass a token (the default is `${{ github.token }}`) with ' +
          '`pull-requests: write` permission.'
      )
    }
    const tokenProblem = githubTokenProblem(token)
    if (tokenProblem !== undefined) throw new CommentError(tokenProblem)
    const target = pullRequestTarget(context)
    const now = options.now ?? systemClock.now
    const signal = AbortSignal.timeout(Math.max(0, options.deadlineMs - now()))
    // Loaded only now: most runs never write a comment.
    const { getOctokit } = await import('@actions/github')
    const octokit = getOctokit(token, { baseUrl: context.apiUrl, request: { signal } })
    const body = renderComment(report, context)
    const login = await whoAmI(octokit)
    const existing = await findComment(octokit, target, commentMarker(report.apiReferenceId), login)
    const { data } =
      existing === undefined
        ? await octokit.rest.issues.createComment({ ...target, body })
        : await octokit.rest.issues.updateComment({
            owner: target.owner,
            repo: target.repo,
            comment_id: existing.id,
            body
          })
    // The answer's link is a courtesy: without one, the comment was still written.
    const link = typeof data.html_url === 'string' ? `: ${oneLine(data.html_url)}` : ''
    notes.info.push(`Pull-request comment ${existing === undefined ? 'created' : 'updated'}${link}`)
  } catch (error) {
    notes.warnings.push(
      `The pull-request comment was not written: ${redact(explainFailure(error, context), [token])}`
    )
  }
  return notes
}

interface Target {
  owner: string
  repo: string
  issue_number: number
}

function pullRequestTarget(context: RunContext): Target {
  const repository = context.repository ?? ''
  const [owner, repo, ...rest] = repository.split('/')
  if (!owner || !repo || rest.length > 0) {
    throw new CommentError(`GITHUB_REPOSITORY ('${oneLine(repository, 100)}') is not 'owner/repo'.`)
  }
  if (context.pullRequest === undefined) {
    throw new CommentError(`${context.pullRequestProblem ?? 'the event names no pull request'}.`)
  }
  return { owner, repo, issue_number: context.pullRequest.number }
}

/**
 * The login the token writes as: a user's for a personal token, the app's bot
 * (`github-actions[bot]` for the workflow's GITHUB_TOKEN) for an installation token. GraphQL's
 * `viewer` answers both; REST's `/user` refuses installation tokens.
 */
async function whoAmI(octokit: Octokit): Promise<string> {
  const answer: unknown = await octokit.graphql('query { viewer { login } }')
  const login = (answer as { viewer?: { login?: unknown } } | null)?.viewer?.login
  if (typeof login !== 'string' || login === '') {
    throw new CommentError(
      'GitHub did not say who github-token writes as, so the gate cannot tell its own ' +
        "comment from another's; it wrote none. The next run tries again."
    )
  }
  return login
}

/**
 * This reference's comment: one that starts with `marker` and that the gate's own identity
 * wrote, searching every page. Anybody else's comment that quotes the marker is never edited
 * (its author could then edit the gate's result).
 */
async function findComment(
  octokit: Octokit,
  target: Target,
  marker: string,
  login: string
): Promise<Comment | undefined> {
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await octokit.rest.issues.listComments({ ...target, per_page: PER_PAGE, page })
    // Not a list (a proxy's page, a broken server): creating a comment could duplicate ours.
    if (!Array.isArray(data)) {
      throw new CommentError(
        "GitHub's answer to listing the pull request's comments is not a list: the gate " +
          'cannot tell whether its comment exists, so it wrote none. A proxy may have answered ' +
          "in GitHub's place; the next run tries again."
      )
    }
    const comments = data as unknown[] as (Comment | null)[]
    for (const comment of comments) {
      if (typeof comment?.body !== 'string' || !comment.body.startsWith(marker)) continue
      if (comment.user?.login === login) return comment
    }
    if (comments.length < PER_PAGE) break
  }
  return undefined
}

function renderFooter(context: RunContext): string {
  const parts: string[] = []
  const run = runUrl(context)
  if (run !== undefined) parts.push(`[Workflow run](${run})`)
  if (context.sha) parts.push(`commit ${markdownCode(context.sha.slice(0, 12))}`)
  parts.push('updated on every run by Document360 Import Gate')
  return `<sub>${parts.join(' · ')}</sub>\n`
}

/** `serverUrl/repository/actions/runs/runId`, when every part looks right. */
export function runUrl(context: RunContext): string | undefined {
  const repository = repositoryUrl(context.serverUrl, context.repository)
  if (!repository || !context.runId || !/^\d+$/.test(context.runId)) return undefined
  return `${repository}/actions/runs/${context.runId}`
}

function moreFindingsLine(notShown: NotShown): string {
  return (
    `… and ${plural(notShown.total, 'more finding')} not shown here: ` +
    'the job summary of the workflow run lists them.'
  )
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
export function explainFailure(error: unknown, context: RunContext): string {
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
    const apiMessage = oneLine(primitiveText(failure?.response?.data?.message))
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
    return `GitHub (${context.apiUrl}) did not answer in time.`
  }
  return `GitHub (${context.apiUrl}) could not be reached: ${messageOf(error)}.`
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: unknown } | undefined)?.cause
  const message = error instanceof Error ? error.message : String(error)
  const causeMessage = cause instanceof Error ? ` (${cause.message})` : ''
  return oneLine(`${message}${causeMessage}`)
}
