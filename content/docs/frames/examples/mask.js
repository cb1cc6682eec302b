// RFC 6455 §5.7의 예: 마스킹 키 37 fa 21 3d로 "Hello"를 마스킹한 프레임
const key = [0x37, 0xfa, 0x21, 0x3d];
const hex = (bytes) => [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");

// i번째 바이트를 키의 (i mod 4)번째 바이트와 XOR합니다 (§5.3).
const mask = (bytes) => bytes.map((byte, i) => byte ^ key[i % 4]);

const original = new TextEncoder().encode("Hello");
const masked = mask(original);
console.log("원래 바이트:   ", hex(original));
console.log("마스킹한 바이트:", hex(masked));
console.log("프레임 전체:   ", hex([0x81, 0x80 | masked.length, ...key, ...masked]));

// XOR을 한 번 더 하면 원래대로 돌아옵니다. 서버는 이렇게 풉니다.
console.log("다시 XOR:      ", new TextDecoder().decode(mask(masked)));
