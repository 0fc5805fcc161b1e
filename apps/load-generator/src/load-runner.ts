import { CatalogSnapshot, readCatalog } from './catalog-snapshot';
import { LoadEnv } from './load.env';
import { LoadStats } from './load-stats';
import { Shopper } from './shopper';
import { pickAction } from './shopper-mix';

/** How often the catalog is read again, so shoppers stop picking products that sold out. */
const CATALOG_REFRESH_MS = 60_000;
const TICK_MS = 20;

/**
 * An open-loop load: requests start at RATE per second whatever the latency (as real shoppers
 * arrive), at most CONCURRENCY at a time; a request due while all are busy is skipped and counted.
 */
export class LoadRunner {
  readonly stats = new LoadStats();
  private inFlight = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly env: LoadEnv,
    private readonly log: (line: string) => void,
  ) {}

  /** Runs until DURATION has passed (or forever when it is 0, until stop()); resolves once in-flight requests finished. */
  async run(): Promise<LoadStats> {
    let catalog = await this.waitForCatalog();
    const shoppers = Array.from({ length: this.env.SHOPPERS }, () => new Shopper(this.env.GATEWAY_URL, () => catalog));
    const started = Date.now();
    let issued = 0;
    let lastReport = started;
    let lastRefresh = started;
    this.log(
      `[load] ${this.env.RATE} req/s against ${this.env.GATEWAY_URL}, ${this.env.SHOPPERS} shoppers, concurrency ${this.env.CONCURRENCY}, ${this.env.DURATION ? `${this.env.DURATION}s` : 'until stopped'}`,
    );

    while (!this.stopped) {
      const now = Date.now();
      const elapsedS = (now - started) / 1000;
      if (this.env.DURATION > 0 && elapsedS >= this.env.DURATION) break;
      for (const due = Math.floor(elapsedS * this.env.RATE); issued < due; issued++) {
        if (this.inFlight.size >= this.env.CONCURRENCY) this.stats.skipped++;
        else this.track(shoppers[Math.floor(Math.random() * shoppers.length)]);
      }
      if (now - lastReport >= this.env.REPORT_EVERY * 1000) {
        this.log(this.stats.windowLine(elapsedS, (now - lastReport) / 1000, this.inFlight.size));
        lastReport = now;
      }
      if (now - lastRefresh >= CATALOG_REFRESH_MS) {
        lastRefresh = now;
        readCatalog(this.env.GATEWAY_URL).then(
          (fresh) => (catalog = fresh),
          () => undefined,
        );
      }
      await sleep(TICK_MS);
    }
    await Promise.all(this.inFlight);
    this.log(this.stats.finalLine((Date.now() - started) / 1000));
    for (const problem of this.stats.topProblems()) this.log(`[load]   ${problem}`);
    return this.stats;
  }

  stop(): void {
    this.stopped = true;
  }

  private track(shopper: Shopper): void {
    const request = shopper.act(pickAction(Math.random())).then((outcome) => this.stats.record(outcome));
    this.inFlight.add(request);
    void request.finally(() => this.inFlight.delete(request));
  }

  /** The gateway may still be starting (compose starts everything at once): wait for the catalog. */
  private async waitForCatalog(): Promise<CatalogSnapshot> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await readCatalog(this.env.GATEWAY_URL);
      } catch (error) {
        if (this.stopped) throw new Error('stopped before the gateway answered');
        if (attempt === 1 || attempt % 10 === 0) this.log(`[load] waiting for the store at ${this.env.GATEWAY_URL}: ${(error as Error).message}`);
        await sleep(2000);
      }
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
