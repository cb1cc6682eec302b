// 두 사람이 접속해 한 사람만 말합니다. 둘 다 받아야 브로드캐스트입니다.
const speaker = new WebSocket("ws://localhost:8080");
const listener = new WebSocket("ws://localhost:8080");

listener.onmessage = (event) => console.log("듣는 사람이 받음:", event.data);
speaker.onmessage = (event) => console.log("말한 사람이 받음:", event.data);

listener.onopen = () => {
  if (speaker.readyState === WebSocket.OPEN) speaker.send("모두 들리나요?");
  else speaker.onopen = () => speaker.send("모두 들리나요?");
};
