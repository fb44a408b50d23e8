/**
 * A C program built against WASI libc (Debian's clang, lld and wasi-libc,
 * compiled at test time) reads a granted data set through Shoal's preopen the
 * way any libc program does: fopen/fread, opendir/readdir, stat, open/lseek/
 * read; writes and escapes fail with the errno libc reports. .ci/run installs
 * clang, lld, wasi-libc and libclang-rt-14-dev-wasm32.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { Executor } from '../../src/executors/index.js'

const READER = String.raw`
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void tried (const char *what, int failed) { printf("%s:%s\n", what, failed ? strerror(errno) : "ok"); }

int main (void) {
  char buf[256];
  FILE *f = fopen("/data/set/rows.csv", "r");
  if (f == NULL) { printf("fopen:%s\n", strerror(errno)); return 1; }
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  printf("read:%s", buf);
  fclose(f);
  DIR *d = opendir("/data/set");
  struct dirent *e;
  while ((e = readdir(d)) != NULL) if (e->d_name[0] != '.') printf("entry:%s:%s\n", e->d_name, e->d_type == DT_DIR ? "dir" : "file");
  closedir(d);
  struct stat st;
  tried("stat", stat("/data/set/sub/more.txt", &st) != 0);
  printf("size:%lld\n", (long long)st.st_size);
  int fd = open("/data/set/rows.csv", O_RDONLY);
  lseek(fd, 4, SEEK_SET);
  n = read(fd, buf, 3);
  buf[n] = 0;
  printf("seek:%s\n", buf);
  close(fd);
  tried("create", open("/data/set/new.txt", O_WRONLY | O_CREAT, 0644) < 0);
  tried("append", open("/data/set/rows.csv", O_WRONLY | O_APPEND) < 0);
  tried("unlink", unlink("/data/set/rows.csv") != 0);
  tried("mkdir", mkdir("/data/set/d", 0755) != 0);
  tried("rename", rename("/data/set/rows.csv", "/data/set/x.csv") != 0);
  tried("dotdot", open("/data/set/../../../etc/passwd", O_RDONLY) < 0);
  tried("absolute", open("/etc/passwd", O_RDONLY) < 0);
  tried("link-out", open("/data/set/escape", O_RDONLY) < 0);
  return 0;
}
`

describe('executors: a WASI libc program (C, clang) reads a granted data set', function () {
  this.timeout(60_000)
  let dir: string
  let module: Uint8Array
  let executor: Executor

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'shoal-libc-'))
    writeFileSync(join(dir, 'reader.c'), READER)
    execFileSync('clang', ['--target=wasm32-wasi', '-O2', '-o', join(dir, 'reader.wasm'), join(dir, 'reader.c')])
    module = new Uint8Array(readFileSync(join(dir, 'reader.wasm')))
    mkdirSync(join(dir, 'set', 'sub'), { recursive: true })
    writeFileSync(join(dir, 'set', 'rows.csv'), 'a,b\n1,2\n')
    writeFileSync(join(dir, 'set', 'sub', 'more.txt'), '12345')
    writeFileSync(join(dir, 'secret'), 'host file')
    execFileSync('ln', ['-s', join(dir, 'secret'), join(dir, 'set', 'escape')])
    executor = new Executor({ slots: 1 })
  })
  after(async () => {
    await executor?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('fopen, fread, readdir, stat, lseek work; writes, creates, renames and escapes fail with libc errnos', async () => {
    const r = await executor.run({ module, datasets: [{ name: 'set', source: { kind: 'directory', path: join(dir, 'set') } }] })
    const out = new TextDecoder().decode(r.stdout)
    expect(r.status, r.message).to.equal('ok')
    expect(r.exitCode, out).to.equal(0)
    expect(out.split('\n')).to.deep.equal([
      'read:a,b', '1,2',
      'entry:rows.csv:file', 'entry:sub:dir',
      'stat:ok', 'size:5',
      'seek:1,2',
      'create:Read-only file system',
      'append:Read-only file system',
      'unlink:Read-only file system',
      'mkdir:Read-only file system',
      'rename:Read-only file system',
      'dotdot:Capabilities insufficient',
      // libc finds no preopen that holds /etc: it never reaches the host
      'absolute:Capabilities insufficient',
      'link-out:Capabilities insufficient',
      ''
    ])
  })

  it('without the grant, libc finds no file system at all', async () => {
    const r = await executor.run({ module })
    expect(r.exitCode).to.equal(1)
    expect(new TextDecoder().decode(r.stdout)).to.match(/^fopen:/)
  })
})
