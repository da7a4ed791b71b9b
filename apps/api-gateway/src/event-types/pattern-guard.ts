/** Longer patterns are refused outright: they are hard to reason about and cost compile time on every gateway. */
const MAX_PATTERN_LENGTH = 1000;

interface Group {
  repeats: boolean;
  alternates: boolean;
}

/**
 * Why a schema `pattern` may backtrack exponentially, or undefined when it has none of the known shapes: an
 * unbounded repetition (`*`, `+`, `{n,}`) of a group that itself repeats or alternates, as in `(a+)+` or
 * `(a|aa)*`. Payloads are checked on the gateway's event loop with JavaScript regular expressions, so one
 * tenant's catastrophic pattern would stall every tenant's publishes there. A heuristic, not a proof:
 * polynomial blow-ups such as `.*.*.*x` still pass.
 */
export function unsafePatternReason(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) return `patterns are limited to ${MAX_PATTERN_LENGTH} characters`;
  const stack: Group[] = [{ repeats: false, alternates: false }];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') i = endOfClass(pattern, i);
    else if (c === '(') stack.push({ repeats: false, alternates: false });
    else if (c === '|') stack[stack.length - 1].alternates = true;
    else if (c === ')' && stack.length > 1) {
      const group = stack.pop()!;
      const quantifier = quantifierAt(pattern, i + 1);
      if (quantifier?.unbounded && (group.repeats || group.alternates)) {
        return `pattern "${pattern.slice(0, 80)}" repeats a group that itself repeats or alternates, which can backtrack exponentially`;
      }
      stack[stack.length - 1].repeats ||= group.repeats || quantifier !== undefined;
    } else if (quantifierAt(pattern, i)) stack[stack.length - 1].repeats = true;
  }
  return undefined;
}

function endOfClass(pattern: string, start: number): number {
  for (let i = start + 1; i < pattern.length; i++) {
    if (pattern[i] === '\\') i++;
    else if (pattern[i] === ']' && i > start + 1) return i;
  }
  return pattern.length;
}

function quantifierAt(pattern: string, i: number): { unbounded: boolean } | undefined {
  const c = pattern[i];
  if (c === '*' || c === '+') return { unbounded: true };
  if (c === '?') return { unbounded: false };
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i, i + 24));
  if (!braces) return undefined;
  return { unbounded: braces[2] !== undefined && (braces[3] === '' || Number(braces[3]) > 100) };
}
