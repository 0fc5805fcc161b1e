import { ApiProperty } from '@nestjs/swagger';
import type { CategoryView, Page, ProductView } from '@bazaar/contracts';
import { MoneyResponse } from '../http/money.response';

export class CategoryResponse implements CategoryView {
  @ApiProperty({ example: 'kitchen' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: 'integer', minimum: 0 }) productCount!: number;
}

export class ProductResponse implements ProductView {
  @ApiProperty({ example: '665f1c2e8a1b2c3d4e5f6a7b' }) id!: string;
  @ApiProperty({ example: 'enamel-kettle' }) slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ example: 'kitchen' }) categoryId!: string;
  @ApiProperty({ type: MoneyResponse }) price!: MoneyResponse;
  @ApiProperty({ type: [String] }) images!: string[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) attributes!: Record<string, string>;
  @ApiProperty({ type: 'integer', minimum: 0 }) stock!: number;
  @ApiProperty() inStock!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ProductPageResponse implements Page<ProductView> {
  @ApiProperty({ type: [ProductResponse] }) items!: ProductResponse[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last page' }) nextCursor!: string | null;
}
