import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** Monaco's code: the editor module and the editor core it imports (held back here until the test lets it through). */
const MONACO_CODE = /\/_astro\/editor\.(api\.)?[\w-]+\.js$/;

/** Holds Monaco's code back until the returned function is called: the learner reaches the playground first. */
async function holdMonaco(page: Page): Promise<() => void> {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(MONACO_CODE, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

const echoPlayground = (page: Page) => page.locator('ws-playground[data-id="echo-client.js"]');
const LABEL = 'echo-client.js 편집기. Ctrl+Enter로 실행합니다.';
/** The editor's text as the playground holds it (what Run runs, what is saved). */
const fileText = (playground: Locator) => playground.evaluate((element) => (element as HTMLElement & { files: Record<string, string> }).files['echo-client.js'] ?? '');
/** The focused element's accessible name, if the focus is inside `playground`'s Monaco editor or light editor. */
const focusedEditor = (playground: Locator) =>
  playground.evaluate((element) => {
    const focused = document.activeElement;
    if (!focused || !element.contains(focused)) return null;
    return { monaco: focused.closest('.monaco-editor') !== null, light: focused.matches('.pg-textarea'), label: focused.getAttribute('aria-label') };
  });
/** The code box and what follows it: nothing may move when the editors change places. */
const boxes = async (playground: Locator) => ({ code: await playground.locator('.pg-editor').boundingBox(), output: await playground.locator('.pg-output').boundingBox() });

/**
 * The box of the first character of the shown file's first line, in the static code block or in
 * Monaco (its lines are laid out by their own `top`, not in DOM order): where the learner's eye is.
 */
const firstCharacter = (playground: Locator) =>
  playground.evaluate((element) => {
    const lines = [...element.querySelectorAll<HTMLElement>('.pg-monaco:not([hidden]) .view-line')];
    const monacoLine = lines.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0];
    const root = monacoLine ?? element.querySelector('.pg-panel:not([hidden]) .pg-code code');
    if (!root) return null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, { acceptNode: (node) => (node.textContent ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
    const text = walker.nextNode();
    if (!text) return null;
    const range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(text, 1);
    const { x, y, width, height } = range.getBoundingClientRect();
    return { character: range.toString(), x, y, width, height, in: monacoLine ? 'monaco' : 'code' };
  });
/** Expects `after` within 1 px of `before` in x and y: the same character where it was. */
function samePlace(after: Awaited<ReturnType<typeof firstCharacter>>, before: Awaited<ReturnType<typeof firstCharacter>>): void {
  expect(after?.character).toBe(before?.character);
  expect(Math.abs(after!.x - before!.x), `x moved from ${before!.x} to ${after!.x}`).toBeLessThanOrEqual(1);
  expect(Math.abs(after!.y - before!.y), `y moved from ${before!.y} to ${after!.y}`).toBeLessThanOrEqual(1);
}

/** Resolves once Monaco's code has run on the page (it writes its stylesheet then), and a task has passed after it. */
/** The echo playground of /browser-api/ focused in the light editor while Monaco is held back: its text before any edit, and what lets Monaco go. */
async function echoInLightEditor(page: Page): Promise<{ release: () => void; playground: Locator; original: string }> {
  const release = await holdMonaco(page);
  await page.goto('/browser-api/');
  const playground = echoPlayground(page);
  await playground.scrollIntoViewIfNeeded();
  const original = await fileText(playground);
  await playground.locator('.pg-code:visible').focus();
  await expect(playground).toHaveAttribute('data-editor', 'light');
  return { release, playground, original };
}

async function monacoRan(page: Page): Promise<void> {
  await expect(page.locator('style[data-monaco]')).toHaveCount(1);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

test.describe('typing before Monaco has arrived', () => {
  test('a click on the code of a cold playground types there at once, Run runs it, and Monaco takes over the text, caret, focus and box', async ({ page }) => {
    const release = await holdMonaco(page);
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await playground.scrollIntoViewIfNeeded();
    const before = await boxes(playground);
    const original = await fileText(playground);
    // A click at the start of the second line, as a hand makes it.
    // The text starts after the gutter of line numbers, where <code> starts.
    const code = (await playground.locator('.pg-code:visible code').boundingBox())!;
    const looked = await playground.locator('.pg-editor').screenshot();
    // The pointer over the code is activation: the light editor is there before the press, looking just as the code did.
    await page.mouse.move(code.x + 1, code.y + 19 + 9);
    await expect(playground).toHaveAttribute('data-editor', 'light');
    expect((await playground.locator('.pg-editor').screenshot()).equals(looked)).toBe(true);
    await page.mouse.down();
    await page.mouse.up();
    await expect(playground).toHaveAttribute('data-editor', 'light');
    expect(await focusedEditor(playground)).toEqual({ monaco: false, light: true, label: LABEL });
    const lineTwo = original.indexOf('\n') + 1;
    expect(await playground.locator('.pg-textarea:visible').evaluate((area: HTMLTextAreaElement) => [area.selectionStart, area.selectionEnd])).toEqual([lineTwo, lineTwo]);
    expect(await boxes(playground)).toEqual(before);

    await page.keyboard.type('console.log("light");');
    await page.keyboard.press('Enter');
    const edited = `${original.slice(0, lineTwo)}console.log("light");\n${original.slice(lineTwo)}`;
    await expect.poll(() => fileText(playground)).toBe(edited);
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(playground.getByRole('log')).toContainText('light');
    await playground.getByRole('button', { name: '정지' }).click();
    await playground.locator('.pg-textarea:visible').focus();
    const caret = await playground.locator('.pg-textarea:visible').evaluate((area: HTMLTextAreaElement) => area.selectionStart);
    expect(caret).toBe(lineTwo + 'console.log("light");\n'.length);
    await expect(playground).toHaveAttribute('data-editor', 'light');
    // The line typed made the box a line taller (as Monaco's grows); from here on nothing moves.
    const beforeTakeover = await boxes(playground);
    expect(beforeTakeover.code!.height).toBe(before.code!.height + 19);

    release();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    await expect(playground.locator('.pg-textarea')).toHaveCount(0);
    expect(await focusedEditor(playground)).toEqual({ monaco: true, light: false, label: LABEL });
    expect(await fileText(playground)).toBe(edited);
    await expect(playground.locator('.view-lines')).toContainText('console.log("light");');
    expect(await boxes(playground)).toEqual(beforeTakeover);
    // The caret is where it was: the next keystroke lands there.
    await page.keyboard.insertText('/*M*/');
    await expect.poll(() => fileText(playground)).toBe(`${edited.slice(0, caret)}/*M*/${edited.slice(caret)}`);
  });

  test('focus from the keyboard puts the caret at the start, a press on the code puts it where it was pressed, and only the focused one keeps the focus', async ({ page }) => {
    const release = await holdMonaco(page);
    await page.goto('/browser-api/');
    const first = echoPlayground(page);
    const second = page.locator('ws-playground').nth(1);
    const files = (playground: Locator) => playground.evaluate((element) => Object.values((element as HTMLElement & { files: Record<string, string> }).files)[0]!);
    await first.scrollIntoViewIfNeeded();
    const firstText = await fileText(first);
    await first.locator('.pg-code:visible').focus();
    await expect(first).toHaveAttribute('data-editor', 'light');
    await page.keyboard.type('// 1');
    await expect.poll(() => fileText(first)).toBe(`// 1${firstText}`);

    // A press that focuses the code before any pointer came over the playground: the caret goes where it was pressed.
    await second.scrollIntoViewIfNeeded();
    const secondText = await files(second);
    const lineThree = secondText.indexOf('\n', secondText.indexOf('\n') + 1) + 1;
    expect(lineThree).toBeGreaterThan(0);
    await second.locator('.pg-code:visible').evaluate((code: HTMLElement) => {
      const box = code.querySelector('code')!.getBoundingClientRect();
      code.dispatchEvent(new PointerEvent('pointerdown', { clientX: box.x + 1, clientY: box.y + 2 * 19 + 9, bubbles: true }));
      code.focus();
    });
    await expect(second).toHaveAttribute('data-editor', 'light');
    await page.keyboard.type('// 3');
    await expect.poll(() => files(second)).toBe(`${secondText.slice(0, lineThree)}// 3${secondText.slice(lineThree)}`);

    release();
    await expect(first).toHaveAttribute('data-editor', 'ready');
    await expect(second).toHaveAttribute('data-editor', 'ready');
    expect(await fileText(first)).toBe(`// 1${firstText}`);
    expect(await focusedEditor(first)).toBeNull();
    expect(await focusedEditor(second)).toMatchObject({ monaco: true });
    await page.keyboard.insertText('!');
    await expect.poll(() => files(second)).toBe(`${secondText.slice(0, lineThree)}// 3!${secondText.slice(lineThree)}`);
  });

  test('Monaco opens at the light editor’s scroll: the same line at the top', async ({ page }) => {
    const { release, playground } = await echoInLightEditor(page);
    // Sixty short lines (none wraps in Monaco either): taller than the box's 34rem, so it scrolls.
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(Array.from({ length: 60 }, (_, i) => `line${i + 1}`).join('\n'));
    const area = playground.locator('.pg-textarea:visible');
    await area.hover();
    // Typing left it scrolled to the end; the learner scrolls back up a little.
    const bottom = await area.evaluate((field) => field.scrollHeight - field.clientHeight);
    expect(await area.evaluate((field) => field.scrollTop)).toBe(bottom);
    await page.mouse.wheel(0, -250);
    await expect.poll(() => area.evaluate((field) => field.scrollTop)).toBeLessThan(bottom - 100);
    const scrollTop = await area.evaluate((field) => field.scrollTop);
    expect(scrollTop).toBeGreaterThan(100);
    release();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    // Monaco draws its lines inside .lines-content, moved up by its scroll position.
    await expect.poll(() => playground.locator('.lines-content').evaluate((lines: HTMLElement) => lines.style.top)).toBe(`-${scrollTop}px`);
  });

  test('with several files, the tabs switch files in the light editor, and Monaco opens on the file shown, with every edit', async ({ page }) => {
    const release = await holdMonaco(page);
    await page.goto('/socket-io/');
    const playground = page.locator('ws-playground[data-id="chat-split"]');
    const files = () => playground.evaluate((element) => ({ ...(element as HTMLElement & { files: Record<string, string> }).files }));
    await playground.scrollIntoViewIfNeeded();
    const original = await files();
    await playground.locator('.pg-code:visible').focus();
    await expect(playground).toHaveAttribute('data-editor', 'light');
    await page.keyboard.insertText('<!-- 1 -->');
    await playground.getByRole('tab', { name: 'chat.js' }).click();
    const chat = playground.getByRole('textbox', { name: 'chat.js 편집기. Ctrl+Enter로 실행합니다.' });
    await expect(chat).toBeVisible();
    await chat.focus();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.insertText('// 2\n');
    release();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    expect(await files()).toEqual({ 'index.html': `<!-- 1 -->${original['index.html']}`, 'chat.js': `// 2\n${original['chat.js']}` });
    expect(await focusedEditor(playground)).toMatchObject({ monaco: true, label: 'chat.js 편집기. Ctrl+Enter로 실행합니다.' });
    // Where the caret was: the next keystroke lands after what was typed in chat.js.
    await page.keyboard.insertText('// 3\n');
    await expect.poll(async () => (await files())['chat.js']).toBe(`// 2\n// 3\n${original['chat.js']}`);
    await playground.getByRole('tab', { name: 'index.html' }).click();
    await expect(playground.locator('.view-lines')).toContainText('<!-- 1 -->');
  });

  test('Ctrl+Z right after the takeover undoes what was typed in the light editor, and Ctrl+Shift+Z and Ctrl+Y redo it', async ({ page }) => {
    const { release, playground, original } = await echoInLightEditor(page);
    await page.keyboard.type('// 가벼운 편집기에서');
    await page.keyboard.press('Enter');
    const edited = `// 가벼운 편집기에서\n${original}`;
    await expect.poll(() => fileText(playground)).toBe(edited);

    release();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    expect(await focusedEditor(playground)).toMatchObject({ monaco: true });
    // The takeover itself changes nothing: the same text, and the caret where the light editor left it.
    expect(await fileText(playground)).toBe(edited);
    await page.keyboard.insertText('/*M*/');
    await expect.poll(() => fileText(playground)).toBe(`// 가벼운 편집기에서\n/*M*/${original}`);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => fileText(playground)).toBe(edited);

    // One more undo: what was typed before Monaco came is gone, the lesson's code is back.
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => fileText(playground)).toBe(original);
    await expect(playground.locator('.view-lines')).not.toContainText('가벼운 편집기에서');
    await page.keyboard.press('ControlOrMeta+Shift+Z');
    await expect.poll(() => fileText(playground)).toBe(edited);
    await page.keyboard.press('ControlOrMeta+Z');
    await expect.poll(() => fileText(playground)).toBe(original);
    await page.keyboard.press('ControlOrMeta+Y');
    await expect.poll(() => fileText(playground)).toBe(edited);
    await expect(playground.locator('.view-lines')).toContainText('가벼운 편집기에서');
  });

  test('the text stays where it was at the takeover: the first character moves by 1 px at most, from the code block to the light editor to Monaco', async ({ page }) => {
    const release = await holdMonaco(page);
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await playground.scrollIntoViewIfNeeded();
    const inCode = await firstCharacter(playground);
    expect(inCode).toMatchObject({ in: 'code' });
    const looked = await playground.locator('.pg-editor').screenshot();
    // The pointer over the code opens the light editor (no focus ring, so the pixels can be compared).
    const code = (await playground.locator('.pg-code:visible').boundingBox())!;
    await page.mouse.move(code.x + code.width / 2, code.y + code.height / 2);
    await expect(playground).toHaveAttribute('data-editor', 'light');
    // The light editor looks just as the code block did (gutter and all).
    expect((await playground.locator('.pg-editor').screenshot()).equals(looked)).toBe(true);
    release();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    const inMonaco = await firstCharacter(playground);
    expect(inMonaco).toMatchObject({ in: 'monaco' });
    samePlace(inMonaco, inCode);
  });

  test('the text stays where it was when Monaco replaces the code block at once (its code had run before the click)', async ({ page }) => {
    await page.goto('/browser-api/');
    const playground = echoPlayground(page);
    await playground.scrollIntoViewIfNeeded();
    await monacoRan(page);
    const inCode = await firstCharacter(playground);
    await playground.locator('.pg-code:visible').focus();
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    samePlace(await firstCharacter(playground), inCode);
  });

  test('a Korean syllable being composed is never cut by the takeover: Monaco waits for the composition to end', async ({ page }) => {
    const { release, playground, original } = await echoInLightEditor(page);
    const cdp = await page.context().newCDPSession(page);
    for (const text of ['ㅎ', '하', '한']) await cdp.send('Input.imeSetComposition', { text, selectionStart: 1, selectionEnd: 1 });
    release();
    await monacoRan(page);
    // Monaco is ready, the syllable still being composed: the light editor keeps it, and the focus.
    await expect(playground).toHaveAttribute('data-editor', 'light');
    expect(await focusedEditor(playground)).toEqual({ monaco: false, light: true, label: LABEL });
    await cdp.send('Input.insertText', { text: '한' });
    await expect(playground).toHaveAttribute('data-editor', 'ready');
    expect(await focusedEditor(playground)).toEqual({ monaco: true, light: false, label: LABEL });
    expect(await fileText(playground)).toBe(`한${original}`);
    await page.keyboard.insertText('글');
    await expect.poll(() => fileText(playground)).toBe(`한글${original}`);
  });
});
