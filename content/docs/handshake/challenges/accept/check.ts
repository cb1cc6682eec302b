import type { Check, CheckSocket } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 ‘101 응답 직접 쓰기’: the lesson page connects to the learner's hand-written server.
 * The browser itself verifies Sec-WebSocket-Accept, so the connection opens only when the learner
 * computed it right; then the first hand-made frame must arrive.
 */
const check: Check = async ({ connect }) => {
  let socket: CheckSocket | null = null;
  try {
    socket = await connect(8080);
  } catch {
    socket = null;
  }
  const greeting = socket === null ? null : await socket.waitForMessage('핸드셰이크 성공!', 3000);
  return [
    {
      ok: socket !== null,
      text:
        socket !== null
          ? '브라우저가 여러분의 101 응답을 받아들였습니다: Sec-WebSocket-Accept가 맞습니다.'
          : '브라우저가 101 응답을 거절했습니다. acceptFor(key)가 키 + GUID의 SHA-1을 base64로 돌려주는지 확인하세요.',
    },
    {
      ok: greeting !== null,
      text: greeting !== null ? '연결 뒤 첫 프레임 “핸드셰이크 성공!”이 도착했습니다.' : '연결 뒤 첫 메시지 “핸드셰이크 성공!”이 도착하지 않았습니다.',
    },
  ];
};

export default check;
