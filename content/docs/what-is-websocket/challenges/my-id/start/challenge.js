// 도전 과제: 채팅 서버가 붙여 준 내 id를 찾고, 내가 보낸 메시지가 돌아오는 것을 확인하세요.
const socket = new WebSocket("/ws/chat");

socket.onopen = () => {
  console.log("연결됨");
  // ① 여기서 메시지를 하나 보내세요.
};

socket.onmessage = (event) => {
  console.log("받음:", event.data);
  // ② 첫 메시지 "<id> 님이 연결되었습니다."에서 id를 꺼내 "내 id: <id>"를 출력하세요.
  // ③ "<id>: "로 시작하는 메시지가 오면 "내 메시지가 돌아왔습니다: <내용>"을 출력하고 연결을 닫으세요.
};
