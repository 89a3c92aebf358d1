// Turns every error into `{ code, message, requestId }` with the right status. Unknown
// errors become a 500 without internals; they are logged with their stack once, here.
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { InvalidCursorError } from '../../store/cursor.ts';
import { HttpErrors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Content types the route accepts, named in the 415 message. */
    accepts?: readonly string[];
  }
}

export function toCodedError(error: FastifyError, accepts: readonly string[] | undefined, bodyLimit: number): FastifyError {
  if (error.code?.startsWith('RL_')) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const detail = error.validation
      .map((v) => `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}: ${v.message}`)
      .join('; ');
    return new HttpErrors.BadRequest(detail);
  }
  if (error instanceof InvalidCursorError) return new HttpErrors.BadRequest(error.message);
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpErrors.BodyTooLarge(bodyLimit);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      if (error.statusCode === 415) {
        return new HttpErrors.UnsupportedMediaType(
          `this Content-Type is not accepted here${accepts ? `; send ${accepts.join(' or ')}` : ''}`,
        );
      }
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return Object.assign(new HttpErrors.BadRequest(error.message), { statusCode: error.statusCode });
  }
  return new HttpErrors.Internal();
}

async function errorHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const coded = toCodedError(error, request.routeOptions.config?.accepts, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 0);
    if (coded.statusCode === 500) request.log.error({ err: error }, 'request failed');
    return reply.code(coded.statusCode ?? 500).send({ code: coded.code, message: coded.message, requestId: request.id });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new HttpErrors.NotFound(`no route ${request.method} ${request.url.split('?')[0]}`);
    return reply.code(404).send({ code: error.code, message: error.message, requestId: request.id });
  });
}

export default fp(errorHandler, { name: 'runledger-error-handler', fastify: '5.x' });
