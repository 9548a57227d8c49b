/**
 * The explorer's page in a real browser: Debian's headless Chromium, driven
 * by puppeteer-core (which downloads no browser). Typing completes words and
 * shows neighbours, clicking a point queries it, the analogy form answers,
 * links reproduce views, unknown words and bad links get a message, hostile
 * words stay text, the map's labels never overlap, zooming (buttons or wheel)
 * spreads the points and a drag moves them without querying. Answers are
 * compared with the library's own. A screenshot goes to
 * the test's output folder (.tap/fixtures/...). Without Chromium the test is
 * skipped, except under CI=true, where it fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import t, { type Test } from 'tap';

import { startExplorer, type Explorer } from '../lib/explore/server';
import { exploreVectors, HOSTILE_WORDS } from './support/explore-vectors';

const CI = process.env.CI === 'true';

// The callbacks given to page.evaluate and $eval run in the page, where these
// exist; the project's types are Node's, without the DOM.
interface PageElement {
  hidden: boolean;
  textContent: string | null;
  value: string;
  dataset: Record<string, string | undefined>;
  getBoundingClientRect(): { left: number; top: number; right: number; bottom: number; width: number; height: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  closest(selector: string): PageElement | null;
}
declare const document: {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
  elementFromPoint(x: number, y: number): PageElement | null;
  scripts: ArrayLike<unknown>;
};

/** Debian's chromium package; HOGVEC_CHROMIUM names another build. */
const CHROMIUM = process.env.HOGVEC_CHROMIUM ?? '/usr/bin/chromium';

function needsChromium(): { skip: string | false } {
  if (existsSync(CHROMIUM)) return { skip: false };
  if (CI) {
    t.fail(`${CHROMIUM} is missing, and under CI=true the browser tests must run (.ci/run installs Debian's chromium)`);
    return { skip: false };
  }
  return {
    skip: `${CHROMIUM} is absent: install Debian's chromium (apt-get install chromium) to run the page's tests`,
  };
}

const wv = exploreVectors();

t.test('the explore page in headless Chromium', needsChromium(), async (t) => {
  const explorer = await startExplorer(wv, { port: 0, name: 'fixture.bin' });
  t.teardown(() => explorer.close());
  const profile = mkdtempSync(path.join(os.tmpdir(), 'explore-chromium-'));
  t.teardown(() => rmSync(profile, { recursive: true, force: true }));
  // Under test:sanitize node runs with the ASan runtime preloaded; Chromium hangs with it, so it starts without.
  const { LD_PRELOAD: _preload, ...browserEnv } = process.env;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    env: browserEnv,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(() => browser.close());

  await t.test('typing a word completes it and shows its neighbours', async (t) => {
    const { page, problems } = await open(t, browser, explorer, '');
    await page.waitForFunction(() => document.querySelectorAll('#map .point').length > 0);
    await page.type('#word', 'ki');
    await page.waitForFunction(() => !document.querySelector('#completions')?.hidden);
    const offered = await page.$$eval('#completions li', (items) => items.map((li) => li.textContent));
    t.same(offered, wv.words.filter((w) => w.startsWith('ki')).slice(0, 12), 'the most frequent words with the prefix');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Nearest to king');
    t.equal(new URL(page.url()).search, '?word=king', 'the link reproduces the view');
    await checkNeighbours(t, page, 'king');
    await checkLabels(t, page);

    // A whole word and Enter, without the list.
    await page.click('#word', { count: 3 });
    await page.type('#word', 'paris');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await waitForTitle(page, 'Nearest to paris');
    await checkNeighbours(t, page, 'paris');

    const output = outputFolder(t);
    const screenshot = path.join(output, 'explore.png');
    await page.goto(`${explorer.url}?word=king`);
    await waitForTitle(page, 'Nearest to king');
    await page.screenshot({ path: screenshot, fullPage: true });
    t.same(
      [...readFileSync(screenshot).subarray(0, 8)],
      [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
      'a PNG screenshot',
    );
    t.comment(`screenshot: ${screenshot}`);
    t.same(problems, [], 'no script error, failed request or policy violation');
  });

  await t.test('clicking a point makes it the query; zoom spreads the points', async (t) => {
    const { page, problems } = await open(t, browser, explorer, '?word=king');
    await waitForTitle(page, 'Nearest to king');
    const before = await pointCentres(page);
    // Two points near the middle, which stay in view when zoomed in 1.5 times.
    const central = Object.keys(before).filter(
      (w) => Math.abs(before[w][0] - 360) < 200 && Math.abs(before[w][1] - 280) < 150,
    );
    if (central.length < 2) throw new Error(`too few points near the middle: ${JSON.stringify(before)}`);
    const [u, v] = central;
    const spread = (c: Record<string, [number, number]>) => Math.hypot(c[u][0] - c[v][0], c[u][1] - c[v][1]);
    await page.click('#zoom-in');
    const after = await pointCentres(page);
    t.ok(
      Math.abs(spread(after) / spread(before) - 1.5) < 0.02,
      `zoom in: ${u} and ${v} 1.5 times further apart (${(spread(after) / spread(before)).toFixed(3)})`,
    );
    await checkLabels(t, page);
    await page.click('#zoom-reset');
    t.ok(Math.abs(spread(await pointCentres(page)) / spread(before) - 1) < 0.01, 'reset: back to the first view');

    // The wheel zooms in too; a drag moves every point by the same amount and queries nothing.
    const frame = await page.$eval('#map', (svg) => {
      const r = svg.getBoundingClientRect();
      return { x: r.left, y: r.top, width: r.width, height: r.height };
    });
    await page.mouse.move(frame.x + frame.width / 2, frame.y + frame.height / 2);
    await page.mouse.wheel({ deltaY: -200 });
    t.ok(spread(await pointCentres(page)) > spread(before) * 1.1, 'the wheel zooms in');
    await page.click('#zoom-reset');
    const still = await pointCentres(page);
    // From an empty corner, 60 screen pixels right and 40 down.
    const scale = 720 / frame.width;
    await page.mouse.move(frame.x + 6, frame.y + frame.height - 6);
    await page.mouse.down();
    await page.mouse.move(frame.x + 36, frame.y + frame.height + 14, { steps: 4 });
    await page.mouse.move(frame.x + 66, frame.y + frame.height + 34, { steps: 4 });
    await page.mouse.up();
    const moved = await pointCentres(page);
    const shifts = Object.keys(moved)
      .filter((w) => w in still)
      .map((w) => [moved[w][0] - still[w][0], moved[w][1] - still[w][1]]);
    t.ok(shifts.length >= 2, 'points still in view after the drag');
    t.ok(
      shifts.every(([dx, dy]) => Math.abs(dx - 60 * scale) < 1 && Math.abs(dy - 40 * scale) < 1),
      'a drag moves the map with the pointer',
    );
    t.equal(new URL(page.url()).search, '?word=king', 'a drag is not a click');
    await page.click('#zoom-reset');

    // A neighbour whose point is not covered by another one.
    const target = await page.evaluate(() => {
      for (const g of document.querySelectorAll('#map .point.answer')) {
        const box = g.querySelector('circle')?.getBoundingClientRect();
        if (!box) continue;
        const [x, y] = [box.left + box.width / 2, box.top + box.height / 2];
        if (
          (document.elementFromPoint(x, y)?.closest('.point') as PageElement | null)?.dataset.word === g.dataset.word
        ) {
          return { word: g.dataset.word ?? '', x, y };
        }
      }
      return undefined;
    });
    if (target === undefined) throw new Error('no neighbour point is free to click');
    await page.mouse.click(target.x, target.y);
    await waitForTitle(page, `Nearest to ${target.word}`);
    t.equal(new URL(page.url()).searchParams.get('word'), target.word, `clicking ${target.word} queries it`);
    t.equal(await page.$eval('#word', (input) => (input as PageElement).value), target.word, 'the search box follows');
    await checkNeighbours(t, page, target.word);
    const query = await page.$$eval('#map .point.query', (points) =>
      points.map((p) => (p as PageElement).dataset.word),
    );
    t.same(query, [target.word], "the clicked word is the map's query now");

    await page.goBack();
    await waitForTitle(page, 'Nearest to king');
    t.pass('Back returns to the previous view');
    t.same(problems, []);
  });

  await t.test('the analogy form answers, with 3CosAdd and 3CosMul', async (t) => {
    const { page, problems } = await open(t, browser, explorer, '');
    for (const method of ['3CosMul', '3CosAdd'] as const) {
      for (const [id, word] of [
        ['#analogy-a', 'man'],
        ['#analogy-b', 'king'],
        ['#analogy-c', 'woman'],
      ]) {
        await page.click(id, { count: 3 });
        await page.type(id, word);
      }
      await page.select('#analogy-method', method);
      await page.click('#analogy button[type="submit"]');
      await waitForTitle(page, `man : king :: woman : ? (${method})`);
      const rows = await resultRows(page);
      const expected = wv.analogy('man', 'king', 'woman', { method, topK: 10 });
      t.same(
        rows.map((r) => r.word),
        expected.map((e) => e.word),
        `${method}: the answers`,
      );
      t.ok(closeScores(rows, expected), `${method}: the scores, to the 4 decimals shown`);
      t.equal(rows[0].word, 'queen');
      const link = new URL(page.url()).searchParams;
      t.equal(link.get('analogy'), 'man,king,woman');
      t.equal(link.get('method'), method === '3CosMul' ? '3CosMul' : null, `${method}: the link`);
      const mapped = await page.$$eval('#map .point', (points) => points.map((p) => (p as PageElement).dataset.word));
      t.same(new Set(mapped), new Set(['man', 'king', 'woman', ...expected.map((e) => e.word)]), `${method}: the map`);
    }
    await page.click('#analogy-c', { count: 3 });
    await page.keyboard.press('Backspace');
    await page.click('#analogy button[type="submit"]');
    await waitForMessage(page, /^An analogy needs three words/);
    t.pass('a missing word is a message');
    t.same(problems, []);
  });

  await t.test('links reproduce views', async (t) => {
    const { page, problems } = await open(t, browser, explorer, '?analogy=france,paris,italy');
    await waitForTitle(page, 'france : paris :: italy : ? (3CosAdd)');
    t.equal((await resultRows(page))[0].word, 'rome');
    t.same(
      await page.$eval('#analogy-b', (input) => (input as PageElement).value),
      'paris',
      "the form shows the link's words",
    );

    await page.goto(`${explorer.url}?words=cat,dog,red,blue,one`);
    await page.waitForFunction(() => document.querySelectorAll('#map .point').length === 5);
    const words = await page.$$eval('#map .point', (points) =>
      points.map((p) => (p as PageElement).dataset.word).sort(),
    );
    t.same(words, ['blue', 'cat', 'dog', 'one', 'red'], 'the map holds the listed words');
    t.equal(await page.$eval('#results', (r) => (r as PageElement).hidden), true, 'a map of words has no table');

    await page.click('#words', { count: 3 });
    await page.type('#words', 'lion, tiger, seven');
    await page.click('#map-form button');
    await page.waitForFunction(() => document.querySelectorAll('#map .point').length === 3);
    t.equal(new URL(page.url()).searchParams.get('words'), 'lion,tiger,seven');
    t.same(problems, []);
  });

  await t.test('an unknown word or a bad link shows a message', async (t) => {
    const { page, problems } = await open(t, browser, explorer, '?word=kingg');
    await waitForMessage(page, /^'kingg' is not in the vocabulary/);
    t.equal(await page.$eval('#results', (r) => (r as PageElement).hidden), true, 'no results');
    t.equal(await page.$$eval('#map .point', (p) => p.length), 0, 'an empty map');
    await page.click('#message button.suggestion');
    await waitForTitle(page, 'Nearest to king');
    t.equal(await page.$eval('#message', (m) => (m as PageElement).hidden), true, 'the message goes with a good query');

    await page.click('#word', { count: 3 });
    await page.type('#word', 'nosuchword');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await waitForMessage(page, /^'nosuchword' is not in the vocabulary/);

    for (const [link, message] of [
      ['?analogy=man,king', /^An analogy link needs three words/],
      ['?analogy=man,king,woman&method=best', /^The method must be 3CosAdd or 3CosMul/],
      ['?words=cat', /^A map needs at least two words/],
      ['?analogy=man,kingz,woman', /^'kingz' is not in the vocabulary/],
      [`?word=${'x'.repeat(300)}`, /^parameter 'word' is longer than 200 characters/],
    ] as const) {
      await page.goto(`${explorer.url}${link}`);
      await waitForMessage(page, message);
      t.pass(`${link.slice(0, 40)}: a message`);
    }
    t.same(
      problems.filter((p) => !/status of (400|404)/.test(p)),
      [],
      'nothing else went wrong',
    );
  });

  await t.test('hostile words render as text', async (t) => {
    const { page, problems } = await open(t, browser, explorer, '');
    let dialogs = 0;
    page.on('dialog', (dialog) => {
      dialogs++;
      void dialog.dismiss();
    });
    for (const word of HOSTILE_WORDS) {
      await page.goto(`${explorer.url}?${new URLSearchParams({ word })}`);
      await waitForTitle(page, `Nearest to ${word}`);
      await checkNeighbours(t, page, word);
      const label = await page.$eval('#map .point.query', (g) => ({
        word: (g as PageElement).dataset.word,
        text: g.querySelector('text')?.textContent,
      }));
      t.same(label, { word, text: word }, `${word}: the map's label is the text`);
    }
    // The animals' neighbours hold hostile words too, as links.
    await page.goto(`${explorer.url}?word=cat`);
    await waitForTitle(page, 'Nearest to cat');
    const links = await page.$$eval('#results-table td.word a', (as) => as.map((a) => a.textContent));
    t.ok(
      HOSTILE_WORDS.some((w) => links.includes(w)),
      'a hostile neighbour is listed as text',
    );

    await page.goto(`${explorer.url}?${new URLSearchParams({ words: HOSTILE_WORDS.join(',') })}`);
    await page.waitForFunction((n) => document.querySelectorAll('#map .point').length === n, {}, HOSTILE_WORDS.length);
    await page.click('#word');
    await page.type('#word', '<');
    await page.waitForFunction(() => !document.querySelector('#completions')?.hidden);
    const offered = await page.$$eval('#completions li', (items) => items.map((li) => li.textContent));
    t.same(
      offered,
      wv.words.filter((w) => w.startsWith('<')),
      'completions are text',
    );

    await page.goto(`${explorer.url}?${new URLSearchParams({ word: '<b id="bold">x</b>' })}`);
    await waitForMessage(page, /^'<b id="bold">x<\/b>' is not in the vocabulary/);
    const injected = await page.evaluate(() => ({
      elements: document.querySelectorAll('img, b, iframe').length,
      svgs: document.querySelectorAll('svg').length,
      scripts: document.scripts.length,
    }));
    t.same(injected, { elements: 0, svgs: 1, scripts: 1 }, 'no element was made from a word');
    t.equal(dialogs, 0, 'no script of a word ever ran');
    t.same(
      problems.filter((p) => !/status of 404/.test(p)),
      [],
    );
  });
});

// ------------------------------------------------------------------ helpers

/** A new page at `link`, collecting script errors, failed requests and console errors. */
async function open(
  t: Test,
  browser: Browser,
  explorer: Explorer,
  link: string,
): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  t.teardown(() => page.close());
  await page.setViewport({ width: 1280, height: 820 });
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${String(err)}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => {
    // Aborted fetches are the page cancelling a stale query, not a failure.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()}`);
  });
  await page.goto(`${explorer.url}${link}`);
  await page.waitForFunction(() => document.querySelector('#model')?.textContent?.includes('words'));
  t.equal(await page.$eval('#model', (m) => m.textContent), `fixture.bin · ${wv.size} words · dim ${wv.dim}`);
  return { page, problems };
}

async function waitForTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (expected) =>
      document.querySelector('#results-title')?.textContent === expected && !document.querySelector('#results')?.hidden,
    {},
    title,
  );
}

async function waitForMessage(page: Page, text: RegExp): Promise<void> {
  await page.waitForFunction(
    (source) => {
      const message = document.querySelector('#message');
      return message !== null && !message.hidden && new RegExp(source).test(message.textContent ?? '');
    },
    {},
    text.source,
  );
}

async function resultRows(page: Page): Promise<{ word: string; score: string }[]> {
  return page.$$eval('#results-table tbody tr', (rows) =>
    rows.map((row) => ({
      word: row.querySelector('td.word')?.textContent ?? '',
      score: row.querySelector('.score-value')?.textContent ?? '',
    })),
  );
}

/** The table and the map hold the library's 15 nearest words, in order, with their similarities. */
async function checkNeighbours(t: Test, page: Page, word: string): Promise<void> {
  const expected = wv.mostSimilar(word, { topK: 15 });
  const rows = await resultRows(page);
  t.same(
    rows.map((r) => r.word),
    expected.map((e) => e.word),
    `${word}: the neighbours`,
  );
  t.ok(closeScores(rows, expected), `${word}: their similarities, to the 4 decimals shown`);
  const mapped = await page.$$eval('#map .point', (points) => points.map((p) => (p as PageElement).dataset.word));
  t.same(
    new Set(mapped),
    new Set([word, ...expected.map((e) => e.word)]),
    `${word}: the map shows the word and its neighbours`,
  );
}

function closeScores(rows: readonly { score: string }[], expected: readonly { similarity: number }[]): boolean {
  return (
    rows.length === expected.length &&
    rows.every((r, i) => /^-?\d\.\d{4}$/.test(r.score) && Math.abs(Number(r.score) - expected[i].similarity) <= 5.1e-5)
  );
}

/** No two labels of the map overlap, and the queried word is labelled. */
async function checkLabels(t: Test, page: Page): Promise<void> {
  const { boxes, queryLabelled } = await page.evaluate(() => ({
    boxes: [...document.querySelectorAll('#map .point text')].map((text) => {
      const r = text.getBoundingClientRect();
      return [r.left, r.top, r.right, r.bottom];
    }),
    queryLabelled: [...document.querySelectorAll('#map .point.query')].every((g) => g.querySelector('text') !== null),
  }));
  const overlapping: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const tolerance = 0.5;
      if (a[0] < b[2] - tolerance && b[0] < a[2] - tolerance && a[1] < b[3] - tolerance && b[1] < a[3] - tolerance) {
        overlapping.push(`${a.map(Math.round).join(',')} / ${b.map(Math.round).join(',')}`);
      }
    }),
  );
  t.ok(boxes.length >= 3, `${boxes.length} labels drawn`);
  t.same(overlapping, [], 'no two labels overlap');
  t.ok(queryLabelled, 'the queried word has its label');
}

async function pointCentres(page: Page): Promise<Record<string, [number, number]>> {
  return page.$$eval('#map .point', (points) =>
    Object.fromEntries(
      points.map((g) => {
        const circle = g.querySelector('circle');
        return [
          (g as PageElement).dataset.word,
          [Number(circle?.getAttribute('cx')), Number(circle?.getAttribute('cy'))],
        ];
      }),
    ),
  );
}

/** The test's output folder (kept after the run): .tap/fixtures/<test>. */
function outputFolder(t: Test): string {
  t.saveFixture = true;
  return t.testdir();
}
