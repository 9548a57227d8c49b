/**
 * Word plots: the 2-D projection of chosen words that the CS224n word2vec
 * assignment's run.py draws (PCA: the centred vectors onto their first two
 * right singular vectors), and a self-contained SVG of it with labelled
 * points and axes that a browser shows as is.
 */
import { describeValue, invalidOptionError } from './errors';
import { checkOptions, integer, string, type Rule } from './validate';
import type { WordVectors } from './vectors';

/** A word at its place in the plane. */
export interface ProjectedWord {
  word: string;
  x: number;
  y: number;
}

/**
 * The 2-D PCA projection of `words`: their vectors, centred on their mean,
 * projected onto the first two principal axes (the right singular vectors of
 * the centred matrix, found by a Jacobi eigen-decomposition in double
 * precision). x has the largest spread, y the next; both have mean 0. The
 * sign of an axis is arbitrary in an SVD; here each axis points so that its
 * largest coordinate (in absolute value) is positive, so the picture is
 * repeatable. Throws an Error listing any words not in the vocabulary.
 */
export function projectWords(wv: WordVectors, words: readonly string[]): ProjectedWord[] {
  if (!Array.isArray(words) || words.length === 0 || words.some((w) => typeof w !== 'string')) {
    throw invalidOptionError('words', 'non-empty array of words', words, 'type');
  }
  const missing = words.filter((w) => !wv.has(w));
  if (missing.length > 0) {
    throw new Error(`Not in the vocabulary: ${missing.map((w) => describeValue(w)).join(', ')}`);
  }
  const n = words.length;
  const d = wv.dim;
  const x = new Float64Array(n * d);
  words.forEach((w, i) => x.set(wv.get(w) as Float32Array, i * d));
  centreColumns(x, n, d);

  // The scores X v_k equal u_k s_k; take them from whichever Gram matrix is smaller.
  const coords = [new Float64Array(n), new Float64Array(n)];
  if (n <= d) {
    const { values, vectors } = symmetricEigen(gram(x, n, d, 'rows'), n);
    for (let k = 0; k < Math.min(2, n); k++) {
      const s = Math.sqrt(Math.max(0, values[k]));
      for (let i = 0; i < n; i++) coords[k][i] = vectors[i * n + k] * s;
    }
  } else {
    const { vectors } = symmetricEigen(gram(x, n, d, 'columns'), d);
    for (let k = 0; k < Math.min(2, d); k++) {
      for (let i = 0; i < n; i++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += x[i * d + j] * vectors[j * d + k];
        coords[k][i] = sum;
      }
    }
  }
  for (const axis of coords) orient(axis);
  return words.map((word, i) => ({ word, x: coords[0][i], y: coords[1][i] }));
}

/** Options of plotSvg. */
export interface PlotSvgOptions {
  /** Width of the picture in pixels (default 720). */
  width?: number;
  /** Height of the picture in pixels (default 540). */
  height?: number;
  /** A title above the plot (default none). */
  title?: string;
  /** The horizontal axis' label (default 'PC 1'). */
  xLabel?: string;
  /** The vertical axis' label (default 'PC 2'). */
  yLabel?: string;
}

const SVG_RULES = {
  width: integer(200, 20000),
  height: integer(200, 20000),
  title: string(),
  xLabel: string(),
  yLabel: string(),
} satisfies { [K in keyof PlotSvgOptions]-?: Rule<unknown> };

/**
 * An SVG document (UTF-8 XML, with its XML declaration) of labelled points:
 * a frame with ticks, tick labels and light grid lines, axis labels, an
 * optional title, and for each point a `<g class="point">` holding a circle,
 * the word as text, and a `<title>` tooltip. Throws on a coordinate that is
 * not finite.
 */
export function plotSvg(points: readonly ProjectedWord[], options: PlotSvgOptions = {}): string {
  if (!Array.isArray(points)) throw invalidOptionError('points', 'array of { word, x, y }', points, 'type');
  points.forEach((p: unknown, i) => {
    const q = p as Partial<ProjectedWord> | null;
    if (
      typeof q !== 'object' ||
      q === null ||
      typeof q.word !== 'string' ||
      !Number.isFinite(q.x) ||
      !Number.isFinite(q.y)
    ) {
      throw invalidOptionError(`points[${i}]`, '{ word: string, x: finite number, y: finite number }', p, 'type');
    }
  });
  const { width = 720, height = 540, title, xLabel = 'PC 1', yLabel = 'PC 2' } = checkOptions(options, SVG_RULES);

  const margin = { left: 70, right: 30, top: title ? 46 : 22, bottom: 56 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const xs = axisRange(points.map((p) => p.x));
  const ys = axisRange(points.map((p) => p.y));
  const px = (v: number) => margin.left + ((v - xs.min) / (xs.max - xs.min)) * plotW;
  const py = (v: number) => margin.top + plotH - ((v - ys.min) / (ys.max - ys.min)) * plotH;

  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      'font-family="Helvetica, Arial, sans-serif" font-size="12">',
    `<title>${escapeXml(title ?? 'Word vectors')}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  if (title) {
    out.push(`<text x="${fmt(width / 2)}" y="28" text-anchor="middle" font-size="16">${escapeXml(title)}</text>`);
  }
  // Grid lines and ticks, then the frame over them.
  out.push('<g class="grid" stroke="#e6e6e6" stroke-width="1">');
  for (const t of xs.ticks)
    out.push(`<line x1="${fmt(px(t))}" y1="${margin.top}" x2="${fmt(px(t))}" y2="${margin.top + plotH}"/>`);
  for (const t of ys.ticks)
    out.push(`<line x1="${margin.left}" y1="${fmt(py(t))}" x2="${margin.left + plotW}" y2="${fmt(py(t))}"/>`);
  out.push('</g>');
  out.push('<g class="axes" stroke="#333333" stroke-width="1" fill="none">');
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}"/>`);
  for (const t of xs.ticks) {
    out.push(`<line x1="${fmt(px(t))}" y1="${margin.top + plotH}" x2="${fmt(px(t))}" y2="${margin.top + plotH + 5}"/>`);
  }
  for (const t of ys.ticks)
    out.push(`<line x1="${margin.left - 5}" y1="${fmt(py(t))}" x2="${margin.left}" y2="${fmt(py(t))}"/>`);
  out.push('</g>');
  out.push('<g class="tick-labels" fill="#333333">');
  for (const t of xs.ticks) {
    out.push(
      `<text x="${fmt(px(t))}" y="${margin.top + plotH + 19}" text-anchor="middle">${tickLabel(t, xs.step)}</text>`,
    );
  }
  for (const t of ys.ticks) {
    out.push(`<text x="${margin.left - 9}" y="${fmt(py(t) + 4)}" text-anchor="end">${tickLabel(t, ys.step)}</text>`);
  }
  out.push('</g>');
  out.push(
    `<text class="x-label" x="${fmt(margin.left + plotW / 2)}" y="${height - 14}" text-anchor="middle">` +
      `${escapeXml(xLabel)}</text>`,
  );
  out.push(
    `<text class="y-label" transform="translate(18 ${fmt(margin.top + plotH / 2)}) rotate(-90)" text-anchor="middle">` +
      `${escapeXml(yLabel)}</text>`,
  );

  out.push('<g class="points">');
  const centres = points.map((p) => ({ cx: px(p.x), cy: py(p.y) }));
  const labels = placeLabels(
    points.map((p) => p.word),
    centres,
    {
      left: margin.left,
      top: margin.top,
      right: margin.left + plotW,
      bottom: margin.top + plotH,
    },
  );
  points.forEach((p, i) => {
    const { cx, cy } = centres[i];
    const { x, y, anchor } = labels[i];
    const word = escapeXml(p.word);
    out.push(
      `<g class="point" data-word="${word}"><title>${word} (${fmt(p.x, 4)}, ${fmt(p.y, 4)})</title>` +
        `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="3.5" fill="#1f77b4"/>` +
        `<text x="${fmt(x)}" y="${fmt(y)}"${anchor === 'end' ? ' text-anchor="end"' : ''} fill="#111111">` +
        `${word}</text></g>`,
    );
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Label {
  x: number;
  y: number;
  anchor: 'start' | 'end';
}

// Beside the point: right and above first, then below, then to the left, then further out.
const LABEL_SPOTS: readonly [dx: number, dy: number, anchor: 'start' | 'end'][] = [
  [6, -5, 'start'],
  [6, 14, 'start'],
  [-6, -5, 'end'],
  [-6, 14, 'end'],
  [6, -17, 'start'],
  [6, 26, 'start'],
  [-6, -17, 'end'],
  [-6, 26, 'end'],
];

/**
 * Puts each label at the first spot beside its point where it neither
 * leaves the plot nor covers a label or a point already placed (greedily, in
 * order); where none is free, at the first spot inside the plot. Text width
 * is estimated at 0.6 em a character (12 px font).
 */
function placeLabels(words: readonly string[], centres: readonly { cx: number; cy: number }[], area: Box): Label[] {
  const taken: Box[] = centres.map(({ cx, cy }) => ({
    left: cx - 3.5,
    top: cy - 3.5,
    right: cx + 3.5,
    bottom: cy + 3.5,
  }));
  const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return words.map((word, i) => {
    const { cx, cy } = centres[i];
    const width = 7.2 * [...word].length;
    const boxOf = ([dx, dy, anchor]: (typeof LABEL_SPOTS)[number]): Box => {
      const left = anchor === 'start' ? cx + dx : cx + dx - width;
      return { left, top: cy + dy - 10, right: left + width, bottom: cy + dy + 2 };
    };
    const inside = (b: Box) =>
      b.left >= area.left && b.right <= area.right && b.top >= area.top && b.bottom <= area.bottom;
    const ownPoint = (k: number) => k === i;
    const spot =
      LABEL_SPOTS.find((s) => inside(boxOf(s)) && !taken.some((b, k) => !ownPoint(k) && overlaps(b, boxOf(s)))) ??
      LABEL_SPOTS.find((s) => inside(boxOf(s))) ??
      LABEL_SPOTS[0];
    taken.push(boxOf(spot));
    return { x: cx + spot[0], y: cy + spot[1], anchor: spot[2] };
  });
}

/** Escapes the five XML special characters. */
function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(v: number, digits = 2): string {
  return String(Number(v.toFixed(digits)));
}

// The data's range padded by 8% and widened to "nice" tick steps of 1, 2 or 5 x 10^k.
function axisRange(values: readonly number[]): { min: number; max: number; step: number; ticks: number[] } {
  let lo = values.length > 0 ? Math.min(...values) : -1;
  let hi = values.length > 0 ? Math.max(...values) : 1;
  if (hi - lo < 1e-12 * Math.max(1, Math.abs(lo), Math.abs(hi))) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const rough = (hi - lo) / 8;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return { min: lo, max: hi, step, ticks };
}

function tickLabel(value: number, step: number): string {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals).replace(/^-(0\.?0*)$/, '$1');
}

function centreColumns(x: Float64Array, n: number, d: number): void {
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * d + j];
    mean /= n;
    for (let i = 0; i < n; i++) x[i * d + j] -= mean;
  }
}

// X X^T (n x n) for 'rows', X^T X (d x d) for 'columns'.
function gram(x: Float64Array, n: number, d: number, of: 'rows' | 'columns'): Float64Array {
  if (of === 'rows') {
    const g = new Float64Array(n * n);
    for (let a = 0; a < n; a++) {
      for (let b = a; b < n; b++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += x[a * d + j] * x[b * d + j];
        g[a * n + b] = g[b * n + a] = sum;
      }
    }
    return g;
  }
  const g = new Float64Array(d * d);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < d; a++) {
      const xa = x[i * d + a];
      if (xa === 0) continue;
      for (let b = a; b < d; b++) g[a * d + b] += xa * x[i * d + b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a];
  return g;
}

/**
 * Eigenvalues (descending) and eigenvectors (columns of an m x m row-major
 * matrix) of a symmetric matrix, by cyclic Jacobi rotations: slow for large
 * m, but exact to rounding and simple, and plots use a few dozen words.
 */
function symmetricEigen(input: Float64Array, m: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(m * m);
  for (let i = 0; i < m; i++) v[i * m + i] = 1;
  let scale = 0;
  for (let i = 0; i < m * m; i++) scale += a[i] * a[i];
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < m; p++) for (let q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        // A <- J^T A J, applied to rows and columns p and q.
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p];
          const vkq = v[k * m + q];
          v[k * m + p] = c * vkp - s * vkq;
          v[k * m + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => a[j * m + j] - a[i * m + i]);
  const values = Float64Array.from(order, (i) => a[i * m + i]);
  const vectors = new Float64Array(m * m);
  order.forEach((from, to) => {
    for (let k = 0; k < m; k++) vectors[k * m + to] = v[k * m + from];
  });
  return { values, vectors };
}

// Flips an axis so that its largest coordinate in absolute value is positive.
function orient(axis: Float64Array): void {
  let best = 0;
  for (const value of axis) if (Math.abs(value) > Math.abs(best)) best = value;
  if (best < 0) for (let i = 0; i < axis.length; i++) axis[i] = -axis[i];
}
