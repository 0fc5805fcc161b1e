import { ApiProperty } from '@nestjs/swagger';
import type { Money } from '@bazaar/contracts';

export class MoneyResponse implements Money {
  @ApiProperty({ type: 'integer', description: 'In minor units (cents)', example: 2490 })
  amount!: number;

  @ApiProperty({ description: 'ISO 4217', pattern: '^[A-Z]{3}$', example: 'EUR' })
  currency!: string;
}
