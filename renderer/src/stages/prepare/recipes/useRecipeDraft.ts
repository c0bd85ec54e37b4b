/**
 * The recipe being edited: its steps with undo/redo, the dataset version it is previewed on, and the saved version it
 * started from. Kept in localStorage per project, so leaving the page (or the app) loses no edit.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RecipeStep } from '@contract';

export interface RecipeDraft {
  name: string;
  versionId: string | null;
  steps: RecipeStep[];
  /** The saved recipe version the edit started from (0: a new recipe), for conflict detection on save. */
  baseVersion: number;
  selected: number | null;
}

const EMPTY: RecipeDraft = { name: '', versionId: null, steps: [], baseVersion: 0, selected: null };
const LIMIT = 100;

const storageKey = (projectId: string) => `gyre.recipeDraft.${projectId}`;

function load(projectId: string): RecipeDraft {
  try {
    const raw = localStorage.getItem(storageKey(projectId));
    return raw ? { ...EMPTY, ...(JSON.parse(raw) as Partial<RecipeDraft>) } : EMPTY;
  } catch {
    return EMPTY;
  }
}

interface History {
  past: RecipeDraft[];
  present: RecipeDraft;
  future: RecipeDraft[];
}

export function useRecipeDraft(projectId: string) {
  const [history, setHistory] = useState<History>(() => ({ past: [], present: load(projectId), future: [] }));

  useEffect(() => {
    localStorage.setItem(storageKey(projectId), JSON.stringify(history.present));
  }, [projectId, history.present]);

  /** An edit that undo can take back. */
  const edit = useCallback((change: (d: RecipeDraft) => RecipeDraft) => {
    setHistory((h) => {
      const next = change(h.present);
      if (next === h.present) return h;
      return { past: [...h.past, h.present].slice(-LIMIT), present: next, future: [] };
    });
  }, []);

  /** A change that is not an edit of the recipe (which step is selected, which version previews it). */
  const view = useCallback((change: (d: RecipeDraft) => RecipeDraft) => setHistory((h) => ({ ...h, present: change(h.present) })), []);

  const undo = useCallback(() => setHistory((h) => (h.past.length ? { past: h.past.slice(0, -1), present: { ...h.past.at(-1)!, versionId: h.present.versionId }, future: [h.present, ...h.future] } : h)), []);
  const redo = useCallback(() => setHistory((h) => (h.future.length ? { past: [...h.past, h.present], present: { ...h.future[0]!, versionId: h.present.versionId }, future: h.future.slice(1) } : h)), []);
  /** Starts over from a saved recipe (or an empty one): history is cleared. */
  const reset = useCallback((d: Partial<RecipeDraft>) => setHistory((h) => ({ past: [], present: { ...EMPTY, versionId: h.present.versionId, ...d }, future: [] })), []);

  return { draft: history.present, edit, view, undo, redo, reset, canUndo: history.past.length > 0, canRedo: history.future.length > 0 };
}

export type DraftApi = ReturnType<typeof useRecipeDraft>;
