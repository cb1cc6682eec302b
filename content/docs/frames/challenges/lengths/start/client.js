const socket = new WebSocket("ws://localhost:8080");

socket.onmessage = (event) => {
  const bytes = new TextEncoder().encode(event.data).length;
  console.log(`받음: ${bytes}바이트, "${event.data.slice(0, 10)}…"`);
};
socket.onclose = (event) => console.log(`닫힘: 코드 ${event.code}`);
