import { spawn, type ChildProcess } from 'node:child_process';
import type { Page } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { systemProgram } from '../../playground-server/system-packages.ts';
import { freePort } from './free-port.ts';
import { waitUntil } from './wait.ts';

/**
 * The three browser engines the site is checked in, behind one small interface: Chromium (Playwright), WebKit
 * (Debian's WebKitGTK MiniBrowser through its W3C WebDriver, under a virtual X server) and Firefox ESR (WebDriver
 * BiDi through puppeteer-core). What a smoke test does in a page is plain JavaScript run there, so it reads the
 * same in every engine. Nothing here downloads a browser: the programs come from system-packages.txt.
 */

export type EngineName = 'chromium' | 'webkit' | 'firefox';

export interface EnginePage {
  readonly engine: EngineName;
  goto(url: string): Promise<void>;
  /**
   * Runs `body`, the body of an async function (plain JavaScript, `args` as `args`), in the page and resolves with
   * what it returns (JSON). A throw in the page rejects with its message.
   */
  run<T>(body: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/** What each engine's page runs: the body wrapped so every engine returns a result or an error the same way. */
const wrapped = (body: string, args: unknown[]) =>
  `(async (args) => { ${body} })(${JSON.stringify(args)}).then((value) => ({ value }), (error) => ({ error: String(error && error.stack || error) }))`;

function unwrap<T>(outcome: { value?: T; error?: string }): T {
  if (outcome.error !== undefined) throw new Error(`in the page: ${outcome.error}`);
  return outcome.value as T;
}

/** A Playwright page (Chromium) as an EnginePage. */
export function chromiumPage(page: Page): EnginePage {
  return {
    engine: 'chromium',
    goto: async (url) => void (await page.goto(url)),
    run: async <T>(body: string, ...args: unknown[]) => unwrap<T>(await page.evaluate(wrapped(body, args))),
    close: () => page.close(),
  };
}

/** Firefox ESR over WebDriver BiDi (puppeteer-core). */
export async function openFirefox(): Promise<EnginePage> {
  const browser = await puppeteer.launch({ browser: 'firefox', executablePath: systemProgram('firefox-esr'), headless: true });
  const page = await browser.newPage();
  return {
    engine: 'firefox',
    goto: async (url) => void (await page.goto(url, { timeout: 120_000 })),
    run: async <T>(body: string, ...args: unknown[]) => unwrap<T>((await page.evaluate(wrapped(body, args))) as { value?: T; error?: string }),
    close: () => browser.close(),
  };
}

/**
 * WebKit: `xvfb-run -a WebKitWebDriver --port=N` and a W3C WebDriver session whose browser is WebKitGTK's MiniBrowser
 * (`--automation`; it has no headless mode, hence the virtual X server). A small WebDriver client over fetch.
 */
export async function openWebKit(): Promise<EnginePage> {
  const port = await freePort();
  // Its own process group, so closing ends xvfb-run, Xvfb, the driver and the browser together.
  const driver: ChildProcess = spawn(systemProgram('xvfb-run'), ['-a', systemProgram('WebKitWebDriver'), `--port=${port}`], { detached: true, stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => driver.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const answer = (await response.json()) as { value: T & { error?: string; message?: string } };
    if (!response.ok) throw new Error(`WebDriver ${method} ${path}: ${answer.value.error ?? response.status} ${answer.value.message ?? ''}`);
    return answer.value;
  };
  const stop = async () => {
    try {
      process.kill(-driver.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    try {
      process.kill(-driver.pid!, 'SIGKILL');
    } catch {
      // gone
    }
  };
  try {
    await waitUntil('WebKitWebDriver answers', async () => (await call<{ ready: boolean }>('GET', '/status').catch(() => ({ ready: false }))).ready, 30_000);
    const session = await call<{ sessionId: string }>('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: systemProgram('MiniBrowser'), args: ['--automation'] } } },
    });
    const at = `/session/${session.sessionId}`;
    await call('POST', `${at}/timeouts`, { script: 120_000, pageLoad: 120_000 });
    return {
      engine: 'webkit',
      goto: async (url) => void (await call('POST', `${at}/url`, { url })),
      run: async <T>(body: string, ...args: unknown[]) =>
        unwrap<T>(await call('POST', `${at}/execute/async`, { script: `const done = arguments[arguments.length - 1]; ${wrapped(body, args)}.then(done);`, args: [] })),
      close: async () => {
        await call('DELETE', at).catch(() => {});
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
