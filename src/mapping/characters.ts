/**
 * Heap's limits count characters. The connector counts Unicode code points, so an emoji is one
 * character and a cut never splits a surrogate pair (half an emoji would reach Heap as U+FFFD).
 * A lone surrogate counts as one character.
 */

/** Whether `text` has more than `max` code points. */
export function exceedsCodePoints(text: string, max: number): boolean {
  // A code point takes one or two UTF-16 units: most strings are decided without a scan.
  if (text.length <= max) return false;
  if (text.length > 2 * max) return true;
  return endOfCodePoints(text, max) < text.length;
}

/** `text` cut to its first `max` code points; `text` itself when it is not longer. */
export function cutToCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = endOfCodePoints(text, max);
  return end < text.length ? text.slice(0, end) : text;
}

/** The UTF-16 index where the first `count` code points of `text` end. */
function endOfCodePoints(text: string, count: number): number {
  let index = 0;
  for (let n = 0; n < count && index < text.length; n++) {
    index += isSurrogatePairAt(text, index) ? 2 : 1;
  }
  return index;
}

function isSurrogatePairAt(text: string, index: number): boolean {
  const high = text.charCodeAt(index);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = text.charCodeAt(index + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}
