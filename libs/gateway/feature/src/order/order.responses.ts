import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CARD_BRANDS, CardBrand, CheckoutReply, Customer, ORDER_STATUSES, OrderLineView, OrderStatus } from '@bazaar/contracts';
import { MoneyResponse } from '../http/money.response';
import type { ShopperOrder } from './orders.controller';

class AddressResponse {
  @ApiProperty() line1!: string;
  @ApiPropertyOptional() line2?: string;
  @ApiProperty() city!: string;
  @ApiProperty() postalCode!: string;
  @ApiProperty() country!: string;
}

class CustomerResponse implements Customer {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: AddressResponse }) address!: AddressResponse;
}

class OrderLineResponse implements OrderLineView {
  @ApiProperty() productId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: 'integer', minimum: 1 }) quantity!: number;
  @ApiProperty({ type: MoneyResponse }) unitPrice!: MoneyResponse;
  @ApiProperty({ type: MoneyResponse }) lineTotal!: MoneyResponse;
}

/** The card an order is paid with, as it may be shown. */
class OrderPaymentResponse {
  @ApiProperty({ enum: CARD_BRANDS }) brand!: CardBrand;
  @ApiProperty({ example: '4242', pattern: '^\\d{4}$' }) last4!: string;
}

/** One of the shopper's orders: no cart id, which travels in the signed cookie only. */
export class OrderResponse implements ShopperOrder {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: OrderStatus;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was cancelled; null unless CANCELLED' }) cancelReason!: string | null;
  @ApiProperty({ type: [OrderLineResponse] }) lines!: OrderLineResponse[];
  @ApiProperty({ type: MoneyResponse }) total!: MoneyResponse;
  @ApiProperty({ type: CustomerResponse }) customer!: CustomerResponse;
  @ApiProperty({ type: OrderPaymentResponse, nullable: true, description: 'The card, as brand and last four digits; null for an order placed before payments existed' })
  payment!: OrderPaymentResponse | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OrderListResponse {
  @ApiProperty({ type: [OrderResponse] }) items!: OrderResponse[];
}

export class CheckoutResponse implements CheckoutReply {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ enum: ORDER_STATUSES, example: 'PENDING' }) status!: OrderStatus;
}
