/**
 * Text from outside (a request's name, a cancel reason, Box's error messages, file names) shown in the Web UI,
 * which renders summaries and details as markdown: as an inline code span it stays literal text, so it cannot
 * render a link, an autolink, an image or HTML, nor break out of a list item. The fence is one backtick longer than
 * the longest run inside; line breaks become spaces (a blank line would end the span). Pure: runs in workflow code.
 */
export function markdownLiteral(text: string): string {
  const flat = text.replace(/[\r\n\u2028\u2029]+/g, ' ');
  if (flat.trim() === '') return '(blank)';
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // CommonMark strips one space on each side when both are there: the text inside is shown exactly.
  return `${fence} ${flat} ${fence}`;
}
