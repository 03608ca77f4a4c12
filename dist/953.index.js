export const id = 953;
export const ids = [953];
export const modules = {

/***/ 4953:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadSpec: () => (/* binding */ loadSpec)
/* harmony export */ });
/* unused harmony exports workspaceRelative, pointerSegments, unescapeSegment */
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6760);
/* harmony import */ var _baseline_identity_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4541);
/* harmony import */ var _capped_read_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1746);
/* harmony import */ var _text_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8804);
// Finds the line in the repository's spec file that a finding's path designates. The spec
// is parsed with the `yaml` package (YAML and JSON, with source ranges), loaded only here
// so that a run without `spec-file` never pays for it.




const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
/** Lookups one pointer may spend trying the ways its segments can be joined into keys. */
const LOOKUP_BUDGET = 10_000;
/** How deep `<<` merge keys are followed. */
const MAX_MERGE_DEPTH = 8;
/**
 * Reads and indexes `specFile` (relative to `workspace`, or absolute). Never throws: a file
 * that cannot be read or parsed gives one warning that names it and says why.
 */
async function loadSpec(specFile, workspace, options = {}) {
    const absolute = node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(workspace, specFile);
    const file = workspaceRelative(absolute, workspace);
    const cannot = (why) => ({
        warning: `spec-file '${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .oneLine */ .TN)(specFile, 200)}': ${why}. ` +
            'Findings are reported without a place in the spec.'
    });
    let source;
    try {
        const read = await (0,_capped_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readCapped */ .E)(absolute, options.maxBytes ?? DEFAULT_MAX_BYTES);
        if ('problem' in read)
            return cannot(read.problem);
        source = read.text;
    }
    catch (error) {
        return cannot((0,_capped_read_js__WEBPACK_IMPORTED_MODULE_2__/* .readFailure */ .f)(error, absolute));
    }
    let yaml;
    try {
        yaml = await __webpack_require__.e(/* import() */ 815).then(__webpack_require__.t.bind(__webpack_require__, 8815, 19));
    }
    catch (error) {
        return cannot(`the YAML parser could not be loaded (${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .errorLine */ .BP)(error)})`);
    }
    let document;
    const lineCounter = new yaml.LineCounter();
    try {
        // uniqueKeys: false — the duplicate-key check is quadratic in a map's size (a spec
        // with thousands of paths), and a duplicate is no reason not to point at lines.
        document = yaml.parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: false });
    }
    catch (error) {
        return cannot(`it could not be parsed (${(0,_text_js__WEBPACK_IMPORTED_MODULE_3__/* .errorLine */ .BP)(error)})`);
    }
    const [firstError] = document.errors;
    if (firstError) {
        const where = lineCounter.linePos(firstError.pos[0]);
        const message = firstError.message.split('\n')[0];
        return cannot(`it is not valid YAML or JSON (line ${where.line}, column ${where.col}: ${message})`);
    }
    if (!yaml.isMap(document.contents)) {
        return cannot('it does not hold a mapping at the top level, so it is no OpenAPI document');
    }
    return new SpecLocator(yaml, document, lineCounter, file);
}
/** Path of the file relative to the workspace, forward slashes; absolute when outside it. */
function workspaceRelative(absolute, workspace) {
    const relative = node_path__WEBPACK_IMPORTED_MODULE_0__.relative(node_path__WEBPACK_IMPORTED_MODULE_0__.resolve(workspace), absolute);
    // `..specs/` is a folder inside; only `..` itself or `../` leads out.
    const outside = relative === '' ||
        relative === '..' ||
        relative.startsWith(`..${node_path__WEBPACK_IMPORTED_MODULE_0__.sep}`) ||
        node_path__WEBPACK_IMPORTED_MODULE_0__.isAbsolute(relative);
    return (outside ? absolute : relative).split(node_path__WEBPACK_IMPORTED_MODULE_0__.sep).join('/');
}
/**
 * The segments of a finding path: an RFC 6901 pointer, possibly as a URI fragment
 * (`#/components/...`, percent-encoded). `undefined` for the document itself.
 */
function pointerSegments(pointer) {
    let text = (0,_baseline_identity_js__WEBPACK_IMPORTED_MODULE_1__/* .pointerText */ .po)(pointer);
    if (text === '')
        return undefined;
    if (!text.startsWith('/'))
        text = `/${text}`;
    return text.slice(1).split('/');
}
/** `~1` → `/`, `~0` → `~` (in that order, as RFC 6901 says). */
function unescapeSegment(segment) {
    return segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
}
class SpecLocator {
    file;
    yaml;
    document;
    lineCounter;
    /** Key text → pair, built the first time a map is searched. */
    keyIndexes = new WeakMap();
    lines = new Map();
    /** Alias → the node it stands for; built on the first alias met. */
    aliasTargets;
    constructor(yaml, document, lineCounter, file) {
        this.yaml = yaml;
        this.document = document;
        this.lineCounter = lineCounter;
        this.file = file;
    }
    lineOf(pointer) {
        if (this.lines.has(pointer))
            return this.lines.get(pointer);
        const line = this.resolve(pointer);
        this.lines.set(pointer, line);
        return line;
    }
    resolve(pointer) {
        const segments = pointerSegments(pointer);
        if (segments === undefined)
            return undefined;
        let offset = this.walk(this.document.contents, new Walk(segments), 0, undefined);
        // A trailing slash (`/paths/~1pets/`) most likely means the same place without it.
        if (offset === undefined && segments.length > 1 && segments.at(-1) === '') {
            offset = this.walk(this.document.contents, new Walk(segments.slice(0, -1)), 0, undefined);
        }
        return offset === undefined ? undefined : this.lineCounter.linePos(offset).line;
    }
    /** Source offset of the key (or item) the segments from `index` on end at. */
    walk(value, walk, index, keyOffset) {
        if (index === walk.segments.length)
            return keyOffset;
        if (walk.budget-- <= 0)
            return undefined;
        const node = this.dereference(value);
        if (this.yaml.isSeq(node)) {
            const segment = walk.segments[index];
            if (!/^(0|[1-9]\d{0,8})$/.test(segment))
                return undefined;
            const item = node.items[Number(segment)];
            const start = rangeStart(item);
            return start === undefined ? undefined : this.walk(item, walk, index + 1, start);
        }
        if (!this.yaml.isMap(node))
            return undefined;
        // A key may span several segments when the pointer was not escaped: `/paths/v1/pets`
        // for the key `/v1/pets`. Try one segment first (a proper pointer), then longer joins,
        // and go back to the next choice when one leads nowhere.
        for (let count = 1; index + count <= walk.segments.length; count++) {
            for (const key of walk.candidateKeys(index, count)) {
                const pair = this.findPair(node, key, 0);
                if (pair === undefined)
                    continue;
                const start = rangeStart(pair.key);
                if (start === undefined)
                    continue;
                const found = this.walk(pair.value, walk, index + count, start);
                if (found !== undefined)
                    return found;
                if (walk.budget <= 0)
                    return undefined;
            }
        }
        return undefined;
    }
    /** The pair with this key, also through `<<` merge keys. */
    findPair(map, key, depth) {
        const index = this.keyIndex(map);
        const pair = index.get(key);
        if (pair !== undefined || depth >= MAX_MERGE_DEPTH)
            return pair;
        const merge = index.get('<<');
        if (merge === undefined)
            return undefined;
        const merged = this.dereference(merge.value);
        const sources = this.yaml.isSeq(merged) ? merged.items : [merged];
        for (const source of sources) {
            const map = this.dereference(source);
            if (!this.yaml.isMap(map))
                continue;
            const found = this.findPair(map, key, depth + 1);
            if (found !== undefined)
                return found;
        }
        return undefined;
    }
    keyIndex(map) {
        let index = this.keyIndexes.get(map);
        if (index !== undefined)
            return index;
        index = new Map();
        for (const pair of map.items) {
            const key = this.dereference(pair.key);
            if (!this.yaml.isScalar(key))
                continue;
            // Both spellings of a key such as `1.10` or `0x1F`: as written, and as its value.
            for (const text of new Set([String(key.value), key.source])) {
                if (text !== undefined && !index.has(text))
                    index.set(text, pair);
            }
        }
        this.keyIndexes.set(map, index);
        return index;
    }
    dereference(value) {
        let node = value;
        for (let hops = 0; this.yaml.isAlias(node) && hops < 16; hops++) {
            node = this.resolveAlias(node);
        }
        return node;
    }
    /**
     * `Alias.resolve` searches the whole document on every call; one pass instead maps
     * each alias to the node of the latest anchor of its name before it, as YAML says.
     */
    resolveAlias(alias) {
        if (this.aliasTargets === undefined) {
            const targets = new Map();
            const anchors = new Map();
            this.yaml.visit(this.document, {
                Node: (_key, node) => {
                    if (this.yaml.isAlias(node))
                        targets.set(node, anchors.get(node.source));
                    else if (node.anchor)
                        anchors.set(node.anchor, node);
                }
            });
            this.aliasTargets = targets;
        }
        return this.aliasTargets.get(alias);
    }
}
/** One pointer being resolved: its segments, their joins, and the lookups left. */
class Walk {
    segments;
    unescaped;
    budget = LOOKUP_BUDGET;
    constructor(segments) {
        this.segments = segments;
        this.unescaped = segments.map(unescapeSegment);
    }
    /** The keys `count` segments from `index` on may stand for, likeliest first. */
    candidateKeys(index, count) {
        const end = index + count;
        const joined = this.unescaped.slice(index, end).join('/');
        const raw = this.segments.slice(index, end).join('/');
        const keys = count === 1 ? [joined, `/${joined}`] : [`/${joined}`, joined];
        if (raw !== joined)
            keys.push(`/${raw}`, raw);
        return keys;
    }
}
function rangeStart(node) {
    const range = node?.range;
    return range ? range[0] : undefined;
}


/***/ })

};
