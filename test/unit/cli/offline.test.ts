/**
 * No network at run time: the CLI's whole path — charter, import, train, registry, bundle, verify, monitor — run in a
 * network namespace of its own (`unshare -n`), where no interface but a down loopback exists.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GYRE_BIN } from '../../helpers/cli';
import { tempDir } from '../../helpers/workspace';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));

/** Prints the interfaces this process sees and what a connection to TEST-NET-1 fails with (plain Node, no guard). */
const PROBE = `const net = require('node:net'); const fs = require('node:fs');
const names = fs.readFileSync('/proc/net/dev', 'utf8').split('\\n').slice(2).map((l) => l.split(':')[0].trim()).filter(Boolean);
net.connect(80, '192.0.2.1').on('connect', () => { console.log(JSON.stringify({ names, error: null })); process.exit(0); })
  .on('error', (e) => console.log(JSON.stringify({ names, error: e.code })));`;

interface Namespace {
  args: string[];
  probe: { names: string[]; error: string | null };
}

/** `unshare -n` (as root) or `unshare -rn` (an unprivileged user namespace): the first that works here. */
function findNamespace(): { namespace: Namespace } | { reason: string } {
  const reasons: string[] = [];
  for (const args of [['-n'], ['-rn']]) {
    const r = spawnSync('unshare', [...args, process.execPath, '-e', PROBE], { encoding: 'utf8', timeout: 20_000 });
    if (r.status === 0) return { namespace: { args, probe: JSON.parse(r.stdout) as Namespace['probe'] } };
    reasons.push(`unshare ${args.join(' ')}: ${r.error?.message ?? (r.stderr.trim() || `exit ${r.status}`)}`);
  }
  return { reason: reasons.join('; ') };
}

const found = findNamespace();
if ('reason' in found) console.warn(`Skipping the offline CLI test: no network namespace can be made here (${found.reason}).`);

describe.skipIf(!('namespace' in found))('the CLI with no network', () => {
  const { args: unshare, probe } = (found as { namespace: Namespace }).namespace;

  it('has really lost the network: only the loopback interface exists, and another machine is unreachable', () => {
    expect(probe.names).toEqual(['lo']);
    expect(probe.error).toBe('ENETUNREACH');
  });

  it('trains, registers, promotes, bundles, verifies and monitors a model, every step offline', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    // Every Gyre process records a connection it refused here: it must stay empty.
    const refusals = join(dir, 'refused.jsonl');
    const offline = (...args: string[]) => {
      const r = spawnSync('unshare', [...unshare, process.execPath, GYRE_BIN, ...args], {
        encoding: 'utf8',
        cwd: dir,
        env: { ...process.env, GYRE_WORKSPACE: ws, GYRE_NETWORK_LOG: refusals },
        maxBuffer: 1 << 26,
      });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const ok = (...args: string[]) => {
      const r = offline(...args);
      expect(r.code, `gyre ${args.join(' ')}\n${r.out}${r.err}`).toBe(0);
      return r.out;
    };

    ok('project', 'create', '--name', 'Offline');
    ok('charter', 'set', '--project', 'Offline', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8');
    ok('import', CSV, '--project', 'Offline');
    const runs = JSON.parse(ok('train', 'customers', '--project', 'Offline', '--target', 'churned', '--models', 'baseline,gbdt', '--split', 'stratified:0.25', '--seed', '7', '--trees', '20', '--json')) as { id: string; model: string }[];
    const gbdt = runs.find((r) => r.model === 'gbdt')!;
    ok('registry', 'register', gbdt.id, '--name', 'churn');
    ok('registry', 'promote', 'churn@1', '--stage', 'production', '--override', '--reason', 'Offline rehearsal', '--project', 'Offline');
    const bundle = join(dir, 'churn-bundle');
    ok('bundle', 'churn@1', '--out', bundle, '--project', 'Offline');
    expect(ok('verify', bundle)).toMatch(/^OK: \d+ files of .* match MANIFEST\.json\.\n$/);

    const batch = join(dir, 'batch.csv');
    writeFileSync(batch, readFileSync(CSV, 'utf8').split('\n').slice(0, 151).join('\n') + '\n');
    const monitor = offline('monitor', 'churn@1', batch, '--outcomes', batch, '--id', 'customer_id', '--name', 'Offline', '--project', 'Offline', '--json');
    // 0: the batch is fine; 3: it raised an alert. Either way it ran.
    expect([0, 3], `gyre monitor\n${monitor.out}${monitor.err}`).toContain(monitor.code);
    expect(JSON.parse(monitor.out)).toMatchObject({ rows: 150 });

    // A URL where a file belongs is refused in a sentence naming it, not attempted.
    const remote = offline('import', 'https://example.com/customers.csv', '--project', 'Offline');
    expect(remote.code).toBe(1);
    expect(remote.err).toContain('https://example.com/customers.csv is a network address; Gyre reads only files on this computer');

    expect(existsSync(refusals) ? readFileSync(refusals, 'utf8') : '').toBe('');
  });
});
