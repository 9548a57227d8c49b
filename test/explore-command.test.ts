/**
 * `hogvec explore` as a child process, from the TypeScript source: the URL
 * as the first line, the API answering for a word2vec file and a
 * checkpoint, usage mistakes, a taken port, and Ctrl-C (SIGINT) and SIGTERM
 * ending it with exit code 0 and the port free again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';

import { train } from '../lib/index';
import { exploreVectors } from './support/explore-vectors';

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'lib', 'cli', 'main.ts');
const TSX = require.resolve('tsx/cjs', { paths: [ROOT] });

const WORK = fs.mkdtempSync(path.join(os.tmpdir(), 'explore-command-'));
t.teardown(() => fs.rmSync(WORK, { recursive: true, force: true }));
// A CommonJS entry that requires the source (as test/cli.test.ts runs the command).
const ENTRY = path.join(WORK, 'hogvec.cjs');
fs.writeFileSync(ENTRY, `require(${JSON.stringify(MAIN)}).cli();\n`);

const wv = exploreVectors();
const VECTORS = path.join(WORK, 'vectors.bin');
const CHECKPOINT = path.join(WORK, 'model.hogvec');
const CORPUS = path.join(WORK, 'corpus.txt');

t.before(async () => {
  await wv.save(VECTORS);
  fs.writeFileSync(CORPUS, 'the king and the queen walked to the city with the man and the woman\n'.repeat(40));
  // A checkpoint of a tiny trained model.
  const model = await train({ corpus: CORPUS, dim: 8, epochs: 1, minCount: 1, threads: 1, seed: 1 });
  await model.save(CHECKPOINT);
});

interface Running {
  child: ChildProcess;
  /** Resolves with the first line of standard output. */
  firstLine: Promise<string>;
  /** Resolves when the process ends. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function explore(args: readonly string[]): Running {
  const child = spawn(process.execPath, ['--require', TSX, ENTRY, 'explore', ...args], {
    cwd: WORK,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let lineFound: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (lineFound = resolve));
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    if (stdout.includes('\n')) lineFound(stdout.slice(0, stdout.indexOf('\n')));
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => {
        lineFound('');
        resolve({ code, signal, stdout, stderr });
      });
    },
  );
  return { child, firstLine, exit };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  t.test(`serves the vectors, prints the URL first, and ${signal} stops it cleanly`, async (t) => {
    const run = explore([VECTORS, '--port', '0']);
    const url = await run.firstLine;
    t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/, 'the first line is the URL, on loopback');
    const port = Number(new URL(url).port);
    const model = (await (await fetch(`${url}api/model`)).json()) as { name: string; words: number; dim: number };
    t.same(model, { ...model, name: 'vectors.bin', words: wv.size, dim: wv.dim });
    const neighbours = (await (await fetch(`${url}api/neighbours?word=king&top=3`)).json()) as {
      neighbours: { word: string }[];
    };
    t.same(
      neighbours.neighbours.map((n) => n.word),
      wv.mostSimilar('king', { topK: 3 }).map((n) => n.word),
    );
    // An open keep-alive connection must not hold the process.
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    t.equal(await portIsFree(port), false, 'the port is taken while it runs');
    run.child.kill(signal);
    const { code, signal: killedBy, stdout, stderr } = await run.exit;
    socket.destroy();
    t.equal(code, 0, `${signal} ends it with exit code 0`);
    t.equal(killedBy, null, 'it exits by itself, not killed');
    t.match(
      stdout,
      /^http:\/\/127\.0\.0\.1:\d+\/\nExploring 176 words of dim 32 from .*vectors\.bin \(binary\); press Ctrl-C to stop\.\n$/,
    );
    t.equal(stderr, '', 'nothing on stderr');
    t.equal(await portIsFree(port), true, 'the port is free afterwards');
  });
}

t.test('a checkpoint works too', async (t) => {
  const run = explore([CHECKPOINT, '-p', '0']);
  const url = await run.firstLine;
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const reply = await fetch(`${url}api/neighbours?word=king&top=2`);
  t.equal(reply.status, 200);
  run.child.kill('SIGINT');
  const { code, stdout } = await run.exit;
  t.equal(code, 0);
  t.match(stdout, /\(checkpoint\)/);
});

t.test('--host names the address, and other than loopback it warns', async (t) => {
  const run = explore([VECTORS, '--port', '0', '--host', '::1']);
  const url = await run.firstLine;
  if (url === '') {
    // No IPv6 loopback on this machine: the error must say so clearly.
    const { code, stderr } = await run.exit;
    t.equal(code, 1);
    t.match(stderr, /^hogvec explore: (::1 is not an address of this machine|cannot listen on ::1)/);
    return;
  }
  t.match(url, /^http:\/\/\[::1\]:\d+\/$/, 'an IPv6 address in brackets');
  run.child.kill('SIGINT');
  t.equal((await run.exit).code, 0);

  const open = explore([VECTORS, '--port', '0', '--host', '0.0.0.0']);
  t.match(await open.firstLine, /^http:\/\/0\.0\.0\.0:\d+\/$/);
  open.child.kill('SIGINT');
  const { code, stderr } = await open.exit;
  t.equal(code, 0);
  t.match(
    stderr,
    /^hogvec explore: listening on 0\.0\.0\.0: anyone who can reach this machine on port \d+ can use the page/,
  );
});

t.test('usage mistakes and a taken port: one clear line and the right exit code', async (t) => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
  const taken = (blocker.address() as net.AddressInfo).port;
  const cases: [string[], number, RegExp][] = [
    [[], 2, /^hogvec explore: no vectors file given/],
    [[path.join(WORK, 'missing.bin')], 2, /^hogvec explore: vectors file '.*missing\.bin' does not exist/],
    [[VECTORS, 'extra'], 2, /^hogvec explore: unexpected argument 'extra'/],
    [[VECTORS, '--port', '70000'], 2, /^hogvec explore: --port must be between 0 and 65535 \(received 70000\)/],
    [[VECTORS, '--port', 'abc'], 2, /^hogvec explore: Expected integer for --port but received 'abc'/],
    [[VECTORS, '-p', '-1'], 2, /^hogvec explore: -p must be between 0 and 65535 \(received -1\)/],
    [[VECTORS, '--host', ''], 2, /^hogvec explore: --host must not be empty/],
    [[VECTORS, '--bogus'], 2, /^hogvec explore: unknown flag '--bogus'/],
    [
      [VECTORS, '--port', String(taken)],
      1,
      new RegExp(
        `^hogvec explore: port ${taken} on 127\\.0\\.0\\.1 is in use; choose another with --port N, or --port 0 for a free one\\n$`,
      ),
    ],
    [
      [VECTORS, '--port', '0', '--host', 'no-such-host.invalid'],
      1,
      /^hogvec explore: unknown host 'no-such-host\.invalid'\n$/,
    ],
  ];
  for (const [args, expectedCode, message] of cases) {
    const { code, stdout, stderr } = await explore(args).exit;
    t.equal(code, expectedCode, `${args.join(' ')}: exit code ${expectedCode}`);
    t.match(stderr, message, `${args.join(' ')}: message`);
    t.equal(stdout, '', `${args.join(' ')}: no URL printed`);
    t.notMatch(stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace');
  }
  await new Promise<void>((resolve) => blocker.close(() => resolve()));
});
