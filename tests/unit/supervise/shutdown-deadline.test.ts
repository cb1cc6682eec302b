import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const LIFECYCLE = fileURLToPath(new URL('../../../playground-server/supervise/worker-lifecycle.ts', import.meta.url));
const LOG = fileURLToPath(new URL('../../../playground-server/log.ts', import.meta.url));

/** Runs shutdownOnce in a process of its own (it ends the process) with an app whose close() is `close`; resolves with its exit code and output. */
function shutdownWith(close: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const program = `
    import { shutdownOnce } from ${JSON.stringify(LIFECYCLE)};
    import { createLogger } from ${JSON.stringify(LOG)};
    const app = {
      close: () => ${close},
      abort: () => process.stdout.write('abort ran\\n'),
    };
    shutdownOnce(app, createLogger('info'), 300)('test');
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('shutdownOnce: the deadline of a shutdown', () => {
  it('a close that does not finish by the deadline is cut short: shutdown_timeout logged, abort() run (the worker and its sandboxes killed), exit 1', async () => {
    const { code, stdout, stderr } = await shutdownWith('new Promise(() => setInterval(() => {}, 1000))');
    expect(code).toBe(1);
    expect(stderr).toContain('"event":"shutdown_timeout","deadlineMs":300');
    expect(stdout).toBe('abort ran\n');
  });

  it('a close that finishes exits 0 and never aborts', async () => {
    const { code, stdout, stderr } = await shutdownWith('Promise.resolve()');
    expect(code).toBe(0);
    expect(stderr).not.toContain('shutdown_timeout');
    expect(stdout).toBe('');
  });
});
