import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE, PRODUCT_SORTS, ProductSort } from '@bazaar/contracts';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** A product id: 24 hexadecimal digits (lower-cased by the edge). Not IsMongoId, which also takes `0x…`. */
export const PRODUCT_ID = /^[0-9a-fA-F]{24}$/;
const CURSOR = /^[A-Za-z0-9_-]{1,1024}$/;
/** Query numbers are plain decimal digits: no `0x10`, `1e1`, ` 5` or `5.0`, which Number() would take. */
const DECIMAL = /^[0-9]{1,6}$/;

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 24 })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number in decimal digits, such as 24' })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit = 24;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page', pattern: CURSOR.source })
  @IsOptional()
  @Matches(CURSOR, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;
}

export class ListProductsQuery extends PageQuery {
  @ApiProperty({ description: 'Category id', example: 'kitchen', pattern: SLUG.source })
  @IsString()
  @Matches(SLUG, { message: 'category must be a category id such as "kitchen"' })
  category!: string;

  @ApiPropertyOptional({ enum: PRODUCT_SORTS, default: 'newest' })
  @IsOptional()
  @IsIn(PRODUCT_SORTS)
  sort: ProductSort = 'newest';
}

export class SearchQuery extends PageQuery {
  @ApiProperty({ description: 'Words to look for in names and descriptions', example: 'kettle', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  q!: string;
}

/** Product ids are hexadecimal; catalog stores them lower-case, so the edge normalises them. */
export const lowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value));

export class ProductIdParam {
  @ApiProperty({ example: '665f1c2e8a1b2c3d4e5f6a7b', pattern: PRODUCT_ID.source })
  @lowerCase()
  @Matches(PRODUCT_ID, { message: 'id must be a 24-character hexadecimal product id' })
  id!: string;
}

export class ProductSlugParam {
  @ApiProperty({ example: 'enamel-kettle', pattern: SLUG.source, minLength: 1, maxLength: 120 })
  @Matches(SLUG, { message: 'slug must be lowercase words joined by hyphens' })
  @Length(1, 120)
  slug!: string;
}
