/** The public class name plus the user's extra one, if any. */
export function cx(base: string, extra?: string): string {
  return extra ? `${base} ${extra}` : base;
}
