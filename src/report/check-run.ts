// Every finding as an annotation on a check run, past the 10 per step that workflow
// commands get. The Checks API takes 50 annotations a request and appends them on each
// update, so they go in batches, one request at a time, paced and retried as GitHub asks.
//
// Where: this job's own check run (found among the run attempt's jobs by the runner's
// name), so the annotations sit next to the job that found them and no extra check shows
// up; when that job cannot be found or updated, a new check run on the commit the workflow
// runs for (the pull request's head on pull_request events).
//
// Which annotations: check-run-plan.ts. Returns what it has to say; never throws, never
// changes the verdict.

import type { getOctokit } from '@actions/github'
import type { Clock } from '../clock.ts'
import { oneLine, plural, redact, truncate } from '../text.ts'
import {
  githubTokenProblem,
  HttpError,
  MAX_RATE_LIMIT_RETRIES,
  OutOfTime,
  DEFAULT_WRITE_INTERVAL_MS,
  RateLimited,
  Session
} from './github-session.ts'
import { repositoryUrl, type RunContext } from '../context.ts'
import { batches, planCheckRunAnnotations, type CheckRunAnnotation } from './check-run-plan.ts'
import type { GateReport } from './types.ts'

/** The API's limits, in characters (counted here by code point, never splitting a pair). */
export const SUMMARY_MAX_CHARACTERS = 65_535
const OUTPUT_TITLE_MAX_CHARACTERS = 255
const CHECK_NAME_MAX_CHARACTERS = 100
const JOBS_PER_PAGE = 100
const MAX_JOB_PAGES = 10

export interface CheckRunOptions {
  /** github-token. */
  token: string
  /** GitHub REST API base URL (GITHUB_API_URL). */
  apiUrl: string
  /** Epoch ms by which every request has ended. */
  deadlineMs: number
  /** The job summary's Markdown; cut to the API's 65,535 characters if longer. */
  summaryMarkdown: string
  /** The import's errors fail the gate: they become `failure` annotations, else `warning`. */
  failsOnErrors: boolean
  /** The step fails: the conclusion of a check run this creates. */
  stepFails: boolean
  /** Workspace-relative finding file → path relative to the repository root. */
  repositoryPaths: ReadonlyMap<string, string>
  /** Least time from one write's start to the next. Default: see `writeIntervalFor`. */
  writeIntervalMs?: number
  clock?: Clock
}

export interface CheckRunOutcome {
  /** Every annotation (and the title and summary) arrived. */
  delivered: boolean
  warnings: string[]
  info: string[]
  /** Annotations written. */
  written: number
  /** Annotations planned (findings with a place in the repository). */
  planned: number
  /** Requests sent, retries included. */
  requests: number
  checkRunId?: number
  url?: string
}

/**
 * GitHub asks for a second between writes (its secondary rate limits); an API on a loopback
 * host is a local stand-in (the tests, the demo), which asks for nothing.
 */
function writeIntervalFor(apiUrl: string): number {
  return /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(apiUrl)
    ? 0
    : DEFAULT_WRITE_INTERVAL_MS
}

/** `Document360 import gate: failed (3 errors, 2 warnings)` */
function checkRunTitle(report: GateReport): string {
  const counts =
    report.errorCount !== undefined && report.warningCount !== undefined
      ? ` (${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')})`
      : ''
  return truncate(`Document360 import gate: ${report.result}${counts}`, OUTPUT_TITLE_MAX_CHARACTERS)
}

/**
 * Writes the annotations, title and summary to a check run. Never throws: what goes wrong
 * is one warning (naming the permission when that is the cause), and `delivered: false`
 * tells the caller to annotate the step with workflow commands instead.
 */
export async function writeCheckRun(
  report: GateReport,
  context: RunContext,
  options: CheckRunOptions
): Promise<CheckRunOutcome> {
  const plan = planCheckRunAnnotations(
    report.findings,
    options.failsOnErrors,
    options.repositoryPaths
  )
  const session = new Session({
    ...options,
    writeIntervalMs: options.writeIntervalMs ?? writeIntervalFor(options.apiUrl)
  })
  const outcome: CheckRunOutcome = {
    delivered: false,
    warnings: [],
    info: [],
    written: 0,
    planned: plan.annotations.length,
    requests: 0
  }
  const token = options.token.trim()
  try {
    if (token === '') {
      throw new CheckRunError(
        'github-token is empty. Pass a token with `permissions: checks: write` ' +
          '(the default `${{ github.token }}` has it when the job grants it).'
      )
    }
    const tokenProblem = githubTokenProblem(token)
    if (tokenProblem !== undefined) throw new CheckRunError(tokenProblem)
    const [owner, repo, ...rest] = (context.repository ?? '').split('/')
    if (!owner || !repo || rest.length > 0) {
      throw new CheckRunError(
        `GITHUB_REPOSITORY ('${context.repository ?? ''}') is not 'owner/repo'.`
      )
    }
    // Loaded only now: most runs write no check run.
    const { getOctokit } = await import('@actions/github')
    const github: GitHub = { octokit: getOctokit(token, { baseUrl: options.apiUrl }), owner, repo }
    const output = {
      title: checkRunTitle(report),
      summary: truncate(options.summaryMarkdown, SUMMARY_MAX_CHARACTERS)
    }
    const groups = batches(plan.annotations)
    const [first = [], ...others] = groups

    let target = await findJobCheckRun(github, context, session, outcome)
    if (target !== undefined) {
      try {
        await session.write(signal =>
          github.octokit.rest.checks.update({
            owner,
            repo,
            check_run_id: target as number,
            output: { ...output, annotations: first },
            request: { signal }
          })
        )
      } catch (error) {
        if (!(error instanceof HttpError) || !isRefusal(error)) throw error
        outcome.info.push(
          `Check run: this job's check run could not be updated (HTTP ${error.status}); ` +
            'creating one on the commit instead.'
        )
        target = undefined
      }
    }
    target ??= await createCheckRun(github, report, context, options, output, first, session)
    outcome.checkRunId = target
    const url = checkRunUrl(context, target)
    if (url !== undefined) outcome.url = url
    outcome.written = first.length

    for (const group of others) {
      await session.write(signal =>
        github.octokit.rest.checks.update({
          owner,
          repo,
          check_run_id: target,
          output: { ...output, annotations: group },
          request: { signal }
        })
      )
      outcome.written += group.length
    }
    outcome.delivered = true
    outcome.info.push(
      `Check run: ${plural(outcome.written, 'annotation')} written in ` +
        `${plural(session.requests, 'request')}${outcome.url ? ` (${outcome.url})` : ''}.`
    )
    if (plan.withoutPlace > 0) {
      outcome.info.push(
        `Check run: ${plural(plan.withoutPlace, 'finding')} without a place in the repository ` +
          '(set spec-file): not on it, only in its summary.'
      )
    }
  } catch (error) {
    const written =
      outcome.written > 0
        ? ` ${outcome.written} of ${plan.annotations.length} annotations were written.`
        : ''
    const why = redact(explainFailure(error, options.apiUrl), [token])
    outcome.warnings.push(
      oneLine(
        `The check run was not written in full: ${why}${written} The step's annotations ` +
          'show the findings instead.',
        2_000
      )
    )
  }
  outcome.requests = session.requests
  return outcome
}

type Octokit = ReturnType<typeof getOctokit>
interface GitHub {
  octokit: Octokit
  owner: string
  repo: string
}

interface WorkflowJob {
  id: number
  status: string
  runner_name?: string | null
  check_run_url?: string
}

/**
 * The id of this job's check run: the attempt's one in-progress job on this runner (a
 * runner runs one job at a time). Undefined when it cannot be told, with a line saying why.
 */
async function findJobCheckRun(
  github: GitHub,
  context: RunContext,
  session: Session,
  outcome: CheckRunOutcome
): Promise<number | undefined> {
  const { runId, runAttempt, runnerName } = context
  if (!runId || !/^\d+$/.test(runId) || !runnerName) {
    outcome.info.push(
      'Check run: no run id or runner name to find this job by; creating a check run.'
    )
    return undefined
  }
  const attempt = runAttempt && /^\d+$/.test(runAttempt) ? Number(runAttempt) : 1
  const matches: WorkflowJob[] = []
  try {
    for (let page = 1; page <= MAX_JOB_PAGES; page++) {
      const { data } = await session.read(signal =>
        github.octokit.rest.actions.listJobsForWorkflowRunAttempt({
          owner: github.owner,
          repo: github.repo,
          run_id: Number(runId),
          attempt_number: attempt,
          per_page: JOBS_PER_PAGE,
          page,
          request: { signal }
        })
      )
      const jobs = (data as { jobs?: unknown }).jobs
      if (!Array.isArray(jobs)) {
        outcome.info.push(
          "Check run: GitHub's answer to listing this run's jobs is not a list of jobs; " +
            'creating a check run on the commit instead.'
        )
        return undefined
      }
      matches.push(
        ...(jobs as (WorkflowJob | null)[]).filter(
          (job): job is WorkflowJob =>
            job?.status === 'in_progress' && job.runner_name === runnerName
        )
      )
      if (jobs.length < JOBS_PER_PAGE || page * JOBS_PER_PAGE >= data.total_count) break
    }
  } catch (error) {
    if (error instanceof OutOfTime) throw error
    const status =
      error instanceof HttpError
        ? `HTTP ${error.status}`
        : error instanceof RateLimited
          ? 'rate limited'
          : 'no answer'
    // Only a refusal is about the permission; a 5xx, a limit or no answer is GitHub's.
    const refused = error instanceof HttpError && (error.status === 403 || error.status === 404)
    const why = refused ? "; reading the run's jobs needs `actions: read`" : ''
    outcome.info.push(
      `Check run: this job could not be looked up (${status}${why}); creating a check run on ` +
        'the commit instead.'
    )
    return undefined
  }
  const [job, ...others] = matches
  if (job === undefined || others.length > 0) {
    outcome.info.push(
      `Check run: ${matches.length === 0 ? 'no' : 'more than one'} running job of this attempt ` +
        `is on runner '${oneLine(runnerName, 100)}'; creating a check run on the commit instead.`
    )
    return undefined
  }
  const fromUrl = /\/check-runs\/(\d+)$/.exec(job.check_run_url ?? '')?.[1]
  return fromUrl !== undefined ? Number(fromUrl) : job.id
}

async function createCheckRun(
  github: GitHub,
  report: GateReport,
  context: RunContext,
  options: CheckRunOptions,
  output: { title: string; summary: string },
  annotations: CheckRunAnnotation[],
  session: Session
): Promise<number> {
  const headSha = context.pullRequest?.headSha ?? context.sha
  if (!headSha || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(headSha)) {
    throw new CheckRunError('no commit SHA to attach a check run to (GITHUB_SHA is not set).')
  }
  const { data } = await session.write(signal =>
    github.octokit.rest.checks.create({
      owner: github.owner,
      repo: github.repo,
      name: truncate(
        `Document360 import gate (${oneLine(report.apiReferenceId, 60)})`,
        CHECK_NAME_MAX_CHARACTERS
      ),
      head_sha: headSha,
      status: 'completed',
      conclusion: options.stepFails
        ? 'failure'
        : report.result === 'passed'
          ? 'success'
          : 'neutral',
      output: { ...output, annotations },
      request: { signal }
    })
  )
  // Without an id nothing more can be added, nor can the gate tell what GitHub kept.
  const id = (data as { id?: unknown }).id
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    throw new CheckRunError(
      "GitHub's answer to creating the check run has no id, so the gate cannot tell what it " +
        "kept. A proxy may have answered in GitHub's place."
    )
  }
  return id
}

function checkRunUrl(context: RunContext, id: number): string | undefined {
  const repository = repositoryUrl(context.serverUrl, context.repository)
  return repository === undefined ? undefined : `${repository}/runs/${id}`
}

/** A failure with a message already meant for the user. */
class CheckRunError extends Error {}

/** Answers that say "not you, not this": another way in may still work. */
function isRefusal(error: HttpError): boolean {
  return error.status === 403 || error.status === 404 || error.status === 422
}

const PERMISSION_HINT =
  'Grant the job `permissions: checks: write`. Pull requests from forks get a read-only ' +
  'GITHUB_TOKEN, so for them leave check-run off (for example ' +
  '`check-run: ${{ github.event.pull_request.head.repo.full_name == github.repository }}`).'

/** Why the check run was not written, and what to do about it, in one paragraph. */
export function explainFailure(error: unknown, apiUrl: string): string {
  if (error instanceof CheckRunError) return error.message
  if (error instanceof OutOfTime) return "the step's time budget ran out."
  if (error instanceof RateLimited) {
    const { status, apiMessage } = error.answer
    const said = apiMessage ? `: ${apiMessage}` : ''
    const wait =
      error.waitMs === undefined
        ? `still limited after ${MAX_RATE_LIMIT_RETRIES} retries`
        : `it asked to wait ${Math.ceil(error.waitMs / 1000)} s, past the step's time budget`
    return `GitHub's rate limit was hit (HTTP ${status}${said}; ${wait}).`
  }
  const answer = HttpError.from(error)
  if (answer instanceof HttpError) {
    const said = answer.apiMessage ? `: ${answer.apiMessage}` : ''
    switch (answer.status) {
      case 401:
        return `GitHub rejected github-token (HTTP 401${said}). Pass a valid token; the default \`\${{ github.token }}\` works.`
      case 403:
        return `the token may not write checks (HTTP 403${said}). ${PERMISSION_HINT}`
      case 404:
        return `the repository or commit is not visible to this token, or it lacks permission (HTTP 404${said}). ${PERMISSION_HINT}`
      case 422:
        return `GitHub refused the check run (HTTP 422${said}).`
      default:
        return `GitHub answered HTTP ${answer.status}${said}.`
    }
  }
  const failure = error as { name?: unknown; cause?: { name?: unknown } } | undefined
  const names = [failure?.name, failure?.cause?.name]
  if (names.includes('TimeoutError') || names.includes('AbortError')) {
    return `GitHub (${apiUrl}) did not answer in time.`
  }
  const message = error instanceof Error ? error.message : String(error)
  return `GitHub (${apiUrl}) could not be reached: ${oneLine(message, 300)}.`
}
