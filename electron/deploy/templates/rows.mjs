/**
 * What serve.mjs and predict.mjs share: this bundle's model.json and onnxruntime session, rows checked against the
 * model's inputs and written into the typed columns model.onnx takes, and its outputs read back row by row.
 * Runs on a machine that has never seen Gyre: Node and onnxruntime-node only.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ort from 'onnxruntime-node';
import { dateInSpan, numberInSpan, parseIsoDate, yesNoInSpan } from './parse.mjs';

export const BUNDLE_DIR = dirname(fileURLToPath(import.meta.url));

/** A row that cannot be scored, with a stable code and where: the field, and the row when known. */
export class RowError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'RowError';
    this.code = code;
    this.details = details;
  }
}

/** Reads model.json and opens model.onnx; checks that the two agree on every input's name and kind. */
export async function loadModel({ threads = 0, dir = BUNDLE_DIR } = {}) {
  const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const session = await ort.InferenceSession.create(join(dir, 'model.onnx'), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    ...(threads > 0 ? { intraOpNumThreads: threads } : {}),
    // Threads that spin while idle take the cores from everything else on a shared machine.
    extra: { session: { intra_op: { allow_spinning: '0' } } },
    logSeverityLevel: 3,
  });
  const byName = new Map(session.inputMetadata.map((m) => [m.name, m]));
  const fields = model.inputs.map((field) => {
    const meta = byName.get(field.name);
    if (!meta) throw new Error(`model.json lists input "${field.name}", which model.onnx does not take.`);
    const kind = field.type === 'string' ? 'string' : field.format === 'date-time' ? 'date' : 'number';
    const elemType = meta.isTensor ? meta.type : 'float32';
    if ((kind === 'string') !== (elemType === 'string')) throw new Error(`Input "${field.name}" is ${field.type} in model.json but ${elemType} in model.onnx.`);
    return { ...field, kind, elemType };
  });
  const missing = session.inputNames.filter((n) => !fields.some((f) => f.name === n));
  if (missing.length) throw new Error(`model.onnx takes inputs that model.json does not list: ${missing.join(', ')}.`);
  const outputs = ['label', 'probabilities', 'prediction'].filter((n) => session.outputNames.includes(n));
  return { model, session, fields, outputs, dir, id: `${model.name}@${model.version}` };
}

const TYPE_WORDS = { number: 'a number', date: 'an ISO-8601 date-time string', string: 'a string' };

function jsonType(v) {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * The model's input columns for `capacity` rows, in the element types model.onnx declares: numbers float32 (NaN is
 * missing), dates float64 epoch milliseconds, text strings ("" is missing).
 */
export class InputColumns {
  constructor(fields, capacity) {
    this.fields = fields;
    this.capacity = capacity;
    this.columns = fields.map((f) => (f.elemType === 'string' ? new Array(capacity).fill('') : f.elemType === 'float64' ? new Float64Array(capacity) : new Float32Array(capacity)));
    this.seen = fields.map(() => []);
  }

  /** Sets row i from a parsed JSON object: strict types, extra keys ignored. `where` names the row in messages. */
  setJson(i, row, where = '') {
    if (row === null || typeof row !== 'object' || Array.isArray(row)) throw new RowError('VALIDATION', `${where}expected an object of input fields, got ${jsonType(row)}.`);
    for (let j = 0; j < this.fields.length; j++) {
      const f = this.fields[j];
      const v = Object.hasOwn(row, f.name) ? row[f.name] : undefined;
      if (v === undefined) throw new RowError('MISSING_FIELD', `${where}missing field "${f.name}" (${TYPE_WORDS[f.kind]}${f.nullable ? ' or null' : ''}).`, { field: f.name });
      if (v === null || (v === '' && f.kind === 'string')) {
        this.setMissing(j, i, where);
        continue;
      }
      const ok = f.kind === 'string' ? typeof v === 'string' : f.kind === 'date' ? typeof v === 'string' : typeof v === 'number' || typeof v === 'boolean';
      if (!ok) throw new RowError('WRONG_TYPE', `${where}field "${f.name}" must be ${TYPE_WORDS[f.kind]}${f.nullable ? ' or null' : ''}, got ${jsonType(v)}.`, { field: f.name });
      if (f.kind === 'string') this.columns[j][i] = v;
      else if (f.kind === 'number') this.columns[j][i] = +v; // a yes/no column is the number 1 or 0 to the model
      else this.setDate(j, i, v, where);
    }
  }

  /**
   * Sets row i from text cells (CSV): field j's text is `texts[at[j]]` (`texts[j]` without `at`). "" is missing;
   * numbers, yes/no words (1/0) and ISO-8601 dates are parsed.
   */
  setText(i, texts, where = '', at = null) {
    for (let j = 0; j < this.fields.length; j++) this.setOneText(j, i, texts[at ? at[j] : j], where);
  }

  setOneText(j, i, t, where) {
    const f = this.fields[j];
    if (f.kind === 'string') {
      if (t === '') this.setMissing(j, i, where);
      else this.columns[j][i] = t;
    } else if (t === '' || t.trim() === '') this.setMissing(j, i, where);
    else if (f.kind === 'date') this.setDate(j, i, t, where);
    else {
      let v = Number(t);
      if (Number.isNaN(v)) v = BOOLEAN_WORDS[t.trim().toLowerCase()] ?? NaN;
      if (Number.isNaN(v)) throw new RowError('WRONG_TYPE', `${where}field "${f.name}": "${clip(t)}" is not a number.`, { field: f.name });
      this.columns[j][i] = v;
    }
  }

  /**
   * Sets row i from one CSV line without quotes, reading each cell in place: `fieldOf[c]` is the field that file
   * column c holds (-1: not an input). The general path (setText) takes lines with quotes.
   */
  setLine(i, line, delim, fieldOf) {
    let start = 0;
    let c = 0;
    for (;; c++) {
      let end = line.indexOf(delim, start);
      if (end === -1) end = line.length;
      const j = c < fieldOf.length ? fieldOf[c] : -1;
      if (j >= 0) this.setSpan(j, i, line, start, end);
      if (end === line.length) break;
      start = end + 1;
    }
    if (c + 1 !== fieldOf.length) throw new RowError('WRONG_WIDTH', `has ${c + 1} values; the header has ${fieldOf.length}.`);
  }

  setSpan(j, i, line, a, b) {
    const f = this.fields[j];
    if (a === b) return this.setMissing(j, i, '');
    if (f.kind === 'string') return void (this.columns[j][i] = this.textOf(j, line, a, b));
    const v = f.kind === 'number' ? (numberInSpan(line, a, b) ?? yesNoInSpan(line, a, b)) : dateInSpan(line, a, b);
    if (v === undefined || Number.isNaN(v)) return this.setOneText(j, i, line.slice(a, b), '');
    this.columns[j][i] = v;
  }

  /**
   * line[a, b) as a string, the same string each time for the few values a category column repeats: a chunk holds
   * its rows until they are written, and one string per cell would be copied by every garbage collection meanwhile.
   */
  textOf(j, line, a, b) {
    const seen = this.seen[j];
    const n = b - a;
    for (let k = 0; k < seen.length; k++) if (seen[k].length === n && line.startsWith(seen[k], a)) return seen[k];
    const text = line.slice(a, b);
    if (seen.length < SEEN_TEXTS) seen.push(text);
    return text;
  }

  /** Sets row i from values a typed reader gives (Parquet): numbers, bigints, booleans, Dates, strings. */
  setValue(i, row, where = '') {
    const texts = this.fields.map((f) => {
      const v = Object.hasOwn(row, f.name) ? row[f.name] : undefined;
      if (v === undefined) throw new RowError('MISSING_FIELD', `${where}missing field "${f.name}".`, { field: f.name });
      if (v === null) return '';
      if (v instanceof Date) return f.kind === 'string' ? v.toISOString() : f.kind === 'date' ? v.toISOString() : String(v.getTime());
      return String(v);
    });
    this.setText(i, texts, where);
  }

  setMissing(j, i, where) {
    const f = this.fields[j];
    if (!f.nullable) throw new RowError('NULL_NOT_ALLOWED', `${where}field "${f.name}" has no value, and the model was trained without missing ${f.name}.`, { field: f.name });
    this.columns[j][i] = f.elemType === 'string' ? '' : NaN;
  }

  setDate(j, i, text, where) {
    const ms = parseIsoDate(text);
    const f = this.fields[j];
    if (Number.isNaN(ms)) throw new RowError('BAD_DATE', `${where}field "${f.name}": "${clip(text)}" is not an ISO-8601 date (like 2024-03-31 or 2024-03-31T14:05:00Z).`, { field: f.name });
    this.columns[j][i] = ms;
  }

  /** The first `rows` rows as onnxruntime tensors of shape [rows, 1], one per input. */
  feeds(rows) {
    return Object.fromEntries(this.fields.map((f, j) => {
      const c = this.columns[j];
      const data = Array.isArray(c) ? (rows === c.length ? c : c.slice(0, rows)) : c.subarray(0, rows);
      return [f.name, new ort.Tensor(f.elemType === 'float32' ? 'float32' : f.elemType, data, [rows, 1])];
    }));
  }

  /** Only the first `rows` rows are kept (those filled, when some could not be). */
  keep(rows) {
    if (rows === this.capacity) return this;
    this.columns = this.columns.map((c) => c.slice(0, rows));
    this.capacity = rows;
    return this;
  }

  /** Several requests' columns as one, so that one session.run scores them together. */
  static concat(fields, parts) {
    const rows = parts.reduce((n, p) => n + p.capacity, 0);
    const all = new InputColumns(fields, rows);
    let at = 0;
    for (const p of parts) {
      for (let j = 0; j < fields.length; j++) {
        const src = p.columns[j];
        if (Array.isArray(src)) for (let r = 0; r < src.length; r++) all.columns[j][at + r] = src[r];
        else all.columns[j].set(src, at);
      }
      at += p.capacity;
    }
    return all;
  }
}

/** Distinct values of a text column that InputColumns reuses (more, and each cell is a new string). */
const SEEN_TEXTS = 16;

function numberText(v) {
  return Number.isNaN(v) ? '' : String(v);
}

const BOOLEAN_WORDS = { true: 1, false: 0, yes: 1, no: 0 };

function clip(text) {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The columns predict.mjs appends: label and p_<class> for each class, or prediction. */
export function addedColumns(model) {
  return model.task === 'regression' ? ['prediction'] : ['label', ...(model.classLabels ?? []).map((c) => `p_${c}`)];
}

/** Runs the model on `rows` rows and returns what it predicts for each: label and class probabilities, or a number. */
export async function score(loaded, columns, rows) {
  const result = await loaded.session.run(columns.feeds(rows), loaded.outputs);
  return new Predictions(loaded.model, result, rows);
}

/** The outputs of one session.run, read per row; a binary label follows model.json's threshold when it sets one. */
export class Predictions {
  constructor(model, result, rows) {
    this.rows = rows;
    this.labels = result.label ? result.label.data : null;
    this.proba = result.probabilities ? result.probabilities.data : null;
    this.k = result.probabilities ? result.probabilities.dims[1] : 0;
    this.prediction = result.prediction ? result.prediction.data : null;
    this.classes = model.classLabels ?? Array.from({ length: this.k }, (_, c) => String(c));
    this.threshold = model.task === 'binary' && typeof model.threshold === 'number' && this.k === 2 ? model.threshold : null;
    this.classification = this.proba !== null || this.labels !== null;
  }

  label(r) {
    if (this.threshold !== null) return this.classes[this.proba[r * 2 + 1] >= this.threshold ? 1 : 0];
    if (this.labels) return String(this.labels[r]);
    let best = 0;
    for (let c = 1; c < this.k; c++) if (this.proba[r * this.k + c] > this.proba[r * this.k + best]) best = c;
    return this.classes[best];
  }

  probability(r, c) {
    return this.proba[r * this.k + c];
  }

  /** Row r as the server answers it: {label, probabilities: {class: p}} or {prediction}. */
  object(r) {
    if (!this.classification) return { prediction: this.prediction[r] };
    const probabilities = {};
    for (let c = 0; c < this.k; c++) probabilities[this.classes[c]] = this.proba[r * this.k + c];
    return { label: this.label(r), probabilities };
  }

  /** Row r's appended values as CSV text, each after a comma. */
  csvTail(r) {
    if (!this.classification) return ',' + numberText(this.prediction[r]);
    let s = ',' + this.labelCell(this.label(r));
    for (let c = 0; c < this.k; c++) s += ',' + numberText(this.proba[r * this.k + c]);
    return s;
  }

  labelCell(label) {
    this.cells ??= new Map();
    let cell = this.cells.get(label);
    if (cell === undefined) this.cells.set(label, (cell = /[",\n\r]/.test(label) ? `"${label.replace(/"/g, '""')}"` : label));
    return cell;
  }

  /** Row r's appended values, in `addedColumns` order. */
  values(r) {
    if (!this.classification) return [this.prediction[r]];
    const out = [this.label(r)];
    for (let c = 0; c < this.k; c++) out.push(this.proba[r * this.k + c]);
    return out;
  }
}
