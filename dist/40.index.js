export const id = 40;
export const ids = [40];
export const modules = {

/***/ 1040:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   publishOnPass: () => (/* binding */ publishOnPass)
/* harmony export */ });
/* unused harmony export publishJudged */
/* harmony import */ var _baseline_history_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9279);
/* harmony import */ var _document360_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5489);
/* harmony import */ var _document360_types_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(421);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8804);
// Publishing after a pass (publish: on-pass). First one look that the judged import is still
// the newest log of the API reference (else publishing would publish an import nobody judged),
// then the publish request, never repeated. The outcome goes into the report; main.ts decides
// what a failure does to the step (it fails it).




/** Publishes after a passed verdict only, and records what became of it in the report. */
async function publishOnPass(report, client, workspaceId, say) {
    if (report.result !== 'passed' || client === undefined || report.logId === undefined) {
        report.publication = { workspaceId, published: false };
        say(`Not publishing: the gate's result is ${report.result}, and only a pass is published.`);
        return;
    }
    const judged = { id: report.logId, status: report.status ?? '' };
    if (report.errorCount !== undefined)
        judged.errorCount = report.errorCount;
    if (report.warningCount !== undefined)
        judged.warningCount = report.warningCount;
    const outcome = await publishJudged(client, judged, workspaceId);
    report.publication = { workspaceId, ...outcome };
    if (outcome.published) {
        say(`Published API reference ${report.apiReferenceId} in workspace ${workspaceId}.`);
    }
}
async function publishJudged(client, judged, workspaceId) {
    try {
        const entries = await client.listLogs(1, 1);
        // More than asked for, and not newest first: the first is not the newest import.
        const disorder = (0,_baseline_history_js__WEBPACK_IMPORTED_MODULE_0__/* .outOfOrder */ .wC)(entries);
        if (disorder !== undefined) {
            const what = 'whether the judged import is still the newest';
            return {
                published: false,
                error: `The import passed but was not published: ${(0,_baseline_history_js__WEBPACK_IMPORTED_MODULE_0__/* .notNewestFirst */ .mF)(disorder, what)}`
            };
        }
        const [newest] = entries;
        const newestId = newest === undefined ? undefined : (0,_document360_types_js__WEBPACK_IMPORTED_MODULE_3__/* .entryId */ .ub)(newest);
        if (newestId === undefined || !(0,_document360_types_js__WEBPACK_IMPORTED_MODULE_3__/* .sameLogId */ .o_)(newestId, judged.id)) {
            const which = newestId === undefined ? 'another import' : `import ${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .shortId */ .m_)(newestId)}`;
            return {
                published: false,
                error: `The import passed but was not published: ${which} is now the newest of this API ` +
                    `reference, and publishing would publish it unjudged. Run the gate again; give the ` +
                    'runs that import into one reference a concurrency group so that they take turns.'
            };
        }
        // Still the newest, but no longer as judged (now Failed, more errors): what publishing
        // would publish is not what passed.
        const changed = newest === undefined ? undefined : changeOf(judged, newest);
        if (changed !== undefined) {
            return {
                published: false,
                error: `The import passed but was not published: Document360 now lists import ` +
                    `${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .shortId */ .m_)(judged.id)} ${changed}, so publishing would publish what did not pass. ` +
                    'Run the gate again.'
            };
        }
        await client.publish(workspaceId);
        return { published: true };
    }
    catch (error) {
        if (!(error instanceof _document360_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .Document360Error */ .RT))
            throw error;
        return { published: false, error: `The import passed but publishing failed: ${error.message}` };
    }
}
/** How the list entry differs from the judged import; undefined when it is the same. */
function changeOf(judged, entry) {
    if (!('log' in entry))
        return 'in an entry the gate cannot read';
    const { log } = entry;
    if (log.status === judged.status &&
        log.errorCount === judged.errorCount &&
        log.warningCount === judged.warningCount) {
        return undefined;
    }
    const state = (item) => `${(0,_text_js__WEBPACK_IMPORTED_MODULE_2__/* .quote */ .hD)(item.status, 40)}, ${item.errorCount ?? '?'} errors, ${item.warningCount ?? '?'} warnings`;
    return `as ${state(log)}, not as judged (${state(judged)})`;
}


/***/ })

};
