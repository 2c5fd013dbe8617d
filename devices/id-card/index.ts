// The ID card reader's public face for the host: the driver, its simulator, synthetic identities.
import { SamIdCardReader, type IdCardReaderOptions } from './driver.js';
import type { IdCardReader } from './reader.js';

export type { CardEvent, IdCardReader, ParsedCard, PhotoDecoder } from './reader.js';
export type { IdCardReaderOptions, IdCardTimeouts, ReaderState } from './driver.js';
export { DEFAULT_ID_CARD_TIMEOUTS, SamIdCardReader } from './driver.js';
export { startIdCardSimulator, type IdCardSimulator, type IdCardSimulatorOptions } from './simulator.js';
export { SYNTHETIC_IDENTITIES, type SyntheticIdentity } from './synthetic-identities.js';
export { encodeTextBlock } from './text-block-encoder.js';
export { parseTextBlock, type CardText } from './text-block.js';
export { FakeIdCardReader } from './fake.js';
export type { CardError, CardErrorCode } from './errors.js';

export function createIdCardReader(opts: IdCardReaderOptions): IdCardReader {
  return new SamIdCardReader(opts);
}
