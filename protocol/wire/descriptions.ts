/**
 * Short Korean explanations of what the inspector shows, kept in one module so the wording can be
 * reviewed (and one day translated) in one place. Problem messages live beside their codes in
 * problems.ts, as errors.ts does for the server.
 */
import { isControlOpcode } from './constants.ts';

/** §5.2 header fields, in the order they appear on the wire. */
export const FIELD_DESCRIPTIONS = {
  fin: 'FIN: 메시지의 마지막 프레임이면 1입니다. 0이면 continuation 프레임이 이어집니다 (RFC 6455 §5.2).',
  rsv1: 'RSV1: 확장이 쓰는 비트입니다. permessage-deflate에서는 "이 메시지는 압축됨"을 뜻합니다 (RFC 7692 §6).',
  rsv2: 'RSV2: 확장을 위해 예약된 비트입니다. 쓰는 확장이 없으면 0이어야 합니다 (RFC 6455 §5.2).',
  rsv3: 'RSV3: 확장을 위해 예약된 비트입니다. 쓰는 확장이 없으면 0이어야 합니다 (RFC 6455 §5.2).',
  opcode: 'opcode: 프레임의 종류(4비트)입니다. 텍스트, 바이너리, 이어짐, 닫기, ping, pong (RFC 6455 §5.2).',
  mask: 'MASK: 클라이언트가 보내는 프레임은 반드시 마스킹합니다 (RFC 6455 §5.3). 서버는 마스킹하지 않습니다.',
  payloadLength: '페이로드 길이: 7비트 값이 0–125면 그대로 길이, 126이면 다음 2바이트, 127이면 다음 8바이트가 길이입니다 (RFC 6455 §5.2).',
  maskingKey: '마스킹 키: 클라이언트가 프레임마다 새로 고르는 4바이트 난수입니다. 페이로드의 i번째 바이트를 키의 (i mod 4)번째 바이트와 XOR합니다 (RFC 6455 §5.3).',
  payload: '페이로드: 애플리케이션 데이터입니다. 마스킹되었다면 키로 XOR해야 원래 바이트가 나옵니다.',
} as const;

/** What each length form means, for the row that shows the payload length. */
export const LENGTH_FORM_DESCRIPTIONS = {
  '7-bit': '길이 0–125: 두 번째 바이트의 7비트에 그대로 적습니다.',
  '16-bit': '길이 126–65535: 7비트 자리에 126을 적고, 이어지는 2바이트(빅 엔디언)에 길이를 적습니다.',
  '64-bit': '길이 65536 이상: 7비트 자리에 127을 적고, 이어지는 8바이트(빅 엔디언, 최상위 비트는 0)에 길이를 적습니다.',
} as const;

const OPCODE_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0x0: '이어지는 프레임 (continuation): 앞선 텍스트·바이너리 메시지의 다음 조각입니다.',
  0x1: '텍스트 프레임: UTF-8 텍스트를 담습니다.',
  0x2: '바이너리 프레임: 임의의 바이트를 담습니다.',
  0x8: '닫기 프레임 (close): 연결을 닫자는 신호입니다. 2바이트 상태 코드와 이유를 담을 수 있습니다.',
  0x9: 'ping 프레임 (ping): 상대가 살아 있는지 확인합니다. 받으면 같은 페이로드로 pong을 보냅니다.',
  0xa: 'pong 프레임 (pong): ping에 대한 답입니다. 요청 없이 보내면 한쪽 방향의 하트비트가 됩니다.',
};

/** A Korean sentence for an opcode, including the reserved ones. */
export function describeOpcode(opcode: number): string {
  return OPCODE_DESCRIPTIONS[opcode]
    ?? (isControlOpcode(opcode)
      ? `예약된 제어 opcode 0x${opcode.toString(16)}: 아직 뜻이 없습니다. 받으면 1002로 연결을 닫습니다.`
      : `예약된 데이터 opcode 0x${opcode.toString(16)}: 아직 뜻이 없습니다. 받으면 1002로 연결을 닫습니다.`);
}

const CLOSE_CODE_MEANINGS: Readonly<Record<number, string>> = {
  1000: '정상 종료: 목적을 다 이루어 연결을 닫습니다.',
  1001: '떠남: 서버가 내려가거나 브라우저가 페이지를 떠납니다.',
  1002: '프로토콜 오류: 규칙에 어긋나는 프레임을 받았습니다.',
  1003: '받을 수 없는 데이터: 예를 들어 텍스트만 받는데 바이너리가 왔습니다.',
  1004: '예약됨: 뜻이 정해지지 않아 보내면 안 됩니다.',
  1005: '상태 코드 없음: close 프레임에 코드가 없었다는 뜻으로, 연결 위에서는 절대 보내지 않습니다.',
  1006: '비정상 종료: close 프레임 없이 연결이 끊겼다는 뜻으로, 연결 위에서는 절대 보내지 않습니다.',
  1007: '잘못된 데이터: 예를 들어 텍스트 메시지가 UTF-8이 아닙니다.',
  1008: '정책 위반: 다른 코드가 맞지 않을 때 쓰는 일반적인 거절입니다.',
  1009: '메시지가 너무 큼: 처리할 수 있는 크기를 넘었습니다.',
  1010: '필수 확장 없음: 클라이언트가 필요한 확장을 서버가 협상해 주지 않았습니다.',
  1011: '서버 내부 오류: 예상하지 못한 상황으로 요청을 처리할 수 없습니다.',
  1012: '서비스 재시작: 서버가 다시 시작합니다.',
  1013: '나중에 다시: 일시적인 과부하 등으로 지금은 받을 수 없습니다.',
  1014: '잘못된 게이트웨이: 중계 서버가 상위 서버에서 잘못된 응답을 받았습니다.',
  1015: 'TLS 핸드셰이크 실패: 연결 위에서는 절대 보내지 않습니다.',
};

/** A Korean sentence for a close code (RFC 6455 §7.4.1), including the ranges of §7.4.2. */
export function describeCloseCode(code: number): string {
  const known = CLOSE_CODE_MEANINGS[code];
  if (known !== undefined) return known;
  if (code >= 3000 && code <= 3999) return '라이브러리·프레임워크용 코드(3000–3999): IANA에 등록해 씁니다.';
  if (code >= 4000 && code <= 4999) return '애플리케이션 전용 코드(4000–4999): 서로 약속한 뜻으로 씁니다.';
  return '정의되지 않은 코드: 보내면 안 되는 값입니다.';
}

/** Engine.IO v4 packet types (the first character of each packet). */
export const ENGINE_IO_PACKET_DESCRIPTIONS = {
  open: 'open (0): 서버가 보내는 첫 패킷입니다. 세션 ID(sid), 가능한 업그레이드, ping 간격과 제한 시간을 알려 줍니다.',
  close: 'close (1): 이 전송(transport)을 닫습니다.',
  ping: 'ping (2): 서버가 pingInterval마다 보내는 하트비트입니다. "2probe"는 WebSocket으로 업그레이드할 때 클라이언트가 보내는 시험 패킷입니다.',
  pong: 'pong (3): ping에 대한 답입니다. "3probe"는 시험 패킷에 대한 서버의 답입니다.',
  message: 'message (4): 애플리케이션 데이터입니다. Socket.IO 패킷이 이 안에 들어 있습니다.',
  upgrade: 'upgrade (5): 클라이언트가 "이제 WebSocket으로 옮깁니다"라고 알립니다. 이후 HTTP 롱 폴링은 쓰지 않습니다.',
  noop: 'noop (6): 아무 일도 하지 않는 패킷입니다. 업그레이드 중에 대기 중인 폴링 요청을 끝내는 데 씁니다.',
} as const;

/** Socket.IO v5 packet types (the first character of the Engine.IO message). */
export const SOCKET_IO_PACKET_DESCRIPTIONS = {
  CONNECT: 'CONNECT (0): 네임스페이스에 들어갑니다. 서버는 같은 종류의 패킷에 sid를 담아 답합니다.',
  DISCONNECT: 'DISCONNECT (1): 네임스페이스에서 나갑니다.',
  EVENT: 'EVENT (2): 이벤트 이름과 인자를 담은 JSON 배열입니다. 숫자가 붙어 있으면 그 번호로 응답(ack)을 기다립니다.',
  ACK: 'ACK (3): 번호가 같은 EVENT에 대한 응답입니다.',
  CONNECT_ERROR: 'CONNECT_ERROR (4): 네임스페이스 접속이 거절되었습니다(예: 미들웨어의 오류).',
  BINARY_EVENT: 'BINARY_EVENT (5): 바이너리가 든 이벤트입니다. 바이너리 자리에 {"_placeholder":true,"num":n}을 두고, 바이트는 뒤따르는 바이너리 메시지로 보냅니다.',
  BINARY_ACK: 'BINARY_ACK (6): 바이너리가 든 응답입니다. 바이트는 뒤따르는 바이너리 메시지로 보냅니다.',
} as const;

/** The handshake, step by step (RFC 6455 §4). */
export const HANDSHAKE_DESCRIPTIONS = {
  request: '클라이언트의 업그레이드 요청: 평범한 HTTP GET에 Upgrade: websocket, Connection: Upgrade, Sec-WebSocket-Key, Sec-WebSocket-Version: 13을 붙입니다 (RFC 6455 §4.1).',
  response: '서버의 101 Switching Protocols 응답: 이 빈 줄 다음 바이트부터는 HTTP가 아니라 WebSocket 프레임입니다 (RFC 6455 §4.2.2).',
  key: 'Sec-WebSocket-Key: 클라이언트가 고른 16바이트 난수의 base64입니다. 캐시나 프록시가 옛 응답을 돌려주지 않았음을 확인하는 데 씁니다.',
  accept: 'Sec-WebSocket-Accept: 키 뒤에 고정된 GUID를 붙여 SHA-1로 해시하고 base64로 적은 값입니다. 서버가 WebSocket을 이해한다는 증거입니다 (RFC 6455 §4.2.2).',
  extensions: 'Sec-WebSocket-Extensions: 클라이언트가 제안하고 서버가 고른 확장입니다. permessage-deflate면 메시지를 압축합니다 (RFC 7692).',
  polling: 'HTTP 롱 폴링: Engine.IO는 먼저 GET(받기)과 POST(보내기) 요청으로 통신하고, 가능하면 WebSocket으로 옮깁니다.',
} as const;
