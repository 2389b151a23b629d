/** Thrown by `renderEmail` when an option is invalid; `field` names the option, the message says what to fix. */
export class EmailOptionsError extends Error {
  override readonly name = 'EmailOptionsError';
  constructor(readonly field: string, message: string) {
    super(`${field} ${message}`);
  }
}
