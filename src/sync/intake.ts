/**
 * One input line into the run: a record is routed, mapped and queued for delivery (or
 * rejected), a state goes to the ledger, anything else is counted (and reported when invalid).
 */
import type { StreamRouter } from '../catalog/streams.js';
import type { DeliveryEngine } from '../delivery/engine.js';
import type { RecordRef } from '../delivery/endpoint-queue.js';
import { ConfigError, type ConnectorError } from '../errors.js';
import type { Line } from '../input/lines.js';
import type { LineParser } from '../input/parse.js';
import { mapRecord } from '../mapping/map-record.js';
import type { Logger } from '../output/logger.js';
import { streamLabel, type RecordMessage } from '../protocol/messages.js';
import type { StateLedger } from '../state/ledger.js';
import type { RunCounters } from './counters.js';
import type { Rejections } from './rejections.js';

export interface IntakeParts {
  parse: LineParser;
  router: StreamRouter;
  ledger: StateLedger<string>;
  engine: Pick<DeliveryEngine, 'add'>;
  rejections: Rejections;
  counters: RunCounters;
  logger: Logger;
  fail: (error: ConnectorError) => void;
}

/** Returns the handler of one line. */
export function intake(parts: IntakeParts): (line: Line) => void {
  const { parse, router, ledger, engine, rejections, counters, logger, fail } = parts;

  const handleRecord = (line: Line, message: RecordMessage) => {
    const { stream, namespace, data } = message.record;
    const routed = router.route(stream, namespace);
    if (routed === undefined) {
      fail(
        new ConfigError(
          'STREAM_NOT_IN_CATALOG',
          `Input line ${line.number} is a record of stream "${streamLabel(stream, namespace)}", which is not in the configured catalog. The input and the catalog disagree: add the stream to the catalog (with a mapping) or remove its records.`,
        ),
      );
      return;
    }
    counters.recordsRead += 1;
    const ticket = ledger.recordRead(stream, namespace);
    const ref: RecordRef = { ticket, stream: streamLabel(stream, namespace), line: line.number };
    const result = mapRecord(routed.mapper, data, line.text, parse);
    if (!result.ok) {
      counters.rejectedByMapping += 1;
      rejections.reject(ref, result.reason, 'mapping', result.category ?? result.reason);
      return;
    }
    counters.addAdjustments(result.adjustments);
    engine.add(result.mapped, ref, line.text.length);
  };

  return (line) => {
    const parsed = parse(line.text);
    switch (parsed.kind) {
      case 'record':
        handleRecord(line, parsed.message);
        break;
      case 'state':
        counters.statesRead += 1;
        ledger.stateRead(parsed.message, parsed.text);
        break;
      case 'ignored':
        counters.ignoredMessages += 1;
        break;
      case 'invalid':
        if (parsed.state) {
          // Never echoed; its records count toward the next valid state.
          counters.invalidStates += 1;
          logger.warn(`Dropped the STATE at input line ${line.number}, its records count toward the next state: ${parsed.reason}.`);
        } else {
          counters.invalidLines += 1;
          logger.warn(`Dropped input line ${line.number}: ${parsed.reason}.`);
        }
        break;
    }
  };
}
