/** Settings → Network: every part of Gyre that could reach a network and what keeps it offline, what listens, what was refused. */
import type { HostKind, NetworkListener, NetworkReport, OfflineComponent } from '../contract/app';
import { CONTENT_SECURITY_POLICY } from '../contract/security';
import { offlineSettings } from '../data/duck';
import { connectionRecords, formatAddress, listeningAddresses } from './network';

/** A bundle's local server that is running now. */
export interface BundleListener {
  ref: string;
  host: string;
  port: number;
}

const GUARD = 'refuses every connection to another machine and records the attempt';

function components(duck: Record<string, string>): OfflineComponent[] {
  const connectSrc = CONTENT_SECURITY_POLICY.split('; ').find((d) => d.startsWith('connect-src')) ?? 'connect-src (none set)';
  const duckSettings = Object.entries(duck)
    .filter(([name]) => name !== 'custom_extension_repository' && name !== 'autoinstall_extension_repository')
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return [
    {
      name: 'Desktop window (Electron)',
      how: `Cannot navigate away from Gyre's page or open windows; every request that is not for Gyre's own files or this machine is blocked before it is sent; spell-check, which downloads dictionaries, is off. Content-Security-Policy: ${connectSrc}.`,
    },
    {
      name: 'Browser host (gyre web)',
      how: `Listens on 127.0.0.1 only, behind a one-time token; the page may connect only to it (${connectSrc}). Its process ${GUARD}.`,
    },
    { name: 'Command line (gyre)', how: `From its first line, it ${GUARD}.` },
    { name: 'Job workers', how: `Each worker process (import, training, scoring, bundle export), from before its first task, ${GUARD}.` },
    {
      name: 'DuckDB',
      how: `Never installs or loads an extension by itself, so http(s):// and s3:// paths fail without a connection; an explicit INSTALL finds only a missing local folder or a proxy on a closed loopback port; settings locked. A fresh instance reports: ${duckSettings}.`,
    },
    { name: 'onnxruntime', how: 'Runs models from the workspace on this machine’s CPU or GPU; it has no download or network code path.' },
    {
      name: 'Bundle export and local servers',
      how: 'A bundle is written to a folder or .zip you choose and checked against its manifest; its server answers requests on the address you pick (127.0.0.1 unless you choose every interface) and never calls out.',
    },
    { name: 'Updates', how: 'None: Gyre has no updater, and its packages name no update server.' },
    { name: 'Telemetry and crash reports', how: 'None: Gyre sends no usage data and starts no crash reporter.' },
  ];
}

function listeners(host: HostKind, bundleServers: readonly BundleListener[]): NetworkListener[] {
  const own = host === 'web' ? 'Browser host (gyre web)' : 'Gyre';
  return [
    ...listeningAddresses().map((address) => ({ what: own, address })),
    ...bundleServers.map((s) => ({ what: `Bundle server ${s.ref}${s.host === '0.0.0.0' ? ' (every interface, as asked)' : ''}`, address: formatAddress(s.host, s.port) })),
  ];
}

export async function networkReport(host: HostKind, bundleServers: readonly BundleListener[]): Promise<NetworkReport> {
  const { refused, outbound } = connectionRecords();
  return { outbound, components: components(await offlineSettings()), listeners: listeners(host, bundleServers), refused };
}
