// Sec-WebSocket-Accept = base64( SHA-1( Sec-WebSocket-Key + GUID ) )   (RFC 6455 §4.2.2)
const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

const toHex = (bytes) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
const toBase64 = (bytes) => btoa(String.fromCharCode(...bytes));

async function acceptFor(key) {
  const joined = key + GUID;                                                    // 1. 키 뒤에 GUID를 붙입니다
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-1", new TextEncoder().encode(joined))); // 2. SHA-1 → 20바이트
  return { joined, hex: toHex(digest), accept: toBase64(digest) };             // 3. 20바이트를 base64로
}

// RFC 6455 §1.3의 예
const sample = await acceptFor("dGhlIHNhbXBsZSBub25jZQ==");
console.log("1. 이어 붙인 문자열:", sample.joined);
console.log("2. SHA-1 (16진수):", sample.hex);
console.log("3. Sec-WebSocket-Accept:", sample.accept);
console.log("RFC에 적힌 값과 같나요?", sample.accept === "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

// 브라우저가 연결할 때마다 하는 일: 16바이트 난수를 base64로 적은 새 키
const key = toBase64(crypto.getRandomValues(new Uint8Array(16)));
console.log(`새 키: ${key} (${key.length}자, 끝은 언제나 ==)`);
console.log("그 키의 Accept:", (await acceptFor(key)).accept);
