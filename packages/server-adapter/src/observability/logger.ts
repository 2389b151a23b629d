/** Structured logging: one JSON object per line. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Lines waiting for stdout, shared by every logger of the process so their order is kept. */
let pending = '';
let flushing: NodeJS.Immediate | undefined;
let hooked = false;

function flush(): void {
  flushing = undefined;
  if (!pending) return;
  const chunk = pending;
  pending = '';
  process.stdout.write(chunk);
}

/**
 * Writes a line to stdout, buffered: the lines of one turn of the event loop go out in one write (at most 64 kB
 * waits), and whatever is left is written when the process exits.
 */
function toStdout(line: string): void {
  pending += `${line}\n`;
  if (pending.length >= 65_536) flush();
  else flushing ??= setImmediate(flush).unref();
  if (!hooked) {
    hooked = true;
    process.once('exit', flush);
  }
}

/**
 * A logger writing JSON lines to `write` (default: stdout, buffered per turn of the event loop). `level: 'silent'`
 * writes nothing. Each line starts with `time` (ISO 8601, formatted once per millisecond), `level` and `msg`.
 */
export function createLogger(level: 'info' | 'error' | 'silent' = 'info', write: (line: string) => void = toStdout): Logger {
  let lastMs = 0;
  let lastTime = '';
  const emit = (lvl: string, message: string, fields?: Record<string, unknown>) => {
    const ms = Date.now();
    if (ms !== lastMs) {
      lastMs = ms;
      lastTime = new Date(ms).toISOString();
    }
    write(JSON.stringify({ time: lastTime, level: lvl, msg: message, ...fields }));
  };
  return {
    info: (message, fields) => { if (level === 'info') emit('info', message, fields); },
    error: (message, fields) => { if (level !== 'silent') emit('error', message, fields); },
  };
}
