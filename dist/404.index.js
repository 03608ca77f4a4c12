export const id = 404;
export const ids = [404];
export const modules = {

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
