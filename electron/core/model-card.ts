/**
 * Model cards: generated per model version from its run, evaluation, charter, data and lineage, as Markdown and
 * standalone HTML. A person's text for an editable section is stored and replaces Gyre's draft on every later
 * generation until it is reset; every other section is regenerated from the records each time.
 */
import type { Database } from 'better-sqlite3';
import { GyreError } from '../contract/errors';
import { EDITABLE_CARD_SECTIONS, MODEL_CARD_SECTIONS, type ModelCard, type ModelCardBlock, type ModelCardSection, type ModelCardSectionId } from '../contract/registry';
import { MODEL_NAMES } from '../contract/runs';
import { DRAFTS } from './model-card-drafts';
import { readCardInputs, type CardInputs } from './model-card-inputs';
import { blocksMarkdown, cardHtml, cardMarkdown, textBlocks } from './model-card-render';
import { checksumBlocks, explanationBlocks, fairnessBlocks, lineageBlocks, performanceBlocks, taskWords, trainingDataBlocks } from './model-card-sections';
import { ModelRegistry } from './registry';
import type { ObjectStore } from './store/objects';
import { APP_VERSION } from './version';

const TITLES: Record<ModelCardSectionId, string> = {
  'intended-use': 'Intended use',
  'training-data': 'Training data',
  performance: 'Performance',
  fairness: 'Fairness',
  explanations: 'Explanations',
  limitations: 'Limitations',
  'ethical-considerations': 'Ethical considerations',
  lineage: 'Lineage',
  checksums: 'Checksums',
};

const GENERATED: Record<Exclude<ModelCardSectionId, keyof typeof DRAFTS>, (inputs: CardInputs) => ModelCardBlock[]> = {
  'training-data': trainingDataBlocks,
  performance: performanceBlocks,
  fairness: fairnessBlocks,
  explanations: explanationBlocks,
  lineage: lineageBlocks,
  checksums: checksumBlocks,
};

interface EditRow {
  section: ModelCardSectionId;
  text: string;
  edited_at: string;
  actor: string;
}

const isEditable = (id: ModelCardSectionId): id is keyof typeof DRAFTS => EDITABLE_CARD_SECTIONS.includes(id);

export function modelCard(db: Database, objects: ObjectStore, projectId: string, ref: string): ModelCard {
  const inputs = readCardInputs(db, objects, projectId, ref);
  const { version, run } = inputs;
  const edits = new Map((db.prepare('SELECT section, text, edited_at, actor FROM model_card_sections WHERE version_id = ?').all(version.id) as EditRow[]).map((e) => [e.section, e]));
  const sections = MODEL_CARD_SECTIONS.map((id): ModelCardSection => {
    if (isEditable(id)) {
      const edit = edits.get(id);
      const text = edit?.text ?? DRAFTS[id](inputs);
      return { id, title: TITLES[id], editable: true, text, blocks: textBlocks(text), edited: edit ? { at: edit.edited_at, actor: edit.actor } : null };
    }
    const blocks = GENERATED[id](inputs);
    return { id, title: TITLES[id], editable: false, text: blocksMarkdown(blocks), blocks, edited: null };
  });
  const generatedAt = new Date().toISOString();
  const title = `Model card: ${version.name}@${version.version}`;
  const summary = [
    `${MODEL_NAMES[run.model]} · ${taskWords(inputs)} · predicts ${version.target}`,
    `Stage: ${version.stage}; success gate: ${version.gate === null ? 'not evaluated yet' : version.gate.passed === null ? 'no criteria in the charter' : version.gate.passed ? 'passes' : 'does not pass'}`,
    ...(version.description ? [version.description] : []),
  ];
  const document = { title, summary, sections, generatedAt, generator: `Gyre ${APP_VERSION}` };
  return { ref: `${version.name}@${version.version}`, versionId: version.id, title, summary, sections, markdown: cardMarkdown(document), html: cardHtml(document), generatedAt };
}

/** Keeps a person's text for an editable section (null: back to Gyre's draft), then returns the card regenerated. */
export function editModelCard(db: Database, objects: ObjectStore, projectId: string, ref: string, section: string, text: string | null, actor: string): ModelCard {
  const version = new ModelRegistry(db, () => actor).resolve(projectId, ref);
  if (!(MODEL_CARD_SECTIONS as readonly string[]).includes(section)) {
    throw new GyreError('VALIDATION', `A model card has no section "${section}"; its sections are ${MODEL_CARD_SECTIONS.join(', ')}.`, { field: 'section' });
  }
  const id = section as ModelCardSectionId;
  if (!isEditable(id)) {
    throw new GyreError('VALIDATION', `The ${TITLES[id]} section is generated from the records on every generation and cannot be edited; edit ${EDITABLE_CARD_SECTIONS.map((s) => TITLES[s]).join(', ')}.`, { field: 'section' });
  }
  if (text === null) db.prepare('DELETE FROM model_card_sections WHERE version_id = ? AND section = ?').run(version.id, id);
  else {
    if (text.trim() === '') throw new GyreError('VALIDATION', `Write the ${TITLES[id]} section's text, or reset it to the generated text.`, { field: 'text' });
    db.prepare(
      `INSERT INTO model_card_sections (version_id, section, text, edited_at, actor) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (version_id, section) DO UPDATE SET text = excluded.text, edited_at = excluded.edited_at, actor = excluded.actor`,
    ).run(version.id, id, text, new Date().toISOString(), actor);
  }
  return modelCard(db, objects, projectId, ref);
}
