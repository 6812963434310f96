/**
 * Typed NGSI-LD errors: ProblemDetails (IETF RFC 9457, the body of every NGSI-LD error, ETSI GS CIM
 * 009 §5.5.2 and its error types table) turned into an Error with a message a person can read.
 */

export interface ProblemDetails {
  type: string;
  title?: string;
  detail?: string;
  status?: number;
  instance?: string;
}

/** Short ETSI error type names (the part after `https://uri.etsi.org/ngsi-ld/errors/`). */
export type NgsiErrorKind =
  | 'InvalidRequest'
  | 'BadRequestData'
  | 'AlreadyExists'
  | 'OperationNotSupported'
  | 'ResourceNotFound'
  | 'InternalError'
  | 'TooComplexQuery'
  | 'TooManyResults'
  | 'LdContextNotAvailable'
  | 'NonexistentTenant'
  | 'Unauthorized'
  | 'Unavailable'
  | 'Unknown';

const IN_WORDS: Record<NgsiErrorKind, string> = {
  InvalidRequest: 'the request was not valid',
  BadRequestData: 'the data sent was not valid',
  AlreadyExists: 'it already exists',
  OperationNotSupported: 'the broker does not support this operation',
  ResourceNotFound: 'it was not found',
  InternalError: 'the broker had an internal error',
  TooComplexQuery: 'the query is too complex for the broker',
  TooManyResults: 'the query matches too many results',
  LdContextNotAvailable: 'the broker could not load the @context',
  NonexistentTenant: 'the tenant does not exist',
  Unauthorized: 'access was refused (missing or wrong token)',
  Unavailable: 'the broker is not reachable',
  Unknown: 'the broker reported an error',
};

/** An error answered by the broker (or a transport failure, kind 'Unavailable', status 0). */
export class NgsiError extends Error {
  override readonly name = 'NgsiError';
  constructor(
    readonly kind: NgsiErrorKind,
    readonly status: number,
    readonly problem: ProblemDetails | undefined,
    readonly operation: string,
    options?: { cause?: unknown },
  ) {
    const detail = problem?.detail ?? problem?.title;
    super(`${operation}: ${IN_WORDS[kind]}${status > 0 ? ` (HTTP ${status})` : ''}${detail === undefined ? '' : ` — ${detail}`}`, options);
  }
}

function kindOfType(type: string | undefined, status: number): NgsiErrorKind {
  const short = type?.split('/').pop();
  if (short !== undefined && short in IN_WORDS) return short as NgsiErrorKind;
  if (status === 401 || status === 403) return 'Unauthorized';
  if (status === 404) return 'ResourceNotFound';
  if (status === 409) return 'AlreadyExists';
  if (status === 503 || status === 502 || status === 504) return 'Unavailable';
  if (status >= 500) return 'InternalError';
  if (status === 400) return 'BadRequestData';
  return 'Unknown';
}

/** Builds the typed error from a status and a (possibly non-JSON) response body. */
export function errorFromResponse(status: number, bodyText: string, operation: string): NgsiError {
  let problem: ProblemDetails | undefined;
  try {
    const parsed = JSON.parse(bodyText) as unknown;
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as ProblemDetails).type === 'string') problem = parsed as ProblemDetails;
  } catch {
    problem = bodyText.trim() === '' ? undefined : { type: 'about:blank', detail: bodyText.slice(0, 200) };
  }
  return new NgsiError(kindOfType(problem?.type, status), status, problem, operation);
}
