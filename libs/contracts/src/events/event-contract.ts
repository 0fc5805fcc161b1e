import { z } from 'zod';
import { EventEnvelope, eventEnvelopeSchema } from './event-envelope';
import { EventTopic } from './topics';

/** One integration event: its versioned type, the topic it travels on, its payload schema and its key. */
export interface EventContract<T extends string = string, S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> {
  type: T;
  version: number;
  topic: EventTopic;
  schema: S;
  /** The message key: the aggregate id, so one aggregate's events stay in order on one partition. */
  key(data: z.output<S>): string;
}

export type EventData<C extends EventContract> = z.output<C['schema']>;
export type EventOf<C extends EventContract> = EventEnvelope<C['type'], EventData<C>>;

export function defineEvent<const N extends string, const V extends number, S extends z.ZodType<Record<string, unknown>>>(spec: {
  name: N;
  version: V;
  topic: EventTopic;
  schema: S;
  key: (data: z.output<S>) => string;
}): EventContract<`${N}.v${V}`, S> {
  return { type: `${spec.name}.v${spec.version}`, version: spec.version, topic: spec.topic, schema: spec.schema, key: spec.key };
}

export function createEvent<C extends EventContract>(
  contract: C,
  data: EventData<C>,
  meta: { source: string; id?: string; occurredAt?: Date },
): EventOf<C> {
  return {
    id: meta.id ?? globalThis.crypto.randomUUID(),
    type: contract.type,
    version: contract.version,
    occurredAt: (meta.occurredAt ?? new Date()).toISOString(),
    source: meta.source,
    data,
  };
}

export type EventParseResult<E> = { ok: true; event: E } | { ok: false; reason: string };

function describe(error: z.ZodError, prefix: string): string {
  return error.issues.map((issue) => `${[prefix, ...issue.path].join('.')}: ${issue.message}`).join('; ');
}

/** Checks the envelope, that it is this contract's type, and the payload; the reason names the fields. */
export function parseEvent<C extends EventContract>(contract: C, value: unknown): EventParseResult<EventOf<C>> {
  const envelope = eventEnvelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, reason: `invalid envelope: ${describe(envelope.error, 'envelope')}` };
  if (envelope.data.type !== contract.type) return { ok: false, reason: `expected type ${contract.type}, got ${envelope.data.type}` };
  const data = contract.schema.safeParse(envelope.data.data);
  if (!data.success) return { ok: false, reason: `invalid ${contract.type} payload: ${describe(data.error, 'data')}` };
  return { ok: true, event: { ...envelope.data, type: contract.type, data: data.data as EventData<C> } };
}
