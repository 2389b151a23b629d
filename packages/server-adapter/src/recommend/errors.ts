/** A request the recommendation service cannot answer as asked: maps to a 400 with `{ error: { code, message, field } }`. */
export class RecommendError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string, readonly status = 400) {
    super(message);
    this.name = 'RecommendError';
  }
}
