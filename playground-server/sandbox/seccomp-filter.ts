/**
 * A seccomp program (classic BPF, the bytes bubblewrap's `--seccomp FD` reads) that refuses, with EPERM, every
 * system call that creates a name in a filesystem: mkdir, mknod (fifos), symlink, link, creat, open/openat with
 * O_CREAT, openat2 (its flags are out of the filter's reach), and io_uring_setup (io_uring's own openat and mkdirat
 * would pass by the filter). bind() of a Unix socket is left alone: the program's port sockets need it.
 *
 * Why: RLIMIT_FSIZE 0 stops bytes, not inodes, and bubblewrap 0.8 cannot cap the inodes of the port sockets' tmpfs.
 * With this, only the kernel's own sockets are created there, whatever the program does to the permission model.
 * x86-64 only (`filterApplies`): elsewhere bubblewrap runs without it and the permission model alone refuses.
 */

const AUDIT_ARCH_X86_64 = 0xc000003e;
const X32_SYSCALL_BIT = 0x40000000;
const O_CREAT = 0o100;
const EPERM = 1;

/** x86-64 numbers (arch/x86/entry/syscalls/syscall_64.tbl). */
const REFUSED = { creat: 85, mkdir: 83, mkdirat: 258, mknod: 133, mknodat: 259, symlink: 88, symlinkat: 266, link: 86, linkat: 265, openat2: 437, io_uring_setup: 425 };
/** Calls refused only with O_CREAT, and which argument holds their flags. */
const CREATE_FLAG = { open: { nr: 2, arg: 1 }, openat: { nr: 257, arg: 2 } };

const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const JSET_K = 0x45;
const RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;

/** seccomp_data: nr at 0, arch at 4, args[i] at 16 + 8·i (the low 32 bits first, little-endian). */
const NR = 0;
const ARCH = 4;
const argLow = (index: number) => 16 + 8 * index;

type Instruction = [code: number, jt: number, jf: number, k: number];

/** The numbers above are x86-64's; another machine gets no filter rather than a wrong one. */
export const filterApplies = process.arch === 'x64';

export function noNewNamesFilter(): Buffer {
  const refused = Object.values(REFUSED);
  const program: Instruction[] = [];
  // Labels are counted from the end: [.., ALLOW, DENY] are the last two instructions.
  // Another architecture's calls (i386's int 0x80 from an x86-64 process) have other numbers: refused outright.
  program.push([LD_W_ABS, 0, 0, ARCH]);
  program.push([JEQ_K, 1, 0, AUDIT_ARCH_X86_64]);
  program.push([RET_K, 0, 0, RET_ERRNO | EPERM]);
  program.push([LD_W_ABS, 0, 0, NR]);
  // Every check below jumps forward to DENY (the last instruction) or ALLOW (the one before it).
  const checks: Array<(toAllow: number, toDeny: number) => Instruction[]> = [];
  checks.push((_allow, deny) => [[JGE_K, deny, 0, X32_SYSCALL_BIT]]);
  for (const nr of refused) checks.push((_allow, deny) => [[JEQ_K, deny, 0, nr]]);
  for (const { nr, arg } of Object.values(CREATE_FLAG)) {
    // if nr matches: load the flags, O_CREAT → DENY, else ALLOW (the number is consumed: no later check needs it).
    checks.push((allow, deny) => [
      [JEQ_K, 0, 3, nr],
      [LD_W_ABS, 0, 0, argLow(arg)],
      [JSET_K, deny - 2, 0, O_CREAT],
      [JEQ_K, allow - 3, allow - 3, 0],
    ]);
  }
  const body: Instruction[] = [];
  const sizes = checks.map((check) => check(0, 0).length);
  let remaining = sizes.reduce((sum, size) => sum + size, 0);
  for (const [index, check] of checks.entries()) {
    remaining -= sizes[index]!;
    // From the first instruction of this check: jumps are relative to the next instruction.
    const toAllow = remaining + sizes[index]! - 1;
    body.push(...check(toAllow, toAllow + 1));
  }
  program.push(...body);
  program.push([RET_K, 0, 0, RET_ALLOW]);
  program.push([RET_K, 0, 0, RET_ERRNO | EPERM]);

  const bytes = Buffer.alloc(program.length * 8);
  for (const [index, [code, jt, jf, k]] of program.entries()) {
    if (jt > 255 || jf > 255 || jt < 0 || jf < 0) throw new Error('seccomp jump out of range');
    bytes.writeUInt16LE(code, index * 8);
    bytes.writeUInt8(jt, index * 8 + 2);
    bytes.writeUInt8(jf, index * 8 + 3);
    bytes.writeUInt32LE(k >>> 0, index * 8 + 4);
  }
  return bytes;
}
