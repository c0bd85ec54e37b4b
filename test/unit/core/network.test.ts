/** No network at run time: the guard every Gyre process installs, and DuckDB configured so it cannot fetch by itself. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { GyreError } from '../../../electron/contract/errors';
import { resolveFileRef } from '../../../electron/core/files';
import { connectionRecords, connectTarget, installNetworkGuard, isLocalUrl, isLoopbackHost, listeningAddresses } from '../../../electron/core/network';
import { openDuck, withDuck } from '../../../electron/data/duck';
import { tempDir, tempHandlers } from '../../helpers/workspace';

const CSV = fileURLToPath(new URL('../../fixtures/data/customers.csv', import.meta.url));
const PARQUET = fileURLToPath(new URL('../../fixtures/data/customers.parquet', import.meta.url));
const REFUSED = /^Gyre makes no outbound connections: refused 192\.0\.2\.1:80$/;

beforeAll(() => installNetworkGuard('test'));

/** The error a socket fails with, or null when it connected. */
function outcome(socket: net.Socket): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', resolve);
  });
}

function refusalsTo(host: string) {
  return connectionRecords().refused.filter((r) => r.host === host);
}

describe('the network guard', () => {
  it('refuses a raw TCP connection to another machine, before any packet, and records it', async () => {
    const before = refusalsTo('192.0.2.1').length;
    const error = await outcome(net.connect(80, '192.0.2.1'));
    expect(error?.code).toBe('GYRE_OFFLINE');
    expect(error?.message).toMatch(REFUSED);
    const refused = refusalsTo('192.0.2.1');
    expect(refused).toHaveLength(before + 1);
    expect(refused.at(-1)).toMatchObject({ host: '192.0.2.1', port: 80, process: 'test', pid: process.pid });
    expect(Date.now() - Date.parse(refused.at(-1)!.at)).toBeLessThan(10_000);
  });

  it('refuses http.get, https.get and fetch the same way; a host name is never even looked up', async () => {
    const httpError = await new Promise<Error>((resolve) => http.get('http://192.0.2.1/').once('error', resolve));
    expect(httpError.message).toMatch(REFUSED);
    const fetchError = (await fetch('http://192.0.2.1/').catch((e: unknown) => e)) as TypeError & { cause?: Error };
    expect(fetchError.cause?.message).toMatch(REFUSED);
    // example.invalid cannot resolve anywhere: the refusal names it, so no lookup was made.
    const tlsError = await new Promise<Error>((resolve) => https.get('https://example.invalid/data.csv').once('error', resolve));
    expect(tlsError.message).toBe('Gyre makes no outbound connections: refused example.invalid:443');
    expect(refusalsTo('example.invalid')).toHaveLength(1);
    expect(connectionRecords().outbound).toEqual([]);
  });

  it('leaves this machine reachable: a loopback HTTP server, by address and by name, and a Unix socket', async () => {
    const server = http.createServer((_req, res) => res.end('local'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(listeningAddresses()).toContain(`127.0.0.1:${port}`);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('local');
      const viaName = await new Promise<number | undefined>((resolve) => http.get(`http://localhost:${port}/`, (res) => (res.resume(), resolve(res.statusCode))));
      expect(viaName).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(listeningAddresses()).not.toContain(`127.0.0.1:${port}`);

    const path = join(tempDir(), 'gyre.sock');
    const unix = net.createServer((s) => s.end());
    await new Promise<void>((resolve) => unix.listen(path, resolve));
    expect(await outcome(net.connect(path))).toBeNull();
    await new Promise((resolve) => unix.close(resolve));
  });

  it('tells this machine from another one, whatever form the address or connect() call takes', () => {
    for (const host of ['localhost', '127.0.0.1', '127.8.9.10', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['192.0.2.1', '10.0.0.1', '0.0.0.0', '::', 'example.com', 'localhost.example.com', '2001:db8::1']) expect(isLoopbackHost(host), host).toBe(false);
    expect(connectTarget([{ host: 'example.com', port: 443 }])).toEqual({ host: 'example.com', port: 443 });
    expect(connectTarget([[{ port: 8080 }, () => undefined]])).toEqual({ host: 'localhost', port: 8080 });
    expect(connectTarget([80, '192.0.2.1'])).toEqual({ host: '192.0.2.1', port: 80 });
    expect(connectTarget(['/tmp/gyre.sock'])).toBeNull();
    expect(connectTarget([{ path: '\\\\.\\pipe\\gyre' }])).toBeNull();
    expect(isLocalUrl('file:///opt/Gyre/resources/app.asar/out/renderer/index.html')).toBe(true);
    expect(isLocalUrl('http://127.0.0.1:5173/src/main.tsx')).toBe(true);
    expect(isLocalUrl('https://fonts.googleapis.com/css')).toBe(false);
    expect(isLocalUrl('wss://example.com/socket')).toBe(false);
  });
});

describe('Settings → Network (app.network)', () => {
  it('lists every part of Gyre with how it stays offline, nothing that left, and what any Gyre process refused', async () => {
    // A process Gyre started (a worker) records into the same session log, which it inherits.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', `import(${JSON.stringify(fileURLToPath(new URL('../../../electron/core/network.ts', import.meta.url)))}).then(({ installNetworkGuard }) => { installNetworkGuard('job worker'); require('node:net').connect(443, '198.51.100.7').on('error', (e) => console.log(e.message)); })`],
      { encoding: 'utf8' },
    );
    expect(child.stdout.trim()).toBe('Gyre makes no outbound connections: refused 198.51.100.7:443');

    const { handlers } = tempHandlers();
    const report = await handlers['app.network']({});
    expect(report.outbound).toEqual([]);
    expect(report.components.map((c) => c.name)).toEqual(['Desktop window (Electron)', 'Browser host (gyre web)', 'Command line (gyre)', 'Job workers', 'DuckDB', 'onnxruntime', 'Bundle export and local servers', 'Updates', 'Telemetry and crash reports']);
    expect(report.components.find((c) => c.name === 'DuckDB')?.how).toMatch(/autoinstall_known_extensions=false, autoload_known_extensions=false, http_proxy=127\.0\.0\.1:9, lock_configuration=true/);
    expect(report.refused).toContainEqual(expect.objectContaining({ host: '198.51.100.7', port: 443, process: 'job worker', pid: child.pid }));
    expect(report.refused).toContainEqual(expect.objectContaining({ host: '192.0.2.1', port: 80, process: 'test', pid: process.pid }));
    expect(report.listeners).toEqual([]);
  });
});

describe('DuckDB, offline', () => {
  it('refuses http(s):// and s3:// paths and cannot turn auto-install back on, yet reads local CSV and Parquet', async () => {
    const duck = await openDuck();
    try {
      for (const url of ["read_csv('https://example.com/x.csv')", "read_parquet('s3://bucket/x.parquet')", "read_json('http://192.0.2.1/x.json')"]) {
        await expect(duck.rows(`SELECT * FROM ${url}`), url).rejects.toThrow(/requires the extension httpfs to be loaded/);
      }
      await expect(duck.run('SET autoinstall_known_extensions = true')).rejects.toThrow(/configuration has been locked/);
      await expect(duck.run("SET http_proxy = ''")).rejects.toThrow(/configuration has been locked/);
      expect(await duck.rows(`SELECT count(*)::INT AS n FROM read_csv(${`'${CSV}'`})`)).toEqual([{ n: 300 }]);
      expect(await duck.rows(`SELECT count(*)::INT AS n FROM read_parquet(${`'${PARQUET}'`})`)).toEqual([{ n: 300 }]);
    } finally {
      duck.close();
    }
    const loaded = await withDuck((d) => d.rows<{ extension_name: string }>("SELECT extension_name FROM duckdb_extensions() WHERE loaded AND extension_name = 'httpfs'"));
    expect(loaded).toEqual([]);
  });

  const strace = spawnSync('strace', ['-V']).status === 0 && spawnSync('strace', ['-f', '-qq', '-o', '/dev/null', 'true']).status === 0;
  it.skipIf(!strace)('makes no connection to another machine, even asked to INSTALL httpfs (seen by strace)', () => {
    const dir = tempDir();
    const script = join(dir, 'duck-offline.mts');
    const duckModule = fileURLToPath(new URL('../../../electron/data/duck.ts', import.meta.url));
    writeFileSync(
      script,
      `import { openDuck } from ${JSON.stringify(duckModule)};
const duck = await openDuck();
for (const sql of ["SELECT * FROM read_csv('https://example.com/x.csv')", 'INSTALL httpfs', 'INSTALL httpfs FROM core', "LOAD httpfs"]) {
  await duck.run(sql).then(() => console.log('ran', sql), (e) => console.log('refused', sql, String(e.message).split('\\n')[0]));
}
console.log('rows', (await duck.rows(${JSON.stringify(`SELECT count(*)::INT AS n FROM read_csv('${CSV}')`)}))[0].n);
duck.close();
`,
    );
    const trace = join(dir, 'trace.txt');
    const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=connect,sendto,sendmsg', '-o', trace, process.execPath, '--import', 'tsx', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/^ran /m);
    expect(r.stdout).toMatch(/^rows 300$/m);
    const inet = readFileSync(trace, 'utf8')
      .split('\n')
      .filter((line) => /AF_INET/.test(line));
    const elsewhere = inet.filter((line) => !/inet_addr\("127\.|inet_pton\(AF_INET6, "::1"/.test(line));
    expect(elsewhere).toEqual([]);
    // The explicit INSTALL … FROM core went to the closed loopback proxy, port 9, and nowhere else.
    expect(inet.some((line) => /htons\(9\), sin_addr=inet_addr\("127\.0\.0\.1"\)/.test(line))).toBe(true);
  });
});

describe('import sources', () => {
  it('refuses a network address where a file is expected, naming it', () => {
    for (const ref of ['https://example.com/customers.csv', 'http://192.0.2.1/x.parquet', 's3://bucket/customers.parquet']) {
      let error: unknown;
      try {
        resolveFileRef(ref, 'cli', tempDir());
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(GyreError);
      expect(error).toMatchObject({ code: 'VALIDATION', details: { field: 'file', file: ref } });
      expect((error as Error).message).toBe(`${ref} is a network address; Gyre reads only files on this computer and makes no outbound connections. Copy the file here (on a connected machine, then across) and import that file.`);
    }
  });
});
