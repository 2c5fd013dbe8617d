// Print failures a person may see: bilingual, each with a way forward; details for logs carry no receipt content.
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { PrintErrorCode } from './printer.js';

export type PrintError = UserFacingError<PrintErrorCode>;

const MESSAGES: Readonly<Record<PrintErrorCode, { zh: string; en: string }>> = {
  no_printer: { zh: '未连接回执打印机，请联系工作人员', en: 'The receipt printer is not connected; please ask a member of staff' },
  paper_out: { zh: '打印纸已用完，请联系工作人员更换打印纸', en: 'The receipt printer is out of paper; please ask a member of staff to refill it' },
  cover_open: { zh: '打印机盖未关好，请联系工作人员', en: 'The printer cover is open; please ask a member of staff' },
  offline: { zh: '打印机故障，暂时无法打印回执，请联系工作人员', en: 'The printer has a fault and cannot print the receipt now; please ask a member of staff' },
  timeout: { zh: '打印机无响应，请联系工作人员', en: 'The printer is not responding; please ask a member of staff' },
  io_error: { zh: '与打印机通讯失败，请联系工作人员', en: 'Communication with the printer failed; please ask a member of staff' },
};

export function printError(code: PrintErrorCode, detail: string): PrintError {
  return { code, message: MESSAGES[code], detail };
}
