import { deflateRawSync } from 'node:zlib';
import { expect, test } from './fixtures.ts';
import { SLICE_BYTES } from '../../src/playground/share-codec.ts';

/**
 * A share link of 190 KB that inflates to 145 MB. Chromium's DecompressionStream inflates each
 * chunk it is handed whole, so a decoder that hands it the whole link works through all 145 MB
 * (seconds of a blocked page) before it can notice the cap. The page must hand it the link a
 * slice at a time and stop within a few slices of the 1 MB cap.
 */
test('a share link that is a zip bomb is refused after a few slices, and the example stays as it was', async ({ page }) => {
  const bomb = deflateRawSync(Buffer.from(`{"v":1,"files":{"echo-client.js":"${' '.repeat(145_000_000)}"}}`), { level: 9 });
  const fragment = `share=echo-client.js.${bomb.toString('base64url')}`;
  expect(fragment.length).toBeLessThan(200_000);
  await page.addInitScript(() => {
    const Original = globalThis.DecompressionStream;
    const seen = { handed: 0 };
    (globalThis as unknown as { __handed: typeof seen }).__handed = seen;
    globalThis.DecompressionStream = class extends Original {
      constructor(format: CompressionFormat) {
        super(format);
        const inner = this.writable.getWriter();
        const counting = new WritableStream<Uint8Array<ArrayBuffer>>({
          write: (chunk) => {
            seen.handed += chunk.length;
            return inner.write(chunk);
          },
          close: () => inner.close(),
          abort: (reason) => inner.abort(reason),
        });
        Object.defineProperty(this, 'writable', { value: counting });
      }
    };
  });
  await page.goto(`/browser-api/#${fragment}`);
  const playground = page.locator('ws-playground[data-id="echo-client.js"]');
  await expect(playground.getByRole('status')).toContainText('공유 링크를 읽을 수 없어');
  await expect(playground.locator('.pg-code')).toContainText('new WebSocket');
  const handed = await page.evaluate(() => (globalThis as unknown as { __handed: { handed: number } }).__handed.handed);
  expect(handed).toBeGreaterThan(0);
  expect(handed).toBeLessThan(64 * SLICE_BYTES);
});
