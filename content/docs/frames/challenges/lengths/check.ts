import type { Check, CheckSocket } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 ‘긴 프레임 보내기’: the learner's hand-made server sends three text frames of 16,
 * 300 and 75,000 bytes. The browser takes a frame apart by its length field, so each message
 * arrives whole only when its length was written in the right form (7 bits, 126 + 16 bits,
 * 127 + 64 bits; RFC 6455 §5.2).
 */
const check: Check = async ({ connect }) => {
  let socket: CheckSocket | null = null;
  try {
    socket = await connect(8080);
  } catch {
    socket = null;
  }
  if (socket === null) return [{ ok: false, text: '서버에 연결하지 못했습니다. 핸드셰이크 부분은 고치지 않아도 됩니다.' }];
  const [short, medium, long] = await Promise.all([
    socket.waitForMessage(/^짧은 메시지$/, 3000),
    socket.waitForMessage(/^가{100}$/, 3000),
    socket.waitForMessage(/^나{25000}$/, 3000),
  ]);
  return [
    { ok: short !== null, text: short !== null ? '16바이트 메시지(길이 7비트)가 도착했습니다.' : '16바이트 메시지가 도착하지 않았습니다.' },
    {
      ok: medium !== null,
      text: medium !== null ? '300바이트 메시지(길이 126 + 16비트)가 그대로 도착했습니다.' : '300바이트 메시지가 도착하지 않았습니다. 126–65,535바이트는 길이 칸에 126을 쓰고 실제 길이를 다음 2바이트에 적습니다.',
    },
    {
      ok: long !== null,
      text: long !== null ? '75,000바이트 메시지(길이 127 + 64비트)가 그대로 도착했습니다.' : '75,000바이트 메시지가 도착하지 않았습니다. 65,536바이트 이상은 길이 칸에 127을 쓰고 실제 길이를 다음 8바이트에 적습니다.',
    },
  ];
};

export default check;
