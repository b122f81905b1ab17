/** What every scenario gets from the entry: a scratch directory and a way to report progress. */
import type { StdinMode } from '../process-runner.js';

export interface ScenarioContext {
  /** How measured programs get their input (a pipe, as under Airbyte, unless asked otherwise). */
  stdinMode: StdinMode;
  /** Extra node flags for every connector run (e.g. V8 heap settings under evaluation); none by default. */
  connectorNodeFlags: readonly string[];
  /** A temporary directory for inputs, configs and fault plans. */
  workDir: string;
  /** One progress line (stderr); the figures themselves go to the report. */
  progress(message: string): void;
  /** A large file the scenario is done with: deleted unless the run keeps its files. */
  discard(path: string): void;
}
