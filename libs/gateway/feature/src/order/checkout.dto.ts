import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { z } from 'zod';
import { IsObject, IsString, IsUUID, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { PaymentBody } from './payment-card.dto';

const COUNTRY = /^[A-Z]{2}$/;
/** The order service's (zod's) email pattern, for the validation and the schema: IsEmail took addresses it refuses, and refused some `format: email` allows. */
const EMAIL = z.regexes.email;
/** The order service trims these fields and requires something left. */
const NOT_BLANK = /\S/;
const notBlank = (field: string) => Matches(NOT_BLANK, { message: `${field} must not be blank` });

export class AddressBody {
  @ApiProperty({ example: '12 Market Street', minLength: 1, maxLength: 200, pattern: NOT_BLANK.source })
  @IsString()
  @notBlank('line1')
  @Length(1, 200)
  line1!: string;

  @ApiPropertyOptional({ maxLength: 200 })
  // Left out, not null: IsOptional would let null through to order, which refuses it (after the card was tokenized).
  @ValidateIf((_address, line2) => line2 !== undefined)
  @IsString()
  @Length(0, 200)
  line2?: string;

  @ApiProperty({ example: 'Lyon', minLength: 1, maxLength: 100, pattern: NOT_BLANK.source })
  @IsString()
  @notBlank('city')
  @Length(1, 100)
  city!: string;

  @ApiProperty({ example: '69002', minLength: 1, maxLength: 20, pattern: NOT_BLANK.source })
  @IsString()
  @notBlank('postalCode')
  @Length(1, 20)
  postalCode!: string;

  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2', pattern: COUNTRY.source })
  @Matches(COUNTRY, { message: 'country must be a two-letter country code such as "FR"' })
  country!: string;
}

export class CustomerBody {
  @ApiProperty({ example: 'Ada Lovelace', minLength: 1, maxLength: 200, pattern: NOT_BLANK.source })
  @IsString()
  @notBlank('name')
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com', pattern: EMAIL.source, minLength: 3, maxLength: 320 })
  @Matches(EMAIL, { message: 'email must be an email address' })
  @Length(3, 320)
  email!: string;

  @ApiProperty({ type: AddressBody })
  @IsObject({ message: 'address must be an object' })
  @ValidateNested()
  @Type(() => AddressBody)
  address!: AddressBody;
}

export class CheckoutBody {
  @ApiProperty({ type: CustomerBody })
  // Checked here, not left to order: the card is tokenized before order sees the request.
  @IsObject({ message: 'customer must be an object' })
  @ValidateNested()
  @Type(() => CustomerBody)
  customer!: CustomerBody;

  @ApiProperty({ type: PaymentBody, description: 'How the order is paid: the card is tokenized by payments, then authorized once the stock is reserved' })
  @IsObject({ message: 'payment must be an object' })
  @ValidateNested()
  @Type(() => PaymentBody)
  payment!: PaymentBody;
}

export class OrderIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be an order id (a UUID)' })
  id!: string;
}

/** What a retry of the same checkout must send again: 8 to 200 letters, digits, `-` or `_`. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,200}$/;
