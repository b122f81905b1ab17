/** Help texts, one per command, shown by `--help` and after a usage error. */
import { DEFAULTS } from '../config/defaults.js';
import { SANDBOX_HELP } from '../sandbox/usage.js';

export const COMMAND_HELP: Record<string, string> = {
  main: `destination-heap: an Airbyte destination that delivers records to Heap (heap.io)

Usage:
  destination-heap spec                                   print the connector's config spec (SPEC message)
  destination-heap check --config FILE                    validate a config and probe Heap (CONNECTION_STATUS)
  destination-heap discover --config FILE                 list the objects a data-activation host can map onto (DESTINATION_CATALOG)
  destination-heap write --config FILE --catalog FILE     sync AirbyteMessages from stdin into Heap
  destination-heap preview --config FILE --catalog FILE   show the Heap item each record maps to; sends nothing
  destination-heap send --config FILE --stream NAME       deliver bare JSON objects (one per line) from stdin
  destination-heap sandbox [--port N]                     run a local Heap stand-in for trying the connector

Options:
  --help      help for a command, e.g. destination-heap write --help
  --version   print the version

stdout carries Airbyte protocol messages (one JSON object per line) for spec, check, discover and write.
Docs: docs/heap.md in the repository.`,

  spec: `Usage: destination-heap spec

Prints one SPEC message whose connectionSpecification is the config schema (spec.json).`,

  check: `Usage: destination-heap check --config FILE

Validates the config and probes Heap, then prints exactly one CONNECTION_STATUS message:
SUCCEEDED when the config is valid, Heap's host answers, the api_key (if set) is accepted for the
app_id, and the test event (if send_test_event is true) was tracked; FAILED with the reason
otherwise. Exits 0 in both cases.`,

  discover: `Usage: destination-heap discover --config FILE

For data-activation hosts: validates the config, then prints one DESTINATION_CATALOG message with
the objects a catalog stream can name as destination_object_name, and the fields each takes:
  events              append   identity, event (required); timestamp, idempotency_key (optional)
  user_properties     update   identity (required), matched on identity
  account_properties  update   account_id (required), matched on account_id
Every other field of a record becomes a property. A bad config prints a TRACE config_error and
exits 1.`,

  write: `Usage: destination-heap write --config FILE --catalog FILE < messages.jsonl

Reads AirbyteMessages (JSON lines) on stdin, maps each RECORD to a Heap event, user or account
update by the config's mappings (or, for a catalog stream with destination_object_name, by the
field names of that object: see discover), delivers them through Heap's bulk APIs, and echoes
each STATE once every record before it is in Heap. stdout carries STATE, LOG and TRACE messages.

Exit codes: 0 every record delivered or rejected by policy; 1 a fatal error (see the TRACE
message); 143 / 130 stopped by SIGTERM / SIGINT before the end.

Defaults: batch_size ${DEFAULTS.batch_size}, max_concurrent_requests ${DEFAULTS.max_concurrent_requests}, events_per_minute ${DEFAULTS.events_per_minute}, events_per_identity_per_minute ${DEFAULTS.events_per_identity_per_minute}.`,

  preview: `Usage: destination-heap preview --config FILE --catalog FILE [--limit N] < messages.jsonl
       destination-heap preview --config FILE --stream NAME [--namespace NS] [--limit N] < objects.jsonl

Reads the same input as write (or bare JSON objects with --stream) and prints, per record, the Heap
item it maps to or why it would be rejected, one JSON object per line. Sends nothing to Heap.`,

  send: `Usage: destination-heap send --config FILE --stream NAME [--namespace NS] < objects.jsonl

Delivers bare JSON objects (one per line, no Airbyte envelope, no catalog) as records of stream
NAME, mapped by the config's mapping for that stream. Example:
  jq -c '.[]' users.json | destination-heap send --config config.json --stream users

Progress goes to stderr (live when it is a terminal), then a summary.
Exit codes: 0 all delivered; 1 failed (config, Heap or retries exhausted); 3 some records were
rejected or some lines were not JSON objects; 130 / 143 interrupted.`,

  sandbox: SANDBOX_HELP,
};
