// Attachment uploads from terminals (tus 1.0.0 core + creation + termination, OPTIONS for discovery; see
// sync/protocol/attachment.ts) and the operators' read of stored attachments. Every terminal call is a signed request; PATCH bodies are raw bytes
// whose SHA-256 the signature covers.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  ATTACHMENT_PATHS,
  decodeUploadMetadata,
  sha256HexSchema,
  TUS_EXTENSIONS,
  TUS_HEADERS,
  TUS_PATCH_CONTENT_TYPE,
  TUS_VERSION,
  uploadDeclarationSchema,
} from '../../protocol/index.js';
import { requireAdmin } from '../auth/admin-auth.js';
import { authenticateTerminal } from '../auth/terminal-auth.js';
import type { Database } from '../db/types.js';
import { invalid, parse, PlatformError } from '../errors.js';
import { errorJson } from '../http-schemas.js';
import { appendChunk, createUpload, readAttachment, terminateUpload, uploadState, type UploadState } from '../store/attachment-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @fastify/cors reads per-route options here, over the plugin's (its types do not declare it). */
    cors?: { strictPreflight?: boolean; preflightContinue?: boolean };
  }
}

const terminalSecurity = [{ terminalSignature: [] }];
const hashParams = z.object({ sha256: sha256HexSchema });
const hashParamsJson = { type: 'object', properties: { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } }, required: ['sha256'] };
const headerInt = (name: string) =>
  z
    .string({ error: `header ${name} is required` })
    .regex(/^\d{1,12}$/, `header ${name}: a non-negative integer`)
    .transform(Number);

function requireTus(req: FastifyRequest): void {
  const v = req.headers[TUS_HEADERS.resumable];
  if (v !== TUS_VERSION) {
    throw new PlatformError(412, 'tus_version', `header Tus-Resumable: ${TUS_VERSION} is required`, 'Tus-Resumable');
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function tusHeaders(reply: FastifyReply, state: UploadState): FastifyReply {
  return reply
    .header('Tus-Resumable', TUS_VERSION)
    .header('Upload-Offset', String(state.offset))
    .header('Upload-Length', String(state.length))
    .header('Cache-Control', 'no-store');
}

export function attachmentRoutes(app: FastifyInstance, db: Database, adminToken: string, maxBytes: number): void {
  // PATCH bodies: the bytes as received (the signature covers their hash), up to the attachment limit.
  app.addContentTypeParser(TUS_PATCH_CONTENT_TYPE, { parseAs: 'buffer', bodyLimit: maxBytes }, (req, body, done) => {
    req.rawBody = body as Buffer;
    done(null, body);
  });

  app.post(
    ATTACHMENT_PATHS.uploads,
    {
      schema: {
        summary: 'Create a resumable attachment upload (tus 1.0 creation)',
        description: `Headers: Tus-Resumable: ${TUS_VERSION}, Upload-Length (bytes, at most ${maxBytes}), Upload-Metadata "sha256 <base64 of hex SHA-256>,mediaType <base64 of image/png|image/jpeg>". 201 with Location (the upload URL, which is the hash) and Upload-Offset: 0, or Upload-Length when the platform already holds these bytes (content-addressed). 413 over the limit.`,
        tags: ['attachments'],
        security: terminalSecurity,
        response: { 201: { type: 'null' }, 400: errorJson, 401: errorJson, 409: errorJson, 412: errorJson, 413: errorJson },
      },
    },
    async (req, reply) => {
      const { terminalId } = await authenticateTerminal(db, req);
      requireTus(req);
      const length = parse(headerInt('Upload-Length'), header(req, TUS_HEADERS.uploadLength), 'Upload-Length');
      if (length < 1) throw new PlatformError(400, 'invalid_request', 'Upload-Length: an attachment has at least one byte', 'Upload-Length');
      if (length > maxBytes) {
        throw new PlatformError(413, 'too_large', `Upload-Length ${length} is over the platform's limit of ${maxBytes} bytes`, 'Upload-Length');
      }
      const meta = decodeUploadMetadata(header(req, TUS_HEADERS.uploadMetadata) ?? '');
      if (meta === null) throw new PlatformError(400, 'invalid_request', 'Upload-Metadata: "key base64,key base64"', 'Upload-Metadata');
      const decl = uploadDeclarationSchema.safeParse(meta);
      if (!decl.success) throw invalid(decl.error, 'Upload-Metadata');
      const state = await createUpload(db, terminalId, { ...decl.data, length });
      return tusHeaders(reply, state).header('Location', ATTACHMENT_PATHS.upload(decl.data.sha256)).header('Tus-Max-Size', String(maxBytes)).code(201).send();
    },
  );

  app.route({
    method: 'HEAD',
    url: ATTACHMENT_PATHS.upload(':sha256'),
    schema: {
      summary: "Where this terminal's upload stands (tus HEAD): Upload-Offset, Upload-Length; 404 when none",
      tags: ['attachments'],
      security: terminalSecurity,
      params: hashParamsJson,
    },
    handler: async (req, reply) => {
      const { terminalId } = await authenticateTerminal(db, req);
      requireTus(req);
      const { sha256 } = parse(hashParams, req.params);
      const state = await uploadState(db, terminalId, sha256);
      if (!state) return reply.header('Tus-Resumable', TUS_VERSION).header('Cache-Control', 'no-store').code(404).send();
      return tusHeaders(reply, state).code(200).send();
    },
  });

  app.patch(
    ATTACHMENT_PATHS.upload(':sha256'),
    {
      bodyLimit: maxBytes,
      schema: {
        summary: 'Append bytes at Upload-Offset (tus PATCH)',
        description: `Content-Type: ${TUS_PATCH_CONTENT_TYPE}. 204 with the new Upload-Offset; 409 when Upload-Offset is not the platform's (HEAD, then resume); on the last byte the SHA-256 and the magic bytes are verified: 460 hash_mismatch or 415 unsupported_media_type and the upload is discarded.`,
        tags: ['attachments'],
        security: terminalSecurity,
        params: hashParamsJson,
        response: { 204: { type: 'null' }, 400: errorJson, 401: errorJson, 404: errorJson, 409: errorJson, 413: errorJson, 415: errorJson, 460: errorJson },
      },
    },
    async (req, reply) => {
      const { terminalId } = await authenticateTerminal(db, req);
      requireTus(req);
      const { sha256 } = parse(hashParams, req.params);
      const offset = parse(headerInt('Upload-Offset'), header(req, TUS_HEADERS.uploadOffset), 'Upload-Offset');
      const chunk = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const state = await appendChunk(db, terminalId, sha256, offset, chunk);
      return tusHeaders(reply, state).code(204).send();
    },
  );

  // tus OPTIONS: capability discovery, answered to anyone (it says nothing about any upload). The CORS plugin would
  // answer every OPTIONS itself (400 without Origin); here it adds its preflight headers and lets this answer.
  const capabilities = (_req: FastifyRequest, reply: FastifyReply): FastifyReply =>
    reply
      .header('Tus-Resumable', TUS_VERSION)
      .header('Tus-Version', TUS_VERSION)
      .header('Tus-Extension', TUS_EXTENSIONS.join(','))
      .header('Tus-Max-Size', String(maxBytes))
      .header('Cache-Control', 'no-store')
      .code(204)
      .send();
  const optionsSchema = {
    summary: 'tus capability discovery: Tus-Version, Tus-Extension (creation,termination), Tus-Max-Size',
    description: `204 with Tus-Version: ${TUS_VERSION}, Tus-Extension: ${TUS_EXTENSIONS.join(',')}, Tus-Max-Size: ${maxBytes} (the platform's attachment limit, bytes). No authentication; Tus-Resumable in the request is ignored.`,
    tags: ['attachments'],
    response: { 204: { type: 'null' } },
  };
  const tusOptions = { cors: { strictPreflight: false, preflightContinue: true } };
  app.route({ method: 'OPTIONS', url: ATTACHMENT_PATHS.uploads, schema: optionsSchema, config: tusOptions, handler: capabilities });
  app.route({
    method: 'OPTIONS',
    url: ATTACHMENT_PATHS.upload(':sha256'),
    schema: { ...optionsSchema, params: hashParamsJson },
    config: tusOptions,
    handler: capabilities,
  });

  app.delete(
    ATTACHMENT_PATHS.upload(':sha256'),
    {
      schema: {
        summary: "Terminate this terminal's unfinished upload (tus termination)",
        description:
          "204: the upload and the bytes received so far are dropped (a HEAD then answers 404). 404 when this terminal has no such upload. 409 upload_complete when the bytes are stored complete: a stored attachment is shared (content-addressed) and may be referenced by applications, so it is never deleted by a terminal.",
        tags: ['attachments'],
        security: terminalSecurity,
        params: hashParamsJson,
        response: { 204: { type: 'null' }, 401: errorJson, 404: errorJson, 409: errorJson, 412: errorJson },
      },
    },
    async (req, reply) => {
      const { terminalId } = await authenticateTerminal(db, req);
      requireTus(req);
      const { sha256 } = parse(hashParams, req.params);
      const outcome = await terminateUpload(db, terminalId, sha256);
      if (outcome === 'complete') {
        throw new PlatformError(409, 'upload_complete', `attachment ${sha256} is stored complete; stored attachments are never deleted by a terminal`);
      }
      if (outcome === 'none') throw new PlatformError(404, 'not_found', `no upload of ${sha256} by this terminal`);
      return reply.header('Tus-Resumable', TUS_VERSION).header('Cache-Control', 'no-store').code(204).send();
    },
  );

  app.get(
    ATTACHMENT_PATHS.admin(':sha256'),
    {
      schema: {
        summary: 'An attachment as stored (operators: the signature and captured pages of an application)',
        tags: ['admin'],
        security: [{ adminToken: [] }],
        params: hashParamsJson,
        response: { 200: { type: 'string', format: 'binary' }, 401: errorJson, 404: errorJson },
      },
    },
    async (req, reply) => {
      requireAdmin(req, adminToken);
      const { sha256 } = parse(hashParams, req.params);
      const found = await readAttachment(db, sha256);
      if (!found) throw new PlatformError(404, 'not_found', `no attachment ${sha256}`, 'sha256');
      return reply.header('content-type', found.mediaType).header('cache-control', 'private, max-age=31536000, immutable').send(found.data);
    },
  );
}
