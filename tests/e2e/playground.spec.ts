import type { Locator, Page } from '@playwright/test';
import { replaceCode } from './editor-input.ts';
import { expect, test } from './fixtures.ts';

const echoPlayground = (page: Page) => page.locator('ws-playground[data-id="echo-client.js"]');

test.describe('<ws-playground> runner', () => {
  test('the seed’s Socket.IO chat page runs in the preview against the bundled server', async ({ page }) => {
    await page.goto('/socket-io/');
    const playground = page.locator('ws-playground[data-id="chat-page"]');
    await playground.getByRole('button', { name: '실행' }).click();
    const preview = playground.frameLocator('iframe.pg-preview-frame');
    await expect(preview.locator('li').first()).toContainText('님이 연결되었습니다.');
    await preview.getByRole('textbox', { name: '메시지' }).fill('미리 보기에서 인사합니다');
    await preview.getByRole('button', { name: '보내기' }).click();
    await expect(preview.locator('li').last()).toContainText(': 미리 보기에서 인사합니다');
    await expect(playground.getByRole('region', { name: '미리 보기' })).toContainText('미리 보기 (index.html)');
  });

  test('two learners on the same page chat with each other through the bundled server', async ({ page, context }) => {
    const other = await context.newPage();
    for (const p of [page, other]) {
      await p.goto('/socket-io/');
      await p.locator('ws-playground[data-id="chat-page"]').getByRole('button', { name: '실행' }).click();
    }
    const mine = page.locator('ws-playground[data-id="chat-page"]').frameLocator('iframe.pg-preview-frame');
    const theirs = other.locator('ws-playground[data-id="chat-page"]').frameLocator('iframe.pg-preview-frame');
    await expect(theirs.locator('li').first()).toBeVisible();
    await mine.getByRole('textbox', { name: '메시지' }).fill('옆 탭에게');
    await mine.getByRole('button', { name: '보내기' }).click();
    await expect(theirs.locator('li').last()).toContainText(': 옆 탭에게');
    await other.close();
  });

  test('file tabs are an ARIA tablist, switch files with the arrow keys, and the page links the script file', async ({ page }) => {
    await page.goto('/socket-io/');
    const playground = page.locator('ws-playground[data-id="chat-split"]');
    const tabs = playground.getByRole('tab');
    await expect(tabs).toHaveText(['index.html', 'chat.js']);
    await expect(tabs.first()).toHaveAttribute('aria-selected', 'true');
    await tabs.first().focus();
    await page.keyboard.press('ArrowRight');
    await expect(tabs.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(tabs.nth(1)).toBeFocused();
    await expect(playground.getByRole('tabpanel')).toContainText('socket.on("connect"');
    await playground.getByRole('button', { name: '실행' }).click();
    const preview = playground.frameLocator('iframe.pg-preview-frame');
    await expect(preview.getByRole('status')).toContainText('연결됨 (내 id:');
  });

  test('an error in a linked script file points at that file and line', async ({ page }) => {
    await page.goto('/socket-io/');
    const playground = page.locator('ws-playground[data-id="chat-split"]');
    await playground.getByRole('tab', { name: 'chat.js' }).click();
    await replaceCode(page, playground, 'console.log("시작");\n\nundefinedFunction();\n');
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(playground.getByRole('log')).toContainText(/ReferenceError: undefinedFunction is not defined \(chat\.js 3번째 줄\)/);
    await expect(playground.locator('.monaco-editor .squiggly-error')).toHaveCount(1);
  });

  test('the console shows values as text (never HTML): objects, errors, bytes, events', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(
      page,
      playground,
      [
        'console.log("<img src=x onerror=alert(1)>", { a: 1, list: [1, "둘"] });',
        'console.warn(new Uint8Array([72, 105]).buffer);',
        'console.error(new TypeError("잘못된 타입"));',
        'console.info(new Blob(["abc"], { type: "text/plain" }));',
        'const s = new WebSocket("ws://example.com/socketserver");',
        's.onopen = (event) => { console.log(event); s.close(4000, "끝"); };',
        's.onclose = (event) => console.log(event);',
      ].join('\n'),
    );
    await playground.getByRole('button', { name: '실행' }).click();
    const log = playground.getByRole('log');
    await expect(log).toContainText('<img src=x onerror=alert(1)> { a: 1, list: [1, "둘"] }');
    await expect(log.locator('img')).toHaveCount(0);
    await expect(log.locator('.pg-line-warn')).toContainText('ArrayBuffer(2) [48 69]');
    await expect(log.locator('.pg-line-error')).toContainText('TypeError: 잘못된 타입');
    await expect(log).toContainText('Blob { size: 3, type: "text/plain" }');
    await expect(log).toContainText(/Event \{ type: "open", target: WebSocket \{ url: "ws:\/\/localhost:\d+\/ws\/echo", readyState: 1 \(OPEN\) \} \}/);
    await expect(log.locator('.pg-line-error')).toContainText(/at echo-client\.js:3:\d+/);
    await expect(log).not.toContainText('data:text/javascript');
    await expect(log).toContainText('CloseEvent { type: "close", code: 4000, reason: "끝", wasClean: true');
  });

  test('a press of ▶ 실행 before the page’s script has loaded is not lost (slow networks; WebKit returned first)', async ({ page }) => {
    // Hold back every script until the button has been pressed.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/_astro/**/*.js', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/browser-api/', { waitUntil: 'commit' });
    const playground = echoPlayground(page);
    await playground.getByRole('button', { name: '실행' }).click();
    expect(await playground.evaluate((element) => element.matches(':defined'))).toBe(false);
    release();
    await expect(playground.getByRole('log')).toContainText('서버에서 받은 메시지: 서버 하이.');
    await page.unroute('**/_astro/**/*.js');
  });

  test('a flood of output is capped and the page stays responsive', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    // 20,000 lines, 200 per task: a flood however slow the machine (one loop of 20,000 could meet the loop guard's
    // 0.75 s first on a loaded machine, and the cap would never be reached).
    await replaceCode(page, playground, 'let i = 0;\nconst burst = () => {\n  for (let k = 0; k < 200; k++) console.log("줄", i++);\n  if (i < 20000) setTimeout(burst);\n};\nburst();');
    await playground.getByRole('button', { name: '실행' }).click();
    const log = playground.getByRole('log');
    await expect(log).toContainText('5000줄을 넘어 나머지는 표시하지 않습니다', { timeout: 60_000 });
    await expect(log).not.toContainText('반복문이');
    expect(await log.locator('.pg-line').count()).toBeLessThanOrEqual(1000);
    // The lesson page answers right away.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
  });

  test('the console follows new lines until the learner scrolls up, and stays where they scrolled', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'let i = 0;\nconst timer = setInterval(() => { console.log("줄", ++i); if (i === 300) clearInterval(timer); }, 5);');
    await playground.getByRole('button', { name: '실행' }).click();
    const log = playground.getByRole('log');
    await expect(log).toContainText('줄 100');
    const distanceFromBottom = () => log.evaluate((element) => element.scrollHeight - element.scrollTop - element.clientHeight);
    await expect.poll(distanceFromBottom).toBeLessThan(24);
    await log.evaluate((element) => (element.scrollTop = 0));
    await expect(log).toContainText('줄 300');
    expect(await log.evaluate((element) => element.scrollTop)).toBe(0);
  });

  test('after a frozen run is stopped, a playground that ran before runs again (the frozen sandbox process is let go)', async ({ page }) => {
    await page.goto('/browser-api/');
    const first = echoPlayground(page);
    const other = page.locator('ws-playground').nth(1);
    await replaceCode(page, first, 'console.log("첫 실행");');
    await first.getByRole('button', { name: '실행' }).click();
    await expect(first.getByRole('log')).toContainText('첫 실행');
    // The first run's frame stays, idle; now another playground freezes the sandbox.
    await replaceCode(page, other, '/^(a+)+$/.test("a".repeat(40) + "b");\n');
    await other.getByRole('button', { name: '실행' }).click();
    await expect(other.getByRole('log')).toContainText('응답하지 않아 실행을 멈췄습니다', { timeout: 10_000 });
    await first.locator('[data-action="clear"]').click();
    await replaceCode(page, first, 'console.log("다시 실행");');
    await first.getByRole('button', { name: '실행' }).click();
    await expect(first.getByRole('log')).toContainText('다시 실행', { timeout: 10_000 });
  });

  test('deep recursion and unhandled rejections are reported in Korean', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'function down() { return down(); }\nPromise.reject(new Error("거부됨"));\ndown();\n');
    await playground.getByRole('button', { name: '실행' }).click();
    const log = playground.getByRole('log');
    await expect(log).toContainText('RangeError: Maximum call stack size exceeded');
    await expect(log).toContainText('처리되지 않은 Promise 거부: Error: 거부됨 (echo-client.js 2번째 줄)');
  });

  test('rerunning closes the previous run’s sockets', async ({ page, app }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    const run = playground.getByRole('button', { name: '실행' });
    for (let i = 0; i < 3; i++) {
      await run.click();
      await expect(playground.getByRole('log').locator('.pg-line', { hasText: '서버에서 받은 메시지' })).toHaveCount(i + 1);
    }
    // The echo endpoint's count, not every lesson endpoint's: the server is shared by this worker's tests, and a
    // Socket.IO page an earlier test closed between two polls stays a session until its ping timeout (25 s + 20 s).
    await expect.poll(() => app.playground.connectionsByEndpoint()['echo']).toBe(1);
  });

  test('a rerun starts in the frame prepared for it, which has run nothing: every run gets a fresh global scope, its errors still name file and line', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    const log = playground.getByRole('log');
    await replaceCode(page, playground, 'globalThis.runs = (globalThis.runs ?? 0) + 1;\nconsole.log(`실행 ${globalThis.runs}번째`);\nnull.x;\n');
    const prepared = playground.locator('iframe[data-pg-prepared="ready"]');
    for (let i = 1; i <= 3; i++) {
      // The run before this one left a frame prepared for this one (made after it began); mark it to know it again.
      if (i > 1) await prepared.evaluate((frame) => frame.setAttribute('data-test-mark', 'prepared'));
      await playground.locator('[data-action="clear"]').click();
      await playground.getByRole('button', { name: '실행' }).click();
      await expect(log).toContainText('실행 1번째');
      await expect(log).toContainText('(echo-client.js 3번째 줄)');
      await expect(log).not.toContainText('실행 2번째');
      if (i > 1) await expect(playground.locator('iframe.pg-sandbox[data-test-mark]:not([data-pg-prepared])')).toHaveCount(1);
      // One frame runs; the next one is being prepared; the run before has been removed.
      await expect(prepared).toHaveCount(1);
      await expect(playground.locator('iframe.pg-sandbox')).toHaveCount(2);
    }
  });

  test('code that waits for DOMContentLoaded and load runs on every press, in a prepared frame as in a generated one', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    const log = playground.getByRole('log');
    await replaceCode(
      page,
      playground,
      "console.log('모듈 실행');\ndocument.addEventListener('DOMContentLoaded', () => console.log('DOM 준비'));\nwindow.addEventListener('load', () => console.log('로드 끝'));\n",
    );
    const prepared = playground.locator('iframe[data-pg-prepared="ready"]');
    for (let i = 1; i <= 3; i++) {
      if (i > 1) await prepared.evaluate((frame) => frame.setAttribute('data-test-mark', 'prepared'));
      await playground.locator('[data-action="clear"]').click();
      await playground.getByRole('button', { name: '실행' }).click();
      await expect(log).toContainText('로드 끝');
      const text = (await log.textContent()) ?? '';
      // Once each, in the order a document gives them.
      expect(text.split('모듈 실행').length - 1).toBe(1);
      expect(text.split('DOM 준비').length - 1).toBe(1);
      expect(text.split('로드 끝').length - 1).toBe(1);
      expect(text.indexOf('모듈 실행')).toBeLessThan(text.indexOf('DOM 준비'));
      expect(text.indexOf('DOM 준비')).toBeLessThan(text.indexOf('로드 끝'));
      // From the second press on, the run is the prepared frame's.
      if (i > 1) await expect(playground.locator('iframe.pg-sandbox[data-test-mark]:not([data-pg-prepared])')).toHaveCount(1);
    }
  });

  test('a prepared frame takes its code from the lesson page only, not from another run’s frame', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    const log = playground.getByRole('log');
    await replaceCode(page, playground, 'console.log("첫 실행");');
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(log).toContainText('첫 실행');
    // The running frame sends the prepared frame code as the page would, with its run id (read here from the page,
    // which a run cannot do): the prepared frame's bridge must refuse it, as it does not come from its parent.
    const prepared = playground.locator('iframe[data-pg-prepared="ready"]');
    const runId = await prepared.evaluate((frame: HTMLIFrameElement) => /"runId":"([^"]+)"/.exec(frame.srcdoc)?.[1] ?? '');
    expect(runId).not.toBe('');
    const running = await playground.locator('iframe.pg-sandbox:not([data-pg-prepared])').elementHandle();
    const injected = `data:text/javascript;charset=utf-8,${encodeURIComponent('globalThis.injected = true; console.log("주입됨");')}`;
    const sent = await (await running!.contentFrame())!.evaluate(
      ({ runId, injected }) => {
        for (let i = 0; i < parent.frames.length; i++) parent.frames[i]!.postMessage({ channel: 'ws-noriteo/sandbox', type: 'run', runId, scripts: [injected] }, '*');
        return parent.frames.length;
      },
      { runId, injected },
    );
    expect(sent).toBeGreaterThan(1);
    // The next run uses that frame: its own code runs there, in a scope the message did not touch.
    await prepared.evaluate((frame) => frame.setAttribute('data-test-mark', 'prepared'));
    await replaceCode(page, playground, 'console.log(`주입: ${typeof globalThis.injected}`);');
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(log).toContainText('주입: undefined');
    await expect(playground.locator('iframe.pg-sandbox[data-test-mark]:not([data-pg-prepared])')).toHaveCount(1);
    await expect(log).not.toContainText('주입됨');
  });

  test('edits survive a reload (localStorage) until Reset brings back the original', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'console.log("저장된 수정본");\n');
    await expect(playground.getByRole('tab')).toHaveAttribute('data-changed', '');
    await page.reload();
    await expect(echoPlayground(page).locator('.pg-code')).toHaveText('console.log("저장된 수정본");\n');
    await expect(echoPlayground(page).getByRole('status')).toContainText('지난번에 고친 코드를 불러왔습니다');
    await echoPlayground(page).getByRole('button', { name: '실행' }).click();
    await expect(echoPlayground(page).getByRole('log')).toContainText('저장된 수정본');
    await echoPlayground(page).getByRole('button', { name: '초기화' }).click();
    await expect(echoPlayground(page).locator('.pg-code')).toContainText('new WebSocket("ws://example.com/socketserver")');
    await page.reload();
    await expect(echoPlayground(page).locator('.pg-code')).toContainText('new WebSocket("ws://example.com/socketserver")');
  });

  test('Reset puts the original code back into the open editor', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'console.log("바꿈");\n');
    await playground.getByRole('button', { name: '초기화' }).click();
    await expect(playground.locator('.monaco-editor .view-lines')).toContainText('socket.onopen');
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(playground.getByRole('log')).toContainText('서버에서 받은 메시지: 서버 하이.');
  });

  test('a share link restores the edited files for whoever opens it', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'const s = new WebSocket("ws://example.com/socketserver");\ns.onopen = () => s.send("공유된 코드");\ns.onmessage = (e) => console.log("받음:", e.data);\n');
    await playground.getByRole('button', { name: '공유' }).click();
    await expect(playground.getByRole('status')).toContainText('공유 링크를 복사했습니다');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toMatch(/\/browser-api\/#share=echo-client\.js\.[\w-]+$/);

    const fresh = await context.browser()!.newContext();
    const visitor = await fresh.newPage();
    await visitor.goto(link);
    const shared = visitor.locator('ws-playground[data-id="echo-client.js"]');
    await expect(shared.getByRole('status')).toContainText('공유 링크의 코드를 불러왔습니다');
    await shared.getByRole('button', { name: '실행' }).click();
    await expect(shared.getByRole('log')).toContainText('받음: 공유된 코드');
    await fresh.close();
  });

  test('a broken share link falls back to the original example', async ({ page }) => {
    await page.goto('/browser-api/#share=echo-client.js.not-really-a-payload');
    await expect(echoPlayground(page).getByRole('status')).toContainText('공유 링크를 읽을 수 없어');
    await expect(echoPlayground(page).locator('.pg-code')).toContainText('new WebSocket');
  });

  test('Copy puts the visible file on the clipboard', async ({ page, context, baseURL }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
    await page.goto('/socket-io/');
    const playground = page.locator('ws-playground[data-id="chat-split"]');
    await playground.getByRole('tab', { name: 'chat.js' }).click();
    await playground.getByRole('button', { name: '복사' }).click();
    await expect(playground.getByRole('status')).toContainText('chat.js 코드를 클립보드에 복사했습니다');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('socket.on("connect"');
  });

  test('keyboard only: Tab reaches the code, Ctrl+Enter runs, Shift+Tab reaches the buttons', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await playground.getByRole('tab').focus();
    const code = playground.locator('.pg-code');
    // The code block, the editor opened on it (Monaco, or the light editor while Monaco's code loads): all in .pg-editor.
    for (let i = 0; i < 8 && !(await code.first().evaluate((el) => el.closest('.pg-editor')?.contains(document.activeElement) === true)); i++) {
      await page.keyboard.press('Tab');
    }
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(playground.getByRole('log')).toContainText('서버에서 받은 메시지: 서버 하이.');
    await playground.getByRole('button', { name: '정지' }).focus();
    await page.keyboard.press('Enter');
    await expect(playground.getByRole('log')).toContainText('실행을 멈췄습니다');
  });

  test('the editor follows Starlight’s dark and light themes', async ({ page }) => {
    await page.goto('/browser-api/');
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
    const playground = echoPlayground(page);
    await playground.locator('.pg-code').focus();
    await expect(playground.locator('.monaco-editor')).toHaveClass(/\bvs\b/);
    await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'dark'));
    await expect(playground.locator('.monaco-editor')).toHaveClass(/vs-dark/);
  });

  /** Types `code`, leaves the cursor inside its last word and asks Monaco for the hover there (Ctrl+K Ctrl+I). */
  async function hoverAtEnd(page: Page, playground: Locator, code: string): Promise<Locator> {
    await replaceCode(page, playground, code);
    await page.keyboard.press('ArrowLeft');
    const hover = page.locator('.monaco-hover:visible');
    await expect(async () => {
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await expect(hover).not.toHaveText('', { timeout: 1500 });
    }).toPass({ timeout: 20_000 });
    return hover;
  }

  test('IntelliSense knows the Socket.IO client imported from the seed’s CDN URL, offline', async ({ page }) => {
    await page.goto('/socket-io/');
    const playground = page.locator('ws-playground[data-id="console-client.js"]');
    const hover = await hoverAtEnd(page, playground, 'import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";\nconst socket = io();\nsocket.emit');
    await expect(hover.first()).toContainText('Socket<DefaultEventsMap, DefaultEventsMap>.emit');
  });

  test('IntelliSense knows ws and Node in a server file', async ({ page }) => {
    await page.goto('/node-ws-server/');
    const hover = await hoverAtEnd(page, page.locator('ws-playground[data-id="seed-ws-server"]'), 'const WebSocket = require("ws");\nconst wss = new WebSocket.Server({ port: 8080 });\nwss.clients');
    await expect(hover.first()).toContainText('Set<WebSocket>');
  });

  test('the editor takes typing before the TypeScript worker has arrived, and completion follows once it has', async ({ page }) => {
    // Hold the TypeScript worker's script until the learner has typed.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const workerRequested: string[] = [];
    await page.context().route(/ts\.worker-[\w-]+\.js$/, async (route) => {
      workerRequested.push(route.request().url());
      await released;
      await route.continue();
    });
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'const s = new WebSocket("ws://example.com");\ns.sen');
    await expect(playground.locator('.view-lines')).toContainText('new WebSocket("ws://example.com");');
    expect(workerRequested.length).toBeLessThanOrEqual(1);
    release();
    const suggestions = page.locator('.suggest-widget.visible .monaco-list-row');
    await expect(async () => {
      await page.keyboard.press('Control+Space');
      await expect(suggestions.filter({ hasText: /^send\b/ })).toHaveCount(1, { timeout: 1500 });
    }).toPass({ timeout: 30_000 });
    expect(workerRequested).toHaveLength(1);
  });

  test('IntelliSense knows the browser WebSocket API', async ({ page }) => {
    await page.goto('/browser-api/');
    const hover = await hoverAtEnd(page, echoPlayground(page), 'const s = new WebSocket("ws://example.com");\ns.onmessage');
    await expect(hover.first()).toContainText('WebSocket.onmessage: (this: WebSocket, ev: MessageEvent) => any');
  });

  test('the editor opens at the height of the code it replaces (nothing below moves), then grows with the code', async ({ page }) => {
    for (const [path, playground] of [
      ['/socket-io/', page.locator('ws-playground[data-id="chat-page"]')],
      ['/browser-api/', echoPlayground(page)],
    ] as const) {
      await page.goto(path);
      await playground.scrollIntoViewIfNeeded();
      const codeBefore = await playground.locator('.pg-editor').boundingBox();
      const outputBefore = await playground.locator('.pg-output').boundingBox();
      await playground.locator('.pg-editor').hover();
      await expect(playground).toHaveAttribute('data-editor', 'ready');
      await page.waitForTimeout(200);
      expect((await playground.locator('.pg-editor').boundingBox())?.height, path).toBe(codeBefore?.height);
      expect((await playground.locator('.pg-output').boundingBox())?.y, path).toBe(outputBefore?.y);
    }
    const playground = echoPlayground(page);
    const opened = (await playground.locator('.pg-editor').boundingBox())!.height;
    await playground.locator('.monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+End');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Enter');
    await expect.poll(async () => (await playground.locator('.pg-editor').boundingBox())!.height).toBeGreaterThan(opened);
  });
});

test.describe('small and touch screens', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('at 360 px the page does not scroll sideways and every control is reachable', async ({ page }) => {
    await page.goto('/socket-io/');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    const playground = page.locator('ws-playground[data-id="chat-split"]');
    for (const name of ['실행', '정지', '초기화', '복사', '공유']) {
      const button = playground.getByRole('button', { name });
      await button.scrollIntoViewIfNeeded();
      const box = await button.boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x, name).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(360);
      expect(box!.height, name).toBeGreaterThanOrEqual(24);
    }
  });

  test('on a touch screen the editor is a plain textarea that edits and runs', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    // A finger's tap: the textarea takes the code block's place as the finger lands (touchstart), so the tap ends on it.
    const code = playground.locator('.pg-code');
    await code.scrollIntoViewIfNeeded();
    const box = (await code.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
    const area = playground.getByRole('textbox', { name: /echo-client\.js 편집기/ });
    await expect(area).toBeVisible();
    await expect(playground.locator('.monaco-editor')).toHaveCount(0);
    await area.fill('console.log("터치로 고침");');
    await playground.getByRole('button', { name: '실행' }).tap();
    await expect(playground.getByRole('log')).toContainText('터치로 고침');
  });
});

test.describe('the inspector inside a playground', () => {
  test('shows the real Sec-WebSocket-Key Chromium sent, the matching accept, and the frames of the exchange', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(playground.getByRole('log')).toContainText('서버에서 받은 메시지: 서버 하이.');
    const toggle = playground.getByRole('button', { name: '검사기' });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const inspector = playground.getByRole('region', { name: /검사기/ });
    const request = inspector.getByRole('list', { name: '클라이언트의 업그레이드 요청' });
    // Each header's explanation is a hidden sibling; innerText reads the lines as shown.
    await expect(request).toContainText(/^GET \/ws\/echo\?pg=[\w.-]+ HTTP\/1\.1/, { useInnerText: true });
    await expect(request).toContainText('Origin: null', { useInnerText: true });
    const key = /^Sec-WebSocket-Key:\s*(\S+)$/m.exec(await request.innerText())?.[1] ?? '';
    expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const expected = await page.evaluate(async (k) => {
      const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(`${k}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`));
      return btoa(String.fromCharCode(...new Uint8Array(digest)));
    }, key);
    await expect(inspector.getByRole('list', { name: '서버의 101 응답' })).toContainText(`Sec-WebSocket-Accept: ${expected}`, { useInnerText: true });
    await expect(inspector.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' })).toContainText('✓ 일치');

    await inspector.getByRole('tab', { name: '프레임' }).click();
    const rows = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await expect(rows.first()).toContainText('클라이언트 → 서버');
    await expect(rows.nth(1)).toContainText('서버 → 클라이언트');
  });

  test('under a flood every frame is listed with its real size; past the live rate it keeps a prefix and says the rest was only counted', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    // 40 messages of 60 KB each way: 4.8 MB at once, past the 1 MiB the tap sends whole.
    await replaceCode(
      page,
      playground,
      [
        'const socket = new WebSocket("ws://example.com/socketserver");',
        'let echoed = 0;',
        'socket.onopen = () => { for (let i = 0; i < 40; i++) socket.send(String(i).padStart(2, "0") + "가".repeat(20_000)); };',
        'socket.onmessage = () => { if (++echoed === 40) console.log("에코 40개를 받았습니다"); };',
      ].join('\n'),
    );
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(playground.getByRole('log')).toContainText('에코 40개를 받았습니다', { timeout: 20_000 });
    await playground.getByRole('button', { name: '검사기' }).click();
    const inspector = playground.getByRole('region', { name: /검사기/ });
    await expect(inspector.locator('ws-inspector').getByRole('combobox').locator('option').first()).toContainText(/페이로드 [\d,]+바이트 생략/);
    await inspector.getByRole('tab', { name: '프레임' }).click();
    const rows = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await expect(rows.filter({ hasText: '60,002바이트' })).toHaveCount(80);
    await rows.filter({ hasText: '60,002바이트' }).first().click();
    const detail = inspector.locator('wsi-frame-detail');
    await expect(detail).not.toContainText('길이만 셌습니다');
    await rows.filter({ hasText: '60,002바이트' }).last().click();
    await expect(detail.getByRole('heading', { level: 3 })).toContainText('서버 → 클라이언트');
    await expect(detail).toContainText('처음 64바이트만 보내고 나머지 59,938바이트는 길이만 셌습니다');
    await expect(detail.locator('pre.wsi-text')).toContainText(/^39가가가/);
  });

  test('keeps each playground’s connections to itself', async ({ page }) => {
    await page.goto('/browser-api/');
    const first = echoPlayground(page);
    const second = page.locator('ws-playground').nth(1);
    await first.getByRole('button', { name: '실행' }).click();
    await second.getByRole('button', { name: '실행' }).click();
    await expect(second.getByRole('log')).toContainText('close 이벤트');
    await second.getByRole('button', { name: '검사기' }).click();
    // The inspector's connection picker (the network panel has its own selects).
    const connections = second.getByRole('region', { name: /검사기/ }).locator('ws-inspector').getByRole('combobox');
    await expect(connections.locator('option')).toHaveCount(1);
  });
});

test.describe('network experiments in the inspector panel', () => {
  test('cutting the connection shows 1006 in the learner’s close handler; a hand-written handshake without a key gets 400', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await replaceCode(page, playground, 'const s = new WebSocket("ws://example.com/socketserver");\ns.onopen = () => console.log("열림");\ns.onclose = (e) => console.log("닫힘", e.code, e.wasClean);\n');
    await playground.getByRole('button', { name: '실행' }).click();
    await expect(playground.getByRole('log')).toContainText('열림');
    await playground.getByRole('button', { name: '검사기' }).click();
    await playground.getByRole('button', { name: '연결 끊기' }).click();
    await expect(playground.getByRole('log')).toContainText('닫힘 1006 false');

    await playground.getByText('직접 핸드셰이크 보내기').click();
    const request = playground.getByRole('textbox', { name: '보낼 HTTP 요청' });
    await request.fill((await request.inputValue()).replace(/\nSec-WebSocket-Key:.*/, ''));
    await playground.getByRole('button', { name: '보내기', exact: true }).click();
    await expect(playground.getByLabel('서버의 응답')).toContainText('HTTP/1.1 400 Bad Request');
    await expect(playground.getByLabel('서버의 응답')).toContainText('HANDSHAKE_BAD_KEY');
  });
});
