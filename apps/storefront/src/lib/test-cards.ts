import { TEST_CARDS } from '@bazaar/contracts/test-cards';

/** What each test card does with the simulated card provider, in the order the checkout lists them. */
export const TEST_CARD_OUTCOMES: { number: string; outcome: string }[] = [
  { number: TEST_CARDS.approves, outcome: 'approved' },
  { number: TEST_CARDS.approvesMastercard, outcome: 'approved (Mastercard)' },
  { number: TEST_CARDS.insufficientFunds, outcome: 'declined: insufficient funds' },
  { number: TEST_CARDS.declined, outcome: 'declined' },
  { number: TEST_CARDS.expired, outcome: 'declined: expired card' },
  { number: TEST_CARDS.failsTransiently, outcome: 'approved after the provider fails twice' },
  { number: TEST_CARDS.slow, outcome: 'approved after a delay' },
];
