import { z } from 'zod';

/** What every event on Kafka looks like; `data` is checked against the event's own schema. */
export const eventEnvelopeSchema = z
  .object({
    id: z.uuid(),
    /** The event name with its version, e.g. `OrderPlaced.v1`. */
    type: z.string().regex(/^[A-Z][A-Za-z]*\.v\d+$/, 'must look like Name.v1'),
    version: z.number().int().positive(),
    occurredAt: z.iso.datetime(),
    /** The service that published it. */
    source: z.string().min(1),
    data: z.record(z.string(), z.unknown()),
  })
  .refine((envelope) => envelope.type.endsWith(`.v${envelope.version}`), { message: 'must end with .v<version>', path: ['type'] });

export interface EventEnvelope<T extends string = string, D = Record<string, unknown>> {
  id: string;
  type: T;
  version: number;
  occurredAt: string;
  source: string;
  data: D;
}
