/** The one error shape: {error: {code, message, details}}. Unknown errors are logged and answered as a plain 500. */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { AppError, httpStatusOf } from '../errors.ts';
import { errorAnswer } from '../../common/api.schemas.ts';

const zodDetails = (issues: { path: PropertyKey[]; message: string }[], prefix = '') =>
  Object.fromEntries(issues.map((i) => [[prefix, ...i.path.map(String)].filter(Boolean).join('.') || '_', i.message]));

export function registerErrorHandler(app: FastifyInstance) {
  // Every documented route answers its errors in the one shape: say so in the OpenAPI document (4XX). The handler
  // below is the only sender of error bodies, and its answers always match.
  app.addHook('onRoute', (route) => {
    const response = route.schema?.response as Record<string, unknown> | undefined;
    if (!response || route.schema?.hide || '4xx' in response) return;
    route.schema = { ...route.schema, response: { ...response, '4xx': errorAnswer } };
  });
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    // A route may have set another type before failing (a CSV export): the error answer is always JSON, never a download.
    reply.removeHeader('content-disposition');
    reply.type('application/json; charset=utf-8');
    if (err instanceof AppError) {
      const status = httpStatusOf(err.code);
      if (err.code === 'RATE_LIMITED' && typeof (err.details as { retryAfterSec?: number })?.retryAfterSec === 'number') {
        reply.header('Retry-After', String((err.details as { retryAfterSec: number }).retryAfterSec));
      }
      return reply.status(status).send({ error: { code: err.code, message: err.message, details: err.details ?? null } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body';
      const details = Object.fromEntries(err.validation.map((v) => {
        const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
        return [path || where, v.message ?? 'invalid'];
      }));
      const first = Object.entries(details)[0];
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: first ? `${first[0]}: ${first[1]}` : 'Invalid request', details } });
    }
    if (err instanceof ZodError) {
      return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: 'Invalid request', details: zodDetails(err.issues) } });
    }
    const fe = err as FastifyError;
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
    } else if (fe.statusCode && fe.statusCode < 500) {
      // Fastify's own client errors: bad JSON, body too large, wrong content type.
      const code = fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : fe.statusCode === 429 ? 'RATE_LIMITED' : fe.statusCode === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
      return reply.status(httpStatusOf(code)).send({ error: { code, message: fe.message.replace(/^FST_\w+: /, ''), details: null } });
    } else {
      req.log.error({ err }, 'unhandled error');
    }
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged', details: null } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: null } });
  });
}

/**
 * Errors Fastify meets before a route is found (a URL that is not valid percent-encoded UTF-8, a path segment longer
 * than the router allows): the same one shape, as a 400.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const message = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A part of the address is too long' : 'The address is not valid (bad percent-encoding)';
  reply.status(400).type('application/json; charset=utf-8').send({ error: { code: 'BAD_REQUEST', message, details: null } });
}
