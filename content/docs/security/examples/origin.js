// 이 코드가 실행되는 곳(수업의 샌드박스 iframe)의 출처(origin)를 확인합니다.
console.log("이 문서의 출처 self.origin:", JSON.stringify(self.origin));

// 브라우저는 WebSocket 핸드셰이크에 이 문서의 출처를 Origin 헤더로 붙입니다.
// 페이지의 스크립트는 이 헤더를 빼거나 바꿀 수 없습니다.
console.log(`→ 핸드셰이크에 붙는 헤더: Origin: ${self.origin}`);

// 샌드박스 iframe은 불투명한 출처(opaque origin)를 받아, 수업 페이지의 쿠키와 저장소에 손댈 수 없습니다.
try {
  console.log("document.cookie:", JSON.stringify(document.cookie));
} catch (error) {
  console.log(`document.cookie → ${error.name}: 이 문서는 쿠키를 읽을 수 없습니다`);
}

// 놀이터 서버는 Origin이 "null"인 연결을 받아 줍니다(저장소의 docs/origin-and-host.md). 그래서 이 연결은 열립니다.
const socket = new WebSocket("/ws/echo");
socket.onopen = () => {
  console.log(`Origin: ${self.origin} 인 연결을 서버가 받아 주었습니다.`);
  socket.close(1000);
};
socket.onclose = (event) => console.log(`닫힘: code ${event.code}`);
