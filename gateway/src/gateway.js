// @ts-check
// The gateway API of docs/grid-gateway-api.md over a GridSdk: what each endpoint does, without
// HTTP. Deployment ids are "<type>-<grid name>", the grid name coming from the request's name
// and the attempt, so a repeated request (or the same one after a restart of the gateway) finds
// the deployment the grid already has instead of making a second one.
"use strict";

const crypto = require("node:crypto");
const { TransientError, PermanentError, classify } = require("./sdk");
const { BadRequest, parseRequest, gridName, plan, TYPES } = require("./requests");

/** @typedef {import('./sdk').GridSdk} GridSdk */
/** @typedef {{ status: number, body: unknown }} Reply */

const ID = /^(vm|container|kubernetes|storage|app)-([a-z0-9_]{1,35})$/;
const MODULE_OF = { vm: "machines", container: "machines", app: "machines", kubernetes: "k8s", storage: "storage" };

/** @param {number} status @param {string} error @returns {Reply} */
function fail(status, error) {
  return { status, body: { error } };
}

/** Errors thrown by the SDK as replies: transient 503, refusals 422. @param {unknown} err @returns {Reply} */
function errorReply(err) {
  if (err instanceof BadRequest) return fail(400, err.message);
  const c = classify(err);
  if (c instanceof TransientError) return fail(503, `grid unreachable, retry: ${c.message}`);
  return fail(c.status || 422, c.message);
}

// Amounts: decimal strings with up to 7 places, as BigInt stroops (1e-7), never floats.
const SCALE = 10000000n;
/** @param {string} s @param {string} field */
function toStroops(s, field) {
  if (typeof s !== "string" || !/^[0-9]{1,20}(\.[0-9]{1,7})?$/.test(s))
    throw new BadRequest(`${field} must be a decimal string with at most 7 places, such as "22.5000000"`);
  const [whole, frac = ""] = s.split(".");
  return BigInt(whole) * SCALE + BigInt(frac.padEnd(7, "0"));
}
/** @param {bigint} v */
function fromStroops(v) {
  return `${v / SCALE}.${(v % SCALE).toString().padStart(7, "0")}`;
}

class Gateway {
  /**
   * @param {GridSdk} sdk
   * @param {{ sshKey?: string, catalogue?: Record<string, any>, now?: () => number, mintTimeoutMs?: number, copyWaitMs?: number }} [options]
   */
  constructor(sdk, options = {}) {
    this.sdk = sdk;
    this.sshKey = options.sshKey || "";
    this.catalogue = options.catalogue || {};
    this.now = options.now || (() => Math.floor(Date.now() / 1000));
    this.mintTimeoutMs = options.mintTimeoutMs || 20 * 60 * 1000;
    // How long a copy of a request still under way waits for its answer before it is told to
    // come back (503): shorter than GridDeck's request timeout, so a copy never times out.
    this.copyWaitMs = options.copyWaitMs || 10 * 1000;
    /** @type {Map<string, { hash: string, reply: Reply }>} first reply per Idempotency-Key */
    this.replies = new Map();
    /** @type {Map<string, { state: string, message: string, createdAt: number, nodeIds: number[], done: Promise<void> }>} */
    this.pending = new Map();
    /** @type {Map<string, number>} deployments cancelled through this gateway (id -> when) */
    this.cancelled = new Map();
    /** @type {Map<string, { hash: string, work: Promise<Reply> }>} requests under way, by Idempotency-Key */
    this.running = new Map();
    // Deploys run one at a time: grid_client picks network ranges and keys per call, and two
    // calls at once can pick the same.
    /** @type {Promise<void>} */
    this.deploys = Promise.resolve();
  }

  /**
   * A POST that must carry an Idempotency-Key: the first reply is kept and replayed.
   * @param {string} key @param {unknown} body @param {() => Promise<Reply>} run @returns {Promise<Reply>}
   */
  async once(key, body, run) {
    if (!key) return fail(400, "the Idempotency-Key header is required");
    if (key.length > 255) return fail(400, "the Idempotency-Key header is longer than 255 characters");
    const hash = crypto.createHash("sha256").update(JSON.stringify(body ?? null)).digest("hex");
    const seen = this.replies.get(key) || this.running.get(key);
    if (seen) {
      if (seen.hash !== hash) return fail(409, `Idempotency-Key "${key}" was used with another body`);
      if ("reply" in seen) return seen.reply;
      // A copy of a request still under way (the client sent it again before the first answer
      // came) waits for that answer instead of doing the work a second time; after copyWaitMs
      // it is told to try again, and the answer is kept for that try.
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      const later = new Promise((resolve) => {
        timer = setTimeout(() => resolve(fail(503, `a request with Idempotency-Key "${key}" is still under way; try again`)), this.copyWaitMs);
      });
      try {
        return await Promise.race([seen.work, /** @type {Promise<Reply>} */ (later)]);
      } finally {
        clearTimeout(timer);
      }
    }
    const work = run();
    this.running.set(key, { hash, work });
    try {
      const reply = await work;
      // Transient failures are not remembered: the same key may be tried again.
      if (reply.status < 500) this.replies.set(key, { hash, reply });
      return reply;
    } finally {
      this.running.delete(key);
    }
  }

  /** POST /deployments/{type} @param {string} type @param {string} key @param {unknown} body */
  create(type, key, body) {
    return this.once(key, { create: type, body }, async () => {
      try {
        const r = parseRequest(type, body);
        const name = gridName(r, key);
        const steps = plan(r, name, { sshKey: this.sshKey, catalogue: this.catalogue });
        const id = `${type}-${name}`;
        const existing = await this.describe(id);
        if (existing) return { status: 201, body: existing };
        const createdAt = this.now();
        const entry = { state: "init", message: "", createdAt, nodeIds: r.nodeIds, done: Promise.resolve() };
        this.pending.set(id, entry);
        const run = this.deploys.then(() => this.deploy(name, steps, r));
        this.deploys = run.catch(() => {});
        entry.done = run.then(
          () => void this.pending.delete(id),
          (err) => {
            entry.state = "error";
            entry.message = classify(err).message;
          },
        );
        return { status: 201, body: this.view(id, type, { state: "init", createdAt, nodeIds: r.nodeIds }) };
      } catch (err) {
        return errorReply(err);
      }
    });
  }

  /**
   * The SDK calls of one request, in the background.
   * @param {string} name @param {ReturnType<typeof plan>} p @param {import('./requests').DeployRequest} r
   */
  async deploy(name, p, r) {
    for (const step of p.steps) await /** @type {any} */ (this.sdk)[step.call](step.model);
    if (!p.app) return;
    // An app is reached through a gateway name in front of the VM's private address.
    const vms = await this.sdk.getMachines(name);
    const ip = vms[0] && vms[0].interfaces[0] && vms[0].interfaces[0].ip;
    if (!ip) throw new PermanentError(`app "${r.appId}": the VM came up without a private address for the gateway`);
    const nodeId = await this.sdk.findGatewayNode();
    await this.sdk.deployGatewayName({
      name,
      node_id: nodeId,
      tls_passthrough: false,
      network: `${name}net`,
      backends: [`http://${ip}:${p.app.port}`],
      description: `GridDeck job ${r.jobId}`,
    });
  }

  /**
   * @param {string} id @param {string} type
   * @param {{ state: string, createdAt: number, nodeIds: number[], contractId?: number, message?: string,
   *   ip?: string, ipv6?: string, mycelium?: string, planetary?: string, webUrl?: string }} v
   */
  view(id, type, v) {
    return {
      id,
      contract_id: v.contractId || 0,
      node_id: v.nodeIds[0] || 0,
      node_ids: v.nodeIds,
      type,
      state: v.state,
      ip: v.ip || "",
      ipv6: v.ipv6 || "",
      mycelium_ip: v.mycelium || "",
      planetary_ip: v.planetary || "",
      web_url: v.webUrl || "",
      message: v.message || "",
      created_at: v.createdAt,
      updated_at: this.now(),
      actions: ["cancel"],
    };
  }

  /**
   * What the grid says of a deployment; null when it has none (and none is under way here).
   * @param {string} id
   */
  async describe(id) {
    const m = ID.exec(id);
    if (!m) return null;
    const [, type, name] = m;
    const pending = this.pending.get(id);
    if (pending) return this.view(id, type, pending);
    /** @type {Array<{ status: string, message?: string, contractId?: number, nodeId?: number | string, created?: number,
     *   publicIP?: any, myceliumIP?: string, planetary?: string }>} */
    let workloads = [];
    let webUrl = "";
    const module = /** @type {Record<string, string>} */ (MODULE_OF)[type];
    if (module === "machines") {
      workloads = /** @type {any[]} */ (await this.sdk.getMachines(name));
      if (type === "app" && workloads.length) {
        const gw = await this.sdk.getGateway(name);
        if (gw[0] && gw[0].domain) webUrl = `https://${gw[0].domain}`;
      }
    } else if (module === "k8s") {
      const k = /** @type {any} */ (await this.sdk.getK8s(name));
      workloads = [...((k && k.masters) || []), ...((k && k.workers) || [])];
    } else {
      workloads = /** @type {any[]} */ (await this.sdk.getZdbs(name));
    }
    if (!workloads.length) {
      const when = this.cancelled.get(id);
      return when === undefined ? null : this.view(id, type, { state: "deleted", createdAt: when, nodeIds: [] });
    }
    // The deployment's state is its worst workload's (grid_client's deployer waits for all).
    const order = ["error", "unchanged", "paused", "init", "deleted", "ok"];
    let state = "ok";
    let message = "";
    for (const w of workloads) {
      const s = order.includes(w.status) ? w.status : "init";
      if (order.indexOf(s) < order.indexOf(state)) {
        state = s;
        message = w.message || "";
      }
    }
    const first = workloads[0];
    const pub = first.publicIP || {};
    return this.view(id, type, {
      state,
      message,
      contractId: first.contractId,
      createdAt: first.created || this.now(),
      nodeIds: workloads.map((w) => Number(w.nodeId)),
      ip: pub.ip || "",
      ipv6: String(pub.ip6 || "").split("/")[0],
      mycelium: first.myceliumIP || "",
      planetary: first.planetary || "",
      webUrl,
    });
  }

  /** GET /deployments/{id} @param {string} id @returns {Promise<Reply>} */
  async get(id) {
    try {
      const d = await this.describe(id);
      return d ? { status: 200, body: d } : fail(404, `deployment "${id}" does not exist`);
    } catch (err) {
      return errorReply(err);
    }
  }

  /** POST /deployments/{id}/cancel: the grid deletes every contract of the deployment. @param {string} id @param {string} key */
  cancel(id, key) {
    return this.once(key, { cancel: id }, async () => {
      try {
        const m = ID.exec(id);
        if (!m) return fail(404, `deployment "${id}" does not exist`);
        const [, type, name] = m;
        const pending = this.pending.get(id);
        if (pending) await pending.done; // a deploy under way finishes (or fails) first
        // A deploy that failed here: grid_client rolled back what it made; whatever is left goes below.
        const failed = pending && pending.state === "error" ? this.view(id, type, pending) : null;
        if (failed) this.pending.delete(id);
        const d = await this.describe(id);
        if (!d && failed) {
          this.cancelled.set(id, this.now());
          return { status: 200, body: { ...failed, state: "deleted" } };
        }
        if (!d || d.state === "deleted") return fail(404, `deployment "${id}" does not exist`);
        if (type === "kubernetes") await this.sdk.deleteK8s({ name });
        else if (type === "storage") {
          if ((await this.sdk.getZdbs(name)).length) await this.sdk.deleteZdbs({ name });
          else await this.sdk.deleteQsfsZdbs({ name });
        } else {
          if ((await this.sdk.getGateway(name)).length) await this.sdk.deleteGatewayName({ name });
          await this.sdk.deleteMachines({ name });
        }
        this.pending.delete(id);
        const when = this.now();
        this.cancelled.set(id, when);
        return { status: 200, body: { ...d, state: "deleted", updated_at: when } };
      } catch (err) {
        return errorReply(err);
      }
    });
  }

  /**
   * POST /deployments/{id}/restart and /stop: ZOS has neither (a workload is created, updated
   * or deleted; a zmachine cannot be updated in place), so the gateway refuses and the
   * deployment object's "actions" lists only "cancel".
   * @param {string} id @param {string} action @param {string} key
   */
  refuseAction(id, action, key) {
    return this.once(key, { [action]: id }, async () =>
      fail(
        422,
        `${action} is not possible on the ThreeFold Grid: ZOS has no ${action} for a deployed workload ` +
          "(only create, update and delete); cancel the deployment and deploy again",
      ),
    );
  }

  /** GET /deployments/{id}/health @param {string} id @returns {Promise<Reply>} */
  async health(id) {
    const r = await this.get(id);
    if (r.status !== 200) return r;
    const d = /** @type {ReturnType<Gateway['view']>} */ (r.body);
    const ok = d.state === "ok";
    const host = (d.ip || "").split("/")[0] || d.ipv6 || d.mycelium_ip;
    return {
      status: 200,
      body: { healthy: ok, checks: [{ name: "workload", ok, message: ok ? "" : d.message || d.state }], ssh: { host, port: 22 } },
    };
  }

  /** GET /contracts?name_prefix=P @param {string} prefix @returns {Promise<Reply>} */
  async contracts(prefix) {
    if (!/^[A-Za-z0-9_-]{0,64}$/.test(prefix))
      return fail(400, `invalid value "${prefix}" for query parameter name_prefix: letters, digits, '_' and '-', at most 64`);
    try {
      const mine = await this.sdk.listMyContracts();
      const out = [];
      for (const c of mine.nodeContracts || []) {
        if (c.state !== "Created" && c.state !== "GracePeriod") continue;
        let data = c.parsedDeploymentData;
        if (!data) {
          try {
            data = JSON.parse(c.deploymentData);
          } catch {
            continue;
          }
        }
        if (!data || typeof data.name !== "string" || !data.name.startsWith(prefix.toLowerCase())) continue;
        const type = { vm: "vm", kubernetes: "kubernetes", zdb: "storage", qsfs: "storage" }[data.type];
        if (!type) continue; // a gateway name belongs to its app's VM: cancelled with it
        out.push({
          contract_id: Number(c.contractID),
          deployment_id: `${type}-${data.name}`,
          name: data.name,
          node_id: Number(c.nodeID),
          state: c.state === "Created" ? "ok" : "paused",
          created_at: Math.floor(Number(c.createdAt) > 1e12 ? Number(c.createdAt) / 1000 : Number(c.createdAt)),
        });
      }
      return { status: 200, body: out };
    } catch (err) {
      return errorReply(err);
    }
  }

  /** GET /tft_price @returns {Promise<Reply>} */
  async tftPrice() {
    try {
      const p = await this.sdk.tftPriceMusd();
      return { status: 200, body: { tft_price_musd: p.tftPrice, average_tft_price_musd: p.averageTftPrice } };
    } catch (err) {
      return errorReply(err);
    }
  }

  /**
   * POST /wallet/convert: buy tft_amount (+ the bridge's deposit fee) TFT on Stellar with a
   * strict-receive path payment from USDC, send-max = usd_amount; then deposit them to the bridge
   * with memo "twin_<id>" and wait for the mint on TFChain. The payment carries
   * sha256("griddeck-convert:" + key) as its memo hash, so a repeated key (also after a restart)
   * finds the purchase instead of buying twice.
   * @param {string} key @param {unknown} body
   */
  convert(key, body) {
    return this.once(key, body, () => this.runConversion(key, body));
  }

  /** @param {string} key @param {unknown} body @returns {Promise<Reply>} */
  async runConversion(key, body) {
    try {
      if (typeof body !== "object" || body === null || Array.isArray(body)) throw new BadRequest("the body must be a JSON object");
      const b = /** @type {Record<string, unknown>} */ (body);
      const usdMax = toStroops(/** @type {string} */ (b.usd_amount), "usd_amount");
      const tft = toStroops(/** @type {string} */ (b.tft_amount), "tft_amount");
      if (tft <= 0n) throw new BadRequest("tft_amount must be above zero");
      if (usdMax <= 0n) throw new BadRequest("usd_amount must be above zero");
      const memoHashHex = crypto.createHash("sha256").update(`griddeck-convert:${key}`).digest("hex");
      const feeTft = toStroops(Number(await this.sdk.bridgeDepositFee()).toFixed(7), "bridge deposit fee");
      const gross = tft + feeTft;
      let paid = await this.sdk.stellarFindPayment(memoHashHex);
      if (!paid) paid = await this.sdk.stellarBuyTft({ destAmount: fromStroops(gross), sendMax: fromStroops(usdMax), memoHashHex });
      const spent = toStroops(paid.sourceAmount, "source amount");
      if (spent > usdMax) throw new PermanentError(`Stellar charged ${paid.sourceAmount} USDC, above the limit ${fromStroops(usdMax)}`);
      await this.sdk.stellarDepositToBridge({ amount: fromStroops(gross), memoText: `twin_${this.sdk.twinId()}`, idempotencyHex: memoHashHex });
      await this.sdk.waitForMint(this.mintTimeoutMs);
      // rate = USD per TFT received, 12 places, from integers.
      const rate = (spent * 10n ** 12n) / tft;
      const rateText = `${rate / 10n ** 12n}.${(rate % 10n ** 12n).toString().padStart(12, "0")}`;
      return {
        status: 200,
        body: { tx_id: paid.hash, tft_received: fromStroops(tft), usd_spent: fromStroops(spent), rate: rateText, bridge_fee_tft: fromStroops(feeTft) },
      };
    } catch (err) {
      return errorReply(err);
    }
  }

  /** GET /wallet/balance: Stellar TFT and USDC, and the twin's TFT on TFChain. @returns {Promise<Reply>} */
  async balance() {
    try {
      const [stellar, chain] = await Promise.all([this.sdk.stellarBalance(), this.sdk.chainBalance()]);
      const chainTft = toStroops(Number(chain.free).toFixed(7), "tfchain balance");
      return { status: 200, body: { tft: stellar.tft, usd: stellar.usdc, tfchain_tft: fromStroops(chainTft) } };
    } catch (err) {
      return errorReply(err);
    }
  }

  /** GET /status: what the gateway can reach. @returns {Promise<Reply>} */
  async status() {
    const reach = await this.sdk.reachability();
    return { status: 200, body: { twin_id: this.sdk.twinId(), reachable: reach } };
  }
}

module.exports = { Gateway, toStroops, fromStroops, TYPES };
