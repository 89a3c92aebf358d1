// Piscina worker: parses reports off the event loop, one task per request.
import { type ParseResult, type ParseTask, parseReport } from './parse-report.ts';

export default function parse(task: ParseTask): ParseResult {
  return parseReport(task);
}
