/**
 * How `hogvec train` shows a run's progress: a bar redrawn in place on one
 * line of a terminal, a plain line every few seconds otherwise, or one JSON
 * object a line (--json) for programs.
 */
import type { EpochReport, TrainingProgress } from '../index';
import { clock, count, percent, rate } from './format';

/** Receives a run's events, in order: start, then progress and epoch events, then exactly one of done or aborted. */
export interface ProgressReporter {
  start(description: string): void;
  progress(p: TrainingProgress): void;
  epoch(e: EpochReport, epochs: number | undefined): void;
  done(): void;
  aborted(): void;
}

/** Which reporter: 'bar' on a terminal, 'lines' elsewhere, 'json' for --json, 'quiet' for --quiet. */
export type ProgressMode = 'bar' | 'lines' | 'json' | 'quiet';

/** A stream to write to, and its width when it is a terminal. */
export interface Output {
  write(text: string): unknown;
  columns?: number;
}

/** Milliseconds between two plain progress lines. */
const LINE_INTERVAL_MS = 5000;

/** The reporter for a mode. */
export function createReporter(mode: ProgressMode, out: Output): ProgressReporter {
  switch (mode) {
    case 'bar':
      return new BarReporter(out);
    case 'lines':
      return new LineReporter(out);
    case 'json':
      return new JsonReporter(out);
    case 'quiet':
      return { start() {}, progress() {}, epoch() {}, done() {}, aborted() {} };
  }
}

/**
 * The figures of a progress report, as the bar and the plain lines show them,
 * in fixed widths so that a redrawn bar keeps still.
 */
function figures(p: TrainingProgress): string[] {
  const speed = `${rate(p.tokensPerSecond)} tokens/s`;
  if (p.phase === 'vocabulary') {
    return [`counting words ${percent(p.bytesTotal > 0 ? p.bytesCounted / p.bytesTotal : 0).padStart(6)}`, speed];
  }
  const epochs = String(p.epochs);
  return [
    `epoch ${String(p.epoch).padStart(epochs.length)}/${epochs}`,
    percent(p.fraction).padStart(6),
    speed,
    `loss ${Number.isFinite(p.loss) && p.wordsTrained > 0 ? p.loss.toFixed(4) : '-'}`,
    `lr ${p.alpha.toFixed(5)}`,
    `ETA ${clock(p.etaMs)}`,
  ];
}

function epochLine(e: EpochReport, epochs: number | undefined): string {
  const of = epochs === undefined ? '' : `/${epochs}`;
  return `epoch ${e.epoch}${of}: loss ${e.loss.toFixed(4)}, ${count(e.wordsTrained)} words trained`;
}

/** One line redrawn in place: '\r', the line, then erase to the end of the line. */
class BarReporter implements ProgressReporter {
  #drawn = false;

  constructor(private readonly out: Output) {}

  start(description: string): void {
    this.out.write(`${description}\n`);
    // Drawn at once, so the line is there before the first report.
    this.#draw(0, ['starting']);
  }

  progress(p: TrainingProgress): void {
    const fraction = p.phase === 'vocabulary' ? 0 : p.fraction;
    this.#draw(fraction, figures(p));
  }

  epoch(e: EpochReport, epochs: number | undefined): void {
    // A finished epoch gets a line of its own above the bar.
    this.out.write(`\r\x1b[K${epochLine(e, epochs)}\n`);
    this.#drawn = false;
  }

  done(): void {
    if (this.#drawn) this.out.write('\n');
    this.#drawn = false;
  }

  aborted(): void {
    this.out.write(`${this.#drawn ? '\n' : ''}aborted: no vectors were written\n`);
    this.#drawn = false;
  }

  #draw(fraction: number, parts: string[]): void {
    const columns = this.out.columns && this.out.columns > 0 ? this.out.columns : 80;
    const text = parts.join('  ');
    // No line may be wider than the terminal: it would wrap, and '\r' could not redraw it.
    // The figures have fixed widths, so the bar keeps its width from one frame to the next.
    const barWidth = Math.min(30, columns - 1 - text.length - 3);
    let line = text;
    if (barWidth >= 6) {
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * barWidth);
      line = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${text}`;
    }
    this.out.write(`\r${line.slice(0, columns - 1)}\x1b[K`);
    this.#drawn = true;
  }
}

/** A plain line at the start of each phase, every few seconds, and at the end. */
class LineReporter implements ProgressReporter {
  #lastPhase: string | undefined;
  #lastMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly out: Output) {}

  start(description: string): void {
    this.out.write(`${description}\n`);
  }

  progress(p: TrainingProgress): void {
    const final = p.phase === 'training' && p.fraction >= 1;
    if (p.phase === this.#lastPhase && !final && p.elapsedMs - this.#lastMs < LINE_INTERVAL_MS) return;
    this.#lastPhase = p.phase;
    this.#lastMs = p.elapsedMs;
    this.out.write(`${clock(p.elapsedMs)}  ${figures(p).join(', ')}\n`);
  }

  epoch(e: EpochReport, epochs: number | undefined): void {
    this.out.write(`${epochLine(e, epochs)}\n`);
  }

  done(): void {}

  aborted(): void {
    this.out.write('aborted: no vectors were written\n');
  }
}

/** Every event as one JSON object a line, with a "type" field. */
class JsonReporter implements ProgressReporter {
  constructor(private readonly out: Output) {}

  start(description: string): void {
    this.#line({ type: 'start', description });
  }

  progress(p: TrainingProgress): void {
    this.#line({ type: 'progress', ...p });
  }

  epoch(e: EpochReport, epochs: number | undefined): void {
    this.#line({ type: 'epoch', ...e, epochs });
  }

  done(): void {}

  aborted(): void {
    this.#line({ type: 'aborted' });
  }

  #line(value: object): void {
    // NaN (an ETA not yet known) becomes null, as JSON has no NaN.
    this.out.write(`${JSON.stringify(value)}\n`);
  }
}
