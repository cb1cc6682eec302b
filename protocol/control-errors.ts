import type { ControlOwnErrorCode, InspectErrorCode, SandboxErrorCode } from './error-codes.ts';

/**
 * The codes an `error` message of the control channel carries (control-messages.ts), in one place
 * both sides import. Kept apart from the message schemas so the page's bundle does not carry zod.
 */

/** The control channel's own refusals, with the sentence the learner reads (docs/errors.md lists them). */
export const CONTROL_ERRORS = {
  CONTROL_BAD_MESSAGE: '알 수 없거나 형식이 잘못된 제어 메시지입니다.',
  CONTROL_BUSY: '앞서 보낸 요청의 응답을 아직 기다리고 있습니다. 응답이 온 뒤 다시 보내세요.',
  CONTROL_FAILED: '명령을 처리하지 못했습니다.',
  CONTROL_TOO_MANY_PLAYGROUNDS: (limit: number) => `한 페이지에서 네트워크 조건을 둘 수 있는 놀이터는 ${limit}개까지입니다. 다른 놀이터의 조건을 풀고 다시 하세요.`,
  /** The page's own: its control channel closed (the server ran the learner's servers on the far side of it). */
  CONTROL_CLOSED: '놀이터 서버와의 연결이 끊어졌습니다. 실행 중이던 서버 코드도 멈췄습니다. 잠시 뒤 ▶ 실행을 다시 누르세요.',
  SANDBOX_UNAVAILABLE: '이 놀이터 서버에서는 서버 코드를 실행할 수 없습니다 (리눅스 전용 기능입니다).',
} as const satisfies Record<ControlOwnErrorCode, string | ((limit: number) => string)>;

/** Why the sandbox refused to start or reach a learner's server (its table: playground-server/sandbox/sandbox-error.ts). */
export type { SandboxErrorCode };

/** Every code an `error` message may carry. */
export type ControlErrorCode = ControlOwnErrorCode | SandboxErrorCode | InspectErrorCode;
