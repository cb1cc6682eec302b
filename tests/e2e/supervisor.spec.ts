import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startMain, type MainProcess } from '../helpers/main-process.ts';
import { CONTROL_ERRORS } from '../../protocol/control-errors.ts';

const DIST = process.env['DIST_DIR'] ?? fileURLToPath(new URL('../../dist/', import.meta.url));

let main: MainProcess;
test.beforeAll(async () => {
  main = await startMain({ env: { DIST_DIR: DIST } });
});
test.afterAll(async () => {
  main.child.kill('SIGTERM');
  await main.exited;
});

test('a page keeps working when the worker behind `npm start` dies and is replaced', async ({ page }) => {
  await page.goto(`${main.url}node-ws-server/`);
  const pg = page.locator('ws-playground[data-id="seed-ws-server"]');
  const log = pg.getByRole('log');
  await pg.getByRole('button', { name: '실행' }).click();
  await expect(log).toContainText('클라이언트가 접속을 끊었습니다.', { timeout: 15_000 });

  const ready = main.events('worker_ready');
  process.kill(Number(ready[ready.length - 1]?.['pid']), 'SIGKILL');
  // The running server snippet is gone with the worker, and the learner is told so in Korean.
  await expect(log).toContainText(CONTROL_ERRORS.CONTROL_CLOSED, { timeout: 10_000 });

  // The supervisor starts a new worker on the same address; Run works again on the same page.
  await expect.poll(() => main.events('worker_ready').length, { timeout: 15_000 }).toBe(ready.length + 1);
  await pg.getByRole('button', { name: '실행' }).click();
  const serverSaysBye = log.getByText('클라이언트가 접속을 끊었습니다.', { exact: true });
  await expect(serverSaysBye).toHaveCount(2, { timeout: 15_000 });
});
