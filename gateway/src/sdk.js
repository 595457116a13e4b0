// @ts-check
// Our interface over @threefold/grid_client (and the Stellar SDK for the wallet). The gateway
// speaks only to this; src/realSdk.js implements it with the SDK and src/fakeSdk.js with an
// in-memory grid. Both are checked by `tsc` against grid_client's own declarations: a model the
// SDK renames or retypes breaks `npm run typecheck`, not a user.
"use strict";

/** @typedef {import('@threefold/grid_client').GridClient} GridClient */
/** @typedef {import('@threefold/grid_client').MachinesModel} MachinesModel */
/** @typedef {import('@threefold/grid_client').K8SModel} K8SModel */
/** @typedef {import('@threefold/grid_client').ZDBSModel} ZDBSModel */
/** @typedef {import('@threefold/grid_client').QSFSZDBSModel} QSFSZDBSModel */
/** @typedef {import('@threefold/grid_client').GatewayNameModel} GatewayNameModel */
/** @typedef {import('@threefold/grid_client').MachinesDeleteModel} MachinesDeleteModel */
/** @typedef {import('@threefold/grid_client').K8SDeleteModel} K8SDeleteModel */
/** @typedef {import('@threefold/grid_client').ZDBDeleteModel} ZDBDeleteModel */
/** @typedef {import('@threefold/grid_client').QSFSZDBDeleteModel} QSFSZDBDeleteModel */
/** @typedef {import('@threefold/grid_client').GatewayNameDeleteModel} GatewayNameDeleteModel */
/** @typedef {import('@threefold/grid_client').ContractCancelModel} ContractCancelModel */
/** @typedef {Awaited<ReturnType<GridClient['machines']['getObj']>>} MachinesObj */
/** @typedef {Awaited<ReturnType<GridClient['k8s']['getObj']>>} K8sObj */
/** @typedef {Awaited<ReturnType<GridClient['zdbs']['getObj']>>} ZdbsObj */
/** @typedef {Awaited<ReturnType<GridClient['gateway']['getObj']>>} GatewayObj */
/** @typedef {Awaited<ReturnType<GridClient['contracts']['listMyContracts']>>} MyContracts */
/** @typedef {Awaited<ReturnType<GridClient['balance']['getMyBalance']>>} ChainBalance */

/**
 * A Stellar path payment already made for an idempotency key (found by its memo hash).
 * @typedef {{ hash: string, sourceAmount: string, destAmount: string }} StellarPayment
 */

/**
 * @typedef {Object} GridSdk
 * @property {() => number} twinId                         the twin of the mnemonic
 * @property {(m: MachinesModel) => Promise<unknown>} deployMachines   client.machines.deploy
 * @property {(name: string) => Promise<MachinesObj>} getMachines      client.machines.getObj
 * @property {(m: MachinesDeleteModel) => Promise<unknown>} deleteMachines
 * @property {(m: K8SModel) => Promise<unknown>} deployK8s
 * @property {(name: string) => Promise<K8sObj>} getK8s
 * @property {(m: K8SDeleteModel) => Promise<unknown>} deleteK8s
 * @property {(m: ZDBSModel) => Promise<unknown>} deployZdbs
 * @property {(name: string) => Promise<ZdbsObj>} getZdbs
 * @property {(m: ZDBDeleteModel) => Promise<unknown>} deleteZdbs
 * @property {(m: QSFSZDBSModel) => Promise<unknown>} deployQsfsZdbs
 * @property {(m: QSFSZDBDeleteModel) => Promise<unknown>} deleteQsfsZdbs
 * @property {(m: GatewayNameModel) => Promise<unknown>} deployGatewayName
 * @property {(name: string) => Promise<GatewayObj>} getGateway
 * @property {(m: GatewayNameDeleteModel) => Promise<unknown>} deleteGatewayName
 * @property {() => Promise<number>} findGatewayNode          an up gateway node (capacity.filterNodes gateway)
 * @property {() => Promise<MyContracts>} listMyContracts      client.contracts.listMyContracts
 * @property {() => Promise<{ tftPrice: number, averageTftPrice: number }>} tftPriceMusd
 *   TFChain's tftPriceModule storage as stored (mUSD, u32); grid_client's TFTPrice.get divides by 1000
 * @property {() => Promise<ChainBalance>} chainBalance        client.balance.getMyBalance
 * @property {() => Promise<number>} bridgeDepositFee          client.bridge.getDepositFee (TFT)
 * @property {() => Promise<{ tft: string, usdc: string }>} stellarBalance
 * @property {(memoHashHex: string) => Promise<StellarPayment | null>} stellarFindPayment
 * @property {(o: { destAmount: string, sendMax: string, memoHashHex: string }) => Promise<StellarPayment>} stellarBuyTft
 *   strict-receive path payment USDC -> TFT to our own account, send-max = the slippage limit
 * @property {(o: { amount: string, memoText: string, idempotencyHex: string }) => Promise<string>} stellarDepositToBridge
 *   TFT payment to the bridge account; made once per idempotencyHex
 * @property {(timeoutMs: number) => Promise<void>} waitForMint  client.bridge.listenToMintCompleted
 * @property {() => Promise<Record<string, boolean>>} reachability chain, relay, proxy, graphql
 * @property {() => Promise<void>} disconnect
 */

/** A failure worth retrying: the grid, relay, chain or Horizon did not answer in time. */
class TransientError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = "TransientError";
  }
}

/** A refusal: retrying the same request gives the same answer. */
class PermanentError extends Error {
  /** @param {string} message @param {number} [status] */
  constructor(message, status = 422) {
    super(message);
    this.name = "PermanentError";
    this.status = status;
  }
}

// grid_client's errors (@threefold/types base_error.ts ErrorsCode) by class name.
const TRANSIENT_NAMES = new Set(["TimeoutError", "ConnectionError", "RMBError", "InvalidResponse", "RequestError"]);
const PERMANENT_NAMES = new Set([
  "ValidationError",
  "TwinNotExistError",
  "InsufficientBalanceError",
  "DeploymentKeyDeletionError",
  "TFChainError",
  "GridClientError",
]);
const TRANSIENT_TEXT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|socket hang up|timed? ?out|disconnected|429|50[234]/i;

/**
 * Sorts any error thrown by the SDK into our two classes.
 * @param {unknown} err
 * @returns {TransientError | PermanentError}
 */
function classify(err) {
  if (err instanceof TransientError || err instanceof PermanentError) return err;
  const e = /** @type {{ name?: string, message?: string, code?: unknown, constructor?: { name?: string } }} */ (err || {});
  const name = e.name && e.name !== "Error" ? e.name : (e.constructor && e.constructor.name) || "";
  const message = String(e.message || err);
  if (TRANSIENT_NAMES.has(name)) return new TransientError(message);
  if (PERMANENT_NAMES.has(name)) return new PermanentError(message);
  if (TRANSIENT_TEXT.test(message)) return new TransientError(message);
  return new PermanentError(message);
}

module.exports = { TransientError, PermanentError, classify };
