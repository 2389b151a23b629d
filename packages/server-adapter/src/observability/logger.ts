/** Structured logging: one JSON object per line. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger writing JSON lines to `write` (stdout by default). `level: 'silent'` writes nothing. */
export function createLogger(level: 'info' | 'error' | 'silent' = 'info', write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Logger {
  const emit = (lvl: string, message: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ time: new Date().toISOString(), level: lvl, msg: message, ...fields }));
  return {
    info: (message, fields) => { if (level === 'info') emit('info', message, fields); },
    error: (message, fields) => { if (level !== 'silent') emit('error', message, fields); },
  };
}
