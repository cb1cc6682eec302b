import { randomBytes } from 'node:crypto';
import { chmod, chown, copyFile, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackageClosure } from './package-closure.ts';
import { sandboxError } from './sandbox-error.ts';

/**
 * Folders on disk. One root per manager:
 *
 *   <tmp>/ws-noriteo-sandbox-XXXXXX/     0711
 *     preload.cjs                        copied once, read-only for the child
 *     node_modules/ws → <project>/node_modules/ws   one symlink per allowed package
 *     <id>/                              0700, owned by the child's uid: the learner's files,
 *       package.json  server.js …        and, without bubblewrap, the port-<P>.sock sockets (with it: /run/ports, isolation.ts)
 *
 * Node's lookup from <id>/server.js walks up to <root>/node_modules, so `require("ws")` and
 * `import "socket.io"` work for CommonJS and ES modules alike, and finds nothing else.
 */
export interface WorkspaceRoot {
  readonly root: string;
  readonly preloadPath: string;
  readonly modulesLinkDir: string;
  /** Creates a sandbox folder with the learner's files in it. */
  createSandboxDir(files: Readonly<Record<string, string>>, entry: string, limits: FileLimits): Promise<{ id: string; dir: string }>;
  remove(): Promise<void>;
}

export interface FileLimits {
  files: number;
  filesBytes: number;
}

/** Roots are named for the server's pid, so a later server can tell (and remove) those of one that died. */
export const ROOT_PREFIX = 'ws-noriteo-sandbox-';
const PRELOAD_SOURCE = fileURLToPath(new URL('./preload.cjs', import.meta.url));
/** Unix socket paths are limited to 108 bytes (sun_path); ours must fit with room for the port. */
const MAX_SOCKET_PATH = 107;
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const ENTRY = /\.(?:js|mjs|cjs)$/;

/** Why a file name is refused, or null when it is fine. */
export function checkFileName(name: string): string | null {
  const segments = name.split('/');
  if (name.length > 100 || segments.length > 4) return `파일 이름이 너무 깁니다: ${name}`;
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    return `파일 이름에는 영문자, 숫자, '_', '-', '.'만 쓸 수 있고 '.'으로 시작할 수 없습니다: ${name}`;
  }
  if (segments[0] === 'node_modules' || name === 'package.json' || /^port-\d+\.sock$/.test(name)) {
    return `놀이터가 쓰는 이름이라 파일 이름으로 쓸 수 없습니다: ${name}`;
  }
  return null;
}

export function validateFiles(files: Readonly<Record<string, string>>, entry: string, limits: FileLimits): void {
  const names = Object.keys(files);
  if (names.length === 0) throw sandboxError('SANDBOX_BAD_FILES', '파일이 없습니다.');
  if (names.length > limits.files) throw sandboxError('SANDBOX_BAD_FILES', `파일은 ${limits.files}개까지 실행할 수 있습니다.`);
  let total = 0;
  for (const name of names) {
    const problem = checkFileName(name);
    if (problem !== null) throw sandboxError('SANDBOX_BAD_FILES', problem);
    const content = files[name];
    if (typeof content !== 'string') throw sandboxError('SANDBOX_BAD_FILES', `파일 내용이 문자열이 아닙니다: ${name}`);
    total += Buffer.byteLength(content);
  }
  if (total > limits.filesBytes) throw sandboxError('SANDBOX_BAD_FILES', `파일이 너무 큽니다 (모두 합쳐 ${Math.round(limits.filesBytes / 1024)} KB까지).`);
  if (!Object.hasOwn(files, entry)) throw sandboxError('SANDBOX_BAD_FILES', `실행할 파일 ${entry}이(가) 없습니다.`);
  if (!ENTRY.test(entry)) throw sandboxError('SANDBOX_BAD_FILES', `실행할 파일은 .js, .mjs, .cjs 파일이어야 합니다: ${entry}`);
}

export async function createWorkspaceRoot(options: {
  tempDir: string;
  closure: PackageClosure;
  owner: { uid: number; gid: number } | undefined;
}): Promise<WorkspaceRoot> {
  await removeStaleRoots(options.tempDir);
  const root = await mkdtemp(join(options.tempDir, `${ROOT_PREFIX}${process.pid}-`));
  // Traversable but not listable by others: the child (maybe another uid) must reach its folder.
  await chmod(root, 0o711);
  const preloadPath = join(root, 'preload.cjs');
  await copyFile(PRELOAD_SOURCE, preloadPath);
  await chmod(preloadPath, 0o444);
  const modulesLinkDir = join(root, 'node_modules');
  await mkdir(modulesLinkDir, { mode: 0o755 });
  for (const [name, folder] of options.closure.roots) {
    const link = join(modulesLinkDir, name);
    await mkdir(dirname(link), { recursive: true, mode: 0o755 });
    await symlink(folder, link);
  }
  if (join(root, 'x'.repeat(12), 'port-65535.sock').length > MAX_SOCKET_PATH) {
    await rm(root, { recursive: true, force: true });
    throw new Error(`sandbox temp folder path is too long for Unix sockets: ${root}`);
  }

  return {
    root,
    preloadPath,
    modulesLinkDir,
    async createSandboxDir(files, entry, limits) {
      validateFiles(files, entry, limits);
      const id = randomBytes(6).toString('hex');
      const dir = join(root, id);
      await mkdir(dir, { mode: 0o700 });
      // No "type": Node's own syntax detection decides per file whether it is CommonJS or an ES
      // module (line numbers stay as written); this file only stops the lookup from climbing
      // into folders we do not control.
      await writeFile(join(dir, 'package.json'), '{ "private": true }\n');
      for (const [name, content] of Object.entries(files)) {
        const path = join(dir, name);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, content);
      }
      if (options.owner !== undefined) await chownTree(dir, files, options.owner);
      return { id, dir };
    },
    async remove() {
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Removes roots left by playground servers that were killed before they could clean up. */
async function removeStaleRoots(tempDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(tempDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = new RegExp(`^${ROOT_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    await rm(join(tempDir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Gives the sandbox folder (and what we wrote in it) to the child's uid, so it can write there. */
async function chownTree(dir: string, files: Readonly<Record<string, string>>, owner: { uid: number; gid: number }): Promise<void> {
  const paths = new Set([dir, join(dir, 'package.json')]);
  for (const name of Object.keys(files)) {
    const parts = name.split('/');
    for (let i = 1; i <= parts.length; i += 1) paths.add(join(dir, ...parts.slice(0, i)));
  }
  for (const path of paths) await chown(path, owner.uid, owner.gid);
}
