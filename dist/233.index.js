export const id = 233;
export const ids = [233,404];
export const modules = {

/***/ 233:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  judgeAgainstBaseline: () => (/* binding */ judgeAgainstBaseline)
});

// EXTERNAL MODULE: ./lib/document360/errors.js
var errors = __webpack_require__(5489);
// EXTERNAL MODULE: ./lib/findings.js
var findings = __webpack_require__(1149);
// EXTERNAL MODULE: ./lib/text.js
var lib_text = __webpack_require__(8804);
// EXTERNAL MODULE: ./lib/baseline/identity.js
var identity = __webpack_require__(4541);
;// CONCATENATED MODULE: ./lib/baseline/compare.js
// The judged import's findings against the baseline's, as multisets: two identical errors now
// against one before is one unchanged error and one new one. Linear in the number of findings.

/**
 * Matches each judged finding to one baseline finding of the same identity, in order: of
 * identical findings, the first ones are unchanged and the ones beyond the baseline's number
 * are new; baseline findings left unmatched are fixed.
 */
function compareFindings(current, baseline) {
    return compareCanonical(current.map(canonicalIdentity), baseline.map(canonicalIdentity));
}
function canonicalIdentity(finding) {
    return {
        severity: finding.severity,
        canonicalPath: (0,identity/* canonicalPointer */.Ei)(finding.path),
        message: (0,identity/* normalizeMessage */.H)(finding.message)
    };
}
/** compareFindings on identities already canonical. */
function compareCanonical(current, baseline) {
    // Severity → path → message → the baseline findings of that identity. Nested maps rather
    // than one joined key: the parts are hashed as they are, with no long key built per finding.
    const index = {
        error: new Map(),
        warning: new Map()
    };
    baseline.forEach((finding, position) => {
        const byPath = index[finding.severity];
        let byMessage = byPath.get(finding.canonicalPath);
        if (byMessage === undefined)
            byPath.set(finding.canonicalPath, (byMessage = new Map()));
        const slot = byMessage.get(finding.message);
        if (slot === undefined)
            byMessage.set(finding.message, { indexes: [position], used: 0 });
        else
            slot.indexes.push(position);
    });
    const result = current.map(finding => {
        const slot = index[finding.severity].get(finding.canonicalPath)?.get(finding.message);
        if (slot === undefined || slot.used === slot.indexes.length)
            return 'new';
        slot.used++;
        return 'unchanged';
    });
    const fixed = [];
    for (const byPath of Object.values(index)) {
        for (const byMessage of byPath.values()) {
            for (const { indexes, used } of byMessage.values()) {
                for (let i = used; i < indexes.length; i++)
                    fixed.push(indexes[i]);
            }
        }
    }
    return { current: result, fixed: fixed.sort((a, b) => a - b) };
}

;// CONCATENATED MODULE: ./lib/baseline/classify.js
// Each finding of the judged import as new, unchanged or waived, and each baseline finding it no
// longer has as fixed: the comparison (compare.ts) first, then the waivers, which accept new
// and unchanged findings alike (a waived finding is listed as waived, with its reason).

const ORDER = ['new', 'unchanged', 'waived'];
function classifyFindings(current, options = {}) {
    const baseline = options.baseline ?? [];
    const waivers = options.waivers ?? [];
    // Each finding's canonical parts once: they are compared, and they meet the waivers.
    const parts = current.map(canonicalIdentity);
    const compared = compareCanonical(parts, baseline.map(canonicalIdentity));
    // Grouped by change, then severity, each in the API's order: a stable bucket sort.
    const buckets = ORDER.flatMap(() => [[], []]);
    const counts = {
        newErrors: 0,
        newWarnings: 0,
        unchanged: 0,
        fixed: 0,
        waived: 0
    };
    current.forEach((finding, index) => {
        const waiver = waivers.find(w => w.matches(parts[index]));
        const change = waiver === undefined ? compared.current[index] : 'waived';
        const classified = waiver === undefined
            ? { ...finding, change }
            : { ...finding, change, waiver: { entry: waiver.entry, reason: waiver.reason } };
        const isError = finding.severity === 'error';
        buckets[ORDER.indexOf(change) * 2 + (isError ? 0 : 1)]?.push(classified);
        if (change === 'waived')
            counts.waived++;
        else if (change === 'unchanged')
            counts.unchanged++;
        else if (isError)
            counts.newErrors++;
        else
            counts.newWarnings++;
    });
    const fixed = compared.fixed.map(index => ({
        ...baseline[index],
        change: 'fixed'
    }));
    fixed.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    counts.fixed = fixed.length;
    const unlisted = options.unlisted;
    if (unlisted !== undefined) {
        for (const [severity, key] of [
            ['errors', 'newErrors'],
            ['warnings', 'newWarnings']
        ]) {
            const now = unlisted.current[severity];
            const before = unlisted.baseline[severity];
            counts[key] += Math.max(0, now - before);
            counts.unchanged += Math.min(now, before);
            counts.fixed += Math.max(0, before - now);
        }
    }
    return { findings: buckets.flat(), fixed, counts };
}

// EXTERNAL MODULE: ./lib/verdict.js
var verdict = __webpack_require__(802);
;// CONCATENATED MODULE: ./lib/baseline/judge.js
// The verdict when findings are compared (a baseline, waivers or both): the status is judged as
// always (verdict.ts: a running, unreadable or failed import is what it is, whatever the
// counts), and the limits count only the new findings, never unchanged or waived ones.


/** Only the status decides under these limits. */
const NO_LIMITS = { maxErrors: Number.POSITIVE_INFINITY, maxWarnings: null };
/**
 * `listed`: how many findings the detail listed, so that verdict.ts says when they and the
 * counts disagree (the new counts already take the larger: classify.ts counts unlisted ones).
 */
function decideWithBaseline(log, limits, counts, listed) {
    const status = (0,verdict/* decide */.L)(log, NO_LIMITS, listed);
    if (status.result === 'error')
        return status;
    const reasons = [...status.reasons];
    const tooManyErrors = counts.newErrors > limits.maxErrors;
    if (tooManyErrors) {
        reasons.push(`${(0,lib_text/* plural */.LS)(counts.newErrors, 'new error')}, more than max-errors ${limits.maxErrors}.`);
    }
    if (limits.maxWarnings !== null && counts.newWarnings > limits.maxWarnings) {
        reasons.push(`${(0,lib_text/* plural */.LS)(counts.newWarnings, 'new warning')}, more than max-warnings ${limits.maxWarnings}.`);
    }
    return {
        ...status,
        result: reasons.length > 0 ? 'failed' : 'passed',
        reasons,
        failsOnErrors: status.failsOnErrors || tooManyErrors
    };
}

// EXTERNAL MODULE: ./lib/document360/client.js + 5 modules
var document360_client = __webpack_require__(9947);
// EXTERNAL MODULE: ./lib/document360/types.js
var types = __webpack_require__(421);
// EXTERNAL MODULE: ./lib/status.js
var lib_status = __webpack_require__(4277);
// EXTERNAL MODULE: ./lib/baseline/history.js
var baseline_history = __webpack_require__(9279);
;// CONCATENATED MODULE: ./lib/baseline/select.js
// Finds the baseline the `baseline` input asks for and fetches its findings:
// - `previous`: the newest finished import of the same reference older than the judged one,
//   from the page the gate already read (one request: its detail);
// - `log:<id>`: that log of the same reference (one request: its detail);
// - `api-reference:<id>`: the newest finished import of another reference of the project (two
//   requests: its list, its detail).
// A baseline that does not exist (no such import, log or reference: HTTP 404) is `missing`,
// which the run reports as a warning; any other API failure is thrown, and the verdict is
// `error`.






async function findBaseline(choice, context) {
    switch (choice.kind) {
        case 'previous':
            return previous(context);
        case 'log':
            return namedLog(choice.logId, context);
        case 'api-reference':
            return otherReference(choice.apiReferenceId, context);
    }
}
async function previous(context) {
    const { history, client, judged } = context;
    // Never the judged import itself, listed again (on the next page, after logs moved down).
    const isBaseline = (log) => (0,baseline_history/* isFinished */.$g)(log) && !(0,types/* sameLogId */.o_)(log.id, judged.id);
    inOrder([{ log: judged }, ...history.older]);
    let candidate = (0,baseline_history/* usableLogs */.gG)(history.older).find(isBaseline);
    let looked = history.older.length;
    // Only when every older import on the judged one's (full) page is still running.
    if (candidate === undefined && history.full) {
        const next = await client.listLogs(history.page + 1, history.pageSize);
        inOrder([{ log: judged }, ...next]);
        candidate = (0,baseline_history/* usableLogs */.gG)(next).find(isBaseline);
        looked += next.length;
    }
    if (candidate === undefined) {
        return {
            missing: looked === 0
                ? `API reference ${context.apiReferenceId} has no import before the judged one`
                : `none of the ${looked} imports of API reference ${context.apiReferenceId} before the ` +
                    'judged one has finished'
        };
    }
    return withFindings(candidate, context.apiReferenceId, client);
}
/** Listed out of order, the first finished import after the judged one is no `previous`. */
function inOrder(entries) {
    const disorder = (0,baseline_history/* outOfOrder */.wC)(entries);
    if (disorder === undefined)
        return;
    const what = 'which finished import came just before the judged one (baseline previous)';
    throw new errors/* Document360Error */.RT('body', (0,baseline_history/* notNewestFirst */.mF)(disorder, what));
}
async function namedLog(logId, context) {
    if ((0,types/* sameLogId */.o_)(logId, context.judged.id)) {
        return { missing: `log:${(0,lib_text/* oneLine */.TN)(logId, 100)} names the judged import itself` };
    }
    const listed = (0,baseline_history/* usableLogs */.gG)(context.history.older).find(log => (0,types/* sameLogId */.o_)(log.id, logId));
    if (listed !== undefined && !(0,baseline_history/* isFinished */.$g)(listed)) {
        return { missing: `import log ${(0,lib_text/* shortId */.m_)(logId)} is ${notFinished(listed)}` };
    }
    return notFound(() => withFindings(listed ?? { id: logId }, context.apiReferenceId, context.client), `there is no import log ${(0,lib_text/* oneLine */.TN)(logId, 100)} in API reference ${context.apiReferenceId}`);
}
async function otherReference(apiReferenceId, context) {
    const client = context.clientFor(apiReferenceId);
    return notFound(async () => {
        const entries = await client.listLogs(1, document360_client/* MAX_PAGE_SIZE */.H);
        // Listed oldest first, the first finished import would be the oldest: a wrong baseline.
        const disorder = (0,baseline_history/* outOfOrder */.wC)(entries);
        if (disorder !== undefined) {
            const what = `which import of API reference ${(0,lib_text/* oneLine */.TN)(apiReferenceId, 100)} is the latest`;
            throw new errors/* Document360Error */.RT('body', (0,baseline_history/* notNewestFirst */.mF)(disorder, what));
        }
        const newest = (0,baseline_history/* usableLogs */.gG)(entries).find(baseline_history/* isFinished */.$g);
        if (newest === undefined) {
            return {
                missing: entries.length === 0
                    ? `API reference ${(0,lib_text/* oneLine */.TN)(apiReferenceId, 100)} has no imports`
                    : `none of the ${entries.length} latest imports of API reference ` +
                        `${(0,lib_text/* oneLine */.TN)(apiReferenceId, 100)} has finished`
            };
        }
        return withFindings(newest, apiReferenceId, client);
    }, `there is no API reference ${(0,lib_text/* oneLine */.TN)(apiReferenceId, 100)} in project ${context.projectId} (or its import log is gone)`);
}
/** The baseline with its findings; a finished clean import needs no request. */
async function withFindings(log, apiReferenceId, client) {
    const counts = 'status' in log ? log : undefined;
    const clean = counts?.errorCount === 0 &&
        counts.warningCount === 0 &&
        (0,lib_status/* classifyStatus */.x)(counts.status) === 'succeeded';
    const detail = clean ? { errors: [], warnings: [] } : await client.getLogDetail(log.id);
    const findings = [
        ...detail.errors.map(f => ({ severity: 'error', message: f.message, path: f.path })),
        ...detail.warnings.map(f => ({
            severity: 'warning',
            message: f.message,
            path: f.path
        }))
    ];
    const unlisted = {
        errors: Math.max(0, (counts?.errorCount ?? 0) - detail.errors.length),
        warnings: Math.max(0, (counts?.warningCount ?? 0) - detail.warnings.length)
    };
    return { baseline: { log, apiReferenceId, findings, unlisted } };
}
/** HTTP 404 means the baseline does not exist: `missing`. Every other failure is thrown. */
async function notFound(find, missing) {
    try {
        return await find();
    }
    catch (error) {
        if (error instanceof errors/* Document360Error */.RT && error.kind === 'http' && error.status === 404) {
            return { missing };
        }
        throw error;
    }
}
function notFinished(log) {
    const status = (0,lib_text/* oneLine */.TN)(log.status, 40);
    return (0,lib_status/* classifyStatus */.x)(log.status) === 'running'
        ? `still ${status}`
        : `in a status the gate cannot place (${status})`;
}

// EXTERNAL MODULE: ./lib/baseline/waivers.js + 1 modules
var waivers = __webpack_require__(9404);
;// CONCATENATED MODULE: ./lib/baseline/compared.js
// Judging on new findings only (a `baseline`, a `waivers-file`, or both): fetches the judged
// import's findings and the baseline's (both needed: failing to get either is an error, never a
// pass), applies the waivers that have not expired, classifies every finding and decides.
// judge.ts calls this once the import has finished; main.ts decides what the verdict does to
// the step.







/** Expired waivers get one warning each, up to this many; the rest are named in one more. */
const EXPIRED_WARNINGS_MAX = 5;
async function judgeAgainstBaseline(run) {
    const { inputs, log } = run;
    const detail = run.detailNeeded
        ? await needed(run.client.getLogDetail(log.id), `the findings of import log ${(0,lib_text/* shortId */.m_)(log.id)}`)
        : { id: log.id, errors: [], warnings: [] };
    const comparison = {
        baseline: baselineInput(inputs),
        newErrorCount: 0,
        newWarningCount: 0,
        unchangedCount: 0,
        fixedCount: 0,
        waivedCount: 0
    };
    const baseline = await baselineOf(run, comparison);
    let active = [];
    if (run.waivers !== undefined) {
        comparison.waiversFile = run.waivers.file;
        const { active: applying, expired } = (0,waivers/* partitionByExpiry */.TQ)(run.waivers.waivers, run.today);
        active = applying;
        for (const warning of expiryWarnings(expired, run.waivers.file))
            run.warn(warning);
    }
    const classified = classifyFindings((0,findings/* findingsOf */.W)(detail), {
        baseline: baseline?.findings ?? [],
        waivers: active,
        unlisted: {
            current: {
                errors: Math.max(0, (log.errorCount ?? 0) - detail.errors.length),
                warnings: Math.max(0, (log.warningCount ?? 0) - detail.warnings.length)
            },
            baseline: baseline?.unlisted ?? { errors: 0, warnings: 0 }
        }
    });
    const { counts } = classified;
    comparison.newErrorCount = counts.newErrors;
    comparison.newWarningCount = counts.newWarnings;
    comparison.unchangedCount = counts.unchanged;
    comparison.fixedCount = counts.fixed;
    comparison.waivedCount = counts.waived;
    const listed = { errors: detail.errors.length, warnings: detail.warnings.length };
    const judged = {
        verdict: decideWithBaseline(log, inputs, counts, run.detailNeeded ? listed : undefined),
        listed,
        comparison,
        findings: classified.findings
    };
    if (baseline !== undefined)
        judged.fixedFindings = classified.fixed;
    return judged;
}
/** The baseline, described in `comparison`; undefined (and a warning) when there is none. */
async function baselineOf(run, comparison) {
    const choice = run.inputs.baseline;
    if (choice.kind === 'none')
        return undefined;
    const found = await needed(findBaseline(choice, {
        judged: run.log,
        history: run.history,
        apiReferenceId: run.inputs.apiReferenceId,
        projectId: run.inputs.projectId,
        client: run.client,
        clientFor: run.clientFor
    }), `the baseline (baseline: ${(0,lib_text/* oneLine */.TN)(comparison.baseline, 120)})`);
    if ('missing' in found) {
        comparison.baselineMissing = found.missing;
        run.warn(`No baseline to compare with (baseline: ${(0,lib_text/* oneLine */.TN)(comparison.baseline, 120)}): ` +
            `${found.missing}. Every finding counts as new.`);
        return undefined;
    }
    const { baseline } = found;
    comparison.baselineLogId = baseline.log.id;
    comparison.baselineApiReferenceId = baseline.apiReferenceId;
    if ('status' in baseline.log) {
        comparison.baselineStatus = baseline.log.status;
        if (baseline.log.createdAt !== undefined)
            comparison.baselineCreatedAt = baseline.log.createdAt;
    }
    run.say(`Comparing with import log ${(0,lib_text/* shortId */.m_)(baseline.log.id)} of API reference ` +
        `${baseline.apiReferenceId} (baseline: ${comparison.baseline}).`);
    return baseline;
}
/** What the comparison cannot do without: an API failure becomes the run's error. */
async function needed(request, what) {
    try {
        return await request;
    }
    catch (error) {
        if (!(error instanceof errors/* Document360Error */.RT))
            throw error;
        throw new errors/* Document360Error */.RT(error.kind, `Could not fetch ${what}, which comparing findings needs: ${error.message}`, error.status);
    }
}
/** The `baseline` input as the user wrote it (normalised): `previous`, `log:<id>`… */
function baselineInput(inputs) {
    const choice = inputs.baseline;
    switch (choice.kind) {
        case 'log':
            return `log:${choice.logId}`;
        case 'api-reference':
            return `api-reference:${choice.apiReferenceId}`;
        default:
            return choice.kind;
    }
}
/** One warning per expired waiver, up to a few; the rest named together in one more. */
function expiryWarnings(expired, file) {
    const named = expired.slice(0, EXPIRED_WARNINGS_MAX).map(waiver => (0,waivers/* expiredWarning */.g2)(waiver, file));
    const rest = expired.slice(EXPIRED_WARNINGS_MAX);
    if (rest.length > 0) {
        named.push(`${(0,lib_text/* plural */.LS)(rest.length, 'more waiver')} in "${(0,lib_text/* oneLine */.TN)(file, 200)}" expired and no longer ` +
            `apply (entries ${rest.map(waiver => waiver.entry).join(', ')}): the findings they ` +
            'accepted count again.');
    }
    return named;
}


/***/ }),

/***/ 9404:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  WQ: () => (/* binding */ checkWaivers),
  g2: () => (/* binding */ expiredWarning),
  BJ: () => (/* binding */ isRegexMessage),
  TQ: () => (/* binding */ partitionByExpiry),
  utcDay: () => (/* binding */ utcDay)
});

// UNUSED EXPORTS: MAX_WAIVERS

// EXTERNAL MODULE: ./lib/inputs.js
var inputs = __webpack_require__(646);
// EXTERNAL MODULE: ./lib/text.js
var lib_text = __webpack_require__(8804);
// EXTERNAL MODULE: ./lib/baseline/identity.js
var identity = __webpack_require__(4541);
;// CONCATENATED MODULE: ./lib/baseline/glob.js
// Path globs of waivers. A pattern is a finding path in either spelling with wildcards: `*`
// matches any run of characters, `/` included (so `/paths/~1legacy~1*` covers every operation
// under the legacy endpoints), `?` matches one character. Pattern and path are compared in
// their canonical spelling (identity.ts), so escaped and unescaped spellings match alike.
// Matched without regular expressions: at most pattern length × path length steps.

/** A matcher for canonical paths (see canonicalPointer). */
function compileGlob(pattern) {
    const canonical = (0,identity/* canonicalPointer */.Ei)(pattern);
    if (!/[*?]/.test(canonical))
        return path => path === canonical;
    return path => wildcardMatch(canonical, path);
}
/** Whether `text` matches `pattern` as a whole (`*`: any run, `?`: any one character). */
function wildcardMatch(pattern, text) {
    let p = 0;
    let t = 0;
    // Where the last `*` was, and the text position it is currently taken to end at.
    let star = -1;
    let starText = 0;
    while (t < text.length) {
        const char = pattern[p];
        if (char === '*') {
            star = p++;
            starText = t;
        }
        else if (char !== undefined && (char === '?' || char === text[t])) {
            p++;
            t++;
        }
        else if (star >= 0) {
            // Let the last `*` take one more character and retry from just after it.
            p = star + 1;
            t = ++starText;
        }
        else {
            return false;
        }
    }
    while (pattern[p] === '*')
        p++;
    return p === pattern.length;
}

;// CONCATENATED MODULE: ./lib/baseline/waivers.js
// Waivers: accepted findings, listed in the repository (`waivers-file`). Each entry names a path
// glob (glob.ts), a message (a substring, or `/regex/flags`) or both, a reason, and optionally
// the last day it applies. Checked strictly: an entry that breaks a rule is an input error that
// names the file, the entry and the rule, never an entry silently ignored (an ignored waiver
// would fail builds; a misread one could accept what nobody meant to accept).




const KEYS = new Set(['path', 'message', 'reason', 'until']);
const MAX_WAIVERS = 1000;
const MAX_TEXT = 1000;
/** Messages are matched on their first this many characters: a bound on the time per match. */
const MATCHED_MESSAGE_LENGTH = 2000;
const REGEX_MESSAGE = /^\/(.+)\/([a-z]*)$/s;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Whether a message pattern is a regular expression (`/…/flags`) rather than a substring. */
function isRegexMessage(message) {
    return REGEX_MESSAGE.test(message);
}
/**
 * Checks the parsed file (`data`, the entries' lines in `lines`) and compiles each waiver.
 * `compileRegex` is needed only when a message is a `/regex/`. Throws InputError.
 */
function checkWaivers(data, file, lines = [], compileRegex) {
    const where = `waivers-file ${quoteText(file)}`;
    if (data === null || data === undefined)
        return [];
    if (!Array.isArray(data)) {
        throw new inputs/* InputError */.dz(`${where} must hold a list of waivers (entries starting with "- path:" or "- message:"); ` +
            `it holds ${kindOf(data)}.`);
    }
    if (data.length > MAX_WAIVERS) {
        throw new inputs/* InputError */.dz(`${where} lists ${data.length} waivers, more than the ${MAX_WAIVERS} the gate accepts.`);
    }
    return data.map((raw, index) => {
        const line = lines[index];
        const fail = (rule) => new inputs/* InputError */.dz(`${where}, entry ${index + 1}${line ? ` (line ${line})` : ''}: ${rule}.`);
        return checkEntry(raw, index + 1, line, fail, compileRegex);
    });
}
function checkEntry(raw, entry, line, fail, compileRegex) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw fail(`is ${kindOf(raw)}, not a mapping with path, message, reason and until`);
    }
    const fields = raw;
    for (const key of Object.keys(fields)) {
        if (!KEYS.has(key)) {
            throw fail(`has an unknown key ${quoteText(key)} (a waiver has path, message, reason, until)`);
        }
    }
    const text = (key, required) => {
        const value = fields[key];
        if (value === undefined || value === null) {
            if (required)
                throw fail(`"${key}" is required: say why these findings are accepted`);
            return undefined;
        }
        if (typeof value !== 'string')
            throw fail(`"${key}" must be text; it is ${kindOf(value)}`);
        if (value.trim() === '')
            throw fail(`"${key}" is empty`);
        if (value.length > MAX_TEXT)
            throw fail(`"${key}" is longer than ${MAX_TEXT} characters`);
        return value;
    };
    const reason = text('reason', true);
    const path = text('path', false);
    const message = text('message', false);
    if (path === undefined && message === undefined) {
        throw fail('needs "path" or "message" (or both) to say which findings it accepts');
    }
    const until = checkUntil(fields.until, fail);
    const waiver = { entry, reason };
    if (line !== undefined)
        waiver.line = line;
    if (path !== undefined)
        waiver.path = path;
    if (message !== undefined)
        waiver.message = message;
    if (until !== undefined)
        waiver.until = until;
    const pathMatches = path === undefined ? undefined : compileGlob(path);
    const messageMatches = message === undefined ? undefined : compileMessage(message, fail, compileRegex);
    return {
        ...waiver,
        matches: finding => (pathMatches === undefined || pathMatches(finding.canonicalPath)) &&
            (messageMatches === undefined ||
                messageMatches(finding.message.slice(0, MATCHED_MESSAGE_LENGTH)))
    };
}
function checkUntil(value, fail) {
    if (value === undefined || value === null)
        return undefined;
    const shown = typeof value === 'string' ? quoteText(value) : kindOf(value);
    const rule = `"until" must be a date written YYYY-MM-DD, such as 2027-03-31; got ${shown}`;
    if (typeof value !== 'string')
        throw fail(rule);
    const match = DATE.exec(value.trim());
    if (match === null)
        throw fail(rule);
    const [year, month, day] = match.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year ||
        date.getUTCMonth() !== month - 1 ||
        date.getUTCDate() !== day) {
        throw fail(`"until" is ${quoteText(value)}, which is not a day of the calendar`);
    }
    return value.trim();
}
function compileMessage(message, fail, compileRegex) {
    const regex = REGEX_MESSAGE.exec(message);
    if (regex === null) {
        const needle = (0,identity/* normalizeMessage */.H)(message);
        return text => text.includes(needle);
    }
    const [, source = '', flags = ''] = regex;
    if (compileRegex === undefined)
        throw new Error('a regular expression compiler is needed');
    const compiled = compileRegex(source, flags);
    if (typeof compiled === 'function')
        return compiled;
    throw fail(`"message" ${quoteText(message, 100)} is not a regular expression the gate accepts ` +
        `(${(0,lib_text/* oneLine */.TN)(compiled.problem, 200)}). Regular expressions use RE2 syntax: no ` +
        'lookarounds or backreferences; flags i, m and s. For a plain substring, do not start ' +
        'and end the message with "/"');
}
/** The waivers that still apply on `today` (YYYY-MM-DD, UTC) and those past their `until`. */
function partitionByExpiry(waivers, today) {
    const active = [];
    const expired = [];
    for (const waiver of waivers) {
        if (waiver.until !== undefined && waiver.until < today)
            expired.push(waiver);
        else
            active.push(waiver);
    }
    return { active, expired };
}
/** The UTC day of an instant, YYYY-MM-DD. */
function utcDay(epochMs) {
    return new Date(epochMs).toISOString().slice(0, 10);
}
/** `entry 3 (line 9: path "/paths/~1legacy~1*", message "no description")`, for messages. */
function describeWaiver(waiver) {
    const what = [];
    if (waiver.path !== undefined)
        what.push(`path ${quoteText(waiver.path, 80)}`);
    if (waiver.message !== undefined)
        what.push(`message ${quoteText(waiver.message, 80)}`);
    const line = waiver.line === undefined ? '' : `line ${waiver.line}: `;
    return `entry ${waiver.entry} (${line}${what.join(', ')})`;
}
/** The one warning an expired waiver gives. */
function expiredWarning(waiver, file) {
    return (`Waiver ${describeWaiver(waiver)} in ${quoteText(file)} expired on ${waiver.until} and no ` +
        'longer applies: the findings it accepted count again. Fix them, or extend or remove the waiver.');
}
function quoteText(text, max = 200) {
    return `"${(0,lib_text/* oneLine */.TN)(text, max)}"`;
}
function kindOf(value) {
    if (value === null)
        return 'empty';
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    if (typeof value === 'string')
        return `the text ${quoteText(value, 60)}`;
    return `the ${typeof value} ${(0,lib_text/* oneLine */.TN)((0,lib_text/* primitiveText */.Js)(value), 60)}`;
}


/***/ })

};
