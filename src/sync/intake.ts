/**
 * One input line's outcome (map-line.ts) into the run: a mapped record is queued for delivery, a
 * rejected one is reported, a state goes to the ledger, anything else is counted (and reported
 * when invalid).
 */
import type { DeliveryEngine } from '../delivery/engine.js';
import type { RecordRef } from '../delivery/endpoint-queue.js';
import { ConfigError, type ConnectorError } from '../errors.js';
import { describeLineLimit } from '../input/lines.js';
import type { Logger } from '../output/logger.js';
import { streamLabel } from '../protocol/messages.js';
import type { StateLedger } from '../state/ledger.js';
import type { BrokenMappingWatch, NoMessagesWatch } from './broken-mapping.js';
import type { RunCounters } from './counters.js';
import type { LineOutcome } from './map-line.js';
import type { RejectionLog } from './rejection-log.js';
import type { Rejections } from './rejections.js';

export interface IntakeParts {
  ledger: StateLedger<string>;
  engine: Pick<DeliveryEngine, 'add'>;
  rejections: Rejections;
  /** `skip` never hides a broken mapping (broken-mapping.ts). */
  brokenMapping: Pick<BrokenMappingWatch, 'rejected' | 'mapped'>;
  /** Input without AirbyteMessages; absent where lines are not AirbyteMessages (send). */
  noMessages?: Pick<NoMessagesWatch, 'line'>;
  counters: RunCounters;
  logger: Logger;
  fail: (error: ConnectorError) => void;
  /** The line limit, named when a line over it is dropped. */
  maxLineLength: number;
  /** Reports lines that are not AirbyteMessages, bounded as rejections are (DROPPED_LINES_WORDING). */
  droppedLines: Pick<RejectionLog, 'note'>;
  /** Rejected records are kept (src/rejected/): each record carries its received line; `bare` lines are data alone (send). */
  keepReceived?: { bare: boolean };
}

/** Returns the handler of one line: its number, its length and its outcome. */
export function intake(parts: IntakeParts): (number: number, size: number, outcome: LineOutcome, text?: string) => void {
  const { ledger, engine, rejections, brokenMapping, noMessages, counters, logger, fail, maxLineLength, droppedLines, keepReceived } = parts;

  /** Streams already warned of an identity with leading or trailing spaces. */
  const paddedWarned = new Set<string>();

  return (number, size, outcome, text) => {
    noMessages?.line(outcome.kind !== 'overlong' && !(outcome.kind === 'invalid' && outcome.state !== true));
    switch (outcome.kind) {
      case 'mapped':
      case 'rejected': {
        const { stream, namespace } = outcome;
        counters.recordsRead += 1;
        const ticket = ledger.recordRead(stream, namespace);
        const ref: RecordRef = { ticket, stream: streamLabel(stream, namespace), line: number };
        if (keepReceived !== undefined && text !== undefined) ref.received = { stream, namespace, text, bare: keepReceived.bare };
        if (outcome.kind === 'rejected') {
          counters.rejectedByMapping += 1;
          brokenMapping.rejected(ref, outcome.reason, outcome.category);
          rejections.reject(ref, outcome.reason, 'mapping', outcome.category);
          return;
        }
        brokenMapping.mapped(ref.stream);
        if (outcome.adjustments !== undefined) {
          counters.addAdjustments(outcome.adjustments);
          const field = outcome.adjustments.paddedIdentifier;
          if (field !== undefined && !paddedWarned.has(ref.stream)) {
            paddedWarned.add(ref.stream);
            logger.warn(
              `Stream "${ref.stream}": the identity field "${field}" has leading or trailing spaces at input line ${number}. They are kept (identities are exact), which usually makes a second user; the summary counts such records.`,
            );
          }
        }
        // A record that carries its received line (to be kept if Heap refuses it) holds that text too.
        engine.add(outcome, ref, ref.received === undefined ? size : size * 2);
        return;
      }
      case 'unrouted':
        fail(
          new ConfigError(
            'STREAM_NOT_IN_CATALOG',
            `Input line ${number} is a record of stream "${streamLabel(outcome.stream, outcome.namespace)}", which is not in the configured catalog. The input and the catalog disagree: add the stream to the catalog (with a mapping) or remove its records.`,
          ),
        );
        return;
      case 'overlong':
        counters.overlongLines += 1;
        logger.warn(`Dropped input line ${number}: it is longer than ${describeLineLimit(maxLineLength)}.`);
        return;
      case 'state':
        counters.statesRead += 1;
        ledger.stateRead(outcome.message, outcome.text);
        return;
      case 'ignored':
        counters.ignoredMessages += 1;
        return;
      case 'invalid':
        if (outcome.state) {
          // Never echoed; its records count toward the next valid state.
          counters.invalidStates += 1;
          logger.warn(`Dropped the STATE at input line ${number}, its records count toward the next state: ${outcome.reason}.`);
        } else {
          counters.invalidLines += 1;
          droppedLines.note({ stream: 'input', line: number }, outcome.reason, lineCategory(outcome.reason));
        }
        return;
    }
  };
}

/** `not a valid RECORD message (record.data: ...)` → `not a valid RECORD message`: one count per kind of line. */
function lineCategory(reason: string): string {
  const detail = reason.indexOf(' (');
  return detail === -1 ? reason : reason.slice(0, detail);
}
