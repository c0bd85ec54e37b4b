#!/usr/bin/env python3
"""Batch scoring with this bundle's model, for machines with Python rather than Node.

Reads CSV (or TSV), JSON Lines, or Parquet (when pyarrow is installed) in chunks and writes the input's columns with
the predictions appended -- label and p_<class> per class, or prediction -- as CSV or JSON Lines by the output's
extension, exactly as predict.mjs does. Memory stays flat whatever the file's size.

    pip install -r python/requirements.txt
    python python/predict.py INPUT --out OUTPUT.csv [--skip-bad] [--chunk 65536]
"""
import argparse
import csv
import json
import math
import os
import re
import sys
import time
from datetime import date, datetime, timedelta, timezone

import numpy as np
import onnxruntime as ort

BUNDLE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
ISO = re.compile(r'^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$', re.I)
BOOLEAN_WORDS = {'true': 1.0, 'false': 0.0, 'yes': 1.0, 'no': 0.0}
TYPE_WORDS = {'number': 'a number', 'date': 'an ISO-8601 date-time string', 'string': 'a string'}
ELEM_TYPES = {'tensor(float)': np.float32, 'tensor(double)': np.float64, 'tensor(string)': object}

csv.field_size_limit(1 << 30)


class RowError(Exception):
    """A row that cannot be scored: a stable code, a sentence, and the field."""

    def __init__(self, code, message, field=None):
        super().__init__(message)
        self.code = code
        self.field = field


def parse_iso_date(text):
    """Epoch milliseconds of an ISO-8601 date or date-time (UTC when it names no offset); None when it is not one."""
    m = ISO.match(text.strip())
    if not m:
        return None
    y, mo, d, h, mi, s = (int(m.group(i) or 0) for i in range(1, 7))
    try:
        moment = datetime(y, mo, d, h, mi, s, int((m.group(7) or '0').ljust(3, '0')[:3]) * 1000, tzinfo=timezone.utc)
    except ValueError:
        return None
    zone = m.group(8)
    if zone and zone.upper() != 'Z':
        digits = zone.replace(':', '')
        minutes = int(digits[1:3]) * 60 + int(digits[3:5] or 0)
        moment -= timedelta(minutes=minutes if digits[0] == '+' else -minutes)
    delta = moment - EPOCH
    return float(delta.days * 86_400_000 + delta.seconds * 1000 + delta.microseconds // 1000)


def json_type(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'a boolean'
    return {str: 'a string', int: 'a number', float: 'a number', list: 'an array', dict: 'an object'}.get(type(v), type(v).__name__)


class Model:
    """model.json and model.onnx, checked to agree on every input's name and kind."""

    def __init__(self, threads):
        with open(os.path.join(BUNDLE, 'model.json'), encoding='utf-8') as f:
            self.meta = json.load(f)
        options = ort.SessionOptions()
        options.log_severity_level = 3
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(os.path.join(BUNDLE, 'model.onnx'), options, providers=['CPUExecutionProvider'])
        declared = {i.name: i.type for i in self.session.get_inputs()}
        self.fields = []
        for field in self.meta['inputs']:
            if field['name'] not in declared:
                raise SystemExit(f'model.json lists input "{field["name"]}", which model.onnx does not take.')
            kind = 'string' if field['type'] == 'string' else 'date' if field.get('format') == 'date-time' else 'number'
            self.fields.append(dict(field, kind=kind, dtype=ELEM_TYPES.get(declared[field['name']], np.float32)))
        names = [o.name for o in self.session.get_outputs()]
        self.outputs = [n for n in ('label', 'probabilities', 'prediction') if n in names]
        self.classes = self.meta.get('classLabels') or []
        threshold = self.meta.get('threshold')
        self.threshold = threshold if self.meta['task'] == 'binary' and isinstance(threshold, (int, float)) else None

    def added_columns(self):
        return ['prediction'] if self.meta['task'] == 'regression' else ['label'] + [f'p_{c}' for c in self.classes]

    def missing(self, field):
        if not field['nullable']:
            raise RowError('NULL_NOT_ALLOWED', f'field "{field["name"]}" has no value, and the model was trained without missing {field["name"]}.', field['name'])
        return '' if field['kind'] == 'string' else math.nan

    def date(self, field, text):
        ms = parse_iso_date(text)
        if ms is None:
            raise RowError('BAD_DATE', f'field "{field["name"]}": "{text[:60]}" is not an ISO-8601 date (like 2024-03-31 or 2024-03-31T14:05:00Z).', field['name'])
        return ms

    def from_text(self, cells, at):
        """One CSV row's model inputs: "" is missing; numbers, yes/no words (1/0) and ISO-8601 dates parsed."""
        values = []
        for field, j in zip(self.fields, at):
            t = cells[j]
            if t.strip() == '' and (field['kind'] != 'string' or t == ''):
                values.append(self.missing(field))
            elif field['kind'] == 'string':
                values.append(t)
            elif field['kind'] == 'date':
                values.append(self.date(field, t))
            else:
                try:
                    values.append(float(t))
                except ValueError:
                    if t.strip().lower() not in BOOLEAN_WORDS:
                        raise RowError('WRONG_TYPE', f'field "{field["name"]}": "{t[:60]}" is not a number.', field['name']) from None
                    values.append(BOOLEAN_WORDS[t.strip().lower()])
        return values

    def from_json(self, row):
        """One JSON object's model inputs, with the types serve.mjs insists on; extra keys are ignored."""
        if not isinstance(row, dict):
            raise RowError('VALIDATION', f'expected an object of input fields, got {json_type(row)}.')
        values = []
        for field in self.fields:
            name, kind = field['name'], field['kind']
            if name not in row:
                raise RowError('MISSING_FIELD', f'missing field "{name}" ({TYPE_WORDS[kind]}{" or null" if field["nullable"] else ""}).', name)
            v = row[name]
            if v is None or (v == '' and kind == 'string'):
                values.append(self.missing(field))
            elif kind in ('string', 'date') and isinstance(v, str):
                values.append(v if kind == 'string' else self.date(field, v))
            elif kind == 'number' and isinstance(v, (int, float)):
                values.append(float(v))
            else:
                raise RowError('WRONG_TYPE', f'field "{name}" must be {TYPE_WORDS[kind]}{" or null" if field["nullable"] else ""}, got {json_type(v)}.', name)
        return values

    def from_value(self, row):
        """One Parquet row's model inputs: numbers, booleans, dates and text as the file typed them."""
        cells = []
        for field in self.fields:
            if field['name'] not in row:
                raise RowError('MISSING_FIELD', f'missing field "{field["name"]}".', field['name'])
            v = row[field['name']]
            cells.append('' if v is None else v.isoformat() if isinstance(v, (date, datetime)) else str(v))
        return self.from_text(cells, range(len(cells)))

    def score(self, rows):
        """The appended values of each row: [label, p_class...] or [prediction]."""
        feeds = {}
        for j, field in enumerate(self.fields):
            column = [r[j] for r in rows]
            feeds[field['name']] = np.array(column, dtype=field['dtype']).reshape(-1, 1)
        out = dict(zip(self.outputs, self.session.run(self.outputs, feeds)))
        if 'probabilities' not in out and 'label' not in out:
            return [[float(p)] for p in out['prediction'].reshape(len(rows), -1)[:, 0]]
        proba = out.get('probabilities')
        labels = out.get('label')
        result = []
        for r in range(len(rows)):
            p = [float(x) for x in proba[r]] if proba is not None else []
            if self.threshold is not None and len(p) == 2:
                label = self.classes[1] if p[1] >= self.threshold else self.classes[0]
            elif labels is not None:
                label = labels[r].decode() if isinstance(labels[r], bytes) else str(labels[r])
            else:
                label = self.classes[int(np.argmax(proba[r]))]
            result.append([label] + p)
        return result


def records(path, kind):
    """(columns, iterator of (line or row number, record)): a list of cells for CSV, an object otherwise."""
    if kind == 'parquet':
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise SystemExit(f'Reading {path} needs pyarrow: pip install pyarrow (or give a CSV or JSON Lines file).') from None
        parquet = pq.ParquetFile(path)

        def rows():
            n = 0
            for batch in parquet.iter_batches(batch_size=65_536):
                for row in batch.to_pylist():
                    n += 1
                    yield n, row
        return parquet.schema_arrow.names, rows()
    f = open(path, newline='', encoding='utf-8-sig')
    if kind == 'jsonl':
        def lines():
            for n, line in enumerate(f, 1):
                if line.strip():
                    try:
                        yield n, json.loads(line)
                    except json.JSONDecodeError as e:
                        yield n, RowError('MALFORMED_JSON', f'not valid JSON at column {e.colno}: {e.msg}.')
        first = next((r for _, r in lines() if isinstance(r, dict)), {})
        f.seek(0)
        return list(first.keys()), lines()
    reader = csv.reader(f, delimiter='\t' if path.lower().endswith('.tsv') else ',')
    header = next(reader, None)
    if header is None:
        raise SystemExit(f'{path} is empty: a CSV file needs a header row.')

    def cells():
        start = reader.line_num + 1
        for row in reader:
            if row:
                yield start, row
            start = reader.line_num + 1
    return header, cells()


def main():
    parser = argparse.ArgumentParser(description="Score a file with this bundle's model.")
    parser.add_argument('input', help='a .csv, .tsv, .jsonl or .parquet file')
    parser.add_argument('--out', required=True, help='where to write the scored rows: .csv or .jsonl')
    parser.add_argument('--skip-bad', action='store_true', help='write rows that cannot be scored to OUTPUT.rejected.jsonl and go on')
    parser.add_argument('--chunk', type=int, default=65_536, help='rows scored per onnxruntime run')
    parser.add_argument('--threads', type=int, default=0, help='onnxruntime threads (default: one per core)')
    args = parser.parse_args()
    lower = args.input.lower()
    kind = 'parquet' if lower.endswith('.parquet') else 'jsonl' if lower.endswith(('.jsonl', '.ndjson')) else 'csv'
    out_format = 'jsonl' if args.out.lower().endswith(('.jsonl', '.ndjson')) else 'csv' if args.out.lower().endswith('.csv') else None
    if out_format is None:
        raise SystemExit(f'--out {args.out}: end it in .csv or .jsonl.')
    model = Model(args.threads)
    name = os.path.basename(args.input)
    columns, source = records(args.input, kind)
    at = [columns.index(f['name']) if f['name'] in columns else -1 for f in model.fields]
    lacking = [f'"{f["name"]}"' for f, j in zip(model.fields, at) if j < 0]
    if kind != 'jsonl' and lacking:
        raise SystemExit(f'{name} lacks {"the column" if len(lacking) == 1 else "columns"} the model needs: {", ".join(lacking)}.')
    added = model.added_columns()
    if any(c in columns for c in added):
        added = [f'predicted_{c}' for c in added]

    started = time.perf_counter()
    tmp = args.out + '.partial'
    out = open(tmp, 'w', newline='', encoding='utf-8')
    writer = csv.writer(out, lineterminator='\n') if out_format == 'csv' else None
    rejected = open(args.out + '.rejected.jsonl', 'w', encoding='utf-8') if args.skip_bad else None
    if writer:
        writer.writerow(columns + added)
    chunk, kept, scored, bad, number = [], [], 0, 0, 0

    def flush():
        if not chunk:
            return
        for record, values in zip(kept, model.score(chunk)):
            if writer:
                writer.writerow((record if kind == 'csv' else [csv_value(record.get(c)) for c in columns]) + values)
            else:
                obj = dict(zip(columns, record)) if kind == 'csv' else dict(record)
                obj.update(zip(added, values))
                out.write(json.dumps(obj, ensure_ascii=False, default=str) + '\n')
        chunk.clear()
        kept.clear()

    try:
        for line, record in source:
            number += 1
            try:
                if isinstance(record, RowError):
                    raise record
                if kind == 'csv':
                    if len(record) != len(columns):
                        raise RowError('WRONG_WIDTH', f'has {len(record)} values; the header has {len(columns)}.')
                    values = model.from_text(record, at)
                else:
                    values = model.from_json(record) if kind == 'jsonl' else model.from_value(record)
            except RowError as e:
                place = f'{name}, row {number} (line {line})' if kind == 'csv' else f'{name}, {"row" if kind == "parquet" else "line"} {line}'
                if not rejected:
                    raise SystemExit(f'{place}: {e} (--skip-bad sets such rows aside and goes on)') from None
                bad += 1
                entry = {'row' if kind == 'parquet' else 'line': line, 'reason': str(e), 'code': e.code}
                if e.field:
                    entry['field'] = e.field
                entry['record'] = ','.join(record) if kind == 'csv' else None if isinstance(record, RowError) else record
                rejected.write(json.dumps(entry, ensure_ascii=False, default=str) + '\n')
                continue
            chunk.append(values)
            kept.append(record)
            scored += 1
            if len(chunk) == args.chunk:
                flush()
        flush()
        out.close()
        os.replace(tmp, args.out)
    except BaseException:
        out.close()
        os.remove(tmp)
        raise
    finally:
        if rejected:
            rejected.close()
    seconds = time.perf_counter() - started
    skipped = f' ({bad:,} rejected -> {args.out}.rejected.jsonl)' if bad else ''
    print(f'Scored {scored:,} rows{skipped} in {seconds:.2f} s: {round(scored / max(seconds, 1e-9)):,} rows/s -> {args.out}', file=sys.stderr)


def csv_value(v):
    if v is None:
        return ''
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (dict, list)):
        return json.dumps(v, default=str)
    return v.isoformat() if isinstance(v, (date, datetime)) else v


if __name__ == '__main__':
    main()
