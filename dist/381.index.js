export const id = 381;
export const ids = [381];
export const modules = {

/***/ 6381:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadWaivers: () => (/* binding */ loadWaivers)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(646);
/* harmony import */ var _capped_read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1746);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8804);
/* harmony import */ var _waivers_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9404);
// Reads the `waivers-file` (YAML or JSON) and checks it (waivers.ts). The YAML parser, and the
// RE2 engine for `/regex/` messages, are loaded only here and only when needed, so a run
// without waivers never pays for them. Every problem is an InputError naming the file.





/** A waivers file is a short list; this bounds the read and the parse. */
const MAX_BYTES = 1024 * 1024;
async function loadWaivers(waiversFile, workspace) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(workspace, waiversFile);
    const file = waiversFile;
    const fail = (why) => new _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz(`waivers-file "${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(file, 200)}": ${why}.`);
    let source;
    try {
        const read = await (0,_capped_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readCapped */ .E)(absolute, MAX_BYTES);
        if ('problem' in read)
            throw fail(read.problem);
        source = read.text;
    }
    catch (error) {
        if (error instanceof _inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .InputError */ .dz)
            throw error;
        throw fail((0,_capped_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readFailure */ .f)(error, absolute));
    }
    const yaml = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    const lineCounter = new yaml.LineCounter();
    const document = yaml.parseDocument(source, {
        lineCounter,
        prettyErrors: false,
        uniqueKeys: true
    });
    const [firstError] = document.errors;
    if (firstError) {
        const where = lineCounter.linePos(firstError.pos[0]);
        throw fail(`it is not valid YAML or JSON (line ${where.line}, column ${where.col}: ` +
            `${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(firstError.message.split('\n')[0] ?? '', 200)})`);
    }
    let data;
    try {
        data = document.toJS({ maxAliasCount: 100 });
    }
    catch (error) {
        throw fail(`it could not be read (${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(error.message, 200)})`);
    }
    const lines = yaml.isSeq(document.contents)
        ? document.contents.items.map(item => {
            const offset = item?.range?.[0];
            return offset === undefined ? undefined : lineCounter.linePos(offset).line;
        })
        : [];
    const needsRegex = Array.isArray(data) &&
        data.some(entry => {
            const message = entry?.message;
            return typeof message === 'string' && (0,_waivers_js__WEBPACK_IMPORTED_MODULE_4__/* .isRegexMessage */ .BJ)(message);
        });
    const compileRegex = needsRegex ? await re2Compiler() : undefined;
    return { file, waivers: (0,_waivers_js__WEBPACK_IMPORTED_MODULE_4__/* .checkWaivers */ .WQ)(data, file, lines, compileRegex) };
}
/**
 * RE2 (re2js) matches in time linear in the text, whatever the pattern: a waiver's regular
 * expression cannot hang the gate on a crafted message, as a backtracking one could.
 */
async function re2Compiler() {
    const { RE2JS } = await __webpack_require__.e(/* import() */ 856).then(__webpack_require__.bind(__webpack_require__, 2856));
    const FLAGS = {
        i: RE2JS.CASE_INSENSITIVE,
        m: RE2JS.MULTILINE,
        s: RE2JS.DOTALL
    };
    return (source, flags) => {
        let bits = 0;
        for (const flag of flags) {
            const bit = FLAGS[flag];
            if (bit === undefined)
                return { problem: `unknown flag "${flag}"` };
            bits |= bit;
        }
        try {
            const regex = RE2JS.compile(source, bits);
            return text => regex.test(text);
        }
        catch (error) {
            return { problem: error instanceof Error ? error.message : String(error) };
        }
    };
}


/***/ })

};
