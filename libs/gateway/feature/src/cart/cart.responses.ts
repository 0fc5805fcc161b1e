import { ApiProperty } from '@nestjs/swagger';
import type { CartLineView } from '@bazaar/contracts';
import { MoneyResponse } from '../http/money.response';
import type { ShopperCart } from './cart.controller';

export class CartLineResponse implements CartLineView {
  @ApiProperty() productId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true }) image!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity!: number;
  @ApiProperty({ type: MoneyResponse }) unitPrice!: MoneyResponse;
  @ApiProperty({ type: MoneyResponse, description: 'The price when the line was added' }) priceWhenAdded!: MoneyResponse;
  @ApiProperty() priceChanged!: boolean;
  @ApiProperty({ type: MoneyResponse }) lineTotal!: MoneyResponse;
  @ApiProperty({ description: 'False when the catalog no longer has enough stock for this quantity' }) available!: boolean;
}

/** The cart as the shopper sees it: no cart id, which travels in the signed cookie only. */
export class CartResponse implements ShopperCart {
  @ApiProperty({ type: [CartLineResponse] }) lines!: CartLineResponse[];
  @ApiProperty({ type: 'integer', minimum: 0 }) itemCount!: number;
  @ApiProperty({ type: MoneyResponse }) subtotal!: MoneyResponse;
}
