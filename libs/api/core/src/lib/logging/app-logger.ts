import { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { currentLogContext } from './correlation';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Set from the runtime settings (Settings → General → log level); overrides LOG_LEVEL once known. */
let processLevel: Level | undefined;
export function setProcessLogLevel(level: Level): void {
  processLevel = level;
}

/** Nest's start-up chatter (one line per module and route) is only interesting when debugging. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/**
 * Nest logger that writes one line per message: JSON (`LOG_FORMAT=json`, for log shippers) or a
 * readable line. Every line carries the current correlation id and job fields when there is one.
 */
export class AppLogger implements LoggerService {
  constructor(
    private readonly opts: { format: 'json' | 'pretty'; level: Level; process: string },
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  setLevel(level: Level): void {
    this.opts.level = level;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.emit('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.emit('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.emit('debug', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.emit('error', message, rest);
  }
  setLogLevels(levels: NestLogLevel[]): void {
    void levels;
    // Levels come from config/runtime settings (setLevel), not from Nest's list.
  }

  private emit(requested: Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) as the last string argument, and a stack before it for errors.
    const args = [...rest];
    const context = typeof args[args.length - 1] === 'string' ? (args.pop() as string) : undefined;
    const level: Level = requested === 'info' && context && CHATTY_CONTEXTS.has(context) ? 'debug' : requested;
    if (ORDER[level] < ORDER[processLevel ?? this.opts.level]) return;
    const stack = level === 'error' && typeof args[0] === 'string' && args[0].includes('\n') ? (args.shift() as string) : undefined;
    const ctx = currentLogContext();
    const text = message instanceof Error ? message.message : typeof message === 'string' ? message : JSON.stringify(message);
    if (this.opts.format === 'json') {
      const line: Record<string, unknown> = {
        time: new Date().toISOString(),
        level,
        process: this.opts.process,
        context,
        msg: text,
        ...(ctx ? { correlationId: ctx.correlationId, ...ctx.fields } : {}),
      };
      if (stack ?? (message instanceof Error ? message.stack : undefined)) line['stack'] = stack ?? (message as Error).stack;
      this.write(JSON.stringify(line));
    } else {
      const fields = ctx ? ` [${[ctx.correlationId.slice(0, 8), ...Object.entries(ctx.fields ?? {}).map(([k, v]) => `${k}=${v}`)].join(' ')}]` : '';
      this.write(`${new Date().toISOString()} ${level.toUpperCase().padEnd(5)} ${this.opts.process}${context ? ` ${context}` : ''}${fields} ${text}${stack ? `\n${stack}` : ''}`);
    }
  }
}
