// 놀이터 서버의 /ws/chat에 접속해, 받은 것을 모두 보여 줍니다.
// 인스턴스 두 개(4321, 4322)를 띄우고 두 탭에서 각각 실행하면, 한 탭의 인사가 다른 탭에도 나타납니다.
const name = `탭-${Math.random().toString(36).slice(2, 6)}`;
const chat = new WebSocket("/ws/chat");

chat.onopen = () => {
  console.log(`${name}(으)로 접속했습니다. 다른 탭에서도 실행해 보세요.`);
  chat.send(`${name}입니다. 안녕하세요!`);
};
chat.onmessage = (event) => console.log("받음:", event.data);
chat.onclose = (event) => console.log(`연결이 닫혔습니다(코드 ${event.code}).`);
