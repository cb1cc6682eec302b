import type { CheckResult, ConsoleRecord } from './challenge-api.ts';
import type { ControlClient } from './control-client.ts';
import type { PlaygroundFiles } from './files.ts';
import type { ProgramOutcome } from './program-run.ts';
import { markPassed, passedAt } from '../progress/progress-store.ts';

export interface ChallengeHost {
  /** Runs the learner's code as ▶ 실행 does; resolves once it started. */
  run(): Promise<void>;
  files(): PlaygroundFiles;
  /** The current run's console. */
  records(): readonly ConsoleRecord[];
  /** Where the current run's learner server is reached (`/_sandbox/<token>`), or null. */
  serverBase(): string | null;
  control(): Promise<ControlClient | undefined>;
  /** The playground's name in the page's capture tag (its connections are cut by it). */
  captureSuffix: string;
}

/** What the summary says after a check: solved, or how many results did not pass. */
export function checkSummary(results: readonly CheckResult[]): { passed: boolean; text: string } {
  const passed = results.length > 0 && results.every((result) => result.ok);
  return { passed, text: passed ? '도전 과제를 해결했습니다! 🎉' : `${results.filter((result) => !result.ok).length}가지가 아직 통과하지 못했습니다.` };
}

/**
 * A playground's 도전 과제 (the `challenge` prop: content/docs/<chapter>/challenges/<name>/):
 * ✔ 확인 runs the code and the challenge's check against it and lists what passed; a pass is
 * remembered in this browser; 정답 보기 reads the solution the page carries.
 */
export class ChallengePart {
  readonly name: string;
  readonly #root: HTMLElement;
  readonly #host: ChallengeHost;

  constructor(root: HTMLElement, name: string, host: ChallengeHost) {
    this.#root = root;
    this.name = name;
    this.#host = host;
  }

  /** A challenge passed on an earlier visit shows as passed (the progress lives in localStorage). */
  showRemembered(): void {
    const at = passedAt(this.name);
    const summary = this.#root.querySelector<HTMLElement>('.pg-check-summary');
    if (at === null || !summary) return;
    this.#root.toggleAttribute('data-passed', true);
    summary.textContent = `✓ ${new Date(at).toLocaleDateString('ko-KR')}에 해결한 도전 과제입니다. ‘✔ 확인’으로 다시 확인할 수 있습니다.`;
  }

  /** The reference solution the page carries (file name → content). */
  solution(): PlaygroundFiles {
    const solution: PlaygroundFiles = {};
    for (const template of this.#root.querySelectorAll<HTMLTemplateElement>('template.pg-solution')) {
      for (const file of template.content.querySelectorAll<HTMLElement>('[data-file]')) solution[file.dataset['file'] ?? ''] = file.textContent ?? '';
    }
    return solution;
  }

  /** Runs the learner's code, then the check against it, and shows what passed. */
  async check(): Promise<boolean> {
    const results = this.#root.querySelector<HTMLElement>('.pg-results');
    const summary = this.#root.querySelector<HTMLElement>('.pg-check-summary');
    if (!results || !summary) return false;
    results.replaceChildren();
    summary.textContent = '확인하는 중입니다…';
    const host = this.#host;
    const [{ loadCheck, runCheck }] = await Promise.all([import('./challenge.ts'), host.run()]);
    const check = await loadCheck(this.name);
    const outcome = check
      ? await runCheck(check, {
          files: host.files(),
          records: () => host.records(),
          serverBase: host.serverBase(),
          breakConnections: (silent) => this.#breakConnections(silent),
          runProgram: (files, entry, timeoutMs) => this.#runCheckProgram(files, entry, timeoutMs),
        })
      : [{ ok: false, text: `확인 모듈 ${this.name}을 찾을 수 없습니다.` }];
    for (const result of outcome) {
      const item = document.createElement('li');
      item.className = result.ok ? 'pg-pass' : 'pg-fail';
      item.textContent = `${result.ok ? '✓ 통과' : '✗ 아직'}: ${result.text}`;
      results.append(item);
    }
    const { passed, text } = checkSummary(outcome);
    this.#root.toggleAttribute('data-passed', passed);
    if (passed) markPassed(this.name);
    summary.textContent = text;
    return passed;
  }

  /** Cuts (or silences) this playground's own connections, as the network panel does; resolves with how many. */
  async #breakConnections(silent: boolean): Promise<number> {
    const control = await this.#host.control();
    if (!control) throw new Error('놀이터 서버에 연결할 수 없어 연결을 끊지 못했습니다.');
    return (await control.request({ type: 'cut', capture: this.#host.captureSuffix, silent }, 'cut')).connections;
  }

  /** A check's own Node program in the sandbox (beside, not instead of, this playground's run). */
  async #runCheckProgram(files: Record<string, string>, entry: string, timeoutMs: number): Promise<ProgramOutcome> {
    const [control, { runProgram }] = await Promise.all([this.#host.control(), import('./program-run.ts')]);
    if (!control) throw new Error('놀이터 서버에 연결할 수 없어 확인용 프로그램을 실행하지 못했습니다.');
    return runProgram(control, { files, entry, timeoutMs }).done;
  }
}
