// Identity QR (扫码亮证): the public key set terminals cache for offline verification, and operator
// endpoints to issue a development QR (standing in for the citizen's mobile app) and to rotate the key.
import type { FastifyInstance } from 'fastify';
import {
  IDENTITY_QR_PATHS,
  issueIdentityQrBodySchema,
  newIdentityQrNonce,
  signIdentityQr,
  type IdentityKeySet,
  type IssuedIdentityQr,
} from '../../protocol/index.js';
import { requireAdmin } from '../auth/admin-auth.js';
import type { Database } from '../db/types.js';
import { parse } from '../errors.js';
import { errorJson, toJsonSchema } from '../http-schemas.js';
import { activeIdentitySigningKey, publishedIdentityKeys, rotateIdentitySigningKey } from './identity-key-store.js';

/** Terminals refresh well within this; a rotated key reaches them within minutes when online. */
export const IDENTITY_KEYS_MAX_AGE_SECONDS = 300;

const adminSecurity = [{ adminToken: [] }];
const jwkJson = {
  type: 'object',
  properties: { kty: { const: 'OKP' }, crv: { const: 'Ed25519' }, x: { type: 'string' } },
  required: ['kty', 'crv', 'x'],
};

export function identityRoutes(app: FastifyInstance, db: Database, adminToken: string): void {
  app.get(
    IDENTITY_QR_PATHS.keys,
    {
      schema: {
        summary: 'Public keys (Ed25519 JWK, by kid) that sign identity QRs "YCID1.<claims>.<signature>"; cache them for offline verification',
        tags: ['identity'],
        response: {
          200: {
            type: 'object',
            properties: {
              keys: { type: 'array', items: { type: 'object', properties: { kid: { type: 'string' }, publicKeyJwk: jwkJson }, required: ['kid', 'publicKeyJwk'] } },
            },
            required: ['keys'],
          },
        },
      },
    },
    async (_req, reply) => {
      const body: IdentityKeySet = { keys: await publishedIdentityKeys(db) };
      return reply.header('cache-control', `public, max-age=${IDENTITY_KEYS_MAX_AGE_SECONDS}`).send(body);
    },
  );

  app.post(
    IDENTITY_QR_PATHS.issue,
    {
      schema: {
        summary: 'Development: issue a signed identity QR text for a (synthetic) person, as the citizen app would show it',
        tags: ['admin', 'identity'],
        security: adminSecurity,
        body: toJsonSchema(issueIdentityQrBodySchema),
        response: {
          201: { type: 'object', properties: { text: { type: 'string' }, kid: { type: 'string' }, expiresAt: { type: 'string' } } },
          400: errorJson,
          401: errorJson,
        },
      },
    },
    async (req, reply) => {
      requireAdmin(req, adminToken);
      const body = parse(issueIdentityQrBodySchema, req.body);
      const key = await activeIdentitySigningKey(db);
      const iat = Math.floor(Date.now() / 1000);
      const exp = iat + body.ttlSeconds;
      const text = await signIdentityQr(
        { name: body.name, idNumber: body.idNumber.trim().toUpperCase(), cardType: body.cardType, iat, exp, nonce: newIdentityQrNonce() },
        key.privateKey,
        key.kid,
      );
      const issued: IssuedIdentityQr = { text, kid: key.kid, expiresAt: new Date(exp * 1000).toISOString() };
      return reply.code(201).header('cache-control', 'no-store').send(issued);
    },
  );

  app.post(
    IDENTITY_QR_PATHS.rotate,
    {
      schema: {
        summary: 'Rotate the identity-QR signing key (the old key stays published for a day)',
        tags: ['admin', 'identity'],
        security: adminSecurity,
        response: { 200: { type: 'object', properties: { kid: { type: 'string' }, retired: { type: 'array', items: { type: 'string' } } } }, 401: errorJson },
      },
    },
    async (req) => {
      requireAdmin(req, adminToken);
      return rotateIdentitySigningKey(db);
    },
  );
}
