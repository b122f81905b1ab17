/**
 * Output for people at a terminal (shell mode, preview errors): plain text on stderr, a live
 * progress line when stderr is a terminal. Same rule as the LOG messages: no record values.
 */
import type { Writable } from 'node:stream';
import type { Logger } from './logger.js';

/**
 * Plain lines on stderr: info as is, warnings after `warning: `, errors after the command's name
 * (`destination-heap send: ...`), as every command's errors for people read.
 */
export function humanLogger(stderr: Writable, command: string): Logger {
  const line = (prefix: string) => (message: string) => {
    stderr.write(`${prefix}${message}\n`);
  };
  return {
    debug: () => {},
    info: line(''),
    warn: line('warning: '),
    error: line(`destination-heap ${command}: `),
  };
}

/** A status line that rewrites itself on a terminal and prints plain lines elsewhere. */
export class StatusLine {
  #shown = false;
  constructor(private readonly stderr: Writable & { isTTY?: boolean }) {}

  get live(): boolean {
    return this.stderr.isTTY === true;
  }

  update(text: string): void {
    if (this.live) {
      this.stderr.write(`\r\u001b[2K${text}`);
      this.#shown = true;
    } else {
      this.stderr.write(`${text}\n`);
    }
  }

  /** Ends the live line so the next output starts on a fresh line. */
  done(): void {
    if (this.#shown) this.stderr.write('\n');
    this.#shown = false;
  }
}

/** An error as a person reads it: the message, plus the details of a bug (no TRACE carries them here). */
export function describeForPerson(error: { message: string; internalMessage: string; failureType: string }): string {
  return error.failureType === 'system_error' ? `${error.message}\nDetails: ${error.internalMessage}` : error.message;
}

/**
 * When stdin is a terminal, a person may not know the command waits for them: say so on stderr
 * (never on stdout, which is for the protocol). Nothing when stdin is a pipe or a file.
 */
export function announceTerminalInput(stdin: object, stderr: Writable, command: string, what: string): void {
  if ((stdin as { isTTY?: boolean }).isTTY !== true) return;
  stderr.write(`destination-heap ${command}: reading ${what} from stdin, one per line; end with Ctrl-D (or pipe a file: ... < input.jsonl)\n`);
}
