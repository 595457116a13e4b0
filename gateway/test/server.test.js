// @ts-check
// griddeck-gridd as a process: the token, secrets on stdin only and never in any output,
// stopping when its parent closes stdin.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync, spawn } = require("node:child_process");
const path = require("node:path");
const { startFakeGateway, call, TEST_MNEMONIC, TEST_STELLAR } = require("./helpers");
const { createServer } = require("../src/server");
const { Gateway } = require("../src/gateway");
const { FakeSdk } = require("../src/fakeSdk");

const BIN = path.join(__dirname, "..", "bin", "griddeck-gridd.js");

test("first stdout line: port and a fresh token; no token or a wrong one is 401", async () => {
  const a = await startFakeGateway();
  const b = await startFakeGateway();
  try {
    assert.match(a.url, /^http:\/\/127\.0\.0\.1:[0-9]+$/);
    assert.match(a.token, /^[0-9a-f]{64}$/);
    assert.notEqual(a.token, b.token);
    assert.equal((await call(a, "GET", "/tft_price", { token: null })).status, 401);
    assert.equal((await call(a, "GET", "/tft_price", { token: b.token })).status, 401);
    assert.equal((await call(a, "GET", "/tft_price")).status, 200);
    const s = await call(a, "GET", "/status");
    assert.equal(s.body.ready, true);
    assert.equal(s.body.twin_id, 4242);
    assert.deepEqual(s.body.reachable, { chain: true, relay: true, proxy: true, graphql: true });
    assert.equal(s.body.balances, undefined);
    const full = await call(a, "GET", "/status?balances=1");
    assert.deepEqual(full.body.balances, { tft: "0.0000000", usd: "1000.0000000", tfchain_tft: "12.5000000" });
  } finally {
    await a.stop();
    await b.stop();
  }
});

test("the mnemonic and the Stellar secret never appear in stdout, stderr or a reply", async () => {
  const g = await startFakeGateway();
  try {
    const replies = [];
    replies.push(await call(g, "POST", "/deployments/vm", { key: "k1", body: { name: "gdabcdefj1", node_id: 11, cpu: 1, memory: 1, storage: 10 } }));
    replies.push(await call(g, "GET", "/deployments/vm-gdabcdefj1a1"));
    replies.push(await call(g, "POST", "/wallet/convert", { key: "k2", body: { usd_amount: "5.0000000", tft_amount: "100.0000000", job_id: 1 } }));
    replies.push(await call(g, "GET", "/wallet/balance"));
    replies.push(await call(g, "POST", "/deployments/vm", { key: "k3", body: "not an object" }));
    for (const r of replies) {
      assert.ok(!r.text.includes(TEST_MNEMONIC));
      assert.ok(!r.text.includes(TEST_STELLAR));
    }
    await g.stop();
    assert.ok(g.output().length > 0);
    assert.ok(!g.output().includes(TEST_MNEMONIC), "stdout/stderr hold the mnemonic");
    assert.ok(!g.output().includes(TEST_STELLAR), "stdout/stderr hold the Stellar secret");
  } finally {
    await g.stop();
  }
});

test("an SDK error that quotes a secret is blanked out in the reply and the log", async () => {
  const sdk = new FakeSdk();
  /** @type {string[]} */
  const log = [];
  const server = createServer(new Gateway(sdk), {
    token: "t0ken",
    secrets: [TEST_MNEMONIC, TEST_STELLAR],
    ready: () => ({ ok: true, why: "" }),
    status: async () => ({}),
    log: (l) => log.push(l),
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", () => r(null)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  try {
    sdk.failNext = Object.assign(new Error(`invalid mnemonic "${TEST_MNEMONIC}" for secret ${TEST_STELLAR}`), { name: "ValidationError" });
    const r = await call({ url: `http://127.0.0.1:${port}`, token: "t0ken" }, "GET", "/tft_price");
    assert.equal(r.status, 422);
    assert.match(r.text, /\[secret\]/);
    assert.ok(!r.text.includes(TEST_MNEMONIC) && !r.text.includes(TEST_STELLAR));
    assert.ok(!log.join("\n").includes(TEST_MNEMONIC));
  } finally {
    server.close();
  }
});

test("secrets on the command line are refused; a real network needs the mnemonic on stdin", () => {
  const r = spawnSync(process.execPath, [BIN, "--network", "test", "--mnemonic", TEST_MNEMONIC], { input: "{}\n", encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /secrets are read from stdin only/);
  assert.ok(!r.stderr.includes(TEST_MNEMONIC));
  const n = spawnSync(process.execPath, [BIN, "--network", "mars"], { input: "{}\n", encoding: "utf8" });
  assert.equal(n.status, 2);
  assert.match(n.stderr, /--network must be/);
  const m = spawnSync(process.execPath, [BIN, "--network", "test"], { input: "{}\n", encoding: "utf8", timeout: 60000 });
  assert.equal(m.status, 2);
  assert.match(m.stderr, /mnemonic is required/);
});

test("the gateway stops when its parent closes stdin", async () => {
  const child = spawn(process.execPath, [BIN, "--fake"], { stdio: ["pipe", "pipe", "pipe"] });
  child.stdin.write("{}\n");
  await new Promise((r) => child.stdout.once("data", r));
  const exited = new Promise((r) => child.once("exit", (code) => r(code)));
  child.stdin.end();
  assert.equal(await exited, 0);
});
