// Where the run happens: read once from the runner's environment (and, on pull-request events,
// the event file), so report channels and their tests never read process.env themselves.

import { tmpdir } from 'node:os'
import { resolve } from 'node:path'
import { readCapped, readFailure } from './capped-read.ts'

export interface RunContext {
  /** `https://github.com`, or a GitHub Enterprise Server URL. */
  serverUrl: string
  /** GitHub's REST API, without a trailing slash. */
  apiUrl: string
  /** `owner/repo`. */
  repository?: string
  /** The commit the workflow runs for. */
  sha?: string
  runId?: string
  runAttempt?: string
  /** The job's id in the workflow file (GITHUB_JOB). */
  job?: string
  /** RUNNER_NAME: finds this job among the run's jobs (a runner runs one job at a time). */
  runnerName?: string
  /** GITHUB_ACTION_REPOSITORY: `owner/name` of this action when used from a repository. */
  actionRepository?: string
  eventName: string
  /** The pull request of a pull_request or pull_request_target event. */
  pullRequest?: { number: number; headSha?: string }
  /** Why a pull-request event names no pull request (an unreadable event file, say). */
  pullRequestProblem?: string
  /** GITHUB_WORKSPACE: relative spec paths start here. */
  workspace: string
  /** RUNNER_TEMP: where the report files go. */
  runnerTemp: string
  /** GITHUB_STEP_SUMMARY, when the runner provides one. */
  stepSummaryFile?: string
}

export const PULL_REQUEST_EVENTS: ReadonlySet<string> = new Set([
  'pull_request',
  'pull_request_target'
])

export async function readRunContext(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd()
): Promise<RunContext> {
  const context: RunContext = {
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    apiUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
    eventName: env.GITHUB_EVENT_NAME ?? '',
    workspace: env.GITHUB_WORKSPACE || cwd,
    // Absolute: the file outputs name files under it for later steps, which may run elsewhere.
    runnerTemp: resolve(cwd, env.RUNNER_TEMP || tmpdir())
  }
  if (env.GITHUB_REPOSITORY) context.repository = env.GITHUB_REPOSITORY
  if (env.GITHUB_SHA) context.sha = env.GITHUB_SHA
  if (env.GITHUB_RUN_ID) context.runId = env.GITHUB_RUN_ID
  if (env.GITHUB_RUN_ATTEMPT) context.runAttempt = env.GITHUB_RUN_ATTEMPT
  if (env.GITHUB_JOB) context.job = env.GITHUB_JOB
  if (env.RUNNER_NAME) context.runnerName = env.RUNNER_NAME
  if (env.GITHUB_ACTION_REPOSITORY) context.actionRepository = env.GITHUB_ACTION_REPOSITORY
  if (env.GITHUB_STEP_SUMMARY) context.stepSummaryFile = env.GITHUB_STEP_SUMMARY
  if (PULL_REQUEST_EVENTS.has(context.eventName)) {
    const found = await readPullRequest(env.GITHUB_EVENT_PATH)
    if ('problem' in found) context.pullRequestProblem = found.problem
    else context.pullRequest = found
  }
  return context
}

/** GitHub's webhook payloads are at most 25 MB; the event file is one. */
const MAX_EVENT_BYTES = 32 * 1024 * 1024

/**
 * `<serverUrl>/<owner/repo>` (GITHUB_SERVER_URL and GITHUB_REPOSITORY, or the action's own
 * repository), when both look right: they end up in links.
 */
export function repositoryUrl(
  serverUrl: string,
  repository: string | undefined
): string | undefined {
  if (!repository || !/^[\w.-]+\/[\w.-]+$/.test(repository)) return undefined
  let server: URL
  try {
    server = new URL(serverUrl)
  } catch {
    return undefined
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:') return undefined
  const base = `${server.origin}${server.pathname}`.replace(/\/+$/, '').replace(/[()<> ]/g, '')
  return `${base}/${repository}`
}

async function readPullRequest(
  eventPath: string | undefined
): Promise<{ number: number; headSha?: string } | { problem: string }> {
  if (!eventPath) return { problem: 'GITHUB_EVENT_PATH is not set: there is no event to read' }
  let text: string
  try {
    // Capped and non-blocking: a FIFO or a device would otherwise hang or exhaust the heap.
    const read = await readCapped(eventPath, MAX_EVENT_BYTES)
    if ('problem' in read) return { problem: `the event file could not be read (${read.problem})` }
    text = read.text
  } catch (error) {
    return { problem: `the event file could not be read (${readFailure(error, eventPath)})` }
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0] : String(error)
    return { problem: `the event file ${eventPath} is not JSON (${why})` }
  }
  const event = (payload ?? {}) as { number?: unknown; pull_request?: unknown }
  const pr = (event.pull_request ?? {}) as { number?: unknown; head?: { sha?: unknown } }
  const number = pr.number ?? event.number
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    return { problem: 'the event names no pull request number' }
  }
  const headSha = pr.head?.sha
  return typeof headSha === 'string' && /^[0-9a-f]{40,64}$/i.test(headSha)
    ? { number, headSha }
    : { number }
}
