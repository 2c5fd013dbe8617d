// Every SW3 status byte of the SAM protocol (devices.md) mapped to a stable code and words for people.
import type { BilingualText } from '../../sync/protocol/result.js';

export type Sw3Code =
  | 'success'
  | 'card_found'
  | 'no_content'
  | 'checksum_error'
  | 'length_error'
  | 'command_error'
  | 'unauthorised_operation'
  | 'unrecognised_error'
  | 'card_auth_failed'
  | 'verification_error'
  | 'unknown_card_type'
  | 'read_failed'
  | 'random_number_failed'
  | 'sam_self_test_failed'
  | 'sam_unauthorised'
  | 'no_card'
  | 'select_failed'
  | 'unknown_status';

export interface Sw3Meaning {
  readonly sw3: number;
  readonly code: Sw3Code;
  readonly message: BilingualText;
}

const TABLE: Readonly<Record<number, Omit<Sw3Meaning, 'sw3'>>> = {
  0x90: { code: 'success', message: { zh: '操作成功', en: 'Success' } },
  0x9f: { code: 'card_found', message: { zh: '已找到证件', en: 'Card found' } },
  0x91: { code: 'no_content', message: { zh: '证件无此项内容', en: 'The card holds no such content' } },
  0x10: { code: 'checksum_error', message: { zh: '读卡器收到的数据校验错误', en: 'The reader received a frame with a bad checksum' } },
  0x11: { code: 'length_error', message: { zh: '读卡器收到的数据长度错误', en: 'The reader received a frame with a bad length' } },
  0x21: { code: 'command_error', message: { zh: '读卡器不支持该命令', en: 'The reader does not support this command' } },
  0x23: { code: 'unauthorised_operation', message: { zh: '越权操作', en: 'Unauthorised operation' } },
  0x24: { code: 'unrecognised_error', message: { zh: '读卡器无法识别的错误', en: 'Unrecognised reader error' } },
  0x31: { code: 'card_auth_failed', message: { zh: '证件认证失败，请重新放置证件', en: 'Card authentication failed; place the card again' } },
  0x32: { code: 'card_auth_failed', message: { zh: '证件认证失败，请重新放置证件', en: 'Card authentication failed; place the card again' } },
  0x33: { code: 'verification_error', message: { zh: '证件信息验证错误', en: 'Card information verification failed' } },
  0x40: { code: 'unknown_card_type', message: { zh: '无法识别的证件类型', en: 'Unknown card type' } },
  0x41: { code: 'read_failed', message: { zh: '读取证件失败，请重新放置证件', en: 'Could not read the card; place it again' } },
  0x47: { code: 'random_number_failed', message: { zh: '读卡器取随机数失败', en: 'The reader could not get a random number' } },
  0x60: { code: 'sam_self_test_failed', message: { zh: '读卡器安全模块自检失败', en: 'The reader security module failed its self-test' } },
  0x66: { code: 'sam_unauthorised', message: { zh: '读卡器安全模块未经授权', en: 'The reader security module is not authorised' } },
  0x80: { code: 'no_card', message: { zh: '未找到证件', en: 'No card found' } },
  0x81: { code: 'select_failed', message: { zh: '选取证件失败，请重新放置证件', en: 'Could not select the card; place it again' } },
};

export function sw3Meaning(sw3: number): Sw3Meaning {
  const known = TABLE[sw3];
  if (known) return { sw3, ...known };
  return { sw3, code: 'unknown_status', message: { zh: '读卡器返回未知状态', en: 'The reader returned an unknown status' } };
}

export function hex(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0');
}
