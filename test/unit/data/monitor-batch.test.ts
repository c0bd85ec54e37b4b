/** Reading a monitoring batch: a file or a prediction log typed as the model's inputs, and the outcomes joined by id. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { sqlString, withDuck } from '../../../electron/data/duck';
import { readBatch, type BatchInputColumn, type BatchRead, type ReadBatchRequest } from '../../../electron/data/monitor-batch';

const DIR = mkdtempSync(join(tmpdir(), 'gyre-monitor-batch-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

let files = 0;
function file(name: string, text: string): string {
  const path = join(DIR, `${++files}-${name}`);
  writeFileSync(path, text);
  return path;
}

const INPUTS: BatchInputColumn[] = [
  { name: 'age', semanticType: 'integer' },
  { name: 'income', semanticType: 'float' },
  { name: 'city', semanticType: 'categorical' },
  { name: 'member', semanticType: 'boolean' },
  { name: 'joined', semanticType: 'datetime' },
];

function request(source: ReadBatchRequest['source'], over: Partial<ReadBatchRequest> = {}): ReadBatchRequest {
  return {
    source,
    displayName: 'march.csv',
    inputs: INPUTS,
    model: 'churn@2',
    task: 'binary',
    classLabels: ['no', 'yes'],
    idColumn: null,
    outcomes: null,
    target: 'churned',
    parquetPath: join(DIR, `${++files}-batch.parquet`),
    ...over,
  };
}

const read = (r: ReadBatchRequest) => withDuck((duck) => readBatch(duck, r));

async function failure(r: ReadBatchRequest): Promise<GyreError> {
  try {
    await read(r);
  } catch (e) {
    if (e instanceof GyreError) return e;
    throw e;
  }
  throw new Error('the batch was read');
}

function column(batch: BatchRead, name: string): unknown[] {
  return Array.from(batch.frame.columns.find((c) => c.name === name)!.values as ArrayLike<unknown>);
}

const rounded = (values: Float64Array) => Array.from(values, (v) => Math.round(v * 1e9) / 1e9);

function logLine(entry: Record<string, unknown>): string {
  return JSON.stringify({ ts: '2024-03-01T10:00:00.000Z', model: 'churn@2', requestId: 'r', latencyMs: 1.5, ...entry }) + '\n';
}

const CSV = ['id,age,income,city,member,joined,note', 'a1,34,52000.5,Paris,yes,2024-01-02,x', 'a2,abc,48000,Lyon,FALSE,2024-02-03 10:00:00,y', 'a3,,  ,Nice, true ,not a date,z', ''].join('\n');

describe('a file batch', () => {
  it('reads each input as its training type, counting values that cannot be read and leaving them missing', async () => {
    const batch = await read(request({ kind: 'file', path: file('march.csv', CSV) }));
    expect(batch.rows).toBe(3);
    expect(batch.frame.columns.map((c) => [c.name, c.kind, c.semanticType])).toEqual([
      ['age', 'number', 'integer'],
      ['income', 'number', 'float'],
      ['city', 'string', 'categorical'],
      ['member', 'number', 'boolean'],
      ['joined', 'number', 'datetime'],
    ]);
    expect(column(batch, 'age')).toEqual([34, NaN, NaN]);
    expect(column(batch, 'income')).toEqual([52000.5, 48000, NaN]);
    expect(column(batch, 'city')).toEqual(['Paris', 'Lyon', 'Nice']);
    expect(column(batch, 'member')).toEqual([1, 0, 1]);
    expect(column(batch, 'joined')).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 1, 3, 10), NaN]);
    // "abc" is no number and "not a date" no date; a blank income is missing, not unreadable.
    expect(batch.unreadable).toEqual({ age: 1, income: 0, city: 0, member: 0, joined: 1 });
    expect(batch.missingColumns).toEqual([]);
    expect(batch.extraColumns).toEqual(['id', 'note']);
    expect(batch.ids).toBeNull();
    expect(batch.logged).toBeNull();
    expect(batch.period).toBeNull();
    expect(batch.outcomes).toBeNull();
  });

  it('names the inputs the file lacks and reads the rest', async () => {
    const inputs: BatchInputColumn[] = [{ name: 'tenure', semanticType: 'integer' }, { name: 'City', semanticType: 'categorical' }, ...INPUTS];
    const batch = await read(request({ kind: 'file', path: file('march.csv', CSV) }, { inputs, idColumn: 'id' }));
    // Column names match exactly: "city" is not "City".
    expect(batch.missingColumns).toEqual(['tenure', 'City']);
    expect(batch.frame.columns.map((c) => c.name)).toEqual(['age', 'income', 'city', 'member', 'joined']);
    expect(batch.ids).toEqual(['a1', 'a2', 'a3']);
    expect(batch.extraColumns).toEqual(['id', 'note']);
  });

  it('reads a Parquet file whose columns are already typed', async () => {
    const path = join(DIR, 'april.parquet');
    await withDuck((duck) =>
      duck.run(`COPY (SELECT * FROM (VALUES (7, 31::BIGINT, 41000.25, 'Paris', true, TIMESTAMP '2024-04-01 08:30:00'), (8, NULL, 39000, 'Lyon', false, NULL)) AS t(id, age, income, city, member, joined)) TO ${sqlString(path)} (FORMAT parquet)`),
    );
    const batch = await read(request({ kind: 'file', path }, { displayName: 'april.parquet', idColumn: 'id' }));
    expect(batch.rows).toBe(2);
    expect(column(batch, 'age')).toEqual([31, NaN]);
    expect(column(batch, 'income')).toEqual([41000.25, 39000]);
    expect(column(batch, 'member')).toEqual([1, 0]);
    expect(column(batch, 'joined')).toEqual([Date.UTC(2024, 3, 1, 8, 30), NaN]);
    expect(batch.unreadable).toEqual({ age: 0, income: 0, city: 0, member: 0, joined: 0 });
    expect(batch.ids).toEqual(['7', '8']);
  });

  it('refuses a file with no rows', async () => {
    const error = await failure(request({ kind: 'file', path: file('empty.csv', 'age,income\n') }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('march.csv has no rows.');
  });

  it('refuses an id column the file lacks, listing the columns it has', async () => {
    const error = await failure(request({ kind: 'file', path: file('march.csv', CSV) }, { idColumn: 'customer' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toContain('"customer"');
    expect(error.message).toContain('"id", "age"');
  });
});

describe('a prediction log', () => {
  const probabilities = (yes: number) => ({ label: yes > 0.5 ? 'yes' : 'no', probabilities: { yes, no: 1 - yes } });
  const inputs = (age: number, extra: Record<string, unknown> = {}) => ({ age, income: 50000, city: 'Paris', member: true, joined: '2024-01-02', ...extra });

  it("reads this model's rows with the probabilities it served, in the model's class order", async () => {
    const log = file('predictions.jsonl', [
      logLine({ ts: '2024-03-01T10:00:00.000Z', requestId: 'q1', inputs: inputs(30, { debug: 1 }), outputs: probabilities(0.75) }),
      '\n',
      logLine({ ts: '2024-03-02T10:00:00.000Z', requestId: 'q2', inputs: inputs(40, { age: 'forty' }), outputs: probabilities(0.25) }),
    ].join(''));
    const batch = await read(request({ kind: 'log', path: log }, { displayName: 'predictions.jsonl', idColumn: 'requestId' }));
    expect(batch.rows).toBe(2);
    expect(column(batch, 'age')).toEqual([30, NaN]);
    expect(column(batch, 'member')).toEqual([1, 1]);
    expect(column(batch, 'joined')).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 2)]);
    expect(batch.unreadable.age).toBe(1);
    expect(batch.extraColumns).toEqual(['debug']);
    expect(batch.missingColumns).toEqual([]);
    // classLabels ['no', 'yes']: the logged {yes, no} is reordered.
    expect(Array.from(batch.logged!)).toEqual([0.25, 0.75, 0.75, 0.25]);
    expect(batch.ids).toEqual(['q1', 'q2']);
    expect(batch.period).toEqual({ first: '2024-03-01T10:00:00.000Z', last: '2024-03-02T10:00:00.000Z' });
  });

  it('keeps only the rows this version answered in an A/B log', async () => {
    const log = file('ab.jsonl', [
      logLine({ requestId: 'p1', arm: 'production', model: 'churn@1', inputs: inputs(20), outputs: probabilities(0.1) }),
      logLine({ requestId: 'c1', arm: 'candidate', inputs: inputs(21), outputs: probabilities(0.9) }),
      logLine({ requestId: 'p2', arm: 'production', model: 'churn@1', inputs: inputs(22), outputs: probabilities(0.2) }),
    ].join(''));
    const candidate = await read(request({ kind: 'log', path: log }));
    expect(column(candidate, 'age')).toEqual([21]);
    expect(rounded(candidate.logged!)).toEqual([0.1, 0.9]);
    const production = await read(request({ kind: 'log', path: log }, { model: 'churn@1' }));
    expect(column(production, 'age')).toEqual([20, 22]);
  });

  it("reads a shadow's rows with the shadow's outputs, leaving out the rows it failed", async () => {
    const log = file('shadow.jsonl', [
      logLine({ model: 'churn@1', requestId: 's1', arm: 'production', inputs: inputs(50), outputs: probabilities(0.3), shadow: { model: 'churn@2', outputs: probabilities(0.6) } }),
      logLine({ model: 'churn@1', requestId: 's2', arm: 'production', inputs: inputs(51), outputs: probabilities(0.3), shadow: { model: 'churn@2', error: { code: 'INTERNAL', message: 'failed' } } }),
      logLine({ model: 'churn@1', requestId: 's3', arm: 'production', inputs: inputs(52), outputs: probabilities(0.3), shadow: { model: 'churn@2', outputs: probabilities(1) } }),
    ].join(''));
    const batch = await read(request({ kind: 'log', path: log }));
    expect(column(batch, 'age')).toEqual([50, 52]);
    expect(rounded(batch.logged!)).toEqual([0.4, 0.6, 0, 1]);
  });

  it("reads a regression's predictions, and inputs whose names hold quotes, dots and slashes", async () => {
    const inputs: BatchInputColumn[] = [{ name: 'size "m2"', semanticType: 'float' }, { name: 'rooms.count', semanticType: 'integer' }, { name: 'a/b~c', semanticType: 'categorical' }];
    const log = file('prices.jsonl', [
      logLine({ model: 'price@1', requestId: 'x1', inputs: { 'size "m2"': 80.5, 'rooms.count': 3, 'a/b~c': 'north' }, outputs: { prediction: 250000 } }),
      logLine({ model: 'price@1', requestId: 'x2', inputs: { 'size "m2"': null, 'rooms.count': '4' }, outputs: { prediction: 199999.5 } }),
    ].join(''));
    const batch = await read(request({ kind: 'log', path: log }, { model: 'price@1', task: 'regression', classLabels: null, inputs, target: 'price' }));
    expect(column(batch, 'size "m2"')).toEqual([80.5, NaN]);
    expect(column(batch, 'rooms.count')).toEqual([3, 4]);
    expect(column(batch, 'a/b~c')).toEqual(['north', null]);
    expect(batch.unreadable).toEqual({ 'size "m2"': 0, 'rooms.count': 0, 'a/b~c': 0 });
    expect(Array.from(batch.logged!)).toEqual([250000, 199999.5]);
  });

  it('names the models a log holds when none is this one', async () => {
    const log = file('other.jsonl', logLine({ model: 'churn@1', inputs: inputs(1), outputs: probabilities(0.5), shadow: { model: 'churn@3', outputs: probabilities(0.5) } }));
    const error = await failure(request({ kind: 'log', path: log }, { displayName: 'other.jsonl' }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('other.jsonl has no predictions of churn@2 (it holds predictions of "churn@1", "churn@3").');
  });

  it('names the line that is not JSON', async () => {
    const log = file('broken.jsonl', [logLine({ inputs: inputs(1), outputs: probabilities(0.5) }), '\n', logLine({ inputs: inputs(2), outputs: probabilities(0.5) }), '{"ts": "2024-03-01", "model": "churn@2", "inp\n'].join(''));
    const error = await failure(request({ kind: 'log', path: log }, { displayName: 'broken.jsonl' }));
    expect(error.code).toBe('DATASET_PARSE');
    expect(error.message).toMatch(/^broken\.jsonl, line 4: not a JSON object/);
    expect(error.details).toMatchObject({ file: 'broken.jsonl', row: 4 });
    expect(error.message).not.toContain(DIR);
  });
});

describe('outcomes', () => {
  const BATCH = ['id,age,income,city,member,joined', 'c1,30,1,Paris,yes,2024-01-01', 'c2,31,2,Lyon,no,2024-01-01', 'c3,32,3,Nice,no,2024-01-01', 'c4,33,4,Nice,no,2024-01-01', ''].join('\n');
  const outcomes = (text: string, over: Partial<NonNullable<ReadBatchRequest['outcomes']>> = {}) => ({
    path: file('outcomes.csv', text),
    displayName: 'outcomes.csv',
    idColumn: 'id',
    outcomeColumn: 'churned',
    ...over,
  });

  it('joins the outcomes by id: class indices, NaN where none arrived, and the ids that matched no row', async () => {
    const r = request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', outcomes: outcomes('id,churned\n c3 ,yes\nc1,no\nc9,yes\nc2,\n') });
    const batch = await read(r);
    expect(Array.from(batch.outcomes!.yTrue)).toEqual([0, NaN, 1, NaN]);
    expect(batch.outcomes!.matched).toBe(2);
    expect(batch.outcomes!.unmatchedOutcomes).toBe(1);
    // The Parquet holds the inputs, the id and the outcome under the target's name, in batch order.
    const stored = await withDuck((duck) => duck.arrays(`SELECT * FROM read_parquet(${sqlString(r.parquetPath)})`));
    expect(stored.columns).toEqual(['age', 'income', 'city', 'member', 'joined', '__id', 'churned']);
    expect(stored.rows.map((row) => [row[0], row[5], row[6]])).toEqual([[30, 'c1', 'no'], [31, 'c2', null], [32, 'c3', 'yes'], [33, 'c4', null]]);
  });

  it('matches yes/no words to a true/false target, and numbers to numeric classes', async () => {
    const yesNo = await read(request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', classLabels: ['false', 'true'], outcomes: outcomes('id,churned\nc1,TRUE\nc2,no\nc3,1\n') }));
    expect(Array.from(yesNo.outcomes!.yTrue)).toEqual([1, 0, 1, NaN]);
    const numeric = await read(request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', task: 'multiclass', classLabels: ['1', '2', '10'], outcomes: outcomes('id,churned\nc1,10\nc2,2.0\nc4,1\n') }));
    expect(Array.from(numeric.outcomes!.yTrue)).toEqual([2, 1, NaN, 0]);
  });

  it("joins a log's outcomes by request id, or by ${requestId}/${row} for a request of several rows", async () => {
    const inputs = { age: 1, income: 2, city: 'Paris', member: true, joined: '2024-01-01' };
    const outputs = { prediction: 3 };
    const log = file('prices.jsonl', [
      logLine({ requestId: 'one', inputs, outputs }),
      logLine({ requestId: 'many', inputs, outputs }),
      logLine({ requestId: 'many', inputs, outputs }),
    ].join(''));
    const batch = await read(request({ kind: 'log', path: log }, { task: 'regression', classLabels: null, idColumn: 'requestId', outcomes: outcomes('id,churned\none,10\nmany/1,12.5\n') }));
    expect(Array.from(batch.outcomes!.yTrue)).toEqual([10, NaN, 12.5]);
    expect(batch.outcomes!.matched).toBe(2);
    expect(batch.outcomes!.unmatchedOutcomes).toBe(0);
  });

  it('refuses an id that two outcome rows share, naming both rows', async () => {
    const error = await failure(request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', outcomes: outcomes('id,churned\nc1,yes\nc2,no\nc3,no\nc2,yes\n') }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('outcomes.csv: the id "c2" is in rows 2 and 4 of column "id"; each outcome needs its own id.');
  });

  it('refuses a class the model never saw, naming the file, row and column', async () => {
    const error = await failure(request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', outcomes: outcomes('id,churned\nc1,yes\nc2,maybe\n') }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('outcomes.csv, row 2, column "churned": "maybe" is not a class the model knows (it knows "no", "yes").');
    expect(error.details).toMatchObject({ file: 'outcomes.csv', row: 2, column: 'churned' });
  });

  it('refuses an outcome that is not a number for a regression', async () => {
    const error = await failure(request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', task: 'regression', classLabels: null, outcomes: outcomes('id,churned\nc1,3\nc2,NA\nc3,lots\n') }));
    expect(error.message).toBe('outcomes.csv, row 3, column "churned": "lots" is not a number (the model predicts numbers).');
  });

  it('refuses an outcome column the file lacks, listing the columns it has', async () => {
    const error = await failure(request({ kind: 'file', path: file('march.csv', BATCH) }, { idColumn: 'id', outcomes: outcomes('id,label\nc1,yes\n') }));
    expect(error.code).toBe('VALIDATION');
    expect(error.message).toBe('outcomes.csv has no column "churned" (its columns: "id", "label").');
    expect(error.details).toMatchObject({ file: 'outcomes.csv', column: 'churned' });
  });
});
