import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/**
 * The system packages this project uses, read from the one list (system-packages.txt at the root): .ci/run installs
 * from it, `npm test` and `npm start` check it first (scripts/preflight.ts, main.ts), and tests find the programs they
 * start through `systemProgram`, so an override (REDIS_SERVER=…) means the same to the check and to the test.
 */

/** Where a program is needed: the Vitest run (unit and integration), the browser tests, or `npm start`. */
export type PackageUse = 'unit' | 'e2e' | 'start';

export interface SystemProgram {
  /** Debian package that installs it. */
  package: string;
  /** A name looked up in PATH, or an absolute path. */
  find: string;
  /** Environment variable that points at another copy, or null. */
  env: string | null;
  uses: PackageUse[];
  /** What it is for, in Korean. */
  purpose: string;
}

export const SYSTEM_PACKAGES_FILE = new URL('../system-packages.txt', import.meta.url);

const USES: readonly PackageUse[] = ['unit', 'e2e', 'start'];

/** The list's lines: package, what to find, env override (or -), uses, purpose. Comments and blank lines are skipped. */
export function parseSystemPackages(text: string): SystemProgram[] {
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '' || line.startsWith('#')) return [];
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)$/.exec(line.trim());
    const uses = m?.[4]!.split(',') ?? [];
    if (!m || !uses.every((use): use is PackageUse => (USES as readonly string[]).includes(use))) {
      throw new Error(`system-packages.txt:${i + 1}: "패키지 찾을것 환경변수 쓰는곳 하는일" 형식이 아닙니다: ${line}`);
    }
    return [{ package: m[1]!, find: m[2]!, env: m[3] === '-' ? null : m[3]!, uses: uses as PackageUse[], purpose: m[5]! }];
  });
}

export function readSystemPackages(): SystemProgram[] {
  return parseSystemPackages(readFileSync(SYSTEM_PACKAGES_FILE, 'utf8'));
}

function usable(path: string, executable: boolean): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    if (executable) accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where `program` is on this machine: its env override when set (even if that path is missing: the override is what
 * the tests will run), else the absolute path, else the first match in PATH. null when it is not there.
 */
export function locate(program: SystemProgram, env: NodeJS.ProcessEnv = process.env): string | null {
  const override = program.env === null ? undefined : env[program.env];
  // A path given is checked as a file (the font is not a program); a name is a program looked up like a shell does.
  if (override !== undefined && override !== '') return usable(override, false) ? override : null;
  if (isAbsolute(program.find)) return usable(program.find, false) ? program.find : null;
  for (const dir of (env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program.find);
    if (usable(candidate, true)) return candidate;
  }
  return null;
}

/** The path of a program from the list, by what the list says to find (`systemProgram('redis-server')`); throws when missing. */
export function systemProgram(find: string, env: NodeJS.ProcessEnv = process.env): string {
  const program = readSystemPackages().find((entry) => entry.find === find || entry.find.endsWith(`/${find}`));
  if (program === undefined) throw new Error(`${find} is not in system-packages.txt`);
  const path = locate(program, env);
  if (path === null) throw new Error(`${find} not found: ${aptLine([program.package])} (${program.purpose})`);
  return path;
}

/** The programs needed for any of `uses` that are not on this machine. */
export function missingPrograms(uses: readonly PackageUse[], env: NodeJS.ProcessEnv = process.env, list = readSystemPackages()): SystemProgram[] {
  return list.filter((program) => program.uses.some((use) => uses.includes(use)) && locate(program, env) === null);
}

/** The one line that installs `packages` (each once, in the list's order). */
export function aptLine(packages: readonly string[]): string {
  return `sudo apt-get install -y ${[...new Set(packages)].join(' ')}`;
}

/** Where to look for a program, as the report says it. */
function lookedFor(program: SystemProgram, env: NodeJS.ProcessEnv): string {
  const override = program.env === null ? undefined : env[program.env];
  if (override !== undefined && override !== '') return `${program.env}=${override}`;
  return isAbsolute(program.find) ? program.find : `PATH의 ${program.find}`;
}

/**
 * The Korean report for missing programs: one line per program (its package and what it is for), then the apt line.
 * `required`: what cannot run without them (the tests); otherwise a warning (`npm start` runs without bubblewrap).
 */
export function missingReport(missing: readonly SystemProgram[], what: string, required: boolean, env: NodeJS.ProcessEnv = process.env): string {
  const lines = missing.map((program) => `  - ${program.package} 패키지: ${lookedFor(program, env)} 없음. ${program.purpose}.`);
  const head = required ? `${what}에 필요한 시스템 패키지가 없습니다.` : `${what}가 쓰는 시스템 패키지가 없습니다. 없어도 시작합니다.`;
  const tail = required ? '이 한 줄로 모두 설치한 뒤 다시 실행하세요:' : '설치하려면:';
  return [head, ...lines, tail, `  ${aptLine(missing.map((program) => program.package))}`, ''].join('\n');
}
