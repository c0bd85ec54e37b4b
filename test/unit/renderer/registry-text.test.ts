/** The registry's words and the lineage layout: what a data scientist reads before promoting a model. */
import { describe, expect, it } from 'vitest';
import type { Lineage, ModelEvent, ModelVersion } from '../../../electron/contract/registry';
import { lineageLayout } from '../../../renderer/src/stages/evaluate/registry/lineageOption';
import { eventText, gateWords, productionCheck } from '../../../renderer/src/stages/evaluate/registry/registryText';

const version = (gate: ModelVersion['gate']) => ({ name: 'churn', version: 2, gate });
const gate = (passed: boolean | null) => ({ evaluationId: 'ev_1', passed, rows: 'its test rows', createdAt: '' });

describe('registry text', () => {
  it('says whether production is open to a version, and why', () => {
    expect(productionCheck(version(gate(true)))).toEqual({ open: true, why: 'Its latest evaluation (its test rows) passes the success gate.' });
    expect(productionCheck(version(null))).toMatchObject({ open: false, why: 'churn@2 has not been evaluated: evaluate it first, or override with a written reason.' });
    expect(productionCheck(version(gate(false))).open).toBe(false);
    expect(productionCheck(version(gate(null))).why).toContain('no success criteria');
    expect([gateWords(version(null)).text, gateWords(version(gate(true))).text, gateWords(version(gate(false))).text]).toEqual(['not evaluated', 'passes the gate', 'does not pass']);
  });

  it('writes each history event as one line, overrides called out', () => {
    const e = (over: Partial<ModelEvent>): ModelEvent => ({ at: '', actor: 'ana', version: 1, action: 'stage', from: 'staging', to: 'production', reason: '', override: false, gatePassed: true, evaluationId: null, detail: null, ...over });
    expect(eventText(e({}))).toBe('staging → production');
    expect(eventText(e({ override: true }))).toBe('staging → production — OVERRIDE: the gate did not pass');
    expect(eventText(e({ action: 'threshold', detail: '0.35' }))).toBe('decision threshold 0.35');
    expect(eventText(e({ action: 'registered' }))).toBe('registered as a candidate');
  });

  it('lays lineage out in columns by step, stacking several of a kind', () => {
    const lineage: Lineage = {
      nodes: [
        { id: 'c', kind: 'charter', label: '', detail: '' },
        { id: 'd2', kind: 'dataset', label: '', detail: '' },
        { id: 'd1', kind: 'dataset', label: '', detail: '' },
        { id: 'r', kind: 'run', label: '', detail: '' },
        { id: 'm', kind: 'model', label: '', detail: '' },
      ],
      edges: [],
    };
    const at = lineageLayout(lineage);
    expect([...at.entries()].map(([id, p]) => [id, p.x, p.y])).toEqual([['c', 0, 0], ['d2', 180, 0], ['d1', 180, 90], ['r', 540, 0], ['m', 900, 0]]);
  });
});
