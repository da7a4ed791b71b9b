/** Close codes of the contract, plus 1013 for a client too slow to read what it is sent. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  policyViolation: 1008,
  unexpected: 1011,
  tryAgainLater: 1013,
} as const;
