// @ts-check
// The gateway API contract (docs/grid-gateway-api.md), one suite for every server that serves
// it: GRIDDECK_CONTRACT_TARGET=fake (griddeck-gridd over the fake SDK, the default) or the path
// of the griddeck-gridsim binary (the C++ simulator). What differs between them is only how
// they start and where node ids come from.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { startFakeGateway, startSimulator, call } = require("./helpers");

const TARGET = process.env.GRIDDECK_CONTRACT_TARGET || "fake";
const STATES = ["init", "ok", "error", "deleted", "unchanged", "paused"];
const TWIN = 1;

/** @type {Awaited<ReturnType<typeof startFakeGateway>>} */
let server;
/** @type {number[]} */
let nodes = [];

test.before(async () => {
  server = TARGET === "fake" ? await startFakeGateway() : await startSimulator(TARGET);
  // The simulator places contracts on its fleet: take nodes this twin may use.
  const r = await call(server, "GET", `/nodes?status=up&healthy=true&available_for=${TWIN}&free_mru=17179869184&free_sru=214748364800&size=3`);
  nodes = r.status === 200 ? r.body.map((/** @type {any} */ n) => n.nodeId) : [11, 12, 13];
  assert.equal(nodes.length, 3, "three usable nodes");
});
test.after(async () => {
  if (server) await server.stop();
});

/** @param {string} name @param {Record<string, unknown>} [extra] */
function vm(name, extra = {}) {
  return { type: "vm", name, job_id: 42, twin_id: TWIN, node_id: nodes[0], cpu: 1, memory: 2, storage: 20, os: "ubuntu", version: "22.04",
    network: { public_ipv4: false, public_ipv6: true, mycelium: true, planetary: false }, environment: { APP: "x" },
    payment: { amount: "12.5000000", currency: "TFT" }, ...extra };
}

/** @param {any} d */
function checkDeployment(d) {
  for (const k of ["id", "type", "state", "ip", "ipv6", "mycelium_ip", "web_url", "message"]) assert.equal(typeof d[k], "string", k);
  for (const k of ["contract_id", "node_id", "created_at"]) assert.equal(typeof d[k], "number", k);
  assert.ok(Array.isArray(d.node_ids));
  assert.ok(STATES.includes(d.state), d.state);
  assert.match(d.id, /^[A-Za-z0-9._-]{1,128}$/);
}

/** @param {string} id */
async function untilSettled(id) {
  for (let i = 0; i < 100; i++) {
    const r = await call(server, "GET", `/deployments/${id}`);
    assert.equal(r.status, 200);
    if (r.body.state !== "init") return r.body;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`${id} stayed in init`);
}

test("POST /deployments/vm: 201 at once, then GET reaches ok; the same key replays the reply", async () => {
  const key = "gd-c0ffee-job-42-deploy-1";
  const r = await call(server, "POST", "/deployments/vm", { key, body: vm("gdc0ffeej16") });
  assert.equal(r.status, 201, r.text);
  checkDeployment(r.body);
  assert.equal(r.body.type, "vm");
  assert.equal(r.body.node_id, nodes[0]);
  const again = await call(server, "POST", "/deployments/vm", { key, body: vm("gdc0ffeej16") });
  assert.equal(again.status, 201);
  assert.equal(again.body.id, r.body.id);
  const d = await untilSettled(r.body.id);
  checkDeployment(d);
  assert.equal(d.state, "ok");
  assert.notEqual(d.ipv6 + d.mycelium_ip, "");
  const h = await call(server, "GET", `/deployments/${r.body.id}/health`);
  assert.equal(h.status, 200);
  assert.equal(h.body.healthy, true);
  assert.ok(Array.isArray(h.body.checks));
  assert.equal(typeof h.body.ssh.host, "string");
  assert.equal(typeof h.body.ssh.port, "number");
});

test("Idempotency-Key: required on POST; reused with another body is 409", async () => {
  const none = await call(server, "POST", "/deployments/vm", { body: vm("gdc0ffeej17") });
  assert.equal(none.status, 400);
  assert.match(none.body.error, /Idempotency-Key/);
  assert.equal((await call(server, "POST", "/deployments/vm", { key: "gd-c0ffee-job-43-deploy-1", body: vm("gdc0ffeej17") })).status, 201);
  const clash = await call(server, "POST", "/deployments/vm", { key: "gd-c0ffee-job-43-deploy-1", body: vm("gdc0ffeej17", { cpu: 2 }) });
  assert.equal(clash.status, 409);
});

test("bad bodies are 400 and the error names the field", async () => {
  const cases = /** @type {Array<[Record<string, unknown>, RegExp]>} */ ([
    [{ node_id: undefined }, /node_id/],
    [{ cpu: 0 }, /cpu/],
    [{ name: "bad-name" }, /name/],
    [{ network: { public_ipv4: "yes" } }, /network\.public_ipv4/],
    [{ environment: { A: 1 } }, /environment\.A/],
    [{ payment: { amount: "12.5", currency: "EUR" } }, /payment\.currency/],
  ]);
  let i = 0;
  for (const [extra, field] of cases) {
    const r = await call(server, "POST", "/deployments/vm", { key: `bad-${i++}`, body: vm("gdc0ffeej18", extra) });
    assert.equal(r.status, 400, JSON.stringify(extra));
    assert.match(r.body.error, field);
  }
  const path = await call(server, "POST", "/deployments/bogus", { key: "bad-path", body: vm("gdc0ffeej18") });
  assert.equal(path.status, 400);
  assert.match(path.body.error, /unknown deployment type "bogus"/);
  const k8s = await call(server, "POST", "/deployments/kubernetes", { key: "bad-k8s", body: vm("gdc0ffeej18", { type: "kubernetes", node_count: 2, node_ids: [nodes[0]] }) });
  assert.equal(k8s.status, 400);
  assert.match(k8s.body.error, /node_ids/);
});

test("kubernetes, storage and container deployments are accepted with their fields", async () => {
  const k = await call(server, "POST", "/deployments/kubernetes", { key: "k8s-1", body: vm("gdc0ffeej20", { type: "kubernetes", node_count: 3, node_ids: nodes }) });
  assert.equal(k.status, 201, k.text);
  assert.deepEqual(k.body.node_ids, nodes);
  const s = await call(server, "POST", "/deployments/storage", { key: "st-1", body: vm("gdc0ffeej21", { type: "storage", storage_type: "zdb" }) });
  assert.equal(s.status, 201, s.text);
  const c = await call(server, "POST", "/deployments/container", { key: "ct-1", body: vm("gdc0ffeej22", { type: "container", image: "https://hub.grid.tf/tf-official-apps/base:latest.flist", ports: [8000] }) });
  assert.equal(c.status, 201, c.text);
  for (const d of [k.body, s.body, c.body]) assert.equal((await untilSettled(d.id)).state, "ok");
});

test("GET of an unknown deployment is 404; cancel is 200 then 404; /contracts lists only live ones by prefix", async () => {
  assert.equal((await call(server, "GET", "/deployments/dep-nothing-here")).status, 404);
  const r = await call(server, "POST", "/deployments/vm", { key: "gd-c0ffee-job-50-deploy-1", body: vm("gdbeef00j1e", { job_id: 50 }) });
  assert.equal(r.status, 201);
  await untilSettled(r.body.id);
  const before = await call(server, "GET", "/contracts?name_prefix=gdbeef00j");
  assert.equal(before.status, 200);
  assert.deepEqual(before.body.map((/** @type {any} */ c) => c.deployment_id), [r.body.id]);
  for (const c of before.body) {
    assert.equal(typeof c.contract_id, "number");
    assert.equal(typeof c.created_at, "number");
    assert.equal(typeof c.node_id, "number");
  }
  const cancel = await call(server, "POST", `/deployments/${r.body.id}/cancel`, { key: "gd-c0ffee-job-50-cancel-1" });
  assert.equal(cancel.status, 200);
  assert.equal(cancel.body.state, "deleted");
  assert.equal((await call(server, "POST", `/deployments/${r.body.id}/cancel`, { key: "gd-c0ffee-job-50-cancel-2" })).status, 404);
  assert.deepEqual((await call(server, "GET", "/contracts?name_prefix=gdbeef00j")).body, []);
  assert.equal((await call(server, "GET", "/contracts?name_prefix=bad%20prefix")).status, 400);
});

test("GET /tft_price: whole mUSD from TFChain", async () => {
  const r = await call(server, "GET", "/tft_price");
  assert.equal(r.status, 200);
  assert.ok(Number.isInteger(r.body.tft_price_musd) && r.body.tft_price_musd > 0);
  assert.ok(Number.isInteger(r.body.average_tft_price_musd) && r.body.average_tft_price_musd > 0);
});

test("wallet: balance as decimal strings; convert needs a key and decimal strings", async () => {
  const b = await call(server, "GET", "/wallet/balance");
  assert.equal(b.status, 200);
  assert.match(b.body.tft, /^[0-9]+\.[0-9]{7}$/);
  assert.match(b.body.usd, /^[0-9]+\.[0-9]{7}$/);
  assert.equal((await call(server, "POST", "/wallet/convert", { body: { usd_amount: "1.0000000", tft_amount: "10.0000000", job_id: 1 } })).status, 400);
  assert.equal((await call(server, "POST", "/wallet/convert", { key: "cv-bad", body: { usd_amount: 1, tft_amount: "10.0000000", job_id: 1 } })).status, 400);
  const ok = await call(server, "POST", "/wallet/convert", { key: "cv-1", body: { usd_amount: "5.0000000", tft_amount: "10.0000000", job_id: 1 } });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.tft_received, "10.0000000");
  assert.equal(typeof ok.body.tx_id, "string");
  assert.match(ok.body.usd_spent, /^[0-9]+\.[0-9]{7}$/);
  assert.deepEqual((await call(server, "POST", "/wallet/convert", { key: "cv-1", body: { usd_amount: "5.0000000", tft_amount: "10.0000000", job_id: 1 } })).body, ok.body);
});
