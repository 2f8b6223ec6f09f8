/**
 * Reporters, looked up by name. A reporter is a pure function of the run result to the text
 * of one file.
 */
import type { ReportFormat } from '../config/types.ts';
import { ConformError } from '../errors.ts';
import type { RunResult } from '../run/types.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

export interface Reporter {
  readonly name: ReportFormat;
  /** file name inside the report directory */
  readonly file: string;
  readonly render: (result: RunResult) => string;
}

const REPORTERS: ReadonlyMap<string, Reporter> = new Map(
  (
    [
      { name: 'html', file: 'report.html', render: renderHtml },
      { name: 'json', file: 'conformance.json', render: renderJson },
      { name: 'junit', file: 'junit.xml', render: renderJunit },
      { name: 'md', file: 'summary.md', render: renderMarkdown },
    ] as const
  ).map((r) => [r.name, Object.freeze(r)]),
);

/** Every report format, in the order reports are written. */
export const REPORT_FORMATS: readonly ReportFormat[] = Object.freeze([...REPORTERS.keys()] as ReportFormat[]);

/** The reporter of this name; CONFORM_USAGE naming the known ones otherwise. */
export function reporter(name: string): Reporter {
  const r = REPORTERS.get(name);
  if (!r) {
    throw new ConformError('CONFORM_USAGE', `unknown report format '${name}'; known: ${REPORT_FORMATS.join(', ')}`);
  }
  return r;
}
