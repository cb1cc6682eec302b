import type { SandboxErrorCode } from '../../protocol/error-codes.ts';
import type { SandboxExitInfo } from './sandbox-types.ts';

/**
 * Why `start()` or `connect()` refused, with a stable code and a message a learner can act on.
 * The codes are protocol/error-codes.ts's `sandbox` family (docs/errors.md lists them).
 */
export const SANDBOX_ERRORS = {
  SANDBOX_LIMIT_TOTAL: (limit: number) => `지금은 놀이터에서 실행 중인 서버가 너무 많습니다 (최대 ${limit}개). 잠시 뒤에 다시 실행해 보세요.`,
  SANDBOX_LIMIT_OWNER: (limit: number) => `한 사람이 동시에 실행할 수 있는 서버는 ${limit}개까지입니다. 실행 중인 서버를 멈춘 뒤 다시 실행하세요.`,
  SANDBOX_LIMIT_CLIENT: (limit: number) => `이 주소에서 동시에 실행할 수 있는 서버는 ${limit}개까지입니다(탭이나 창을 여러 개 열어도 함께 셉니다). 다른 탭의 서버를 멈춘 뒤 다시 실행하세요.`,
  SANDBOX_BAD_FILES: (detail: string) => `실행할 파일이 올바르지 않습니다: ${detail}`,
  SANDBOX_START_FAILED: (detail: string) => `서버를 시작하지 못했습니다: ${detail}`,
  SANDBOX_NOT_LISTENING: (port: number) => `이 서버는 ${port}번 포트에서 기다리고(listen) 있지 않습니다.`,
  SANDBOX_TOO_MANY_CONNECTIONS: (limit: number) => `이 서버에 동시에 열 수 있는 연결은 ${limit}개까지입니다.`,
  SANDBOX_NOT_RUNNING: () => '서버가 이미 멈췄습니다. 다시 실행하세요.',
  SANDBOX_SHUTTING_DOWN: () => '놀이터 서버가 종료되는 중이라 새 서버를 실행할 수 없습니다.',
  /** The program ended before it listened; the message is the exit message. */
  SANDBOX_EXITED: (exitMessage: string) => exitMessage,
} as const satisfies Record<SandboxErrorCode, (detail: never) => string>;

export type { SandboxErrorCode };

export class SandboxError extends Error {
  override name = 'SandboxError';
  readonly code: SandboxErrorCode;
  /** For SANDBOX_EXITED: how the program ended (with the learner's error, if any). */
  readonly exit: SandboxExitInfo | null;

  constructor(code: SandboxErrorCode, message: string, exit: SandboxExitInfo | null = null) {
    super(message);
    this.code = code;
    this.exit = exit;
  }

  toJSON(): { code: SandboxErrorCode; message: string; exit: SandboxExitInfo | null } {
    return { code: this.code, message: this.message, exit: this.exit };
  }
}

/** `sandboxError('SANDBOX_LIMIT_OWNER', 2)`: the message's parameters are checked against the table. */
export function sandboxError<C extends SandboxErrorCode>(code: C, ...params: Parameters<(typeof SANDBOX_ERRORS)[C]>): SandboxError {
  const format = SANDBOX_ERRORS[code] as (...args: typeof params) => string;
  return new SandboxError(code, format(...params));
}
