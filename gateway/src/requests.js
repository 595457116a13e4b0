// @ts-check
// A POST /deployments/{type} body, checked field by field (the same rules and words as the
// simulator, app/sim/SimDeployments.cpp), then turned into grid_client models.
"use strict";

const { PermanentError } = require("./sdk");

const TYPES = ["vm", "container", "kubernetes", "storage", "app"];

/** A 400 naming the field. */
class BadRequest extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.status = 400;
  }
}

/**
 * Official full-VM flists (threefoldtech/tf-images README, "Operating Systems Distros").
 * @type {Record<string, Record<string, string>>}
 */
const VM_FLISTS = {
  ubuntu: {
    "20.04": "https://hub.grid.tf/tf-official-vms/ubuntu-20.04-lts.flist",
    "22.04": "https://hub.grid.tf/tf-official-vms/ubuntu-22.04.flist",
    "24.04": "https://hub.grid.tf/tf-official-vms/ubuntu-24.04-full.flist",
  },
};
const K3S_FLIST = "https://hub.grid.tf/tf-official-apps/threefolddev-k3s-v1.31.0.flist";
const FLIST_URL = /^https:\/\/[a-z0-9.-]+\/[A-Za-z0-9._/:-]+\.flist$/;
const NAME = /^[a-zA-Z0-9_]+$/;

/** @param {Record<string, unknown>} o @param {string} key @param {boolean} required @param {number} [max] */
function str(o, key, required, max = 256) {
  const v = o[key];
  if (v === undefined || v === null) {
    if (required) throw new BadRequest(`${key} is required`);
    return "";
  }
  if (typeof v !== "string") throw new BadRequest(`${key} must be a string`);
  if (required && v === "") throw new BadRequest(`${key} must not be empty`);
  if (v.length > max) throw new BadRequest(`${key} is longer than ${max} characters`);
  return v;
}

/** @param {Record<string, unknown>} o @param {string} key @param {number} min @param {number} max @param {number} [dflt] */
function int(o, key, min, max, dflt) {
  const v = o[key];
  if (v === undefined || v === null) {
    if (dflt === undefined) throw new BadRequest(`${key} is required`);
    return dflt;
  }
  if (typeof v !== "number" || !Number.isInteger(v)) throw new BadRequest(`${key} must be a whole number`);
  if (v < min || v > max) throw new BadRequest(`${key} must be from ${min} to ${max} (got ${v})`);
  return v;
}

/** @param {Record<string, unknown>} o @param {string} key @param {string} prefix @param {boolean} dflt */
function bool(o, key, prefix, dflt) {
  const v = o[key];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== "boolean") throw new BadRequest(`${prefix}${key} must be true or false`);
  return v;
}

/** @param {unknown} v @returns {v is Record<string, unknown>} */
function isObject(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The checked request. Throws BadRequest naming the field.
 * @param {string} type the path segment
 * @param {unknown} body
 */
function parseRequest(type, body) {
  if (!TYPES.includes(type))
    throw new BadRequest(`unknown deployment type "${type}" in the path: expected ${TYPES.join(", ")}`);
  if (!isObject(body)) throw new BadRequest("the body must be a JSON object");
  const bodyType = str(body, "type", false, 32);
  if (bodyType && bodyType !== type) throw new BadRequest(`type "${bodyType}" does not match the path /deployments/${type}`);
  const name = str(body, "name", true, 256);
  if (name.length > 36) throw new BadRequest(`name cannot exceed 36 characters (got "${name}")`);
  if (!NAME.test(name)) throw new BadRequest(`unsupported character in workload name "${name}": only letters, digits and '_'`);
  const r = {
    type,
    name,
    twinId: int(body, "twin_id", 0, 2 ** 31 - 1, 0),
    jobId: int(body, "job_id", 0, 2 ** 53, 0),
    nodeId: int(body, "node_id", 1, 2 ** 31 - 1),
    cpu: int(body, "cpu", 1, 1024),
    memory: int(body, "memory", 1, 1 << 20),
    storage: int(body, "storage", 1, 1 << 24),
    os: str(body, "os", false),
    version: str(body, "version", false),
    sshKey: str(body, "ssh_key", false, 16384),
    publicIpv4: false,
    publicIpv6: true,
    mycelium: true,
    planetary: false,
    /** @type {Record<string, string>} */ environment: {},
    image: "",
    dockerImage: "",
    /** @type {number[]} */ ports: [],
    /** @type {number[]} */ nodeIds: [],
    storageType: "",
    appId: "",
  };
  if (body.network !== undefined && !isObject(body.network)) throw new BadRequest("network must be an object");
  const net = /** @type {Record<string, unknown>} */ (body.network || {});
  r.publicIpv4 = bool(net, "public_ipv4", "network.", false);
  r.publicIpv6 = bool(net, "public_ipv6", "network.", true);
  r.mycelium = bool(net, "mycelium", "network.", true);
  r.planetary = bool(net, "planetary", "network.", false);
  if (body.environment !== undefined && !isObject(body.environment)) throw new BadRequest("environment must be an object");
  for (const [k, v] of Object.entries(body.environment || {})) {
    if (typeof v !== "string") throw new BadRequest(`environment.${k} must be a string`);
    r.environment[k] = v;
  }
  if (body.payment !== undefined) {
    if (!isObject(body.payment)) throw new BadRequest("payment must be an object");
    const amount = body.payment.amount;
    if (typeof amount !== "string" || !/^[0-9]{1,20}(\.[0-9]{1,7})?$/.test(amount))
      throw new BadRequest('payment.amount must be a decimal string such as "2231.4000000"');
    if (body.payment.currency !== "TFT") throw new BadRequest('payment.currency must be "TFT"');
  }
  r.nodeIds = [r.nodeId];
  // Never accept a field only to ignore it (docs/grid-gateway-api.md).
  if (body.docker_image !== undefined && type !== "container")
    throw new BadRequest(`docker_image applies only to container deployments, not to ${type}`);
  if (body.kubernetes_manifest !== undefined) {
    if (type !== "kubernetes") throw new BadRequest(`kubernetes_manifest applies only to kubernetes deployments, not to ${type}`);
    // grid_client makes the cluster but has no way to run kubectl on it.
    throw new PermanentError(
      "kubernetes_manifest: this gateway cannot apply a manifest on the real grid; deploy the cluster without one, " +
        "then apply it yourself with kubectl and the cluster's kubeconfig",
    );
  }
  if (type === "container") {
    r.dockerImage = str(body, "docker_image", false, 512);
    r.image = str(body, "image", true, 512);
    const ports = body.ports === undefined ? [] : body.ports;
    if (!Array.isArray(ports)) throw new BadRequest("ports must be an array");
    for (const p of ports)
      if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || p > 65535)
        throw new BadRequest("ports must hold port numbers from 1 to 65535");
    r.ports = ports;
  } else if (type === "kubernetes") {
    const count = int(body, "node_count", 1, 100);
    if (!Array.isArray(body.node_ids)) throw new BadRequest("node_ids is required (an array of node ids)");
    for (const id of body.node_ids)
      if (typeof id !== "number" || !Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1)
        throw new BadRequest("node_ids must hold node ids");
    r.nodeIds = body.node_ids;
    if (r.nodeIds.length !== count) throw new BadRequest(`node_ids holds ${r.nodeIds.length} ids but node_count is ${count}`);
    if (r.nodeIds[0] !== r.nodeId)
      throw new BadRequest(`node_id (${r.nodeId}) must be the first of node_ids (${r.nodeIds[0]})`);
  } else if (type === "storage") {
    r.storageType = str(body, "storage_type", true, 64);
  } else if (type === "app") {
    r.appId = str(body, "app_id", true, 128);
  }
  return r;
}

/** @typedef {ReturnType<typeof parseRequest>} DeployRequest */

/**
 * The attempt number in GridDeck's key "gd-<installation>-job-<id>-deploy-<attempt>"; 1 for
 * any other key (a caller that is not GridDeck's pipeline).
 * @param {string} key
 */
function attemptOf(key) {
  const m = /-deploy-([0-9]{1,6})$/.exec(key);
  return m ? Number(m[1]) : 1;
}

/**
 * The grid deployment name: the request's name (GridDeck's "gd<installation>j<job>") plus the
 * attempt, so the same attempt always names the same deployment and a new attempt a new one.
 * grid_client allows 35 characters (modules/models.ts NameLength).
 * @param {DeployRequest} r @param {string} key
 */
function gridName(r, key) {
  const n = `${r.name}a${attemptOf(key)}`.toLowerCase();
  if (n.length > 35) throw new BadRequest(`name "${r.name}" is too long for the grid once the attempt is added (35 characters)`);
  return n;
}

/** The SSH key the VM gets: the request's, else the gateway's default. @param {DeployRequest} r @param {string} dflt */
function sshKeyFor(r, dflt) {
  return r.sshKey || dflt || "";
}

/**
 * @param {DeployRequest} r @param {string} name @param {{ sshKey: string, flist: string, entrypoint: string,
 *   rootfs: number, disk: boolean, env?: Record<string, string> }} o
 * @returns {import('@threefold/grid_client').MachinesModel}
 */
function machinesModel(r, name, o) {
  const env = { ...r.environment, ...(o.env || {}) };
  if (o.sshKey) env.SSH_KEY = o.sshKey;
  return {
    name,
    network: { name: `${name}net`, ip_range: "10.20.0.0/16", addAccess: false },
    machines: [
      {
        name: `${name}m`,
        node_id: r.nodeId,
        // A full VM boots from the disk mounted at "/" (grid_client docs, full virtual machine).
        disks: o.disk ? [{ name: `${name}d`, size: r.storage, mountpoint: "/" }] : [],
        public_ip: r.publicIpv4,
        public_ip6: r.publicIpv6,
        planetary: r.planetary,
        mycelium: r.mycelium,
        cpu: r.cpu,
        memory: r.memory * 1024,
        rootfs_size: o.rootfs,
        flist: o.flist,
        entrypoint: o.entrypoint,
        env,
      },
    ],
    metadata: JSON.stringify({ griddeck_job: r.jobId }),
    description: `GridDeck job ${r.jobId}`,
  };
}

/**
 * The SDK calls one request becomes: a list of { call, model } in order.
 * @param {DeployRequest} r @param {string} name @param {{ sshKey: string, catalogue: Record<string, any> }} ctx
 * @returns {{ module: string, steps: Array<{ call: string, model: any }>, app?: any }}
 */
function plan(r, name, ctx) {
  const sshKey = sshKeyFor(r, ctx.sshKey);
  switch (r.type) {
    case "vm": {
      const os = (r.os || "ubuntu").toLowerCase();
      const version = r.version || "22.04";
      const flist = VM_FLISTS[os] && VM_FLISTS[os][version];
      if (!flist) {
        const known = Object.entries(VM_FLISTS).flatMap(([o, vs]) => Object.keys(vs).map((v) => `${o} ${v}`));
        throw new PermanentError(`os "${os}" version "${version}" has no official full-VM flist (available: ${known.join(", ")})`);
      }
      if (!sshKey) throw new PermanentError("no SSH key: send ssh_key or start the gateway with ssh_public_key set");
      return { module: "machines", steps: [{ call: "deployMachines", model: machinesModel(r, name, { sshKey, flist, entrypoint: "", rootfs: 2, disk: true }) }] };
    }
    case "container": {
      if (!FLIST_URL.test(r.image))
        throw new PermanentError(
          `image "${r.image}" is not an flist: the grid runs micro VMs from flists only. Convert the Docker image on the ` +
            "ThreeFold Hub (https://hub.grid.tf, \"Docker Hub Converter\") or with the hub's /api/flist/me/docker endpoint, " +
            "then send the .flist URL as image (https://hub.grid.tf/<user>/<image>.flist)",
        );
      return { module: "machines", steps: [{ call: "deployMachines", model: machinesModel(r, name, { sshKey, flist: r.image, entrypoint: "/sbin/zinit init", rootfs: r.storage, disk: false }) }] };
    }
    case "kubernetes": {
      if (!sshKey) throw new PermanentError("no SSH key: send ssh_key or start the gateway with ssh_public_key set");
      /** @param {number} nodeId @param {string} n */
      const member = (nodeId, n) => ({
        name: n,
        node_id: nodeId,
        cpu: r.cpu,
        memory: r.memory * 1024,
        rootfs_size: 2,
        disk_size: r.storage,
        public_ip: n.endsWith("m0") && r.publicIpv4,
        public_ip6: r.publicIpv6,
        planetary: r.planetary,
        mycelium: r.mycelium,
      });
      /** @type {import('@threefold/grid_client').K8SModel} */
      const model = {
        name,
        secret: `${name}k3s`,
        network: { name: `${name}net`, ip_range: "10.20.0.0/16", addAccess: false },
        masters: [member(r.nodeIds[0], `${name}m0`)],
        workers: r.nodeIds.slice(1).map((id, i) => member(id, `${name}w${i + 1}`)),
        metadata: JSON.stringify({ griddeck_job: r.jobId, flist: K3S_FLIST }),
        description: `GridDeck job ${r.jobId}`,
        ssh_key: sshKey,
      };
      return { module: "k8s", steps: [{ call: "deployK8s", model }] };
    }
    case "storage": {
      const password = `${name}pw`;
      if (r.storageType === "zdb") {
        /** @type {import('@threefold/grid_client').ZDBSModel} */
        const model = {
          name,
          // ZdbModes.user (zos/zdb.ts): a string enum, spelled as its value here
          zdbs: [{ name: `${name}z`, node_id: r.nodeId, mode: /** @type {any} */ ("user"), disk_size: r.storage, publicNamespace: false, password }],
          metadata: JSON.stringify({ griddeck_job: r.jobId }),
          description: `GridDeck job ${r.jobId}`,
        };
        return { module: "zdbs", steps: [{ call: "deployZdbs", model }] };
      }
      if (r.storageType === "qsfs") {
        /** @type {import('@threefold/grid_client').QSFSZDBSModel} */
        const model = { name, count: 4, node_ids: [r.nodeId], disk_size: r.storage, password, metadata: JSON.stringify({ griddeck_job: r.jobId }), description: `GridDeck job ${r.jobId}` };
        return { module: "qsfs_zdbs", steps: [{ call: "deployQsfsZdbs", model }] };
      }
      throw new PermanentError(
        r.storageType === "volume"
          ? "storage_type \"volume\": a grid volume (zmount) exists only inside a VM or container deployment; ask for a vm with storage instead"
          : r.storageType === "s3"
            ? "storage_type \"s3\": the grid has no S3 workload; it needs a MinIO VM over QSFS, which this gateway does not assemble"
            : `storage_type "${r.storageType}" is not one the grid offers (zdb, qsfs)`,
      );
    }
    case "app": {
      const app = ctx.catalogue[r.appId];
      if (!app) throw new PermanentError(`app_id "${r.appId}" is not in the catalogue (${Object.keys(ctx.catalogue).join(", ")})`);
      const vm = machinesModel(r, name, { sshKey, flist: app.flist, entrypoint: app.entrypoint || "/sbin/zinit init", rootfs: r.storage, disk: false, env: app.env || {} });
      return { module: "machines", steps: [{ call: "deployMachines", model: vm }], app };
    }
  }
  throw new BadRequest(`unknown deployment type "${r.type}"`);
}

module.exports = { TYPES, VM_FLISTS, K3S_FLIST, BadRequest, parseRequest, attemptOf, gridName, plan };
