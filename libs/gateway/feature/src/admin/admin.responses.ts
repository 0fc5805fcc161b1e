import { ApiProperty } from '@nestjs/swagger';
import type { AdminProductView, StockLevelView } from '@bazaar/contracts';
import { ProductResponse } from '../catalog/catalog.responses';

export class AdminProductResponse extends ProductResponse implements AdminProductView {
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Also sent as the ETag; send it back in If-Match to edit' }) revision!: number;
}

export class StockLevelResponse implements StockLevelView {
  @ApiProperty({ example: '665f1c2e8a1b2c3d4e5f6a7b' }) productId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'On the shelf now, after every adjustment and checkout so far' }) stock!: number;
}
