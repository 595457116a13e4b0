#!/usr/bin/env node
// @ts-check
// griddeck-gridd: GridDeck's grid gateway (docs/grid-gateway-api.md) over the official ThreeFold
// SDK, on 127.0.0.1 and a random port.
//
//   griddeck-gridd --network main|test|qa|dev [--substrate-url U] [--relay-url U] [--proxy-url U]
//                  [--graphql-url U] [--horizon-url U] [--bridge-account G...] [--catalogue FILE]
//   griddeck-gridd --fake            (an in-memory grid, for tests)
//
// Secrets come on stdin as ONE JSON line, then stdin stays open:
//   {"mnemonic": "...", "stellar_secret": "S...", "ssh_public_key": "ssh-ed25519 ..."}
// never from argv, the environment or a file. When stdin closes (the parent is gone), the gateway
// exits. The line may also carry "token" (32-128 URL-safe characters): the supervisor's choice;
// without it a new random one is made. --port N (default 0 = any free port). The first stdout line
// is {"port": N, "token": "...", "url": "http://127.0.0.1:N"}; every request needs
// "Authorization: Bearer <token>". Logs go to stderr and never hold a secret.
"use strict";

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const readline = require("node:readline");

const USAGE = "usage: griddeck-gridd --network main|test|qa|dev [--<service>-url URL ...] | --fake";
const VALUE_FLAGS = ["--network", "--substrate-url", "--relay-url", "--proxy-url", "--graphql-url", "--horizon-url",
  "--bridge-account", "--tft-issuer", "--usdc-issuer", "--catalogue", "--fake-ready-after", "--port"];

/** @type {string[]} */
let secretList = [];
/** A stderr line with every secret blanked out. @param {string} line */
function say(line) {
  const clean = secretList.filter((x) => x.length >= 8).reduce((t, x) => t.split(x).join("[secret]"), line);
  process.stderr.write(`griddeck-gridd: ${clean}\n`);
}

/** @param {string} message @returns {never} */
function die(message) {
  process.stderr.write(`griddeck-gridd: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {Record<string, string>} */
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--fake") o.fake = "1";
    else if (VALUE_FLAGS.includes(a)) {
      if (i + 1 >= argv.length) die(`${a} needs a value`);
      o[a.slice(2)] = argv[++i];
    } else if (/mnemonic|secret/i.test(a)) die("secrets are read from stdin only, never from the command line");
    else die(`unknown argument "${a}"`);
  }
  if (!o.fake && !["main", "test", "qa", "dev"].includes(o.network || "")) die('--network must be "main", "test", "qa" or "dev"');
  if (o.port !== undefined && !/^[0-9]{1,5}$/.test(o.port)) die("--port must be a port number (0 = any free port)");
  return o;
}

/** The one stdin line. @returns {Promise<{ mnemonic: string, stellar_secret: string, ssh_public_key: string, token: string }>} */
function readSecrets() {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin });
    let got = false;
    rl.once("line", (line) => {
      got = true;
      /** @type {any} */
      let v;
      try {
        v = JSON.parse(line);
      } catch {
        die("stdin's first line must be a JSON object with mnemonic, stellar_secret and ssh_public_key");
      }
      if (typeof v !== "object" || v === null) die("stdin's first line must be a JSON object");
      for (const k of ["mnemonic", "stellar_secret", "ssh_public_key", "token"])
        if (v[k] !== undefined && typeof v[k] !== "string") die(`stdin: ${k} must be a string`);
      if (v.token !== undefined && !/^[A-Za-z0-9_-]{32,128}$/.test(v.token)) die("stdin: token must be 32 to 128 letters, digits, '_' or '-'");
      resolve({ mnemonic: v.mnemonic || "", stellar_secret: v.stellar_secret || "", ssh_public_key: v.ssh_public_key || "", token: v.token || "" });
    });
    // The parent closing our stdin is the signal to stop.
    rl.on("close", () => {
      if (!got) die("stdin closed before the secrets line");
      say("stdin closed, stopping");
      process.exit(0);
    });
  });
}

/** @param {string} file */
function loadCatalogue(file) {
  try {
    const raw = JSON.parse(fs.readFileSync(file, "utf8"));
    return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith("_")));
  } catch (e) {
    return die(`cannot read the app catalogue ${file}: ${/** @type {Error} */ (e).message}`);
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const secrets = await readSecrets();
  secretList = [secrets.mnemonic, secrets.stellar_secret];
  const { Gateway } = require("../src/gateway");
  const { createServer } = require("../src/server");
  const catalogue = loadCatalogue(args.catalogue || path.join(__dirname, "..", "catalogue", "apps.json"));

  /** @type {import('../src/sdk').GridSdk} */
  let sdk;
  let state = { ok: false, why: "connecting to the grid", reachable: /** @type {Record<string, boolean>} */ ({}) };
  /** @type {(() => Promise<void>) | null} */
  let connect = null;
  if (args.fake) {
    const { FakeSdk } = require("../src/fakeSdk");
    sdk = new FakeSdk({ readyAfterGets: Number(args["fake-ready-after"] || 0) });
    state = { ok: true, why: "", reachable: await sdk.reachability() };
  } else {
    if (!secrets.mnemonic) die("stdin: mnemonic is required with a real network");
    const { RealSdk } = require("../src/realSdk");
    const real = new RealSdk({
      network: /** @type {any} */ (args.network),
      mnemonic: secrets.mnemonic,
      stellarSecret: secrets.stellar_secret,
      urls: { substrate: args["substrate-url"], relay: args["relay-url"], proxy: args["proxy-url"], graphql: args["graphql-url"],
        horizon: args["horizon-url"], bridge: args["bridge-account"], tftIssuer: args["tft-issuer"], usdcIssuer: args["usdc-issuer"] },
    });
    sdk = real;
    connect = async () => {
      const reachable = await real.reachability();
      const down = Object.entries(reachable).filter(([, up]) => !up).map(([k]) => k);
      state = { ok: false, why: down.length ? `${down.join(" / ")} unreachable` : "connecting to the grid", reachable };
      if (down.includes("chain") || down.includes("relay")) throw new Error(state.why);
      await real.connect();
      state = { ok: true, why: "", reachable };
    };
  }

  // The supervisor may choose the token (then it knows it before the first line); else a new one.
  const token = secrets.token || crypto.randomBytes(32).toString("hex");
  const gateway = new Gateway(sdk, { sshKey: secrets.ssh_public_key, catalogue });
  const server = createServer(gateway, {
    token,
    secrets: [secrets.mnemonic, secrets.stellar_secret],
    ready: () => state,
    // ?balances=1 (Settings' "Test connection"): both TFT balances too, once connected.
    status: async (withBalances) => {
      /** @type {Record<string, unknown>} */
      const out = { ready: state.ok, message: state.why, reachable: state.reachable, twin_id: state.ok ? sdk.twinId() : 0,
        network: args.fake ? "fake" : args.network };
      if (withBalances && state.ok) {
        const b = await gateway.balance();
        out.balances = b.status === 200 ? b.body : { error: /** @type {any} */ (b.body).error };
      }
      return out;
    },
    log: say,
  });
  server.on("error", (err) => die(`cannot listen on 127.0.0.1:${args.port || 0}: ${err.message}`));
  server.listen(Number(args.port || 0), "127.0.0.1", () => {
    const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
    process.stdout.write(JSON.stringify({ port: addr.port, token, url: `http://127.0.0.1:${addr.port}` }) + "\n");
  });

  // Connect, and keep trying while the grid is unreachable (10 s apart); /status says why meanwhile.
  if (connect) {
    const attempt = () =>
      /** @type {() => Promise<void>} */ (connect)().catch((err) => {
        if (state.why === "connecting to the grid") state = { ...state, why: `cannot connect: ${err && err.message}` };
        say(state.why);
        setTimeout(attempt, 10000).unref();
      });
    attempt();
  }
  for (const sig of ["SIGTERM", "SIGINT"])
    process.on(sig, () => {
      server.close();
      sdk.disconnect().finally(() => process.exit(0));
      setTimeout(() => process.exit(0), 3000).unref();
    });
}

main().catch((err) => {
  process.stderr.write(`griddeck-gridd: ${err && err.name}: failed to start\n`);
  process.exit(1);
});
