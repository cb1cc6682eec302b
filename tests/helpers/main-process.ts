import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { makeFixtureSite } from './server.ts';

export const MAIN = fileURLToPath(new URL('../../playground-server/main.ts', import.meta.url));

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
  /** The JSON log lines (LOG_LEVEL info or debug) with this event, in order. */
  events(event: string): Array<Record<string, unknown>>;
}

/**
 * `npm start` as a learner runs it (playground-server/main.ts, the supervisor and its worker), on
 * a free port with a tiny fixture site, resolved once it prints its URL. `env` adds to or
 * overrides the test's environment.
 */
export async function startMain(options: { env?: NodeJS.ProcessEnv; args?: string[] } = {}): Promise<MainProcess> {
  const child = spawn(process.execPath, [MAIN, '--skip-build', ...(options.args ?? [])], {
    env: { ...process.env, PORT: '0', DIST_DIR: await makeFixtureSite(), LOG_LEVEL: 'info', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /(http:\/\/localhost:\d+\/)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`exited early:\n${stdout}\n${stderr}`)));
  });
  const origin = url.replace('localhost', '127.0.0.1').replace(/\/$/, '');
  const events = (event: string) =>
    stderr
      .split('\n')
      .filter((line) => line.includes(`"event":"${event}"`))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, url, origin, wsBase: origin.replace('http', 'ws'), exited, stdout: () => stdout, stderr: () => stderr, events };
}
