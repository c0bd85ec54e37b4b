/**
 * Labeling's keys: 1–9 label, S skips, U or Ctrl/Cmd+Z undoes. Unlike the app-wide shortcuts they are plain keys, so
 * they are heard only where typing cannot be meant — not in a text field or a dialog — and a held key labels once.
 * (A radio button of the queue picker keeps the keys working.)
 */
import { useEffect, useRef } from 'react';

export interface LabelKeys {
  label(index: number): void;
  skip(): void;
  undo(): void;
}

const NOT_TYPING = ['radio', 'checkbox', 'button', 'submit', 'reset', 'range', 'color', 'file'];

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.closest('[role="dialog"]')) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NOT_TYPING.includes(target.type);
}

export function useLabelKeys(keys: LabelKeys): void {
  // The latest handlers, without re-subscribing on every render.
  const latest = useRef(keys);
  useEffect(() => {
    latest.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.altKey || typingIn(e.target)) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && key === 'z') {
        e.preventDefault();
        return latest.current.undo();
      }
      if (e.ctrlKey || e.metaKey) return;
      if (/^[1-9]$/.test(key)) latest.current.label(Number(key) - 1);
      else if (key === 's') latest.current.skip();
      else if (key === 'u') latest.current.undo();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
