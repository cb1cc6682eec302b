import * as z from 'zod/mini';

/**
 * A 도전 과제 as its folder holds it (TutorialKit's shape: real files, not strings in MDX):
 *
 *   content/docs/<chapter>/challenges/<name>/
 *     start/…           the files the learner starts from, one editor tab each (named as the tab)
 *     solution/…        the reference answer: the start files it changes, loaded by 정답 보기
 *     check.ts          the check run by ✔ 확인 (default export: a `Check`, src/playground/challenge-api.ts)
 *     playground.json   optional: how the playground runs the files (see `playgroundSettings`)
 *
 * This module turns the folder's files into what `<Playground>` shows; it is pure so a bad folder is
 * tested without a build, and every mistake in a folder stops the build with a message saying what to do.
 */

/** playground.json: which start file Node runs (a server, or one whole program) and the tab order. */
export const playgroundSettings = z.strictObject({
  /** The start file Node runs as the learner's server; the other files run in the browser once it listens. */
  server: z.optional(z.string()),
  /** The start file Node runs as one program (no browser side); its exit code is the result. */
  program: z.optional(z.string()),
  /** The start files in tab order. Default: the server or program first, then the rest by name. */
  tabs: z.optional(z.array(z.string())),
});
export type PlaygroundSettings = z.infer<typeof playgroundSettings>;

export interface Challenge {
  /** "<chapter>/<name>": the check's name and the key of the learner's progress. */
  name: string;
  /** The start files in tab order, file name → content. */
  files: Record<string, string>;
  /** The solution's files, file name → content (each one of the start files). */
  solution: Record<string, string>;
  server?: string;
  program?: string;
}

function fail(name: string, problem: string): never {
  throw new Error(`도전 과제 ${name} (content/docs/${name.replace('/', '/challenges/')}/): ${problem}`);
}

/** Files under `<prefix>/`, named by their path below it. */
function filesUnder(prefix: string, files: Readonly<Record<string, string>>): Record<string, string> {
  const under: Record<string, string> = {};
  for (const [path, content] of Object.entries(files)) if (path.startsWith(`${prefix}/`)) under[path.slice(prefix.length + 1)] = content;
  return under;
}

/**
 * The challenge a folder holds. `files` maps paths inside the folder ("start/server.js",
 * "solution/server.js") to their content; `settings` is playground.json as read (undefined when absent).
 * Throws an error naming the folder and the fix when the folder is incomplete or inconsistent.
 */
export function challengeFromFolder(name: string, files: Readonly<Record<string, string>>, settings: unknown, hasCheck: boolean): Challenge {
  if (!hasCheck) fail(name, 'check.ts가 없습니다. 확인 모듈(기본 내보내기가 Check)을 두세요.');
  const parsed = playgroundSettings.safeParse(settings ?? {});
  if (!parsed.success) fail(name, `playground.json을 읽을 수 없습니다: ${z.prettifyError(parsed.error)}`);
  const { server, program, tabs } = parsed.data;
  const start = filesUnder('start', files);
  const solution = filesUnder('solution', files);
  const names = Object.keys(start).sort();
  if (names.length === 0) fail(name, 'start/에 파일이 없습니다. 학습자가 시작할 파일을 두세요.');
  if (Object.keys(solution).length === 0) fail(name, 'solution/에 파일이 없습니다. 정답 파일을 두세요.');
  for (const file of Object.keys(solution)) if (!(file in start)) fail(name, `solution/${file}에 맞는 start/${file}이 없습니다. 정답은 시작 파일을 고친 것이어야 합니다.`);
  if (server !== undefined && program !== undefined) fail(name, 'playground.json에는 server와 program 중 하나만 적습니다.');
  const entry = server ?? program;
  if (entry !== undefined && !(entry in start)) fail(name, `playground.json의 ${server !== undefined ? 'server' : 'program'} 파일 ${entry}이 start/에 없습니다.`);
  let order = entry === undefined ? names : [entry, ...names.filter((file) => file !== entry)];
  if (tabs !== undefined) {
    if (tabs.length !== names.length || !names.every((file) => tabs.includes(file))) fail(name, `playground.json의 tabs는 start/의 파일을 모두 한 번씩 적어야 합니다: ${names.join(', ')}`);
    order = tabs;
  }
  return {
    name,
    files: Object.fromEntries(order.map((file) => [file, start[file] ?? ''])),
    solution,
    ...(server !== undefined && { server }),
    ...(program !== undefined && { program }),
  };
}
