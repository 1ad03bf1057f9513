// A static HTTP server on 127.0.0.1 for browser tests: it serves a fixed set of paths (the page,
// its bundle, tfjs's .wasm binaries) and nothing else, so a page that tried to load anything
// else — a CDN's copy of a binary, a file the bundle forgot — shows up in `refused` and fails
// the test rather than working by accident on a machine with a network.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";

/** A path's content: a file read on each request, or text. */
export type Served = { readonly file: string; readonly type: string } | { readonly text: string; readonly type: string };

export interface StaticServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Paths requested and served, in order. */
  readonly served: string[];
  /** Paths requested that are not in the routes (answered 404). */
  readonly refused: string[];
  close(): Promise<void>;
}

export async function serveStatic(routes: ReadonlyMap<string, Served>): Promise<StaticServer> {
  const served: string[] = [];
  const refused: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    const route = routes.get(path);
    if (!route) {
      refused.push(path);
      res.writeHead(404).end();
      return;
    }
    served.push(path);
    const body = "file" in route ? readFileSync(route.file) : route.text;
    res.writeHead(200, { "content-type": route.type, "cache-control": "no-store" }).end(body);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    served,
    refused,
    close: () => new Promise<void>((done, fail) => server.close((e) => (e ? fail(e) : done()))),
  };
}
