// Transport-level failures of host calls. Domain failures come back as Result values instead.

/** The connection to the host dropped (or never came up) before the call was answered. */
export class HostDisconnectedError extends Error {
  override readonly name = 'HostDisconnectedError';
  constructor(message = 'terminal host disconnected') {
    super(message);
  }
}

/** The host answered with a fault: unknown method, bad params, or a bug on the host. */
export class HostFaultError extends Error {
  override readonly name = 'HostFaultError';
  constructor(
    readonly method: string,
    readonly fault: string,
  ) {
    super(`host fault in ${method}: ${fault}`);
  }
}

/** No answer within the call's time limit. */
export class HostTimeoutError extends Error {
  override readonly name = 'HostTimeoutError';
  constructor(readonly method: string, readonly afterMs: number) {
    super(`host call ${method} timed out after ${afterMs} ms`);
  }
}
