import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLOSE_REASONS, ERRORS } from '../../playground-server/errors.ts';
import { loadConfig } from '../../playground-server/config.ts';
import { SANDBOX_ERRORS } from '../../playground-server/sandbox/sandbox-error.ts';
import { WIRE_PROBLEMS } from '../../protocol/wire/problems.ts';
import { INSPECT_ERRORS } from '../../protocol/inspect-errors.ts';
import { CONTROL_ERRORS } from '../../protocol/control-errors.ts';
import { ALL_ERROR_CODES, ERROR_CODES, type ErrorFamily } from '../../protocol/error-codes.ts';

/**
 * README.md is the front door (what it is, the commands, where to go next); docs/ holds the reference, one Korean file
 * per topic. These tests keep docs/'s tables in step with the code: every error code the code can send and every
 * setting it reads is listed, with its status, close code or default, and nothing listed is gone from the code.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFile(join(ROOT, file), 'utf8');

async function filesUnder(dir: string, pattern: RegExp): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && pattern.test(entry.name)).map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

const readme = await read('README.md');
const docFiles = await filesUnder('docs', /\.md$/);
const errorsDoc = await read('docs/errors.md');
const configDoc = await read('docs/configuration.md');
const serverSources = await filesUnder('playground-server', /\.(ts|cjs)$/);
const browserSources = await filesUnder('src', /\.ts$/);
const protocolSources = await filesUnder('protocol', /\.ts$/);
const sourceText = new Map(await Promise.all([...serverSources, ...browserSources, ...protocolSources].map(async (file) => [file, await read(file)] as const)));

/** Rows of the markdown tables in `text`: cells without the outer pipes (header and separator rows left out). */
function tableRows(text: string): string[][] {
  const rows: string[][] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (!line.startsWith('|') || /^\|[\s|:-]+\|$/.test(line) || /^\|[\s|:-]+\|$/.test(lines[i + 1] ?? '')) return;
    rows.push(line.slice(1, -1).split(/(?<!\\)\|/).map((cell) => cell.trim()));
  });
  return rows;
}

/** The `CODE` names written in the first column of the tables in `text`. */
function firstColumnCodes(text: string, pattern: RegExp): string[] {
  return tableRows(text).flatMap(([first = '']) => [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!).filter((name) => pattern.test(name)));
}

/** Every `code: 'SOME_CODE'` the server or the page sends, and the `err.code`s the sandbox preload throws with. */
function codesInSources(): Map<string, string> {
  const found = new Map<string, string>();
  for (const [file, text] of sourceText) {
    for (const m of text.matchAll(/\bcode: '([A-Z][A-Z0-9_]+)'/g)) found.set(m[1]!, file);
    if (file.endsWith('preload.cjs')) for (const m of text.matchAll(/'(ERR_SANDBOX[A-Z_]*)'/g)) found.set(m[1]!, file);
  }
  return found;
}

/** The sandbox's stop reasons, read from the SandboxStopReason union. */
function stopReasons(): string[] {
  const text = sourceText.get('playground-server/sandbox/stop-reasons.ts')!;
  const union = /export type SandboxStopReason =([\s\S]*?);/.exec(text)![1]!;
  return [...union.matchAll(/\| '([a-z-]+)'/g)].map((m) => m[1]!);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens (Hangul kept). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6} (.+)$/.exec(line);
    if (heading) anchors.add(heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return anchors;
}

describe('README (the first screen)', () => {
  it('says what the project is, gives the commands, then the one apt line, and links to docs/', () => {
    const start = readme.indexOf('npm start');
    const test = readme.indexOf('npm test');
    const apt = readme.indexOf('sudo apt-get install');
    expect(start).toBeGreaterThan(0);
    expect(test).toBeGreaterThan(start);
    expect(apt).toBeGreaterThan(test);
    expect(readme).toContain('](docs/README.md)');
  });

  it('stays a front door: the reference lives in docs/', () => {
    expect(readme.length).toBeLessThan(6000);
    expect(readme).not.toMatch(/^\| `[A-Z_]+` \|/m);
  });
});

describe('links in README.md and docs/', () => {
  for (const file of ['README.md', ...docFiles]) {
    it(`${file} links only to files and headings that exist`, async () => {
      const text = await read(file);
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path = '', anchor] = target!.split('#');
        const resolved = path === '' ? file : join(dirname(file), path);
        if (!existsSync(join(ROOT, resolved))) {
          broken.push(target!);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(await read(resolved)).has(decodeURIComponent(anchor))) broken.push(target!);
      }
      expect(broken).toEqual([]);
    });

    it(`${file} names only repository paths that exist`, async () => {
      const text = await read(file);
      const paths = [...text.matchAll(/`((?:playground-server|src|tests|bench|scripts|content|docs|public)\/[\w./-]*)`/g)].map((m) => m[1]!);
      expect(paths.filter((path) => !path.includes('<') && !existsSync(join(ROOT, path)))).toEqual([]);
    });
  }
});

describe('docs/errors.md', () => {
  const listed = new Set(firstColumnCodes(errorsDoc, /^[A-Z][A-Z0-9_]+$/));
  const rows = tableRows(errorsDoc);

  it('lists every HTTP refusal (playground-server/errors.ts) with its status', () => {
    for (const [code, { status }] of Object.entries(ERRORS)) {
      expect(rows.some(([first, second]) => first === `\`${code}\`` && second === String(status)), code).toBe(true);
    }
  });

  it('lists every code of the registry (protocol/error-codes.ts), each family under its own heading', () => {
    const sections = new Map(errorsDoc.split(/^## /m).slice(1).map((part) => [part.slice(0, part.indexOf('\n')), new Set(firstColumnCodes(part, /^[A-Z][A-Z0-9_]+$/))] as const));
    const headingOf: Record<ErrorFamily, string> = {
      http: 'HTTP로 거절할 때',
      control: '제어 채널의 오류',
      sandbox: '제어 채널의 오류',
      inspect: '내 서버 검사하기의 오류',
      learner: '학습자 서버 코드 안에서 받는 오류',
      limit: '로그의 한도 코드',
      wire: '검사기가 바이트에서 찾는 프로토콜 문제',
    };
    const missing = Object.entries(ERROR_CODES).flatMap(([family, codes]) =>
      codes.filter((code) => !sections.get(headingOf[family as ErrorFamily])?.has(code)).map((code) => `${code} (${family})`),
    );
    expect(missing).toEqual([]);
  });

  it('has each table of messages hold exactly its family of the registry', () => {
    const keys = (table: object) => Object.keys(table).sort();
    expect(keys(ERRORS)).toEqual([...ERROR_CODES.http].sort());
    expect(keys(SANDBOX_ERRORS)).toEqual([...ERROR_CODES.sandbox].sort());
    expect(keys(INSPECT_ERRORS)).toEqual([...ERROR_CODES.inspect].sort());
    expect(keys(CONTROL_ERRORS)).toEqual([...ERROR_CODES.control].sort());
    expect(keys(WIRE_PROBLEMS)).toEqual([...ERROR_CODES.wire].sort());
  });

  it('lists every protocol problem the wire decoders report, with its close code', () => {
    for (const [code, { closeCode }] of Object.entries(WIRE_PROBLEMS)) {
      expect(rows.some(([first, second]) => first === `\`${code}\`` && second === (closeCode === null ? '—' : String(closeCode))), code).toBe(true);
    }
  });

  it('knows every code the server and the page send inline (control channel, limits, the sandbox preload)', () => {
    const known: ReadonlySet<string> = ALL_ERROR_CODES;
    const missing = [...codesInSources()].filter(([code]) => !known.has(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists every reason a learner server stops for', () => {
    const reasons = stopReasons();
    expect(reasons.length).toBeGreaterThan(10);
    const listedReasons = new Set(firstColumnCodes(errorsDoc, /^[a-z-]+$/));
    expect(reasons.filter((reason) => !listedReasons.has(reason))).toEqual([]);
  });

  it('quotes every close reason the server sends', () => {
    expect(Object.values(CLOSE_REASONS).filter((reason) => !errorsDoc.includes(`“${reason}”`))).toEqual([]);
  });

  it('lists no code the code no longer has', () => {
    const known: ReadonlySet<string> = ALL_ERROR_CODES;
    expect([...listed].filter((code) => !known.has(code))).toEqual([]);
  });
});

describe('docs/configuration.md', () => {
  const rows = tableRows(configDoc);
  const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  const documented = new Set(rows.flatMap(([first = '']) => names(first)));

  /** Every environment variable the server reads, and its command-line flags. */
  function settingsInSources(): string[] {
    const found = new Set<string>();
    for (const [file, text] of sourceText) {
      // The sandbox passes TZ through; system-packages.ts reads PATH and the programs' overrides (docs/testing.md).
      if (!file.startsWith('playground-server/') || file.startsWith('playground-server/sandbox/') || file.endsWith('/system-packages.ts')) continue;
      for (const m of text.matchAll(/env\[['"]([A-Z][A-Z0-9_]+)['"]\]/g)) found.add(m[1]!);
      for (const m of text.matchAll(/'(WS_[A-Z0-9_]+)'/g)) found.add(m[1]!);
    }
    const options = /options: \{([\s\S]*?)\n {6}\},/.exec(sourceText.get('playground-server/config.ts')!)![1]!;
    for (const m of options.matchAll(/^\s+'?([a-z-]+)'?: \{/gm)) found.add(`--${m[1]}`);
    return [...found];
  }

  it('lists every environment variable and flag the server reads', () => {
    const settings = settingsInSources();
    expect(settings.length).toBeGreaterThan(20);
    expect(settings.filter((name) => !documented.has(name))).toEqual([]);
  });

  it('lists nothing the server no longer reads', () => {
    const settings = new Set(settingsInSources());
    expect([...documented].filter((name) => !settings.has(name))).toEqual([]);
  });

  it('gives each default the server really uses', () => {
    const defaults = loadConfig([], {});
    for (const [first = '', defaultCell = ''] of rows) {
      const variable = names(first).find((name) => /^[A-Z]/.test(name));
      const value = /^`([^`]+)`$/.exec(defaultCell)?.[1];
      if (variable === undefined || value === undefined || variable === 'DIST_DIR') continue;
      expect(loadConfig([], { [variable]: value }), `${variable}=${value}`).toEqual(defaults);
    }
  });
});
