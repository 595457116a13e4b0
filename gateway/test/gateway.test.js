// @ts-check
// Each service type's request becomes the SDK calls it should, with models that pass
// grid_client's own validation (the fake validates them with the SDK's model classes); bad
// requests are 4xx naming the field; SDK errors are sorted into transient and permanent.
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const { Gateway } = require("../src/gateway");
const { FakeSdk, validated } = require("../src/fakeSdk");
const { classify, TransientError, PermanentError } = require("../src/sdk");
const gc = require("@threefold/grid_client");

const SSH = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtest griddeck";
const CATALOGUE = { "static-web": { flist: "https://hub.grid.tf/tf-official-apps/base:latest.flist", entrypoint: "/sbin/zinit init", env: {}, port: 8000 } };

function setup() {
  const sdk = new FakeSdk();
  const gw = new Gateway(sdk, { sshKey: SSH, catalogue: CATALOGUE, now: () => 1767225600 });
  return { sdk, gw };
}

/** @param {Record<string, unknown>} [extra] */
function body(extra = {}) {
  return { type: "vm", name: "gd3fa9c1jc", job_id: 12, twin_id: 7, node_id: 11, cpu: 2, memory: 4, storage: 50, os: "ubuntu", version: "22.04",
    network: { public_ipv4: true, public_ipv6: true, mycelium: true, planetary: false }, environment: { A: "b" },
    payment: { amount: "2231.4000000", currency: "TFT" }, ...extra };
}

/** @param {Gateway} gw @param {string} id */
async function settled(gw, id) {
  const p = gw.pending.get(id);
  if (p) await p.done;
}

test("vm: a full VM from the official flist, booting from a disk at /, SSH key, public IPs, mycelium", async () => {
  const { sdk, gw } = setup();
  const r = await gw.create("vm", "gd-3fa9c1-job-12-deploy-1", body());
  assert.equal(r.status, 201);
  assert.equal(/** @type {any} */ (r.body).state, "init");
  assert.equal(/** @type {any} */ (r.body).id, "vm-gd3fa9c1jca1");
  await settled(gw, "vm-gd3fa9c1jca1");
  const deploy = sdk.calls.find((c) => c.call === "deployMachines");
  assert.ok(deploy, "deployMachines was called");
  assert.ok(deploy.model instanceof gc.MachinesModel, "the model passed grid_client's MachinesModel validation");
  const m = deploy.model.machines[0];
  assert.equal(m.flist, "https://hub.grid.tf/tf-official-vms/ubuntu-22.04.flist");
  assert.equal(m.node_id, 11);
  assert.equal(m.cpu, 2);
  assert.equal(m.memory, 4096);
  assert.deepEqual(m.disks.map((/** @type {any} */ d) => [d.size, d.mountpoint]), [[50, "/"]]);
  assert.equal(m.public_ip, true);
  assert.equal(m.mycelium, true);
  assert.equal(m.env.SSH_KEY, SSH);
  const g = await gw.get("vm-gd3fa9c1jca1");
  assert.equal(g.status, 200);
  const d = /** @type {any} */ (g.body);
  assert.equal(d.state, "ok");
  assert.equal(d.ip, "185.69.166.10/24");
  assert.equal(d.ipv6, "2a02:1802:5e::a");
  assert.equal(d.mycelium_ip, "4a2:7c1e:91ab::1");
  assert.equal(d.contract_id, 5000);
});

test("vm: an OS with no official flist is refused, naming what exists", async () => {
  const { gw } = setup();
  const r = await gw.create("vm", "k1", body({ os: "windows", version: "11" }));
  assert.equal(r.status, 422);
  assert.match(/** @type {any} */ (r.body).error, /windows.*no official full-VM flist.*ubuntu 22\.04/);
});

test("container: a micro VM from an flist; a Docker image is 422 saying how to get an flist", async () => {
  const { sdk, gw } = setup();
  const ok = await gw.create("container", "c1", body({ type: "container", image: "https://hub.grid.tf/someone/nginx-latest.flist", ports: [80] }));
  assert.equal(ok.status, 201);
  await settled(gw, "container-gd3fa9c1jca1");
  const m = /** @type {any} */ (sdk.calls.find((c) => c.call === "deployMachines")).model.machines[0];
  assert.equal(m.flist, "https://hub.grid.tf/someone/nginx-latest.flist");
  assert.equal(m.rootfs_size, 50);
  assert.deepEqual(m.disks, []);
  const bad = await gw.create("container", "c2", body({ type: "container", name: "gd3fa9c1jd", image: "nginx:latest" }));
  assert.equal(bad.status, 422);
  assert.match(/** @type {any} */ (bad.body).error, /not an flist.*hub\.grid\.tf.*Docker Hub Converter/);
});

test("kubernetes: one master and N-1 workers on the nodes asked, through grid_client's K8SModel", async () => {
  const { sdk, gw } = setup();
  const r = await gw.create("kubernetes", "k1", body({ type: "kubernetes", node_count: 3, node_ids: [11, 12, 13] }));
  assert.equal(r.status, 201);
  await settled(gw, "kubernetes-gd3fa9c1jca1");
  const k = /** @type {any} */ (sdk.calls.find((c) => c.call === "deployK8s")).model;
  assert.ok(k instanceof gc.K8SModel);
  assert.deepEqual(k.masters.map((/** @type {any} */ x) => x.node_id), [11]);
  assert.deepEqual(k.workers.map((/** @type {any} */ x) => x.node_id), [12, 13]);
  assert.equal(k.ssh_key, SSH);
  const g = /** @type {any} */ ((await gw.get("kubernetes-gd3fa9c1jca1")).body);
  assert.deepEqual(g.node_ids, [11, 12, 13]);
  assert.equal(g.state, "ok");
});

test("kubernetes: a manifest is refused (422, naming it) rather than dropped; fields of another type are 400", async () => {
  const { sdk, gw } = setup();
  const k = await gw.create("kubernetes", "km", body({ type: "kubernetes", node_count: 1, node_ids: [11], kubernetes_manifest: "kind: Namespace" }));
  assert.equal(k.status, 422);
  assert.match(/** @type {any} */ (k.body).error, /kubernetes_manifest: .*cannot apply a manifest/);
  const vmManifest = await gw.create("vm", "vm-m", body({ kubernetes_manifest: "kind: Namespace" }));
  assert.equal(vmManifest.status, 400);
  assert.match(/** @type {any} */ (vmManifest.body).error, /kubernetes_manifest applies only to kubernetes/);
  const vmDocker = await gw.create("vm", "vm-d", body({ docker_image: "nginx:1.25" }));
  assert.equal(vmDocker.status, 400);
  assert.match(/** @type {any} */ (vmDocker.body).error, /docker_image applies only to container/);
  assert.equal(sdk.calls.length, 0);
});

test("storage: zdb and qsfs map to the SDK; volume and s3 are refused with why", async () => {
  const { sdk, gw } = setup();
  assert.equal((await gw.create("storage", "s1", body({ type: "storage", storage_type: "zdb" }))).status, 201);
  await settled(gw, "storage-gd3fa9c1jca1");
  const z = /** @type {any} */ (sdk.calls.find((c) => c.call === "deployZdbs")).model;
  assert.ok(z instanceof gc.ZDBSModel);
  assert.equal(z.zdbs[0].disk_size, 50);
  assert.equal((await gw.create("storage", "s2", body({ type: "storage", name: "gd3fa9c1jq", storage_type: "qsfs" }))).status, 201);
  await settled(gw, "storage-gd3fa9c1jqa1");
  assert.ok(sdk.calls.find((c) => c.call === "deployQsfsZdbs" && c.model instanceof gc.QSFSZDBSModel));
  for (const [kind, why] of [["volume", /exists only inside a VM/], ["s3", /no S3 workload/]]) {
    const r = await gw.create("storage", `s-${kind}`, body({ type: "storage", name: `gd3fa9c1j${kind}`, storage_type: kind }));
    assert.equal(r.status, 422);
    assert.match(/** @type {any} */ (r.body).error, why);
  }
});

test("app: the catalogue's flist in a VM, then a gateway name to its port; the job gets the web URL", async () => {
  const { sdk, gw } = setup();
  const r = await gw.create("app", "a1", body({ type: "app", app_id: "static-web" }));
  assert.equal(r.status, 201);
  await settled(gw, "app-gd3fa9c1jca1");
  const names = sdk.calls.map((c) => c.call);
  assert.ok(names.indexOf("deployMachines") < names.indexOf("deployGatewayName"));
  const gwModel = /** @type {any} */ (sdk.calls.find((c) => c.call === "deployGatewayName")).model;
  assert.ok(gwModel instanceof gc.GatewayNameModel);
  assert.deepEqual(gwModel.backends, ["http://10.20.2.2:8000"]);
  const d = /** @type {any} */ ((await gw.get("app-gd3fa9c1jca1")).body);
  assert.equal(d.web_url, "https://gd3fa9c1jca1.gent01.dev.grid.tf");
  const unknown = await gw.create("app", "a2", body({ type: "app", name: "gd3fa9c1jz", app_id: "nope" }));
  assert.equal(unknown.status, 422);
  assert.match(/** @type {any} */ (unknown.body).error, /not in the catalogue/);
});

test("bad requests are 400 naming the field, and call nothing", async () => {
  const cases = [
    [{ node_id: undefined }, /node_id is required/],
    [{ cpu: 0 }, /cpu must be from 1/],
    [{ memory: "4" }, /memory must be a whole number/],
    [{ name: "bad-name" }, /workload name "bad-name"/],
    [{ name: "x".repeat(37) }, /name cannot exceed 36/],
    [{ network: { public_ipv4: "yes" } }, /network\.public_ipv4 must be true or false/],
    [{ environment: { A: 1 } }, /environment\.A must be a string/],
    [{ payment: { amount: 2231.4, currency: "TFT" } }, /payment\.amount must be a decimal string/],
    [{ type: "container" }, /does not match the path/],
  ];
  for (const [extra, want] of cases) {
    const { sdk, gw } = setup();
    const r = await gw.create("vm", `bad-${JSON.stringify(extra)}`, body(/** @type {any} */ (extra)));
    assert.equal(r.status, 400, JSON.stringify(extra));
    assert.match(/** @type {any} */ (r.body).error, /** @type {RegExp} */ (want));
    assert.equal(sdk.calls.length, 0);
  }
  const { gw } = setup();
  assert.equal((await gw.create("kubernetes", "k", body({ type: "kubernetes", node_count: 2, node_ids: [11] }))).status, 400);
  assert.equal((await gw.create("vm", "", body())).status, 400);
  assert.match(/** @type {any} */ ((await gw.create("bogus", "k-bogus", body())).body).error, /unknown deployment type "bogus"/);
});

test("the fake refuses what grid_client's own validation refuses", () => {
  assert.throws(() => validated(gc.MachinesModel, { name: "bad-name!", network: {}, machines: [] }), /Validation failed/);
  assert.throws(() => validated(gc.ZDBSModel, { name: "z", zdbs: [{ name: "z1", node_id: -1, mode: "user", disk_size: 1, publicNamespace: false, password: "p" }] }), /Validation failed/);
});

test("a repeated request finds the deployment, also after a restart of the gateway", async () => {
  const { sdk, gw } = setup();
  const first = await gw.create("vm", "gd-3fa9c1-job-12-deploy-1", body());
  await settled(gw, "vm-gd3fa9c1jca1");
  assert.deepEqual(await gw.create("vm", "gd-3fa9c1-job-12-deploy-1", body()), first);
  assert.equal((await gw.create("vm", "gd-3fa9c1-job-12-deploy-1", body({ cpu: 3 }))).status, 409);
  const restarted = new Gateway(sdk, { sshKey: SSH, catalogue: CATALOGUE });
  const again = await restarted.create("vm", "gd-3fa9c1-job-12-deploy-1", body());
  assert.equal(again.status, 201);
  assert.equal(/** @type {any} */ (again.body).state, "ok");
  assert.equal(sdk.calls.filter((c) => c.call === "deployMachines").length, 1);
  // A new attempt is a new deployment.
  assert.equal(/** @type {any} */ ((await restarted.create("vm", "gd-3fa9c1-job-12-deploy-2", body())).body).id, "vm-gd3fa9c1jca2");
});

test("copies of a request sent before its first answer (a hedge, a retry) wait for that answer and do nothing twice", async () => {
  const { sdk, gw } = setup();
  const key = "gd-3fa9c1-job-12-deploy-1";
  const [a, b, other] = await Promise.all([gw.create("vm", key, body()), gw.create("vm", key, body()), gw.create("vm", key, body({ cpu: 3 }))]);
  assert.equal(a.status, 201);
  assert.deepEqual(b, a);
  assert.equal(other.status, 409);
  await settled(gw, "vm-gd3fa9c1jca1");
  assert.equal(sdk.calls.filter((c) => c.call === "deployMachines").length, 1);
  const money = { usd_amount: "22.5000000", tft_amount: "2000.0000000", job_id: 12 };
  const [c, d] = await Promise.all([gw.convert("gd-3fa9c1-job-12-convert-1", money), gw.convert("gd-3fa9c1-job-12-convert-1", money)]);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.deepEqual(d, c);
  assert.equal(sdk.calls.filter((c) => c.call === "stellarBuyTft").length, 1);
  const [e, f] = await Promise.all([gw.cancel("vm-gd3fa9c1jca1", "k-cancel"), gw.cancel("vm-gd3fa9c1jca1", "k-cancel")]);
  assert.equal(e.status, 200, JSON.stringify(e.body));
  assert.deepEqual(f, e);
  assert.equal(sdk.calls.filter((c) => c.call === "deleteMachines").length, 1);
});

test("a copy waits only so long for a request under way; a transient or thrown failure is not kept", async () => {
  const sdk = new FakeSdk();
  const gw = new Gateway(sdk, { copyWaitMs: 30 });
  let runs = 0;
  /** @type {(r: { status: number, body: unknown }) => void} */
  let finish = () => {};
  const slow = () => {
    runs += 1;
    return new Promise((resolve) => (finish = resolve));
  };
  const first = gw.once("k-slow", { a: 1 }, slow);
  const copy = await gw.once("k-slow", { a: 1 }, slow);
  assert.equal(copy.status, 503);
  assert.match(/** @type {any} */ (copy.body).error, /still under way/);
  finish({ status: 201, body: { id: "x" } });
  assert.deepEqual(await first, { status: 201, body: { id: "x" } });
  assert.deepEqual(await gw.once("k-slow", { a: 1 }, slow), { status: 201, body: { id: "x" } });
  assert.equal(runs, 1);

  let tries = 0;
  const flaky = async () => ({ status: ++tries < 2 ? 503 : 200, body: { tries } });
  assert.equal((await gw.once("k-flaky", {}, flaky)).status, 503);
  assert.equal((await gw.once("k-flaky", {}, flaky)).status, 200);
  assert.equal(tries, 2);
  const throwing = async () => {
    throw new Error("boom");
  };
  await assert.rejects(gw.once("k-throw", {}, throwing), /boom/);
  assert.equal((await gw.once("k-throw", {}, async () => ({ status: 200, body: {} }))).status, 200);
});

test("cancel deletes through the SDK; again it is 404 (nothing left); restart and stop are refused", async () => {
  const { sdk, gw } = setup();
  await gw.create("app", "a1", body({ type: "app", app_id: "static-web" }));
  const c = await gw.cancel("app-gd3fa9c1jca1", "cancel-1");
  assert.equal(c.status, 200);
  assert.equal(/** @type {any} */ (c.body).state, "deleted");
  assert.ok(sdk.calls.find((x) => x.call === "deleteGatewayName"));
  assert.ok(sdk.calls.find((x) => x.call === "deleteMachines"));
  assert.deepEqual(await gw.cancel("app-gd3fa9c1jca1", "cancel-1"), c);
  assert.equal((await gw.cancel("app-gd3fa9c1jca1", "cancel-2")).status, 404);
  assert.equal((await gw.cancel("vm-nothere", "cancel-3")).status, 404);
  assert.equal(/** @type {any} */ ((await gw.get("app-gd3fa9c1jca1")).body).state, "deleted");
  for (const action of ["restart", "stop"]) {
    const r = await gw.refuseAction("vm-gd3fa9c1jca1", action, `${action}-1`);
    assert.equal(r.status, 422);
    assert.match(/** @type {any} */ (r.body).error, new RegExp(`ZOS has no ${action}`));
  }
});

test("SDK errors: transient ones are 503 (retry), refusals 422; a failed background deploy reads as error", async () => {
  assert.ok(classify(Object.assign(new Error("x"), { name: "TimeoutError" })) instanceof TransientError);
  assert.ok(classify(Object.assign(new Error("x"), { name: "RMBError" })) instanceof TransientError);
  assert.ok(classify(new Error("connect ECONNREFUSED 127.0.0.1:443")) instanceof TransientError);
  assert.ok(classify(Object.assign(new Error("x"), { name: "InsufficientBalanceError" })) instanceof PermanentError);
  assert.ok(classify(Object.assign(new Error("x"), { name: "ValidationError" })) instanceof PermanentError);
  const { sdk, gw } = setup();
  sdk.failNext = Object.assign(new Error("relay timed out"), { name: "TimeoutError" });
  assert.equal((await gw.get("vm-gd3fa9c1jca1")).status, 503);
  sdk.failOn.set("deployMachines", Object.assign(new Error("Failed to deploy: node 11 reported: not enough storage"), { name: "GridClientError" }));
  await gw.create("vm", "k1", body());
  await settled(gw, "vm-gd3fa9c1jca1");
  const d = /** @type {any} */ ((await gw.get("vm-gd3fa9c1jca1")).body);
  assert.equal(d.state, "error");
  assert.match(d.message, /not enough storage/);
  // Cancelling a deploy that failed is success: nothing is left on the grid.
  assert.equal(/** @type {any} */ ((await gw.cancel("vm-gd3fa9c1jca1", "c1")).body).state, "deleted");
});

test("GET /contracts: this installation's live node contracts by name prefix", async () => {
  const { gw } = setup();
  await gw.create("vm", "k1", body());
  await gw.create("storage", "k2", body({ type: "storage", name: "gdffffffj1", storage_type: "zdb" }));
  await settled(gw, "vm-gd3fa9c1jca1");
  await settled(gw, "storage-gdffffffj1a1");
  const r = /** @type {any} */ ((await gw.contracts("gd3fa9c1j")).body);
  assert.deepEqual(r.map((/** @type {any} */ c) => c.deployment_id), ["vm-gd3fa9c1jca1"]);
  assert.equal((await gw.contracts("bad prefix!")).status, 400);
});

test("wallet: strict-receive path payment with send-max, bridge fee added, memo twin_<id>, once per key", async () => {
  const { sdk, gw } = setup();
  const r = await gw.convert("gd-3fa9c1-job-12-convert-1", { usd_amount: "22.5000000", tft_amount: "2000.0000000", job_id: 12 });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const buy = /** @type {any} */ (sdk.calls.find((c) => c.call === "stellarBuyTft")).model;
  assert.equal(buy.destAmount, "2001.0000000"); // + the bridge's 1 TFT deposit fee
  assert.equal(buy.sendMax, "22.5000000");
  const dep = /** @type {any} */ (sdk.calls.find((c) => c.call === "stellarDepositToBridge")).model;
  assert.equal(dep.memoText, "twin_4242");
  assert.equal(dep.amount, "2001.0000000");
  assert.ok(sdk.calls.find((c) => c.call === "waitForMint"));
  const b = /** @type {any} */ (r.body);
  assert.equal(b.tft_received, "2000.0000000");
  assert.equal(b.usd_spent, "20.0100000");
  assert.equal(b.bridge_fee_tft, "1.0000000");
  // The same key after a restart finds the purchase on Stellar and buys nothing more.
  const restarted = new Gateway(sdk, {});
  const again = await restarted.convert("gd-3fa9c1-job-12-convert-1", { usd_amount: "22.5000000", tft_amount: "2000.0000000", job_id: 12 });
  assert.equal(again.status, 200);
  assert.equal(sdk.calls.filter((c) => c.call === "stellarBuyTft").length, 1);
  // Above send-max the path payment fails: a refusal, not a retry.
  const dear = await gw.convert("k-dear", { usd_amount: "1.0000000", tft_amount: "2000.0000000", job_id: 13 });
  assert.equal(dear.status, 422);
  assert.match(/** @type {any} */ (dear.body).error, /op_over_source_max/);
  assert.equal((await gw.convert("k-bad", { usd_amount: 22.5, tft_amount: "1.0000000" })).status, 400);
});

test("prices and balances: TFChain's price in mUSD as stored; Stellar and TFChain TFT", async () => {
  const { sdk, gw } = setup();
  sdk.priceMusd = { tftPrice: 9, averageTftPrice: 11 };
  assert.deepEqual((await gw.tftPrice()).body, { tft_price_musd: 9, average_tft_price_musd: 11 });
  assert.deepEqual((await gw.balance()).body, { tft: "0.0000000", usd: "1000.0000000", tfchain_tft: "12.5000000" });
});
