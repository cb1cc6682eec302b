import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fixtureSite } from './server.ts';

export const MAIN = fileURLToPath(new URL('../../playground-server/main.ts', import.meta.url));
const INSPECT = fileURLToPath(new URL('../../playground-server/entry/inspect.ts', import.meta.url));

export interface MainProcess {
  child: ChildProcessWithoutNullStreams;
  /** As printed: http://localhost:<port>/ */
  url: string;
  /** http://127.0.0.1:<port> (no trailing slash), and its ws:// twin. */
  origin: string;
  wsBase: string;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
  /** Every JSON log line (LOG_LEVEL info or debug) so far, in order. */
  log(): Array<Record<string, unknown>>;
  /** The JSON log lines with this event, in order. */
  events(event: string): Array<Record<string, unknown>>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ASTRO = fileURLToPath(new URL('../../node_modules/astro/bin/astro.mjs', import.meta.url));

/** The ways a learner starts the site: `npm start` (main.ts), `npm run dev` (`astro dev` on a free loopback port), `npm run inspect`. */
const ENTRY_ARGS = {
  start: [MAIN, '--skip-build'],
  inspect: [INSPECT, '--skip-build'],
  dev: [ASTRO, 'dev', '--host', '127.0.0.1', '--port', '0'],
} as const;

/** Spawns an entry with the test's environment plus `env`, keeping what it prints. */
function spawnEntry(entry: keyof typeof ENTRY_ARGS, args: readonly string[], env: NodeJS.ProcessEnv | undefined) {
  const child = spawn(process.execPath, [...ENTRY_ARGS[entry], ...args], {
    cwd: ROOT,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ASTRO_DISABLE_UPDATE_CHECK: 'true', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  /** Resolves with the first match of `pattern` in stdout; rejects with the output if the process ends first. */
  const printed = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const look = () => {
        const match = pattern.exec(stdout);
        if (match) {
          child.stdout.off('data', look);
          resolve(match);
        }
      };
      child.stdout.on('data', look);
      child.once('exit', (code) => reject(new Error(`${entry} exited early (${code}):\n${stdout}\n${stderr}`)));
    });
  return { child, exited, printed, stdout: () => stdout, stderr: () => stderr };
}

/** `npm start` spawned as startMain spawns it, without waiting for anything: for what happens while it starts. */
export async function spawnMain(options: { env?: NodeJS.ProcessEnv; args?: string[] } = {}) {
  return spawnEntry('start', options.args ?? [], { PORT: '0', HOST: '127.0.0.1', DIST_DIR: await fixtureSite(), LOG_LEVEL: 'info', ...options.env });
}

/**
 * `npm start` as a learner runs it (playground-server/main.ts, the supervisor and its worker), on
 * a free port with a tiny fixture site, resolved once it prints its URL. `env` adds to or
 * overrides the test's environment.
 */
export async function startMain(options: { env?: NodeJS.ProcessEnv; args?: string[] } = {}): Promise<MainProcess> {
  const { child, exited, printed, stdout, stderr } = await spawnMain(options);
  const [, url = ''] = await printed(/(http:\/\/localhost:\d+\/)/);
  const origin = url.replace('localhost', '127.0.0.1').replace(/\/$/, '');
  const log = () =>
    stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  const events = (event: string) => log().filter((line) => line['event'] === event);
  return { child, url, origin, wsBase: origin.replace('http', 'ws'), exited, stdout, stderr, log, events };
}

export interface InspectProcess {
  child: ChildProcessWithoutNullStreams;
  /** As its banner prints them: where to open the app (the proxy's origin) and the inspector's page. */
  proxy: string;
  inspector: string;
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

/**
 * `npm run inspect -- --target <target> --listen 0` as a learner runs it (playground-server/entry/inspect.ts), serving
 * `distDir` on a free loopback port, resolved once its banner is printed.
 */
export async function startInspect(options: { target: string; distDir: string; env?: NodeJS.ProcessEnv }): Promise<InspectProcess> {
  const { child, exited, printed, stdout, stderr } = spawnEntry('inspect', ['--target', options.target, '--listen', '0'], { PORT: '0', HOST: '127.0.0.1', DIST_DIR: options.distDir, LOG_LEVEL: 'silent', ...options.env });
  const [, proxy = '', inspector = ''] = await printed(/프록시: +(\S+)[^]*검사기: +(\S+)/);
  return { child, proxy, inspector, exited, stdout, stderr };
}

export interface DevProcess {
  child: ChildProcessWithoutNullStreams;
  /** http://127.0.0.1:<port> (no trailing slash), where `astro dev` listens. */
  origin: string;
  port: number;
  exited: Promise<number | null>;
  stderr(): string;
}

/**
 * `npm run dev` (`astro dev`, with the playground mounted by playground-server/entry/astro-integration.ts) on a
 * free loopback port, resolved once it prints its address. Rejects with what it printed if it
 * ends first (a refused setting, say).
 */
export async function startDev(options: { env?: NodeJS.ProcessEnv } = {}): Promise<DevProcess> {
  const { child, exited, printed, stderr } = spawnEntry('dev', [], options.env);
  const port = Number((await printed(/http:\/\/127\.0\.0\.1:(\d+)\//))[1]);
  return { child, origin: `http://127.0.0.1:${port}`, port, exited, stderr };
}

/** Runs `npm start` or `npm run dev` to its end (for settings it must refuse): its exit code and stderr. */
export async function runToExit(entry: keyof typeof ENTRY_ARGS, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  const { child, exited, stderr } = spawnEntry(entry, [], env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, stderr: stderr() };
}
