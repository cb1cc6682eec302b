import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { replaceFile } from './editor-input.ts';
import { challengeBothWays, checkFirstScreen, consoleLines, consoleRows, expectAccessibleDiagrams, expectFitsNarrowScreen, expectInPageLinksLand, runUntil as run, stopRun as stop } from './lesson-page.ts';

/**
 * The deeper lessons: ‘핸드셰이크’, ‘프레임’, ‘채팅 앱 만들기’ and ‘Socket.IO 더 깊이’. Every example
 * runs in the real sandbox (learners' Node servers included) and its console is checked for what
 * the lesson says it shows; each 도전 과제 fails with its starting code and passes with 정답 보기.
 */

const LESSONS = [
  { slug: 'handshake', title: '핸드셰이크' },
  { slug: 'frames', title: '프레임' },
  { slug: 'chat-app', title: '채팅 앱 만들기' },
  { slug: 'socket-io-advanced', title: 'Socket.IO 더 깊이' },
] as const;

const SCREENSHOTS = `${process.env['PW_OUTPUT_DIR'] ?? 'test-results'}/lessons-deep-screens`;

const playground = (page: Page, id: string) => page.locator(`ws-playground[data-id="${id}"]`);
const consoleOf = (pg: Locator) => pg.getByRole('log');
const errorLines = (pg: Locator) => pg.locator('.pg-line-error');
const previewOf = (pg: Locator) => pg.frameLocator('iframe.pg-preview-frame');

const lines = consoleLines;

/**
 * The console's lines once every one of `expected` is among them. A learner's server prints through the control
 * channel, the browser code through postMessage: a server line may arrive after the browser line a run waited for
 * (seen under load: ‘핸드셰이크’ had no "[서버] 핸드셰이크 뒤 첫 메시지" yet when the browser had already logged
 * the close the server sent after printing it). So what a test reads of the other side is waited for first; the
 * rows are kept in time order, so once the last line arrived the earlier ones are in place.
 */
async function linesWith(pg: Locator, expected: readonly string[]): Promise<string[]> {
  await expect.poll(() => lines(pg)).toEqual(expect.arrayContaining([...expected]));
  return lines(pg);
}

/**
 * `earlier` is shown before `later`. The console's times are whole milliseconds and equal times keep their arrival
 * order (a server line travels a longer way than a browser line), so within one millisecond either order is right.
 */
function expectInOrder(rows: ReadonlyArray<{ line: string; time: number }>, earlier: string, later: string): void {
  const first = rows.findIndex(({ line }) => line === earlier);
  const second = rows.findIndex(({ line }) => line === later);
  expect(first, earlier).toBeGreaterThanOrEqual(0);
  expect(second, later).toBeGreaterThanOrEqual(0);
  if (rows[first]!.time === rows[second]!.time) return;
  expect(first, `‘${earlier}’ (${rows[first]!.time}) before ‘${later}’ (${rows[second]!.time})`).toBeLessThan(second);
}

/** Opens the playground's own inspector and its frames tab. */
async function inspectFrames(pg: Locator): Promise<Locator> {
  await pg.getByRole('button', { name: '검사기' }).click();
  const inspector = pg.locator('ws-inspector');
  await inspector.getByRole('tab', { name: '프레임' }).click();
  return inspector;
}

test.describe('the deep lessons, page by page', () => {
  for (const lesson of LESSONS) {
    test(`‘${lesson.title}’ is a Korean page with a title, a description, 정리 and 참고 자료`, async ({ page }) => {
      await page.goto(`/${lesson.slug}/`);
      await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
      await expect(page).toHaveTitle(new RegExp(lesson.title));
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(lesson.title);
      await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /\S.{60,}/);
      await expect(page.getByRole('heading', { level: 2, name: '정리' })).toBeVisible();
      await expect(page.getByRole('heading', { level: 2, name: '참고 자료' })).toBeVisible();
      expect(await page.locator('ws-playground').count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator('ws-playground[data-check]').count()).toBeGreaterThanOrEqual(1);
    });

    test(`‘${lesson.title}’ fits a 360 px screen without horizontal scrolling`, async ({ page }) => {
      await expectFitsNarrowScreen(page, lesson.slug);
    });

    test(`‘${lesson.title}’ diagrams are accessible images whose SVG attributes take effect`, async ({ page }) => {
      await page.goto(`/${lesson.slug}/`);
      for (const svg of await expectAccessibleDiagrams(page, 60)) {
        // Attributes written in MDX reach the SVG as SVG attributes (camelCase JSX names would not).
        const applied = await svg.evaluate((element) => {
          const texts = [...element.querySelectorAll('text')];
          const centred = texts.some((text) => getComputedStyle(text).textAnchor === 'middle');
          const widths = [...element.querySelectorAll('rect, line, path')].some((shape) => getComputedStyle(shape).strokeWidth !== '1px');
          const unknown = [...element.querySelectorAll('*')].some((node) => [...node.attributes].some((attribute) => /^(strokewidth|textanchor|fontsize|markerend|fontweight)$/.test(attribute.name)));
          return { centred, widths, unknown };
        });
        expect(applied).toEqual({ centred: true, widths: true, unknown: false });
      }
      await expectInPageLinksLand(page);
      // Links into other lessons' sections land on a heading that exists.
      const across = await page.locator('.sl-markdown-content a[href^="/"][href*="#"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
      for (const href of new Set(across)) {
        const [path, hash] = href.split('#') as [string, string];
        const html = await (await page.request.get(path)).text();
        expect(html, href).toContain(`id="${decodeURIComponent(hash)}"`);
      }
    });

    test(`‘${lesson.title}’ first screen in light and dark: Korean renders and nothing overlaps the heading`, async ({ page }) => {
      await checkFirstScreen(page, lesson.slug, SCREENSHOTS);
      await page.setViewportSize({ width: 360, height: 740 });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: `${SCREENSHOTS}/${lesson.slug}-360.png` });
    });

    test(`‘${lesson.title}’ 도전 과제: each starting code fails its check, each solution passes`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto(`/${lesson.slug}/`);
      const challenges = page.locator('ws-playground[data-check]');
      expect(await challenges.count()).toBeGreaterThan(0);
      for (let i = 0; i < (await challenges.count()); i++) await challengeBothWays(challenges.nth(i));
    });
  }
});

test.describe('‘핸드셰이크’', () => {
  test('도전 과제 before the fix: the browser refuses, and the inspector shows ✗ 불일치', async ({ page }) => {
    await page.goto('/handshake/');
    const pg = playground(page, 'challenge-accept');
    await run(pg, '닫힘: 코드 1006');
    await linesWith(pg, ['[서버] 101 응답과 첫 프레임을 보냈습니다.', '[클라이언트] 연결 실패: 브라우저가 101 응답을 받아들이지 않았습니다.']);
    await pg.getByRole('button', { name: '검사기' }).click();
    const verdict = pg.locator('ws-inspector').getByRole('region', { name: 'Sec-WebSocket-Accept 계산' }).locator('.wsi-verdict');
    await expect(verdict).toContainText('✗ 불일치');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('the seed’s four header lines are on the page, word for word', async ({ page }) => {
    await page.goto('/handshake/');
    const block = page.locator('.sl-markdown-content pre').filter({ hasText: 'blablablabla' });
    const text = (await block.innerText()).split('\n').map((line) => line.trimEnd());
    expect(text).toEqual(['Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Key: blablablabla...', 'Sec-WebSocket-Version: 13']);
  });

  test('the server prints the upgrade request and its 101 answer, and its own accept matches', async ({ page }) => {
    await page.goto('/handshake/');
    const pg = playground(page, 'inspect-handshake');
    await run(pg, 'close 이벤트: 코드 1000, 이유 "잘 봤습니다"');
    const seen = await linesWith(pg, ['[서버] 핸드셰이크 뒤 첫 메시지: 안녕하세요']);
    for (const line of ['[서버] GET / HTTP/1.1', '[서버] Upgrade: websocket', '[서버] Connection: Upgrade', '[서버] Sec-WebSocket-Version: 13', '[서버] Origin: null', '[서버] HTTP/1.1 101 Switching Protocols']) {
      expect(seen).toContain(line);
    }
    const key = seen.find((line) => line.startsWith('[서버] Sec-WebSocket-Key: '))?.slice('[서버] Sec-WebSocket-Key: '.length);
    expect(key).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    const sent = seen.find((line) => line.startsWith('[서버] Sec-WebSocket-Accept: '))?.slice('[서버] Sec-WebSocket-Accept: '.length);
    expect(seen).toContain(`[서버] 직접 계산한 Sec-WebSocket-Accept: ${sent}`);
    expect(seen).toContain('[서버] 핸드셰이크 뒤 첫 메시지: 안녕하세요');
    // The order the lesson states: every line the server printed in its 'headers' event (just before it wrote the 101),
    // then the browser's open (after it checked the 101), then the server's line about the message sent in open, then the
    // close the server started after printing it. Server lines carry the time the program wrote them, browser lines the
    // time they were printed, and the console keeps rows in time order: the order is causal across the two sides.
    const rows = await consoleRows(pg);
    const server = rows.map(({ line }) => line).filter((line) => line.startsWith('[서버] '));
    const handshakeLines = server.slice(server.indexOf('[서버] ── 받은 요청 ──'), server.indexOf(`[서버] 직접 계산한 Sec-WebSocket-Accept: ${sent}`) + 1);
    expect(handshakeLines.length).toBeGreaterThanOrEqual(12);
    const open = '[클라이언트] open 이벤트: 101 응답을 받아 핸드셰이크가 끝났습니다.';
    for (const line of handshakeLines) expectInOrder(rows, line, open);
    expectInOrder(rows, open, '[서버] 핸드셰이크 뒤 첫 메시지: 안녕하세요');
    expectInOrder(rows, '[서버] 핸드셰이크 뒤 첫 메시지: 안녕하세요', '[클라이언트] close 이벤트: 코드 1000, 이유 "잘 봤습니다"');
    await expect(errorLines(pg)).toHaveCount(0);

    // The playground's inspector shows the same handshake, byte for byte, with the accept verified.
    await pg.getByRole('button', { name: '검사기' }).click();
    const inspector = pg.locator('ws-inspector');
    await expect(inspector.getByRole('list', { name: '서버의 101 응답' })).toContainText(`Sec-WebSocket-Accept: ${sent}`, { useInnerText: true });
    await expect(inspector.getByRole('region', { name: 'Sec-WebSocket-Accept 계산' }).locator('.wsi-verdict')).toContainText('✓ 일치');
    await stop(pg);
  });

  test('crypto.subtle computes the RFC’s accept step by step, and a fresh key', async ({ page }) => {
    await page.goto('/handshake/');
    const pg = playground(page, 'accept');
    await run(pg, '그 키의 Accept:');
    const seen = await lines(pg);
    expect(seen).toContain('1. 이어 붙인 문자열: dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11');
    expect(seen).toContain('2. SHA-1 (16진수): b37a4f2cc0624f1690f64606cf385945b2bec4ea');
    expect(seen).toContain('3. Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    expect(seen).toContain('RFC에 적힌 값과 같나요? true');
    expect(seen.some((line) => /^새 키: [A-Za-z0-9+/]{22}== \(24자, 끝은 언제나 ==\)$/.test(line))).toBe(true);
    expect(seen.some((line) => /^그 키의 Accept: [A-Za-z0-9+/]{27}=$/.test(line))).toBe(true);
    await expect(errorLines(pg)).toHaveCount(0);
  });

  test('subprotocols: the server picks chat.v2; asking only for mqtt ends in error and 1006', async ({ page }) => {
    await page.goto('/handshake/');
    const pg = playground(page, 'subprotocols-server');
    await run(pg, '["mqtt"] 닫힘: 코드 1006');
    const seen = await linesWith(pg, [
      '[서버] 요청한 하위 프로토콜: chat.v3, chat.v2',
      '[서버] → chat.v2을(를) 골라 응답에 적습니다.',
      '[클라이언트] ["chat.v3","chat.v2"] 열림: socket.protocol = "chat.v2"',
      '[클라이언트] ["chat.v3","chat.v2"] 받음: 이 연결은 chat.v2 형식으로 이야기합니다.',
      '[서버] 요청한 하위 프로토콜: mqtt',
      '[서버] → 아는 것이 없어 응답에 아무것도 적지 않습니다.',
      '[클라이언트] ["mqtt"] error 이벤트',
    ]);
    expect(seen).not.toContain('[클라이언트] ["mqtt"] 열림: socket.protocol = ""');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('permessage-deflate: with context takeover ws compresses every message; with server_no_context_takeover not those below threshold, as the inspector shows', async ({ page }) => {
    await page.goto('/handshake/');
    const pg = playground(page, 'deflate');
    await run(pg, '8081: 에코 3: 2자');
    const received8081 = '[서버] 8081 받은 메시지: 1260바이트 (압축을 푼 크기)';
    await expect.poll(async () => (await lines(pg)).filter((line) => line === received8081)).toHaveLength(2);
    const seen = await lines(pg);
    expect(seen).toContain('[서버] 8080 요청: Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits');
    expect(seen).toContain('[서버] 8080 응답: Sec-WebSocket-Extensions: permessage-deflate');
    expect(seen).toContain('[서버] 8081 응답: Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover');
    expect(seen).toContain('[클라이언트] 8080: socket.extensions = "permessage-deflate"');
    expect(seen).toContain('[클라이언트] 8081: socket.extensions = "permessage-deflate; server_no_context_takeover"');
    expect(seen.filter((line) => line === received8081)).toHaveLength(2);
    await expect(errorLines(pg)).toHaveCount(0);

    const inspector = await inspectFrames(pg);
    const connections = inspector.getByRole('combobox', { name: '연결' });
    /** The server → client frames of one connection: [compressed, size on the wire]. */
    const serverFrames = async (index: number) => {
      await connections.selectOption({ index });
      const rows = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row').filter({ hasText: '서버 → 클라이언트' }).filter({ hasText: '텍스트' });
      await expect(rows).toHaveCount(3, { timeout: 10_000 });
      const found: Array<[boolean, number]> = [];
      for (let i = 0; i < 3; i++) {
        await rows.nth(i).click();
        // The detail shows the frame just picked before it is read.
        const number = (await rows.nth(i).locator('td').first().innerText()).replace(/[^0-9]/g, '');
        await expect(inspector.locator('wsi-frame-detail').getByRole('heading', { level: 3 })).toContainText(`프레임 #${number} `);
        const rsv1 = await inspector.locator('wsi-frame-detail').getByRole('table', { name: '헤더 필드와 뜻' }).getByRole('row', { name: /^RSV1/ }).innerText();
        const size = await rows.nth(i).evaluate((row) => Number(row.querySelectorAll('td')[4]?.textContent?.replace(/[^0-9]/g, '')));
        // The row reads "RSV1 <bit> <meaning> <description>": the bit is the second cell.
        found.push([/^RSV1\s+1\s/.test(rsv1), size]);
      }
      return found;
    };
    const shared = await serverFrames(0);
    expect(shared.map(([compressed]) => compressed)).toEqual([true, true, true]);
    expect(shared[1]?.[1]).toBeLessThan(shared[0]?.[1] ?? 0);
    const fresh = await serverFrames(1);
    expect(fresh.map(([compressed]) => compressed)).toEqual([true, true, false]);
    expect(fresh[1]?.[1]).toBe(fresh[0]?.[1]);
    expect(fresh[0]?.[1]).toBe(shared[0]?.[1]);
    // Chromium compresses what it sends on both connections.
    for (const index of [0, 1]) {
      await connections.selectOption({ index });
      const sent = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row').filter({ hasText: '클라이언트 → 서버' }).filter({ hasText: '텍스트' });
      await expect(sent).toHaveCount(3);
      for (let i = 0; i < 3; i++) {
        await sent.nth(i).click();
        const number = (await sent.nth(i).locator('td').first().innerText()).replace(/[^0-9]/g, '');
        await expect(inspector.locator('wsi-frame-detail').getByRole('heading', { level: 3 })).toContainText(`프레임 #${number} `);
        await expect(inspector.locator('wsi-frame-detail').getByRole('table', { name: '헤더 필드와 뜻' }).getByRole('row', { name: /^RSV1/ })).toContainText('1 = 이 메시지는 압축됨 (permessage-deflate)');
      }
    }
    await stop(pg);
  });

  test('a bad handshake: 426 for version 8, 401 and 403 seen by the server, only error + 1006 in the browser', async ({ page }) => {
    await page.goto('/handshake/');
    const pg = playground(page, 'reject-handshake');
    await run(pg, '맞는 토큰: close 이벤트, 코드 1000, wasClean true');
    const seen = await linesWith(pg, [
      '[서버] 거절했습니다: HTTP/1.1 426 Upgrade Required',
      '[서버] 버전 8 요청이 받은 응답 | HTTP/1.1 426 Upgrade Required',
      '[서버] 버전 8 요청이 받은 응답 | Sec-WebSocket-Version: 13',
      '[서버] 거절했습니다: HTTP/1.1 401 Unauthorized',
      '[클라이언트] 토큰 없음: error 이벤트',
      '[클라이언트] 토큰 없음: close 이벤트, 코드 1006, wasClean false',
      '[서버] 거절했습니다: HTTP/1.1 403 Forbidden',
      '[클라이언트] 틀린 토큰: close 이벤트, 코드 1006, wasClean false',
      '[서버] 연결을 받았습니다.',
      '[클라이언트] 맞는 토큰: 받음 "어서 오세요!"',
    ]);
    expect(seen.filter((line) => line.includes('open 이벤트'))).toEqual(['[클라이언트] 맞는 토큰: open 이벤트']);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });
});

test.describe('‘프레임’', () => {
  test('도전 과제 before the fix: the 300-byte frame is misread, and the inspector flags what follows', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'challenge-lengths');
    await run(pg, '닫힘: 코드 1006');
    const seen = await lines(pg);
    expect(seen).toContain('[클라이언트] 받음: 16바이트, "짧은 메시지…"');
    expect(seen.filter((line) => line.startsWith('[클라이언트] 받음:'))).toHaveLength(1);
    const inspector = await inspectFrames(pg);
    const rows = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await expect(rows.filter({ hasText: '44바이트' })).toHaveCount(1);
    await expect(rows.filter({ hasText: '⚠' }).first()).toBeVisible();
    await stop(pg);
  });

  test('the recorded Chromium capture can be studied before running anything', async ({ page }) => {
    await page.goto('/frames/');
    const inspector = page.locator('.sl-markdown-content ws-inspector').first();
    await inspector.getByRole('group', { name: '예제 캡처' }).getByRole('button', { name: 'ws 에코 (Chromium)' }).click();
    await inspector.getByRole('tab', { name: '프레임' }).click();
    const rows = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await expect(rows).toHaveCount(14);
    await rows.filter({ hasText: '210바이트' }).first().click();
    const fields = inspector.locator('wsi-frame-detail').getByRole('table', { name: '헤더 필드와 뜻' });
    await expect(fields.getByRole('row', { name: /^Payload len/ })).toContainText('126');
    await expect(fields.getByRole('row', { name: /^Extended payload length/ })).toContainText('210');
    await rows.filter({ hasText: 'ping' }).first().click();
    await expect(inspector.locator('wsi-frame-detail').getByRole('heading', { level: 3 })).toContainText('서버 → 클라이언트');
  });

  test('masking: the RFC §5.7 example, and XOR again gives Hello back', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'mask');
    await run(pg, '다시 XOR:');
    const seen = (await lines(pg)).map((line) => line.replace(/\s+/g, ' '));
    expect(seen).toEqual(['실행합니다.', '원래 바이트: 48 65 6c 6c 6f', '마스킹한 바이트: 7f 9f 4d 51 58', '프레임 전체: 81 85 37 fa 21 3d 7f 9f 4d 51 58', '다시 XOR: Hello']);
    await expect(errorLines(pg)).toHaveCount(0);
  });

  test('a hand-written server takes the browser’s frames apart: three length forms, masks, binary, close', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'parse-frames');
    await run(pg, '닫힘: 코드 1000, wasClean true');
    const seen = await linesWith(pg, ['[서버]   닫힘 코드 1000, 이유 "다 봤어요"']);
    const frames = seen.filter((line) => line.startsWith('[서버] FIN '));
    expect(frames).toEqual([
      '[서버] FIN 1 | RSV 000 | opcode 1 (텍스트) | MASK 1 | 길이 2 (7비트) | 헤더 6바이트',
      '[서버] FIN 1 | RSV 000 | opcode 1 (텍스트) | MASK 1 | 길이 300 (126 → 다음 16비트) | 헤더 8바이트',
      '[서버] FIN 1 | RSV 000 | opcode 1 (텍스트) | MASK 1 | 길이 70000 (127 → 다음 64비트) | 헤더 14바이트',
      '[서버] FIN 1 | RSV 000 | opcode 2 (바이너리) | MASK 1 | 길이 3 (7비트) | 헤더 6바이트',
      '[서버] FIN 1 | RSV 000 | opcode 8 (닫기) | MASK 1 | 길이 15 (7비트) | 헤더 6바이트',
    ]);
    const keys = seen.filter((line) => line.startsWith('[서버]   마스킹 키 ')).map((line) => line.slice(13, 24));
    expect(keys).toHaveLength(5);
    expect(new Set(keys).size).toBe(5);
    expect(seen).toContain('[서버]   텍스트: "Hi"');
    expect(seen).toContain('[서버]   닫힘 코드 1000, 이유 "다 봤어요"');
    expect(seen).toContain('[클라이언트] 서버가 보낸 프레임: 70000바이트 잘 받았습니다');
    expect(seen).toContain('[클라이언트] 서버가 보낸 프레임: 3바이트 잘 받았습니다');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('three fragments and a ping in between arrive as one message; the inspector shows the pieces', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'fragments');
    await run(pg, '브라우저가 보낸 메시지: 메시지 1개를 받았습니다');
    const seen = await linesWith(pg, ['[서버] pong을 받았습니다: "조각 사이의 ping"']);
    expect(seen.filter((line) => line.includes('message 이벤트'))).toEqual(['[클라이언트] message 이벤트 1번째: "첫째 조각, 둘째 조각, 마지막 조각"']);
    expect(seen).toContain('[서버] pong을 받았습니다: "조각 사이의 ping"');
    await expect(errorLines(pg)).toHaveCount(0);

    const inspector = await inspectFrames(pg);
    const rows = inspector.getByRole('grid', { name: '프레임 목록' }).locator('tbody').getByRole('row');
    await expect(rows.filter({ hasText: '서버 → 클라이언트' })).toHaveCount(5, { timeout: 10_000 });
    const fromServer = await rows.filter({ hasText: '서버 → 클라이언트' }).allInnerTexts();
    expect(fromServer[0]).toMatch(/텍스트/);
    expect(fromServer[1]).toMatch(/ping/);
    expect(fromServer[2]).toMatch(/이어/);
    expect(fromServer[3]).toMatch(/이어/);
    await rows.filter({ hasText: '서버 → 클라이언트' }).first().click();
    await expect(inspector.locator('wsi-frame-detail').getByRole('table', { name: '헤더 필드와 뜻' }).getByRole('row', { name: /^FIN/ })).toContainText('0 = 이어지는 프레임이 더 있음');
    await stop(pg);
  });

  test('control frames: pong echoes the ping, a 126-byte ping and a 124-byte close reason are refused', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'control-frames');
    await run(pg, '닫힘: 코드 1000, 이유 "제어 프레임 구경 끝"');
    await linesWith(pg, [
      '[서버] pong: "심장 박동 1" (15바이트)',
      '[서버] pong: "심장 박동 2" (15바이트)',
      '[서버] 126바이트 ping: The data size must not be greater than 125 bytes',
      '[서버] 124바이트 이유: The message must not be greater than 123 bytes',
    ]);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('close codes chosen by the server reach the browser; 4001 from the browser and 1009 reach the server', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'close-codes');
    await run(pg, '2000바이트를 보냄 → code 1009');
    const seen = await linesWith(pg, [
      '[클라이언트] 서버가 1000(으)로 닫음 → code 1000, reason "할 일을 다 했습니다", wasClean true',
      '[클라이언트] 서버가 1001(으)로 닫음 → code 1001, reason "서버를 내립니다", wasClean true',
      '[클라이언트] 서버가 1008(으)로 닫음 → code 1008, reason "규칙을 어겼습니다", wasClean true',
      '[클라이언트] 서버가 1011(으)로 닫음 → code 1011, reason "서버에 오류가 났습니다", wasClean true',
      '[클라이언트] 서버가 4000(으)로 닫음 → code 4000, reason "방이 닫혔습니다", wasClean true',
      '[서버] close 이벤트: 코드 4001, 이유 "로그아웃"',
      '[클라이언트] 2000바이트를 보냄 → code 1009, wasClean true',
      '[서버] 오류: Max payload size exceeded',
      '[서버] close 이벤트: 코드 1006, 이유 ""',
    ]);
    // ws closes the oversized connection with 1009 and does not wait for the answer: 1006 on its side.
    expect(seen).toContain('[서버] 오류: Max payload size exceeded');
    expect(seen.slice(seen.indexOf('[서버] 오류: Max payload size exceeded'))).toContain('[서버] close 이벤트: 코드 1006, 이유 ""');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('UTF-8: a character split across fragments is fine; a broken one fails (Chromium 1002, ws 1007)', async ({ page }) => {
    await page.goto('/frames/');
    const pg = playground(page, 'utf8');
    await run(pg, '/broken: close 이벤트, code 1006, wasClean false');
    await linesWith(pg, [
      '[서버] Node 클라이언트: 서버가 1007(으)로 닫았습니다',
      '[클라이언트] /split: 받음 "한글"',
      '[클라이언트] /split: close 이벤트, code 1000, wasClean true',
      '[클라이언트] /broken: error 이벤트',
    ]);
    await expect(consoleOf(pg)).toContainText('/broken: 상대가 보낸 닫힘 코드 1002 "Invalid UTF-8 in text frame"');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });
});

test.describe('‘채팅 앱 만들기’', () => {
  const pane = (pg: Locator, nickname: string) => previewOf(pg).locator(`.pane[data-nickname="${nickname}"]`);

  async function say(pg: Locator, nickname: string, text: string): Promise<void> {
    const from = pane(pg, nickname);
    await from.getByRole('textbox', { name: `${nickname}의 메시지` }).fill(text);
    await from.getByRole('button', { name: '보내기' }).click();
  }

  test('step 1 is the seed’s server and page, unchanged, and it chats through the learner’s server; its CDN import loads nothing from the network', async ({ page }) => {
    // Every request of the page and of its sandboxed frames (out-of-process ones too): the seed's CDN URL must be
    // only an import-map key for the bundled client, so nothing may leave this machine.
    const requested: string[] = [];
    page.context().on('request', (request) => requested.push(request.url()));
    await page.goto('/chat-app/');
    const pg = playground(page, 'chat-step1');
    const server = (await pg.locator('.pg-panel[data-file="server.js"] code').textContent()) ?? '';
    for (const line of ['const io = new Server(server);', '  io.emit("message", `${socket.id} 님이 연결되었습니다.`);', '    io.emit("message", `${socket.id}: ${msg}`);', '    socket.broadcast.emit("message", `${socket.id} 님의 연결이 끊어졌습니다.`);', '  console.log("http://localhost:3000 에서 서버 구동 중...");']) {
      expect(server).toContain(line);
    }
    const html = (await pg.locator('.pg-panel[data-file="index.html"] code').textContent()) ?? '';
    for (const line of ['  import { io } from "https://cdn.socket.io/4.7.5/socket.io.esm.min.js";', '  // Server에서 Message를 받아와 출력 -> GET', '      socket.emit("message", input.value);']) expect(html).toContain(line);

    await run(pg, 'http://localhost:3000 에서 서버 구동 중...');
    const preview = previewOf(pg);
    await expect(preview.locator('li').first()).toHaveText(/^\S{20} 님이 연결되었습니다\.$/);
    await preview.getByRole('textbox', { name: '메시지' }).fill('1단계 인사');
    await preview.getByRole('button', { name: '보내기' }).click();
    await expect(preview.locator('li').last()).toHaveText(/^\S{20}: 1단계 인사$/);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
    const loaded = requested.filter((url) => /^(?:https?|wss?):/.test(url));
    expect(loaded.some((url) => url.includes('/socket.io/socket.io.esm.min.js'))).toBe(true);
    expect(loaded.filter((url) => !/^(?:https?|wss?):\/\/(?:127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url))).toEqual([]);
  });

  test('step 2: nicknames from the handshake’s auth, and what others write stays text (no XSS)', async ({ page }) => {
    await page.goto('/chat-app/');
    const pg = playground(page, 'chat-step2');
    await run(pg, '밥 접속');
    await expect(consoleOf(pg)).toContainText('앨리스 접속');
    // The two panes connect at once, so either may be first (seen: 밥). The server's console says which: the first
    // hears both arrivals, the second only its own (it was not there for the first one's notice).
    const joined = (await lines(pg)).flatMap((line) => /^\[서버\] (앨리스|밥) 접속 \(/.exec(line)?.[1] ?? []);
    expect(joined.toSorted()).toEqual(['밥', '앨리스']);
    const [first, second] = joined as [string, string];
    await expect(pane(pg, first).locator('li.notice')).toHaveText([`${first} 님이 들어왔습니다.`, `${second} 님이 들어왔습니다.`]);
    await expect(pane(pg, second).locator('li.notice')).toHaveText([`${second} 님이 들어왔습니다.`]);
    await say(pg, '앨리스', '<img src=x onerror="alert(1)">');
    const last = pane(pg, '밥').locator('li').last();
    await expect(last).toHaveText('앨리스: <img src=x onerror="alert(1)">');
    await expect(last.locator('strong')).toHaveText('앨리스');
    await expect(previewOf(pg).locator('img')).toHaveCount(0);
    await page.waitForTimeout(300);
    await expect(consoleOf(pg)).not.toContainText('alert:');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  /** Opens (or closes) the playground's inspector; open, on its Socket.IO tab. */
  async function toggleInspector(pg: Locator): Promise<Locator> {
    await pg.getByRole('button', { name: '검사기' }).click();
    return pg.locator('ws-inspector');
  }

  /**
   * What 앨리스 sent of typing and messages, in order, from her Engine.IO session in the inspector: `typing true`,
   * `typing false`, `message <text>`. Her session is the one that holds her outgoing `42["typing",…]`; the sessions
   * are looked for through their WebSocket connections first (one per pane once upgraded), each shows all of its
   * session's packets, whichever transport carried them.
   */
  async function alicesPackets(inspector: Locator): Promise<string[]> {
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    const connections = inspector.getByRole('combobox', { name: '연결' });
    const labels = await connections.locator('option').allTextContents();
    const order = labels.map((label, index) => ({ index, websocket: label.includes('WebSocket') })).toSorted((x, y) => Number(y.websocket) - Number(x.websocket));
    for (const { index } of order) {
      await connections.selectOption({ index });
      const wire = await inspector.getByRole('table', { name: /Engine.IO 패킷과 그 안의 Socket.IO 패킷/ }).locator('code.wsi-wire').allTextContents();
      const sent = wire.flatMap((raw) => {
        const typing = /^42\["typing",(true|false)\]$/.exec(raw);
        if (typing) return [`typing ${typing[1]}`];
        const message = /^42\["message",("(?:[^"\\]|\\.)*")\]$/.exec(raw);
        return message ? [`message ${JSON.parse(message[1]!) as string}`] : [];
      });
      if (sent.some((packet) => packet.startsWith('typing'))) return sent;
    }
    return [];
  }

  test('step 3: the other side sees “입력 중…” while one types, and it goes away a second after typing stops', async ({ page }) => {
    await page.goto('/chat-app/');
    const pg = playground(page, 'chat-step3');
    await run(pg, '밥 접속');
    // Both are in (they connect at once, in either order) before 앨리스 types.
    await expect(consoleOf(pg)).toContainText('앨리스 접속');
    await expect(pane(pg, '밥').locator('li.notice').filter({ hasText: '밥 님이 들어왔습니다.' })).toHaveCount(1);
    // ‘입력 시작’ is volatile (the lesson's point): the server drops it while 밥's transport cannot take it at once, as
    // during the polling → WebSocket upgrade. So both panes are on WebSocket first (on a slow machine that takes a while).
    let inspector = await toggleInspector(pg);
    await expect(inspector.getByRole('combobox', { name: '연결' }).locator('option', { hasText: /WebSocket · .*열려 있음/ })).toHaveCount(2);
    await toggleInspector(pg);

    const input = pane(pg, '앨리스').getByRole('textbox', { name: '앨리스의 메시지' });
    await input.pressSequentially('안녕 밥', { delay: 60 });
    const bobStatus = pane(pg, '밥').getByRole('status');
    await expect(bobStatus).toHaveText('앨리스 님이 입력 중…');
    await expect(pane(pg, '앨리스').getByRole('status')).toHaveText('');
    // Nothing is sent: it goes away by itself (앨리스's idle timer), however long the slow page takes to get there.
    await expect(bobStatus).toHaveText('');
    // Not a packet per keystroke: ‘true’ when typing starts, ‘false’ when it stops. That is one pair for the seven
    // keystrokes 60 ms apart; a page held past the 1 s timer between two of them rightly sent a pair for each part.
    inspector = await toggleInspector(pg);
    // (The last capture events may still be on their way to the page: read until they are in.)
    await expect.poll(async () => (await alicesPackets(inspector)).join(',')).toMatch(/^(typing true,typing false,?)+$/);
    const typed = await alicesPackets(inspector);
    expect(typed.length / 2).toBeLessThan(7);
    await toggleInspector(pg);

    // “메시지를 보내면 곧바로 false를 보냅니다”: a key and the send in one task of the page, so that the idle timer cannot
    // come between them however slow the page is (typed by hand, the send came more than 1 s after the key at 4× CPU
    // throttle, and the timer had already sent the ‘false’). 밥 gets the message; 앨리스 sent ‘false’ right behind it.
    await input.evaluate((element: HTMLInputElement) => {
      element.value += '!';
      element.dispatchEvent(new InputEvent('input', { bubbles: true, data: '!', inputType: 'insertText' }));
      element.form!.requestSubmit();
    });
    await expect(pane(pg, '밥').locator('li').last()).toHaveText('앨리스: 안녕 밥!');
    await expect(bobStatus).toHaveText('');
    await expect(input).toHaveValue('');
    inspector = await toggleInspector(pg);
    await expect.poll(async () => (await alicesPackets(inspector)).slice(typed.length)).toEqual(['typing true', 'message 안녕 밥!', 'typing false']);
    await toggleInspector(pg);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('step 4: rooms keep messages apart, and moving without leaving still hears the old room', async ({ page }) => {
    await page.goto('/chat-app/');
    const pg = playground(page, 'chat-step4');
    await run(pg, '밥 → 로비 (들어가 있는 방: 로비)');
    await pane(pg, '앨리스').getByRole('combobox', { name: '앨리스의 방' }).selectOption('게임방');
    await expect(consoleOf(pg)).toContainText('앨리스 → 게임방 (들어가 있는 방: 로비, 게임방)');
    await say(pg, '앨리스', '게임방 소식');
    await expect(pane(pg, '앨리스').locator('li').last()).toHaveText('[게임방] 앨리스: 게임방 소식');
    await say(pg, '밥', '로비 소식');
    await expect(pane(pg, '밥').locator('li').last()).toHaveText('[로비] 밥: 로비 소식');
    // The bug the 도전 과제 fixes: 앨리스 is still in 로비.
    await expect(pane(pg, '앨리스').locator('li').last()).toHaveText('[로비] 밥: 로비 소식');
    await expect(pane(pg, '밥').locator('li').filter({ hasText: '게임방 소식' })).toHaveCount(0);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('도전 과제: client.js waits for each join’s acknowledgement 2 s at most, and says so when the server never answers', async ({ page }) => {
    await page.goto('/chat-app/');
    const pg = playground(page, 'challenge-switch-room');
    const server = (await pg.locator('.pg-panel[data-file="server.js"] code').textContent()) ?? '';
    // A join handler that forgets to answer: the client must not wait for ever.
    const silent = server.replace('answer({ ok: true, room });', '// (답하지 않습니다)');
    expect(silent).not.toBe(server);
    await replaceFile(page, pg, 'server.js', silent);
    await run(pg, '앨리스: 서버가 2초 안에 join에 답하지 않았습니다. join 처리기가 모든 경우에 callback을 부르는지 확인하세요.', 15_000);
    await stop(pg);
  });

  test('도전 과제: with the fix 앨리스 no longer hears 로비 after moving; the console shows why', async ({ page }) => {
    await page.goto('/chat-app/');
    const pg = playground(page, 'challenge-switch-room');
    await run(pg, '시나리오 끝');
    expect(await lines(pg)).toContain('[클라이언트] [앨리스] 받음: [로비] 밥: 로비에 누구 있나요?');
    await pg.getByRole('button', { name: '정답 보기' }).click();
    await run(pg, '시나리오 끝');
    const seen = await linesWith(pg, ['[서버] 앨리스 → 게임방 (들어가 있는 방: 게임방)']);
    expect(seen).not.toContain('[클라이언트] [앨리스] 받음: [로비] 밥: 로비에 누구 있나요?');
    expect(seen).toContain('[클라이언트] [앨리스] 받음: [게임방] 민수: 게임방에 어서 오세요!');
    expect(seen).toContain('[서버] 앨리스 → 게임방 (들어가 있는 방: 게임방)');
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });
});

test.describe('‘Socket.IO 더 깊이’', () => {
  test('the seed’s install command and its emit lines are shown as written', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const blocks = page.locator('.sl-markdown-content pre');
    await expect(blocks.filter({ hasText: 'npm add socket.io' }).first()).toBeVisible();
    await expect(blocks.filter({ hasText: 'io.emit("message", `${socket.id}: ${msg}`);' }).first()).toBeVisible();
    await expect(blocks.filter({ hasText: 'socket.broadcast.emit("message", `${socket.id} 님의 연결이 끊어졌습니다.`);' }).first()).toBeVisible();
    await expect(blocks.filter({ hasText: 'interface ServerToClientEvents' })).toHaveCount(1);
    await expect(blocks.filter({ hasText: 'interface ClientToServerEvents' })).toHaveCount(1);
  });

  test('Engine.IO starts on polling, upgrades to WebSocket and keeps a ping/pong heartbeat; the inspector shows the probe', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-transport');
    await run(pg, '끊김: client namespace disconnect', 15_000);
    const seen = await linesWith(pg, ['[서버] 업그레이드 완료: websocket', '[서버] pong을 받았습니다: 클라이언트가 살아 있습니다']);
    const at = (pattern: RegExp) => seen.findIndex((line) => pattern.test(line));
    const open = at(/^\[클라이언트\] 받음 \[polling\] 0\{"sid":"[\w-]+","upgrades":\["websocket"\],"pingInterval":1500,"pingTimeout":1000,"maxPayload":1000000\} \(open\)$/);
    const connect = at(/^\[클라이언트\] 받음 \[polling\] 40\{"sid":"[\w-]+"\} \(message\)$/);
    const upgraded = at(/^\[클라이언트\] ── websocket\(으\)로 업그레이드했습니다 ──$/);
    const ping = at(/^\[클라이언트\] 받음 \[websocket\] 2 \(ping\)$/);
    const pong = at(/^\[클라이언트\] 보냄 \[websocket\] 3 \(pong\)$/);
    expect([open, connect, upgraded, ping, pong].every((index) => index >= 0)).toBe(true);
    expect(open).toBeLessThan(connect);
    expect(connect).toBeLessThan(upgraded);
    expect(upgraded).toBeLessThan(ping);
    expect(ping).toBeLessThan(pong);
    expect(seen).toContain('[서버] 업그레이드 완료: websocket');
    expect(seen).toContain('[서버] pong을 받았습니다: 클라이언트가 살아 있습니다');
    await expect(errorLines(pg)).toHaveCount(0);

    await pg.getByRole('button', { name: '검사기' }).click();
    const inspector = pg.locator('ws-inspector');
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    const timeline = inspector.getByRole('list', { name: '전송 업그레이드 타임라인' });
    await expect(timeline).toContainText('2probe');
    await expect(timeline).toContainText('3probe');
    await expect(timeline).toContainText('5 upgrade');
    await stop(pg);
  });

  test('emit: socket.emit to one, socket.broadcast.emit to the others, io.emit to all', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-emit');
    await run(pg, '[B] C 님의 연결이 끊어졌습니다. (socket.broadcast.emit)');
    const seen = await lines(pg);
    const of = (name: string) => seen.filter((line) => line.startsWith(`[클라이언트] [${name}] `)).map((line) => line.slice(`[클라이언트] [${name}] `.length)).sort();
    expect(of('A')).toEqual(['A에게만: 어서 오세요 (socket.emit)', 'B를 뺀 모두에게: B 님이 들어왔습니다 (socket.broadcast.emit)', 'C 님의 연결이 끊어졌습니다. (socket.broadcast.emit)', 'C를 뺀 모두에게: C 님이 들어왔습니다 (socket.broadcast.emit)', '모두에게: A: 안녕하세요 (io.emit)']);
    expect(of('B')).toEqual(['B에게만: 어서 오세요 (socket.emit)', 'C 님의 연결이 끊어졌습니다. (socket.broadcast.emit)', 'C를 뺀 모두에게: C 님이 들어왔습니다 (socket.broadcast.emit)', '모두에게: A: 안녕하세요 (io.emit)']);
    expect(of('C')).toEqual(['C에게만: 어서 오세요 (socket.emit)', '모두에게: A: 안녕하세요 (io.emit)']);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('acknowledgements: callback, emitWithAck, a timeout, and the server asking the client', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-ack');
    await run(pg, 'slow: operation has timed out');
    await linesWith(pg, ['[클라이언트] 서버의 질문: 이름이 뭐예요?', '[클라이언트] add(2, 3)의 답(콜백): 5', '[클라이언트] add(10, 20)의 답(emitWithAck): 30', '[서버] 클라이언트의 답: 놀이터 학생']);
    await expect(errorLines(pg)).toHaveCount(0);
    await pg.getByRole('button', { name: '검사기' }).click();
    const inspector = pg.locator('ws-inspector');
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    const packets = inspector.getByRole('table', { name: /Engine.IO 패킷과 그 안의 Socket.IO 패킷/ });
    await expect(packets).toContainText('421["add",10,20]');
    await expect(packets).toContainText('431[30]');
    await stop(pg);
  });

  test('rooms: socket.to leaves the sender out, io.to does not, other rooms hear nothing, ids are rooms', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-rooms');
    await run(pg, '[A] C의 귓속말: A야, 2반의 C야');
    const seen = await linesWith(pg, [
      '[서버] A: socket.rooms = (자기 id), 1반',
      '[서버] C: socket.rooms = (자기 id), 2반',
      '[서버] 1반에 있는 사람: A, B',
      '[클라이언트] [A] 1반 공지 (io.to: 같은 방 모두): A이(가) 외쳤습니다',
      '[클라이언트] [B] A의 외침 (socket.to: 같은 방, 나 빼고): 1반 모여라!',
      '[클라이언트] [B] 1반 공지 (io.to: 같은 방 모두): A이(가) 외쳤습니다',
    ]);
    expect(seen.filter((line) => line.startsWith('[클라이언트] [A] A의 외침'))).toHaveLength(0);
    expect(seen.filter((line) => line.startsWith('[클라이언트] [C]'))).toHaveLength(0);
    expect(seen.filter((line) => line.includes('귓속말'))).toEqual(['[클라이언트] [A] C의 귓속말: A야, 2반의 C야']);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });

  test('namespaces: "/" and "/admin" share one connection, and io.emit stays in "/"', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-namespace');
    await run(pg, '[/admin] 여기는 /admin 네임스페이스입니다');
    const seen = await linesWith(pg, [
      '[클라이언트] [/] 여기는 메인(/) 네임스페이스입니다',
      '[클라이언트] 같은 연결을 쓰나요? true, id가 다른가요? true',
      '[클라이언트] [/] 메인의 모두에게 (io.emit)',
      '[클라이언트] [/admin] 관리자 모두에게 (admin.emit)',
    ]);
    expect(seen).not.toContain('[클라이언트] [/admin] 메인의 모두에게 (io.emit)');
    await expect(errorLines(pg)).toHaveCount(0);
    await pg.getByRole('button', { name: '검사기' }).click();
    const inspector = pg.locator('ws-inspector');
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    await expect(inspector.getByRole('table', { name: /Engine.IO 패킷과 그 안의 Socket.IO 패킷/ })).toContainText('42/admin,["hello"]');
    await stop(pg);
  });

  test('middleware: a wrong or missing token gets connect_error with message and data, and no retry', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-middleware');
    await run(pg, '맞는 토큰: 받음 "어서 오세요"');
    await linesWith(pg, [
      '[서버] 연결 시도: auth = {}',
      '[클라이언트] 토큰 없음: connect_error "인증 실패", data {"hint":"auth.token을 확인하세요"}, 다시 시도? false',
      '[클라이언트] 틀린 토큰: connect_error "인증 실패", data {"hint":"auth.token을 확인하세요"}, 다시 시도? false',
      '[서버] 연결 시도: auth = {"token":"sesame"}',
      '[서버] connection: 검증된 사용자',
    ]);
    expect((await lines(pg)).filter((line) => line.startsWith('[서버] connection:'))).toHaveLength(1);
    await expect(errorLines(pg)).toHaveCount(0);
    // auth travels in the Socket.IO CONNECT packet, not in an HTTP header.
    await pg.getByRole('button', { name: '검사기' }).click();
    const inspector = pg.locator('ws-inspector');
    await inspector.getByRole('tab', { name: 'Socket.IO' }).click();
    const sessions = inspector.getByRole('combobox', { name: '연결' });
    let found = false;
    for (let index = 0; index < (await sessions.locator('option').count()); index++) {
      await sessions.selectOption({ index });
      if (((await inspector.locator('wsi-socket-io').textContent()) ?? '').includes('40{"token":"sesame"}')) found = true;
    }
    expect(found).toBe(true);
    await stop(pg);
  });

  test('typed events: the TypeScript file compiles, and its two @ts-expect-error lines are real errors', () => {
    const source = readFileSync(new URL('../../content/docs/socket-io-advanced/examples/events.ts', import.meta.url), 'utf8');
    const dir = new URL('../../.cache/deep/typecheck/', import.meta.url);
    mkdirSync(dir, { recursive: true });
    const tsc = new URL('../../node_modules/typescript/bin/tsc', import.meta.url).pathname;
    const check = (code: string) => {
      const file = new URL('events.ts', dir).pathname;
      writeFileSync(file, code);
      try {
        execFileSync(process.execPath, [tsc, '--ignoreConfig', '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', file], { encoding: 'utf8' });
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    };
    expect(check(source)).toBe('');
    const withoutExpectations = check(source.replace(/^.*@ts-expect-error.*\n/gm, ''));
    expect(withoutExpectations).toContain(`Argument of type '"chta"' is not assignable`);
    expect(withoutExpectations).toContain(`Argument of type 'number' is not assignable to parameter of type 'string'`);
  });

  test('the JavaScript twin: a number where the types say string reaches the server and is refused at run time', async ({ page }) => {
    await page.goto('/socket-io-advanced/');
    const pg = playground(page, 'sio-typed');
    await run(pg, '숫자를 보냄 →');
    const seen = await linesWith(pg, [
      '[클라이언트] 문자열을 보냄 → { ok: true }',
      '[클라이언트] 숫자를 보냄 → { ok: false, error: "text는 1–500자의 문자열이어야 합니다" }',
    ]);
    await expect(consoleOf(pg)).toContainText('약속과 다른 chat을 받았습니다: 42 (number)');
    expect(seen.some((line) => /^\[클라이언트\] chat 이벤트: [\w-]{4}: 안녕하세요$/.test(line))).toBe(true);
    await expect(errorLines(pg)).toHaveCount(0);
    await stop(pg);
  });
});
