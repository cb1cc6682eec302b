import type { InspectErrorCode, Subset } from './error-codes.ts';

/** Targets the target policy (playground-server/inspect/target-policy.ts) refuses before any connection is tried. */
export type TargetRefusalCode = Subset<InspectErrorCode, 'INSPECT_DISABLED' | 'INSPECT_BAD_TARGET' | 'INSPECT_TARGET_FORBIDDEN' | 'INSPECT_TARGET_UNRESOLVED'>;

export const TARGET_REFUSALS: Record<TargetRefusalCode, string> = {
  INSPECT_DISABLED: '이 놀이터는 공개 주소에서 돌고 있어 내 서버 검사하기가 꺼져 있습니다. 운영자가 INSPECT_TARGETS로 허용한 주소만 검사할 수 있습니다.',
  INSPECT_BAD_TARGET: '검사할 주소는 ws://, wss://, http://, https:// 로 시작하는 주소여야 하고, 사용자 이름이나 비밀번호를 담을 수 없습니다.',
  INSPECT_TARGET_FORBIDDEN: '그 주소에는 연결할 수 없습니다. 기본으로는 이 컴퓨터(localhost, 127.0.0.1, ::1)의 서버만 검사할 수 있고, 링크 로컬·클라우드 메타데이터 주소는 언제나 막습니다.',
  INSPECT_TARGET_UNRESOLVED: '그 호스트 이름을 IP 주소로 바꿀 수 없습니다. 이름을 확인하세요.',
};

/**
 * Every way a connection of ‘내 서버 검사하기’ is refused or ends badly, with the Korean sentence the
 * learner reads. One table (docs/errors.md lists it; tests/unit/docs.test.ts keeps the two in step).
 */
export const INSPECT_ERRORS = {
  ...TARGET_REFUSALS,
  INSPECT_LIMIT_PAGE: '이 페이지에서 동시에 열 수 있는 검사 연결(4개)이 모두 열려 있습니다. 쓰지 않는 연결을 먼저 끊으세요.',
  INSPECT_LIMIT_CLIENT: '이 주소에서 동시에 열 수 있는 검사 연결(8개)이 모두 열려 있습니다. 다른 탭의 연결을 먼저 끊으세요.',
  INSPECT_DUPLICATE: '같은 이름의 검사 연결이 이미 열려 있습니다.',
  INSPECT_UNREACHABLE: '그 주소의 서버에 연결할 수 없습니다. 서버가 켜져 있는지, 포트 번호가 맞는지 확인하세요.',
  INSPECT_TIMEOUT: '서버가 10초 안에 핸드셰이크에 답하지 않았습니다. 서버가 그 포트에서 WebSocket(또는 Socket.IO)을 받는지 확인하세요.',
  INSPECT_HANDSHAKE_FAILED: '서버가 핸드셰이크를 받아들이지 않았습니다(101 Switching Protocols가 아닌 답이거나 HTTP가 아닌 답). 검사기의 ‘핸드셰이크’ 탭에서 서버의 답을 보세요.',
  INSPECT_REDIRECT: '서버가 다른 주소로 가라고(3xx 리다이렉트) 답했습니다. 검사기는 리다이렉트를 따라가지 않습니다. 최종 주소를 직접 입력하세요.',
  INSPECT_PROTOCOL_ERROR: '서버가 프로토콜 규칙을 어긴 바이트를 보내 연결을 닫았습니다. 검사기의 ‘프레임’ 탭에서 ⚠ 표시가 붙은 프레임을 보세요.',
  INSPECT_MESSAGE_TOO_BIG: '서버가 보낸 메시지가 1 MiB를 넘어 연결을 닫았습니다(코드 1009).',
  INSPECT_TOO_MUCH: '서버가 이 연결로 16 MiB 넘게 보내 연결을 끊었습니다.',
  INSPECT_IDLE: '5분 동안 어느 쪽으로도 바이트가 오가지 않아 검사 연결을 닫았습니다.',
  INSPECT_RATE: '메시지를 너무 빨리 보내고 있습니다. 잠시 뒤 다시 보내세요(1초에 20개, 한꺼번에 40개까지).',
  INSPECT_NOT_OPEN: '이 검사 연결은 열려 있지 않습니다. 먼저 연결하세요.',
  INSPECT_BAD_HEADER: '그 헤더는 직접 정할 수 없습니다. Host, Upgrade, Connection, Sec-WebSocket-Key·Version·Extensions·Protocol(하위 프로토콜은 그 칸에), Content-Length, Transfer-Encoding은 검사기가 씁니다.',
  INSPECT_BAD_MESSAGE: '보낼 내용을 해석할 수 없습니다. 16진수는 0–9, a–f 두 자리씩, JSON은 올바른 JSON이어야 합니다.',
  INSPECT_TLS_UNTRUSTED: '서버의 인증서를 믿을 수 없습니다(자체 서명이거나 알 수 없는 기관이 발급했거나 이름이 맞지 않습니다). 내 컴퓨터의 개발용 인증서라면 ‘이 주소의 인증서를 이번만 믿기’를 켜고 다시 연결하세요.',
  INSPECT_TLS_FAILED: 'TLS 연결을 맺지 못했습니다. 그 포트가 TLS(wss://, https://)를 쓰는지 확인하세요.',
  INSPECT_CLOSED: '검사 연결이 닫혔습니다.',
} as const satisfies Record<InspectErrorCode, string>;

export type { InspectErrorCode };

export function inspectError(code: InspectErrorCode): { code: InspectErrorCode; message: string } {
  return { code, message: INSPECT_ERRORS[code] };
}
