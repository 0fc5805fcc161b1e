import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsString, ValidateBy, ValidateNested } from 'class-validator';
import { cardSchema, TEST_CARDS } from '@bazaar/contracts';

/**
 * The number as a shopper types it: 12 to 19 digits, spaces or dashes between them. The check
 * digit (Luhn) is checked too, which a pattern cannot say: a schema-valid number may still be refused.
 */
export const CARD_NUMBER = /^[ -]*(?:\d[ -]*){12,19}$/;
const EXPIRY = /^(0[1-9]|1[0-2])\/\d{2}$/;
const CVC = /^\d{3,4}$/;

const TEST_CARD_LIST = [
  `${TEST_CARDS.approves} or ${TEST_CARDS.approvesMastercard} (approved)`,
  `${TEST_CARDS.insufficientFunds} (declined: insufficient funds)`,
  `${TEST_CARDS.declined} (declined)`,
  `${TEST_CARDS.expired} (declined: expired card)`,
  `${TEST_CARDS.failsTransiently} (the provider fails twice, then approves)`,
  `${TEST_CARDS.slow} (approved after a delay)`,
].join('; ');

/**
 * Checks one field with the contract's own schema (libs/contracts cardSchema), so the gateway
 * refuses exactly what payments would, with the contract's words: "number is not a valid card number (…)".
 */
function ConformsTo(schema: (typeof cardSchema.shape)[keyof typeof cardSchema.shape]) {
  const problem = (value: unknown) => schema.safeParse(value).error?.issues[0]?.message;
  return ValidateBy({
    name: 'conformsToCardSchema',
    validator: {
      validate: (value) => problem(value) === undefined,
      // Never the value itself: it is a card number or a CVC.
      defaultMessage: (args) => `${args?.property} ${problem(args?.value) ?? 'is not valid'}`,
    },
  });
}

export class CardBody {
  @ApiProperty({
    description: `The card number; it is handed to the card provider and kept nowhere (the order shows brand and last four digits). Test cards, with any future expiry and any CVC: ${TEST_CARD_LIST}. Any other valid number is approved.`,
    example: TEST_CARDS.approves,
    pattern: CARD_NUMBER.source,
  })
  @IsString({ message: 'number must be a string' })
  @ConformsTo(cardSchema.shape.number)
  number!: string;

  @ApiProperty({ description: 'MM/YY', example: '12/30', pattern: EXPIRY.source })
  @IsString({ message: 'expiry must be a string' })
  @ConformsTo(cardSchema.shape.expiry)
  expiry!: string;

  @ApiProperty({ description: 'The 3 or 4 digits on the card', example: '123', pattern: CVC.source })
  @IsString({ message: 'cvc must be a string' })
  @ConformsTo(cardSchema.shape.cvc)
  cvc!: string;
}

export class PaymentBody {
  @ApiProperty({ type: CardBody })
  @IsObject({ message: 'card must be an object' })
  @ValidateNested()
  @Type(() => CardBody)
  card!: CardBody;
}
