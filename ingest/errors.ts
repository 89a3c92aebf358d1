// Every way an ingest request can be refused: a stable code, the HTTP status, and a message
// that tells the sender what to fix. Parse workers return these codes as plain data.
export const INGEST_ERRORS = {
  RL_INGEST_MALFORMED: 400,
  RL_INGEST_TOO_DEEP: 400,
  RL_INGEST_TOO_MANY_ALIASES: 400,
  RL_INGEST_MESSAGE_TYPE: 400,
  RL_INGEST_TOO_LARGE: 413,
  RL_INGEST_CONTENT_ENCODING: 415,
  RL_INGEST_NOT_A_REPORT: 422,
} as const;
export type IngestErrorCode = keyof typeof INGEST_ERRORS;

export interface IngestRejection {
  code: IngestErrorCode;
  status: number;
  message: string;
}

export function rejection(code: IngestErrorCode, message: string): IngestRejection {
  return { code, status: INGEST_ERRORS[code], message };
}

/** Thrown inside decoding and adapters; the parse worker turns it into an IngestRejection. */
export class IngestError extends Error {
  override name = 'IngestError';
  constructor(
    readonly code: IngestErrorCode,
    message: string,
  ) {
    super(message);
  }
}
