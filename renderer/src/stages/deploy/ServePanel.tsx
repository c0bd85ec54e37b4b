/**
 * "Serve locally": an exported bundle's own HTTP server started on this machine, checked against its MANIFEST first,
 * with its live request count and latency, the prediction log the Monitor stage reads, and a curl call to copy.
 */
import { useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Code, CopyButton, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ExportedBundle, ServeMode, ServerStatus } from '@contract';
import { useGyreMutation, useGyreQuery } from '../../api/queries';
import { errorMessage, notifyError } from '../../components/notify';

const STATE_COLORS: Record<ServerStatus['state'], string> = { starting: 'blue', running: 'teal', stopped: 'gray', failed: 'red' };
const live = (s: ServerStatus) => s.state === 'running' || s.state === 'starting';

export function ServePanel({ projectId }: { projectId: string }) {
  const bundles = useGyreQuery('bundles.list', { projectId });
  // Polled every second only while a server runs: the counters are read from its /metrics at each call.
  const servers = useGyreQuery('serving.list', { projectId }, { refetchInterval: (q) => (q.state.data?.some(live) ? 1000 : false) });
  if (!bundles.data || bundles.data.length === 0) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-label="Serve locally">
      <Stack gap="sm">
        <Title order={3}>Serve locally</Title>
        <Text size="sm" c="dimmed" maw={820}>
          Runs the bundle’s own HTTP server (<code>serve.mjs</code>, exactly what ships) on this machine, after checking every file against its
          MANIFEST.json — call it from a notebook, a script or curl before it leaves. Servers stop when Gyre closes.
        </Text>
        <StartForm projectId={projectId} bundles={bundles.data} served={(servers.data ?? []).filter(live).map((s) => s.bundleId)} />
        {(servers.data ?? []).map((s) => (
          <ServerCard key={s.id} server={s} />
        ))}
      </Stack>
    </Card>
  );
}

function StartForm({ projectId, bundles, served }: { projectId: string; bundles: ExportedBundle[]; served: string[] }) {
  const [bundleId, setBundleId] = useState<string | null>(bundles[0]?.id ?? null);
  const [port, setPort] = useState<number>(8080);
  const [everywhere, setEverywhere] = useState(false);
  const [candidateId, setCandidateId] = useState<string | null>(null);
  const [mode, setMode] = useState<ServeMode>('shadow');
  const [sharePct, setSharePct] = useState<number>(10);
  const [error, setError] = useState<string | null>(null);
  const start = useGyreMutation('serving.start');
  const options = bundles.map((b) => ({ value: b.id, label: `${b.ref} · ${b.format} · ${b.path}` }));
  const submit = () => {
    if (!bundleId) return;
    setError(null);
    const candidate = candidateId ? { candidateBundleId: candidateId, mode, ...(mode === 'ab' ? { share: sharePct / 100 } : {}) } : {};
    start.mutate({ projectId, bundleId, port, host: everywhere ? '0.0.0.0' : '127.0.0.1', ...candidate }, { onError: (e) => setError(errorMessage(e)) });
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="wrap">
        <Select label="Bundle to serve" data={options} value={bundleId} onChange={(v) => (setBundleId(v), setCandidateId(null))} allowDeselect={false} w={420} />
        <NumberInput label="Port" description="0 picks a free one" value={port} onChange={(v) => setPort(typeof v === 'number' ? v : 0)} min={0} max={65535} allowDecimal={false} w={140} />
        <Button onClick={submit} loading={start.isPending} disabled={!bundleId || served.includes(bundleId)}>
          Start
        </Button>
        {bundleId && served.includes(bundleId) && (
          <Text size="sm" c="dimmed" pb={8}>
            Already running below.
          </Text>
        )}
      </Group>
      <Checkbox label="Listen on every network interface (0.0.0.0)" checked={everywhere} onChange={(e) => setEverywhere(e.currentTarget.checked)} />
      {everywhere && (
        <Text size="sm" c="orange.8">
          Anyone who can reach this machine over the network can then call the model; the server asks for no password.
        </Text>
      )}
      {bundles.length > 1 && (
        <Group align="flex-end" wrap="wrap">
          <Select
            label="Candidate bundle (optional)"
            description="Another model scored beside it"
            data={options.filter((o) => o.value !== bundleId)}
            value={candidateId}
            onChange={setCandidateId}
            clearable
            w={420}
          />
          {candidateId && (
            <SegmentedControl
              value={mode}
              onChange={(v) => setMode(v as ServeMode)}
              data={[
                { value: 'shadow', label: 'Shadow (logged only)' },
                { value: 'ab', label: 'A/B (answers a share)' },
              ]}
            />
          )}
          {candidateId && mode === 'ab' && (
            <NumberInput label="Candidate’s share" suffix=" %" value={sharePct} onChange={(v) => setSharePct(typeof v === 'number' ? v : 10)} min={1} max={99} allowDecimal={false} w={140} />
          )}
        </Group>
      )}
      {error && (
        <Alert color="red" title="The server did not start" data-testid="serve-error">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

const ms = (v: number | null) => (v === null ? '—' : `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms`);

function uptime(s: ServerStatus): string {
  const end = s.stoppedAt ? Date.parse(s.stoppedAt) : Date.now();
  const seconds = Math.max(0, Math.round((end - Date.parse(s.startedAt)) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : m > 0 ? `${m} min ${seconds % 60} s` : `${seconds} s`;
}

/** One server: where to call it, what it has answered, and how to stop it. */
function ServerCard({ server: s }: { server: ServerStatus }) {
  const stop = useGyreMutation('serving.stop');
  const stats = s.stats;
  const title = `${s.ref}${s.candidate ? ` with ${s.candidate.ref} (${s.candidate.mode === 'ab' ? `A/B, ${Math.round((s.candidate.share ?? 0) * 100)} % to the candidate` : 'shadow'})` : ''}`;
  return (
    <Stack gap="xs" p="md" bg="var(--mantine-color-default-hover)" style={{ borderRadius: 'var(--mantine-radius-default)' }} data-testid={`server-${s.bundleId}`}>
      <Group justify="space-between">
        <Group gap="sm">
          <Text fw={600}>{title}</Text>
          <Badge color={STATE_COLORS[s.state]} variant="light" data-testid="serve-state">
            {s.state}
          </Badge>
          {s.host === '0.0.0.0' && s.state === 'running' && (
            <Badge color="orange" variant="light">
              every interface
            </Badge>
          )}
        </Group>
        {live(s) && (
          <Button size="xs" color="red" variant="light" loading={stop.isPending} onClick={() => stop.mutate({ id: s.id }, { onError: (e) => notifyError(e, 'Could not stop the server') })}>
            Stop
          </Button>
        )}
      </Group>
      {s.state === 'failed' && (
        <Alert color="red" title="The server is not running" data-testid="serve-failed">
          <Text size="sm">{s.error}</Text>
          {s.output && (
            <Code block mt="xs">
              {s.output.trim().split('\n').slice(-8).join('\n')}
            </Code>
          )}
        </Alert>
      )}
      {s.url && (
        <Group gap="xs">
          <Text size="sm">{s.state === 'running' ? 'Listening at' : 'Was at'}</Text>
          <Code data-testid="serve-url">{s.url}</Code>
          {s.state === 'running' && <CopyText value={s.url} label="Copy URL" />}
          {s.readyMs !== null && (
            <Text size="xs" c="dimmed">
              listening {(s.readyMs / 1000).toFixed(1)} s after it started
            </Text>
          )}
        </Group>
      )}
      {s.url && (
        <SimpleGrid cols={{ base: 3, md: 6 }} spacing="xs">
          <Stat label="Requests to /predict" value={(stats?.requests ?? 0).toLocaleString('en')} testId="serve-requests" />
          <Stat label="Errors (4xx/5xx)" value={(stats?.errors ?? 0).toLocaleString('en')} />
          <Stat label="Rows scored" value={(stats?.rows ?? 0).toLocaleString('en')} />
          <Stat label="Latency p50 (≈)" value={ms(stats?.p50Ms ?? null)} />
          <Stat label="Latency p95 (≈)" value={ms(stats?.p95Ms ?? null)} />
          <Stat label={s.state === 'running' ? 'Up for' : 'Ran for'} value={uptime(s)} />
        </SimpleGrid>
      )}
      {s.candidate && stats && <ArmStats candidate={s.candidate.ref} stats={stats} />}
      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
        Every prediction is appended to <Code>{s.logPath}</Code> (one JSON line each; the Monitor stage reads it). Served from <Code>{s.servedFrom}</Code>
        {s.servedFrom !== s.bundlePath && <> (the unpacked copy of {s.bundlePath})</>}. Latencies are estimated from the server’s histogram.
      </Text>
      {s.state === 'running' && s.url && <CurlExample projectId={s.projectId} bundleId={s.bundleId} url={s.url} />}
    </Stack>
  );
}

/** What the candidate did so far: its agreement with production in shadow, its share of the answers in A/B. */
function ArmStats({ candidate, stats }: { candidate: string; stats: NonNullable<ServerStatus['stats']> }) {
  const pct = (n: number, of: number) => (of === 0 ? '—' : `${((100 * n) / of).toFixed(1)}%`);
  if (stats.shadow) {
    const { agree, disagree, error } = stats.shadow;
    const compared = agree + disagree;
    return (
      <Text size="sm" data-testid="serve-arms">
        {candidate} in shadow: agrees with production on {pct(agree, compared)} of {compared.toLocaleString('en')} rows
        {error > 0 ? `; could not score ${error.toLocaleString('en')}` : ''}. Compare them in full under Shadow validation.
      </Text>
    );
  }
  if (!stats.arms) return null;
  const total = stats.arms.production + stats.arms.candidate;
  return (
    <Text size="sm" data-testid="serve-arms">
      {candidate} answered {stats.arms.candidate.toLocaleString('en')} of {total.toLocaleString('en')} rows ({pct(stats.arms.candidate, total)}); production the rest. Per-arm metrics
      need the outcomes: compare them under Shadow validation.
    </Text>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function CopyText({ value, label }: { value: string; label: string }) {
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="compact-xs" variant="default" onClick={copy}>
          {copied ? 'Copied' : label}
        </Button>
      )}
    </CopyButton>
  );
}

/** A curl call with a row made from the bundle's model.json, ready to paste into a terminal. */
function CurlExample({ projectId, bundleId, url }: { projectId: string; bundleId: string; url: string }) {
  const example = useGyreQuery('serving.example', { projectId, bundleId }, { staleTime: Infinity });
  if (example.isError) return <Text size="xs" c="red">{`No example row: ${errorMessage(example.error)}`}</Text>;
  if (!example.data) return null;
  const body = JSON.stringify(example.data.row).replace(/'/g, `'\\''`);
  const curl = `curl -s ${url}/predict \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text size="sm">Try it from a terminal (one row; send an array for several):</Text>
        <CopyText value={curl} label="Copy" />
      </Group>
      <Code block data-testid="serve-curl">
        {curl}
      </Code>
    </Stack>
  );
}
