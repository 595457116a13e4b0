// @ts-check
// An in-memory grid behind the GridSdk interface, for tests and for `griddeck-gridd --fake`.
// Every model it receives goes through grid_client's own validation (the model classes with
// class-transformer + class-validator, as the SDK's @validateInput decorator does), so a model
// the real SDK would refuse is refused here too. Typed against grid_client's declarations: the
// `@type {GridSdk}` check in `npm run typecheck` fails when the SDK changes under us.
"use strict";

require("reflect-metadata");
const { plainToInstance } = require("class-transformer");
const { validateSync } = require("class-validator");
const gc = require("@threefold/grid_client");
const { TransientError, PermanentError } = require("./sdk");

/** @typedef {import('./sdk').GridSdk} GridSdk */

/**
 * grid_client's input check (helpers/validator.ts validateInput): plainToInstance with
 * excludeExtraneousValues, then validateSync; a failure is its ValidationError.
 * @template T @param {new () => T} cls @param {unknown} plain @returns {T}
 */
function validated(cls, plain) {
  const obj = /** @type {T} */ (plainToInstance(cls, plain, { excludeExtraneousValues: true }));
  const errors = validateSync(/** @type {object} */ (obj));
  if (errors.length) {
    const what = errors.map((e) => e.toString(false, false, "", true).trim()).join("; ");
    const err = new Error(`Validation failed. errors: ${what}`);
    err.name = "ValidationError";
    throw err;
  }
  return obj;
}

class FakeSdk {
  /** @param {{ twinId?: number, readyAfterGets?: number }} [o] */
  constructor(o = {}) {
    this.twin = o.twinId || 4242;
    this.readyAfterGets = o.readyAfterGets ?? 0;
    /** @type {Array<{ call: string, model: any }>} every call, in order, with its validated model */
    this.calls = [];
    /** @type {Map<string, { kind: string, model: any, contracts: number[], gets: number, created: number, nodeIds: number[] }>} */
    this.deployments = new Map();
    this.nextContract = 5000;
    /** @type {Error | null} thrown by the next SDK call */
    this.failNext = null;
    /** @type {Map<string, Error>} thrown by the next call of that name */
    this.failOn = new Map();
    /** @type {Map<string, { hash: string, sourceAmount: string, destAmount: string }>} */
    this.payments = new Map();
    /** @type {Set<string>} */
    this.deposits = new Set();
    this.stellar = { tft: "0.0000000", usdc: "1000.0000000" };
    this.chainFree = 12.5;
    this.priceMusd = { tftPrice: 10, averageTftPrice: 10 };
    this.reach = { chain: true, relay: true, proxy: true, graphql: true };
  }

  /** @param {string} call @param {any} model */
  record(call, model) {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
    const e = this.failOn.get(call);
    if (e) {
      this.failOn.delete(call);
      throw e;
    }
    this.calls.push({ call, model });
  }

  /** @param {string} kind @param {string} name @param {number[]} nodeIds @param {any} model */
  add(kind, name, nodeIds, model) {
    if (this.deployments.has(`${kind}:${name}`)) throw new PermanentError(`Another ${kind} deployment with the same name ${name} already exists`);
    const contracts = nodeIds.map(() => this.nextContract++);
    this.deployments.set(`${kind}:${name}`, { kind, model, contracts, gets: 0, created: 1767225600, nodeIds });
    return { contracts: { created: contracts.map((id) => ({ contractId: id })) } };
  }

  /** @param {string} kind @param {string} name */
  remove(kind, name) {
    if (!this.deployments.delete(`${kind}:${name}`)) throw new PermanentError(`Couldn't find any contracts with name ${name}`);
    return { deleted: [] };
  }

  /** Zmachine-like records for a deployment, "init" until it was read readyAfterGets times. @param {string} kind @param {string} name */
  workloads(kind, name) {
    const d = this.deployments.get(`${kind}:${name}`);
    if (!d) return [];
    d.gets += 1;
    const status = d.gets > this.readyAfterGets ? "ok" : "init";
    const machines = d.kind === "k8s" ? [...d.model.masters, ...(d.model.workers || [])] : d.kind === "zdbs" ? d.model.zdbs : d.kind === "machines" ? d.model.machines : [];
    return machines.map((/** @type {any} */ m, /** @type {number} */ i) => ({
      version: 0,
      contractId: d.contracts[i] || d.contracts[0],
      nodeId: String(m.node_id),
      name: m.name,
      created: d.created,
      status,
      message: "",
      flist: m.flist || "",
      publicIP: { ip: m.public_ip ? `185.69.166.${10 + i}/24` : "", ip6: m.public_ip6 ? `2a02:1802:5e::${(10 + i).toString(16)}/64` : "", gateway: "" },
      planetary: m.planetary ? "300:1234::1" : "",
      myceliumIP: m.mycelium ? `4a2:7c1e:91ab::${i + 1}` : "",
      interfaces: [{ network: `${name}net`, ip: `10.20.2.${2 + i}` }],
      capacity: { cpu: m.cpu || 0, memory: m.memory || 0 },
      mounts: [],
      env: m.env || {},
      entrypoint: m.entrypoint || "",
      metadata: "",
      description: "",
      rootfs_size: m.rootfs_size || 0,
      corex: false,
      gpu: [],
      size: m.disk_size || 0,
      mode: m.mode || "",
      publicNamespace: false,
      password: "",
      namespace: "",
      ips: [],
      port: 9900,
      type: "zmachine",
    }));
  }

  twinId() {
    return this.twin;
  }
  /** @param {import('./sdk').MachinesModel} m */
  async deployMachines(m) {
    const v = validated(gc.MachinesModel, m);
    this.record("deployMachines", v);
    return this.add("machines", v.name, v.machines.map((x) => x.node_id), v);
  }
  /** @param {string} name */
  async getMachines(name) {
    this.record("getMachines", name);
    return /** @type {any} */ (this.workloads("machines", name));
  }
  /** @param {import('./sdk').MachinesDeleteModel} m */
  async deleteMachines(m) {
    const v = validated(gc.MachinesDeleteModel, m);
    this.record("deleteMachines", v);
    return this.remove("machines", v.name);
  }
  /** @param {import('./sdk').K8SModel} m */
  async deployK8s(m) {
    const v = validated(gc.K8SModel, m);
    this.record("deployK8s", v);
    return this.add("k8s", v.name, [...v.masters, ...(v.workers || [])].map((x) => x.node_id), v);
  }
  /** @param {string} name */
  async getK8s(name) {
    this.record("getK8s", name);
    const all = this.workloads("k8s", name);
    const d = this.deployments.get(`k8s:${name}`);
    const masters = d ? d.model.masters.length : 0;
    return /** @type {any} */ ({ masters: all.slice(0, masters), workers: all.slice(masters) });
  }
  /** @param {import('./sdk').K8SDeleteModel} m */
  async deleteK8s(m) {
    const v = validated(gc.K8SDeleteModel, m);
    this.record("deleteK8s", v);
    return this.remove("k8s", v.name);
  }
  /** @param {import('./sdk').ZDBSModel} m */
  async deployZdbs(m) {
    const v = validated(gc.ZDBSModel, m);
    this.record("deployZdbs", v);
    return this.add("zdbs", v.name, v.zdbs.map((z) => z.node_id), v);
  }
  /** @param {string} name */
  async getZdbs(name) {
    this.record("getZdbs", name);
    return /** @type {any} */ ([...this.workloads("zdbs", name), ...this.workloads("qsfs", name)]);
  }
  /** @param {import('./sdk').ZDBDeleteModel} m */
  async deleteZdbs(m) {
    const v = validated(gc.ZDBDeleteModel, m);
    this.record("deleteZdbs", v);
    return this.remove("zdbs", v.name);
  }
  /** @param {import('./sdk').QSFSZDBSModel} m */
  async deployQsfsZdbs(m) {
    const v = validated(gc.QSFSZDBSModel, m);
    this.record("deployQsfsZdbs", v);
    const zdbs = Array.from({ length: v.count }, (_, i) => ({ name: `${v.name}${i}`, node_id: v.node_ids[i % v.node_ids.length], disk_size: v.disk_size, mode: "seq" }));
    const r = this.add("qsfs", v.name, zdbs.map((z) => z.node_id), { ...v, zdbs });
    const d = this.deployments.get(`qsfs:${v.name}`);
    if (d) d.kind = "zdbs";
    return r;
  }
  /** @param {import('./sdk').QSFSZDBDeleteModel} m */
  async deleteQsfsZdbs(m) {
    const v = validated(gc.QSFSZDBDeleteModel, m);
    this.record("deleteQsfsZdbs", v);
    return this.remove("qsfs", v.name);
  }
  /** @param {import('./sdk').GatewayNameModel} m */
  async deployGatewayName(m) {
    const v = validated(gc.GatewayNameModel, m);
    this.record("deployGatewayName", v);
    return this.add("gateway", v.name, [v.node_id], v);
  }
  /** @param {string} name */
  async getGateway(name) {
    this.record("getGateway", name);
    const d = this.deployments.get(`gateway:${name}`);
    if (!d) return [];
    return [{ version: 0, contractId: d.contracts[0], name, created: d.created, status: "ok", message: "", type: "gateway-name-proxy",
      domain: `${name}.gent01.dev.grid.tf`, tls_passthrough: false, backends: d.model.backends, metadata: "", description: "" }];
  }
  /** @param {import('./sdk').GatewayNameDeleteModel} m */
  async deleteGatewayName(m) {
    const v = validated(gc.GatewayNameDeleteModel, m);
    this.record("deleteGatewayName", v);
    return this.remove("gateway", v.name);
  }
  async findGatewayNode() {
    this.record("findGatewayNode", null);
    return 11;
  }
  async listMyContracts() {
    this.record("listMyContracts", null);
    /** @type {import('./sdk').MyContracts} */
    const out = { nameContracts: [], nodeContracts: [], rentContracts: [] };
    const types = { machines: "vm", k8s: "kubernetes", zdbs: "zdb", qsfs: "qsfs", gateway: "gateway" };
    for (const [key, d] of this.deployments) {
      const name = key.slice(key.indexOf(":") + 1);
      d.contracts.forEach((id, i) => {
        const data = { type: /** @type {Record<string, string>} */ (types)[key.slice(0, key.indexOf(":"))], name, projectName: "" };
        out.nodeContracts.push({ id: String(id), gridVersion: "4", contractID: String(id), twinID: String(this.twin), state: "Created",
          createdAt: String(d.created), updatedAt: String(d.created), solutionProviderID: "0", nodeID: d.nodeIds[i],
          deploymentData: JSON.stringify(data), deploymentHash: "", numberOfPublicIPs: 0, resourcesUsed: undefined });
      });
    }
    return out;
  }
  async tftPriceMusd() {
    this.record("tftPriceMusd", null);
    return this.priceMusd;
  }
  async chainBalance() {
    this.record("chainBalance", null);
    return { free: this.chainFree, reserved: 0, frozen: 0 };
  }
  async bridgeDepositFee() {
    this.record("bridgeDepositFee", null);
    return 1;
  }
  async stellarBalance() {
    this.record("stellarBalance", null);
    return this.stellar;
  }
  /** @param {string} memoHashHex */
  async stellarFindPayment(memoHashHex) {
    this.record("stellarFindPayment", memoHashHex);
    return this.payments.get(memoHashHex) || null;
  }
  /** @param {{ destAmount: string, sendMax: string, memoHashHex: string }} o */
  async stellarBuyTft(o) {
    this.record("stellarBuyTft", o);
    // 0.01 USDC per TFT, the path's price; over send-max the path payment fails (op_over_source_max).
    const source = ((BigInt(o.destAmount.replace(".", "")) + 99n) / 100n).toString().padStart(8, "0");
    const sourceAmount = `${source.slice(0, -7)}.${source.slice(-7)}`;
    if (BigInt(source) > BigInt(o.sendMax.replace(".", ""))) throw new PermanentError("Stellar: op_over_source_max (the path costs more than send-max)");
    const p = { hash: `fake${o.memoHashHex.slice(0, 12)}`, sourceAmount, destAmount: o.destAmount };
    this.payments.set(o.memoHashHex, p);
    return p;
  }
  /** @param {{ amount: string, memoText: string, idempotencyHex: string }} o */
  async stellarDepositToBridge(o) {
    this.record("stellarDepositToBridge", o);
    this.deposits.add(o.idempotencyHex);
    return `deposit${o.idempotencyHex.slice(0, 8)}`;
  }
  /** @param {number} timeoutMs */
  async waitForMint(timeoutMs) {
    this.record("waitForMint", timeoutMs);
  }
  async reachability() {
    return { ...this.reach };
  }
  async disconnect() {}
}

/** @type {GridSdk} */
const typeCheck = new FakeSdk(); // fails `tsc` when FakeSdk stops matching the interface
void typeCheck;

module.exports = { FakeSdk, validated, TransientError };
