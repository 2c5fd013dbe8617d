// Terminal settings: operators set a default and per-terminal overrides; a terminal pulls its own (signed).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DEFAULT_SETTINGS_SCOPE, TERMINAL_SETTINGS_PATHS, terminalSettingsSchema } from '../../protocol/index.js';
import { requireAdmin } from '../auth/admin-auth.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, toJsonSchema } from '../http-schemas.js';
import { effectiveTerminalSettings, listTerminalSettings, putTerminalSettings } from '../store/terminal-settings-store.js';

const scopeParamsSchema = z.object({
  scope: z.union([z.literal(DEFAULT_SETTINGS_SCOPE), z.string().regex(/^[A-Za-z0-9-]{3,64}$/, "'default' or a terminal id")]),
});

export function terminalSettingsRoutes(app: FastifyInstance, db: Database, adminToken: string): void {
  const settingsJson = toJsonSchema(terminalSettingsSchema);
  const storedJson = { type: 'object', properties: { scope: { type: 'string' }, settings: settingsJson, updatedAt: { type: 'string' } } };

  app.get(
    TERMINAL_SETTINGS_PATHS.pull,
    {
      schema: {
        summary: 'The settings that apply to the calling terminal: the default with its own on top',
        tags: ['terminals'],
        security: [{ terminalSignature: [] }],
        response: {
          200: { type: 'object', properties: { settings: { type: 'object', additionalProperties: true }, updatedAt: { type: ['string', 'null'] } } },
          401: errorJson,
        },
      },
    },
    async (req) => {
      const { terminalId } = await authenticateTerminal(db, req);
      return effectiveTerminalSettings(db, terminalId);
    },
  );

  app.put(
    `${TERMINAL_SETTINGS_PATHS.adminList}/:scope`,
    {
      schema: {
        summary: "Set the settings of 'default' (every terminal) or of one terminal; replaces that scope's settings whole",
        description: 'Fields left out follow the default (for a terminal) or the terminal\'s own kiosk-config. A bad value is refused with 400 naming the field.',
        tags: ['admin', 'terminals'],
        security: [{ adminToken: [] }],
        params: { type: 'object', properties: { scope: { type: 'string' } }, required: ['scope'] },
        body: settingsJson,
        response: { 200: storedJson, 400: errorJson, 401: errorJson },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      const { scope } = parse(scopeParamsSchema, req.params);
      return putTerminalSettings(db, scope, parse(terminalSettingsSchema, req.body));
    },
  );

  app.get(
    TERMINAL_SETTINGS_PATHS.adminList,
    {
      schema: {
        summary: 'Every scope with settings: the default first, then terminals',
        tags: ['admin', 'terminals'],
        security: [{ adminToken: [] }],
        response: { 200: { type: 'object', properties: { settings: { type: 'array', items: storedJson } } }, 401: errorJson },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      return { settings: await listTerminalSettings(db) };
    },
  );
}
