/**
 * Corrects a client timestamp for the client's clock skew.
 * The offset is `receivedAt - sentAt` (network time is small next to clock errors); the corrected time is
 * `createdAt + offset`, never later than `receivedAt`. Without `sentAt`, `createdAt` is kept (capped the same way).
 */
export function correctedTime(createdAt: string, receivedAt: Date, sentAt?: string): Date {
  const created = Date.parse(createdAt);
  const offset = sentAt ? receivedAt.getTime() - Date.parse(sentAt) : 0;
  return new Date(Math.min(created + offset, receivedAt.getTime()));
}
