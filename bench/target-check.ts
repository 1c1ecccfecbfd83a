/** One of the bench's targets, judged on a figure as measured (report.ts and sender-targets.ts both make them). */
export interface TargetCheck {
  target: string;
  figure: string;
  met: boolean;
}
