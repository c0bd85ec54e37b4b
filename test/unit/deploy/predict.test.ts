/** A bundle's batch scoring, predict.mjs (Node) and python/predict.py, against `gyre predict` on the same files. */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMERS, gyre, makeBundle, REPO, TEMPLATES, type TestBundle } from './bundle';

const FIXTURES = join(REPO, 'test/fixtures/data');
const PYTHON = '/usr/bin/python3';
const pythonOrt = spawnSync(PYTHON, ['-c', 'import onnxruntime, numpy'], { encoding: 'utf8' });
const hasPythonOrt = pythonOrt.status === 0;
if (!hasPythonOrt) console.log(`python/predict.py is not run: ${PYTHON} cannot import onnxruntime and numpy (${(pythonOrt.stderr || pythonOrt.error?.message || '').trim().split('\n').pop()}).`);

let root: string;
let bundle: TestBundle;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gyre-predict-'));
  bundle = makeBundle(root);
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function node(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(bundle.dir, script), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A CSV without quoted cells as rows of named cells. */
function readCsv(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, i) => [names[i], c])));
}

/** What `gyre predict` writes for a file: [label, p_false, p_true] per row. */
function byGyre(input: string): [string, number, number][] {
  const out = join(root, `gyre-${input.split('/').pop()}.csv`);
  gyre(bundle.ws, 'predict', bundle.runId, input, '--out', out);
  return readCsv(out).map((r) => [r.predicted_label!, Number(r.probability_false), Number(r.probability_true)]);
}

function expectSameScores(got: Record<string, string | number>[], want: [string, number, number][]) {
  expect(got).toHaveLength(want.length);
  got.forEach((row, i) => {
    expect(String(row.label)).toBe(want[i]![0]);
    expect(Math.abs(Number(row.p_false) - want[i]![1])).toBeLessThan(1e-6);
    expect(Math.abs(Number(row.p_true) - want[i]![2])).toBeLessThan(1e-6);
  });
}

describe('predict.mjs', () => {
  it('scores customers.csv as gyre predict does, copying the input columns and appending label and p_<class>', () => {
    const out = join(root, 'scored.csv');
    const r = node('predict.mjs', CUSTOMERS, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/Scored 300 rows in [\d.]+ s: [\d,]+ rows\/s/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,age,monthly_spend,city,plan,signup_date,churned,label,p_false,p_true');
    const input = readFileSync(CUSTOMERS, 'utf8').trim().split('\n');
    lines.slice(1).forEach((l, i) => expect(l.startsWith(`${input[i + 1]},`)).toBe(true));
    expectSameScores(readCsv(out), byGyre(CUSTOMERS));
  });

  it('reads JSON Lines and writes JSON Lines, scoring as gyre predict does', () => {
    const out = join(root, 'scored.jsonl');
    const input = join(FIXTURES, 'customers.jsonl');
    const r = node('predict.mjs', input, '--out', out);
    expect(r.code, r.err).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string | number>);
    expect(Object.keys(rows[0]!)).toEqual(['customer_id', 'age', 'monthly_spend', 'city', 'plan', 'signup_date', 'churned', 'label', 'p_false', 'p_true']);
    expectSameScores(rows, byGyre(input));
  });

  it('reads Parquet through hyparquet, and says to install it when it is not there', () => {
    const input = join(FIXTURES, 'customers.parquet');
    const out = join(root, 'parquet.csv');
    const r = node('predict.mjs', input, '--out', out);
    expect(r.code, r.err).toBe(0);
    expectSameScores(readCsv(out), byGyre(input));

    // A bundle whose node_modules holds onnxruntime and nothing optional.
    const bare = join(root, 'bare');
    mkdirSync(join(bare, 'node_modules'), { recursive: true });
    cpSync(TEMPLATES, bare, { recursive: true });
    for (const f of ['model.onnx', 'model.json', 'schema.json']) cpSync(join(bundle.dir, f), join(bare, f));
    for (const m of ['onnxruntime-node', 'onnxruntime-common']) symlinkSync(join(REPO, 'node_modules', m), join(bare, 'node_modules', m), 'dir');
    const without = spawnSync(process.execPath, [join(bare, 'predict.mjs'), input, '--out', join(bare, 'out.csv')], { encoding: 'utf8' });
    expect(without.status).toBe(1);
    expect(without.stderr).toContain('run `npm install hyparquet` in this folder');
  });

  it('stops at a row it cannot score, naming the row and the reason, and leaves no output', () => {
    const bad = join(root, 'bad.csv');
    const input = readFileSync(CUSTOMERS, 'utf8').split('\n');
    input[3] = input[3]!.replace(/^(\d+),\d*,/, '$1,thirty,');
    input[5] = input[5]!.replace(/,(\d{4}-\d{2}-\d{2}),/, ',2021-02-30,');
    writeFileSync(bad, input.join('\n'));
    const out = join(root, 'bad-out.csv');
    const r = node('predict.mjs', bad, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toContain('bad.csv, row 3 (line 4): field "age": "thirty" is not a number.');
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);

    const skipped = node('predict.mjs', bad, '--out', out, '--skip-bad');
    expect(skipped.code, skipped.err).toBe(0);
    expect(skipped.err).toContain('Scored 298 rows (2 rejected');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(299);
    const rejected = readFileSync(`${out}.rejected.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rejected).toEqual([
      { line: 4, reason: 'field "age": "thirty" is not a number.', code: 'WRONG_TYPE', field: 'age', record: input[3] },
      expect.objectContaining({ line: 6, code: 'BAD_DATE', field: 'signup_date', record: input[5] }),
    ]);
  });

  it('reads quoted cells, line breaks inside quotes and CRLF line ends, and refuses a file lacking a column', () => {
    const quoted = join(root, 'quoted.csv');
    writeFileSync(quoted, 'note,age,monthly_spend,city,plan,signup_date\r\n"says ""hi"", twice",49,139.74,Braga,pro,2021-12-30\r\n"two\nlines",,57.47,"Coimbra",pro,2022-07-28T00:00:00Z\r\n');
    const out = join(root, 'quoted-out.jsonl');
    const r = node('predict.mjs', quoted, '--out', out, '--chunk', '1');
    expect(r.code, r.err).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.map((x) => x.note)).toEqual(['says "hi", twice', 'two\nlines']);
    expect(rows[0]).toMatchObject({ label: 'true', p_true: expect.closeTo(0.8811616897583008, 6) });
    expect(rows[1]).toMatchObject({ label: 'false', p_true: expect.closeTo(0.03142330050468445, 6) });

    const unclosed = join(root, 'unclosed.csv');
    writeFileSync(unclosed, 'note,age,monthly_spend,city,plan,signup_date\nok,49,139.74,Braga,pro,2021-12-30\n"never closed,49,139.74,Braga,pro,2021-12-30\nx,1,2,Faro,pro,2021-12-30\n');
    expect(node('predict.mjs', unclosed, '--out', join(root, 'unclosed-out.csv')).err).toContain('unclosed.csv, row 2 (line 3): a quoted value is not closed before the end of the file.');

    const lacking = join(root, 'lacking.csv');
    writeFileSync(lacking, 'age,monthly_spend,city\n30,12.5,Porto\n');
    expect(node('predict.mjs', lacking, '--out', join(root, 'x.csv')).err).toContain('lacking.csv lacks columns the model needs: "plan", "signup_date".');
  });

  it('spreads CSV across worker threads with the same output, row numbers and rejected rows as one thread', () => {
    // Small chunks, so that the 300 rows travel as 19 batches across 3 workers and come back out of order.
    const input = readFileSync(CUSTOMERS, 'utf8').split('\n');
    input[40] = input[40]!.replace(/^(\d+),\d*,/, '$1,forty,');
    input[250] = `"${input[250]!.replace(/,/, '",')}`; // a quoted first cell: the general path, inside a batch
    const mixed = join(root, 'mixed.csv');
    writeFileSync(mixed, input.join('\r\n'));
    const run = (workers: string, ...extra: string[]) => {
      const out = join(root, `mixed-${workers}${extra.join('')}.csv`);
      const r = node('predict.mjs', mixed, '--out', out, '--chunk', '16', '--workers', workers, ...extra);
      return { ...r, text: existsSync(out) ? readFileSync(out, 'utf8') : null, rejected: existsSync(`${out}.rejected.jsonl`) ? readFileSync(`${out}.rejected.jsonl`, 'utf8') : null };
    };
    const [one, three] = [run('1', '--skip-bad'), run('3', '--skip-bad')];
    expect(three.code, three.err).toBe(0);
    expect(three.err).toContain('Scored 299 rows (1 rejected');
    expect(three.text).toBe(one.text);
    expect(three.rejected).toBe(one.rejected);
    expect(JSON.parse(three.rejected!)).toMatchObject({ line: 41, code: 'WRONG_TYPE', field: 'age' });
    const stopped = run('3');
    expect(stopped.code).toBe(1);
    expect(stopped.err).toContain('mixed.csv, row 40 (line 41): field "age": "forty" is not a number.');
    expect(stopped.err).toBe(run('1').err);
    expect(stopped.text).toBeNull();
    expect(node('predict.mjs', mixed, '--out', join(root, 'x.csv'), '--workers', '0').err).toContain('--workers 0: give a whole number, 1 or more.');
  });

  it('prints its options with --help, every default filled in', () => {
    const help = node('predict.mjs', '--help');
    expect(help.code, help.err).toBe(0);
    for (const option of ['--out', '--skip-bad', '--chunk', '--threads', '--workers', '--candidate']) expect(help.out).toContain(option);
    expect(help.out).toMatch(/at most 16: \d+ here\)/);
    expect(help.out).not.toMatch(/\b[A-Z]+_[A-Z_]+\b/); // no placeholder left unreplaced
  });

  it("labels a binary row by model.json's threshold when it sets one", () => {
    const dir = join(root, 'threshold');
    cpSync(bundle.dir, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...bundle.model, threshold: 0.2 }));
    const out = join(root, 'threshold.csv');
    const r = spawnSync(process.execPath, [join(dir, 'predict.mjs'), CUSTOMERS, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const rows = readCsv(out);
    expect(rows.every((x) => x.label === (Number(x.p_true) >= 0.2 ? 'true' : 'false'))).toBe(true);
    // Rows the model's own label (at 0.5) calls false.
    expect(rows.some((x) => x.label === 'true' && Number(x.p_true) < 0.5)).toBe(true);
  });
});

describe('python/predict.py', () => {
  it('compiles', () => {
    const r = spawnSync(PYTHON, ['-m', 'py_compile', join(bundle.dir, 'python/predict.py')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it.skipIf(!hasPythonOrt)('scores customers.csv as gyre predict does', () => {
    const out = join(root, 'python.csv');
    const r = spawnSync(PYTHON, [join(bundle.dir, 'python/predict.py'), CUSTOMERS, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expectSameScores(readCsv(out), byGyre(CUSTOMERS));
  });
});
