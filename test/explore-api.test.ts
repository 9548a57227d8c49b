/**
 * The explorer's server (lib/explore): its JSON API against the library's
 * own answers (mostSimilar, analogy, projectWords), completion by prefix,
 * the validation of every parameter, unknown words, the page's files and
 * nothing else (no path reaches the disk), methods, the Host check that
 * stops DNS rebinding, escaping, and a clean close.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import t from 'tap';

import { startExplorer, type Explorer } from '../lib/explore/server';
import { MAX_COMPLETIONS, MAX_MAP_WORDS, MAX_TOP, MAX_WORD_LENGTH } from '../lib/explore/api';
import { PrefixIndex } from '../lib/explore/prefix-index';
import { projectWords } from '../lib/index';
import { exploreVectors, HOSTILE_WORDS } from './support/explore-vectors';
import { prng } from './support/prng';

const wv = exploreVectors();
let explorer: Explorer;

t.before(async () => {
  explorer = await startExplorer(wv, { port: 0, name: 'test.bin' });
});
t.teardown(() => explorer.close());

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** A raw request: the path goes out exactly as written (fetch would normalise '..'). */
function request(path: string, options: { method?: string; host?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: explorer.port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${explorer.port}` },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function getJson(path: string, status = 200): Promise<Record<string, unknown>> {
  const reply = await request(path);
  if (reply.status !== status) throw new Error(`${path}: expected ${status}, got ${reply.status}: ${reply.text}`);
  return JSON.parse(reply.text) as Record<string, unknown>;
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

t.test('listens on loopback by default, and its URL says where', async (t) => {
  t.match(explorer.url, new RegExp(`^http://127\\.0\\.0\\.1:${explorer.port}/$`));
  const other = await startExplorer(wv, { port: 0 });
  try {
    const reply = await fetch(`${other.url}api/model`);
    t.equal(reply.status, 200);
    t.not(other.port, explorer.port, 'port 0 picks a free port');
  } finally {
    await other.close();
  }
});

t.test('the page and its files, with headers that confine them', async (t) => {
  const page = await request('/');
  t.equal(page.status, 200);
  t.match(page.headers['content-type'], /^text\/html; charset=utf-8/);
  t.match(page.text, /<script type="module" src="\/explore\.js"><\/script>/);
  t.match(page.headers['content-security-policy'], /default-src 'none'/);
  t.match(page.headers['content-security-policy'], /script-src 'self'/);
  t.match(page.headers['content-security-policy'], /frame-ancestors 'none'/);
  t.equal(page.headers['x-content-type-options'], 'nosniff');
  t.equal(page.headers['x-frame-options'], 'DENY');
  const reload = await request('/?word=king', {});
  t.equal(reload.status, 200, 'a view link serves the page');
  for (const [path, type] of [
    ['/explore.js', /^text\/javascript/],
    ['/explore.css', /^text\/css/],
    ['/favicon.svg', /^image\/svg\+xml/],
  ] as const) {
    const reply = await request(path);
    t.equal(reply.status, 200, path);
    t.match(reply.headers['content-type'], type, `${path} content type`);
  }
  const head = await request('/', { method: 'HEAD' });
  t.equal(head.status, 200);
  t.equal(head.text, '', 'HEAD has no body');
});

t.test('the model: its name (no folder), size, dim and frequent words', async (t) => {
  t.same(await getJson('/api/model'), {
    name: 'test.bin',
    words: wv.size,
    dim: wv.dim,
    examples: wv.words.slice(0, 8),
  });
});

t.test('completion: words with the prefix, most frequent first, bounded', async (t) => {
  const expected = (prefix: string, limit: number) => wv.words.filter((w) => w.startsWith(prefix)).slice(0, limit);
  for (const [prefix, limit] of [
    ['ki', 10],
    ['kin1', 5],
    ['kin1', 20],
    ['kin', 50],
    ['k', 1],
    ['q', 10],
    ['<', 10],
    ['wo', 3],
    ['zzz', 10],
  ] as const) {
    const body = await getJson(`/api/complete?${query({ prefix, limit: String(limit) })}`);
    t.same(body, { prefix, words: expected(prefix, limit) }, `prefix '${prefix}', limit ${limit}`);
  }
  t.same((await getJson('/api/complete?prefix=ki')).words, expected('ki', 10), 'ten by default');
  t.same(
    (await getJson('/api/complete?prefix=')).words,
    wv.words.slice(0, 10),
    'an empty prefix gives the most frequent words',
  );
  t.ok(expected('kin', 200).length > MAX_COMPLETIONS, 'the fixture has more matches than a reply may hold');
});

t.test('PrefixIndex: the same words as a scan of the whole vocabulary, by either path', async (t) => {
  const random = prng(21);
  const letters = 'abcé<';
  const word = () =>
    Array.from({ length: 1 + Math.floor(random() * 6) }, () => letters[Math.floor(random() * letters.length)]).join('');
  const words = [...new Set(Array.from({ length: 3000 }, word))];
  const index = new PrefixIndex(words);
  let checked = 0;
  for (let i = 0; i < 400; i++) {
    const prefix = i === 0 ? '' : word().slice(0, 1 + Math.floor(random() * 3));
    const limit = 1 + Math.floor(random() * 60);
    const expected = words.filter((w) => w.startsWith(prefix)).slice(0, limit);
    const found = index.complete(prefix, limit);
    if (JSON.stringify(found) !== JSON.stringify(expected)) t.fail(`'${prefix}' limit ${limit}: ${found.join(' ')}`);
    else checked++;
    if (index.hasPrefix(prefix) !== expected.length > 0) t.fail(`hasPrefix('${prefix}')`);
  }
  t.equal(checked, 400, 'every prefix, short (many matches) and long (few)');
  t.same(index.complete('a', 0), [], 'a limit of 0 gives nothing');
});

t.test('neighbours: the native search answer, and the map of the word and its neighbours', async (t) => {
  for (const [word, top] of [
    ['king', 5],
    ['cat', 10],
    ['paris', 1],
    [HOSTILE_WORDS[0], 4],
  ] as const) {
    const body = await getJson(`/api/neighbours?${query({ word, top: String(top) })}`);
    const expected = wv.mostSimilar(word, { topK: top });
    const neighbours = body.neighbours as { word: string; similarity: number }[];
    t.same(
      neighbours.map((n) => n.word),
      expected.map((e) => e.word),
      `${word}: the words`,
    );
    neighbours.forEach((n, i) =>
      t.ok(Math.abs(n.similarity - expected[i].similarity) < 1e-6, `${word}: similarity ${i}`),
    );
    const points = body.points as { word: string; x: number; y: number; role: string }[];
    const projected = projectWords(wv, [word, ...expected.map((e) => e.word)]);
    t.same(
      points.map((p) => [p.word, p.role]),
      projected.map((p, i) => [p.word, i === 0 ? 'query' : 'answer']),
      `${word}: the map's words`,
    );
    points.forEach((p, i) =>
      t.ok(Math.abs(p.x - projected[i].x) < 1e-5 && Math.abs(p.y - projected[i].y) < 1e-5, `${word}: point ${i}`),
    );
  }
  t.equal(((await getJson('/api/neighbours?word=king')).neighbours as unknown[]).length, 10, 'ten by default');
});

t.test('analogies: 3CosAdd and 3CosMul as WordVectors.analogy answers them', async (t) => {
  for (const method of ['3CosAdd', '3CosMul'] as const) {
    const body = await getJson(`/api/analogy?${query({ a: 'man', b: 'king', c: 'woman', method, top: '3' })}`);
    const expected = wv.analogy('man', 'king', 'woman', { method, topK: 3 });
    const answers = body.answers as { word: string; similarity: number }[];
    t.same(
      answers.map((a) => a.word),
      expected.map((e) => e.word),
      method,
    );
    t.equal(answers[0].word, 'queen', `${method}: man : king :: woman : queen`);
    answers.forEach((a, i) => t.ok(Math.abs(a.similarity - expected[i].similarity) < 1e-6, `${method}: score ${i}`));
    t.equal(body.method, method);
    const points = body.points as { word: string; role: string }[];
    t.same(
      points.map((p) => p.role),
      ['query', 'query', 'query', 'answer', 'answer', 'answer'],
    );
  }
  const byDefault = await getJson(`/api/analogy?${query({ a: 'france', b: 'paris', c: 'italy' })}`);
  t.equal(byDefault.method, '3CosAdd', '3CosAdd by default');
  t.equal((byDefault.answers as { word: string }[])[0].word, 'rome');
});

t.test('maps of listed words: PCA of exactly those words', async (t) => {
  const words = ['cat', 'dog', 'red', 'blue', HOSTILE_WORDS[1]];
  const body = await getJson(`/api/map?${query({ words: ` ${words.join(' , ')},cat,` })}`);
  t.same(body.words, words, 'trimmed, empty entries and repeats dropped');
  const projected = projectWords(wv, words);
  (body.points as { word: string; x: number; y: number }[]).forEach((p, i) => {
    t.equal(p.word, words[i]);
    t.ok(Math.abs(p.x - projected[i].x) < 1e-5 && Math.abs(p.y - projected[i].y) < 1e-5, `point ${i}`);
  });
});

t.test('unknown words: a 404 with a message and suggestions, never a server error', async (t) => {
  const king = await getJson('/api/neighbours?word=Kingg', 404);
  t.equal(king.error, "'Kingg' is not in the vocabulary");
  t.same(king.unknown, ['Kingg']);
  t.ok((king.suggestions as string[]).includes('king'), 'suggests king');
  const upper = await getJson('/api/neighbours?word=CAT', 404);
  t.equal((upper.suggestions as string[])[0], 'cat', 'another case of the word first');
  const analogy = await getJson(`/api/analogy?${query({ a: 'man', b: 'kingz', c: 'nobody' })}`, 404);
  t.equal(analogy.error, "'kingz', 'nobody' are not in the vocabulary");
  const map = await getJson(`/api/map?${query({ words: 'cat,dgo' })}`, 404);
  t.same(map.unknown, ['dgo']);
  const garbled = await getJson('/api/neighbours?word=%E0%A4%A', 404);
  t.match(garbled.error, /is not in the vocabulary/, 'a broken escape is only an unknown word');
});

t.test('every parameter is validated: a 400 that names it', async (t) => {
  const long = 'x'.repeat(MAX_WORD_LENGTH + 1);
  const many = Array.from({ length: MAX_MAP_WORDS + 1 }, (_, i) => `kin${i}`).join(',');
  const cases: [string, RegExp][] = [
    ['/api/neighbours', /^parameter 'word' is missing$/],
    ['/api/neighbours?word=', /^parameter 'word' is empty$/],
    [`/api/neighbours?word=${long}`, /^parameter 'word' is longer than 200 characters$/],
    ['/api/neighbours?word=king&top=0', /^parameter 'top' must be an integer between 1 and 100, not '0'$/],
    [`/api/neighbours?word=king&top=${MAX_TOP + 1}`, /^parameter 'top' must be an integer between 1 and 100/],
    ['/api/neighbours?word=king&top=1.5', /^parameter 'top' must be an integer/],
    ['/api/neighbours?word=king&top=-3', /^parameter 'top' must be an integer/],
    ['/api/neighbours?word=king&top=1e2', /^parameter 'top' must be an integer/],
    ['/api/neighbours?word=king&top=', /^parameter 'top' must be an integer/],
    ['/api/neighbours?word=king&top=99999999999999999999', /^parameter 'top' must be an integer/],
    ['/api/neighbours?word=king&word=queen', /^parameter 'word' is given more than once$/],
    ['/api/neighbours?word=king&topk=3', /^unknown parameter 'topk'; expected 'word', 'top'$/],
    ['/api/neighbours?word=king&__proto__=1', /^unknown parameter '__proto__'/],
    ['/api/analogy?a=man&b=king', /^parameter 'c' is missing$/],
    [
      '/api/analogy?a=man&b=king&c=woman&method=3cosadd',
      /^parameter 'method' must be 3CosAdd or 3CosMul, not '3cosadd'$/,
    ],
    ['/api/complete', /^parameter 'prefix' is missing$/],
    ['/api/complete?prefix=k&limit=51', /^parameter 'limit' must be an integer between 1 and 50/],
    [`/api/complete?prefix=${long}`, /^parameter 'prefix' is longer than 200 characters$/],
    ['/api/map?words=cat', /^parameter 'words' needs at least two words/],
    ['/api/map?words=,,', /^parameter 'words' needs at least two words/],
    [`/api/map?words=${many}`, /^parameter 'words' holds 201 words; a map takes at most 200$/],
    [`/api/map?words=cat,${long}`, /^parameter 'words' is longer than 200 characters$/],
    ['/api/model?x=1', /^unknown parameter 'x'; this request takes none$/],
    ['/explore.js?v=2', /^\/explore\.js takes no parameters$/],
  ];
  for (const [path, message] of cases) {
    const reply = await request(path);
    t.equal(reply.status, 400, `${path.slice(0, 70)}: 400`);
    t.match((JSON.parse(reply.text) as { error: string }).error, message, `${path.slice(0, 70)}: message`);
  }
});

t.test('only its own page and API: no path reaches the disk', async (t) => {
  const paths = [
    '/../package.json',
    '/..%2fpackage.json',
    '/%2e%2e/package.json',
    '/%2E%2E%2Fpackage.json',
    '/explore.js/../../package.json',
    '/./explore.js',
    '//explore.js',
    '/index.html',
    '/web/explore/index.html',
    '/lib/explore/server.ts',
    '/package.json',
    '/api',
    '/api/',
    '/api/neighbours/',
    '/api/Neighbours?word=king',
    '/__proto__',
    '/constructor',
    '/api/constructor',
    '/api/__proto__',
    '/explore.js%00',
    '/%00',
    '/\\..\\package.json',
    'http://127.0.0.1/etc/passwd',
    '*',
  ];
  for (const path of paths) {
    const reply = await request(path);
    t.equal(reply.status, 404, `${path}: 404`);
    t.notMatch(reply.text, /"version"|hogvec@|#!\/|import /, `${path}: no file content`);
  }
});

t.test('GET and HEAD only', async (t) => {
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const reply = await request('/api/neighbours?word=king', { method });
    t.equal(reply.status, 405, method);
    t.equal(reply.headers.allow, 'GET, HEAD');
  }
});

t.test('on loopback, only requests addressed to loopback (DNS rebinding)', async (t) => {
  for (const host of [
    'evil.example',
    `evil.example:${explorer.port}`,
    `192.168.1.2:${explorer.port}`,
    `localhost.evil.example`,
  ]) {
    const reply = await request('/api/model', { host });
    t.equal(reply.status, 403, `Host ${host}: refused`);
    t.match(reply.text, /answers only requests for its loopback address/);
  }
  for (const host of [
    `localhost:${explorer.port}`,
    `127.0.0.1:${explorer.port}`,
    'LOCALHOST',
    `[::1]:${explorer.port}`,
    '127.1.2.3',
  ]) {
    t.equal((await request('/api/model', { host })).status, 200, `Host ${host}: served`);
  }
});

t.test('JSON answers escape markup, and words come back intact', async (t) => {
  for (const word of HOSTILE_WORDS) {
    const reply = await request(`/api/neighbours?${query({ word, top: '3' })}`);
    t.equal(reply.status, 200, word);
    t.notMatch(reply.text, /[<>&]/, `${word}: no raw <, > or & in the answer`);
    t.equal((JSON.parse(reply.text) as { word: string }).word, word, `${word}: intact after parsing`);
  }
  const unknown = await request(`/api/neighbours?${query({ word: '<b>x</b>' })}`);
  t.equal(unknown.status, 404);
  t.notMatch(unknown.text, /[<>]/, 'the echoed unknown word is escaped too');
});

t.test('a closed explorer frees its port, even with a connection open', async (t) => {
  const mine = await startExplorer(wv, { port: 0 });
  const socket = net.connect(mine.port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.on('error', () => undefined);
  await mine.close();
  const again = net.createServer();
  await new Promise<void>((resolve, reject) => {
    again.once('error', reject);
    again.listen(mine.port, '127.0.0.1', () => resolve());
  });
  t.pass(`port ${mine.port} is free again`);
  await new Promise<void>((resolve) => again.close(() => resolve()));
  socket.destroy();
});

t.test('a taken port and a bad port are clear errors', async (t) => {
  await t.rejects(startExplorer(wv, { port: explorer.port }), {
    message: new RegExp(
      `^port ${explorer.port} on 127\\.0\\.0\\.1 is in use; choose another with --port N, or --port 0`,
    ),
  });
  await t.rejects(startExplorer(wv, { port: 70000 }), {
    name: 'RangeError',
    message: 'Expected integer between 0 and 65535 for port but received 70000 of type number',
  });
  await t.rejects(startExplorer(wv, { prot: 8000 } as never), {
    name: 'TypeError',
    message: /^Unknown option 'prot' \(did you mean 'port'\?\)/,
  });
});
