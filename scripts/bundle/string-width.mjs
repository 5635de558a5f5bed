// Stands in for the string-width package in the bundle (see ./narrow-string-width.mjs).
// yargs and cliui measure help text with it to lay out columns. The real one builds an
// Intl.Segmenter and Unicode-property regexps when it is imported, on every run, help
// or not; help text is ASCII but for a few one-column characters such as "…".
const ANSI = /\u001B\[[0-9;]*[A-Za-z]|\u001B\][^\u0007]*\u0007/g;
// Characters that always take one column: printable ASCII, Latin-1 and Latin Extended
// letters, general punctuation (dashes, quotes, "…"). Not in it: soft hyphen (zero width).
const ONE_COLUMN = /^[\u0020-\u007e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027]*$/;

let exact = null;

export default function stringWidth(text) {
  if (typeof text !== 'string') return 0;
  const plain = text.replace(ANSI, '');
  if (ONE_COLUMN.test(plain)) return plain.length;
  // Anything else (CJK, emoji, combining marks): the real package. esbuild bundles it
  // behind this require(), so it is initialised on the first such text, not at start-up.
  exact ??= require('string-width').default;
  return exact(text);
}
