/**
 * The explorer's web server (node:http): the page's own files and the JSON
 * API, nothing else. It listens on loopback unless told otherwise and, when
 * it does, answers only requests addressed to a loopback name, so that a web
 * site cannot reach it through DNS rebinding. Responses forbid framing,
 * sniffing and any script or connection to another origin.
 */
import * as http from 'node:http';
import { isIP, type AddressInfo } from 'node:net';

import { checkOptions, integer, string } from '../validate';
import type { WordVectors } from '../vectors';
import { ExploreApi } from './api';
import { readPageFiles, type PageFile } from './page-files';

/** Options of startExplorer. */
export interface ExplorerOptions {
  /** The address to listen on (default '127.0.0.1'). */
  host?: string;
  /** The port (default 8000; 0 picks a free one). */
  port?: number;
  /** How the page names the model (default 'vectors'). */
  name?: string;
}

/** A running explorer. */
export interface Explorer {
  /** The page's address: http://127.0.0.1:8000/. */
  readonly url: string;
  /** The port it listens on (the one picked, for port 0). */
  readonly port: number;
  /** Stops listening and closes every connection; resolves once the port is free. */
  close(): Promise<void>;
}

const OPTION_RULES = { host: string(), port: integer(0, 65535), name: string() };
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PORT = 8000;

const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': PAGE_POLICY,
};

/**
 * Serves the explorer for `wv` (what `hogvec explore` runs) and resolves
 * once it listens, its vocabulary sorted for completion and its search
 * ready. Rejects with an Error that says what to do when the port is taken
 * or the host unknown.
 *
 * @example
 *   const explorer = await startExplorer(model.wordVectors, { port: 0 });
 *   console.log(explorer.url);   // open it in a browser; explorer.close() stops it
 */
export async function startExplorer(wv: WordVectors, options: ExplorerOptions = {}): Promise<Explorer> {
  const { host = DEFAULT_HOST, port = DEFAULT_PORT, name = 'vectors' } = checkOptions(options, OPTION_RULES);
  const api = new ExploreApi(wv, name);
  const files = readPageFiles();
  const server = http.createServer((req, res) => {
    try {
      respond(req, res, api, files, server);
    } catch (err) {
      send(res, req, 500, json({ error: `internal error: ${err instanceof Error ? err.message : String(err)}` }));
    }
  });
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => reject(listenError(err, host, port));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${isIP(host) === 6 ? `[${host}]` : host}:${bound}/`,
    port: bound,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function respond(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  api: ExploreApi,
  files: ReadonlyMap<string, PageFile>,
  server: http.Server,
): void {
  if (!hostAllowed(req, server)) {
    send(
      res,
      req,
      403,
      json({
        error: `this server answers only requests for its loopback address, not for host '${req.headers.host ?? ''}'`,
      }),
    );
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, req, 405, json({ error: `method ${req.method ?? ''} is not allowed; use GET` }));
    return;
  }
  // The path is matched as sent, never decoded nor resolved: only the exact names below exist.
  const url = req.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const query = new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
  const file = files.get(path);
  if (file !== undefined) {
    if (path !== '/' && mark >= 0) {
      send(res, req, 400, json({ error: `${path} takes no parameters` }));
      return;
    }
    res.setHeader('Content-Type', file.type);
    send(res, req, 200, file.body);
    return;
  }
  const answer = api.handle(path, query);
  if (answer === undefined) {
    send(res, req, 404, json({ error: `no such page: ${path.length > 60 ? `${path.slice(0, 59)}…` : path}` }));
    return;
  }
  send(res, req, answer.status, json(answer.body));
}

// On loopback, the Host header must name loopback too; otherwise a page on a
// rebound domain could read the API. Bound elsewhere, the user chose to expose it.
function hostAllowed(req: http.IncomingMessage, server: http.Server): boolean {
  const address = server.address();
  if (address === null || typeof address === 'string' || !isLoopback(address.address)) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  const name = host
    .replace(/:\d+$/, '')
    .replace(/^\[(.*)\]$/, '$1')
    .toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost') || isLoopback(name);
}

function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d+\.\d+\.\d+$/.test(address) || /^::ffff:127\./.test(address);
}

interface Body {
  type?: string;
  bytes: Buffer;
}

function json(body: Record<string, unknown>): Body {
  // <, > and & escaped too, so that no JSON answer can ever be read as markup.
  const text = JSON.stringify(body).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return { type: 'application/json; charset=utf-8', bytes: Buffer.from(text) };
}

function send(res: http.ServerResponse, req: http.IncomingMessage, status: number, body: Body | Buffer): void {
  const { type, bytes } = Buffer.isBuffer(body) ? { type: undefined, bytes: body } : body;
  for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
  if (type !== undefined) res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', bytes.length);
  res.writeHead(status);
  res.end(req.method === 'HEAD' ? undefined : bytes);
}

function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE')
    return new Error(`port ${port} on ${host} is in use; choose another with --port N, or --port 0 for a free one`);
  if (err.code === 'EACCES')
    return new Error(`no permission to listen on port ${port} of ${host}; choose a port above 1023`);
  if (err.code === 'EADDRNOTAVAIL') return new Error(`${host} is not an address of this machine`);
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new Error(`unknown host '${host}'`);
  return new Error(`cannot listen on ${host}:${port}: ${err.message}`);
}
