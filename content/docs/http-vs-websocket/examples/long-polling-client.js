// 롱 폴링(long polling): 요청을 보내 두면, 서버는 새 소식이 생기거나 시간이 다 될 때까지 응답을 미룹니다.
// 읽기용 예제: 이 코드가 부르는 /demo/long-poll 엔드포인트는 아직 놀이터 서버에 없습니다.
let lastId = 0;

async function longPoll() {
  for (;;) {
    try {
      // 서버는 이 요청을 최대 30초쯤 붙잡고 있다가 답합니다.
      const response = await fetch(`/demo/long-poll?after=${lastId}`);
      if (response.status === 204) continue; // 시간 초과: 소식 없음, 곧바로 다시 요청
      for (const event of await response.json()) {
        console.log("새 소식:", event.text);
        lastId = event.id;
      }
    } catch {
      // 네트워크 오류: 서버를 두드리지 않도록 잠시 쉬었다가 다시 요청합니다.
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

longPoll();
