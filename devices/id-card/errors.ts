// Card-reader failures a person may see (card-error events), bilingual, with details safe for logs.
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { Sw3Meaning } from './sw3.js';

export type CardErrorCode =
  | 'unknown_card_type'
  | 'unreadable_card'
  | 'read_failed'
  | 'card_auth_failed'
  | 'protocol_error'
  | 'reader_error';

export type CardError = UserFacingError<CardErrorCode>;

export function unknownCardType(detail: string): CardError {
  return {
    code: 'unknown_card_type',
    message: { zh: '无法识别的证件类型，请使用居民身份证、外国人永久居留身份证或港澳台居民居住证', en: 'Unknown card type; use a resident ID card, a foreigner’s permanent residence card or an HK/Macau/Taiwan residence permit' },
    detail,
  };
}

export function unreadableCard(detail: string): CardError {
  return {
    code: 'unreadable_card',
    message: { zh: '证件信息无法识别，请到人工窗口办理', en: 'The card’s information cannot be read; please go to a staffed counter' },
    detail,
  };
}

export function protocolError(detail: string): CardError {
  return {
    code: 'protocol_error',
    message: { zh: '读卡器通讯出错，请重新放置证件', en: 'Communication with the card reader failed; place the card again' },
    detail,
  };
}

/** A non-success SW3 during select or read. */
export function fromSw3(status: Sw3Meaning, during: string): CardError {
  const code: CardErrorCode =
    status.code === 'card_auth_failed' || status.code === 'verification_error'
      ? 'card_auth_failed'
      : status.code === 'unknown_card_type'
        ? 'unknown_card_type'
        : status.code === 'read_failed' || status.code === 'select_failed' || status.code === 'no_content'
          ? 'read_failed'
          : 'reader_error';
  return { code, message: status.message, detail: `${during}: SW3 ${status.sw3.toString(16).toUpperCase().padStart(2, '0')} (${status.code})` };
}
