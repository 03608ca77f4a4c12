export const id = 338;
export const ids = [338];
export const modules = {

/***/ 338:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  SUMMARY_MAX_CHARACTERS: () => (/* binding */ SUMMARY_MAX_CHARACTERS),
  writeCheckRun: () => (/* binding */ writeCheckRun)
});

// UNUSED EXPORTS: explainFailure

// EXTERNAL MODULE: ./lib/text.js
var lib_text = __webpack_require__(8804);
// EXTERNAL MODULE: ./lib/report/github-session.js
var github_session = __webpack_require__(534);
// EXTERNAL MODULE: ./lib/context.js + 1 modules
var lib_context = __webpack_require__(6816);
// EXTERNAL MODULE: ./lib/report/annotations.js
var report_annotations = __webpack_require__(1116);
;// CONCATENATED MODULE: ./lib/report/check-run-plan.js
// Which finding becomes which check-run annotation (path, line, level, title, message), and
// the batches of 50 the Checks API takes per request. Pure: check-run.ts sends them.


const ANNOTATIONS_PER_REQUEST = 50;
/** The API's limits, in characters (counted here by code point, never splitting a pair). */
const ANNOTATION_TITLE_MAX_CHARACTERS = 255;
/** "64 KB": this many code points stay under 65,536 bytes even at 4 bytes each. */
const ANNOTATION_MESSAGE_MAX_CHARACTERS = 16_000;
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
            message: (0,lib_text/* truncate */.xv)((0,lib_text/* visible */.RK)(`${label}${where}: ${message}`), ANNOTATION_MESSAGE_MAX_CHARACTERS)
        });
    }
    return { annotations, withoutPlace };
}
/** Groups of at most `size`; always at least one group (the title and summary go with it). */
function batches(items, size = ANNOTATIONS_PER_REQUEST) {
    const groups = [];
    for (let start = 0; start < items.length; start += size) {
        groups.push(items.slice(start, start + size));
    }
    return groups.length > 0 ? groups : [[]];
}

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
// Which annotations: check-run-plan.ts. Returns what it has to say; never throws, never
// changes the verdict.




/** The API's limits, in characters (counted here by code point, never splitting a pair). */
const SUMMARY_MAX_CHARACTERS = 65_535;
const OUTPUT_TITLE_MAX_CHARACTERS = 255;
const CHECK_NAME_MAX_CHARACTERS = 100;
const JOBS_PER_PAGE = 100;
const MAX_JOB_PAGES = 10;
/**
 * GitHub asks for a second between writes (its secondary rate limits); an API on a loopback
 * host is a local stand-in (the tests, the demo), which asks for nothing.
 */
function writeIntervalFor(apiUrl) {
    return /^https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/i.test(apiUrl)
        ? 0
        : github_session/* DEFAULT_WRITE_INTERVAL_MS */.HE;
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
    const session = new github_session/* Session */.Nn({
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
        const tokenProblem = (0,github_session/* githubTokenProblem */.qp)(token);
        if (tokenProblem !== undefined)
            throw new CheckRunError(tokenProblem);
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
                if (!(error instanceof github_session/* HttpError */.j$) || !isRefusal(error))
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
            if (!Array.isArray(jobs)) {
                outcome.info.push("Check run: GitHub's answer to listing this run's jobs is not a list of jobs; " +
                    'creating a check run on the commit instead.');
                return undefined;
            }
            matches.push(...jobs.filter((job) => job?.status === 'in_progress' && job.runner_name === runnerName));
            if (jobs.length < JOBS_PER_PAGE || page * JOBS_PER_PAGE >= data.total_count)
                break;
        }
    }
    catch (error) {
        if (error instanceof github_session/* OutOfTime */.fg)
            throw error;
        const status = error instanceof github_session/* HttpError */.j$
            ? `HTTP ${error.status}`
            : error instanceof github_session/* RateLimited */.JH
                ? 'rate limited'
                : 'no answer';
        // Only a refusal is about the permission; a 5xx, a limit or no answer is GitHub's.
        const refused = error instanceof github_session/* HttpError */.j$ && (error.status === 403 || error.status === 404);
        const why = refused ? "; reading the run's jobs needs `actions: read`" : '';
        outcome.info.push(`Check run: this job could not be looked up (${status}${why}); creating a check run on ` +
            'the commit instead.');
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
    // Without an id nothing more can be added, nor can the gate tell what GitHub kept.
    const id = data.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
        throw new CheckRunError("GitHub's answer to creating the check run has no id, so the gate cannot tell what it " +
            "kept. A proxy may have answered in GitHub's place.");
    }
    return id;
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
    if (error instanceof github_session/* OutOfTime */.fg)
        return "the step's time budget ran out.";
    if (error instanceof github_session/* RateLimited */.JH) {
        const { status, apiMessage } = error.answer;
        const said = apiMessage ? `: ${apiMessage}` : '';
        const wait = error.waitMs === undefined
            ? `still limited after ${github_session/* MAX_RATE_LIMIT_RETRIES */.bN} retries`
            : `it asked to wait ${Math.ceil(error.waitMs / 1000)} s, past the step's time budget`;
        return `GitHub's rate limit was hit (HTTP ${status}${said}; ${wait}).`;
    }
    const answer = github_session/* HttpError */.j$.from(error);
    if (answer instanceof github_session/* HttpError */.j$) {
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
