import type { HttpErrorCode } from '../protocol/error-codes.ts';

/**
 * Every error the playground server reports, in one place: a stable code, the HTTP status or
 * WebSocket close code it travels with, and a message a learner can act on (Korean). docs/errors.md
 * lists the same table (tests/unit/docs.test.ts keeps them in step).
 */
export const ERRORS = {
  HANDSHAKE_BAD_METHOD: { status: 400, message: 'WebSocket 핸드셰이크는 GET 요청이어야 합니다 (RFC 6455 §4.1).' },
  HANDSHAKE_BAD_HTTP_VERSION: { status: 400, message: 'WebSocket 핸드셰이크는 HTTP/1.1 이상이어야 합니다 (RFC 6455 §4.1).' },
  HANDSHAKE_BAD_UPGRADE: { status: 400, message: 'Upgrade 헤더는 "websocket"이어야 합니다 (RFC 6455 §4.2.1).' },
  HANDSHAKE_BAD_CONNECTION: { status: 400, message: 'Connection 헤더에 "Upgrade"가 있어야 합니다 (RFC 6455 §4.2.1).' },
  HANDSHAKE_BAD_KEY: { status: 400, message: 'Sec-WebSocket-Key 헤더가 없거나, 16바이트를 base64로 인코딩한 값이 아닙니다 (RFC 6455 §4.2.1).' },
  HANDSHAKE_BAD_VERSION: { status: 426, message: '이 서버는 Sec-WebSocket-Version 13만 지원합니다 (RFC 6455 §4.2.2).' },
  HANDSHAKE_NO_HOST: { status: 400, message: 'Host 헤더가 없습니다 (RFC 6455 §4.2.1).' },
  ORIGIN_REJECTED: { status: 403, message: '허용되지 않은 출처(Origin)에서 온 연결입니다. 다른 사이트가 이 놀이터에 접속하는 것을 막고 있습니다.' },
  UNKNOWN_PATH: { status: 404, message: '이 경로에는 WebSocket 엔드포인트가 없습니다. /ws/echo, /ws/chat, /socket.io/ 를 사용해 보세요.' },
  NOT_A_WEBSOCKET_REQUEST: { status: 426, message: '이 주소는 WebSocket 엔드포인트입니다. 브라우저 주소창이 아니라 new WebSocket("ws://…")으로 연결하세요.' },
  BAD_REQUEST_PATH: { status: 400, message: '요청 경로를 해석할 수 없습니다.' },
  METHOD_NOT_ALLOWED: { status: 405, message: '이 서버의 정적 파일은 GET과 HEAD로만 받을 수 있습니다.' },
  NOT_FOUND: { status: 404, message: '페이지를 찾을 수 없습니다.' },
  SANDBOX_UNREACHABLE: { status: 502, message: '서버 코드에 연결할 수 없습니다. 서버가 실행 중이고 그 포트에서 기다리고(listen) 있는지 확인하세요.' },
  SANDBOX_PROXY_BUSY: { status: 503, message: '학습자 서버들의 HTML 페이지를 너무 많이 붙잡고 있어 이 페이지를 받지 못했습니다. 끝나지 않는 응답이 없는지 확인하고 잠시 뒤 다시 시도하세요.' },
  SANDBOX_RESPONSE_TIMEOUT: { status: 504, message: '서버 코드가 30초 안에 HTML 응답을 끝내지 않았습니다. res.end()를 불렀는지 확인하세요.' },
  CONTROL_ORIGIN_REJECTED: { status: 403, message: '제어 채널은 이 놀이터의 페이지에서만 열 수 있습니다.' },
  HOST_REJECTED: { status: 421, message: '이 놀이터는 요청의 Host 이름으로 제공되지 않습니다. 다른 이름으로 이 서버에 닿은 요청은 받지 않습니다(DNS 리바인딩 방어). 다른 이름으로 제공한다면 PUBLIC_HOST에 그 이름을 적으세요.' },
  TOO_MANY_CONNECTIONS: { status: 429, message: '이 주소에서 연 연결이 너무 많습니다. 쓰지 않는 탭이나 연결을 닫고 다시 시도하세요.' },
  TOO_MANY_JOINS: { status: 429, message: '이 주소에서 채팅방(/ws/chat, Socket.IO)에 새로 들어오는 연결이 너무 잦습니다. 몇 초 뒤 다시 연결하세요.' },
  TOO_MANY_OPENS: { status: 429, message: '이 주소에서 새 연결(WebSocket 핸드셰이크, 학습자 서버로 가는 요청)을 너무 자주 엽니다. 몇 초 뒤 다시 시도하세요.' },
  DEMO_BAD_EVERY: { status: 400, message: 'every는 이벤트 사이의 간격(ms)으로, 100 이상 10000 이하의 정수여야 합니다.' },
  DEMO_BAD_AFTER: { status: 400, message: 'after는 이미 받은 마지막 이벤트의 id(0 이상의 정수)여야 합니다. 아직 일어나지 않은 id는 안 됩니다. 처음이라면 after 없이 요청하세요.' },
  DEMO_TOO_MANY_WAITING: { status: 429, message: '이 주소에서 기다리는 데모 요청(롱 폴링, SSE)이 너무 많습니다. 다른 탭의 예제를 멈추고 다시 시도하세요.' },
  DEMO_BUSY: { status: 503, message: '데모 서버가 붙잡고 있는 요청이 너무 많습니다. 잠시 뒤 다시 시도하세요.' },
  DEMO_SHUTTING_DOWN: { status: 503, message: '서버가 종료되는 중이라 데모 요청을 마칩니다.' },
} as const satisfies Record<HttpErrorCode, { status: number; message: string }>;

export type ErrorCode = HttpErrorCode;

/** Close reasons sent to WebSocket clients (each ≤ 123 bytes of UTF-8, RFC 6455 §5.5). */
export const CLOSE_REASONS = {
  SHUTDOWN: '서버가 종료됩니다',
  MESSAGE_TOO_BIG: '메시지가 너무 큽니다',
  /** 1008: more messages than the rate limit allows (WS_RATE_BURST, WS_RATE_PER_SECOND). */
  RATE_LIMITED: '메시지를 너무 빨리 보냅니다. 잠시 뒤 다시 연결하세요',
  /** 1008: all the connections of one address together send more than WS_ADDRESS_MESSAGES_PER_SECOND / WS_ADDRESS_BYTES_PER_SECOND. */
  ADDRESS_RATE_LIMITED: '이 주소의 연결들이 메시지를 너무 많이 보냅니다. 잠시 뒤 다시 연결하세요',
  /** 1001: no message either way for WS_IDLE_TIMEOUT_MS. */
  IDLE: '오랫동안 주고받은 메시지가 없어 연결을 닫습니다',
  /** 1008: a chat client that does not read what it is sent (WS_MAX_BUFFERED_BYTES unsent). */
  SLOW_READER: '받지 않은 메시지가 너무 많이 쌓여 연결을 닫습니다',
} as const;
