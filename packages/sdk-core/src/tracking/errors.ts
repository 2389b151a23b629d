import type { ContractProblem } from '../contracts/errors.js';
import { DEV, DEV_HINT } from './build.js';

/** Thrown (as a rejection of `track()`) when an event breaks the contract; `problems` name each field. */
export class FocalValidationError extends Error {
  constructor(public readonly eventType: string, public readonly problems: ContractProblem[]) {
    super(`track("${eventType}"): ${problems.map((p) => p.message).join('; ')}${DEV ? '' : DEV_HINT}`);
    this.name = 'FocalValidationError';
  }
}
