export const id = 160;
export const ids = [160];
export const modules = {

/***/ 160:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SUMMARY_MAX_CHARACTERS: () => (/* binding */ SUMMARY_MAX_CHARACTERS),
  writeCheckRun: () => (/* binding */ writeCheckRun)
});

// UNUSED EXPORTS: ANNOTATIONS_PER_REQUEST, ANNOTATION_MESSAGE_MAX_CHARACTERS, ANNOTATION_TITLE_MAX_CHARACTERS, batches, checkRunTitle, explainFailure, planCheckRunAnnotations, writeIntervalFor

// EXTERNAL MODULE: ./lib/text.js
var lib_text = __webpack_require__(8804);
// EXTERNAL MODULE: ./lib/clock.js
var clock = __webpack_require__(5233);
;// CONCATENATED MODULE: ./lib/report/github-session.js
// The exchange with GitHub's REST API that a report channel needs when it sends many
// requests: one at a time, writes paced, rate-limit answers retried after the time GitHub
// names (Retry-After, else the reset time, else a minute, doubling), reads retried after
// a server error, and nothing started that could not end before the step's deadline.
// @actions/github's Octokit retries and throttles nothing itself, so this is the only layer.


/** GitHub's guidance for many writes: at least one second between them. */
const DEFAULT_WRITE_INTERVAL_MS = 1_000;
const MAX_RATE_LIMIT_RETRIES = 3;
const REQUEST_TIMEOUT_MS = 20_000;
/** Not worth starting a request with less time than this left. */
const MIN_REQUEST_MS = 1_000;
const MAX_READ_RETRIES = 2;
/** Without Retry-After or a reset time, GitHub asks for at least a minute. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
/**
 * One request at a time: writes at least `writeIntervalMs` apart, rate-limit answers
 * retried after the time GitHub names, everything within the deadline. A write that may
 * have reached GitHub is never repeated (annotations would be appended twice); a
 * rate-limit answer means it was not processed.
 */
class Session {
    requests = 0;
    lastWriteMs;
    clock;
    deadlineMs;
    writeIntervalMs;
    constructor(options) {
        this.clock = options.clock ?? clock/* systemClock */.m;
        this.deadlineMs = options.deadlineMs;
        this.writeIntervalMs = options.writeIntervalMs ?? DEFAULT_WRITE_INTERVAL_MS;
    }
    read(send) {
        return this.send(send, false);
    }
    write(send) {
        return this.send(send, true);
    }
    async send(send, isWrite) {
        for (let attempt = 0;; attempt++) {
            if (isWrite && this.lastWriteMs !== undefined) {
                await this.waitUntil(this.lastWriteMs + this.writeIntervalMs);
            }
            const left = this.deadlineMs - this.clock.now();
            if (left < MIN_REQUEST_MS)
                throw new OutOfTime();
            if (isWrite)
                this.lastWriteMs = this.clock.now();
            this.requests++;
            try {
                return await send(AbortSignal.timeout(Math.min(left, REQUEST_TIMEOUT_MS)));
            }
            catch (caught) {
                const error = HttpError.from(caught);
                const waitMs = rateLimitWaitMs(error, this.clock.now(), attempt);
                if (waitMs !== undefined && error instanceof HttpError) {
                    if (attempt >= MAX_RATE_LIMIT_RETRIES)
                        throw new RateLimited(error, undefined);
                    if (this.clock.now() + waitMs + MIN_REQUEST_MS > this.deadlineMs) {
                        throw new RateLimited(error, waitMs);
                    }
                    await this.clock.sleep(waitMs);
                    continue;
                }
                // A read changes nothing: a server error or a lost connection may be tried again.
                if (!isWrite && attempt < MAX_READ_RETRIES && isTransient(error)) {
                    await this.waitUntil(this.clock.now() + 1_000 * 2 ** attempt);
                    continue;
                }
                throw error;
            }
        }
    }
    async waitUntil(atMs) {
        const waitMs = atMs - this.clock.now();
        if (waitMs > 0)
            await this.clock.sleep(waitMs);
    }
}
/**
 * How long GitHub asks to wait before trying again, for rate-limit answers (429, or 403
 * naming a rate limit or with no requests remaining); undefined for any other failure.
 */
function rateLimitWaitMs(error, nowMs, attempt) {
    if (!(error instanceof HttpError))
        return undefined;
    const headers = error.headers;
    const exhausted = headers['x-ratelimit-remaining'] === '0';
    const limited = error.status === 429 ||
        (error.status === 403 && (exhausted || /rate limit|abuse/i.test(error.apiMessage)));
    if (!limited)
        return undefined;
    const retryAfter = headers['retry-after'];
    if (retryAfter !== undefined && retryAfter.trim() !== '') {
        if (/^\d+$/.test(retryAfter.trim()))
            return Number(retryAfter.trim()) * 1000;
        const at = Date.parse(retryAfter);
        if (!Number.isNaN(at))
            return Math.max(0, at - nowMs);
    }
    const reset = headers['x-ratelimit-reset'];
    if (exhausted && reset !== undefined && /^\d+$/.test(reset)) {
        return Math.max(0, Number(reset) * 1000 - nowMs);
    }
    // GitHub: at least a minute, then exponentially longer.
    return DEFAULT_RATE_LIMIT_WAIT_MS * 2 ** attempt;
}
/** An answer GitHub gave (status, headers, its message), or a request that got none. */
class HttpError extends Error {
    status;
    headers;
    apiMessage;
    constructor(status, headers, apiMessage, cause) {
        super(`HTTP ${status}`, { cause });
        this.status = status;
        this.headers = headers;
        this.apiMessage = apiMessage;
    }
    /** Octokit's RequestError with a response → HttpError; anything else unchanged. */
    static from(error) {
        const failure = error;
        if (!failure?.response || typeof failure.status !== 'number')
            return error;
        const headers = {};
        for (const [name, value] of Object.entries(failure.response.headers ?? {})) {
            const text = (0,lib_text/* primitiveText */.Js)(value);
            if (text !== '')
                headers[name.toLowerCase()] = text;
        }
        const data = failure.response.data;
        return new HttpError(failure.status, headers, (0,lib_text/* oneLine */.TN)((0,lib_text/* primitiveText */.Js)(data?.message), 300), error);
    }
}
class OutOfTime extends Error {
}
class RateLimited extends Error {
    answer;
    /** The wait GitHub asked for, when it reached past the deadline. */
    waitMs;
    constructor(answer, waitMs) {
        super('rate limited');
        this.answer = answer;
        this.waitMs = waitMs;
    }
}
function isTransient(error) {
    if (error instanceof HttpError)
        return error.status >= 500;
    return true;
}

// EXTERNAL MODULE: ./lib/context.js + 1 modules
var lib_context = __webpack_require__(6816);
// EXTERNAL MODULE: ./lib/report/annotations.js
var report_annotations = __webpack_require__(1116);
;// CONCATENATED MODULE: ./lib/report/check-run.js
// Every finding as an annotation on a check run, past the 10 per step that workflow
// commands get. The Checks API takes 50 annotations a request and appends them on each
// update, so they go in batches, one request at a time, paced and retried as GitHub asks.
//
// Where: this job's own check run (found among the run attempt's jobs by the runner's
// name), so the annotations sit next to the job that found them and no extra check shows
// up; when that job cannot be found or updated, a new check run on the commit the workflow
// runs for (the pull request's head on pull_request events).
//
// Returns what it has to say; never throws, never changes the verdict.




const ANNOTATIONS_PER_REQUEST = 50;
/** The API's limits, in characters (counted here by code point, never splitting a pair). */
const SUMMARY_MAX_CHARACTERS = 65_535;
const ANNOTATION_TITLE_MAX_CHARACTERS = 255;
/** "64 KB": this many code points stay under 65,536 bytes even at 4 bytes each. */
const ANNOTATION_MESSAGE_MAX_CHARACTERS = 16_000;
const OUTPUT_TITLE_MAX_CHARACTERS = 255;
const CHECK_NAME_MAX_CHARACTERS = 100;
const JOBS_PER_PAGE = 100;
const MAX_JOB_PAGES = 10;
/**
 * One annotation per finding that has a place in the repository, in the report's order
 * (errors first): on its line, or on line 1 of the spec when its path resolved to no line.
 */
function planCheckRunAnnotations(findings, failsOnErrors, repositoryPaths) {
    const annotations = [];
    let withoutPlace = 0;
    for (const finding of findings) {
        const path = finding.file === undefined ? undefined : repositoryPaths.get(finding.file);
        if (path === undefined) {
            withoutPlace++;
            continue;
        }
        const line = finding.line ?? 1;
        const label = (0,report_annotations/* findingLabel */.Il)(finding);
        const waiver = finding.waiver === undefined ? '' : ` (waived: ${finding.waiver.reason})`;
        const message = `${finding.message.trim() || '(Document360 gave no message)'}${waiver}`;
        const where = finding.line === undefined ? ' (its path matched no line of the spec)' : '';
        annotations.push({
            path,
            start_line: line,
            end_line: line,
            // Compared, only new errors fail; a waived finding is a notice.
            annotation_level: finding.change === 'waived'
                ? 'notice'
                : (0,report_annotations/* failsTheGate */.Q)(finding, failsOnErrors)
                    ? 'failure'
                    : 'warning',
            title: (0,lib_text/* truncate */.xv)((0,lib_text/* oneLine */.TN)(`Document360: ${finding.path || 'import finding'}`, Number.MAX_SAFE_INTEGER), ANNOTATION_TITLE_MAX_CHARACTERS),
            message: (0,lib_text/* truncate */.xv)(`${label}${where}: ${message}`, ANNOTATION_MESSAGE_MAX_CHARACTERS)
        });
    }
    return { annotations, withoutPlace };
}
/**
 * GitHub asks for a second between writes (its secondary rate limits); an API on a loopback
 * host is a local stand-in (the tests, the demo), which asks for nothing.
 */
function writeIntervalFor(apiUrl) {
    return /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(apiUrl)
        ? 0
        : DEFAULT_WRITE_INTERVAL_MS;
}
/** Groups of at most `size`; always at least one group (the title and summary go with it). */
function batches(items, size = ANNOTATIONS_PER_REQUEST) {
    const groups = [];
    for (let start = 0; start < items.length; start += size) {
        groups.push(items.slice(start, start + size));
    }
    return groups.length > 0 ? groups : [[]];
}
/** `Document360 import gate: failed (3 errors, 2 warnings)` */
function checkRunTitle(report) {
    const counts = report.errorCount !== undefined && report.warningCount !== undefined
        ? ` (${(0,lib_text/* plural */.LS)(report.errorCount, 'error')}, ${(0,lib_text/* plural */.LS)(report.warningCount, 'warning')})`
        : '';
    return (0,lib_text/* truncate */.xv)(`Document360 import gate: ${report.result}${counts}`, OUTPUT_TITLE_MAX_CHARACTERS);
}
/**
 * Writes the annotations, title and summary to a check run. Never throws: what goes wrong
 * is one warning (naming the permission when that is the cause), and `delivered: false`
 * tells the caller to annotate the step with workflow commands instead.
 */
async function writeCheckRun(report, context, options) {
    const plan = planCheckRunAnnotations(report.findings, options.failsOnErrors, options.repositoryPaths);
    const session = new Session({
        ...options,
        writeIntervalMs: options.writeIntervalMs ?? writeIntervalFor(options.apiUrl)
    });
    const outcome = {
        delivered: false,
        warnings: [],
        info: [],
        written: 0,
        planned: plan.annotations.length,
        requests: 0
    };
    const token = options.token.trim();
    try {
        if (token === '') {
            throw new CheckRunError('github-token is empty. Pass a token with `permissions: checks: write` ' +
                '(the default `${{ github.token }}` has it when the job grants it).');
        }
        const [owner, repo, ...rest] = (context.repository ?? '').split('/');
        if (!owner || !repo || rest.length > 0) {
            throw new CheckRunError(`GITHUB_REPOSITORY ('${context.repository ?? ''}') is not 'owner/repo'.`);
        }
        // Loaded only now: most runs write no check run.
        const { getOctokit } = await __webpack_require__.e(/* import() */ 413).then(__webpack_require__.bind(__webpack_require__, 2413));
        const github = { octokit: getOctokit(token, { baseUrl: options.apiUrl }), owner, repo };
        const output = {
            title: checkRunTitle(report),
            summary: (0,lib_text/* truncate */.xv)(options.summaryMarkdown, SUMMARY_MAX_CHARACTERS)
        };
        const groups = batches(plan.annotations);
        const [first = [], ...others] = groups;
        let target = await findJobCheckRun(github, context, session, outcome);
        if (target !== undefined) {
            try {
                await session.write(signal => github.octokit.rest.checks.update({
                    owner,
                    repo,
                    check_run_id: target,
                    output: { ...output, annotations: first },
                    request: { signal }
                }));
            }
            catch (error) {
                if (!(error instanceof HttpError) || !isRefusal(error))
                    throw error;
                outcome.info.push(`Check run: this job's check run could not be updated (HTTP ${error.status}); ` +
                    'creating one on the commit instead.');
                target = undefined;
            }
        }
        target ??= await createCheckRun(github, report, context, options, output, first, session);
        outcome.checkRunId = target;
        const url = checkRunUrl(context, target);
        if (url !== undefined)
            outcome.url = url;
        outcome.written = first.length;
        for (const group of others) {
            await session.write(signal => github.octokit.rest.checks.update({
                owner,
                repo,
                check_run_id: target,
                output: { ...output, annotations: group },
                request: { signal }
            }));
            outcome.written += group.length;
        }
        outcome.delivered = true;
        outcome.info.push(`Check run: ${(0,lib_text/* plural */.LS)(outcome.written, 'annotation')} written in ` +
            `${(0,lib_text/* plural */.LS)(session.requests, 'request')}${outcome.url ? ` (${outcome.url})` : ''}.`);
        if (plan.withoutPlace > 0) {
            outcome.info.push(`Check run: ${(0,lib_text/* plural */.LS)(plan.withoutPlace, 'finding')} without a place in the repository ` +
                '(set spec-file): not on it, only in its summary.');
        }
    }
    catch (error) {
        const written = outcome.written > 0
            ? ` ${outcome.written} of ${plan.annotations.length} annotations were written.`
            : '';
        const why = (0,lib_text/* redact */.E$)(explainFailure(error, options.apiUrl), [token]);
        outcome.warnings.push((0,lib_text/* oneLine */.TN)(`The check run was not written in full: ${why}${written} The step's annotations ` +
            'show the findings instead.', 2_000));
    }
    outcome.requests = session.requests;
    return outcome;
}
/**
 * The id of this job's check run: the attempt's one in-progress job on this runner (a
 * runner runs one job at a time). Undefined when it cannot be told, with a line saying why.
 */
async function findJobCheckRun(github, context, session, outcome) {
    const { runId, runAttempt, runnerName } = context;
    if (!runId || !/^\d+$/.test(runId) || !runnerName) {
        outcome.info.push('Check run: no run id or runner name to find this job by; creating a check run.');
        return undefined;
    }
    const attempt = runAttempt && /^\d+$/.test(runAttempt) ? Number(runAttempt) : 1;
    const matches = [];
    try {
        for (let page = 1; page <= MAX_JOB_PAGES; page++) {
            const { data } = await session.read(signal => github.octokit.rest.actions.listJobsForWorkflowRunAttempt({
                owner: github.owner,
                repo: github.repo,
                run_id: Number(runId),
                attempt_number: attempt,
                per_page: JOBS_PER_PAGE,
                page,
                request: { signal }
            }));
            const jobs = data.jobs;
            matches.push(...jobs.filter(job => job.status === 'in_progress' && job.runner_name === runnerName));
            if (jobs.length < JOBS_PER_PAGE || page * JOBS_PER_PAGE >= data.total_count)
                break;
        }
    }
    catch (error) {
        if (error instanceof OutOfTime)
            throw error;
        const status = error instanceof HttpError
            ? `HTTP ${error.status}`
            : error instanceof RateLimited
                ? 'rate limited'
                : 'no answer';
        outcome.info.push(`Check run: this job could not be looked up (${status}; reading the run's jobs needs ` +
            '`actions: read`); creating a check run on the commit instead.');
        return undefined;
    }
    const [job, ...others] = matches;
    if (job === undefined || others.length > 0) {
        outcome.info.push(`Check run: ${matches.length === 0 ? 'no' : 'more than one'} running job of this attempt ` +
            `is on runner '${(0,lib_text/* oneLine */.TN)(runnerName, 100)}'; creating a check run on the commit instead.`);
        return undefined;
    }
    const fromUrl = /\/check-runs\/(\d+)$/.exec(job.check_run_url ?? '')?.[1];
    return fromUrl !== undefined ? Number(fromUrl) : job.id;
}
async function createCheckRun(github, report, context, options, output, annotations, session) {
    const headSha = context.pullRequest?.headSha ?? context.sha;
    if (!headSha || !/^[0-9a-f]{40}([0-9a-f]{24})?$/i.test(headSha)) {
        throw new CheckRunError('no commit SHA to attach a check run to (GITHUB_SHA is not set).');
    }
    const { data } = await session.write(signal => github.octokit.rest.checks.create({
        owner: github.owner,
        repo: github.repo,
        name: (0,lib_text/* truncate */.xv)(`Document360 import gate (${(0,lib_text/* oneLine */.TN)(report.apiReferenceId, 60)})`, CHECK_NAME_MAX_CHARACTERS),
        head_sha: headSha,
        status: 'completed',
        conclusion: options.stepFails
            ? 'failure'
            : report.result === 'passed'
                ? 'success'
                : 'neutral',
        output: { ...output, annotations },
        request: { signal }
    }));
    return data.id;
}
function checkRunUrl(context, id) {
    const repository = (0,lib_context/* repositoryUrl */.Ek)(context.serverUrl, context.repository);
    return repository === undefined ? undefined : `${repository}/runs/${id}`;
}
/** A failure with a message already meant for the user. */
class CheckRunError extends Error {
}
/** Answers that say "not you, not this": another way in may still work. */
function isRefusal(error) {
    return error.status === 403 || error.status === 404 || error.status === 422;
}
const PERMISSION_HINT = 'Grant the job `permissions: checks: write`. Pull requests from forks get a read-only ' +
    'GITHUB_TOKEN, so for them leave check-run off (for example ' +
    '`check-run: ${{ github.event.pull_request.head.repo.full_name == github.repository }}`).';
/** Why the check run was not written, and what to do about it, in one paragraph. */
function explainFailure(error, apiUrl) {
    if (error instanceof CheckRunError)
        return error.message;
    if (error instanceof OutOfTime)
        return "the step's time budget ran out.";
    if (error instanceof RateLimited) {
        const { status, apiMessage } = error.answer;
        const said = apiMessage ? `: ${apiMessage}` : '';
        const wait = error.waitMs === undefined
            ? `still limited after ${MAX_RATE_LIMIT_RETRIES} retries`
            : `it asked to wait ${Math.ceil(error.waitMs / 1000)} s, past the step's time budget`;
        return `GitHub's rate limit was hit (HTTP ${status}${said}; ${wait}).`;
    }
    const answer = HttpError.from(error);
    if (answer instanceof HttpError) {
        const said = answer.apiMessage ? `: ${answer.apiMessage}` : '';
        switch (answer.status) {
            case 401:
                return `GitHub rejected github-token (HTTP 401${said}). Pass a valid token; the default \`\${{ github.token }}\` works.`;
            case 403:
                return `the token may not write checks (HTTP 403${said}). ${PERMISSION_HINT}`;
            case 404:
                return `the repository or commit is not visible to this token, or it lacks permission (HTTP 404${said}). ${PERMISSION_HINT}`;
            case 422:
                return `GitHub refused the check run (HTTP 422${said}).`;
            default:
                return `GitHub answered HTTP ${answer.status}${said}.`;
        }
    }
    const failure = error;
    const names = [failure?.name, failure?.cause?.name];
    if (names.includes('TimeoutError') || names.includes('AbortError')) {
        return `GitHub (${apiUrl}) did not answer in time.`;
    }
    const message = error instanceof Error ? error.message : String(error);
    return `GitHub (${apiUrl}) could not be reached: ${(0,lib_text/* oneLine */.TN)(message, 300)}.`;
}


/***/ })

};
