/**
 * How R turns values into the strings that end up in coefficient names (`factor(x)2`,
 * `period::-1`, `year::2004`), and how R orders factor levels. Matching R here is what lets a
 * Causeway coefficient table line up with fixest's row by row.
 */

/**
 * as.character() of a number as R 4.x prints it: up to 15 significant digits, trailing zeros
 * dropped, and scientific notation when it is strictly shorter than fixed notation
 * (R's formatReal with scipen = 0: 1e+05, 1e-04, but 0.001 and 123456). Integer-typed values
 * (`integer = true`, e.g. a CSV column of whole numbers that R reads as integer) never use
 * scientific notation.
 */
export function formatRNumber(x: number, integer: boolean): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return '0';
  if (integer && Number.isInteger(x) && Math.abs(x) < 2 ** 31) return String(x);
  const ref = Number(x.toPrecision(15));
  let digits = 1;
  while (digits < 15 && Number(x.toPrecision(digits)) !== ref) digits++;
  const sci = x.toExponential(digits - 1);
  const [mantissa, expText] = sci.split('e');
  const exponent = Number(expText);
  const expAbs = Math.abs(exponent);
  const sciText = `${mantissa}e${exponent < 0 ? '-' : '+'}${expAbs < 10 ? '0' : ''}${expAbs}`;
  const decimals = Math.max(0, digits - 1 - exponent);
  const fixedText = fixedNotation(ref, decimals);
  return fixedText.length <= sciText.length ? fixedText : sciText;
}

function fixedNotation(x: number, decimals: number): string {
  if (Math.abs(x) < 1e21) return x.toFixed(Math.min(decimals, 100));
  // toFixed switches to exponential above 1e21; build the digits by hand (only reached when
  // scientific notation is shorter anyway, but the width comparison needs the text).
  return BigInt(Math.round(x)).toString();
}

const collator = new Intl.Collator('en', { numeric: false, sensitivity: 'variant' });

/**
 * R's sort order for character factor levels (collation in an English UTF-8 locale:
 * case-insensitive first, lower case before upper case on ties); exact ties fall back to code
 * units so the order is total.
 */
export function compareStrings(a: string, b: string): number {
  const c = collator.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}
