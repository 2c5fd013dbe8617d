// A refusal the transports may show as it is (no internals, no personal data): the dispatcher turns it
// into a fault response with this message. Anything else thrown becomes a generic 'host fault'.
export class HostRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HostRefusal';
  }
}
