/** How long to wait before asking again about a PENDING order: quickly at first (a saga takes well under a second), then gently. */
export function pollDelayMs(attempt: number): number {
  if (attempt < 10) return 500;
  if (attempt < 30) return 1000;
  return 3000;
}
