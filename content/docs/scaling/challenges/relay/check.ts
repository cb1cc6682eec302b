import type { Check, CheckContext, CheckSocket } from '~/playground/challenge-api.ts';

/** Instance B may start listening a moment after A: a few tries before giving up. */
async function connectWhenListening(connect: CheckContext['connect'], sleep: CheckContext['sleep'], port: number): Promise<CheckSocket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect(port);
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(200);
    }
  }
}

const count = (socket: CheckSocket, text: string) => socket.messages.filter((message) => message.includes(text)).length;

/**
 * 도전 과제 ‘인스턴스 사이에 전하기’: two clients on instance A (8080), one on B (8081). A message
 * sent on A must reach B's client, one sent on B must reach A's clients, and nobody — above all
 * the sender's own instance — may get a message twice.
 */
const check: Check = async ({ connect, sleep }) => {
  const onA = await connectWhenListening(connect, sleep, 8080);
  const alsoOnA = await connectWhenListening(connect, sleep, 8080);
  const onB = await connectWhenListening(connect, sleep, 8081);
  await sleep(150);
  const tag = Math.random().toString(36).slice(2, 8);
  const fromA = `A에서 보낸 확인 ${tag}`;
  const fromB = `B에서 보낸 확인 ${tag}`;

  onA.send(fromA);
  const [aToB, aToSameInstance] = await Promise.all([onB.waitForMessage(fromA, 2000), alsoOnA.waitForMessage(fromA, 2000)]);
  onB.send(fromB);
  const [bToA, bToA2] = await Promise.all([onA.waitForMessage(fromB, 2000), alsoOnA.waitForMessage(fromB, 2000)]);
  await sleep(300);
  const duplicates = [onA, alsoOnA, onB].some((socket) => count(socket, fromA) > 1 || count(socket, fromB) > 1);

  return [
    {
      ok: aToB !== null && aToSameInstance !== null,
      text:
        aToB === null
          ? 'A에서 보낸 메시지가 B에 접속한 클라이언트에게 가지 않았습니다. 버스에 게시(emit)하고, 다른 인스턴스가 구독(on)해서 자기 클라이언트에게 보내야 합니다.'
          : aToSameInstance === null
            ? 'A에서 보낸 메시지가 같은 A에 접속한 다른 클라이언트에게 가지 않았습니다.'
            : 'A에서 보낸 메시지가 A와 B의 클라이언트 모두에게 도착했습니다.',
    },
    {
      ok: bToA !== null && bToA2 !== null,
      text: bToA !== null && bToA2 !== null ? 'B에서 보낸 메시지도 A의 클라이언트들에게 도착했습니다.' : 'B에서 보낸 메시지가 A에 접속한 클라이언트에게 가지 않았습니다.',
    },
    {
      ok: aToB !== null && bToA !== null && !duplicates,
      text: duplicates
        ? '같은 메시지를 두 번 받은 클라이언트가 있습니다. 자기가 게시한 메시지는 버스에서 받아도 건너뛰어야 합니다(이미 자기 클라이언트에게 보냈으니까요).'
        : aToB !== null && bToA !== null
          ? '누구도 같은 메시지를 두 번 받지 않았습니다.'
          : '인스턴스 사이에 메시지가 오가야 중복 여부도 확인할 수 있습니다.',
    },
  ];
};

export default check;
