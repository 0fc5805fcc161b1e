export interface Beat {
  /** When the request was sent (ms since the epoch). */
  at: number;
  /** Its status; 0 when it got no answer. */
  status: number;
}

/** GET `url` every `everyMs` (or as soon as the previous answer is in, when slower) until stopped; every beat is kept. */
export function heartbeat(url: string, everyMs: number) {
  const beats: Beat[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const at = Date.now();
      const status = await fetch(url, { signal: AbortSignal.timeout(5000) }).then(
        async (response) => (await response.arrayBuffer(), response.status),
        () => 0,
      );
      beats.push({ at, status });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - (Date.now() - at))));
    }
  })();
  return {
    beats,
    stop: async () => {
      running = false;
      await loop;
      return beats;
    },
  };
}
