/**
 * Korean explanations of the HTTP header lines a WebSocket or Engine.IO exchange shows. The
 * handshake's own headers come from descriptions.ts (one wording for the whole site); the rest are
 * the headers browsers, `ws` and Engine.IO actually send.
 * TODO: move into protocol/wire/descriptions.ts when its owner next edits it.
 */
import { HANDSHAKE_DESCRIPTIONS } from '../../protocol/wire/descriptions.ts';
import type { HttpHead } from '../../protocol/wire/http-head.ts';

const HEADER_DESCRIPTIONS: Readonly<Record<string, string>> = {
  host: 'Host: 요청을 받을 서버의 호스트와 포트입니다. HTTP/1.1 요청에는 꼭 있어야 하며, 없으면 서버는 400으로 거절합니다 (RFC 6455 §4.1, RFC 9112 §3.2).',
  upgrade: 'Upgrade: 이 연결을 다른 프로토콜로 바꾸자는 뜻입니다. 값은 websocket이어야 하고(대소문자 무관), 서버의 101 응답에도 같은 값이 옵니다 (RFC 6455 §4.1, §4.2.2).',
  connection: 'Connection: Upgrade 토큰이 있어야 Upgrade 헤더가 이 연결에 적용됩니다. 101 응답에도 Upgrade가 옵니다 (RFC 6455 §4.1). 폴링 요청에서는 keep-alive로 TCP 연결을 다시 씁니다.',
  'sec-websocket-key': HANDSHAKE_DESCRIPTIONS.key,
  'sec-websocket-accept': HANDSHAKE_DESCRIPTIONS.accept,
  'sec-websocket-extensions': HANDSHAKE_DESCRIPTIONS.extensions,
  'sec-websocket-version': 'Sec-WebSocket-Version: 클라이언트가 쓰는 프로토콜 버전으로, RFC 6455는 13입니다. 서버가 모르는 버전이면 426과 함께 자기가 아는 버전을 알려 줍니다 (RFC 6455 §4.1, §4.4).',
  'sec-websocket-protocol': 'Sec-WebSocket-Protocol: 클라이언트가 쓸 수 있는 하위 프로토콜 목록입니다. 서버는 그중 하나를 골라 같은 헤더로 답합니다 (RFC 6455 §4.1, §11.3.4).',
  origin: 'Origin: 연결을 연 페이지의 출처입니다. 브라우저가 넣으며 페이지의 코드는 바꿀 수 없어서, 서버는 이 값으로 다른 사이트의 연결을 거절합니다 (RFC 6455 §4.1, §10.2).',
  'user-agent': 'User-Agent: 요청을 보낸 프로그램(브라우저, 라이브러리)과 그 버전입니다. WebSocket 동작에는 영향이 없습니다.',
  pragma: 'Pragma: no-cache는 옛 HTTP/1.0 캐시에게 저장된 응답을 쓰지 말라는 뜻입니다. 브라우저는 업그레이드 요청에 함께 보냅니다.',
  'cache-control': 'Cache-Control: no-cache는 중간 캐시가 저장된 응답으로 답하지 말고 서버에 물어보라는 뜻입니다 (RFC 9111 §5.2).',
  'accept-encoding': 'Accept-Encoding: 받을 수 있는 HTTP 본문 압축 방식입니다. WebSocket 프레임의 압축(permessage-deflate)과는 상관이 없습니다.',
  'accept-language': 'Accept-Language: 브라우저가 선호하는 언어입니다. WebSocket 동작에는 영향이 없습니다.',
  accept: 'Accept: 받고 싶은 응답 형식입니다.',
  cookie: 'Cookie: 이 출처의 쿠키입니다. 업그레이드 요청도 평범한 HTTP 요청이라 쿠키가 함께 갑니다. 로그인 확인에 쓸 수 있습니다.',
  date: 'Date: 응답을 만든 시각(GMT)입니다.',
  'content-type': 'Content-Type: 본문의 형식입니다. Engine.IO 폴링은 text/plain으로 패킷을 주고받습니다.',
  'content-length': 'Content-Length: 본문의 바이트 수입니다. 받는 쪽은 이만큼 읽으면 본문이 끝난 것으로 압니다 (RFC 9112 §6.3).',
  'transfer-encoding': 'Transfer-Encoding: chunked면 본문을 "크기 + 데이터" 조각으로 나누어 보냅니다. 마지막 조각의 크기는 0입니다 (RFC 9112 §7.1).',
  'keep-alive': 'Keep-Alive: 응답 뒤에도 TCP 연결을 열어 두는 시간(timeout)입니다. 다음 폴링 요청이 같은 연결을 다시 씁니다.',
  'access-control-allow-origin': 'Access-Control-Allow-Origin: 다른 출처의 페이지가 이 응답을 읽어도 된다고 허락합니다(CORS). 폴링은 평범한 HTTP라서 필요합니다. WebSocket 연결에는 CORS가 적용되지 않습니다.',
  'access-control-allow-credentials': 'Access-Control-Allow-Credentials: 쿠키를 담은 다른 출처의 요청에도 응답을 읽도록 허락합니다(CORS).',
  vary: 'Vary: 캐시가 응답을 구별할 때 볼 요청 헤더입니다. Origin에 따라 CORS 응답이 달라서 붙습니다.',
  'x-playground-error': 'X-Playground-Error: 놀이터 서버가 요청을 거절한 이유의 코드입니다(저장소 docs/errors.md의 오류 코드 표).',
};

/** The explanation of a header line, or null when we have none for that header. */
export function describeHeader(name: string): string | null {
  return HEADER_DESCRIPTIONS[name.toLowerCase()] ?? null;
}

/** The explanation of a head's first line: the upgrade request, the 101, or a plain HTTP message. */
export function describeStartLine(head: HttpHead): string {
  if (head.kind === 'response') {
    if (head.status === 101) return HANDSHAKE_DESCRIPTIONS.response;
    return `상태 줄: HTTP/${head.version} ${head.status}${head.reason === '' ? '' : ` ${head.reason}`}. 101이 아니므로 이 연결은 HTTP로 남습니다.`;
  }
  if (/[?&]transport=polling(?:&|$)/.test(head.target)) return HANDSHAKE_DESCRIPTIONS.polling;
  return HANDSHAKE_DESCRIPTIONS.request;
}
