import { createRequire as __dqcCreateRequire } from 'node:module'; const require = __dqcCreateRequire(import.meta.url);

// src/checks/check-worker.ts
import { parentPort } from "node:worker_threads";

// src/box-columns.ts
var FLAGS = ["crowd", "difficult", "truncated", "fromPolygon"];
var NUMERIC = ["image", "classId", "x1", "y1", "x2", "y2", "file", "line", "flags"];
function unpackBoxes(p) {
  if (!p || typeof p !== "object" || !Array.isArray(p.files)) return void 0;
  const n = p.image?.length;
  if (typeof n !== "number" || NUMERIC.some((k) => !(Array.isArray(p[k]) || ArrayBuffer.isView(p[k])) || p[k].length !== n)) return void 0;
  const out = new Array(n);
  for (let k = 0; k < n; k++) {
    const flags = p.flags[k];
    const file = p.files[p.file[k]];
    if (typeof file !== "string") return void 0;
    const b = flags & 16 ? { image: p.image[k], classId: p.classId[k], x1: p.x1[k], y1: p.y1[k], x2: p.x2[k], y2: p.y2[k], file, line: p.line[k] } : { image: p.image[k], classId: p.classId[k], x1: p.x1[k], y1: p.y1[k], x2: p.x2[k], y2: p.y2[k], file };
    if (flags & 480) {
      for (let i = 0; i < FLAGS.length; i++) if (flags & 1 << 5 + i) b[FLAGS[i]] = (flags & 1 << i) !== 0;
    }
    out[k] = b;
  }
  return out;
}

// src/scan/hex-column.ts
var HEX = /^(?:[0-9a-f]{2})+$/;
var LEAD16 = /^[0-9a-f]{16}/i;
function hex64(s, out, whole = false) {
  if (s === void 0 || !LEAD16.test(s) || whole && s.length !== 16) return false;
  out.hi = parseInt(s.slice(0, 8), 16);
  out.lo = parseInt(s.slice(8, 16), 16);
  return true;
}
var HexColumn = class _HexColumn {
  constructor(length) {
    this.length = length;
    this.kind = new Uint8Array(length);
  }
  length;
  bytes;
  width = 0;
  /** 0 unset, 1 in bytes, 2 in `other` */
  kind;
  other = /* @__PURE__ */ new Map();
  /** A column of `length` values from its structured clone (the bytes arrive as a plain Uint8Array); throws if it is not one. */
  static revive(clone, length) {
    const c = Object.setPrototypeOf(clone, _HexColumn.prototype);
    const okBytes = c.bytes === void 0 || c.bytes instanceof Uint8Array && Number.isInteger(c.width) && c.width > 0 && c.bytes.length === length * c.width;
    if (c.length !== length || !(c.kind instanceof Uint8Array) || c.kind.length !== length || !(c.other instanceof Map) || !okBytes) throw new Error("not a hex column");
    if (c.bytes) c.bytes = Buffer.from(c.bytes.buffer, c.bytes.byteOffset, c.bytes.byteLength);
    return c;
  }
  set(i, s) {
    if (this.kind[i] === 2) this.other.delete(i);
    this.kind[i] = 0;
    if (s === void 0) return;
    if (!this.bytes && s.length > 0 && s.length <= 128 && HEX.test(s)) {
      this.width = s.length / 2;
      this.bytes = Buffer.alloc(this.length * this.width);
    }
    if (this.bytes && s.length === 2 * this.width && HEX.test(s)) {
      this.bytes.write(s, i * this.width, this.width, "hex");
      this.kind[i] = 1;
    } else {
      this.other.set(i, s);
      this.kind[i] = 2;
    }
  }
  /** copy(i + k, from, j + k) for every k < len: one byte copy when `from` holds all of them as bytes */
  copyRun(i, from, j, len) {
    const w = from.width;
    let bytes = from.bytes !== void 0 && (!this.bytes || this.width === w);
    for (let k = 0; bytes && k < len; k++) if (from.kind[j + k] !== 1) bytes = false;
    if (!bytes) {
      for (let k = 0; k < len; k++) this.copy(i + k, from, j + k);
      return;
    }
    if (!this.bytes) {
      this.width = w;
      this.bytes = Buffer.alloc(this.length * w);
    }
    if (this.other.size) {
      for (let k = 0; k < len; k++) if (this.kind[i + k] === 2) this.other.delete(i + k);
    }
    from.bytes.copy(this.bytes, i * w, j * w, (j + len) * w);
    this.kind.fill(1, i, i + len);
  }
  /** set(i, from.get(j)), byte for byte when both columns hold bytes of one width (no hex string) */
  copy(i, from, j) {
    if (from.kind[j] === 1 && this.bytes && this.width === from.width) {
      if (this.kind[i] === 2) this.other.delete(i);
      from.bytes.copy(this.bytes, i * this.width, j * from.width, (j + 1) * from.width);
      this.kind[i] = 1;
    } else this.set(i, from.get(j));
  }
  /** the first 64 bits of the value as two uint32 (false: unset, or not 16+ hex digits) */
  prefix(i, out) {
    const k = this.kind[i];
    if (k === 1 && this.width >= 8) {
      out.hi = this.bytes.readUInt32BE(i * this.width);
      out.lo = this.bytes.readUInt32BE(i * this.width + 4);
      return true;
    }
    return k === 2 && hex64(this.other.get(i), out);
  }
  get(i) {
    const k = this.kind[i];
    return k === 1 ? this.bytes.toString("hex", i * this.width, (i + 1) * this.width) : k === 2 ? this.other.get(i) : void 0;
  }
};

// src/scan/record-layout.ts
var INTS = ["v", "width", "height", "channels", "bitDepth", "orientation"];
var HASHES = ["phash", "phashD4", "dhash", "dhashD4"];
var BOOLS = ["hasAlpha", "palette", "lowVariance"];
var STAT_KEYS = ["mean", "std", "var", "skew", "kurtosis", "entropy", "zeros", "brightness", "darkness", "contrast", "sharpness"];
var QUALITY_KEYS = ["dark", "light", "lowInformation", "blurry", "oddAspectRatio"];
var at = (keys) => Object.fromEntries(keys.map((k, i) => [k, i]));
var INT_AT = at(INTS);
var HASH_AT = at(HASHES);
var STAT_AT = at(STAT_KEYS);
var TOP = /* @__PURE__ */ new Set(["hash", "bytes", "format", "space", "pixelHash", "stats", "quality", ...INTS, ...HASHES, ...BOOLS]);
var STATS = /* @__PURE__ */ new Set([...STAT_KEYS, "channelMean", "channelStd"]);
var QUALITY = /* @__PURE__ */ new Set([...QUALITY_KEYS, "grayscale"]);
var MAX_CH = 4;
var HEX16 = /^[0-9a-f]{16}$/;
var BOOL_VALUE = 16;
function fitsColumns(r, words) {
  if (r.error || typeof r.hash !== "string" || typeof r.bytes !== "number") return false;
  for (const k of Object.keys(r)) if (!TOP.has(k)) return false;
  for (const w of [r.format, r.space]) if (w !== void 0 && (typeof w !== "string" || words.length > 250 && !words.includes(w))) return false;
  for (const k of INTS) {
    const v = r[k];
    if (v !== void 0 && (typeof v !== "number" || (v | 0) !== v || Object.is(v, -0))) return false;
  }
  for (const k of HASHES) if (r[k] !== void 0 && !HEX16.test(r[k])) return false;
  for (const k of BOOLS) if (r[k] !== void 0 && typeof r[k] !== "boolean") return false;
  if (r.stats) {
    const s = r.stats;
    if (!Object.keys(s).every((k) => STATS.has(k)) || !STAT_KEYS.every((k) => typeof s[k] === "number")) return false;
    if (!Array.isArray(s.channelMean) || !Array.isArray(s.channelStd) || s.channelMean.length > MAX_CH || s.channelStd.length !== s.channelMean.length) return false;
  }
  if (r.quality) {
    const q = r.quality;
    if (!Object.keys(q).every((k) => QUALITY.has(k)) || !QUALITY_KEYS.every((k) => typeof q[k] === "number") || typeof q.grayscale !== "boolean") return false;
  }
  return true;
}
var hex = (x) => x.toString(16).padStart(8, "0");

// src/scan/record-columns.ts
var RecordColumns = class {
  length;
  mask;
  ints;
  bytesCol;
  hashCol;
  pixelCol;
  /** format and colour space as indices into `words` */
  formatCol;
  spaceCol;
  words = [];
  hi;
  lo;
  statCols;
  chCount;
  chMean;
  chStd;
  qualityCols;
  /** slot → 0 empty, 1 in the columns, 2 in `whole` */
  state;
  whole = /* @__PURE__ */ new Map();
  constructor(length) {
    this.length = length;
    this.mask = new Uint32Array(length);
    this.ints = INTS.map(() => new Int32Array(length));
    this.bytesCol = new Float64Array(length);
    this.hashCol = new HexColumn(length);
    this.pixelCol = new HexColumn(length);
    this.formatCol = new Uint8Array(length);
    this.spaceCol = new Uint8Array(length);
    this.hi = HASHES.map(() => new Uint32Array(length));
    this.lo = HASHES.map(() => new Uint32Array(length));
    this.statCols = STAT_KEYS.map(() => new Float32Array(length).fill(NaN));
    this.chCount = new Uint8Array(length);
    this.chMean = new Float32Array(length * MAX_CH);
    this.chStd = new Float32Array(length * MAX_CH);
    this.qualityCols = QUALITY_KEYS.map(() => new Float32Array(length).fill(NaN));
    this.state = new Uint8Array(length);
  }
  /** whether a structured clone holds every column of this layout (RecordTable.revive) */
  static isWhole(t) {
    const n = t.length;
    const col = (a, type, len = n) => a instanceof type && a.length === len;
    const cols = (a, type, count, len = n) => Array.isArray(a) && a.length === count && a.every((c) => col(c, type, len));
    return Number.isSafeInteger(n) && n >= 0 && col(t.mask, Uint32Array) && cols(t.ints, Int32Array, INTS.length) && col(t.bytesCol, Float64Array) && col(t.formatCol, Uint8Array) && col(t.spaceCol, Uint8Array) && Array.isArray(t.words) && t.words.every((w) => typeof w === "string") && cols(t.hi, Uint32Array, HASHES.length) && cols(t.lo, Uint32Array, HASHES.length) && cols(t.statCols, Float32Array, STAT_KEYS.length) && col(t.chCount, Uint8Array) && col(t.chMean, Float32Array, n * MAX_CH) && col(t.chStd, Float32Array, n * MAX_CH) && cols(t.qualityCols, Float32Array, QUALITY_KEYS.length) && col(t.state, Uint8Array) && t.whole instanceof Map;
  }
  /** slot j of `from` into slot i, column by column (no record object is built) */
  copy(i, from, j) {
    if (from.state[j] !== 1) return this.set(i, from.get(j));
    this.whole.delete(i);
    const m = from.mask[j];
    for (let f = 0; f < INTS.length; f++) this.ints[f][i] = from.ints[f][j];
    for (let f = 0; f < HASHES.length; f++) this.hi[f][i] = from.hi[f][j], this.lo[f][i] = from.lo[f][j];
    if (m & 1 << 13) this.formatCol[i] = this.word(from.words[from.formatCol[j]]);
    if (m & 1 << 14) this.spaceCol[i] = this.word(from.words[from.spaceCol[j]]);
    this.hashCol.copy(i, from.hashCol, j);
    this.pixelCol.copy(i, from.pixelCol, j);
    this.bytesCol[i] = from.bytesCol[j];
    for (let f = 0; f < STAT_KEYS.length; f++) this.statCols[f][i] = from.statCols[f][j];
    this.chCount[i] = from.chCount[j];
    this.chMean.set(from.chMean.subarray(j * MAX_CH, (j + 1) * MAX_CH), i * MAX_CH);
    this.chStd.set(from.chStd.subarray(j * MAX_CH, (j + 1) * MAX_CH), i * MAX_CH);
    for (let f = 0; f < QUALITY_KEYS.length; f++) this.qualityCols[f][i] = from.qualityCols[f][j];
    this.mask[i] = m;
    this.state[i] = 1;
  }
  /**
   * copy(i + k, from, j + k) for every k < len: the rows `from` holds in columns in one typed-array
   * copy per column (a PR run takes 10,000 rows from the last scan's table in a few such runs).
   */
  copyRun(i, from, j, len) {
    for (let k = 0; k < len; ) {
      if (from.state[j + k] !== 1) {
        this.copy(i + k, from, j + k);
        k++;
        continue;
      }
      let e = k + 1;
      while (e < len && from.state[j + e] === 1) e++;
      this.copyColumns(i + k, from, j + k, e - k);
      k = e;
    }
  }
  copyColumns(i, from, j, n) {
    const span = (to, src, w = 1) => to.set(src.subarray(j * w, (j + n) * w), i * w);
    if (this.whole.size) for (let k = 0; k < n; k++) this.whole.delete(i + k);
    span(this.mask, from.mask);
    for (let f = 0; f < INTS.length; f++) span(this.ints[f], from.ints[f]);
    for (let f = 0; f < HASHES.length; f++) span(this.hi[f], from.hi[f]), span(this.lo[f], from.lo[f]);
    const words = [];
    const word = (x) => words[x] ??= this.word(from.words[x]);
    for (let k = 0; k < n; k++) {
      const m = from.mask[j + k];
      if (m & 1 << 13) this.formatCol[i + k] = word(from.formatCol[j + k]);
      if (m & 1 << 14) this.spaceCol[i + k] = word(from.spaceCol[j + k]);
    }
    this.hashCol.copyRun(i, from.hashCol, j, n);
    this.pixelCol.copyRun(i, from.pixelCol, j, n);
    span(this.bytesCol, from.bytesCol);
    for (let f = 0; f < STAT_KEYS.length; f++) span(this.statCols[f], from.statCols[f]);
    span(this.chCount, from.chCount);
    span(this.chMean, from.chMean, MAX_CH);
    span(this.chStd, from.chStd, MAX_CH);
    for (let f = 0; f < QUALITY_KEYS.length; f++) span(this.qualityCols[f], from.qualityCols[f]);
    this.state.fill(1, i, i + n);
  }
  /** index of a format/space name; at most 256 distinct names fit a column */
  word(s) {
    let k = this.words.indexOf(s);
    if (k < 0) k = this.words.push(s) - 1;
    return k;
  }
};

// src/scan/record-fields.ts
var RecordFields = class extends RecordColumns {
  has(i) {
    return this.state[i] !== 0;
  }
  /** scanned without a decode error */
  usable(i) {
    return this.state[i] === 1 || this.state[i] === 2 && !this.whole.get(i).error;
  }
  /** usable and with pixel statistics */
  hasStats(i) {
    return this.state[i] === 1 ? (this.mask[i] & 1 << 19) !== 0 : this.usable(i) && this.whole.get(i).stats !== void 0;
  }
  hash(i) {
    return this.state[i] === 2 ? this.whole.get(i).hash : this.hashCol.get(i);
  }
  /** the first 64 bits of the content hash or pixel hash, without building the string */
  hashPrefix(which, i, out) {
    if (this.state[i] === 1) return (which === "hash" ? this.hashCol : this.pixelCol).prefix(i, out);
    return this.state[i] === 2 && hex64(this.whole.get(i)[which], out);
  }
  /** the usable record's field, without building the record */
  pixelHash(i) {
    return this.state[i] === 2 ? this.whole.get(i).pixelHash : this.state[i] === 1 && this.mask[i] & 1 << 15 ? this.pixelCol.get(i) : void 0;
  }
  lowVariance(i) {
    return this.state[i] === 2 ? this.whole.get(i).lowVariance === true : (this.mask[i] & 1 << BOOL_VALUE + 2) !== 0;
  }
  /** a pHash/dHash as its two 32-bit halves; false when the slot has none */
  hashParts(field, i, out) {
    if (this.state[i] === 2) {
      return hex64(this.whole.get(i)[field], out, true);
    }
    const f = HASH_AT[field];
    if (this.state[i] !== 1 || !(this.mask[i] & 1 << 6 + f)) return false;
    out.hi = this.hi[f][i];
    out.lo = this.lo[f][i];
    return true;
  }
  /** a pixel statistic of a usable record, NaN when it has none */
  stat(key, i) {
    if (this.state[i] === 2) return this.whole.get(i).stats?.[key] ?? NaN;
    return this.statCols[STAT_AT[key]][i];
  }
  /** channel c's mean or std when the record has exactly `channels` channels, else NaN */
  channel(which, c, i, channels = 3) {
    if (this.state[i] === 2) {
      const a = this.whole.get(i).stats?.[which === "mean" ? "channelMean" : "channelStd"];
      return a?.length === channels ? a[c] : NaN;
    }
    if (this.state[i] !== 1 || this.chCount[i] !== channels || !(this.mask[i] & 1 << 19)) return NaN;
    return (which === "mean" ? this.chMean : this.chStd)[i * MAX_CH + c];
  }
  /** file bytes per pixel of an image in `format` with a known size, else NaN */
  bytesPerPixel(i, format) {
    const r = this.state[i] === 2 ? this.whole.get(i) : void 0;
    const fmt2 = r ? r.format : this.mask[i] & 1 << 13 ? this.words[this.formatCol[i]] : void 0;
    const w = this.int("width", i);
    const h = this.int("height", i);
    return fmt2 === format && w && h ? (r ? r.bytes : this.bytesCol[i]) / (w * h) : NaN;
  }
  /** a size field, undefined when the record has none */
  int(key, i) {
    if (this.state[i] === 2) return this.whole.get(i)[key];
    const f = INT_AT[key];
    return this.state[i] === 1 && this.mask[i] & 1 << f ? this.ints[f][i] : void 0;
  }
};

// src/scan/record-table.ts
var RecordTable = class _RecordTable extends RecordFields {
  static from(records) {
    const t = new _RecordTable(records.length);
    records.forEach((r, i) => t.set(i, r));
    return t;
  }
  /**
   * The table again from its structured clone (postMessage to a worker, v8.serialize): every
   * field is a typed array, a Map or a string list, so only the prototypes are lost on the way.
   * Throws when the clone is not a whole table of this layout (table-cache.ts reads files).
   */
  static revive(clone) {
    const t = Object.setPrototypeOf(clone, _RecordTable.prototype);
    if (!RecordFields.isWhole(t)) throw new Error("not a record table of this layout");
    HexColumn.revive(t.hashCol, t.length);
    HexColumn.revive(t.pixelCol, t.length);
    return t;
  }
  set(i, r) {
    this.whole.delete(i);
    this.state[i] = 0;
    if (!r) return;
    if (!fitsColumns(r, this.words)) {
      this.whole.set(i, r);
      this.state[i] = 2;
      return;
    }
    let m = 0;
    INTS.forEach((k, f) => {
      const v = r[k];
      if (v !== void 0) m |= 1 << f, this.ints[f][i] = v;
    });
    HASHES.forEach((k, f) => {
      const h = r[k];
      if (h === void 0) return;
      m |= 1 << 6 + f;
      this.hi[f][i] = parseInt(h.slice(0, 8), 16);
      this.lo[f][i] = parseInt(h.slice(8), 16);
    });
    BOOLS.forEach((k, f) => {
      const b = r[k];
      if (b !== void 0) m |= 1 << 10 + f | (b ? 1 << BOOL_VALUE + f : 0);
    });
    if (r.format !== void 0) m |= 1 << 13, this.formatCol[i] = this.word(r.format);
    if (r.space !== void 0) m |= 1 << 14, this.spaceCol[i] = this.word(r.space);
    if (r.pixelHash !== void 0) m |= 1 << 15;
    this.pixelCol.set(i, r.pixelHash);
    this.hashCol.set(i, r.hash);
    this.bytesCol[i] = r.bytes;
    if (r.stats) {
      m |= 1 << 19;
      STAT_KEYS.forEach((k, f) => this.statCols[f][i] = r.stats[k]);
      const n = r.stats.channelMean.length;
      this.chCount[i] = n;
      for (let c = 0; c < n; c++) {
        this.chMean[i * MAX_CH + c] = r.stats.channelMean[c];
        this.chStd[i * MAX_CH + c] = r.stats.channelStd[c];
      }
    } else for (const col of this.statCols) col[i] = NaN;
    if (r.quality) {
      m |= 1 << 20 | (r.quality.grayscale ? 1 << 21 : 0);
      QUALITY_KEYS.forEach((k, f) => this.qualityCols[f][i] = r.quality[k]);
    } else for (const col of this.qualityCols) col[i] = NaN;
    this.mask[i] = m;
    this.state[i] = 1;
  }
  /** the record without its content hash, pixel statistics, quality scores and perceptual/pixel hashes (cheap to build: no hex) */
  meta(i) {
    return this.get(i, false);
  }
  /** the quality scores of a usable record */
  quality(i) {
    if (this.state[i] === 2) return this.whole.get(i).quality;
    if (this.state[i] !== 1 || !(this.mask[i] & 1 << 20)) return void 0;
    const q = {};
    QUALITY_KEYS.forEach((k, f) => q[k] = this.qualityCols[f][i]);
    q.grayscale = (this.mask[i] & 1 << 21) !== 0;
    return q;
  }
  /** the record as it was set (`full` false: as meta() describes) */
  get(i, full = true) {
    const s = this.state[i];
    if (s === 2) return this.whole.get(i);
    if (s !== 1) return void 0;
    const m = this.mask[i];
    const r = {};
    if (m & 1) r.v = this.ints[0][i];
    if (full) r.hash = this.hashCol.get(i);
    r.bytes = this.bytesCol[i];
    INTS.forEach((k, f) => {
      if (f > 0 && m & 1 << f) r[k] = this.ints[f][i];
    });
    if (m & 1 << 13) r.format = this.words[this.formatCol[i]];
    BOOLS.forEach((k, f) => {
      if (m & 1 << 10 + f) r[k] = (m & 1 << BOOL_VALUE + f) !== 0;
    });
    if (m & 1 << 14) r.space = this.words[this.spaceCol[i]];
    if (!full) return r;
    if (m & 1 << 15) r.pixelHash = this.pixelCol.get(i);
    HASHES.forEach((k, f) => {
      if (m & 1 << 6 + f) r[k] = hex(this.hi[f][i]) + hex(this.lo[f][i]);
    });
    if (m & 1 << 19) {
      const st = {};
      STAT_KEYS.forEach((k, f) => st[k] = this.statCols[f][i]);
      const n = this.chCount[i];
      st.channelMean = Array.from(this.chMean.subarray(i * MAX_CH, i * MAX_CH + n));
      st.channelStd = Array.from(this.chStd.subarray(i * MAX_CH, i * MAX_CH + n));
      r.stats = st;
    }
    if (m & 1 << 20) r.quality = this.quality(i);
    return r;
  }
  /** the records with a decode or read error, by slot */
  errors() {
    return [...this.whole].filter(([, r]) => r.error);
  }
  /** every slot's record (tests, small datasets) */
  toArray() {
    return Array.from({ length: this.length }, (_, i) => this.get(i));
  }
};

// src/findings.ts
import { createHash } from "node:crypto";
function fingerprintOf(check, path2, key) {
  return createHash("sha1").update(`${check}\0${path2 ?? ""}\0${key}`).digest("hex").slice(0, 16);
}
function finding(init) {
  const key = init.key ?? "";
  const f = {
    check: init.check,
    severity: init.severity,
    message: init.message,
    key,
    fingerprint: fingerprintOf(init.check, init.path, key)
  };
  if (init.path !== void 0) f.path = init.path;
  if (init.line !== void 0) f.line = init.line;
  if (init.related && init.related.length) f.related = init.related;
  if (init.data) f.data = init.data;
  return f;
}

// src/num.ts
function num(n) {
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString("en-US");
  const s = String(Math.abs(n));
  let out = "";
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ",";
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

// src/checks/robust.ts
function sorted(values) {
  return Float64Array.from(values).sort();
}
function quantileSorted(s, q) {
  const n = s.length;
  if (!n) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
function median(values) {
  return values.length ? medianInPlace(Float64Array.from(values)) : NaN;
}
function medianInPlace(a) {
  const n = a.length;
  if (!n) return NaN;
  const hi = select(a, n >> 1);
  if (n & 1) return hi;
  let lo = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (a[i] > lo) lo = a[i];
  return (lo + hi) / 2;
}
function quantileInPlace(a, q) {
  const n = a.length;
  if (!n) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (n - 1);
  const lo = Math.floor(pos);
  const v = select(a, lo);
  if (pos === lo) return v;
  let next = Infinity;
  for (let i = lo + 1; i < n; i++) if (a[i] < next) next = a[i];
  return v + (next - v) * (pos - lo);
}
function select(a, k) {
  let l = 0;
  let r = a.length - 1;
  while (r > l) {
    const pivot = a[l + r >> 1];
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return a[k];
  }
  return a[k];
}
function mean(values) {
  const n = values.length;
  if (!n) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}
function robustScale(values) {
  const n = values.length;
  if (!n) return { median: NaN, mad: NaN, meanAd: NaN, n: 0 };
  const med = median(values);
  const dev = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    dev[i] = Math.abs(values[i] - med);
    sum += dev[i];
  }
  return { median: med, mad: medianInPlace(dev), meanAd: sum / n, n };
}
function robustScaleSorted(s) {
  const n = s.length;
  if (!n) return { median: NaN, mad: NaN, meanAd: NaN, n: 0 };
  const med = n & 1 ? s[n >> 1] : (s[(n >> 1) - 1] + s[n >> 1]) / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(s[i] - med);
  const k = n >> 1;
  const hi = kthDeviation(s, med, k);
  return { median: med, mad: n & 1 ? hi : (kthDeviation(s, med, k - 1) + hi) / 2, meanAd: sum / n, n };
}
function kthDeviation(s, med, k) {
  const n = s.length;
  const m = n + 1 >> 1;
  const nB = n - m;
  let lo = Math.max(0, k + 1 - nB);
  let hi = Math.min(k + 1, m);
  while (lo < hi) {
    const t = lo + hi >> 1;
    if (med - s[m - 1 - t] < s[m + k - t] - med) lo = t + 1;
    else hi = t;
  }
  const a = lo > 0 ? med - s[m - lo] : -Infinity;
  const b = k - lo >= 0 ? s[m + k - lo] - med : -Infinity;
  return Math.max(a, b);
}
function modifiedZ(x, sc) {
  const d = x - sc.median;
  if (sc.mad > 0) return 0.6745 * d / sc.mad;
  if (sc.meanAd > 0) return d / (1.253314 * sc.meanAd);
  return 0;
}
function summary(values) {
  if (!values.length) return { mean: 0, median: 0, max: 0 };
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return { mean: round(mean(values)), median: round(median(values)), max: round(max) };
}
function round(x, digits = 6) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
function pct(x) {
  const p = x * 100;
  if (p === 0) return "0%";
  if (Math.abs(p) >= 10) return `${p.toFixed(1)}%`;
  if (Math.abs(p) >= 0.1) return `${p.toFixed(2)}%`;
  return `${Number(p.toPrecision(2))}%`;
}
function plural(n, word, many = `${word}s`) {
  return `${num(n)} ${n === 1 ? word : many}`;
}

// src/checks/class-names.ts
function nameKey(name) {
  const words = name.toLowerCase().split(/[\s_.-]+/).filter(Boolean);
  if (!words.length) return name;
  words[words.length - 1] = singular(words[words.length - 1]);
  return words.join(" ");
}
function singular(w) {
  if (w.length > 4 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && /(?:s|x|z|ch|sh)es$/.test(w)) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}
function similarNameGroups(classes) {
  const byKey = /* @__PURE__ */ new Map();
  for (const c of classes) {
    const k = nameKey(c.name);
    const list = byKey.get(k);
    if (list) list.push(c);
    else byKey.set(k, [c]);
  }
  return [...byKey.values()].filter((g) => g.length > 1).map((g) => [...g].sort((a, b) => b.instances - a.instances || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}
function similarNameFindings(ds, groups, severity) {
  return groups.map((g) => {
    const rare = g[g.length - 1];
    const at2 = ds.format === "voc" ? firstBox(ds.boxes, rare.id) : void 0;
    const where = at2 ? { path: at2.file, ...at2.line !== void 0 ? { line: at2.line } : {} } : ds.source !== void 0 ? { path: ds.source } : {};
    const list = g.map((c) => `'${c.name}' (id ${c.id}, ${plural(c.instances, "instance")})`);
    const one = new Set(g.map((c) => c.name)).size === 1;
    return finding({
      check: "class/similar-names",
      severity,
      ...where,
      key: g.map((c) => one ? `${c.name}#${c.id}` : c.name).sort().join(" / "),
      message: one ? `Class name '${g[0].name}' is declared ${g.length === 2 ? "twice" : `${g.length} times`} (${list.join(" and ")}): a model learns each id as its own class, under one name.` : `Classes ${list.slice(0, -1).join(", ")} and ${list[list.length - 1]} differ only in case, spacing or a plural ending: probably one class spelled ${g.length === 2 ? "two" : g.length} ways, which a model learns as different classes.`,
      data: { classes: g.map((c) => ({ id: c.id, name: c.name, instances: c.instances })) }
    });
  });
}
function firstBox(boxes, classId) {
  let best;
  for (const b of boxes) {
    if (b.classId !== classId) continue;
    if (!best || b.file < best.file || b.file === best.file && (b.line ?? 0) < (best.line ?? 0)) best = b;
  }
  return best;
}

// src/checks/dup-describe.ts
var MAX_RELATED = 100;
var MAX_NAMED = 8;
function listPaths(paths, max = MAX_NAMED) {
  if (paths.length <= max) return paths.length > 1 ? `${paths.slice(0, -1).join(", ")} and ${paths[paths.length - 1]}` : paths[0] ?? "";
  return `${paths.slice(0, max).join(", ")} and ${paths.length - max} more`;
}
function describeGroup(ix, g) {
  const { ds } = ix.cx;
  const paths = [...new Set(g.members.map((i) => ds.images[i].path))];
  const names = listPaths(paths);
  const count = plural(paths.length, "image");
  if (g.kind === "exact") return `${count} are byte-identical copies: ${names}.`;
  if (g.kind === "pixel") return `${count} have identical pixels in different files (re-encoded or different metadata): ${names}.`;
  const near = g.links.filter((l) => l.kind === "near");
  const ds_ = near.map((l) => l.distance);
  const lo = Math.min(...ds_);
  const hi = Math.max(...ds_);
  const dist = lo === hi ? `distance ${lo}` : `distances ${lo}\u2013${hi}`;
  const turned = near.filter((l) => l.via === "transformed").length;
  const d4 = near.filter((l) => l.via === "d4").length;
  const copies = g.links.length - near.length;
  const extra = [
    turned ? turned === near.length && near.length === 1 ? "matched after rotating or mirroring one of them" : `${plural(turned, "pair")} matched only after rotating or mirroring` : "",
    d4 ? `${plural(d4, "pair")} matched by the rotation/flip-invariant hash` : "",
    copies ? `${plural(copies, "pair")} of exact or pixel-identical copies among them` : ""
  ].filter(Boolean);
  return `${count} are near duplicates (pHash Hamming ${dist} of 64 bits${extra.length ? `; ${extra.join("; ")}` : ""}): ${names}.`;
}
function groupData(ix, g) {
  const { ds } = ix.cx;
  const p = (i) => ds.images[i].path;
  return {
    kind: g.kind,
    images: g.members.slice(0, MAX_RELATED).map((i) => ({ path: p(i), split: ds.images[i].split })),
    size: g.members.length,
    links: g.links.slice(0, 50).map((l) => ({ a: p(l.a), b: p(l.b), kind: l.kind, distance: l.distance, ...l.flipped ? { flipped: true } : {}, ...l.via ? { via: l.via } : {} })),
    linkCount: g.linkCount
  };
}

// src/checks/split-coverage.ts
function trainingSplit(splits) {
  return splits.find((s) => /^train/i.test(s)) ?? splits[0];
}
function splitCoverage(splits, classes, path2) {
  const train = trainingSplit(splits);
  if (train === void 0 || splits.length < 2) return [];
  const has = (c, s) => (c.bySplit[s]?.instances ?? 0) > 0;
  const used = classes.filter((c) => c.instances > 0);
  const evalSplits = splits.filter((s) => s !== train && used.some((c) => has(c, s)));
  if (!used.some((c) => has(c, train))) return [];
  const at2 = path2 !== void 0 ? { path: path2 } : {};
  const out = [];
  const add = (check, severity, key, split, list, message) => {
    if (list.length)
      out.push(finding({ check, severity, ...at2, key, message: message(list.length === 1 ? "it" : "them"), data: { split, training: train, classes: list.map((c) => c.name) } }));
  };
  for (const s of evalSplits) {
    const untrained = used.filter((c) => has(c, s) && !has(c, train));
    add(
      "split/class-not-trained",
      "warning",
      `${s}|${train}`,
      s,
      untrained,
      (them) => `'${s}' has ${plural(untrained.length, "class", "classes")} that '${train}' has no instance of: ${listPaths(untrained.map((c) => `'${c.name}' (${num(c.bySplit[s].instances)})`), 8)}. The model never sees ${them} in training and scores nothing on ${them}.`
    );
    const unevaluated = used.filter((c) => has(c, train) && !has(c, s));
    add(
      "split/class-not-evaluated",
      "info",
      `${train}|${s}`,
      s,
      unevaluated,
      (them) => `'${s}' has no instance of ${plural(unevaluated.length, "class", "classes")} that '${train}' has: ${listPaths(unevaluated.map((c) => `'${c.name}'`), 8)}. Scores on '${s}' say nothing about ${them}.`
    );
  }
  return out;
}

// src/model.ts
function boxesByImage(ds) {
  const memo = byImageMemo.get(ds);
  if (memo && memo.images === ds.images && memo.boxes === ds.boxes && memo.nImages === ds.images.length && memo.nBoxes === ds.boxes.length) return memo.out;
  const out = groupBoxes(ds);
  byImageMemo.set(ds, { images: ds.images, boxes: ds.boxes, nImages: ds.images.length, nBoxes: ds.boxes.length, out });
  return out;
}
var byImageMemo = /* @__PURE__ */ new WeakMap();
function groupBoxes(ds) {
  const boxes = ds.boxes;
  const n = ds.images.length;
  let ordered = true;
  for (let k = 1; k < boxes.length && ordered; k++) ordered = boxes[k - 1].image <= boxes[k].image;
  if (ordered && (!boxes.length || boxes[0].image >= 0 && boxes[boxes.length - 1].image < n)) {
    const out2 = new Array(n);
    let k = 0;
    for (let i = 0; i < n; i++) {
      const from = k;
      while (k < boxes.length && boxes[k].image === i) k++;
      out2[i] = from === k ? [] : boxes.slice(from, k);
    }
    if (k === boxes.length) return out2;
  }
  const count = new Uint32Array(ds.images.length);
  const inRange = (b) => b.image >= 0 && b.image < count.length && Number.isInteger(b.image);
  for (const b of ds.boxes) if (inRange(b)) count[b.image]++;
  const out = Array.from(count, (c) => new Array(c));
  count.fill(0);
  for (const b of ds.boxes) if (inRange(b)) out[b.image][count[b.image]++] = b;
  return out;
}

// src/checks/context.ts
function makeContext(ds, cfg, byImage = boxesByImage(ds)) {
  const classIndex = /* @__PURE__ */ new Map();
  const classIds = [];
  const classNames = [];
  const declared = [];
  for (const c of [...ds.classes].sort((a, b) => a.id - b.id)) {
    if (classIndex.has(c.id)) continue;
    classIndex.set(c.id, classIds.length);
    classIds.push(c.id);
    classNames.push(c.name);
    declared.push(true);
  }
  const undeclared = /* @__PURE__ */ new Set();
  for (const b of ds.boxes) if (!classIndex.has(b.classId)) undeclared.add(b.classId);
  for (const id of [...undeclared].sort((a, b) => a - b)) {
    classIndex.set(id, classIds.length);
    classIds.push(id);
    classNames.push(`#${id}`);
    declared.push(false);
  }
  const maxId = classIds.reduce((m, id) => Math.max(m, id), -1);
  const dense = classIds.every((id) => Number.isInteger(id) && id >= 0) && maxId < 1 << 20;
  const table = new Int32Array(dense ? maxId + 1 : 0);
  if (dense) classIds.forEach((id, k) => table[id] = k);
  const indexOf = dense ? (id) => table[id] : (id) => classIndex.get(id);
  const keyCache = /* @__PURE__ */ new Map();
  let rows;
  const nameOf = (id) => classNames[classIndex.get(id) ?? -1] ?? `#${id}`;
  return {
    ds,
    cfg,
    byImage,
    classIds,
    classIndex,
    indexOf,
    classNames,
    declared,
    nameOf,
    boxKey(image, index) {
      let keys = keyCache.get(image);
      if (!keys) keyCache.set(image, keys = keysOf(ds.images[image]?.path ?? `#${image}`, byImage[image] ?? [], nameOf));
      return keys[index] ?? `${ds.images[image]?.path}#${index}`;
    },
    labelFileOf: (img) => img.labelPath ?? img.path,
    relatedOf: (img, file) => file !== img.path ? [img.path] : void 0,
    imageClasses: () => rows ??= buildImageClasses(byImage, indexOf, classIds.length)
  };
}
function buildImageClasses(byImage, indexOf, K2) {
  let total = 0;
  for (const b of byImage) total += b.length;
  const start = new Int32Array(byImage.length + 1);
  const cls = new Int32Array(total);
  const count = new Int32Array(total);
  const scratch = new Int32Array(K2);
  let n = 0;
  for (let i = 0; i < byImage.length; i++) {
    const boxes = byImage[i];
    const first = n;
    for (let j = 0; j < boxes.length; j++) {
      const k = indexOf(boxes[j].classId);
      if (scratch[k]++ > 0) continue;
      let p = n++;
      while (p > first && cls[p - 1] > k) {
        cls[p] = cls[p - 1];
        p--;
      }
      cls[p] = k;
    }
    for (let p = first; p < n; p++) {
      count[p] = scratch[cls[p]];
      scratch[cls[p]] = 0;
    }
    start[i + 1] = n;
  }
  return { start, cls: cls.subarray(0, n), count: count.subarray(0, n) };
}
var c4 = (x) => Number.isFinite(x) ? (Math.round(x * 1e4) / 1e4).toFixed(4) : String(x);
function keysOf(imagePath, boxes, nameOf) {
  const seen = /* @__PURE__ */ new Map();
  return boxes.map((b) => {
    const base = `${imagePath}#${nameOf(b.classId)}@${c4(b.x1)},${c4(b.y1)},${c4(b.x2)},${c4(b.y2)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  });
}
function boxLabel(index, cls) {
  return `Box ${index + 1} of class '${cls}'`;
}
function enabled(sev) {
  return sev !== "off";
}

// src/checks/class-balance.ts
function classBalance(cx) {
  const { ds, classNames, classIds, declared } = cx;
  const rows = cx.imageClasses();
  const t = cx.cfg.thresholds;
  const splits = splitList(ds.splits, ds.images.map((i) => i.split));
  const splitIdx = new Map(splits.map((s, i) => [s, i]));
  const K2 = classIds.length;
  const S = splits.length;
  const inst = new Float64Array(K2 * S);
  const imgs = new Float64Array(K2 * S);
  for (let i = 0; i < ds.images.length; i++) {
    if (rows.start[i] === rows.start[i + 1]) continue;
    const s = splitIdx.get(ds.images[i].split);
    for (let p = rows.start[i]; p < rows.start[i + 1]; p++) {
      inst[rows.cls[p] * S + s] += rows.count[p];
      imgs[rows.cls[p] * S + s]++;
    }
  }
  const classes = classIds.map((id, k) => {
    let instances = 0;
    let images = 0;
    const bySplit = splits.map((s, j) => {
      instances += inst[k * S + j];
      images += imgs[k * S + j];
      return [s, { instances: inst[k * S + j], images: imgs[k * S + j] }];
    });
    return { id, name: classNames[k], declared: declared[k], instances, images, bySplit: Object.fromEntries(bySplit) };
  });
  const used = classes.filter((c) => c.instances > 0);
  let largest;
  let smallest;
  for (const c of used) {
    if (!largest || c.instances > largest.instances) largest = c;
    if (!smallest || c.instances < smallest.instances) smallest = c;
  }
  const ratio = used.length >= 2 ? largest.instances / smallest.instances : null;
  const similar = similarNameGroups(classes);
  const stats = {
    splits,
    classes,
    used: used.length,
    unused: classes.filter((c) => c.declared && c.instances === 0).map((c) => c.name),
    similarNames: similar.map((g) => g.map((c) => c.name)),
    imbalanceRatio: ratio === null ? null : round(ratio, 3),
    ...largest && used.length >= 2 ? { largest: largest.name, smallest: smallest.name } : {}
  };
  const findings = [];
  const path2 = ds.source;
  const at2 = path2 !== void 0 ? { path: path2 } : {};
  const perSplit = (c, field) => splits.length > 1 ? ` (${splits.map((s) => `${s || "(none)"} ${num(c.bySplit[s][field])}`).join(", ")})` : "";
  for (const c of classes) {
    if (c.declared && c.instances === 0)
      findings.push(finding({ check: "class/unused", severity: "warning", ...at2, key: c.name, message: `Class '${c.name}' is declared but no box uses it; a model trained on this data will never learn it.` }));
  }
  findings.push(...similarNameFindings(ds, similar, "warning"));
  findings.push(...splitCoverage(splits, classes, path2));
  const gates = [
    ["class/min-instances", "instances", t.minInstancesPerClass, "instance"],
    ["class/min-images", "images", t.minImagesPerClass, "image"]
  ];
  for (const [check, field, gate, word] of gates) {
    if (!enabled(gate.severity)) continue;
    for (const c of classes) {
      if (c[field] >= gate.value) continue;
      findings.push(
        finding({
          check,
          severity: gate.severity,
          ...at2,
          key: c.name,
          message: `Class '${c.name}' has ${plural(c[field], word)}${perSplit(c, field)}; at least ${plural(gate.value, word)} per class are recommended.`,
          data: { [field]: c[field], minimum: gate.value }
        })
      );
    }
  }
  const imb = t.maxImbalanceRatio;
  if (enabled(imb.severity) && ratio !== null && ratio > imb.value) {
    findings.push(
      finding({
        check: "class/imbalance",
        severity: imb.severity,
        ...at2,
        key: "",
        message: `The largest class '${largest.name}' has ${num(largest.instances)} instances and the smallest '${smallest.name}' has ${num(smallest.instances)}: a ratio of ${ratio.toFixed(1)}, above the limit of ${imb.value}.`,
        data: { ratio: round(ratio, 3), limit: imb.value, largest: largest.name, smallest: smallest.name }
      })
    );
  }
  return { id: "class-balance", stats, findings };
}
function splitList(declared, used) {
  const out = [...new Set(declared)];
  const have = new Set(out);
  for (const s of used) if (!have.has(s)) have.add(s), out.push(s);
  return out;
}

// src/checks/background.ts
function backgroundShare(cx) {
  const { ds, byImage } = cx;
  const gate = cx.cfg.thresholds.backgroundShare;
  const names = splitList(ds.splits, ds.images.map((i) => i.split));
  const rows = new Map(names.map((s) => [s, row(s)]));
  const total = row("(all)");
  ds.images.forEach((img, i) => {
    const r = rows.get(img.split);
    for (const x of [r, total]) {
      x.images++;
      x[img.labelState]++;
      x.boxes += byImage[i].length;
    }
  });
  for (const r of [...rows.values(), total]) r.backgroundShare = r.images ? round(r.background / r.images) : 0;
  const splits = [...rows.values()];
  const stats = { splits, total, range: { min: gate.min, max: gate.max } };
  const findings = [];
  if (enabled(gate.severity)) {
    for (const r of splits) {
      if (!r.images) continue;
      const share = r.background / r.images;
      if (share >= gate.min && share <= gate.max) continue;
      const side = share > gate.max ? `above the maximum of ${pct(gate.max)}` : `below the minimum of ${pct(gate.min)}`;
      const unl = r.unlabeled ? ` ${num(r.unlabeled)} more image${r.unlabeled === 1 ? " has" : "s have"} no label file at all and ${r.unlabeled === 1 ? "is" : "are"} not counted as background.` : "";
      findings.push(
        finding({
          check: "split/background-share",
          severity: gate.severity,
          ...ds.source !== void 0 ? { path: ds.source } : {},
          key: r.split,
          message: `Split '${r.split || "(none)"}' has ${pct(share)} background images (${num(r.background)} of ${num(r.images)}), ${side}; the allowed range is ${pct(gate.min)}\u2013${pct(gate.max)}.${unl}`,
          data: { split: r.split, share: round(share), background: r.background, images: r.images, unlabeled: r.unlabeled, min: gate.min, max: gate.max }
        })
      );
    }
  }
  return { id: "background", stats, findings };
}
function row(split) {
  return { split, images: 0, labeled: 0, background: 0, unlabeled: 0, boxes: 0, backgroundShare: 0 };
}

// src/checks/box-overlap.ts
function boxOverlap(cx) {
  const { ds, byImage } = cx;
  const dupT = cx.cfg.thresholds.duplicateBoxIou;
  const conT = cx.cfg.thresholds.conflictingBoxIou;
  const minT = Math.min(dupT, conT);
  const st = { duplicates: 0, conflicts: 0, pairsCompared: 0, duplicateIou: dupT, conflictIou: conT };
  const findings = [];
  let order2 = new Int32Array(64);
  byImage.forEach((boxes, i) => {
    const n = boxes.length;
    if (n < 2) return;
    if (order2.length < n) order2 = new Int32Array(n * 2);
    let m = 0;
    const idx = order2;
    if (n <= 64) {
      for (let j = 0; j < n; j++) {
        const b = boxes[j];
        if (!valid(b)) continue;
        let p = m++;
        while (p > 0 && boxes[idx[p - 1]].x1 > b.x1) {
          idx[p] = idx[p - 1];
          p--;
        }
        idx[p] = j;
      }
    } else {
      for (let j = 0; j < n; j++) if (valid(boxes[j])) idx[m++] = j;
      idx.subarray(0, m).sort((a, b) => boxes[a].x1 - boxes[b].x1 || a - b);
    }
    if (m < 2) return;
    for (let p = 0; p < m; p++) {
      const a = boxes[idx[p]];
      const areaA = (a.x2 - a.x1) * (a.y2 - a.y1);
      for (let q = p + 1; q < m; q++) {
        const b = boxes[idx[q]];
        if (b.x1 >= a.x2) break;
        const iw = Math.min(a.x2, b.x2) - b.x1;
        const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (ih <= 0) continue;
        st.pairsCompared++;
        const inter = iw * ih;
        const iou = inter / (areaA + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
        if (iou < minT) continue;
        const same = a.classId === b.classId;
        if (same ? iou < dupT : iou < conT) continue;
        const [j1, j2] = [idx[p], idx[q]].sort((x, y) => x - y);
        report(i, j1, j2, iou, same);
      }
    }
  });
  function report(i, j1, j2, iou, same) {
    const img = ds.images[i];
    const first = byImage[i][j1];
    const second = byImage[i][j2];
    const c1 = cx.nameOf(first.classId);
    const c2 = cx.nameOf(second.classId);
    const lines = first.line !== void 0 && second.line !== void 0 ? ` (lines ${first.line} and ${second.line})` : "";
    const at2 = (b) => b.line !== void 0 ? `, line ${b.line}` : "";
    const iouText = iou >= 0.995 && iou < 1 ? iou.toFixed(3) : iou.toFixed(2);
    const related = [.../* @__PURE__ */ new Set([...second.file !== img.path ? [img.path] : [], ...first.file !== second.file ? [first.file] : []])];
    if (same) st.duplicates++;
    else st.conflicts++;
    findings.push(
      finding({
        check: same ? "box/duplicate" : "box/conflict",
        severity: same ? "warning" : "error",
        path: second.file,
        ...second.line !== void 0 ? { line: second.line } : {},
        key: `${cx.boxKey(i, j1)}|${cx.boxKey(i, j2)}`,
        ...related.length ? { related } : {},
        message: same ? `Boxes ${j1 + 1} and ${j2 + 1}${lines} of class '${c1}' in ${img.path} overlap at IoU ${iouText}: the same object looks annotated twice.` : `Box ${j1 + 1} (class '${c1}'${at2(first)}) and box ${j2 + 1} (class '${c2}'${at2(second)}) in ${img.path} overlap at IoU ${iouText}: one object with two different labels.`,
        data: { iou: round(iou, 4), boxes: [j1 + 1, j2 + 1], lines: [first.line ?? null, second.line ?? null], classes: [c1, c2] }
      })
    );
  }
  return { id: "box-overlap", stats: st, findings };
}
function valid(b) {
  return !b.crowd && b.x2 > b.x1 && b.y2 > b.y1 && Number.isFinite(b.x1 + b.x2 + b.y1 + b.y2);
}

// src/checks/box-sanity.ts
var MIN_BOXES_FOR_OUTLIERS = 10;
var MIN_OUTLIER_FACTOR = Math.log(4);
var EPS = 1e-6;
function boxSanity(cx) {
  const { ds, byImage, indexOf, classNames } = cx;
  const t = cx.cfg.thresholds;
  const bs = t.boxSize;
  const sizeOn = enabled(bs.severity);
  const sev = bs.severity;
  const K2 = classNames.length;
  const counts = new Int32Array(K2);
  for (const b of ds.boxes) counts[indexOf(b.classId)]++;
  const start = new Int32Array(K2 + 1);
  for (let k = 0; k < K2; k++) start[k + 1] = start[k] + counts[k];
  const total = start[K2];
  const logArea = new Float64Array(total);
  const whereImg = new Int32Array(total);
  const whereIdx = new Int32Array(total);
  const wPx = new Float64Array(total);
  const hPx = new Float64Array(total);
  const nArea = start.slice(0, K2);
  const nPx = start.slice(0, K2);
  const findings = [];
  const st = { boxes: ds.boxes.length, degenerate: 0, outOfBounds: 0, tiny: 0, aspect: 0, sizeOutliers: 0, imagesWithTooMany: 0, perClass: [] };
  const emit = (check, severity, img, b, i, j, message, data) => {
    const related = cx.relatedOf(img, b.file);
    findings.push(
      finding({ check, severity, message, path: b.file, ...b.line !== void 0 ? { line: b.line } : {}, key: cx.boxKey(i, j), ...related ? { related } : {}, ...data ? { data } : {} })
    );
  };
  const who = (img, j, k) => `${boxLabel(j, classNames[k])} in ${img.path}`;
  const yolo = ds.format === "yolo";
  const rejected = (b) => yolo && [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2, b.x2 - b.x1, b.y2 - b.y1].some((v) => v < -0.01 || v > 1.01);
  const DROPPED = " Ultralytics rejects YOLO values outside 0\u20131 and skips the whole image (all its boxes) as corrupt.";
  const px = (v, side) => side ? `${fmt(v * side)} px` : `${fmt(v)} of the image side`;
  byImage.forEach((boxes, i) => {
    const img = ds.images[i];
    const W = img.width && img.height ? img.width : 0;
    const H = W ? img.height : 0;
    const tx = W ? 0.5 / W : 1e-3;
    const ty = H ? 0.5 / H : 1e-3;
    const tooMany = t.maxBoxesPerImage;
    if (enabled(tooMany.severity) && boxes.length > tooMany.value) {
      st.imagesWithTooMany++;
      const file = cx.labelFileOf(img);
      const related = cx.relatedOf(img, file);
      findings.push(
        finding({
          check: "box/too-many",
          severity: tooMany.severity,
          path: file,
          key: img.path,
          ...related ? { related } : {},
          message: `${img.path} has ${num(boxes.length)} boxes, more than the limit of ${num(tooMany.value)} for one image (detectors such as YOLO keep at most 300 per image by default); check for pasted or repeated labels.`,
          data: { boxes: boxes.length, limit: tooMany.value }
        })
      );
    }
    for (let j = 0; j < boxes.length; j++) {
      const b = boxes[j];
      const k = indexOf(b.classId);
      if (!(Number.isFinite(b.x1) && Number.isFinite(b.y1) && Number.isFinite(b.x2) && Number.isFinite(b.y2))) {
        st.degenerate++;
        emit("box/degenerate", "error", img, b, i, j, `${who(img, j, k)} has a coordinate that is not a number; it cannot be used.`);
        continue;
      }
      const w = b.x2 - b.x1;
      const h = b.y2 - b.y1;
      if (w <= 0 || h <= 0) {
        st.degenerate++;
        const what = [w <= 0 ? `${w === 0 ? "zero" : "negative"} width (${px(w, W)})` : "", h <= 0 ? `${h === 0 ? "zero" : "negative"} height (${px(h, H)})` : ""].filter(Boolean).join(" and ");
        emit("box/degenerate", "error", img, b, i, j, `${who(img, j, k)} has ${what}; it cannot be learned from.${rejected(b) ? DROPPED : ""}`, { w, h });
        continue;
      }
      if (b.x2 <= 0 || b.y2 <= 0 || b.x1 >= 1 || b.y1 >= 1) {
        st.outOfBounds++;
        emit("box/out-of-bounds", "error", img, b, i, j, `${who(img, j, k)} lies wholly outside the image (corners ${corners(b, W, H)}); it labels nothing.${rejected(b) ? DROPPED : ""}`);
        continue;
      }
      if (b.x1 < -tx || b.y1 < -ty || b.x2 > 1 + tx || b.y2 > 1 + ty) {
        st.outOfBounds++;
        const by = Math.max(-b.x1 * (W || 1), -b.y1 * (H || 1), (b.x2 - 1) * (W || 1), (b.y2 - 1) * (H || 1));
        const beyond = `${who(img, j, k)} reaches ${W ? `${fmt(by)} px` : `${pct(by)} of the side`} beyond the image edge (corners ${corners(b, W, H)})`;
        if (rejected(b)) emit("box/out-of-bounds", "error", img, b, i, j, `${beyond}.${DROPPED}`);
        else emit("box/out-of-bounds", "warning", img, b, i, j, `${beyond}; training clips it to the image.`);
      }
      const cw = Math.min(b.x2, 1) - Math.max(b.x1, 0);
      const ch = Math.min(b.y2, 1) - Math.max(b.y1, 0);
      const area = cw * ch;
      if (!b.crowd) {
        const p = nArea[k]++;
        logArea[p] = Math.log(area);
        whereImg[p] = i;
        whereIdx[p] = j;
      }
      if (W) {
        const p = nPx[k]++;
        wPx[p] = cw * W;
        hPx[p] = ch * H;
      }
      if (!sizeOn) continue;
      const small = W ? cw * W < bs.minPixels - EPS || ch * H < bs.minPixels - EPS : false;
      if (small || area < bs.minAreaFraction) {
        st.tiny++;
        const dims = W ? `${fmt(cw * W)}\xD7${fmt(ch * H)} px` : `${fmt(cw)}\xD7${fmt(ch)} of the image`;
        const rule = small ? `boxes under ${bs.minPixels} px` : `boxes under ${pct(bs.minAreaFraction)} of the image area`;
        emit("box/tiny", sev, img, b, i, j, `${who(img, j, k)} is ${dims} (${pct(area)} of the image); ${rule} are hard to learn from.`, { areaFraction: round(area, 9) });
      }
      const ar = W ? Math.max(cw * W / (ch * H), ch * H / (cw * W)) : Math.max(cw / ch, ch / cw);
      if (ar > bs.maxAspectRatio) {
        st.aspect++;
        const dims = W ? `${fmt(cw * W)}\xD7${fmt(ch * H)} px` : `${fmt(cw)}\xD7${fmt(ch)} of the image`;
        emit("box/aspect", sev, img, b, i, j, `${who(img, j, k)} is ${dims}, ${ar.toFixed(1)} times longer than wide; above ${bs.maxAspectRatio} this is usually a slip of the mouse.`, { aspectRatio: round(ar, 3) });
      }
    }
  });
  for (let k = 0; k < K2; k++) {
    if (!counts[k]) continue;
    const la = logArea.subarray(start[k], nArea[k]);
    const q = (p) => la.length ? round(Math.exp(quantileInPlace(la.slice(), p)), 9) : 0;
    const row2 = { name: classNames[k], boxes: counts[k], medianAreaFraction: q(0.5), p05AreaFraction: q(0.05), p95AreaFraction: q(0.95) };
    if (nPx[k] > start[k]) {
      row2.medianWidthPx = round(medianInPlace(wPx.subarray(start[k], nPx[k])), 2);
      row2.medianHeightPx = round(medianInPlace(hPx.subarray(start[k], nPx[k])), 2);
    }
    st.perClass.push(row2);
    if (!sizeOn || la.length < MIN_BOXES_FOR_OUTLIERS) continue;
    const sc = robustScale(la);
    for (let n = 0; n < la.length; n++) {
      const z = modifiedZ(la[n], sc);
      const off = la[n] - sc.median;
      if (Math.abs(z) <= bs.outlierZ || Math.abs(off) < MIN_OUTLIER_FACTOR) continue;
      const i = whereImg[start[k] + n];
      const j = whereIdx[start[k] + n];
      st.sizeOutliers++;
      const img = ds.images[i];
      const factor = Math.exp(Math.abs(off));
      emit(
        "box/size-outlier",
        "info",
        img,
        byImage[i][j],
        i,
        j,
        `${boxLabel(j, classNames[k])} in ${img.path} covers ${pct(Math.exp(la[n]))} of the image, ${fmt(factor)} times ${off < 0 ? "smaller" : "larger"} than the typical '${classNames[k]}' box (${pct(Math.exp(sc.median))}); check that it is the right class and the right extent.`,
        { z: round(z, 2), areaFraction: round(Math.exp(la[n]), 9), classMedian: round(Math.exp(sc.median), 9) }
      );
    }
  }
  return { id: "box-sanity", stats: st, findings };
}
function fmt(x) {
  const a = Math.abs(x);
  if (a >= 100 || Number.isInteger(x)) return String(Math.round(x));
  if (a >= 1) return String(Math.round(x * 10) / 10);
  return String(Number(x.toPrecision(2)));
}
function corners(b, W, H) {
  return W ? `${fmt(b.x1 * W)},${fmt(b.y1 * H)} to ${fmt(b.x2 * W)},${fmt(b.y2 * H)} px in a ${W}\xD7${H} image` : `${fmt(b.x1)},${fmt(b.y1)} to ${fmt(b.x2)},${fmt(b.y2)} normalised`;
}

// src/checks/cooccurrence.ts
var MATRIX_MAX_CLASSES = 100;
var MIN_EXPECTED = 5;
var DENSE_MAX = 1024;
function cooccurrence(cx) {
  const { ds, byImage, classNames } = cx;
  const rare = cx.cfg.thresholds.rareCooccurrence;
  const K2 = classNames.length;
  const single = new Array(K2).fill(0);
  const dense = K2 <= DENSE_MAX ? new Int32Array(K2 * K2) : void 0;
  const sparse = /* @__PURE__ */ new Map();
  const rows = cx.imageClasses();
  const { start, cls } = rows;
  for (let i = 0; i < byImage.length; i++) {
    const end = start[i + 1];
    for (let p = start[i]; p < end; p++) {
      const a = cls[p];
      single[a]++;
      for (let q = p + 1; q < end; q++) {
        const id = a * K2 + cls[q];
        if (dense) dense[id]++;
        else sparse.set(id, (sparse.get(id) ?? 0) + 1);
      }
    }
  }
  const pairCount = (id) => dense ? dense[id] : sparse.get(id) ?? 0;
  const seenPairs = [];
  if (dense) {
    for (let id = 0; id < dense.length; id++) if (dense[id]) seenPairs.push(id);
  } else seenPairs.push(...[...sparse.keys()].sort((a, b) => a - b));
  const used = [...single.keys()].filter((k) => single[k] > 0);
  const shown = used.length > MATRIX_MAX_CLASSES ? [...used].sort((a, b) => single[b] - single[a] || a - b).slice(0, MATRIX_MAX_CLASSES).sort((a, b) => a - b) : used;
  const counts = shown.map((a) => shown.map((b) => a === b ? single[a] : pairCount(Math.min(a, b) * K2 + Math.max(a, b))));
  const findings = [];
  const labeled = byImage.reduce((n, b) => n + (b.length ? 1 : 0), 0);
  const expected = (id) => single[Math.floor(id / K2)] * single[id % K2] / labeled;
  const rarePairs = used.length > 1 && rare > 0 ? seenPairs.filter((id) => pairCount(id) <= rare && expected(id) >= MIN_EXPECTED) : [];
  const imagesOf = new Map(rarePairs.map((id) => [id, []]));
  if (rarePairs.length) {
    for (let i = 0; i < byImage.length; i++)
      for (let p = start[i]; p < start[i + 1]; p++)
        for (let q = p + 1; q < start[i + 1]; q++) imagesOf.get(cls[p] * K2 + cls[q])?.push(i);
  }
  for (const id of rarePairs) {
    const a = Math.floor(id / K2);
    const b = id % K2;
    const imgs = imagesOf.get(id).map((i) => ds.images[i]);
    const first = imgs[0];
    const file = cx.labelFileOf(first);
    const related = [.../* @__PURE__ */ new Set([...file !== first.path ? [first.path] : [], ...imgs.slice(1).map((m) => m.path)])];
    const [na, nb] = [classNames[a], classNames[b]];
    const where = imgs.length === 1 ? `only 1 image (${first.path})` : `only ${imgs.length} images (${imgs.map((m) => m.path).join(", ")})`;
    findings.push(
      finding({
        check: "cooccurrence/rare",
        severity: "info",
        path: file,
        key: `${na}+${nb}`,
        ...related.length ? { related } : {},
        message: `Classes '${na}' and '${nb}' appear together in ${where}, though '${na}' is in ${num(single[a])} images and '${nb}' in ${num(single[b])}, so they would share about ${Math.round(expected(id))} by chance; check the labels there.`,
        data: { classes: [na, nb], together: imgs.length, images: [single[a], single[b]], expected: round(expected(id), 2) }
      })
    );
  }
  return {
    id: "cooccurrence",
    stats: { classes: shown.map((k) => classNames[k]), counts, truncated: shown.length < used.length, pairs: seenPairs.length, rarePairs: findings.length },
    findings
  };
}

// src/checks/union-area.ts
var RASTER_ABOVE = 128;
var GRID = 256;
function unionArea(boxes) {
  if (rbuf.length < boxes.length * 4) rbuf = new Float64Array(boxes.length * 8);
  const r = rbuf;
  let n = 0;
  for (const b of boxes) {
    const x1 = Math.max(b.x1, 0);
    const y1 = Math.max(b.y1, 0);
    const x2 = Math.min(b.x2, 1);
    const y2 = Math.min(b.y2, 1);
    if (!(x2 > x1 && y2 > y1)) continue;
    r[4 * n] = x1;
    r[4 * n + 1] = y1;
    r[4 * n + 2] = x2;
    r[4 * n + 3] = y2;
    n++;
  }
  if (!n) return 0;
  if (n === 1) return (r[2] - r[0]) * (r[3] - r[1]);
  if (n > RASTER_ABOVE) return rasterArea(r, n);
  if (xbuf.length < 2 * n) xbuf = new Float64Array(4 * n), obuf = new Int32Array(2 * n);
  const xs = xbuf;
  const ord = obuf;
  for (let j = 0; j < 2 * n; j++) {
    const v = r[4 * (j >> 1) + (j & 1) * 2];
    let p = j;
    while (p > 0 && xs[p - 1] > v) {
      xs[p] = xs[p - 1];
      p--;
    }
    xs[p] = v;
  }
  for (let j = 0; j < n; j++) {
    let p = j;
    while (p > 0 && r[4 * ord[p - 1] + 1] > r[4 * j + 1]) {
      ord[p] = ord[p - 1];
      p--;
    }
    ord[p] = j;
  }
  let area = 0;
  for (let s = 0; s + 1 < 2 * n; s++) {
    const xa = xs[s];
    const xb = xs[s + 1];
    if (xb <= xa) continue;
    let len = 0;
    let lo = 0;
    let hi = -1;
    for (let q = 0; q < n; q++) {
      const j = ord[q];
      if (r[4 * j] > xa || r[4 * j + 2] < xb) continue;
      const a = r[4 * j + 1];
      const b = r[4 * j + 3];
      if (a > hi) {
        if (hi > lo) len += hi - lo;
        lo = a;
        hi = b;
      } else if (b > hi) hi = b;
    }
    if (hi > lo) len += hi - lo;
    area += len * (xb - xa);
  }
  return area;
}
var xbuf = new Float64Array(256);
var obuf = new Int32Array(128);
var rbuf = new Float64Array(512);
function rasterArea(r, n) {
  const grid = new Uint8Array(GRID * GRID);
  let set = 0;
  for (let j = 0; j < n; j++) {
    const c0 = Math.max(0, Math.ceil(r[4 * j] * GRID - 0.5));
    const c1 = Math.min(GRID, Math.ceil(r[4 * j + 2] * GRID - 0.5));
    const r0 = Math.max(0, Math.ceil(r[4 * j + 1] * GRID - 0.5));
    const r1 = Math.min(GRID, Math.ceil(r[4 * j + 3] * GRID - 0.5));
    for (let y = r0; y < r1; y++)
      for (let x = c0; x < c1; x++) {
        const p = y * GRID + x;
        if (!grid[p]) {
          grid[p] = 1;
          set++;
        }
      }
  }
  return set / (GRID * GRID);
}

// src/checks/distribution.ts
var MIN_LOG_MAD = Math.LN2 / 2;
var COUNT_BINS = ["1", "2", "3", "4", "5", "6-10", "11-20", "21-50", "51-100", "101+"];
function countBin(n) {
  if (n <= 5) return n - 1;
  if (n <= 10) return 5;
  if (n <= 20) return 6;
  if (n <= 50) return 7;
  if (n <= 100) return 8;
  return 9;
}
function distribution(cx) {
  const { ds, byImage, indexOf, classNames } = cx;
  const zMax = cx.cfg.thresholds.objectCountOutlierZ;
  const K2 = classNames.length;
  const perImage = [];
  const covered = [];
  const hist = new Array(COUNT_BINS.length).fill(0);
  const classCounts = Array.from({ length: K2 }, () => []);
  const classImages = Array.from({ length: K2 }, () => []);
  const rows = cx.imageClasses();
  for (let i = 0; i < byImage.length; i++) {
    const boxes = byImage[i];
    if (!boxes.length) {
      if (ds.images[i].labelState !== "unlabeled") perImage.push(0);
      continue;
    }
    perImage.push(boxes.length);
    hist[countBin(boxes.length)]++;
    covered.push(unionArea(boxes));
    for (let p = rows.start[i]; p < rows.start[i + 1]; p++) {
      classCounts[rows.cls[p]].push(rows.count[p]);
      classImages[rows.cls[p]].push(i);
    }
  }
  const findings = [];
  const table = [];
  let outliers2 = 0;
  for (let k = 0; k < K2; k++) {
    const counts = classCounts[k];
    if (!counts.length) continue;
    const bins = new Array(COUNT_BINS.length).fill(0);
    let max = 0;
    for (const c of counts) {
      bins[countBin(c)]++;
      if (c > max) max = c;
    }
    const med = median(counts);
    table.push({ class: classNames[k], images: counts.length, counts: bins, median: med, max });
    const sc = robustScale(counts.map(Math.log));
    const spread = Math.max(sc.mad, MIN_LOG_MAD);
    const cut = Math.exp(sc.median + zMax * spread / 0.6745);
    if (max <= cut) continue;
    counts.forEach((c, n) => {
      const z = 0.6745 * (Math.log(c) - sc.median) / spread;
      if (z <= zMax) return;
      outliers2++;
      const i = classImages[k][n];
      const img = ds.images[i];
      const first = byImage[i].find((b) => indexOf(b.classId) === k);
      const file = first.file;
      const related = cx.relatedOf(img, file);
      findings.push(
        finding({
          check: "distribution/outlier",
          severity: "info",
          path: file,
          ...first.line !== void 0 ? { line: first.line } : {},
          key: `${img.path}#${classNames[k]}`,
          ...related ? { related } : {},
          message: `${img.path} holds ${num(c)} objects of class '${classNames[k]}', where images with that class usually hold ${fmtMedian(med)} (at most ${num(max)} in this dataset); check for repeated or mislabelled boxes.`,
          data: { count: c, classMedian: med, z: round(z, 2) }
        })
      );
    });
  }
  const cov = summary(covered);
  const per = summary(perImage);
  return {
    id: "distribution",
    stats: {
      objectsPerImage: { images: perImage.length, ...per, histogram: hist },
      coveredArea: { images: covered.length, mean: round(cov.mean, 4), median: round(cov.median, 4) },
      bins: [...COUNT_BINS],
      table,
      outliers: outliers2
    },
    findings
  };
}
function fmtMedian(m) {
  return Number.isInteger(m) ? num(m) : m.toFixed(1);
}

// src/checks/files.ts
function fileChecks(cx) {
  const { ds } = cx;
  const findings = [];
  for (const o of ds.orphans) {
    findings.push(
      finding({
        check: "label/orphan",
        severity: "warning",
        path: o.path,
        key: "",
        message: `Label file ${o.path}${o.split ? ` (split '${o.split}')` : ""} has no matching image; its boxes are not used.`
      })
    );
  }
  let unlabeled = 0;
  let mismatch = 0;
  for (const img of ds.images) {
    if (img.labelState === "unlabeled") {
      unlabeled++;
      findings.push(
        finding({
          check: "image/unlabeled",
          severity: "warning",
          path: img.path,
          key: "",
          message: `Image ${img.path} has no annotation at all. If it shows no objects, give it an empty label file so it counts as a deliberate background; otherwise label it.`
        })
      );
    }
    const dw = img.declaredWidth;
    const dh = img.declaredHeight;
    if (img.sizeSource === "file" && dw !== void 0 && dh !== void 0 && img.width && img.height && (dw !== img.width || dh !== img.height)) {
      mismatch++;
      const file = cx.labelFileOf(img);
      const related = cx.relatedOf(img, file);
      const o = img.orientation;
      const storedFrame = o !== void 0 && o >= 5 && o <= 8 && dw === img.height && dh === img.width;
      const swapped = !storedFrame && dw === img.height && dh === img.width ? " The sides are swapped: the annotation was probably made on a rotated copy of the image." : "";
      findings.push(
        finding({
          check: "image/size-mismatch",
          // the stored frame is right for loaders that ignore EXIF, wrong for those that honour it
          severity: storedFrame ? "warning" : "error",
          path: file,
          key: img.path,
          ...related ? { related } : {},
          message: storedFrame ? `${file} declares ${img.path} as ${dw}\xD7${dh} px, its stored (unrotated) frame, but the file carries EXIF orientation ${o}, so loaders that apply it (OpenCV, Ultralytics, PIL exif_transpose) see ${img.width}\xD7${img.height} px and its boxes land in the wrong place. Re-save the image upright without the orientation tag, or annotate the displayed frame.` : `${file} declares ${img.path} as ${dw}\xD7${dh} px, but the image file is ${img.width}\xD7${img.height} px; its boxes would be scaled wrong.${swapped}`,
          data: { declared: [dw, dh], actual: [img.width, img.height], ...o ? { orientation: o } : {} }
        })
      );
    }
  }
  return { id: "files", stats: { orphans: ds.orphans.length, unlabeled, sizeMismatch: mismatch }, findings };
}

// src/checks/heatmap.ts
var HEATMAP_SIZE = 16;
function heatmap(cx) {
  const { ds, indexOf, classNames } = cx;
  const G = HEATMAP_SIZE;
  const K2 = classNames.length;
  const cells = new Float64Array((K2 + 1) * G * G);
  const boxes = new Array(K2 + 1).fill(0);
  for (const b of ds.boxes) {
    if (!(b.x2 > b.x1 && b.y2 > b.y1) || !Number.isFinite(b.x1 + b.x2 + b.y1 + b.y2)) continue;
    const k = indexOf(b.classId);
    const col = cell((b.x1 + b.x2) / 2, G);
    const row2 = cell((b.y1 + b.y2) / 2, G);
    cells[k * G * G + row2 * G + col]++;
    cells[K2 * G * G + row2 * G + col]++;
    boxes[k]++;
    boxes[K2]++;
  }
  const grid = (k) => Array.from({ length: G }, (_, r) => Array.from(cells.subarray(k * G * G + r * G, k * G * G + (r + 1) * G)));
  const classes = [];
  for (let k = 0; k < K2; k++) if (boxes[k]) classes.push({ class: classNames[k], boxes: boxes[k], grid: grid(k) });
  return { id: "heatmap", stats: { size: G, all: { class: "(all)", boxes: boxes[K2], grid: grid(K2) }, classes }, findings: [] };
}
function cell(v, g) {
  return Math.min(g - 1, Math.max(0, Math.floor(v * g)));
}

// src/checks/labels.ts
function runLabelChecks(ds, cfg) {
  const cx = makeContext(ds, cfg);
  return [classBalance(cx), backgroundShare(cx), distribution(cx), cooccurrence(cx), heatmap(cx), boxSanity(cx), boxOverlap(cx), fileChecks(cx)];
}

// src/scan/memo-file.ts
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
var MAGIC = 1346588996;
var VERSION = 2;
var HEAD = 24;
var SELF = 4294967295;
var RETIRED = /^phash-x\d+\.bin$/;
function memoFiles(cacheDir) {
  const dir = path.join(cacheDir, "pairs");
  const fileOf = (name) => path.join(dir, `${name.replace(/[^\w.-]/g, "_")}.bin`);
  let swept = false;
  const sweep = () => {
    if (swept) return;
    swept = true;
    for (const f of readdirSync(dir)) if (RETIRED.test(f)) rmSync(path.join(dir, f), { force: true });
  };
  return {
    load(name) {
      try {
        return decodeMemo(readFileSync(fileOf(name)));
      } catch {
        return void 0;
      }
    },
    save(name, memo) {
      try {
        mkdirSync(dir, { recursive: true });
        const file = fileOf(name);
        const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
        writeFileSync(tmp, encodeMemo(memo));
        renameSync(tmp, file);
        sweep();
      } catch {
      }
    }
  };
}
function encodeMemo(m) {
  const nq = m.qHi.length;
  const self = m.tHi === m.qHi && m.tLo === m.qLo;
  const nt = self ? 0 : m.tHi.length;
  const np = m.a.length;
  const buf = Buffer.alloc(HEAD + 4 * (2 * nq + 2 * nt + 2 * np) + np);
  buf.writeUInt32LE(MAGIC, 0);
  buf.writeUInt32LE(VERSION, 4);
  buf.writeUInt32LE(m.r, 8);
  buf.writeUInt32LE(nq, 12);
  buf.writeUInt32LE(self ? SELF : nt, 16);
  buf.writeUInt32LE(np, 20);
  let off = HEAD;
  for (const col of self ? [m.qHi, m.qLo, m.a, m.b] : [m.qHi, m.qLo, m.tHi, m.tLo, m.a, m.b]) {
    Buffer.from(col.buffer, col.byteOffset, col.byteLength).copy(buf, off);
    off += col.byteLength;
  }
  Buffer.from(m.d.buffer, m.d.byteOffset, m.d.byteLength).copy(buf, off);
  return buf;
}
function decodeMemo(buf) {
  if (buf.length < HEAD || buf.readUInt32LE(0) !== MAGIC || buf.readUInt32LE(4) !== VERSION) return void 0;
  const r = buf.readUInt32LE(8);
  const nq = buf.readUInt32LE(12);
  const self = buf.readUInt32LE(16) === SELF;
  const nt = self ? 0 : buf.readUInt32LE(16);
  const np = buf.readUInt32LE(20);
  if (buf.length !== HEAD + 4 * (2 * nq + 2 * nt + 2 * np) + np) return void 0;
  let off = HEAD;
  const u322 = (n) => {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++, off += 4) out[i] = buf.readUInt32LE(off);
    return out;
  };
  const qHi = u322(nq);
  const qLo = u322(nq);
  const [tHi, tLo] = self ? [qHi, qLo] : [u322(nt), u322(nt)];
  const m = { r, qHi, qLo, tHi, tLo, a: u322(np), b: u322(np), d: new Uint8Array(buf.subarray(off, off + np)) };
  const ascending = (hi, lo) => hi.every((h, i) => i === 0 || h > hi[i - 1] || h === hi[i - 1] && lo[i] > lo[i - 1]);
  if (!ascending(qHi, qLo) || !self && !ascending(tHi, tLo)) return void 0;
  for (let k = 0; k < np; k++) if (m.a[k] >= nq || m.b[k] >= tHi.length) return void 0;
  return m;
}

// src/scan/hash-transform.ts
var MIRROR_X = 1431655765;
var MIRROR_Y = 16711935;
var TRANSPOSE = (() => {
  const t = new Uint32Array(8 * 256 * 2);
  for (let r = 0; r < 8; r++)
    for (let b = 0; b < 256; b++) {
      let hi = 0;
      let lo = 0;
      for (let u = 0; u < 8; u++) {
        if (!(b >> 7 - u & 1)) continue;
        const i = u * 8 + r;
        if (i < 32) hi |= 1 << 31 - i;
        else lo |= 1 << 63 - i;
      }
      t[(r * 256 + b) * 2] = hi >>> 0;
      t[(r * 256 + b) * 2 + 1] = lo >>> 0;
    }
  return t;
})();
function transformParts(hi, lo, t) {
  if (t & 4) {
    let h = 0;
    let l = 0;
    for (let r = 0; r < 8; r++) {
      const b = r < 4 ? hi >>> 24 - 8 * r & 255 : lo >>> 56 - 8 * r & 255;
      const k = (r * 256 + b) * 2;
      h |= TRANSPOSE[k];
      l |= TRANSPOSE[k + 1];
    }
    hi = h;
    lo = l;
  }
  if (t & 2) {
    hi ^= MIRROR_X;
    lo ^= MIRROR_X;
  }
  if (t & 1) {
    hi ^= MIRROR_Y;
    lo ^= MIRROR_Y;
  }
  return [hi >>> 0, lo >>> 0];
}
function inverseTransform(t) {
  return t & 4 ? 4 | (t & 2) >> 1 | (t & 1) << 1 : t;
}

// src/scan/phash-dct.ts
var HASH_SIDE = 32;
var N = HASH_SIDE;
var K = 8;
var COS = (() => {
  const t = new Float64Array(K * N);
  for (let u = 0; u < K; u++) {
    for (let x = 0; x < N / 2; x++) {
      const c = Math.cos(Math.PI * (2 * x + 1) * u / (2 * N));
      const q = Math.sign(c) * Math.round(Math.abs(c) * 4096);
      t[u * N + x] = q;
      t[u * N + (N - 1 - x)] = u % 2 === 0 ? q : -q;
    }
  }
  return t;
})();

// src/scan/hamming.ts
function popcount32(x) {
  x = x - (x >>> 1 & 1431655765);
  x = (x & 858993459) + (x >>> 2 & 858993459);
  x = x + (x >>> 4) & 252645135;
  return Math.imul(x, 16843009) >>> 24;
}

// src/scan/phash.ts
var N2 = HASH_SIDE;
var D4_ALL = [false, true].flatMap((t) => [false, true].flatMap((h) => [false, true].map((v) => ({ t, h, v }))));
var W9 = (() => {
  const w = new Float64Array(9 * N2);
  const step = N2 / 9;
  for (let j = 0; j < 9; j++) {
    const a = j * step;
    const b = (j + 1) * step;
    for (let x = 0; x < N2; x++) w[j * N2 + x] = Math.max(0, Math.min(b, x + 1) - Math.max(a, x));
  }
  return w;
})();

// src/scan/near-plan.ts
var MAX_BLOCK_BITS = 22;
function binom(n, k) {
  let r = 1;
  for (let i = 1; i <= k; i++) r = r * (n - k + i) / i;
  return r;
}
function maskCount(b, s) {
  let c = 0;
  for (let k = 0; k <= s; k++) c += binom(b, k);
  return c;
}
function plan(m, r) {
  const off = [];
  const bits = [];
  const s = [];
  const q = Math.floor(r / m);
  const rho = r % m;
  let o = 0;
  for (let k = 0; k < m; k++) {
    const b = Math.floor(64 / m) + (k < 64 % m ? 1 : 0);
    off.push(o);
    bits.push(b);
    s.push(k <= rho ? q : q - 1);
    o += b;
  }
  return { off, bits, s };
}
function indexCost(m, r, u) {
  const p = plan(m, r);
  let cost = 0;
  for (let k = 0; k < m; k++) {
    const s = p.s[k];
    if (s < 0) continue;
    const b = p.bits[k];
    const table = 2 ** b;
    const occupied = Math.min(u, table);
    const masks = maskCount(b, s);
    cost += table * 0.5 + u + occupied * masks * 0.7 + u * u / 2 * (masks / table) * 2;
  }
  return cost;
}
function choose(u, r) {
  let best = { method: "brute", m: 0, cost: u * u / 2 * 1.5 };
  const minM = Math.ceil(64 / MAX_BLOCK_BITS);
  for (let m = minM; m <= Math.max(minM, Math.min(64, r + 1)); m++) {
    const c = indexCost(m, r, u);
    if (c < best.cost) best = { method: "index", m, cost: c };
  }
  return best;
}
function chooseCross(ua, ub, r) {
  let best = { method: "brute", m: 0, cost: ua * ub * 1.5 };
  const minM = Math.ceil(64 / MAX_BLOCK_BITS);
  for (let m = minM; m <= Math.max(minM, Math.min(64, r + 1)); m++) {
    const p = plan(m, r);
    let cost = 0;
    for (let k = 0; k < m; k++) {
      const s = p.s[k];
      if (s < 0) continue;
      const table = 2 ** p.bits[k];
      const masks = maskCount(p.bits[k], s);
      cost += table * 0.5 + ub + ua * masks * 0.7 + ua * ub * (masks / table) * 2;
    }
    if (cost < best.cost) best = { method: "index", m, cost };
  }
  return best;
}
function masksOf(b, s) {
  const out = [];
  const rec = (from, left, mask) => {
    if (mask !== 0) out.push(mask >>> 0);
    if (left === 0) return;
    for (let bit = from; bit < b; bit++) rec(bit + 1, left - 1, (mask | 1 << bit) >>> 0);
  };
  rec(0, s, 0);
  return Uint32Array.from(out);
}
function blockMasks(off, bits) {
  let mh = 0;
  let ml = 0;
  for (let t = off; t < off + bits; t++) {
    if (t < 32) ml |= 1 << t;
    else mh |= 1 << t - 32;
  }
  return [mh >>> 0, ml >>> 0];
}
function blockKey(hi, lo, off, bits) {
  const mask = bits >= 32 ? 4294967295 : (1 << bits) - 1;
  if (off >= 32) return hi >>> off - 32 & mask;
  if (off + bits <= 32) return lo >>> off & mask;
  return (lo >>> off | hi << 32 - off) & mask;
}

// src/scan/near-multi-index.ts
function indexPairs(hi, lo, r, m, out) {
  const u = hi.length;
  const p = plan(m, r);
  const bmH = Uint32Array.from(p.off.map((o, k) => blockMasks(o, p.bits[k])[0]));
  const bmL = Uint32Array.from(p.off.map((o, k) => blockMasks(o, p.bits[k])[1]));
  const sArr = Int32Array.from(p.s);
  const keys = new Uint32Array(u);
  const sorted2 = new Uint32Array(u);
  const sH = new Uint32Array(u);
  const sL = new Uint32Array(u);
  const occ = new Uint32Array(u);
  const low = new Uint32Array(u);
  let table;
  const emit = (x, y, xh, xl, d, k) => {
    for (let e = 0; e < k; e++) {
      const se = sArr[e];
      if (se >= 0 && popcount32((xh & bmH[e]) >>> 0) + popcount32((xl & bmL[e]) >>> 0) <= se) return;
    }
    const a = sorted2[x];
    const b = sorted2[y];
    if (a < b) out.push(a, b, d);
    else out.push(b, a, d);
  };
  for (let k = 0; k < m; k++) {
    const s = p.s[k];
    if (s < 0) continue;
    const bits = p.bits[k];
    const size = 2 ** bits;
    if (!table || table.length < size + 1) table = new Uint32Array(size + 1);
    const off = table;
    off.fill(0, 0, size + 1);
    for (let x = 0; x < u; x++) {
      const key = blockKey(hi[x], lo[x], p.off[k], bits);
      keys[x] = key;
      off[key + 1]++;
    }
    for (let t = 0; t < size; t++) off[t + 1] += off[t];
    for (let x = 0; x < u; x++) {
      const pos = off[keys[x]]++;
      sorted2[pos] = x;
      sH[pos] = hi[x];
      sL[pos] = lo[x];
    }
    for (let t = size; t > 0; t--) off[t] = off[t - 1];
    off[0] = 0;
    let nOcc = 0;
    for (let i = 0; i < u; i++) {
      const key = keys[sorted2[i]];
      if (nOcc === 0 || occ[nOcc - 1] !== key) occ[nOcc++] = key;
    }
    for (let i = 0; i < nOcc; i++) {
      const v = occ[i];
      const e = off[v + 1];
      for (let x = off[v]; x < e; x++) {
        const h = sH[x];
        const l = sL[x];
        for (let y = x + 1; y < e; y++) {
          const xh = (h ^ sH[y]) >>> 0;
          const xl = (l ^ sL[y]) >>> 0;
          const d = popcount32(xh) + popcount32(xl);
          if (d <= r) emit(x, y, xh, xl, d, k);
        }
      }
    }
    if (s === 0) continue;
    const masks = masksOf(bits, s);
    for (let h = 0; h < bits; h++) {
      const bit = 1 << h;
      let nLow = 0;
      for (let i = 0; i < nOcc; i++) {
        const v = occ[i];
        if ((v & bit) === 0) low[nLow++] = v;
      }
      for (let mi = 0; mi < masks.length; mi++) {
        const mask = masks[mi];
        if (mask >= bit && mask < 2 * bit) joinMask(mask, low, nLow, off, sH, sL, r, k, emit);
      }
    }
  }
}
function joinMask(mask, keys, n, off, sH, sL, r, k, emit) {
  for (let i = 0; i < n; i++) {
    const v = keys[i];
    const t = v ^ mask;
    const b0 = off[t];
    const b1 = off[t + 1];
    if (b0 === b1) continue;
    const a1 = off[v + 1];
    for (let x = off[v]; x < a1; x++) {
      const h = sH[x];
      const l = sL[x];
      for (let y = b0; y < b1; y++) {
        const xh = (h ^ sH[y]) >>> 0;
        const xl = (l ^ sL[y]) >>> 0;
        const d = popcount32(xh) + popcount32(xl);
        if (d <= r) emit(x, y, xh, xl, d, k);
      }
    }
  }
}

// src/scan/near-values.ts
function parseHex64(h, hi, lo, k) {
  if (typeof h !== "string" || h.length !== 16 || !/^[0-9a-fA-F]{16}$/.test(h)) return false;
  hi[k] = parseInt(h.slice(0, 8), 16);
  lo[k] = parseInt(h.slice(8), 16);
  return true;
}
function distinct(hashes) {
  const parts = "ok" in hashes ? hashes : void 0;
  const n = parts ? parts.ok.length : hashes.length;
  const hi = parts ? parts.hi : new Uint32Array(n);
  const lo = parts ? parts.lo : new Uint32Array(n);
  let order2 = new Uint32Array(n);
  let valid2 = 0;
  if (parts) {
    for (let i = 0; i < n; i++) if (parts.ok[i]) order2[valid2++] = i;
  } else for (let i = 0; i < n; i++) if (parseHex64(hashes[i], hi, lo, i)) order2[valid2++] = i;
  order2 = order2.slice(0, valid2);
  let tmp = new Uint32Array(valid2);
  const count = new Uint32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let k = 0; k < valid2; k++) count[(src[order2[k]] >>> shift & 65535) + 1]++;
    for (let d = 0; d < 65536; d++) count[d + 1] += count[d];
    for (let k = 0; k < valid2; k++) {
      const i = order2[k];
      tmp[count[src[i] >>> shift & 65535]++] = i;
    }
    [order2, tmp] = [tmp, order2];
  }
  const uHi = new Uint32Array(valid2);
  const uLo = new Uint32Array(valid2);
  const start = new Uint32Array(valid2 + 1);
  let u = 0;
  for (let k = 0; k < valid2; k++) {
    const i = order2[k];
    if (k === 0 || hi[i] !== uHi[u - 1] || lo[i] !== uLo[u - 1]) {
      uHi[u] = hi[i];
      uLo[u] = lo[i];
      start[u] = k;
      u++;
    }
  }
  start[u] = valid2;
  return { hi: uHi.slice(0, u), lo: uLo.slice(0, u), start: start.slice(0, u + 1), idx: order2 };
}
function equalRuns(hashes) {
  const dv = distinct(hashes);
  const runs = [];
  for (let u = 0; u + 1 < dv.start.length; u++) if (dv.start[u + 1] - dv.start[u] >= 2) runs.push(dv.idx.slice(dv.start[u], dv.start[u + 1]));
  return runs;
}
var Triples = class {
  a = new Uint32Array(1024);
  b = new Uint32Array(1024);
  d = new Uint8Array(1024);
  n = 0;
  push(a, b, d) {
    if (this.n === this.a.length) {
      const grow = (x) => {
        const y = new x.constructor(x.length * 2);
        y.set(x);
        return y;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.d = grow(this.d);
    }
    this.a[this.n] = a;
    this.b[this.n] = b;
    this.d[this.n] = d;
    this.n++;
  }
};

// src/scan/near-cross.ts
function crossValuePairs(A, B, r, opts = {}) {
  const ua = A.hi.length;
  const ub = B.hi.length;
  const pairs = new Triples();
  const pick2 = chooseCross(ua, ub, r);
  const method = opts.method ?? pick2.method;
  if (method === "brute" || r >= 64) {
    for (let x = 0; x < ua; x++)
      for (let y = 0; y < ub; y++) {
        const d = popcount32((A.hi[x] ^ B.hi[y]) >>> 0) + popcount32((A.lo[x] ^ B.lo[y]) >>> 0);
        if (d <= r) pairs.push(x, y, d);
      }
  } else crossIndex(A, B, r, Math.max(Math.ceil(64 / MAX_BLOCK_BITS), Math.min(64, opts.blocks ?? (pick2.method === "index" ? pick2.m : 4))), pairs);
  return pairs;
}
function crossIndex(A, B, r, m, out) {
  const ub = B.hi.length;
  const p = plan(m, r);
  const bmH = p.off.map((o, k) => blockMasks(o, p.bits[k])[0]);
  const bmL = p.off.map((o, k) => blockMasks(o, p.bits[k])[1]);
  const keys = new Uint32Array(ub);
  const sorted2 = new Uint32Array(ub);
  const sH = new Uint32Array(ub);
  const sL = new Uint32Array(ub);
  for (let k = 0; k < m; k++) {
    const s = p.s[k];
    if (s < 0) continue;
    const bits = p.bits[k];
    const size = 2 ** bits;
    const off = new Uint32Array(size + 1);
    for (let y = 0; y < ub; y++) off[(keys[y] = blockKey(B.hi[y], B.lo[y], p.off[k], bits)) + 1]++;
    for (let t = 0; t < size; t++) off[t + 1] += off[t];
    for (let y = 0; y < ub; y++) {
      const pos = off[keys[y]]++;
      sorted2[pos] = y;
      sH[pos] = B.hi[y];
      sL[pos] = B.lo[y];
    }
    for (let t = size; t > 0; t--) off[t] = off[t - 1];
    off[0] = 0;
    const masks = [0, ...masksOf(bits, s)];
    for (let x = 0; x < A.hi.length; x++) {
      const h = A.hi[x];
      const l = A.lo[x];
      const key = blockKey(h, l, p.off[k], bits);
      for (const mask of masks) {
        const t = key ^ mask;
        const e = off[t + 1];
        for (let y = off[t]; y < e; y++) {
          const xh = (h ^ sH[y]) >>> 0;
          const xl = (l ^ sL[y]) >>> 0;
          const d = popcount32(xh) + popcount32(xl);
          if (d > r) continue;
          let earlier = false;
          for (let e2 = 0; e2 < k && !earlier; e2++) {
            const se = p.s[e2];
            earlier = se >= 0 && popcount32((xh & bmH[e2]) >>> 0) + popcount32((xl & bmL[e2]) >>> 0) <= se;
          }
          if (!earlier) out.push(x, sorted2[y], d);
        }
      }
    }
  }
}

// src/scan/near-index.ts
function brutePairs(hi, lo, r, out) {
  const u = hi.length;
  for (let x = 0; x < u; x++) {
    const h = hi[x];
    const l = lo[x];
    for (let y = x + 1; y < u; y++) {
      const d = popcount32((h ^ hi[y]) >>> 0) + popcount32((l ^ lo[y]) >>> 0);
      if (d <= r) out.push(x, y, d);
    }
  }
}
function findNearPairs(hashes, radius, opts = {}) {
  if (!(radius >= 0)) return [];
  const dv = distinct(hashes);
  return expand(dv, valuePairs(dv, Math.min(64, Math.floor(radius)), opts));
}
function valuePairs(dv, r, opts = {}) {
  const pairs = new Triples();
  const pick2 = choose(dv.hi.length, r);
  const method = opts.method ?? pick2.method;
  if (method === "brute" || r >= 64) brutePairs(dv.hi, dv.lo, r, pairs);
  else {
    const m = Math.max(Math.ceil(64 / MAX_BLOCK_BITS), Math.min(64, opts.blocks ?? (pick2.method === "index" ? pick2.m : 4)));
    indexPairs(dv.hi, dv.lo, r, m, pairs);
  }
  return pairs;
}
function expand(dv, pairs) {
  const { start, idx } = dv;
  const out = [];
  for (let u = 0; u + 1 < start.length; u++) {
    const a = start[u];
    const e = start[u + 1];
    for (let x = a; x < e; x++) for (let y = x + 1; y < e; y++) out.push([idx[x], idx[y], 0]);
  }
  for (let k = 0; k < pairs.n; k++) {
    const d = pairs.d[k];
    const a0 = start[pairs.a[k]];
    const a1 = start[pairs.a[k] + 1];
    const b0 = start[pairs.b[k]];
    const b1 = start[pairs.b[k] + 1];
    for (let x = a0; x < a1; x++) {
      const i = idx[x];
      for (let y = b0; y < b1; y++) {
        const j = idx[y];
        out.push(i < j ? [i, j, d] : [j, i, d]);
      }
    }
  }
  out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  return out;
}

// src/scan/near-memo.ts
var MAX_NEW_SHARE = 0.25;
function findNearPairsMemo(hashes, radius, store, name) {
  if (!(radius >= 0)) return [];
  const r = Math.min(64, Math.floor(radius));
  const dv = distinct(hashes);
  const prev = store.load(name);
  let pairs;
  if (prev && prev.r === r) {
    const { toCur, fresh } = match(dv, prev.qHi, prev.qLo);
    if (fresh.length <= dv.hi.length * MAX_NEW_SHARE) {
      pairs = kept(prev, toCur, toCur);
      const found = crossValuePairs(pick(dv, fresh), dv, r);
      const isFresh = new Uint8Array(dv.hi.length);
      for (const x of fresh) isFresh[x] = 1;
      for (let k = 0; k < found.n; k++) {
        const x = fresh[found.a[k]];
        const y = found.b[k];
        if (y === x || isFresh[y] && y < x) continue;
        pairs.push(x, y, found.d[k]);
      }
    }
  }
  pairs ??= valuePairs(dv, r);
  store.save(name, memoOf(r, dv, dv, pairs));
  return expand(dv, pairs);
}
function match(cur, pHi, pLo) {
  const n = cur.hi.length;
  const toCur = new Int32Array(pHi.length).fill(-1);
  const isOld = new Uint8Array(n);
  let i = 0;
  for (let j = 0; j < pHi.length && i < n; ) {
    const c = cur.hi[i] - pHi[j] || cur.lo[i] - pLo[j];
    if (c === 0) {
      toCur[j++] = i;
      isOld[i++] = 1;
    } else if (c < 0) i++;
    else j++;
  }
  const fresh = [];
  const old = [];
  for (let x = 0; x < n; x++) (isOld[x] ? old : fresh).push(x);
  return { toCur, fresh: Uint32Array.from(fresh), old: Uint32Array.from(old) };
}
function kept(prev, qTo, tTo) {
  const out = new Triples();
  for (let k = 0; k < prev.a.length; k++) {
    const pa = prev.a[k];
    const pb = prev.b[k];
    const a = qTo[pa];
    const b = tTo[pb];
    if (a < 0 || b < 0) continue;
    const d = popcount32((prev.qHi[pa] ^ prev.tHi[pb]) >>> 0) + popcount32((prev.qLo[pa] ^ prev.tLo[pb]) >>> 0);
    if (d <= prev.r) out.push(a, b, d);
  }
  return out;
}
var pick = (dv, at2) => ({ hi: at2.map((x) => dv.hi[x]), lo: at2.map((x) => dv.lo[x]) });
function memoOf(r, A, B, p) {
  return { r, qHi: A.hi, qLo: A.lo, tHi: B.hi, tLo: B.lo, a: p.a.slice(0, p.n), b: p.b.slice(0, p.n), d: p.d.slice(0, p.n) };
}

// src/scan/near-transform.ts
function findTransformPairs(hashes, transforms, radius, store, name = "transforms") {
  const K2 = transforms.length;
  if (!(radius >= 0) || !K2) return [];
  const r = Math.min(64, Math.floor(radius));
  const dv = distinct(hashes);
  const u = dv.hi.length;
  let pairs;
  let fresh;
  let old;
  const prev = store?.load(name);
  if (prev && prev.r === r && prev.tHi === prev.qHi) {
    const m = match(dv, prev.qHi, prev.qLo);
    if (m.fresh.length <= u * MAX_NEW_SHARE) {
      ({ fresh, old } = m);
      pairs = new Triples();
      for (let p = 0; p < prev.a.length; p++) {
        const x = m.toCur[prev.a[p]];
        const y = m.toCur[prev.b[p]];
        const k = prev.d[p];
        if (x < 0 || y < 0 || k >= K2) continue;
        const d = distance(dv, x, y, transforms[k]);
        if (d <= r) pairs.push(x, y * K2 + k, d);
      }
    }
  }
  if (!pairs || !fresh || !old) {
    pairs = new Triples();
    fresh = Uint32Array.from({ length: u }, (_, x) => x);
    old = new Uint32Array(0);
  }
  const qx = probes(dv, fresh, transforms.map(inverseTransform));
  const p1 = crossValuePairs(qx, dv, r);
  for (let e = 0; e < p1.n; e++) {
    const q = p1.a[e];
    pairs.push(fresh[Math.floor(q / K2)], p1.b[e] * K2 + q % K2, p1.d[e]);
  }
  if (old.length && fresh.length) {
    const qy = probes(dv, fresh, transforms);
    const p2 = crossValuePairs(qy, pick(dv, old), r);
    for (let e = 0; e < p2.n; e++) {
      const q = p2.a[e];
      pairs.push(old[p2.b[e]], fresh[Math.floor(q / K2)] * K2 + q % K2, p2.d[e]);
    }
  }
  if (store) {
    const b = new Uint32Array(pairs.n);
    const k = new Uint8Array(pairs.n);
    for (let e = 0; e < pairs.n; e++) [b[e], k[e]] = [Math.floor(pairs.b[e] / K2), pairs.b[e] % K2];
    store.save(name, { r, qHi: dv.hi, qLo: dv.lo, tHi: dv.hi, tLo: dv.lo, a: pairs.a.slice(0, pairs.n), b, d: k });
  }
  return expandTransform(dv, pairs, K2, hashes.ok.length);
}
function probes(dv, at2, ts) {
  const K2 = ts.length;
  const hi = new Uint32Array(at2.length * K2);
  const lo = new Uint32Array(at2.length * K2);
  for (let p = 0; p < at2.length; p++)
    for (let k = 0; k < K2; k++) {
      const [h, l] = transformParts(dv.hi[at2[p]], dv.lo[at2[p]], ts[k]);
      hi[p * K2 + k] = h;
      lo[p * K2 + k] = l;
    }
  return { hi, lo };
}
function distance(dv, x, y, t) {
  const [h, l] = transformParts(dv.hi[y], dv.lo[y], t);
  return popcount32((dv.hi[x] ^ h) >>> 0) + popcount32((dv.lo[x] ^ l) >>> 0);
}
function expandTransform(dv, pairs, K2, n) {
  const out = [];
  for (let e = 0; e < pairs.n; e++) {
    const x = pairs.a[e];
    const y = Math.floor(pairs.b[e] / K2);
    const k = pairs.b[e] % K2;
    for (let s = dv.start[x]; s < dv.start[x + 1]; s++)
      for (let t = dv.start[y]; t < dv.start[y + 1]; t++) out.push([dv.idx[s], k * n + dv.idx[t], pairs.d[e]]);
  }
  return out.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

// src/checks/dup-groups.ts
import { createHash as createHash2 } from "node:crypto";
var MAX_LINKS = 500;
var RANK = { exact: 0, pixel: 1, near: 2 };
var byPath = (a, b) => a < b ? -1 : a > b ? 1 : 0;
function groupLinks(ds, links) {
  const n = ds.images.length;
  const parent = new Int32Array(n).map((_, i) => i);
  const find = (x) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (const l of links) {
    const ra = find(l.a);
    const rb = find(l.b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const comps = /* @__PURE__ */ new Map();
  for (const l of links) {
    const root = find(l.a);
    let c = comps.get(root);
    if (!c) comps.set(root, c = { members: [], links: [], linkCount: 0, kind: "exact" });
    c.linkCount++;
    if (c.links.length < MAX_LINKS) c.links.push(l);
    if (RANK[l.kind] > RANK[c.kind]) c.kind = l.kind;
  }
  for (let i = 0; i < n; i++) comps.get(find(i))?.members.push(i);
  const splitOrder = new Map(ds.splits.map((s, k) => [s, k]));
  const groups = [];
  for (const c of comps.values()) {
    const members = c.members.sort((a, b) => byPath(ds.images[a].path, ds.images[b].path));
    const splits = [...new Set(members.map((i) => ds.images[i].split))].sort((x, y) => (splitOrder.get(x) ?? 1e9) - (splitOrder.get(y) ?? 1e9) || byPath(x, y));
    const key = createHash2("sha1").update(members.map((i) => ds.images[i].path).join("\n")).digest("hex").slice(0, 16);
    groups.push({ members, kind: c.kind, links: c.links, linkCount: c.linkCount, splits, key });
  }
  groups.sort((x, y) => byPath(ds.images[x.members[0]].path, ds.images[y.members[0]].path));
  return groups;
}

// src/checks/same-value.ts
function sameValue(recs, which, wanted) {
  const n = recs.length;
  const valueOf = (i) => which === "hash" ? recs.hash(i) : recs.pixelHash(i);
  const parts = { hi: new Uint32Array(n), lo: new Uint32Array(n), ok: new Uint8Array(n) };
  const oddFirst = /* @__PURE__ */ new Map();
  const odd = /* @__PURE__ */ new Map();
  const h = { hi: 0, lo: 0 };
  for (let i = 0; i < n; i++) {
    if (!wanted(i)) continue;
    if (recs.hashPrefix(which, i, h)) {
      [parts.hi[i], parts.lo[i], parts.ok[i]] = [h.hi, h.lo, 1];
      continue;
    }
    const v = valueOf(i);
    if (v === void 0) continue;
    const first = oddFirst.get(v);
    if (first === void 0) oddFirst.set(v, i);
    else (odd.get(first) ?? odd.set(first, [first]).get(first)).push(i);
  }
  const out = [];
  for (const run of equalRuns(parts)) {
    const byValue = /* @__PURE__ */ new Map();
    for (const i of run) {
      const v = valueOf(i);
      (byValue.get(v) ?? byValue.set(v, []).get(v)).push(i);
    }
    for (const g of byValue.values()) if (g.length > 1) out.push(g);
  }
  out.push(...odd.values());
  return out;
}

// src/checks/duplicates.ts
var ALL_TRANSFORMS_UP_TO = 25e3;
var MIRROR_UP_TO = 5e5;
function findDuplicates(ix) {
  const { ds, cfg } = ix.cx;
  const n = ds.images.length;
  const radius = cfg.thresholds.nearDuplicateRadius;
  const flips = cfg.thresholds.duplicates.flips;
  const recs = ix.records;
  const ok = (i) => recs.usable(i) && ds.images[i]?.exists !== false;
  const links = [];
  let scanned = 0;
  let lowVariance = 0;
  const usable = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!ok(i)) continue;
    usable[i] = 1;
    scanned++;
    if (recs.lowVariance(i)) lowVariance++;
  }
  const copy = new Uint8Array(n);
  const pathOf = (i) => ds.images[i].path;
  for (const members of sameValue(recs, "hash", (i) => usable[i] === 1)) {
    const first = members[0];
    const other = members.find((i) => pathOf(i) !== pathOf(first));
    for (const i of members.slice(1)) {
      copy[i] = 1;
      const anchor = pathOf(i) !== pathOf(first) ? first : other;
      if (anchor !== void 0 && anchor !== i && pathOf(anchor) !== pathOf(i)) links.push({ a: Math.min(anchor, i), b: Math.max(anchor, i), kind: "exact", distance: 0, flipped: false });
    }
  }
  for (const [first, ...rest] of sameValue(recs, "pixelHash", (i) => usable[i] === 1 && !copy[i]))
    for (const i of rest) links.push({ a: first, b: i, kind: "pixel", distance: 0, flipped: false });
  const samePixels = (a, b) => {
    const pa = recs.pixelHash(a);
    return recs.hash(a) === recs.hash(b) || pa !== void 0 && pa === recs.pixelHash(b);
  };
  const hashOf = (field) => {
    const out = { hi: new Uint32Array(n), lo: new Uint32Array(n), ok: new Uint8Array(n) };
    const h = { hi: 0, lo: 0 };
    for (let i = 0; i < n; i++) {
      if (!usable[i] || recs.lowVariance(i) || !recs.hashParts(field, i, h)) continue;
      out.hi[i] = h.hi;
      out.lo[i] = h.lo;
      out.ok[i] = 1;
    }
    return out;
  };
  const seen = /* @__PURE__ */ new Set();
  const histogram = {};
  let nearPairs = 0;
  let flippedPairs = 0;
  const ph = hashOf("phash");
  const memo = ix.pairMemo;
  const selfPairs = (h, name) => memo ? findNearPairsMemo(h, radius, memo, name) : findNearPairs(h, radius);
  for (const [a, b, d] of selfPairs(ph, "phash")) {
    seen.add(`${a},${b}`);
    if (samePixels(a, b)) continue;
    nearPairs++;
    histogram[d] = (histogram[d] ?? 0) + 1;
    links.push({ a, b, kind: "near", distance: d, flipped: false, via: "direct" });
  }
  if (flips) {
    const add = (a, b, d, via, transform) => {
      const k = `${a},${b}`;
      if (seen.has(k) || samePixels(a, b)) return;
      seen.add(k);
      flippedPairs++;
      links.push({ a, b, kind: "near", distance: d, flipped: true, via, ...transform !== void 0 ? { transform } : {} });
    };
    const transforms = scanned <= ALL_TRANSFORMS_UP_TO ? [1, 2, 3, 4, 5, 6, 7] : scanned <= MIRROR_UP_TO ? [2] : [];
    if (transforms.length) {
      const q = ph;
      const best = /* @__PURE__ */ new Map();
      const found = findTransformPairs(q, transforms, radius, memo, `phash-t${transforms.join("")}`);
      for (const [i, tj, d] of found) {
        const j = tj % n;
        if (i === j) continue;
        const t = transforms[Math.floor(tj / n)];
        const k = i < j ? `${i},${j}` : `${j},${i}`;
        if ((best.get(k)?.d ?? 65) > d) best.set(k, { d, t: i < j ? t : inverseTransform(t) });
      }
      for (const [k, { d, t }] of [...best].sort((x, y) => x[0] < y[0] ? -1 : 1)) {
        const [a, b] = k.split(",").map(Number);
        add(a, b, d, "transformed", t);
      }
    }
    for (const [a, b, d] of selfPairs(hashOf("phashD4"), "phash-d4")) add(a, b, d, "d4");
  }
  const groups = groupLinks(ds, links);
  const count = (k) => groups.filter((g) => g.kind === k).length;
  return {
    groups,
    stats: {
      scanned,
      lowVariance,
      radius,
      flips,
      exactGroups: count("exact"),
      pixelGroups: count("pixel"),
      nearGroups: count("near"),
      imagesInGroups: groups.reduce((s, g) => s + g.members.length, 0),
      nearPairs,
      flippedPairs,
      crossSplitGroups: groups.filter((g) => g.splits.length > 1).length,
      nearDistanceHistogram: histogram
    }
  };
}
function duplicateChecks(ix, dups) {
  const { ds, cfg } = ix.cx;
  const sev = cfg.thresholds.duplicates.severity;
  const findings = [];
  if (enabled(sev)) {
    for (const g of dups.groups) {
      if (g.splits.length > 1) continue;
      const paths = [...new Set(g.members.map((i) => ds.images[i].path))];
      findings.push(
        finding({
          check: `dup/${g.kind}`,
          severity: sev,
          path: paths[0],
          key: g.key,
          related: paths.slice(1, 1 + MAX_RELATED),
          message: `${describeGroup(ix, g)} Keep one of them, or make sure the copies are intended.`,
          data: groupData(ix, g)
        })
      );
    }
  }
  return { id: "duplicates", stats: dups.stats, findings };
}

// src/checks/image-frames.ts
var ORIENTATION_TEXT = {
  2: "mirrored horizontally",
  3: "rotated 180\xB0",
  4: "mirrored vertically",
  5: "mirrored and rotated 90\xB0 (transposed)",
  6: "rotated 90\xB0 clockwise",
  7: "mirrored and rotated 90\xB0 counter-clockwise (transversed)",
  8: "rotated 90\xB0 counter-clockwise"
};
function exifFinding(img, r, o, boxes, severity) {
  const W = r.width ?? 0;
  const H = r.height ?? 0;
  const swap = o >= 5;
  const [sw, sh] = swap ? [H, W] : [W, H];
  const dw = img.declaredWidth;
  const dh = img.declaredHeight;
  let frame = "";
  if (dw !== void 0 && dh !== void 0 && swap) {
    if (dw === sw && dh === sh && sw !== sh)
      frame = ` The annotation declares ${dw}\xD7${dh}, the stored (unrotated) frame: the boxes were probably drawn on the unrotated pixels, but loaders that apply the orientation will see the image rotated.`;
    else if (dw === W && dh === H) frame = ` The annotation declares ${dw}\xD7${dh}, the displayed (rotated) frame, which matches loaders that apply the orientation.`;
  }
  return finding({
    check: "image/exif-rotated",
    severity,
    path: img.path,
    key: "",
    ...img.labelPath ? { related: [img.labelPath] } : {},
    message: `Image ${img.path} has EXIF orientation ${o} (${ORIENTATION_TEXT[o]}): stored as ${sw}\xD7${sh} px, displayed as ${W}\xD7${H} px. Its ${boxes} box${boxes === 1 ? "" : "es"} are only right in one of the two frames: OpenCV's imread, Ultralytics and detectron2 apply the orientation; PIL's Image.open and raw pixel readers do not.${frame} Check the labels against the frame your loader uses, or re-save the image with the rotation applied.`,
    data: { orientation: o, stored: [sw, sh], displayed: [W, H], ...dw !== void 0 ? { declared: [dw, dh] } : {} }
  });
}
function sizeMismatch(img, r, file) {
  const dw = img.declaredWidth;
  const dh = img.declaredHeight;
  if (img.sizeSource === "file" || dw === void 0 || dh === void 0 || r.error || !r.width || !r.height) return void 0;
  const swap = r.orientation !== void 0 && r.orientation >= 5 && r.orientation <= 8;
  const [sw, sh] = swap ? [r.height, r.width] : [r.width, r.height];
  if (dw === r.width && dh === r.height || dw === sw && dh === sh) return void 0;
  const rotated = dw === r.height && dh === r.width ? " The sides are swapped: the image is probably rotated relative to the annotation." : "";
  return finding({
    check: "image/size-mismatch",
    severity: "error",
    path: file,
    key: img.path,
    ...file !== img.path ? { related: [img.path] } : {},
    message: `${file} declares ${img.path} as ${dw}\xD7${dh} px, but the image decodes as ${r.width}\xD7${r.height} px; its boxes would be scaled wrong.${rotated}`,
    data: { declared: [dw, dh], actual: [r.width, r.height] }
  });
}

// src/checks/image-errors.ts
var NOTE_LIMIT = 20;
var ERROR_TEXT = {
  corrupt: "is corrupt and cannot be decoded",
  truncated: "is truncated (the file ends before the image data does)",
  empty: "is an empty file (0 bytes)",
  "not-image": "is not an image file",
  unsupported: "is in a format the scanner (and most training loaders) cannot decode",
  bomb: "has more pixels than the decompression-bomb limit and was not decoded",
  "lfs-pointer": "is a Git LFS pointer whose content was not fetched"
};
function imageErrors(ix) {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.images;
  const st = { scanned: 0, errors: {}, exifRotated: 0, highBitDepth: 0, cmyk: 0, alpha: 0, palette: 0, sizeMismatch: 0 };
  const findings = [];
  const notes = /* @__PURE__ */ new Map();
  const note = (kind, severity, f, summary2) => {
    if (!enabled(severity)) return;
    let n = notes.get(kind);
    if (!n) notes.set(kind, n = { severity, list: [], summary: summary2 });
    n.list.push(f());
  };
  for (const img of ds.images) {
    const r = ix.records.meta(img.id);
    if (!r) continue;
    st.scanned++;
    if (r.error) {
      st.errors[r.error.kind] = (st.errors[r.error.kind] ?? 0) + 1;
      if (enabled(t.unreadable)) {
        findings.push(
          finding({
            check: `image/${r.error.kind}`,
            severity: t.unreadable,
            path: img.path,
            key: "",
            message: `Image ${img.path} ${ERROR_TEXT[r.error.kind] ?? "cannot be decoded"}: ${r.error.message}. Training loaders will fail or skip it; replace or remove it${img.labelPath ? ` (and its labels in ${img.labelPath})` : ""}.`,
            data: { kind: r.error.kind, bytes: r.bytes, ...r.format ? { format: r.format } : {} }
          })
        );
      }
    }
    const boxes = byImage[img.id]?.length ?? 0;
    const o = r.orientation;
    if (o !== void 0 && o >= 2 && o <= 8 && boxes > 0) {
      st.exifRotated++;
      note(
        "exif-rotated",
        t.exifRotated,
        () => exifFinding(img, r, o, boxes, t.exifRotated),
        (n, ps) => `${num(n)} labeled images carry an EXIF orientation other than 1 (e.g. ${listPaths(ps, 5)}): loaders that apply it (OpenCV, Ultralytics, detectron2) and those that do not (plain PIL, raw pixel readers) see different frames, so check that the labels were drawn in the frame your loader uses, or bake the rotation into the pixels.`
      );
    }
    if (r.bitDepth !== void 0 && r.bitDepth > 8) {
      st.highBitDepth++;
      note(
        "16-bit",
        t.highBitDepth,
        () => simpleNote("image/16-bit", t.highBitDepth, img, `Image ${img.path} has ${r.bitDepth}-bit samples. OpenCV's default imread reduces them to 8 bits, while PIL opens 16-bit greyscale as mode I;16, which convert('RGB') clips to white; check what your loader does or convert the file to 8 bits.`),
        (n, ps) => `${num(n)} images have more than 8 bits per sample (e.g. ${listPaths(ps, 5)}). OpenCV's default imread reduces them to 8 bits, while PIL's convert('RGB') clips 16-bit greyscale to white; check what your loader does or convert them to 8 bits.`
      );
    }
    if (r.space === "cmyk") {
      st.cmyk++;
      note(
        "cmyk",
        t.formatNotes,
        () => simpleNote("image/cmyk", t.formatNotes, img, `Image ${img.path} is stored as CMYK. Most loaders convert it to RGB, but colours can come out inverted or shifted (Adobe CMYK JPEGs); an RGB copy is safer.`),
        (n, ps) => `${num(n)} images are stored as CMYK (e.g. ${listPaths(ps, 5)}); loaders convert them to RGB, sometimes with wrong colours.`
      );
    }
    if (r.hasAlpha) {
      st.alpha++;
      note(
        "alpha",
        t.formatNotes,
        () => simpleNote("image/alpha", t.formatNotes, img, `Image ${img.path} has an alpha channel. Loaders drop it; transparent areas then show whatever colour is stored under them (often black).`),
        (n, ps) => `${num(n)} images have an alpha channel (e.g. ${listPaths(ps, 5)}); loaders drop it and transparent areas show the colour stored under them.`
      );
    }
    if (r.palette) {
      st.palette++;
      note(
        "palette",
        t.formatNotes,
        () => simpleNote("image/palette", t.formatNotes, img, `Image ${img.path} uses a colour palette. It is expanded to RGB on load; fine unless your pipeline reads the raw palette indices.`),
        (n, ps) => `${num(n)} images use a colour palette (e.g. ${listPaths(ps, 5)}); they are expanded to RGB on load.`
      );
    }
    const mm = sizeMismatch(img, r, ix.cx.labelFileOf(img));
    if (mm) {
      st.sizeMismatch++;
      findings.push(mm);
    }
  }
  for (const [kind, n] of notes) {
    if (n.list.length <= NOTE_LIMIT) {
      findings.push(...n.list);
      continue;
    }
    const paths = n.list.map((f) => f.path);
    findings.push(
      finding({
        check: n.list[0].check,
        severity: n.severity,
        path: paths[0],
        key: `*${kind}`,
        related: paths.slice(1, 100),
        message: n.summary(paths.length, paths),
        data: { images: paths.length }
      })
    );
  }
  return { id: "image-errors", stats: st, findings };
}
function simpleNote(check, severity, img, message) {
  return finding({ check, severity, path: img.path, key: "", message });
}

// src/checks/image-quality.ts
var ODD_SIZE_MIN_IQR = 0.1;
var pct2 = (x) => `${(x * 100).toFixed(Math.abs(x) < 0.1 ? 1 : 0)}%`;
function imageQuality(ix) {
  const { ds, cfg } = ix.cx;
  const t = cfg.thresholds.quality;
  const sev = t.severity;
  const thresholds = { dark: t.dark, light: t.light, lowInformation: t.lowInformation, blurry: t.blurry, oddAspectRatio: t.oddAspectRatio, oddSizeIqr: t.oddSizeIqr };
  const st = { scanned: 0, issues: {}, grayscaleShare: 0, thresholds };
  const recs = ix.records;
  const list = [];
  let gray = 0;
  for (const img of ds.images) {
    const q = recs.usable(img.id) ? recs.quality(img.id) : void 0;
    if (!q) continue;
    list.push(img);
    if (q.grayscale) gray++;
  }
  st.scanned = list.length;
  const findings = [];
  if (!list.length || !enabled(sev)) return { id: "image-quality", stats: st, findings };
  st.grayscaleShare = gray / list.length;
  const sizes = sorted(list.map((img) => Math.sqrt((recs.int("width", img.id) ?? 0) * (recs.int("height", img.id) ?? 0))).filter((x) => x > 0));
  let band;
  if (sizes.length >= 4) {
    const q1 = quantileSorted(sizes, 0.25);
    const q3 = quantileSorted(sizes, 0.75);
    const iqr = Math.max(q3 - q1, ODD_SIZE_MIN_IQR * quantileSorted(sizes, 0.5));
    band = [q1 - t.oddSizeIqr * iqr, q3 + t.oddSizeIqr * iqr];
    st.sizeBand = [Math.round(band[0] * 10) / 10, Math.round(band[1] * 10) / 10];
  }
  const add = (issue, img, message, data) => {
    st.issues[issue] = (st.issues[issue] ?? 0) + 1;
    findings.push(finding({ check: `quality/${issue}`, severity: sev, path: img.path, key: "", message: `Image ${img.path} ${message}`, data }));
  };
  const f2 = (x) => x.toFixed(2);
  for (const img of list) {
    const r = recs.meta(img.id);
    const q = recs.quality(img.id);
    if (q.dark < t.dark)
      add("dark", img, `is very dark: even its brightest 1 % of pixels are at ${pct2(q.dark)} brightness (CleanVision flags under ${pct2(t.dark)}).`, { score: q.dark, threshold: t.dark });
    if (q.light < t.light)
      add("light", img, `is very bright or washed out: 95 % of its pixels are above ${pct2(1 - q.light)} brightness (CleanVision flags above ${pct2(1 - t.light)}).`, { score: q.light, threshold: t.light });
    if (q.lowInformation < t.lowInformation)
      add("low-information", img, `carries little information: its pixel entropy is ${(q.lowInformation * 10).toFixed(1)} bits (CleanVision flags under ${(t.lowInformation * 10).toFixed(1)}); it may be blank, a solid colour or nearly so.`, {
        score: q.lowInformation,
        threshold: t.lowInformation
      });
    if (q.blurry < t.blurry)
      add("blurry", img, `looks blurry: blur score ${f2(q.blurry)} (edge strength and contrast; CleanVision flags under ${f2(t.blurry)}).`, { score: q.blurry, threshold: t.blurry });
    if (q.oddAspectRatio < t.oddAspectRatio && r.width && r.height)
      add("odd-aspect-ratio", img, `has an extreme aspect ratio: ${r.width}\xD7${r.height} px (short/long side ${f2(q.oddAspectRatio)}; CleanVision flags under ${f2(t.oddAspectRatio)}).`, {
        score: q.oddAspectRatio,
        threshold: t.oddAspectRatio
      });
    if (t.grayscale && q.grayscale && st.grayscaleShare < 0.5)
      add("grayscale", img, `is grayscale while ${pct2(1 - st.grayscaleShare)} of the dataset is in colour; a model trained on colour may treat it differently (check it is not a failed conversion).`, {
        grayscaleShare: st.grayscaleShare
      });
    if (band && r.width && r.height) {
      const s = Math.sqrt(r.width * r.height);
      if (s < band[0] || s > band[1])
        add("odd-size", img, `is ${s < band[0] ? "much smaller" : "much larger"} than the rest: ${r.width}\xD7${r.height} px (\u221A(w\xB7h) = ${Math.round(s)}, typical ${Math.round(quantileSorted(sizes, 0.25))}\u2013${Math.round(quantileSorted(sizes, 0.75))}, band ${Math.round(Math.max(0, band[0]))}\u2013${Math.round(band[1])}).`, {
          size: Math.round(s * 10) / 10,
          band: st.sizeBand
        });
    }
  }
  return { id: "image-quality", stats: st, findings };
}

// src/checks/same-file.ts
var repeatedOf = /* @__PURE__ */ new WeakMap();
function repeatedPaths(images) {
  let out = repeatedOf.get(images);
  if (out) return out;
  const n = images.length;
  const h = new Uint32Array(n);
  for (let i = 0; i < n; i++) h[i] = fnv1a(images[i].path);
  const sorted2 = h.slice().sort();
  const twice = /* @__PURE__ */ new Set();
  for (let k = 1; k < n; k++) if (sorted2[k] === sorted2[k - 1]) twice.add(sorted2[k]);
  const seen = /* @__PURE__ */ new Set();
  out = /* @__PURE__ */ new Set();
  if (twice.size)
    for (let i = 0; i < n; i++) {
      if (!twice.has(h[i])) continue;
      const p = images[i].path;
      if (seen.has(p)) out.add(p);
      else seen.add(p);
    }
  repeatedOf.set(images, out);
  return out;
}
function fnv1a(s) {
  let x = 2166136261;
  for (let i = 0; i < s.length; i++) x = Math.imul(x ^ s.charCodeAt(i), 16777619);
  return x >>> 0;
}
function sameFileLeakage(ds, cfg) {
  const repeated = repeatedPaths(ds.images);
  const splitsOf = /* @__PURE__ */ new Map();
  if (repeated.size)
    for (const img of ds.images) {
      if (!repeated.has(img.path)) continue;
      const l = splitsOf.get(img.path);
      if (!l) splitsOf.set(img.path, [img.split]);
      else if (!l.includes(img.split)) l.push(img.split);
    }
  const order2 = new Map(ds.splits.map((s, k) => [s, k]));
  const rank = (s) => order2.get(s) ?? 1e9;
  const byPair = /* @__PURE__ */ new Map();
  let sameFileImages = 0;
  for (const [p, splits] of splitsOf) {
    if (splits.length < 2) continue;
    sameFileImages++;
    splits.sort((x, y) => rank(x) - rank(y) || byPath(x, y));
    for (let x = 0; x < splits.length; x++)
      for (let y = x + 1; y < splits.length; y++) {
        const key = `${splits[x]}|${splits[y]}`;
        const e = byPair.get(key) ?? byPair.set(key, { a: splits[x], b: splits[y], paths: [] }).get(key);
        e.paths.push(p);
      }
  }
  const sev = cfg.thresholds.leakage.duplicates;
  const findings = [];
  if (enabled(sev))
    for (const [key, { a, b, paths }] of [...byPair].sort((x, y) => byPath(x[0], y[0]))) {
      paths.sort(byPath);
      findings.push(
        finding({
          check: "leak/same-file",
          severity: sev,
          ...ds.source !== void 0 ? { path: ds.source } : { path: paths[0] },
          key,
          related: paths.slice(0, MAX_RELATED),
          message: `Splits '${a}' and '${b}' both list the same ${plural(paths.length, "image file")} (${listPaths(paths, 3)}): scores on '${b}' are measured on images the model trained on. Point each split at its own images.`,
          data: { splits: [a, b], images: paths.length }
        })
      );
    }
  return { stats: { sameFileImages }, findings };
}

// src/checks/frame-sequences.ts
function sequences(images) {
  const seqs = /* @__PURE__ */ new Map();
  const repeated = repeatedPaths(images);
  const seen = /* @__PURE__ */ new Set();
  for (const img of images) {
    if (repeated.size && repeated.has(img.path)) {
      if (seen.has(img.path)) continue;
      seen.add(img.path);
    }
    const slash = img.path.lastIndexOf("/");
    const dir = img.path.slice(0, slash + 1);
    const base = img.path.slice(slash + 1);
    const dot = base.lastIndexOf(".");
    const ext = dot > 0 ? base.slice(dot) : "";
    const stem = (dot > 0 ? base.slice(0, dot) : base).replace(/\.rf\.[0-9a-f]{16,}$/i, "");
    const m = /^(.*?)(\d+)(\D*)$/.exec(stem);
    if (!m) continue;
    const key = `${dir}\0${m[1]}\0${m[3]}\0${ext.toLowerCase()}`;
    let list = seqs.get(key);
    if (!list) seqs.set(key, list = []);
    list.push({ i: img.id, n: Number(m[2]), path: img.path });
  }
  return [...seqs.values()].filter((l) => l.length > 1).map((l) => l.sort((x, y) => x.n - y.n || byPath(x.path, y.path)).map((f) => f.i));
}

// src/checks/label-compare.ts
function orientationsOf(link) {
  if (link.via === "transformed" && link.transform !== void 0) return [link.transform, ...[1, 2, 3, 4, 5, 6, 7].filter((t) => t !== link.transform)];
  if (link.via === "d4") return [0, 1, 2, 3, 4, 5, 6, 7];
  return [0];
}
function disagreement(A, B, iou, orientations) {
  if (A.length !== B.length) return `they have ${A.length} and ${B.length} boxes`;
  if (!sameClasses(A, B)) return "their classes differ";
  if (!A.length) return void 0;
  let best = -1;
  let lowest = 0;
  for (const o of orientations) {
    const Bt = B.map(D4[o]);
    const r = greedyMatch(A, Bt, iou);
    if (r.matched === A.length) return void 0;
    if (r.matched > best) [best, lowest] = [r.matched, r.unmatchedBest];
  }
  const off = A.length - best;
  const closest = lowest > 0 ? `; the closest unmatched pair overlaps at IoU ${lowest.toFixed(2)}` : "";
  return `${off === 1 ? "1 box does" : `${off} of ${A.length} boxes do`} not match at IoU \u2265 ${iou}${closest}`;
}
function greedyMatch(A, B, thr) {
  const cand = [];
  for (let i = 0; i < A.length; i++)
    for (let j = 0; j < B.length; j++) {
      if (A[i].c !== B[j].c) continue;
      const v = iouOf(A[i], B[j]);
      if (v > 0) cand.push([v, i, j]);
    }
  cand.sort((x, y) => y[0] - x[0]);
  const ua = new Uint8Array(A.length);
  const ub = new Uint8Array(B.length);
  let matched = 0;
  let unmatchedBest = 0;
  for (const [v, i, j] of cand) {
    if (ua[i] || ub[j]) continue;
    if (v < thr) {
      unmatchedBest = Math.max(unmatchedBest, v);
      continue;
    }
    ua[i] = ub[j] = 1;
    matched++;
  }
  return { matched, unmatchedBest };
}
function iouOf(a, b) {
  const iw = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const ih = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (iw <= 0 || ih <= 0) return a.x1 === b.x1 && a.x2 === b.x2 && a.y1 === b.y1 && a.y2 === b.y2 ? 1 : 0;
  const inter = iw * ih;
  return inter / ((a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter);
}
var D4 = [false, true].flatMap(
  (t) => [false, true].flatMap(
    (h) => [false, true].map((v) => (b) => {
      let { x1, y1, x2, y2 } = b;
      if (t) [x1, y1, x2, y2] = [y1, x1, y2, x2];
      if (h) [x1, x2] = [1 - x2, 1 - x1];
      if (v) [y1, y2] = [1 - y2, 1 - y1];
      return { c: b.c, x1, y1, x2, y2 };
    })
  )
);
function lbox(b) {
  return { c: b.classId, x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
}
function sameClasses(A, B) {
  const n = A.length;
  let same = true;
  for (let i = 0; i < n && same; i++) same = A[i].c === B[i].c;
  if (same) return true;
  const a = Float64Array.from(A, (b2) => b2.c).sort();
  const b = Float64Array.from(B, (x) => x.c).sort();
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
function describeLabels(A, nameOf) {
  if (!A.length) return "no boxes";
  const m = /* @__PURE__ */ new Map();
  for (const b of A) m.set(b.c, (m.get(b.c) ?? 0) + 1);
  return [...m].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([c, n]) => `${n} \xD7 ${nameOf(c)}`).join(", ");
}
function fullFrame(b) {
  return (b.x2 - b.x1) * (b.y2 - b.y1) >= 0.9;
}

// src/checks/label-dups.ts
var MAX_PAIRS_NAMED = 3;
function labelDuplicates(ix, dups) {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.duplicateLabels;
  const st = { comparedLinks: 0, conflictingLinks: 0, conflictGroups: 0, framePairs: 0, staticRuns: 0, staticFrames: 0 };
  const findings = [];
  const labels = (i) => ds.images[i].labelState === "unlabeled" ? void 0 : (byImage[i] ?? []).filter((b) => !b.crowd).map(lbox);
  const describe = (i) => describeLabels(labels(i) ?? [], ix.cx.nameOf);
  if (enabled(t.severity)) {
    for (const g of dups.groups) {
      const bad = [];
      for (const link of g.links) {
        if (link.kind === "near" && link.distance > t.maxDistance) continue;
        const A = labels(link.a);
        const B = labels(link.b);
        if (!A || !B) continue;
        st.comparedLinks++;
        const iou = link.kind === "near" && !sameSize(ix, link.a, link.b) ? t.resizedIou : t.iou;
        const reason = disagreement(A, B, iou, orientationsOf(link));
        if (reason) bad.push({ link, reason });
      }
      if (!bad.length) continue;
      st.conflictingLinks += bad.length;
      st.conflictGroups++;
      findings.push(conflictFinding(ix, g, bad, describe, t.severity));
    }
  }
  const staticSev = t.staticFrames;
  if (enabled(staticSev)) {
    const groupOf = /* @__PURE__ */ new Map();
    dups.groups.forEach((g, k) => g.members.forEach((i) => groupOf.set(i, k)));
    for (const seq of sequences(ds.images)) {
      let run = [];
      const flush = () => {
        if (run.length >= 2) {
          st.staticRuns++;
          st.staticFrames += run.length;
          findings.push(staticFinding(ix, run, describe(run[0]), staticSev));
        }
        run = [];
      };
      for (let k = 1; k < seq.length; k++) {
        const a = seq[k - 1];
        const b = seq[k];
        const rs = ix.records;
        const A = labels(a);
        const B = labels(b);
        let same = false;
        const sameSize2 = rs.int("width", a) === rs.int("width", b) && rs.int("height", a) === rs.int("height", b);
        if (rs.usable(a) && rs.usable(b) && sameSize2 && A?.length && B?.length && !(groupOf.has(a) && groupOf.get(a) === groupOf.get(b))) {
          if (!A.every(fullFrame) || !B.every(fullFrame)) {
            st.framePairs++;
            same = disagreement(A, B, t.iou, [0]) === void 0;
          }
        }
        if (same) {
          if (!run.length) run.push(a);
          run.push(b);
        } else flush();
      }
      flush();
    }
  }
  return { id: "label-dups", stats: st, findings };
}
function conflictFinding(ix, g, bad, describe, severity) {
  const { ds } = ix.cx;
  const p = (i) => ds.images[i].path;
  const involved = [...new Set(bad.flatMap((b) => [b.link.a, b.link.b]))].sort((x, y) => byPath(p(x), p(y)));
  const how = (l) => l.kind === "exact" ? "byte-identical" : l.kind === "pixel" ? "pixel-identical" : l.flipped ? `a rotated/mirrored near duplicate (distance ${l.distance})` : `near duplicates (distance ${l.distance})`;
  const pairs = bad.slice(0, MAX_PAIRS_NAMED).map(
    ({ link, reason }) => `${p(link.a)} and ${p(link.b)} are ${how(link)}, but ${reason} (${p(link.a)}: ${describe(link.a)}; ${p(link.b)}: ${describe(link.b)})`
  );
  const more = bad.length > MAX_PAIRS_NAMED ? ` ${plural(bad.length - MAX_PAIRS_NAMED, "more pair")} disagree.` : "";
  const nearOnly = bad.every((b) => b.link.kind === "near");
  const advice = nearOnly ? " If one image is a copy of the other, one label set is wrong; if they are different moments of one scene, the difference is expected." : " The same pixels should carry the same labels: one of the label sets is wrong or incomplete.";
  return finding({
    check: "dup/label-conflict",
    severity,
    path: p(involved[0]),
    key: g.key,
    related: involved.slice(1, 1 + MAX_RELATED).map(p),
    message: `Duplicate images with different labels: ${pairs.join(". ")}.${more}${advice}`,
    data: {
      kind: g.kind,
      pairs: bad.slice(0, 50).map(({ link, reason }) => ({ a: p(link.a), b: p(link.b), kind: link.kind, distance: link.distance, reason }))
    }
  });
}
function staticFinding(ix, run, labelText, severity) {
  const { ds } = ix.cx;
  const paths = run.map((i) => ds.images[i].path);
  return finding({
    check: "dup/static-frames",
    severity,
    path: paths[0],
    key: `${paths[0]}|${paths[paths.length - 1]}`,
    related: paths.slice(1, 1 + MAX_RELATED),
    message: `${paths.length} consecutive frames have identical labels (${labelText}) although the images differ: ${listPaths(paths, 6)}. Either nothing moved (redundant frames that add no information) or the labels were copied forward without being updated.`,
    data: { frames: paths.slice(0, MAX_RELATED), count: paths.length }
  });
}
function sameSize(ix, a, b) {
  const [wa, ha, wb, hb] = [ix.records.int("width", a), ix.records.int("height", a), ix.records.int("width", b), ix.records.int("height", b)];
  if (!wa || !ha || !wb || !hb) return false;
  return wa === wb && ha === hb || wa === hb && ha === wb;
}

// src/checks/leakage.ts
var EXAMPLES_PER_SPLIT = 3;
function leakage(ix, dups) {
  const { ds, cfg } = ix.cx;
  const sev = cfg.thresholds.leakage.duplicates;
  const findings = [];
  const bySplitPair = {};
  let duplicateGroups = 0;
  let duplicateImages = 0;
  for (const g of dups.groups) {
    if (g.splits.length < 2) continue;
    duplicateGroups++;
    duplicateImages += g.members.length;
    for (let x = 0; x < g.splits.length; x++)
      for (let y = x + 1; y < g.splits.length; y++) {
        const pair = `${g.splits[x]}|${g.splits[y]}`;
        bySplitPair[pair] = (bySplitPair[pair] ?? 0) + 1;
      }
    if (!enabled(sev)) continue;
    const evalSplit = g.splits[g.splits.length - 1];
    const first = g.members.find((i) => ds.images[i].split === evalSplit);
    const perSplit = g.splits.map((s) => {
      const ps = g.members.filter((i) => ds.images[i].split === s).map((i) => ds.images[i].path);
      return `${s}: ${listPaths(ps, 4)}`;
    });
    findings.push(
      finding({
        check: "leak/duplicate",
        severity: sev,
        path: ds.images[first].path,
        key: g.key,
        related: [...new Set(g.members.map((i) => ds.images[i].path))].filter((p) => p !== ds.images[first].path).slice(0, MAX_RELATED),
        message: `Duplicates across splits ${quoteList(g.splits)}: ${describeGroup(ix, g)} By split \u2014 ${perSplit.join("; ")}. Scores on '${evalSplit}' are inflated by images the model trained on; keep each image in one split.`,
        data: { ...groupData(ix, g), splits: g.splits }
      })
    );
  }
  const same = sameFileLeakage(ds, cfg);
  const grp = groupLeakage(ds, cfg);
  return {
    id: "leakage",
    stats: { duplicateGroups, duplicateImages, bySplitPair, ...same.stats, ...grp.stats },
    findings: [...same.findings, ...findings, ...grp.findings]
  };
}
function pixelFreeLeakage(ds, cfg) {
  const same = sameFileLeakage(ds, cfg);
  const grp = groupLeakage(ds, cfg);
  return { stats: { ...same.stats, ...grp.stats }, findings: [...same.findings, ...grp.findings] };
}
function groupLeakage(ds, cfg) {
  const sev = cfg.thresholds.leakage.groups;
  const splitOrder = new Map(ds.splits.map((s, k) => [s, k]));
  const groups = /* @__PURE__ */ new Map();
  let groupedImages = 0;
  for (const img of ds.images) {
    if (img.group === void 0) continue;
    groupedImages++;
    let bySplit = groups.get(img.group);
    if (!bySplit) groups.set(img.group, bySplit = /* @__PURE__ */ new Map());
    const list = bySplit.get(img.split);
    if (list) list.push(img.path);
    else bySplit.set(img.split, [img.path]);
  }
  const findings = [];
  let leakedGroups = 0;
  let leakedGroupImages = 0;
  for (const [group, bySplit] of [...groups].sort((a, b) => byPath(a[0], b[0]))) {
    if (bySplit.size < 2) continue;
    leakedGroups++;
    const splits = [...bySplit.keys()].sort((x, y) => (splitOrder.get(x) ?? 1e9) - (splitOrder.get(y) ?? 1e9) || byPath(x, y));
    const lists = splits.map((s) => bySplit.get(s).sort(byPath));
    const total = lists.reduce((n, l) => n + l.length, 0);
    leakedGroupImages += total;
    if (!enabled(sev)) continue;
    const evalSplit = splits[splits.length - 1];
    const path2 = lists[lists.length - 1][0];
    const related = lists.flatMap((l) => l.slice(0, EXAMPLES_PER_SPLIT)).filter((p) => p !== path2);
    const counts = splits.map((s, k) => `${s} (${plural(lists[k].length, "image")}: ${listPaths(lists[k], EXAMPLES_PER_SPLIT)})`);
    findings.push(
      finding({
        check: "leak/group",
        severity: sev,
        path: path2,
        key: group,
        related,
        message: `Group '${group}' (${num(total)} images) is spread over splits ${quoteList(splits)}: ${counts.join("; ")}. Images of one scene/camera/sequence in both training and '${evalSplit}' let the model score on what it has already seen; move the whole group into one split.`,
        data: { group, splits: Object.fromEntries(splits.map((s, k) => [s, lists[k].length])) }
      })
    );
  }
  return { stats: { groupedImages, groups: groups.size, leakedGroups, leakedGroupImages }, findings };
}
function quoteList(xs) {
  return listPaths(xs.map((x) => `'${x}'`));
}

// src/checks/outlier-bounds.ts
function methodBounds(vals, s, t, scratch) {
  return [
    ["zscore", zBounds(vals, t.zscore)],
    ["iqr", iqrBounds(s, t.iqr)],
    ["adaptive", adaptiveBounds(s, t.adaptive, scratch)]
  ];
}
var tiny = (x, ref) => x <= 1e-12 * Math.max(1, Math.abs(ref));
function zBounds(vals, k) {
  const n = vals.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += vals[i];
  const mean2 = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (vals[i] - mean2) ** 2;
  const std = Math.sqrt(ss / n);
  return tiny(std, mean2) ? {} : { lo: mean2 - k * std, hi: mean2 + k * std };
}
function midpoint(s, q) {
  const pos = q * (s.length - 1);
  return (s[Math.floor(pos)] + s[Math.ceil(pos)]) / 2;
}
function iqrBounds(s, k) {
  const q1 = midpoint(s, 0.25);
  const q3 = midpoint(s, 0.75);
  const iqr = q3 - q1;
  return tiny(iqr, q1) ? {} : { lo: q1 - k * iqr, hi: q3 + k * iqr };
}
var NORMAL_P90_MAD = 1.91;
function tailFactor(mad, p90) {
  if (!(mad > 0)) return 1;
  return 1 + Math.log1p(Math.max(0, p90 / mad / NORMAL_P90_MAD - 1));
}
function medianOf(s) {
  return quantileSorted(s, 0.5);
}
function adaptiveBounds(s, k, scratch) {
  const n = s.length;
  if (n < 3) return {};
  const med = medianOf(s);
  let nl = 0;
  while (nl < n && s[nl] <= med) nl++;
  let r0 = n;
  while (r0 > 0 && s[r0 - 1] >= med) r0--;
  const buf = scratch && scratch.length >= nl + n - r0 ? scratch : new Float64Array(nl + n - r0);
  const left = buf.subarray(0, nl);
  for (let i = 0; i < nl; i++) left[i] = med - s[nl - 1 - i];
  const right = buf.subarray(nl, nl + n - r0);
  for (let i = r0; i < n; i++) right[i - r0] = s[i] - med;
  let madL = left.length ? medianOf(left) : 0;
  let madR = right.length ? medianOf(right) : 0;
  const tfL = tailFactor(madL, left.length > 1 ? quantileSorted(left, 0.9) : 0);
  const tfR = tailFactor(madR, right.length > 1 ? quantileSorted(right, 0.9) : 0);
  if (tiny(madL, med) || tiny(madR, med)) {
    let meanAd = 0;
    for (let i = 0; i < n; i++) meanAd += Math.abs(s[i] - med);
    meanAd /= n;
    if (tiny(meanAd, med)) return {};
    if (tiny(madL, med) && tiny(madR, med)) {
      const mode = modeOf(s);
      const devs = sorted(Array.from(s.filter((x) => x !== mode), (x) => Math.abs(x - mode)));
      if (devs.length > 10 && devs[0] / (meanAd / 0.6745) < 1) {
        const nmMad = medianOf(devs);
        if (!tiny(nmMad, med)) {
          const scale = nmMad / 0.6745 * tailFactor(nmMad, quantileSorted(devs, 0.9));
          return { lo: med - k * scale, hi: med + k * scale };
        }
      }
    }
    if (tiny(madL, med)) madL = meanAd;
    if (tiny(madR, med)) madR = meanAd;
  }
  return { lo: med - k * tfL * (madL / 0.6745), hi: med + k * tfR * (madR / 0.6745) };
}
function modeOf(s) {
  let best = s[0];
  let bestN = 0;
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j < s.length && s[j] === s[i]) j++;
    if (j - i > bestN) [best, bestN] = [s[i], j - i];
    i = j;
  }
  return best;
}

// src/checks/outlier-metrics.ts
var CH = ["red", "green", "blue"];
var STAT_KEYS2 = ["mean", "std", "skew", "kurtosis", "entropy", "zeros", "brightness", "darkness", "contrast", "sharpness"];
var METRICS = [
  ...STAT_KEYS2.map((k) => ({ id: k, label: k === "zeros" ? "fraction of zero pixels" : k, get: (t, i) => t.stat(k, i) })),
  ...CH.map((c, k) => ({ id: `channel-mean-${c}`, label: `${c} channel mean`, get: (t, i) => t.channel("mean", k, i) })),
  ...CH.map((c, k) => ({ id: `channel-std-${c}`, label: `${c} channel std`, get: (t, i) => t.channel("std", k, i) })),
  // compression level: comparable only within one codec, so JPEGs only (most datasets)
  { id: "bytes-per-pixel", label: "JPEG bytes per pixel", get: (t, i) => t.bytesPerPixel(i, "jpeg") }
];
var MIN_VALUES = 50;
function modifiedZReach(sc, limit) {
  if (sc.mad > 0) return limit * sc.mad / 0.6745 * (1 - 1e-9);
  if (sc.meanAd > 0) return limit * 1.253314 * sc.meanAd * (1 - 1e-9);
  return Infinity;
}

// src/checks/outlier-scopes.ts
var ID_SPAN = 2 ** 21;
var f32 = new Float32Array(1);
var u32 = new Uint32Array(f32.buffer);
function orderBits(v) {
  f32[0] = v;
  const u = u32[0];
  return u & 2147483648 ? ~u >>> 0 : (u | 2147483648) >>> 0;
}
var ScopeSorter = class {
  usable;
  /** class scopes of each image (CSR over the images) */
  memStart;
  memList;
  /** where each scope's values start in vals/ids */
  off;
  lens;
  vals;
  ids;
  keys;
  order;
  /** `classScopes`: the usable images of each class scope (scope k + 1) */
  constructor(n, usable, classScopes) {
    this.usable = usable;
    const S = classScopes.length + 1;
    const count = new Int32Array(n + 1);
    for (const images of classScopes) for (const i of images) count[i + 1]++;
    for (let i = 0; i < n; i++) count[i + 1] += count[i];
    this.memStart = count.slice();
    this.memList = new Int32Array(count[n]);
    classScopes.forEach((images, k) => {
      for (const i of images) this.memList[count[i]++] = k + 1;
    });
    this.off = new Int32Array(S + 1);
    this.off[1] = usable.length;
    classScopes.forEach((images, k) => this.off[k + 2] = this.off[k + 1] + images.length);
    this.lens = new Int32Array(S);
    this.vals = new Float64Array(this.off[S]);
    this.ids = new Int32Array(this.off[S]);
    this.keys = new Float64Array(usable.length);
    this.order = new Int32Array(usable.length);
  }
  /** Sort every scope by `column` (image → value, NaN when none; only finite values count). */
  sort(column) {
    const { vals, ids, keys, order: order2, lens, off, memStart, memList } = this;
    let m = 0;
    let packed = column.length <= ID_SPAN;
    for (const i of this.usable) {
      const v = column[i];
      if (!Number.isFinite(v)) continue;
      if (packed && Math.fround(v) !== v) packed = false;
      order2[m++] = i;
    }
    if (packed) {
      for (let k = 0; k < m; k++) {
        const i = order2[k];
        keys[k] = orderBits(column[i]) * ID_SPAN + i;
      }
      keys.subarray(0, m).sort();
      for (let k = 0; k < m; k++) order2[k] = keys[k] % ID_SPAN;
    } else {
      const list = Array.from(order2.subarray(0, m)).sort((a, b) => column[a] - column[b] || a - b);
      order2.set(list);
    }
    lens.fill(0);
    lens[0] = m;
    for (let k = 0; k < m; k++) {
      const i = order2[k];
      const v = column[i];
      vals[k] = v;
      ids[k] = i;
      for (let p = memStart[i]; p < memStart[i + 1]; p++) {
        const c = memList[p];
        const o = off[c] + lens[c]++;
        vals[o] = v;
        ids[o] = i;
      }
    }
  }
  /** scope s's values, ascending (a view: valid until the next sort) */
  values(s) {
    return this.vals.subarray(this.off[s], this.off[s] + this.lens[s]);
  }
  /** the image of each of values(s) */
  images(s) {
    return this.ids.subarray(this.off[s], this.off[s] + this.lens[s]);
  }
};

// src/checks/outliers.ts
var METHOD_TEXT = { zscore: "z-score", "modified-z": "modified z-score", iqr: "IQR", adaptive: "adaptive double-MAD" };
function outliers(ix) {
  const { ds, cfg, byImage } = ix.cx;
  const t = cfg.thresholds.outliers;
  const st = { metrics: METRICS.map((m) => m.id), flagged: 0, reported: 0, byMetric: {}, classScopes: 0, minMethods: t.minMethods };
  if (!enabled(t.severity)) return { id: "outliers", stats: st, findings: [] };
  const usable = [];
  for (let i = 0; i < ds.images.length; i++) {
    if (ix.records.hasStats(i)) usable.push(i);
  }
  const scopes = [{ name: "dataset", images: usable }];
  if (t.perClass) {
    const byClass = /* @__PURE__ */ new Map();
    for (const i of usable) for (const c of new Set((byImage[i] ?? []).map((b) => b.classId))) (byClass.get(c) ?? byClass.set(c, []).get(c)).push(i);
    for (const [c, images] of [...byClass].sort((a, b) => a[0] - b[0]))
      if (images.length >= Math.max(t.minClassImages, MIN_VALUES)) scopes.push({ name: ix.cx.nameOf(c), images });
    st.classScopes = scopes.length - 1;
  }
  const hits = /* @__PURE__ */ new Map();
  const n = ds.images.length;
  const column = new Float64Array(n);
  const scratch = new Float64Array(n);
  const sorter = new ScopeSorter(n, usable, scopes.slice(1).map((sc) => sc.images));
  for (const metric of METRICS) {
    column.fill(NaN);
    for (const i of usable) column[i] = metric.get(ix.records, i);
    sorter.sort(column);
    scopes.forEach((scope, si) => {
      const s = sorter.values(si);
      const ids = sorter.images(si);
      const len = s.length;
      if (len < MIN_VALUES) return;
      const bounds = methodBounds(s, s, t, scratch);
      const sc = robustScaleSorted(s);
      const p5 = quantileSorted(s, 0.05);
      const p95 = quantileSorted(s, 0.95);
      const outside = (b, v) => b.lo !== void 0 && v < b.lo || b.hi !== void 0 && v > b.hi;
      const [lo0, lo1, lo2] = bounds.map(([, b]) => b.lo ?? -Infinity);
      const [hi0, hi1, hi2] = bounds.map(([, b]) => b.hi ?? Infinity);
      const mzLimit = t.modifiedZ;
      const minMethods = t.minMethods;
      const mzReach = modifiedZReach(sc, mzLimit);
      const loAny = Math.max(lo0, lo1, lo2, sc.median - mzReach);
      const hiAny = Math.min(hi0, hi1, hi2, sc.median + mzReach);
      const visit = (k2) => {
        const v = s[k2];
        const mz = Math.abs(modifiedZ(v, sc)) > mzLimit;
        const count = (mz ? 1 : 0) + (v < lo0 || v > hi0 ? 1 : 0) + (v < lo1 || v > hi1 ? 1 : 0) + (v < lo2 || v > hi2 ? 1 : 0);
        if (count < minMethods) return;
        const methods = mz ? ["modified-z"] : [];
        for (const [m, b] of bounds) if (outside(b, v)) methods.push(m);
        const high = v > sc.median;
        const image = ids[k2];
        const key = `${image}\0${metric.id}`;
        let h = hits.get(key);
        if (!h) hits.set(key, h = { image, metric, value: v, high, score: 0, scopes: [] });
        h.score = Math.max(h.score, Math.abs(modifiedZ(v, sc)));
        h.scopes.push({ scope: scope.name, methods: order(methods), median: sc.median, p5, p95 });
      };
      let k = 0;
      for (; k < len && s[k] < loAny; k++) visit(k);
      for (let j = len - 1; j >= k && s[j] > hiAny; j--) visit(j);
    });
  }
  const all = [...hits.values()];
  st.flagged = all.length;
  for (const h of all) st.byMetric[h.metric.id] = (st.byMetric[h.metric.id] ?? 0) + 1;
  const kept2 = pickFindings(all, t.maxFindings);
  st.reported = kept2.length;
  const findings = kept2.map((h) => {
    const img = ds.images[h.image];
    const fmt2 = (x) => fmtValue(x, h.metric.integer);
    const first = h.scopes[0];
    const where = h.scopes.map((s) => s.scope === "dataset" ? "across the dataset" : `within class '${s.scope}'`);
    const methods = [...new Set(h.scopes.flatMap((s) => s.methods))];
    return finding({
      check: `outlier/${h.metric.id}`,
      severity: t.severity,
      path: img.path,
      key: "",
      message: `Image ${img.path} has an unusually ${h.high ? "high" : "low"} ${h.metric.label}: ${fmt2(h.value)} (${first.scope === "dataset" ? "dataset" : `class '${first.scope}'`} median ${fmt2(first.median)}, 90 % of images between ${fmt2(first.p5)} and ${fmt2(first.p95)}); flagged by ${join(methods.map((m) => METHOD_TEXT[m]))} ${join(where)}.`,
      data: {
        metric: h.metric.id,
        value: round(h.value),
        direction: h.high ? "high" : "low",
        scopes: h.scopes.map((s) => ({ scope: s.scope, methods: s.methods, median: round(s.median), p5: round(s.p5), p95: round(s.p95) }))
      }
    });
  });
  return { id: "outliers", stats: st, findings };
}
function pickFindings(all, max) {
  const byMetric = /* @__PURE__ */ new Map();
  for (const h of all) (byMetric.get(h.metric.id) ?? byMetric.set(h.metric.id, []).get(h.metric.id)).push(h);
  const lists = METRICS.map((m) => (byMetric.get(m.id) ?? []).sort((a, b) => b.score - a.score || a.image - b.image)).filter((l) => l.length);
  const out = [];
  for (let k = 0; out.length < max && lists.some((l) => l.length > k); k++)
    for (const l of lists) if (l[k] && out.length < max) out.push(l[k]);
  return out;
}
var METHOD_ORDER = ["zscore", "modified-z", "iqr", "adaptive"];
function order(ms) {
  return METHOD_ORDER.filter((m) => ms.includes(m));
}
function join(xs) {
  return xs.length > 1 ? `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}` : xs[0] ?? "";
}
function fmtValue(x, integer) {
  if (integer) return String(Math.round(x));
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e3 ? x.toFixed(0) : a >= 1e-3 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

// src/checks/images.ts
var IMAGE_CHECKS = ["image-errors", "duplicates", "leakage", "label-dups", "outliers", "image-quality"];
function runImageChecks(ds, records, cfg, opts = {}) {
  const ix = { cx: makeContext(ds, cfg), records: records instanceof RecordTable ? records : RecordTable.from(records), ...opts.pairMemo ? { pairMemo: opts.pairMemo } : {} };
  const part = opts.part ?? "all";
  const stats = part === "pairs" ? [] : [imageErrors(ix), outliers(ix), imageQuality(ix)];
  let pairs = [];
  if (part !== "stats") {
    const dups = findDuplicates(ix);
    pairs = [duplicateChecks(ix, dups), leakage(ix, dups), labelDuplicates(ix, dups)];
  }
  return inImageOrder([...stats, ...pairs]);
}
function inImageOrder(results) {
  const at2 = (r) => IMAGE_CHECKS.indexOf(r.id);
  return results.sort((a, b) => at2(a) - at2(b));
}

// src/checks/stages.ts
function imageStage(ds, records, cfg, cacheDir, part = "all") {
  if (records) return runImageChecks(ds, records, cfg, { ...cacheDir ? { pairMemo: memoFiles(cacheDir) } : {}, part });
  if (part === "stats") return [];
  const g = pixelFreeLeakage(ds, cfg);
  return [{ id: "leakage", findings: g.findings, stats: g.stats }];
}

// src/checks/check-worker.ts
var port = parentPort;
if (port) {
  let job;
  let labels;
  port.on("message", (m) => {
    if (m.kind === "dataset") {
      try {
        const boxes = unpackBoxes(m.boxes);
        if (!boxes) throw new Error("the boxes did not arrive whole");
        job = { ds: { ...m.ds, boxes }, cfg: m.cfg, ...m.cacheDir ? { cacheDir: m.cacheDir } : {} };
        labels = runLabelChecks(job.ds, m.cfg);
      } catch (e) {
        labels = { error: String(e) };
      }
      return;
    }
    let reply;
    try {
      if (!job || !labels || !Array.isArray(labels)) throw new Error(labels && !Array.isArray(labels) ? labels.error : "no dataset");
      const records = m.records ? RecordTable.revive(m.records) : void 0;
      reply = { checks: [...labels, ...imageStage(job.ds, records, job.cfg, job.cacheDir, "pairs")] };
    } catch (e) {
      reply = { error: String(e) };
    }
    port.postMessage(reply);
    port.close();
  });
}
