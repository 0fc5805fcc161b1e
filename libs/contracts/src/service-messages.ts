/** Every service answers this pattern on its microservice transport; gateway readiness uses it. */
export const PING_PATTERN = 'system.ping';

export interface PingReply {
  service: string;
  ok: true;
}
