export * from './generators/event/generator.ts';
export * from './generators/service/generator.ts';
