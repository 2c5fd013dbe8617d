// Events about applications the renderer reports to the host's audit log (TerminalApi.recordApplicationEvent):
// what happened to an application's journey to the platform, never what it says. The client-generated id, codes
// and counts only (no name, ID number or form field).
export type ApplicationAuditEvent =
  /** sync/client held it aside: the platform (or its attachment upload) refused it for good. */
  | { readonly event: 'held'; readonly applicationId: string; readonly status: number; readonly code: string }
  /** Staff sent a held application again: what came of it. */
  | { readonly event: 'resent'; readonly applicationId: string; readonly outcome: 'sent' | 'held' | 'unreachable' | 'not_held'; readonly code?: string }
  /** Staff handed a held application over to the counter (kept on the terminal, marked). */
  | { readonly event: 'handed_over'; readonly applicationId: string; readonly code: string }
  /**
   * Taken although an offline limit was reached while the person was filling it in (their work is never thrown
   * away); staff are told in the staff corner.
   */
  | {
      readonly event: 'over_offline_limit';
      readonly applicationId: string;
      readonly limit: 'count' | 'age';
      readonly waiting: number;
      readonly oldestMinutes: number;
    };
