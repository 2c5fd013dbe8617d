// Operator endpoints take a bearer token (the platform's admin token).
import type { FastifyRequest } from 'fastify';
import { PlatformError } from '../errors.js';
import { sameSecret } from './secrets.js';

export function requireAdmin(req: FastifyRequest, adminToken: string): void {
  const auth = req.headers.authorization;
  const token = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
  if (token === undefined) throw new PlatformError(401, 'admin_token_required', 'Authorization: Bearer <admin token> is required');
  if (!sameSecret(token, adminToken)) throw new PlatformError(401, 'bad_admin_token', 'admin token does not match');
}
