import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { MAX_LINE_QUANTITY } from '@bazaar/contracts';
import { lowerCase, PRODUCT_ID } from '../catalog/catalog.dto';

export class AddCartItemBody {
  @ApiProperty({ example: '665f1c2e8a1b2c3d4e5f6a7b', pattern: PRODUCT_ID.source })
  @lowerCase()
  @Matches(PRODUCT_ID, { message: 'productId must be a 24-character hexadecimal product id' })
  productId!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LINE_QUANTITY, default: 1 })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(1, { message: 'quantity must be at least 1' })
  @Max(MAX_LINE_QUANTITY, { message: `quantity must be at most ${MAX_LINE_QUANTITY}` })
  quantity = 1;
}

export class SetCartItemQuantityBody {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_LINE_QUANTITY, description: '0 removes the line' })
  @IsInt({ message: 'quantity must be a whole number' })
  @Min(0, { message: 'quantity must not be negative' })
  @Max(MAX_LINE_QUANTITY, { message: `quantity must be at most ${MAX_LINE_QUANTITY}` })
  quantity!: number;
}

export class CartProductParam {
  @ApiProperty({ example: '665f1c2e8a1b2c3d4e5f6a7b', pattern: PRODUCT_ID.source })
  @lowerCase()
  @Matches(PRODUCT_ID, { message: 'productId must be a 24-character hexadecimal product id' })
  productId!: string;
}
