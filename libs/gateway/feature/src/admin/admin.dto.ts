import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDefined, IsInt, IsOptional, IsString, Length, Matches, Max, MaxLength, Min, ValidateBy, ValidateNested } from 'class-validator';
import type { Money } from '@bazaar/contracts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CURRENCY = /^[A-Z]{3}$/;
const NOT_BLANK = /\S/;
/** The catalog service's limits (catalog-admin-request.schemas.ts), stated again where the edge refuses first. */
const MAX_AMOUNT = 100_000_000;
export const MAX_STOCK_DELTA = 1_000_000;

export class MoneyBody implements Money {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_AMOUNT, description: 'In minor units (cents)', example: 2490 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT)
  amount!: number;

  @ApiProperty({ description: 'ISO 4217', pattern: CURRENCY.source, example: 'EUR' })
  @Matches(CURRENCY, { message: 'currency must be an ISO 4217 code such as "EUR"' })
  currency!: string;
}

const MAX_ATTRIBUTES = 50;
/**
 * Attribute names and values: free text, as stored (name/value pairs). Names are not constrained
 * beyond the body's size: schemathesis (hypothesis-jsonschema) does not honour `propertyNames`, so
 * a rule on them could not be stated in a way the contract fuzzer respects.
 */
const ATTRIBUTES_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 500 },
  maxProperties: MAX_ATTRIBUTES,
  example: { colour: 'red' },
} as const;

const isAttributes = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length <= MAX_ATTRIBUTES &&
  Object.values(value).every((text) => typeof text === 'string' && [...text].length <= 500);

const IsAttributes = () =>
  ValidateBy({
    name: 'isAttributes',
    validator: { validate: isAttributes, defaultMessage: () => `attributes must map at most ${MAX_ATTRIBUTES} names to text (at most 500 characters each)` },
  });

/** Every field of a product an administrator writes; an edit sends any of them (UpdateProductBody). */
class ProductFields {
  @ApiProperty({ example: 'enamel-kettle', pattern: SLUG.source, minLength: 1, maxLength: 120 })
  @Matches(SLUG, { message: 'slug must be lowercase words joined by hyphens' })
  @Length(1, 120)
  slug!: string;

  @ApiProperty({ example: 'Enamel Kettle', minLength: 1, maxLength: 200, pattern: NOT_BLANK.source })
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 5000 })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ type: MoneyBody })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyBody)
  price!: MoneyBody;

  @ApiPropertyOptional({ type: 'array', items: { type: 'string', minLength: 1, maxLength: 500 }, maxItems: 20, description: 'Image URLs; the first is the one shown' })
  @IsOptional()
  @IsString({ each: true })
  @Length(1, 500, { each: true })
  @ArrayMaxSize(20)
  images?: string[];

  @ApiPropertyOptional(ATTRIBUTES_SCHEMA)
  @IsOptional()
  @IsAttributes()
  attributes?: Record<string, string>;
}

/** An edit: only the fields sent change. The category is part of the shard key and stays as created. */
export class UpdateProductBody extends PartialType(ProductFields) {}

export class CreateProductBody extends ProductFields {
  @ApiProperty({ example: 'kitchen', pattern: SLUG.source, minLength: 1, maxLength: 120 })
  @Matches(SLUG, { message: 'categoryId must be a category id such as "kitchen"' })
  @Length(1, 120)
  categoryId!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_STOCK_DELTA, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK_DELTA)
  stock?: number;
}

export class PriceBody {
  @ApiProperty({ type: MoneyBody })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyBody)
  price!: MoneyBody;
}

export class StockAdjustmentBody {
  @ApiProperty({ type: 'integer', minimum: -MAX_STOCK_DELTA, maximum: MAX_STOCK_DELTA, example: -1, description: 'Units to add (positive) or take (negative); 0 changes nothing' })
  @IsInt()
  @Min(-MAX_STOCK_DELTA)
  @Max(MAX_STOCK_DELTA)
  delta!: number;
}
