/**
 * Numbers as the course prints them. Gradient norms span many orders of magnitude, so small and large values
 * are written in scientific notation with a real superscript (3.4 × 10⁻¹⁴), the same in both languages.
 */
const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** e.g. 3.4e-14 → "3.4 × 10⁻¹⁴"; values between 0.01 and 10 000 stay plain ("0.42", "153"). */
export function formatNumber(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  // A negative number takes the minus sign (U+2212), as the formulas beside it do, not a hyphen.
  if (value < 0) return `\u2212${formatNumber(-value, digits)}`;
  if (value >= 0.01 && value < 1e4) return String(Number(value.toPrecision(digits)));
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e') as [string, string];
  const exp = String(Number(exponent))
    .split('')
    .map((c) => SUPERSCRIPT[c] ?? c)
    .join('');
  return mantissa === '1' || mantissa === '1.0' ? `10${exp}` : `${mantissa} × 10${exp}`;
}

export function formatPercent(value: number): string {
  return `${Math.round(value * 100)}%`;
}
