/**
 * The lifecycle drawn as a loop: eight stages joined by arrows, Monitor leading back to Plan. Inside a project each
 * stage shows its state and leads to its page, and the stage to work on next is ringed and explained in the middle;
 * outside one, each stage says what it is for.
 */
import { useId } from 'react';
import { Button, Stack, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { STAGES, STAGE_INFO, type Stage, type StageStatus } from '@contract';
import { LifecycleNode } from './LifecycleNode';
import { lifecycleNext, nextHeading, type LifecycleNext } from './lifecycleNext';
import { loopLayout, type LoopLayout } from './loopLayout';

interface Props {
  /** The open project's stage states; undefined outside a project. */
  statuses?: StageStatus[] | undefined;
  /** Where a stage's node leads (inside a project). */
  hrefFor?(stage: Stage): string;
  /** Called as a node (or the "Open" button) is followed, e.g. to close the dialog the map is in. */
  onOpen?(stage: Stage): void;
}

export function LifecycleMap({ statuses, hrefFor, onOpen }: Props) {
  const { ref, width } = useElementSize();
  const next = lifecycleNext(statuses);
  const layout = width > 0 ? loopLayout(width, statuses ? 78 : 92, 150) : null;
  return (
    <div ref={ref} data-testid="lifecycle-map" style={{ position: 'relative', width: '100%', height: layout?.height ?? 400 }}>
      {layout && (
        <>
          <Arrows layout={layout} nextIndex={next ? STAGES.indexOf(next.stage) : -1} />
          <ol aria-label="Lifecycle map" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {STAGES.map((stage, i) => {
              const href = statuses && hrefFor ? hrefFor(stage) : undefined;
              const status = statuses?.find((s) => s.stage === stage);
              return <LifecycleNode key={stage} stage={stage} index={i} box={layout.nodes[i]!} status={status} next={next?.stage === stage} href={href} onOpen={onOpen} />;
            })}
          </ol>
          <div style={{ position: 'absolute', left: layout.center.x, top: layout.center.y, width: layout.center.w, height: layout.center.h, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            {next && statuses ? <NextPanel next={next} statuses={statuses} hrefFor={hrefFor} onOpen={onOpen} /> : <AboutPanel />}
          </div>
        </>
      )}
    </div>
  );
}

/** The arrows of the loop (decoration: the list gives the order); the one into the next stage in the primary color. */
function Arrows({ layout, nextIndex }: { layout: LoopLayout; nextIndex: number }) {
  const id = useId().replace(/[^A-Za-z0-9_-]/g, '');
  const head = (key: string, color: string) => (
    <marker id={`${id}-${key}`} viewBox="0 0 10 10" refX="8" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">
      <path d="M 0 0 L 10 5 L 0 10 z" style={{ fill: color }} />
    </marker>
  );
  const plain = 'var(--mantine-color-dimmed)';
  const primary = 'var(--mantine-primary-color-filled)';
  return (
    <svg width={layout.width} height={layout.height} aria-hidden style={{ position: 'absolute', inset: 0, overflow: 'visible' }}>
      <defs>
        {head('plain', plain)}
        {head('next', primary)}
      </defs>
      {layout.arrows.map((a, i) => {
        const lead = a.to === nextIndex;
        return (
          <path
            key={i}
            d={a.d}
            fill="none"
            markerEnd={`url(#${id}-${lead ? 'next' : 'plain'})`}
            style={{ stroke: lead ? primary : plain, strokeWidth: lead ? 2.5 : 1.75, strokeDasharray: a.to === 0 ? '6 4' : undefined }}
          />
        );
      })}
      <text x={layout.roundAgain.x} y={layout.roundAgain.y} dominantBaseline="middle" style={{ fill: plain, fontSize: 12, fontWeight: 600 }}>
        ↻ Round again
      </text>
    </svg>
  );
}

function NextPanel({ next, statuses, hrefFor, onOpen }: { next: LifecycleNext; statuses: StageStatus[]; hrefFor?(stage: Stage): string; onOpen?(stage: Stage): void }) {
  const info = STAGE_INFO[next.stage];
  const done = statuses.filter((s) => s.state === 'done').length;
  return (
    <Stack gap={6} maw={520} data-testid="lifecycle-next" aria-live="polite">
      <Text size="xs" c="dimmed" fw={700} tt="uppercase">
        What comes next · {done} of {statuses.length} stages done
      </Text>
      <Text fw={700} size="lg" lh={1.2}>
        {nextHeading(next, info)}
      </Text>
      <Text size="sm" lineClamp={2}>
        {next.detail.trim() || info.purpose}
      </Text>
      {hrefFor && (
        <div>
          <Button component="a" href={hrefFor(next.stage)} size="xs" onClick={() => onOpen?.(next.stage)}>
            Open {info.label}
          </Button>
        </div>
      )}
    </Stack>
  );
}

function AboutPanel() {
  return (
    <Stack gap={6} maw={520}>
      <Text fw={700} size="lg" lh={1.2}>
        Eight stages, round and round
      </Text>
      <Text size="sm">
        Every project goes from a charter to a model watched in production, then round again when monitoring shows it drifting or decaying. Open a project to
        see which stages are done and what comes next.
      </Text>
    </Stack>
  );
}
