// Printer failures as a person sees them: what happened, and what to do next (ARCHITECTURE rule 6).
import type { PrintErrorCode } from '../../devices/receipt-printer/printer.js';
import type { UserFacingError } from '../../sync/protocol/result.js';
import type { PrintFailureCode } from '../api/receipt.js';

const MESSAGES: Record<PrintFailureCode, { zh: string; en: string }> = {
  no_printer: {
    zh: '本终端暂时无法打印回执。您的申请已保存，请记下申请编号，或到人工窗口领取回执。',
    en: 'This terminal cannot print a receipt right now. Your application is saved: note the application number, or collect the receipt at a service counter.',
  },
  paper_out: {
    zh: '回执打印机缺纸。您的申请已保存，请联系工作人员更换纸卷后重新打印。',
    en: 'The receipt printer is out of paper. Your application is saved: please ask a member of staff to refill it, then print again.',
  },
  cover_open: {
    zh: '回执打印机的盖子没有关好。请联系工作人员关好后重新打印。',
    en: 'The receipt printer cover is open. Please ask a member of staff to close it, then print again.',
  },
  offline: {
    zh: '回执打印机暂时离线。请稍后重新打印，或联系工作人员。',
    en: 'The receipt printer is offline. Please try printing again shortly, or ask a member of staff.',
  },
  timeout: {
    zh: '打印超时。请先查看出纸口是否已有回执；如果没有，请重新打印或联系工作人员。',
    en: 'Printing timed out. Please check whether a receipt came out; if not, print again or ask a member of staff.',
  },
  io_error: {
    zh: '回执打印机通信故障。您的申请已保存，请联系工作人员。',
    en: 'The receipt printer is not responding correctly. Your application is saved: please ask a member of staff.',
  },
};

export function printFailure(code: PrintFailureCode, detail?: string): UserFacingError<PrintFailureCode> {
  return { code, message: MESSAGES[code], ...(detail !== undefined ? { detail } : {}) };
}

/** The driver's error keeps its code and detail; the words are the host's, the same for every driver. */
export function fromDriverError(error: UserFacingError<PrintErrorCode>): UserFacingError<PrintFailureCode> {
  const code: PrintFailureCode = error.code in MESSAGES ? error.code : 'io_error';
  return printFailure(code, error.detail);
}
