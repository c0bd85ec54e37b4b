/**
 * Rings around the controls the tour points at (`[data-tour="NAME"]`), following them as the page scrolls, resizes or
 * opens a dialog; they never take a click. Each control is scrolled into view once, when it first appears.
 */
import { useEffect, useRef, useState } from 'react';
import { Box } from '@mantine/core';
import type { TourStep } from '@contract';
import { anchorsOf, type AnchorPlace } from './tourSteps';

const MODAL = '[role="dialog"][aria-modal="true"]';

const find = (name: string) => document.querySelector<HTMLElement>(`[data-tour="${name}"]`);
const shown = (el: Element) => el.getClientRects().length > 0;

function place(name: string): AnchorPlace {
  const el = find(name);
  if (!el || !shown(el)) return null;
  return el.closest(MODAL) ? 'dialog' : 'page';
}

/** A modal dialog or drawer is open (Mantine keeps closed ones out of the tree, or hidden while they animate out). */
function dialogOpen(): boolean {
  return [...document.querySelectorAll(MODAL)].some(shown);
}

interface Ring {
  name: string;
  top: number;
  left: number;
  width: number;
  height: number;
}

const same = (a: Ring[], b: Ring[]) => a.length === b.length && a.every((r, i) => JSON.stringify(r) === JSON.stringify(b[i]));

/** `inDialog`: a modal is open (useDialogOpen, which the provider already runs for the panel). */
export function TourHighlight({ step, inDialog }: { step: TourStep; inDialog: boolean }) {
  const [rings, setRings] = useState<Ring[]>([]);
  const scrolled = useRef(new Set<string>());
  useEffect(() => {
    scrolled.current = new Set();
    const measure = () => {
      const next = anchorsOf(step, place, inDialog).map((name) => {
        const el = find(name)!;
        if (!scrolled.current.has(name)) {
          scrolled.current.add(name);
          el.scrollIntoView({ block: 'center', behavior: 'smooth' });
        }
        const r = el.getBoundingClientRect();
        return { name, top: r.top, left: r.left, width: r.width, height: r.height };
      });
      setRings((old) => (same(old, next) ? old : next));
    };
    measure();
    // Controls come and go with dialogs, tabs and data: a light poll is simpler and cheaper than observing the whole tree.
    const timer = window.setInterval(measure, 250);
    window.addEventListener('scroll', measure, true);
    window.addEventListener('resize', measure);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('scroll', measure, true);
      window.removeEventListener('resize', measure);
    };
  }, [step, inDialog]);
  const pad = 6;
  return rings.map((ring) => (
    <Box
      key={ring.name}
      aria-hidden
      data-testid="tour-ring"
      data-anchor={ring.name}
      style={{
        position: 'fixed',
        top: ring.top - pad,
        left: ring.left - pad,
        width: ring.width + 2 * pad,
        height: ring.height + 2 * pad,
        border: '3px solid var(--mantine-color-orange-5)',
        borderRadius: 10,
        boxShadow: '0 0 0 4px rgba(253, 126, 20, 0.25)',
        pointerEvents: 'none',
        zIndex: 1000,
        transition: 'top 120ms, left 120ms, width 120ms, height 120ms',
      }}
    />
  ));
}

/** Whether a modal dialog or drawer is open, looked at four times a second while `watching`. */
export function useDialogOpen(watching: boolean): boolean {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!watching) return;
    const look = () => setOpen(dialogOpen());
    look();
    const timer = window.setInterval(look, 250);
    return () => window.clearInterval(timer);
  }, [watching]);
  return watching && open;
}
