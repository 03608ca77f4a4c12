export const id = 769;
export const ids = [769];
export const modules = {

/***/ 7769:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SNAPSHOT_PAGE_SIZE: () => (/* binding */ SNAPSHOT_PAGE_SIZE),
/* harmony export */   startResync: () => (/* binding */ startResync)
/* harmony export */ });
/* harmony import */ var _document360_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5489);
/* harmony import */ var _document360_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(421);
// The gate starts the import itself (resync-url): it lists the newest logs, then asks
// Document360 to resync the API reference from the spec URL (articles left as drafts). The
// import that starts is then the newest log not in that list (NewLogFinder, find-import.ts).
// The resync is never sent twice: when its answer is lost, the caller looks for a new import.


/** Logs listed before the resync, and on each look after it (the API's default page size). */
const SNAPSHOT_PAGE_SIZE = 25;
/**
 * Lists the newest logs, then sends the resync. Throws Document360Error when the list fails or
 * Document360 refuses the resync (a 4xx): then no import was started.
 */
async function startResync(client, url, options) {
    const pageSize = options.pageSize ?? SNAPSHOT_PAGE_SIZE;
    const entries = await client.listLogs(1, pageSize);
    const ids = new Set(entries.flatMap(entry => (0,_document360_types_js__WEBPACK_IMPORTED_MODULE_1__/* .entryId */ .ub)(entry) ?? []));
    const times = entries.flatMap(entry => ('log' in entry ? (entry.log.createdAtMs ?? []) : []));
    const newest = times.length > 0 ? { newestCreatedAtMs: Math.max(...times) } : {};
    const wait = options.pacer.beforeWrite();
    const room = options.sendByMs - options.now();
    if (wait !== undefined && room > 0) {
        const ms = Math.min(wait.ms, room);
        options.say(`Starting the import in ${Math.ceil(ms / 1000)}s: ${wait.note}.`);
        await options.sleep(ms);
    }
    const resyncAtMs = options.now();
    const snapshot = (missing) => ({
        ids,
        ...newest,
        resyncAtMs,
        pageSize,
        missing
    });
    try {
        await client.resync(url);
        return {
            kind: 'accepted',
            snapshot: snapshot('the resync was accepted but no import log has appeared')
        };
    }
    catch (error) {
        if (!(error instanceof _document360_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .Document360Error */ .RT) || error.kind !== 'ambiguous-write')
            throw error;
        return {
            kind: 'unanswered',
            snapshot: snapshot('no new import log has appeared since the resync, whose answer was lost'),
            error
        };
    }
}


/***/ })

};
