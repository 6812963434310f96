/**
 * The one catalogue of NGSI-LD errors: code → HTTP status and ProblemDetails `type` URI
 * (ETSI GS CIM 009 V1.8.1 clause 5.5.2, Table 5.5.2-1; ProblemDetails per IETF RFC 9457).
 */

export const ERROR_CATALOGUE = {
  InvalidRequest: { status: 400, title: 'Invalid request' },
  BadRequestData: { status: 400, title: 'Bad request data' },
  AlreadyExists: { status: 409, title: 'Already exists' },
  OperationNotSupported: { status: 422, title: 'Operation not supported' },
  ResourceNotFound: { status: 404, title: 'Resource not found' },
  InternalError: { status: 500, title: 'Internal error' },
  TooComplexQuery: { status: 403, title: 'Too complex query' },
  TooManyResults: { status: 403, title: 'Too many results' },
  LdContextNotAvailable: { status: 503, title: 'JSON-LD @context not available' },
  NoMultiTenantSupport: { status: 501, title: 'No multi-tenant support' },
  NonexistentTenant: { status: 404, title: 'Nonexistent tenant' },
  /** Not in the spec's table: HTTP-level answers the broker still sends as ProblemDetails. */
  Unauthorized: { status: 401, title: 'Unauthorized' },
  Forbidden: { status: 403, title: 'Forbidden' },
  NotAcceptable: { status: 406, title: 'Not acceptable' },
  PayloadTooLarge: { status: 413, title: 'Payload too large' },
  UnsupportedMediaType: { status: 415, title: 'Unsupported media type' },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

const SPEC_ERRORS: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'InvalidRequest', 'BadRequestData', 'AlreadyExists', 'OperationNotSupported', 'ResourceNotFound',
  'InternalError', 'TooComplexQuery', 'TooManyResults', 'LdContextNotAvailable', 'NoMultiTenantSupport',
  'NonexistentTenant',
]);

/** The ProblemDetails `type` URI of an error code. */
export function errorTypeUri(code: ErrorCode): string {
  return SPEC_ERRORS.has(code) ? `https://uri.etsi.org/ngsi-ld/errors/${code}` : `urn:civic-twin:broker:errors:${code}`;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/** An error the broker answers as ProblemDetails. */
export class BrokerError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, detail: string) {
    super(detail);
    this.name = 'BrokerError';
    this.code = code;
  }
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
  toProblem(): ProblemDetails {
    return { type: errorTypeUri(this.code), title: ERROR_CATALOGUE[this.code].title, status: this.status, detail: this.message };
  }
}

export function badData(detail: string): BrokerError {
  return new BrokerError('BadRequestData', detail);
}
export function invalid(detail: string): BrokerError {
  return new BrokerError('InvalidRequest', detail);
}
export function notFound(detail: string): BrokerError {
  return new BrokerError('ResourceNotFound', detail);
}
