// 도전 과제 정답: 서버가 붙여 준 내 id를 찾고, 내 메시지가 돌아오는 것을 확인합니다.
const socket = new WebSocket("/ws/chat");
let myId = null;

socket.onopen = () => {
  console.log("연결됨");
  socket.send("제 메시지가 돌아오나요?");
};

socket.onmessage = (event) => {
  const text = event.data;
  if (myId === null) {
    // 서버는 연결을 받자마자 입장 알림을 모두에게 보냅니다.
    // 방금 연결한 나에게 오는 첫 메시지가 바로 내 입장 알림입니다.
    myId = text.split(" ")[0];
    console.log("내 id:", myId);
    return;
  }
  if (text.startsWith(`${myId}: `)) {
    console.log("내 메시지가 돌아왔습니다:", text.slice(myId.length + 2));
    socket.close(1000, "확인 끝");
  }
};
