import type { Check } from '~/playground/challenge-api.ts';

/**
 * 도전 과제 「방 옮기기」: the playground's client.js connects three people to the learner's
 * Socket.IO server, moves 앨리스 from 로비 to 게임방 and has 밥 (로비) and 민수 (게임방) speak.
 * The check reads who received what from that run's console: after the move, 앨리스 hears 게임방
 * and no longer 로비. (The check API's own sockets reach only the root path of the learner's
 * server, not /socket.io/, so the scenario runs in the playground's browser file.)
 */
const check: Check = async ({ waitForLine, lines }) => {
  const done = await waitForLine('시나리오 끝', { side: 'client', timeoutMs: 10_000 });
  if (done === null) {
    return [{ ok: false, text: '시나리오가 끝나지 않았습니다. join 처리기가 마지막에 callback(room)으로 답하는지, 콘솔에 오류가 없는지 확인하세요.' }];
  }
  const heard = (who: string, text: string) => lines().some((line) => line.side === 'client' && line.text.startsWith(`[${who}] 받음:`) && line.text.includes(text));
  const aliceHearsLobby = heard('앨리스', '로비에 누구 있나요?');
  const aliceHearsGames = heard('앨리스', '게임방에 어서 오세요!');
  const bobHearsLobby = heard('밥', '로비에 누구 있나요?');
  const minsuHearsLobby = heard('민수', '로비에 누구 있나요?');
  return [
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
