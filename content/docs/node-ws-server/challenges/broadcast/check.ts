import type { Check } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 ‘모두에게 보내기’: three clients of the lesson page connect to the learner's server;
 * one speaks, and every one of them must hear it, as text.
 */
const check: Check = async ({ connect, sleep }) => {
  const clients = [await connect(8080), await connect(8080), await connect(8080)];
  await sleep(100);
  const [speaker] = clients;
  const text = `브로드캐스트 확인 ${Math.random().toString(36).slice(2, 8)}`;
  speaker?.send(text);
  const heard = await Promise.all(clients.map((client) => client.waitForMessage(text, 2000)));
  const count = heard.filter((message) => message !== null).length;
  return [
    {
      ok: count === clients.length,
      text: count === clients.length ? '모든 클라이언트에게 전달되었습니다.' : `클라이언트 ${clients.length}개 가운데 ${count}개만 메시지를 받았습니다.`,
    },
    {
      ok: heard[1] !== null && heard[2] !== null,
      text: heard[1] !== null && heard[2] !== null ? '보낸 사람이 아닌 클라이언트도 받았습니다.' : '보낸 사람이 아닌 클라이언트에게 메시지가 가지 않았습니다.',
    },
  ];
};

export default check;
