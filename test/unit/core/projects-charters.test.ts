import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/core/dispatch';
import type { Handlers } from '../../../electron/contract/index';
import { tempHandlers, validCharter } from '../../helpers/workspace';

async function ok(handlers: Handlers, name: string, input: unknown) {
  const { envelope } = await dispatch(handlers, name, input);
  if (!envelope.ok) throw new Error(`${name} failed: ${envelope.error.code} ${envelope.error.message}`);
  return envelope.result as never;
}

async function fails(handlers: Handlers, name: string, input: unknown) {
  const { envelope } = await dispatch(handlers, name, input);
  if (envelope.ok) throw new Error(`${name} unexpectedly succeeded`);
  return envelope.error;
}

describe('projects', () => {
  it('creates, lists, renames and archives a project; archived ones are hidden unless asked for', async () => {
    const { handlers } = tempHandlers();
    const churn = await ok(handlers, 'projects.create', { name: '  Churn  ', description: 'Who leaves' });
    expect(churn).toMatchObject({ name: 'Churn', description: 'Who leaves', archivedAt: null });
    await ok(handlers, 'projects.create', { name: 'Fraud' });
    expect((await ok(handlers, 'projects.list', {}) as { name: string }[]).map((p) => p.name).sort()).toEqual(['Churn', 'Fraud']);

    const renamed = await ok(handlers, 'projects.rename', { id: (churn as { id: string }).id, name: 'Churn 2027' });
    expect(renamed).toMatchObject({ name: 'Churn 2027' });
    await ok(handlers, 'projects.archive', { id: 'Fraud' });
    expect((await ok(handlers, 'projects.list', {}) as { name: string }[]).map((p) => p.name)).toEqual(['Churn 2027']);
    expect(await ok(handlers, 'projects.list', { includeArchived: true })).toHaveLength(2);
    await ok(handlers, 'projects.archive', { id: 'fraud', archived: false });
    expect(await ok(handlers, 'projects.list', {})).toHaveLength(2);
  });

  it('refuses a second project with the same name in any case, naming the field', async () => {
    const { handlers } = tempHandlers();
    await ok(handlers, 'projects.create', { name: 'Churn' });
    const error = await fails(handlers, 'projects.create', { name: 'CHURN' });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { field: 'name' } });
    expect(error.message).toContain('"Churn" already exists');
  });

  it('rejects invalid input with VALIDATION and the field', async () => {
    const { handlers } = tempHandlers();
    expect(await fails(handlers, 'projects.create', { name: '   ' })).toMatchObject({ code: 'VALIDATION', details: { field: 'name' } });
    expect(await fails(handlers, 'projects.rename', { id: 42, name: 'x' })).toMatchObject({ code: 'VALIDATION', details: { field: 'id' } });
    expect(await fails(handlers, 'projects.nuke', {})).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('remembers the last opened project, and forgets it when the project is archived', async () => {
    const { handlers } = tempHandlers();
    expect(await ok(handlers, 'projects.lastOpened', {})).toBeNull();
    const a = (await ok(handlers, 'projects.create', { name: 'A' })) as { id: string };
    await ok(handlers, 'projects.create', { name: 'B' });
    await ok(handlers, 'projects.open', { id: a.id });
    expect(await ok(handlers, 'projects.lastOpened', {})).toMatchObject({ id: a.id });
    expect((await ok(handlers, 'projects.list', {}) as { name: string }[])[0]!.name).toBe('A');
    await ok(handlers, 'projects.archive', { id: a.id });
    expect(await ok(handlers, 'projects.lastOpened', {})).toBeNull();
    expect(await fails(handlers, 'projects.open', { id: a.id })).toMatchObject({ code: 'CONFLICT' });
  });
});

describe('charters', () => {
  it('makes a new version on every save and diffs two versions field by field', async () => {
    const { handlers } = tempHandlers();
    const { id } = (await ok(handlers, 'projects.create', { name: 'Churn' })) as { id: string };
    expect(await ok(handlers, 'charters.get', { projectId: id })).toBeNull();
    const v1 = await ok(handlers, 'charters.save', { projectId: id, content: validCharter(), basedOnVersion: null });
    expect(v1).toMatchObject({ version: 1, content: { task: 'binary_classification' } });

    const edited = validCharter();
    edited.successCriteria[0]!.acceptable = 0.75;
    edited.constraints.sensitiveAttributes.push({ name: 'age band', maxDisparity: 0.15 });
    const v2 = await ok(handlers, 'charters.save', { projectId: id, content: edited, basedOnVersion: 1, note: 'Raise the bar' });
    expect(v2).toMatchObject({ version: 2, note: 'Raise the bar' });
    expect((await ok(handlers, 'charters.history', { projectId: id }) as { version: number }[]).map((v) => v.version)).toEqual([2, 1]);
    expect((await ok(handlers, 'charters.get', { projectId: id, version: 1 }) as { content: { successCriteria: { acceptable: number }[] } }).content.successCriteria[0]!.acceptable).toBe(0.7);

    const diff = await ok(handlers, 'charters.diff', { projectId: id, from: 1, to: 2 });
    expect(diff).toEqual({
      projectId: id,
      from: 1,
      to: 2,
      changes: [
        { path: 'successCriteria.0.acceptable', kind: 'changed', before: 0.7, after: 0.75 },
        { path: 'constraints.sensitiveAttributes.1', kind: 'added', after: { name: 'age band', maxDisparity: 0.15 } },
      ],
    });
  });

  it('refuses a save based on a stale version instead of overwriting the newer one', async () => {
    const { handlers } = tempHandlers();
    const { id } = (await ok(handlers, 'projects.create', { name: 'Churn' })) as { id: string };
    await ok(handlers, 'charters.save', { projectId: id, content: validCharter(), basedOnVersion: null });
    const other = { ...validCharter(), problem: 'Changed elsewhere' };
    await ok(handlers, 'charters.save', { projectId: id, content: other, basedOnVersion: 1 });
    const error = await fails(handlers, 'charters.save', { projectId: id, content: { ...validCharter(), problem: 'Mine' }, basedOnVersion: 1 });
    expect(error).toMatchObject({ code: 'CONFLICT', details: { latestVersion: 2 } });
    expect(await ok(handlers, 'charters.get', { projectId: id })).toMatchObject({ version: 2, content: { problem: 'Changed elsewhere' } });
  });

  it('does not add a version when nothing changed', async () => {
    const { handlers } = tempHandlers();
    const { id } = (await ok(handlers, 'projects.create', { name: 'Churn' })) as { id: string };
    await ok(handlers, 'charters.save', { projectId: id, content: validCharter(), basedOnVersion: null });
    expect(await ok(handlers, 'charters.save', { projectId: id, content: validCharter(), basedOnVersion: 1 })).toMatchObject({ version: 1 });
    expect(await ok(handlers, 'charters.history', { projectId: id })).toHaveLength(1);
  });

  it.each([
    ['a target worse than the acceptable value', (c: ReturnType<typeof validCharter>) => (c.successCriteria[0]!.target = 0.6), 'content.successCriteria.0.target', /at least the acceptable value/],
    ['a metric that does not fit the task', (c: ReturnType<typeof validCharter>) => ((c.successCriteria[1] as { metric: string }).metric = 'rmse'), 'content.successCriteria.1.metric', /RMSE does not measure a binary classification/],
    ['an accuracy above 1', (c: ReturnType<typeof validCharter>) => (c.successCriteria[0]!.target = 1.5), 'content.successCriteria.0.target', /cannot be above 1/],
    ['no success criterion', (c: ReturnType<typeof validCharter>) => (c.successCriteria = []), 'content.successCriteria', /at least one success criterion/],
    ['an empty problem statement', (c: ReturnType<typeof validCharter>) => (c.problem = '  '), 'content.problem', /Describe the problem/],
    ['a disparity limit above 1', (c: ReturnType<typeof validCharter>) => (c.constraints.sensitiveAttributes[0]!.maxDisparity = 5), 'content.constraints.sensitiveAttributes.0.maxDisparity', /fraction/],
  ])('rejects %s with VALIDATION naming the field', async (_what, spoil, field, message) => {
    const { handlers } = tempHandlers();
    const { id } = (await ok(handlers, 'projects.create', { name: 'Churn' })) as { id: string };
    const content = validCharter();
    spoil(content);
    const error = await fails(handlers, 'charters.save', { projectId: id, content, basedOnVersion: null });
    expect(error.code).toBe('VALIDATION');
    expect(error.details?.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(await ok(handlers, 'charters.history', { projectId: id })).toEqual([]);
  });

  it('accepts a lower-is-better criterion whose target is below its acceptable value', async () => {
    const { handlers } = tempHandlers();
    const { id } = (await ok(handlers, 'projects.create', { name: 'Prices' })) as { id: string };
    const content = { ...validCharter(), task: 'regression', successCriteria: [{ metric: 'rmse', direction: 'lower', acceptable: 12, target: 8 }, { metric: 'p95_latency_ms', direction: 'lower', acceptable: 50, target: 10 }] };
    expect(await ok(handlers, 'charters.save', { projectId: id, content, basedOnVersion: null })).toMatchObject({ version: 1 });
  });
});

describe('stage status', () => {
  it('shows Plan as not started until a charter exists, then done; every other stage as available, with what to do first', async () => {
    const { handlers } = tempHandlers();
    const { id } = (await ok(handlers, 'projects.create', { name: 'Churn' })) as { id: string };
    const before = (await ok(handlers, 'stages.status', { projectId: id })) as { stage: string; state: string; available: boolean }[];
    expect(before.map((s) => s.stage)).toEqual(['plan', 'data', 'explore', 'prepare', 'train', 'evaluate', 'deploy', 'monitor']);
    expect(before[0]).toMatchObject({ state: 'not_started', available: true });
    await ok(handlers, 'charters.save', { projectId: id, content: validCharter(), basedOnVersion: null });
    const after = (await ok(handlers, 'stages.status', { projectId: id })) as { stage: string; state: string; summary: string; available: boolean }[];
    expect(after[0]).toMatchObject({ state: 'done', summary: 'Charter version 1 with 2 success criteria.' });
    expect(after[1]).toMatchObject({ stage: 'data', state: 'not_started', available: true });
    expect(after[2]).toMatchObject({ stage: 'explore', state: 'not_started', available: true });
    expect(after[3]).toMatchObject({ stage: 'prepare', state: 'not_started', summary: 'Import data first; then clean it and make features with a recipe here.', available: true });
    expect(after[4]).toMatchObject({ stage: 'train', state: 'not_started', summary: 'Import data first; then train models on it here.', available: true });
    expect(after[5]).toMatchObject({ stage: 'evaluate', state: 'not_started', summary: 'Train a model first; then evaluate it on data it never saw.', available: true });
    expect(after[6]).toMatchObject({ stage: 'deploy', state: 'not_started', summary: 'Register a model version on the Evaluate stage; then export it as a bundle here.', available: true });
    expect(after[7]).toMatchObject({ stage: 'monitor', state: 'not_started', summary: 'Promote a model version to production on the Evaluate stage; then check its production data here.', available: true });
  });

  it('reports the entities a mutation changed so hosts can broadcast them', async () => {
    const { handlers } = tempHandlers();
    expect((await dispatch(handlers, 'projects.create', { name: 'X' })).touched).toEqual(['projects']);
    expect((await dispatch(handlers, 'projects.list', {})).touched).toEqual([]);
    expect((await dispatch(handlers, 'projects.create', { name: '' })).touched).toEqual([]);
  });
});
