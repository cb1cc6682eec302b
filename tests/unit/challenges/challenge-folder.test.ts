import { describe, expect, it } from 'vitest';
import { challengeFromFolder } from '../../../src/challenges/challenge-folder.ts';
import { challengeFileOf, challengeFolderPath, checkModulePath } from '../../../src/challenges/challenge-name.ts';

const folder = {
  'start/server.js': 'server start',
  'start/client.js': 'client',
  'solution/server.js': 'server solved',
};

describe('a challenge folder', () => {
  it('shows its start files as tabs, the server first, and its solution files for 정답 보기', () => {
    expect(challengeFromFolder('handshake/accept', folder, { server: 'server.js' }, true)).toEqual({
      name: 'handshake/accept',
      files: { 'server.js': 'server start', 'client.js': 'client' },
      solution: { 'server.js': 'server solved' },
      server: 'server.js',
    });
  });

  it('orders the tabs by name without an entry, and as playground.json lists them when it does', () => {
    expect(Object.keys(challengeFromFolder('a/b', folder, undefined, true).files)).toEqual(['client.js', 'server.js']);
    const program = challengeFromFolder('a/b', folder, { program: 'client.js', tabs: ['server.js', 'client.js'] }, true);
    expect(Object.keys(program.files)).toEqual(['server.js', 'client.js']);
    expect(program.program).toBe('client.js');
    expect(program.server).toBeUndefined();
  });

  it('keeps files in subfolders of start/ under their path', () => {
    const nested = challengeFromFolder('a/b', { 'start/public/index.html': 'page', 'solution/public/index.html': 'better page' }, undefined, true);
    expect(nested.files).toEqual({ 'public/index.html': 'page' });
  });

  it('stops the build with the folder and the fix when something is missing or does not fit', () => {
    const broken = (files: Record<string, string>, settings: unknown, hasCheck = true) => () => challengeFromFolder('frames/lengths', files, settings, hasCheck);
    expect(broken(folder, undefined, false)).toThrow(/content\/docs\/frames\/challenges\/lengths\/.*check\.ts가 없습니다/);
    expect(broken({ 'solution/server.js': 'x' }, undefined)).toThrow('start/에 파일이 없습니다');
    expect(broken({ 'start/server.js': 'x' }, undefined)).toThrow('solution/에 파일이 없습니다');
    expect(broken({ ...folder, 'solution/other.js': 'x' }, undefined)).toThrow('solution/other.js에 맞는 start/other.js이 없습니다');
    expect(broken(folder, { server: 'main.js' })).toThrow('server 파일 main.js이 start/에 없습니다');
    expect(broken(folder, { server: 'server.js', program: 'client.js' })).toThrow('server와 program 중 하나만');
    expect(broken(folder, { tabs: ['server.js'] })).toThrow('tabs는 start/의 파일을 모두');
    expect(broken(folder, { serve: 'server.js' })).toThrow('playground.json을 읽을 수 없습니다');
    expect(broken(folder, { server: 8080 })).toThrow('playground.json을 읽을 수 없습니다');
  });
});

describe('challenge names and paths', () => {
  it('finds the folder and the check of "<chapter>/<name>"', () => {
    expect(challengeFolderPath('handshake/accept')).toBe('/content/docs/handshake/challenges/accept');
    expect(checkModulePath('handshake/accept')).toBe('/content/docs/handshake/challenges/accept/check.ts');
  });

  it('refuses a malformed name rather than reaching outside content/docs', () => {
    for (const name of ['accept', '../x/y', 'a/b/c', 'a/', '/b', 'a/b.ts']) expect(checkModulePath(name)).toBeNull();
  });

  it('reads which challenge a file belongs to, from a glob key or a file system path', () => {
    expect(challengeFileOf('/content/docs/handshake/challenges/accept/start/server.js')).toEqual({ name: 'handshake/accept', chapter: 'handshake', file: 'start/server.js' });
    expect(challengeFileOf('/home/me/repo/content/docs/testing/challenges/catch-the-bugs/check.ts')?.name).toBe('testing/catch-the-bugs');
    expect(challengeFileOf('C:\\repo\\content\\docs\\a\\challenges\\b\\check.ts')?.file).toBe('check.ts');
    expect(challengeFileOf('/content/docs/handshake/examples/server.js')).toBeNull();
  });
});
