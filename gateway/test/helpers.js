// @ts-check
// Starting a server under test (the gateway with the fake SDK, or the C++ simulator) and
// speaking to it.
"use strict";

const { spawn } = require("node:child_process");
const path = require("node:path");
const readline = require("node:readline");

const BIN = path.join(__dirname, "..", "bin", "griddeck-gridd.js");
const TEST_MNEMONIC = "route visual hundred rabbit wet crunch ice castle milk model inherit outside";
const TEST_STELLAR = "SBZVMB74Z76QZ3ZOY7UTDFYKMEGKW5XFJEB6PFKBF4UYSSWHG4EDH7PY";

/**
 * @param {string} cmd @param {string[]} args @param {string | null} stdinLine @param {(line: string) => { url: string, token: string } | null} parse
 * @returns {Promise<{ url: string, token: string, child: import('node:child_process').ChildProcess, output: () => string, stop: () => Promise<void> }>}
 */
function startProcess(cmd, args, stdinLine, parse) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    let all = "";
    child.stderr.on("data", (d) => (all += d));
    if (stdinLine !== null) child.stdin.write(stdinLine + "\n");
    const rl = readline.createInterface({ input: child.stdout });
    let found = false;
    rl.on("line", (line) => {
      all += line + "\n";
      if (found) return;
      const r = parse(line);
      if (!r) return;
      found = true;
      resolve({
        ...r,
        child,
        output: () => all,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.stdin.end();
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) => {
      if (!found) reject(new Error(`${cmd} exited with ${code} before listening: ${all}`));
    });
  });
}

/** The gateway over the fake SDK. @param {string[]} [extra] */
function startFakeGateway(extra = []) {
  const secrets = JSON.stringify({ mnemonic: TEST_MNEMONIC, stellar_secret: TEST_STELLAR, ssh_public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBtest griddeck" });
  return startProcess(process.execPath, [BIN, "--fake", ...extra], secrets, (line) => {
    const v = JSON.parse(line);
    return { url: v.url, token: v.token };
  });
}

/** griddeck-gridsim from the CMake build. @param {string} binary */
function startSimulator(binary) {
  return startProcess(binary, ["--port", "0", "--ready-delay-ms", "0", "--nodes", "50"], null, (line) => {
    const m = /listening on (http:\/\/127\.0\.0\.1:[0-9]+)/.exec(line);
    return m ? { url: m[1], token: "" } : null;
  });
}

/**
 * @param {{ url: string, token: string }} server @param {string} method @param {string} path
 * @param {{ body?: unknown, key?: string, token?: string | null }} [o]
 * @returns {Promise<{ status: number, body: any, text: string }>}
 */
async function call(server, method, path, o = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  const token = o.token === undefined ? server.token : o.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (o.key) headers["Idempotency-Key"] = o.key;
  if (o.body !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(server.url + path, { method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
  const text = await res.text();
  let body = null;
  try {
    body = JSON.parse(text);
  } catch {}
  return { status: res.status, body, text };
}

module.exports = { startFakeGateway, startSimulator, call, TEST_MNEMONIC, TEST_STELLAR };
