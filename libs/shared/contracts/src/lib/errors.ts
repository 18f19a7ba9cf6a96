/** The one error body every /api route returns (see the global exception filter). */
export interface ApiErrorBody {
  statusCode: number;
  message: string;
  /** Field-level problems for validation errors, e.g. "password must be longer than or equal to 10 characters". */
  errors?: string[];
  correlationId: string;
}
