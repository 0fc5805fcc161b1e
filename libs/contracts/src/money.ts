/** An amount in integer minor units (cents) and its ISO 4217 currency. */
export interface Money {
  amount: number;
  currency: string;
}
