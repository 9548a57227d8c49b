/**
 * The C++ tests of the engine's parts: each program in test/native is
 * compiled against binding/core with the machine's C++ compiler (the one
 * that builds the addon) and run; each of its checks is a check here.
 *
 * - hot-rows-write-back.cpp: concurrent write-backs of the hot-row copies
 *   lose no change; a second build runs under ThreadSanitizer, which reports
 *   any write-back that touches a shared row while another does.
 * - training-memory.cpp: the out-of-memory message's numbers and the
 *   options it names.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';

const ROOT = path.resolve(__dirname, '..');
const CORE = path.join(ROOT, 'binding', 'core');
const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'native-core-test-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));

const compiler = process.env.CXX || 'c++';
/** A test program and the core sources it links. */
const PROGRAMS = {
  'hot-rows-write-back': ['hot_rows.cpp', 'memory.cpp'],
  'training-memory': ['training_memory.cpp', 'hot_rows.cpp', 'memory.cpp'],
} as const;
type Program = keyof typeof PROGRAMS;
// The test programs run without the sanitizer runtime a parent test run may preload.
const { LD_PRELOAD: _preload, ASAN_OPTIONS: _asan, UBSAN_OPTIONS: _ubsan, ...CLEAN_ENV } = process.env;

function build(program: Program, exe: string, flags: string[]): { ok: boolean; stderr: string } {
  const sources = [
    path.join(ROOT, 'test', 'native', `${program}.cpp`),
    ...PROGRAMS[program].map((f) => path.join(CORE, f)),
  ];
  const r = spawnSync(compiler, ['-std=c++17', '-pthread', ...flags, `-I${CORE}`, ...sources, '-o', exe], {
    encoding: 'utf8',
    env: CLEAN_ENV,
  });
  return { ok: r.status === 0, stderr: r.stderr };
}

function runChecks(t: Test, exe: string, args: string[]): void {
  const run = spawnSync(exe, args, { encoding: 'utf8', timeout: 120_000, env: CLEAN_ENV });
  const lines = run.stdout.split('\n').filter((l) => /^(not )?ok - /.test(l));
  t.ok(lines.length >= 5, `the test reports its checks (${lines.length})`);
  for (const line of lines) t.ok(line.startsWith('ok - '), line.replace(/^(not )?ok - /, ''));
  t.notMatch(run.stderr, /ThreadSanitizer/, 'no sanitizer report');
  t.equal(run.status, 0, `it exits 0\n${run.stderr.slice(0, 4000)}`);
}

t.test('concurrent write-backs of the hot-row copies lose no change', async (t) => {
  const exe = path.join(WORK, 'hot-rows-write-back');
  const b = build('hot-rows-write-back', exe, ['-O2']);
  t.ok(b.ok, `${compiler} builds the test\n${b.stderr}`);
  if (b.ok) runChecks(t, exe, []);
});

t.test('under ThreadSanitizer, no write-back races another', async (t) => {
  const exe = path.join(WORK, 'hot-rows-write-back-tsan');
  const b = build('hot-rows-write-back', exe, ['-O1', '-g', '-fsanitize=thread']);
  if (!b.ok && /tsan|sanitize/i.test(b.stderr)) {
    t.pass('ThreadSanitizer build', {
      skip: `${compiler} cannot build with -fsanitize=thread: ${b.stderr.split('\n')[0]}`,
    });
    return;
  }
  t.ok(b.ok, `${compiler} builds the test with -fsanitize=thread\n${b.stderr}`);
  if (b.ok) runChecks(t, exe, ['10']);
});

t.test('the out-of-memory message says what the run needs and which options lower it', async (t) => {
  const exe = path.join(WORK, 'training-memory');
  const b = build('training-memory', exe, ['-O1']);
  t.ok(b.ok, `${compiler} builds the test\n${b.stderr}`);
  if (b.ok) runChecks(t, exe, []);
});
