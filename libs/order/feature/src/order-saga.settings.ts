import { ConfigService } from '@nestjs/config';

export const ORDER_SAGA_SETTINGS = Symbol('ORDER_SAGA_SETTINGS');

export interface OrderSagaSettings {
  /** An order still PENDING this long after it was placed is cancelled with reason TIMED_OUT. */
  pendingTimeoutMs: number;
  /** How often the PENDING deadline is checked. */
  pendingSweepIntervalMs: number;
}

export const orderSagaSettingsProvider = {
  provide: ORDER_SAGA_SETTINGS,
  inject: [ConfigService],
  useFactory: (config: ConfigService): OrderSagaSettings => ({
    pendingTimeoutMs: Number(config.getOrThrow('ORDER_PENDING_TIMEOUT_MS')),
    pendingSweepIntervalMs: Number(config.getOrThrow('ORDER_PENDING_SWEEP_INTERVAL_MS')),
  }),
};
