export * from './event-consumer';
export * from './event-publisher';
export * from './kafka-connection';
export * from './kafka-options';
export * from './kafka.module';
