import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { makeFixtureSite } from '../helpers/server.ts';
import { TestClient } from '../helpers/ws.ts';

const MAIN = fileURLToPath(new URL('../../playground-server/main.ts', import.meta.url));

describe('npm start (playground-server/main.ts)', () => {
  it('prints its URL, and on SIGTERM closes every WebSocket with 1001 and exits within 2 s', async () => {
    const child = spawn(process.execPath, [MAIN, '--skip-build'], {
      env: { ...process.env, PORT: '0', DIST_DIR: await makeFixtureSite(), LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/localhost:\d+\/)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    expect(output).toContain('WebSocket 놀이터가 실행 중입니다');
    const wsBase = url.replace('http', 'ws');

    const echo = await TestClient.open(`${wsBase}ws/echo`);
    const chat = await TestClient.open(`${wsBase}ws/chat`);
    const sio = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => sio.once('connect', () => resolve()));
    const sioClosed = new Promise<string>((resolve) => sio.once('disconnect', (reason) => resolve(reason)));

    const started = Date.now();
    child.kill('SIGTERM');
    expect((await echo.closed).code).toBe(1001);
    expect((await chat.closed).code).toBe(1001);
    expect(await sioClosed).toBe('transport close');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('explains a bad setting in Korean and exits with code 2', async () => {
    const child = spawn(process.execPath, [MAIN, '--skip-build'], { env: { ...process.env, PORT: 'eighty' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('설정이 올바르지 않습니다');
  });
});
