#!/usr/bin/env node
// @ts-check
// Opt-in live smoke test against a real ThreeFold network (never run by CTest or CI: it spends
// TFT and needs the internet). Reads the same one-line secrets JSON as griddeck-gridd on stdin,
// starts the gateway, deploys the smallest VM on the node given, waits for "ok", prints the SSH
// line, cancels, and checks the contract is gone.
//
//   printf '%s\n' "$SECRETS_JSON_LINE" | node gateway/live/smoke.js --network test --node 11 [--ssh-key FILE]
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");

const args = process.argv.slice(2);
/** @param {string} flag */
const opt = (flag) => {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
};
const network = opt("--network") || "test";
const node = Number(opt("--node"));
if (!["dev", "qa", "test", "main"].includes(network) || !Number.isInteger(node) || node < 1) {
  process.stderr.write("usage: node gateway/live/smoke.js --network dev|qa|test|main --node NODE_ID [--ssh-key FILE] < secrets-line\n");
  process.exit(2);
}

async function main() {
  const line = await new Promise((resolve) => readline.createInterface({ input: process.stdin }).once("line", resolve));
  const secrets = JSON.parse(/** @type {string} */ (line));
  const sshFile = opt("--ssh-key");
  if (sshFile) secrets.ssh_public_key = fs.readFileSync(sshFile, "utf8").trim();
  const gw = spawn(process.execPath, [path.join(__dirname, "..", "bin", "griddeck-gridd.js"), "--network", network], { stdio: ["pipe", "pipe", "inherit"] });
  gw.stdin.write(JSON.stringify(secrets) + "\n");
  const first = await new Promise((resolve) => readline.createInterface({ input: gw.stdout }).once("line", resolve));
  const { url, token } = JSON.parse(/** @type {string} */ (first));
  /** @param {string} method @param {string} p @param {unknown} [body] @param {string} [key] */
  const call = async (method, p, body, key) => {
    /** @type {Record<string, string>} */
    const headers = { Authorization: `Bearer ${token}` };
    if (key) headers["Idempotency-Key"] = key;
    const r = await fetch(url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: r.status, body: await r.json() };
  };
  /** @param {number} ms */
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  try {
    for (let i = 0; ; i++) {
      const s = await call("GET", "/status");
      console.log("status:", JSON.stringify(s.body));
      if (s.body.ready) break;
      if (i > 30) throw new Error("the gateway did not connect in 5 minutes");
      await sleep(10000);
    }
    console.log("tft_price:", JSON.stringify((await call("GET", "/tft_price")).body));
    const stamp = Date.now().toString(36);
    const body = { type: "vm", name: `gdsmoke${stamp}`, job_id: 1, node_id: node, cpu: 1, memory: 2, storage: 15, os: "ubuntu", version: "22.04",
      network: { public_ipv4: false, public_ipv6: false, mycelium: true, planetary: false } };
    const created = await call("POST", "/deployments/vm", body, `gd-smoke-job-1-deploy-1-${stamp}`);
    console.log("create:", created.status, JSON.stringify(created.body));
    if (created.status !== 201) throw new Error("create failed");
    let d;
    for (let i = 0; i < 90; i++) {
      d = (await call("GET", `/deployments/${created.body.id}`)).body;
      if (d.state !== "init") break;
      await sleep(10000);
    }
    console.log("deployment:", JSON.stringify(d));
    if (d.state === "ok") console.log(`ssh root@${d.ip ? d.ip.split("/")[0] : d.ipv6 || d.mycelium_ip}`);
    const c = await call("POST", `/deployments/${created.body.id}/cancel`, {}, `gd-smoke-cancel-${stamp}`);
    console.log("cancel:", c.status, JSON.stringify(c.body));
    const left = await call("GET", `/contracts?name_prefix=gdsmoke${stamp}`);
    console.log("contracts left:", JSON.stringify(left.body));
    if (d.state !== "ok" || c.status !== 200 || left.body.length) throw new Error("smoke test failed");
    console.log("live smoke test passed");
  } finally {
    gw.stdin.end();
  }
}

main().catch((e) => {
  console.error(`smoke: ${e.message}`);
  process.exit(1);
});
