// @ts-check
// GridSdk over the real @threefold/grid_client (deployments, TFChain, bridge) and
// @stellar/stellar-sdk (Horizon: the path payment and the bridge deposit; grid_client's own
// stellar module is fixed to Horizon testnet, modules/stellar.ts).
"use strict";

const gc = require("@threefold/grid_client");
const StellarSdk = require("@stellar/stellar-sdk");
const { TransientError, PermanentError } = require("./sdk");

/** @typedef {import('./sdk').GridSdk} GridSdk */

/**
 * Per network: the SDK's own URL defaults (grid_client client.ts getDefaultUrls: gridproxy.,
 * relay., tfchain., graphql. under grid.tf or <net>.grid.tf) and the Stellar side: Horizon, the
 * TFT and USDC issuers and the bridge account (threefoldtech/tfchain_tft README: "Bridge account
 * on mainnet / testnet / devnet"). Every entry can be overridden in [threefold_grid].
 */
const NETWORKS = {
  main: {
    horizon: "https://horizon.stellar.org",
    passphrase: StellarSdk.Networks.PUBLIC,
    tftIssuer: "GBOVQKJYHXRR3DX6NOX2RRYFRCUMSADGDESTDNBDS6CDVLGVESRTAC47",
    usdcIssuer: "GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN",
    bridge: "GBNOTAYUMXVO5QDYWYO2SOCOYIJ3XFIP65GKOQN7H65ZZSO6BK4SLWSC",
  },
  test: {
    horizon: "https://horizon-testnet.stellar.org",
    passphrase: StellarSdk.Networks.TESTNET,
    tftIssuer: "GA47YZA3PKFUZMPLQ3B5F2E3CJIB57TGGU7SPCQT2WAEYKN766PWIMB3",
    usdcIssuer: "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5",
    bridge: "GA2CWNBUHX7NZ3B5GR4I23FMU7VY5RPA77IUJTIXTTTGKYSKDSV6LUA4",
  },
  qa: {
    horizon: "https://horizon-testnet.stellar.org",
    passphrase: StellarSdk.Networks.TESTNET,
    tftIssuer: "GA47YZA3PKFUZMPLQ3B5F2E3CJIB57TGGU7SPCQT2WAEYKN766PWIMB3",
    usdcIssuer: "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5",
    bridge: "",
  },
  dev: {
    horizon: "https://horizon-testnet.stellar.org",
    passphrase: StellarSdk.Networks.TESTNET,
    tftIssuer: "GA47YZA3PKFUZMPLQ3B5F2E3CJIB57TGGU7SPCQT2WAEYKN766PWIMB3",
    usdcIssuer: "GBBD47IF6LWK7P7MDEVSCWR7DPUWV3NY3DTQEVFL4NAT4AQH3ZLLFLA5",
    bridge: "GDHJP6TF3UXYXTNEZ2P36J5FH7W4BJJQ4AYYAXC66I2Q2AH5B6O6BCFG",
  },
};

/**
 * @typedef {{ network: 'main'|'test'|'qa'|'dev', mnemonic: string, stellarSecret: string,
 *   urls: { substrate?: string, relay?: string, proxy?: string, graphql?: string, horizon?: string,
 *           bridge?: string, tftIssuer?: string, usdcIssuer?: string } }} RealOptions
 */

/** @param {unknown} err */
function stellarError(err) {
  const e = /** @type {any} */ (err);
  const codes = e && e.response && e.response.data && e.response.data.extras && e.response.data.extras.result_codes;
  const status = e && e.response && e.response.status;
  if (codes) return new PermanentError(`Stellar refused the transaction: ${JSON.stringify(codes)}`);
  if (!status || status >= 500 || status === 429) return new TransientError(`Horizon unreachable: ${e && e.message}`);
  return new PermanentError(`Horizon: ${e && e.message}`);
}

class RealSdk {
  /** @param {RealOptions} o */
  constructor(o) {
    const n = NETWORKS[o.network];
    if (!n) throw new PermanentError(`unknown network "${o.network}": main, test, qa or dev`);
    this.network = o.network;
    this.stellarNet = {
      horizon: o.urls.horizon || n.horizon,
      passphrase: n.passphrase,
      tftIssuer: o.urls.tftIssuer || n.tftIssuer,
      usdcIssuer: o.urls.usdcIssuer || n.usdcIssuer,
      bridge: o.urls.bridge || n.bridge,
    };
    this.client = new gc.GridClient({
      mnemonic: o.mnemonic,
      network: /** @type {any} */ (o.network),
      substrateURL: o.urls.substrate,
      relayURL: o.urls.relay,
      proxyURL: o.urls.proxy,
      graphqlURL: o.urls.graphql,
      projectName: "griddeck",
    });
    this.keypair = o.stellarSecret ? StellarSdk.Keypair.fromSecret(o.stellarSecret) : null;
    this.horizon = new StellarSdk.Horizon.Server(this.stellarNet.horizon);
    /** @type {Map<string, string>} deposits made by this process, by idempotency hash */
    this.deposits = new Map();
  }

  /** Connects to TFChain and the relay (grid_client GridClient.connect). */
  async connect() {
    await this.client.connect();
  }

  twinId() {
    return this.client.twinId;
  }
  /** @param {import('./sdk').MachinesModel} m */
  deployMachines(m) {
    return this.client.machines.deploy(m);
  }
  /** @param {string} name */
  getMachines(name) {
    return this.client.machines.getObj(name);
  }
  /** @param {import('./sdk').MachinesDeleteModel} m */
  deleteMachines(m) {
    return this.client.machines.delete(m);
  }
  /** @param {import('./sdk').K8SModel} m */
  deployK8s(m) {
    return this.client.k8s.deploy(m);
  }
  /** @param {string} name */
  getK8s(name) {
    return this.client.k8s.getObj(name);
  }
  /** @param {import('./sdk').K8SDeleteModel} m */
  deleteK8s(m) {
    return this.client.k8s.delete(m);
  }
  /** @param {import('./sdk').ZDBSModel} m */
  deployZdbs(m) {
    return this.client.zdbs.deploy(m);
  }
  /** @param {string} name */
  getZdbs(name) {
    return this.client.zdbs.getObj(name);
  }
  /** @param {import('./sdk').ZDBDeleteModel} m */
  deleteZdbs(m) {
    return this.client.zdbs.delete(m);
  }
  /** @param {import('./sdk').QSFSZDBSModel} m */
  deployQsfsZdbs(m) {
    return this.client.qsfs_zdbs.deploy(m);
  }
  /** @param {import('./sdk').QSFSZDBDeleteModel} m */
  deleteQsfsZdbs(m) {
    return this.client.qsfs_zdbs.delete(m);
  }
  /** @param {import('./sdk').GatewayNameModel} m */
  deployGatewayName(m) {
    return this.client.gateway.deploy_name(m);
  }
  /** @param {string} name */
  getGateway(name) {
    return this.client.gateway.getObj(name);
  }
  /** @param {import('./sdk').GatewayNameDeleteModel} m */
  deleteGatewayName(m) {
    return this.client.gateway.delete_name(m);
  }
  async findGatewayNode() {
    const nodes = await this.client.capacity.filterNodes({ gateway: true, status: /** @type {any} */ ("up") });
    if (!nodes.length) throw new TransientError("no gateway node is up on this network");
    return nodes[0].nodeId;
  }
  listMyContracts() {
    return this.client.contracts.listMyContracts();
  }
  // Read the pallet's storage, not grid_client's TFTPrice.get (which divides by 1000 into USD).
  async tftPriceMusd() {
    const api = /** @type {any} */ (this.client.tfclient).api;
    const [p, a] = await Promise.all([api.query.tftPriceModule.tftPrice(), api.query.tftPriceModule.averageTftPrice()]);
    return { tftPrice: Number(p.toPrimitive()), averageTftPrice: Number(a.toPrimitive()) };
  }
  chainBalance() {
    return this.client.balance.getMyBalance();
  }
  bridgeDepositFee() {
    return this.client.bridge.getDepositFee();
  }

  needKey() {
    if (!this.keypair) throw new PermanentError("no Stellar secret was given to the gateway: the wallet is off");
    return this.keypair;
  }
  tft() {
    return new StellarSdk.Asset("TFT", this.stellarNet.tftIssuer);
  }
  usdc() {
    return new StellarSdk.Asset("USDC", this.stellarNet.usdcIssuer);
  }

  async stellarBalance() {
    try {
      const account = await this.horizon.loadAccount(this.needKey().publicKey());
      /** @param {string} code @param {string} issuer */
      const of = (code, issuer) => {
        const b = account.balances.find((x) => "asset_code" in x && x.asset_code === code && "asset_issuer" in x && x.asset_issuer === issuer);
        return b ? b.balance : "0.0000000";
      };
      return { tft: of("TFT", this.stellarNet.tftIssuer), usdc: of("USDC", this.stellarNet.usdcIssuer) };
    } catch (err) {
      throw stellarError(err);
    }
  }

  /** The path payment of an earlier run of the same key: our recent transactions by memo hash. @param {string} memoHashHex */
  async stellarFindPayment(memoHashHex) {
    try {
      const memo = Buffer.from(memoHashHex, "hex").toString("base64");
      const page = await this.horizon.transactions().forAccount(this.needKey().publicKey()).order("desc").limit(200).call();
      const tx = page.records.find((t) => t.memo_type === "hash" && t.memo === memo && t.successful);
      if (!tx) return null;
      const ops = await tx.operations();
      const op = /** @type {any} */ (ops.records.find((o) => o.type === "path_payment_strict_receive"));
      if (!op) return null;
      return { hash: tx.hash, sourceAmount: op.source_amount, destAmount: op.amount };
    } catch (err) {
      throw stellarError(err);
    }
  }

  /** @param {{ destAmount: string, sendMax: string, memoHashHex: string }} o */
  async stellarBuyTft(o) {
    try {
      const key = this.needKey();
      const account = await this.horizon.loadAccount(key.publicKey());
      const tx = new StellarSdk.TransactionBuilder(account, { fee: String(StellarSdk.BASE_FEE), networkPassphrase: this.stellarNet.passphrase })
        .addOperation(StellarSdk.Operation.pathPaymentStrictReceive({
          sendAsset: this.usdc(), sendMax: o.sendMax, destination: key.publicKey(), destAsset: this.tft(), destAmount: o.destAmount, path: [],
        }))
        .addMemo(StellarSdk.Memo.hash(o.memoHashHex))
        .setTimeout(120)
        .build();
      tx.sign(key);
      const r = await this.horizon.submitTransaction(tx);
      const found = await this.stellarFindPayment(o.memoHashHex);
      return found || { hash: r.hash, sourceAmount: o.sendMax, destAmount: o.destAmount };
    } catch (err) {
      throw stellarError(err);
    }
  }

  /**
   * The TFT to the bridge with memo "twin_<id>" (tfchain_tft bridge: deposits to a twin). Once
   * per idempotency hash in this process; after a restart, a deposit of the same amount to the
   * bridge made after the purchase counts as done.
   * @param {{ amount: string, memoText: string, idempotencyHex: string }} o
   */
  async stellarDepositToBridge(o) {
    const done = this.deposits.get(o.idempotencyHex);
    if (done) return done;
    if (!this.stellarNet.bridge) throw new PermanentError(`no bridge account is known for network ${this.network}: set bridge_account`);
    try {
      const key = this.needKey();
      const bought = await this.stellarFindPayment(o.idempotencyHex);
      const page = await this.horizon.payments().forAccount(key.publicKey()).order("desc").limit(200).join("transactions").call();
      for (const p of /** @type {any[]} */ (page.records)) {
        if (bought && p.transaction_hash === bought.hash) break; // older than the purchase
        if (p.type === "payment" && p.to === this.stellarNet.bridge && p.amount === o.amount && p.transaction_attr && p.transaction_attr.memo === o.memoText) {
          this.deposits.set(o.idempotencyHex, p.transaction_hash);
          return p.transaction_hash;
        }
      }
      const account = await this.horizon.loadAccount(key.publicKey());
      const tx = new StellarSdk.TransactionBuilder(account, { fee: String(StellarSdk.BASE_FEE), networkPassphrase: this.stellarNet.passphrase })
        .addOperation(StellarSdk.Operation.payment({ destination: this.stellarNet.bridge, asset: this.tft(), amount: o.amount }))
        .addMemo(StellarSdk.Memo.text(o.memoText))
        .setTimeout(120)
        .build();
      tx.sign(key);
      const r = await this.horizon.submitTransaction(tx);
      this.deposits.set(o.idempotencyHex, r.hash);
      return r.hash;
    } catch (err) {
      throw stellarError(err);
    }
  }

  /** @param {number} timeoutMs */
  async waitForMint(timeoutMs) {
    const address = /** @type {any} */ (this.client.tfclient).address;
    const wait = this.client.tfclient.tftBridge.listenToMintCompleted(address, Math.max(1, Math.ceil(timeoutMs / 60000)));
    await wait;
  }

  /** Which services answer, each within 5 s. */
  async reachability() {
    const urls = this.client.getDefaultUrls(/** @type {any} */ (this.network));
    /** @param {string} url */
    const probe = async (url) => {
      const http = url.replace(/^wss:/, "https:").replace(/^ws:/, "http:");
      try {
        await fetch(http, { method: "GET", signal: AbortSignal.timeout(5000) });
        return true;
      } catch {
        return false;
      }
    };
    const [chain, relay, proxy, graphql, horizon] = await Promise.all([urls.substrate, urls.relay, urls.rmbProxy, urls.graphql, this.stellarNet.horizon].map(probe));
    return { chain, relay, proxy, graphql, horizon };
  }

  async disconnect() {
    await this.client.disconnect();
  }
}

/** @type {(o: RealOptions) => GridSdk} */
const make = (o) => new RealSdk(o); // fails `tsc` when RealSdk stops matching the interface

module.exports = { RealSdk, NETWORKS, make };
