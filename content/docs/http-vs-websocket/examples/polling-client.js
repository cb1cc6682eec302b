// 폴링(polling): 정해진 간격마다 “새 소식 있나요?” 하고 묻습니다.
// 이 놀이터 서버의 /demo/poll은 every(ms)마다 소식(이벤트)이 하나씩 생기는 흐름을 보여 줍니다.
// 응답 본문: { events: [{ id, at }], last, now }. at은 소식이 생긴 서버 시각, now는 서버가 응답한 시각(ms)입니다.
const EVERY = 500; // 서버에서 소식이 생기는 간격
const INTERVAL = 2000; // 묻는 간격
const ROUNDS = 4;
const bytes = (text) => new TextEncoder().encode(text).length;
console.log(`${INTERVAL / 1000}초마다 묻습니다. 서버에서는 ${EVERY / 1000}초마다 소식이 생깁니다.`);

let lastId; // 처음에는 after 없이 물어 ‘지금’부터 시작합니다
for (let round = 1; round <= ROUNDS; round++) {
  const after = lastId === undefined ? "" : `&after=${lastId}`;
  const response = await fetch(`/demo/poll?every=${EVERY}${after}`);
  if (!response.ok) throw new Error(await response.text()); // 예: after가 잘못되면 400과 그 이유
  const body = await response.text();
  const { events, last, now } = JSON.parse(body);
  if (events.length === 0) {
    console.log(`요청 ${round}: 빈 응답 (본문 ${bytes(body)}바이트)`);
  } else {
    // 소식이 생긴 뒤 이 응답이 서버를 떠나기까지 기다린 시간: 서버 시계끼리 뺀 값이라 정확합니다.
    const waited = events.map((event) => Math.round(now - event.at)).join(", ");
    console.log(`요청 ${round}: 소식 ${events.length}개 (id ${events[0].id}~${last}), 서버에서 기다린 시간 ${waited} ms (본문 ${bytes(body)}바이트)`);
  }
  lastId = last;
  if (round < ROUNDS) await new Promise((resolve) => setTimeout(resolve, INTERVAL));
}
console.log("폴링을 마쳤습니다. 소식은 다음 요청 때까지, 길게는 묻는 간격만큼 서버에서 기다렸습니다.");
