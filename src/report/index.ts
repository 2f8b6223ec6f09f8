export { assertWritableDir, writeReports, type WriteReportsOptions } from './write.ts';
export { reporter, REPORT_FORMATS, type Reporter } from './registry.ts';
export { renderHtml } from './html.ts';
export { renderJson } from './json.ts';
export { renderJunit } from './junit.ts';
export { renderMarkdown } from './markdown.ts';
export {
  CLEAR_LINE,
  errorLine,
  failureLines,
  finalSummary,
  outcomeLine,
  printConsole,
  progress,
  summaryTable,
  type ConsolePrinter,
  type ConsoleStyle,
} from './console.ts';
export { escapeMarkup, stripInvalidXml } from './escape.ts';
