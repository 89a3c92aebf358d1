// Every coded error the HTTP layer sends, in one table: code → status and message.
// Replies are always `{ code, message, requestId }`.
import createError from '@fastify/error';
import { INGEST_ERRORS, type IngestErrorCode } from '../ingest/errors.ts';

export const HttpErrors = {
  AuthMissing: createError(
    'RL_AUTH_MISSING',
    'no credentials: send the token as "Authorization: Bearer <token>", as the password of HTTP Basic auth, or as x-data-collector-token',
    401,
  ),
  AuthInvalid: createError('RL_AUTH_INVALID', 'the token is not valid or has been revoked', 401),
  Forbidden: createError('RL_AUTH_FORBIDDEN', "role '%s' may not %s", 403),
  RateLimited: createError('RL_RATE_LIMITED', 'rate limit of %s requests per %s s exceeded for this token; retry in %s s', 429),
  NotFound: createError('RL_NOT_FOUND', '%s', 404),
  BadRequest: createError('RL_BAD_REQUEST', '%s', 400),
  UnsupportedMediaType: createError('RL_UNSUPPORTED_MEDIA_TYPE', '%s', 415),
  BodyTooLarge: createError('RL_INGEST_TOO_LARGE', 'the body is larger than the limit of %s bytes', 413),
  QueueUnavailable: createError('RL_QUEUE_UNAVAILABLE', 'the queue is unavailable (%s); the report was not accepted, send it again', 503),
  PlanInvalid: createError('RL_PLAN_INVALID', '%s', 400),
  PlanState: createError('RL_PLAN_STATE', '%s', 409),
  PlanSelfApproval: createError('RL_PLAN_SELF_APPROVAL', '%s', 403),
  PlanConflict: createError('RL_PLAN_CONFLICT', '%s', 409),
  UiCsrf: createError('RL_UI_CSRF', 'the form expired or did not come from this page; reload the page and try again', 403),
  UiSignInLimited: createError('RL_UI_SIGN_IN_LIMITED', 'too many sign-in attempts from this address; try again in %s s', 429),
  SilenceInvalid: createError('RL_SILENCE_INVALID', '%s', 400),
  SilenceExpired: createError('RL_SILENCE_EXPIRED', '%s', 409),
  SilenceConflict: createError('RL_SILENCE_CONFLICT', '%s', 409),
  RoutesConflict: createError('RL_ROUTES_CONFLICT', '%s', 412),
  RoutesForbidden: createError('RL_ROUTES_FORBIDDEN', '%s', 403),
  ReportInvalid: createError('RL_REPORT_INVALID', '%s', 400),
  ReportNotReady: createError('RL_REPORT_NOT_READY', '%s', 409),
  ReportFormatUnavailable: createError('RL_REPORT_FORMAT_UNAVAILABLE', '%s', 503),
  ReportScheduleInvalid: createError('RL_REPORT_SCHEDULE_INVALID', '%s', 400),
  ReportScheduleExists: createError('RL_REPORT_SCHEDULE_EXISTS', '%s', 409),
  ReportScheduleReadOnly: createError('RL_REPORT_SCHEDULE_READ_ONLY', '%s', 409),
  ReportScheduleConflict: createError('RL_REPORT_SCHEDULE_CONFLICT', '%s', 409),
  Internal: createError('RL_INTERNAL', 'internal error', 500),
} as const;

const ingestErrors = Object.fromEntries(
  Object.entries(INGEST_ERRORS).map(([code, status]) => [code, createError<[string]>(code, '%s', status)]),
) as Record<IngestErrorCode, createError.FastifyErrorConstructor<{ code: string }, [string]>>;

/** The HTTP error for a rejection a parse worker returned as plain data. */
export function ingestError(code: IngestErrorCode, message: string): Error {
  return new ingestErrors[code](message);
}
