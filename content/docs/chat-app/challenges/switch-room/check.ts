import type { Check, CheckSocketIo } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 ‘방 옮기기’: the check plays the three people itself, on the learner's Socket.IO
 * server (port 3000): 앨리스 and 밥 join 로비, 민수 joins 게임방, 앨리스 moves to 게임방, then 밥
 * and 민수 speak. After the move 앨리스 hears 게임방 and no longer 로비, and 로비's message reaches
 * only 로비. What client.js prints plays no part.
 */
const check: Check = async ({ socketIo, sleep }) => {
  const enter = async (nickname: string, room: string): Promise<CheckSocketIo | string> => {
    const person = await socketIo(3000, { auth: { nickname } });
    if (person.connectError !== null) return `${nickname}이(가) 접속하지 못했습니다(${person.connectError.message}).`;
    const answer = await person.emitWithAck('join', room);
    if (answer === null) return `${nickname}이(가) ${room}에 들어가는 join에 서버가 답하지 않았습니다. join 처리기가 마지막에 answer({ ok: true, room })를 부르는지 확인하세요.`;
    return person;
  };
  const people = [await enter('앨리스', '로비'), await enter('밥', '로비'), await enter('민수', '게임방')];
  const problem = people.find((person): person is string => typeof person === 'string');
  if (problem !== undefined) return [{ ok: false, text: problem }];
  const [a, b, m] = people as [CheckSocketIo, CheckSocketIo, CheckSocketIo];
  if ((await a.emitWithAck('join', '게임방')) === null) {
    return [{ ok: false, text: '앨리스가 게임방으로 옮기는 join에 서버가 답하지 않았습니다. 방을 옮길 때도 answer({ ok: true, room })를 부르세요.' }];
  }
  // Every path of an ack-taking handler answers: a refused join too (the client's wait would otherwise end only at its timeout).
  const refused = await a.emitWithAck('join', '없는 방');
  const refusedOk = refused !== null && (refused[0] as { ok?: unknown } | undefined)?.ok === false;
  // Tagged, so what challenge/client.js says in the same rooms (it runs too) is not mistaken for these.
  const tag = Math.random().toString(36).slice(2, 8);
  const lobbyText = `로비에 누구 있나요? (확인 ${tag})`;
  const gamesText = `게임방에 어서 오세요! (확인 ${tag})`;
  b.emit('message', lobbyText);
  m.emit('message', gamesText);
  // Both messages reach their senders' rooms (밥 hears 로비, 민수 hears 게임방); then wait a little for strays.
  const saying = (text: string) => ([message]: unknown[]) => (message as { text?: unknown } | undefined)?.text === text;
  await Promise.all([b.waitForEvent('message', saying(lobbyText)), m.waitForEvent('message', saying(gamesText))]);
  await sleep(300);
  const heard = (person: CheckSocketIo, text: string) => person.received('message').some(saying(text));
  const aliceHearsLobby = heard(a, lobbyText);
  const aliceHearsGames = heard(a, gamesText);
  const bobHearsLobby = heard(b, lobbyText);
  const minsuHearsLobby = heard(m, lobbyText);
  return [
    {
      ok: refusedOk,
      text: refusedOk ? '없는 방으로 가는 join에도 서버가 { ok: false }로 답합니다.' : '없는 방으로 가는 join에 서버가 { ok: false, … }로 답하지 않았습니다. 거절할 때도 answer를 부르세요.',
    },
    {
      ok: !aliceHearsLobby,
      text: aliceHearsLobby ? '게임방으로 옮긴 앨리스에게 아직 로비의 메시지가 옵니다. 새 방에 들어가기 전에 이전 방에서 나오세요(socket.leave).' : '게임방으로 옮긴 앨리스에게 로비의 메시지가 더 이상 오지 않습니다.',
    },
    {
      ok: aliceHearsGames,
      text: aliceHearsGames ? '앨리스가 새 방(게임방)의 메시지를 받습니다.' : '앨리스가 새 방(게임방)의 메시지를 받지 못했습니다. 새 방에는 들어가야 합니다(socket.join).',
    },
    {
      ok: bobHearsLobby && !minsuHearsLobby,
      text: bobHearsLobby && !minsuHearsLobby ? '로비의 메시지는 로비에 있는 밥에게만 갑니다.' : '로비의 메시지가 로비에 있는 사람에게만 가지 않습니다. 메시지는 보낸 사람의 방으로(io.to(room)) 보내세요.',
    },
  ];
};

export default check;
