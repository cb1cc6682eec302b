// 폴링(polling): 정해진 간격마다 「새 소식 있나요?」 하고 묻습니다.
// 읽기용 예제: 이 코드가 부르는 /demo/poll 엔드포인트는 아직 놀이터 서버에 없습니다.
let lastId = 0;

async function poll() {
  const response = await fetch(`/demo/poll?after=${lastId}`);
  const events = await response.json(); // 대부분은 빈 배열 [] 입니다
  for (const event of events) {
    console.log("새 소식:", event.text);
    lastId = event.id;
  }
}

// 3초마다 묻습니다. 소식이 생겨도 다음 요청까지, 최대 3초 늦게 알게 됩니다.
setInterval(poll, 3000);
