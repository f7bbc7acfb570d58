/** The allowed value nearest to a mistyped one, for "did you mean …?" (undefined when none is close, or several are as close). */
export function closest(value: string, allowed: readonly string[]): string | undefined {
  const wanted = value.toLowerCase();
  let best: string | undefined;
  let tied = false;
  let bestDistance = Math.max(2, Math.floor(wanted.length / 3)) + 1;
  for (const candidate of allowed) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      tied = false;
    } else if (distance === bestDistance && best !== undefined) tied = true;
  }
  return tied ? undefined : best;
}

export function didYouMean(value: string, allowed: readonly string[]): string | undefined {
  const match = closest(value, allowed);
  return match === undefined ? undefined : `did you mean ${JSON.stringify(match)}?`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
