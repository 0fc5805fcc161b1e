import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsOptional, IsString, IsUUID, Length, Matches, ValidateNested } from 'class-validator';

export class AddressBody {
  @ApiProperty({ example: '12 Market Street' })
  @IsString()
  @Length(1, 200)
  line1!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(0, 200)
  line2?: string;

  @ApiProperty({ example: 'Lyon' })
  @IsString()
  @Length(1, 100)
  city!: string;

  @ApiProperty({ example: '69002' })
  @IsString()
  @Length(1, 20)
  postalCode!: string;

  @ApiProperty({ example: 'FR', description: 'ISO 3166-1 alpha-2' })
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter country code such as "FR"' })
  country!: string;
}

export class CustomerBody {
  @ApiProperty({ example: 'Ada Lovelace' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: 'ada@example.com' })
  @IsEmail({}, { message: 'email must be an email address' })
  @Length(3, 320)
  email!: string;

  @ApiProperty({ type: AddressBody })
  @ValidateNested()
  @Type(() => AddressBody)
  address!: AddressBody;
}

export class CheckoutBody {
  @ApiProperty({ type: CustomerBody })
  @ValidateNested()
  @Type(() => CustomerBody)
  customer!: CustomerBody;
}

export class OrderIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be an order id (a UUID)' })
  id!: string;
}

/** What a retry of the same checkout must send again: 8 to 200 letters, digits, `-` or `_`. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,200}$/;
