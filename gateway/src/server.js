// @ts-check
// The HTTP side: 127.0.0.1 only, every request with "Authorization: Bearer <token>" (a token
// made at each start), JSON in and out. Logs name the method, path and status, never a body.
"use strict";

const http = require("node:http");
const crypto = require("node:crypto");

const MAX_BODY = 1 << 20;

/**
 * @param {import('./gateway').Gateway} gateway
 * @param {{ token: string, ready: () => { ok: boolean, why: string }, status: (full: boolean) => Promise<unknown>,
 *   log?: (line: string) => void, secrets?: string[] }} o
 */
function createServer(gateway, o) {
  const expected = Buffer.from(`Bearer ${o.token}`);
  const secrets = (o.secrets || []).filter((s) => s && s.length >= 8);
  // Whatever an SDK error message carries, a secret never leaves in a reply or a log line.
  /** @param {string} text */
  const scrub = (text) => secrets.reduce((t, s) => t.split(s).join("[secret]"), text);
  const log = (/** @type {string} */ line) => (o.log || (() => {}))(scrub(line));

  /** @param {http.ServerResponse} res @param {number} status @param {unknown} body */
  function send(res, status, body) {
    const text = scrub(JSON.stringify(body)) + "\n";
    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
    res.end(text);
  }

  /** @param {http.IncomingMessage} req @returns {Promise<{ ok: true, value: unknown } | { ok: false, error: string }>} */
  function readBody(req) {
    return new Promise((resolve) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      req.on("data", (c) => {
        size += c.length;
        if (size <= MAX_BODY) chunks.push(c);
      });
      req.on("end", () => {
        if (size > MAX_BODY) return resolve({ ok: false, error: "the body is larger than 1 MiB" });
        const text = Buffer.concat(chunks).toString("utf8");
        if (!text.trim()) return resolve({ ok: true, value: {} });
        try {
          resolve({ ok: true, value: JSON.parse(text) });
        } catch (e) {
          resolve({ ok: false, error: `the body is not JSON: ${/** @type {Error} */ (e).message}` });
        }
      });
      req.on("error", () => resolve({ ok: false, error: "the request was cut off" }));
    });
  }

  /** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
  async function route(req, res) {
    const url = new URL(req.url || "/", "http://127.0.0.1");
    const path = url.pathname;
    const method = req.method || "GET";
    const auth = Buffer.from(String(req.headers.authorization || ""));
    if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected))
      return { status: 401, body: { error: "missing or wrong bearer token (Authorization: Bearer <token printed at start>)" } };
    if (method === "GET" && path === "/status") return { status: 200, body: await o.status(url.searchParams.get("balances") === "1") };
    const readiness = o.ready();
    if (!readiness.ok) return { status: 503, body: { error: readiness.why } };
    const key = String(req.headers["idempotency-key"] || "");
    let m;
    if (method === "POST" && (m = /^\/deployments\/([a-z]+)$/.exec(path))) {
      const body = await readBody(req);
      if (!body.ok) return { status: 400, body: { error: body.error } };
      return gateway.create(m[1], key, body.value);
    }
    if (method === "GET" && (m = /^\/deployments\/([A-Za-z0-9._-]+)$/.exec(path))) return gateway.get(m[1]);
    if (method === "GET" && (m = /^\/deployments\/([A-Za-z0-9._-]+)\/health$/.exec(path))) return gateway.health(m[1]);
    if (method === "POST" && (m = /^\/deployments\/([A-Za-z0-9._-]+)\/(cancel|restart|stop)$/.exec(path))) {
      await readBody(req);
      return m[2] === "cancel" ? gateway.cancel(m[1], key) : gateway.refuseAction(m[1], m[2], key);
    }
    if (method === "GET" && path === "/contracts") return gateway.contracts(url.searchParams.get("name_prefix") || "");
    if (method === "GET" && path === "/tft_price") return gateway.tftPrice();
    if (method === "GET" && path === "/wallet/balance") return gateway.balance();
    if (method === "POST" && path === "/wallet/convert") {
      const body = await readBody(req);
      if (!body.ok) return { status: 400, body: { error: body.error } };
      return gateway.convert(key, body.value);
    }
    return { status: 404, body: { error: `no such endpoint: ${method} ${path}` } };
  }

  return http.createServer((req, res) => {
    route(req, res).then(
      (r) => {
        log(`${req.method} ${(req.url || "").split("?")[0]} ${r.status}`);
        send(res, r.status, r.body);
      },
      (err) => {
        log(`${req.method} ${(req.url || "").split("?")[0]} 500 ${err && err.name}`);
        send(res, 500, { error: "internal error in the gateway" });
      },
    );
  });
}

module.exports = { createServer };
