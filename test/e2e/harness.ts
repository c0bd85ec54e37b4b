/** End-to-end harness: the real `gyre web` process on a fresh workspace, driven by Debian's Chromium. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

const BIN = fileURLToPath(new URL('../../bin/gyre.mjs', import.meta.url));
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-results/screens/', import.meta.url));

export interface Studio {
  url: string;
  workspace: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export async function startStudio(): Promise<Studio> {
  const workspace = join(mkdtempSync(join(tmpdir(), 'gyre-e2e-')), 'ws');
  const child = spawn(process.execPath, [BIN, '--workspace', workspace, 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gyre web printed no address in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Gyre studio: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`gyre web exited with ${code}:\n${output}`)));
  });
  return {
    url,
    workspace,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => {
          rmSync(join(workspace, '..'), { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs the real `gyre` CLI on the studio's workspace (to seed it as a user would); throws with its stderr on failure. */
export function gyreCli(studio: Studio, ...args: string[]): string {
  const r = spawnSync(process.execPath, [BIN, '--workspace', studio.workspace, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const CUSTOMERS = fileURLToPath(new URL('../fixtures/data/customers.csv', import.meta.url));

/**
 * The Churn project as the Deploy tests start from it, made with the CLI: a charter (ROC AUC 0.6 / 0.8), customers.csv
 * imported, a GBDT trained on churned, evaluated, and registered as churn@1. Returns the run's id.
 */
export function seedChurnModel(studio: Studio): string {
  gyreCli(studio, 'project', 'create', '--name', 'Churn');
  gyreCli(studio, 'charter', 'set', '--project', 'Churn', '--problem', 'Customers leave without warning.', '--task', 'binary_classification', '--target', 'churned', '--criterion', 'roc_auc>=0.6:0.8');
  gyreCli(studio, 'import', CUSTOMERS, '--project', 'Churn');
  const [run] = JSON.parse(gyreCli(studio, 'train', 'customers', '--project', 'Churn', '--target', 'churned', '--models', 'gbdt', '--json')) as { id: string }[];
  gyreCli(studio, 'evaluate', run!.id, '--resamples', '100', '--repeats', '1', '--json');
  gyreCli(studio, 'registry', 'register', run!.id, '--name', 'churn');
  return run!.id;
}

/** From the start page: opens the project (on its overview), then goes to a stage by its shortcut (Alt+1 … Alt+8) and waits for its page. */
export async function openStage(page: Page, studio: Studio, project: string, shortcut: number, path: RegExp): Promise<void> {
  await page.goto(studio.url);
  await page.getByRole('button', { name: `Open ${project}` }).click();
  await page.waitForURL(/\/overview$/);
  await page.keyboard.press(`Alt+${shortcut}`);
  await page.waitForURL(path);
}

const CHROMIUM = process.env.GYRE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`End-to-end tests need Chromium at ${CHROMIUM} (apt-get install chromium), or set GYRE_CHROMIUM.`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A studio, a browser and one page on it, with the page's console errors collected and a screenshot helper. */
export interface Session {
  studio: Studio;
  page: Page;
  consoleErrors: string[];
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface SessionOptions {
  /** Console errors the test expects (e.g. a refused request's status line). */
  expectedConsole?: RegExp;
  timeoutMs?: number;
  /** Runs after the studio starts and before the page opens, e.g. to seed the workspace with the CLI. */
  seed?(studio: Studio): void;
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const studio = await startStudio();
  options.seed?.(studio);
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  page.setDefaultTimeout(options.timeoutMs ?? 15_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !options.expectedConsole?.test(m.text())) consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    studio,
    page,
    consoleErrors,
    shot: async (name) => void (await page.screenshot({ path: `${SCREENSHOT_DIR}${name}.png`, fullPage: true })),
    close: async () => {
      await browser.close();
      await studio.stop();
    },
  };
}
