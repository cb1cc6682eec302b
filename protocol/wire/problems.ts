import type { WireProblemCode } from '../error-codes.ts';

/**
 * Every problem the wire decoders report, in one place: a stable code, the close code the RFC tells
 * the receiving endpoint to fail the connection with (null when none applies, e.g. HTTP), and a
 * message a learner can read (Korean). Decoders return these as values; they never throw.
 */
export const WIRE_PROBLEMS = {
  // HTTP/1.1 head and body (RFC 9112); a server would answer 400.
  HTTP_HEAD_TOO_LARGE: { closeCode: null, message: 'HTTP 헤더가 너무 깁니다. 빈 줄(\\r\\n\\r\\n)이 나오기 전에 허용한 크기를 넘었습니다.' },
  HTTP_BAD_START_LINE: { closeCode: null, message: '첫 줄이 HTTP 요청 줄("GET /경로 HTTP/1.1")도 상태 줄("HTTP/1.1 101 …")도 아닙니다 (RFC 9112 §3, §4).' },
  HTTP_BAD_HEADER_LINE: { closeCode: null, message: '헤더 줄은 "이름: 값" 형식이어야 하고, 이름과 콜론 사이에 공백이 없어야 합니다 (RFC 9112 §5.1).' },
  HTTP_BARE_LF: { closeCode: null, message: '줄 끝이 \\r\\n이 아니라 \\n 하나뿐입니다. HTTP 헤더의 줄은 CRLF로 끝나야 합니다 (RFC 9112 §2.2).' },
  HTTP_OBSOLETE_FOLDING: { closeCode: null, message: '공백으로 시작하는 헤더 줄(옛 줄 접기)은 더 이상 허용되지 않습니다 (RFC 9112 §5.2).' },
  HTTP_BAD_CHARACTER: { closeCode: null, message: '헤더에 허용되지 않는 제어 문자가 있습니다 (RFC 9110 §5.5).' },
  HTTP_BAD_CONTENT_LENGTH: { closeCode: null, message: 'Content-Length가 숫자가 아니거나, 서로 다른 값이 여러 번 왔습니다 (RFC 9112 §6.3).' },
  HTTP_BAD_TRANSFER_ENCODING: { closeCode: null, message: '요청의 Transfer-Encoding 마지막 값이 chunked가 아니라 본문의 끝을 알 수 없습니다 (RFC 9112 §6.3).' },
  HTTP_BAD_CHUNK: { closeCode: null, message: 'chunked 본문의 형식이 잘못되었습니다. 각 조각은 "16진수 크기\\r\\n데이터\\r\\n"이어야 합니다 (RFC 9112 §7.1).' },
  HTTP_PENDING_TOO_LARGE: { closeCode: null, message: '상대편 HTTP 메시지를 기다리는 동안 너무 많은 바이트가 쌓였습니다. 이 방향의 나머지 바이트는 해석하지 않습니다.' },
  HTTP_INCOMPLETE: { closeCode: null, message: 'HTTP 메시지가 끝나기 전에 연결이 끊겼습니다.' },

  // RFC 6455 frames (§5, §7.4) and RFC 7692.
  RESERVED_OPCODE: { closeCode: 1002, message: '예약된 opcode입니다. 0x3–0x7, 0xB–0xF는 아직 뜻이 없어 받으면 연결을 닫아야 합니다 (RFC 6455 §5.2).' },
  RSV1_WITHOUT_EXTENSION: { closeCode: 1002, message: 'RSV1 비트가 켜져 있지만 이를 쓰는 확장(permessage-deflate)을 협상하지 않았습니다 (RFC 6455 §5.2).' },
  RSV1_ON_CONTINUATION: { closeCode: 1002, message: 'RSV1(압축 표시)은 메시지의 첫 프레임에만 켤 수 있습니다 (RFC 7692 §6.1).' },
  RSV1_ON_CONTROL: { closeCode: 1002, message: '제어 프레임은 압축하지 않으므로 RSV1을 켤 수 없습니다 (RFC 7692 §6.1).' },
  RSV2_RSV3_SET: { closeCode: 1002, message: 'RSV2나 RSV3 비트가 켜져 있지만 이를 정의하는 확장이 없습니다 (RFC 6455 §5.2).' },
  CONTROL_FRAGMENTED: { closeCode: 1002, message: '제어 프레임(close, ping, pong)은 조각낼 수 없습니다. FIN이 1이어야 합니다 (RFC 6455 §5.5).' },
  CONTROL_TOO_LONG: { closeCode: 1002, message: '제어 프레임의 페이로드는 125바이트 이하여야 합니다 (RFC 6455 §5.5).' },
  UNMASKED_CLIENT_FRAME: { closeCode: 1002, message: '클라이언트가 보낸 프레임이 마스킹되지 않았습니다. 클라이언트 프레임은 반드시 마스킹해야 합니다 (RFC 6455 §5.1).' },
  MASKED_SERVER_FRAME: { closeCode: 1002, message: '서버가 보낸 프레임이 마스킹되어 있습니다. 서버는 마스킹하면 안 됩니다 (RFC 6455 §5.1).' },
  NON_MINIMAL_LENGTH: { closeCode: 1002, message: '페이로드 길이를 필요보다 긴 형식으로 적었습니다. 가장 짧은 형식을 써야 합니다 (RFC 6455 §5.2). 많은 구현이 그냥 받아 줍니다.' },
  LENGTH_MSB_SET: { closeCode: 1002, message: '64비트 페이로드 길이의 최상위 비트는 0이어야 합니다 (RFC 6455 §5.2). 이후 바이트는 해석하지 않습니다.' },
  LENGTH_TOO_LARGE: { closeCode: 1009, message: '페이로드 길이가 2^53 - 1바이트를 넘어 다룰 수 없습니다. 이후 바이트는 해석하지 않습니다.' },
  UNEXPECTED_CONTINUATION: { closeCode: 1002, message: '이어지는 메시지가 없는데 continuation 프레임이 왔습니다 (RFC 6455 §5.4).' },
  EXPECTED_CONTINUATION: { closeCode: 1002, message: '조각난 메시지가 끝나기 전에 새 데이터 프레임이 왔습니다. continuation 프레임이어야 합니다 (RFC 6455 §5.4).' },
  INVALID_UTF8: { closeCode: 1007, message: '텍스트 메시지가 올바른 UTF-8이 아닙니다 (RFC 6455 §8.1).' },
  CLOSE_PAYLOAD_ONE_BYTE: { closeCode: 1002, message: 'close 프레임의 페이로드가 1바이트입니다. 비어 있거나, 2바이트 상태 코드로 시작해야 합니다 (RFC 6455 §5.5.1).' },
  INVALID_CLOSE_CODE: { closeCode: 1002, message: '이 close 코드는 프레임에 담아 보낼 수 없는 값입니다 (RFC 6455 §7.4).' },
  INVALID_CLOSE_REASON: { closeCode: 1007, message: 'close 프레임의 이유(reason)가 올바른 UTF-8이 아닙니다 (RFC 6455 §5.5.1).' },
  ELIDED_OUTSIDE_PAYLOAD: { closeCode: null, message: '기록에서 생략된 바이트가 프레임 페이로드 밖에 있어 이후 바이트는 해석하지 않습니다.' },
  FRAME_AFTER_CLOSE: { closeCode: null, message: 'close 프레임을 보낸 뒤에는 데이터 프레임을 더 보내면 안 됩니다 (RFC 6455 §5.5.1).' },
  INCOMPLETE_FRAME: { closeCode: 1006, message: '프레임이 끝나기 전에 연결이 끊겼습니다. 애플리케이션은 1006(비정상 종료)을 보게 됩니다 (RFC 6455 §7.1.5).' },
  INCOMPLETE_MESSAGE: { closeCode: 1006, message: '조각난 메시지의 마지막 프레임(FIN=1)이 오기 전에 끝났습니다.' },

  // permessage-deflate (RFC 7692).
  BAD_EXTENSIONS_HEADER: { closeCode: null, message: 'Sec-WebSocket-Extensions 헤더의 형식이 잘못되었습니다 (RFC 6455 §9.1).' },
  BAD_DEFLATE_PARAMS: { closeCode: null, message: 'permessage-deflate 매개변수가 잘못되었습니다. 클라이언트는 연결을 실패시켜야 합니다 (RFC 7692 §7.1).' },
  INFLATE_FAILED: { closeCode: 1007, message: '압축된 메시지를 풀 수 없습니다. DEFLATE 데이터가 잘못되었습니다 (RFC 7692 §7.2.2).' },
  INFLATE_TOO_LARGE: { closeCode: 1009, message: '압축을 푼 메시지가 허용한 크기를 넘었습니다.' },
  INFLATE_SKIPPED: { closeCode: null, message: '압축된 메시지 전체를 보관하지 못해 압축을 풀 수 없습니다. 문맥을 이어 쓰는 경우 이후 메시지도 풀 수 없습니다.' },

  // Engine.IO v4 and Socket.IO v5.
  ENGINE_IO_PARSER_ERROR: { closeCode: null, message: 'Engine.IO 패킷으로 해석할 수 없습니다. 첫 글자는 0–6 중 하나의 패킷 종류여야 합니다.' },
  ENGINE_IO_BAD_OPEN: { closeCode: null, message: 'Engine.IO open 패킷의 JSON에 sid, upgrades, pingInterval, pingTimeout이 있어야 합니다.' },
  SOCKET_IO_PARSER_ERROR: { closeCode: null, message: 'Socket.IO 패킷으로 해석할 수 없습니다.' },
} as const satisfies Record<WireProblemCode, { closeCode: number | null; message: string }>;

/** The stable code of a problem (protocol/error-codes.ts); WIRE_PROBLEMS holds its close code and message. */
export type { WireProblemCode };

/** One problem found in the bytes. */
export interface WireProblem {
  code: WireProblemCode;
  /** The close code to fail the connection with, or null (HTTP, or nothing left to send). */
  closeCode: number | null;
  /** Korean explanation for the learner. */
  message: string;
  /** Byte offset in the stream where it was noticed, or null when not tied to bytes. */
  offset: number | null;
  /** What the underlying library said, when one did (e.g. fflate's "invalid distance"). */
  detail: string | null;
}

/** The one way problems are made. */
export function wireProblem(code: WireProblemCode, offset: number | null = null, detail: string | null = null): WireProblem {
  const { closeCode, message } = WIRE_PROBLEMS[code];
  return { code, closeCode, message, offset, detail };
}
