// 롱 폴링(long polling): 요청을 보내 두면, 서버는 새 소식이 생기거나 25초가 지날 때까지 응답을 미룹니다.
// /demo/long-poll은 /demo/poll과 같은 소식의 흐름을 같은 모양({ events, last, now })으로 답합니다.
const EVERY = 500;
const ROUNDS = 5;
console.log("롱 폴링을 시작합니다. 소식이 생길 때까지 서버가 응답을 붙잡고 있습니다.");

let lastId;
for (let round = 1; round <= ROUNDS; round++) {
  const after = lastId === undefined ? "" : `&after=${lastId}`;
  const started = performance.now();
  const response = await fetch(`/demo/long-poll?every=${EVERY}${after}`);
  if (!response.ok) throw new Error(await response.text());
  const { events, last, now } = await response.json();
  const held = Math.round(performance.now() - started);
  if (events.length === 0) {
    console.log(`요청 ${round}: ${held} ms 동안 소식이 없어 빈 응답. 곧바로 다시 요청합니다.`);
  } else {
    const waited = events.map((event) => (now - event.at).toFixed(1)).join(", ");
    console.log(`요청 ${round}: ${held} ms 붙잡혀 있다가 소식 id ${events.map((event) => event.id).join(", ")} 도착 (서버에서 기다린 시간 ${waited} ms)`);
  }
  lastId = last; // 응답을 받자마자 다음 요청을 보내 둡니다
}
console.log("롱 폴링을 마쳤습니다. 소식은 생기자마자 응답으로 떠났지만, 소식마다 요청·응답이 한 쌍씩 오갔습니다.");
