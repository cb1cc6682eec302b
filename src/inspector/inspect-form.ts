/**
 * What the ‘내 서버 검사하기’ form holds, read and checked before anything is sent (pure: no DOM).
 * The server checks the same again (protocol/inspect-messages.ts); here the
 * learner gets the Korean reason next to the field instead of a generic refusal.
 */
export type InspectMode = 'websocket' | 'socket.io';

/** "Name: value" lines → pairs; blank lines skipped. An error names the line that is not a header. */
export function parseHeaderLines(text: string): { headers: Array<[string, string]> } | { error: string } {
  const headers: Array<[string, string]> = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}):[ \t]*(.*)$/.exec(line);
    if (!match) return { error: `${index + 1}번째 줄이 “이름: 값” 모양의 헤더가 아닙니다.` };
    if (!/^[\t\x20-\x7e]*$/.test(match[2]!) || match[2]!.length > 1024) return { error: `${index + 1}번째 줄의 값에는 영문자, 숫자, 기호(ASCII)만 1,024자까지 쓸 수 있습니다. 한글은 인코딩해서 넣으세요(예: encodeURIComponent).` };
    headers.push([match[1]!, match[2]!]);
  }
  if (headers.length > 20) return { error: '헤더는 20개까지 정할 수 있습니다.' };
  return { headers };
}

/** "chat, v2.json" → ["chat", "v2.json"]. */
export function parseProtocols(text: string): { protocols: string[] } | { error: string } {
  const protocols = text.split(',').map((token) => token.trim()).filter((token) => token !== '');
  if (protocols.some((token) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/.test(token))) return { error: '하위 프로토콜은 공백 없는 토큰(예: chat, v2.json)을 쉼표로 나눠 씁니다.' };
  if (protocols.length > 10) return { error: '하위 프로토콜은 10개까지 정할 수 있습니다.' };
  return { protocols };
}

/** The address as typed, checked for a scheme the mode can use (the server checks where it may go). */
export function checkAddress(text: string, mode: InspectMode): { url: string; tls: boolean } | { error: string } {
  const url = text.trim();
  if (!URL.canParse(url)) return { error: '주소를 해석할 수 없습니다. ws://localhost:8080 처럼 스킴부터 적으세요.' };
  const { protocol } = new URL(url);
  const allowed = mode === 'websocket' ? ['ws:', 'wss:'] : ['http:', 'https:', 'ws:', 'wss:'];
  if (!allowed.includes(protocol)) return { error: mode === 'websocket' ? 'WebSocket 주소는 ws:// 또는 wss://로 시작합니다.' : 'Socket.IO 서버 주소는 http:// 또는 https://로 시작합니다.' };
  return { url, tls: protocol === 'wss:' || protocol === 'https:' };
}
