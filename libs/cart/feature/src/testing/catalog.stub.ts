import { Controller, INestMicroservice } from '@nestjs/common';
import { MessagePattern, Payload, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { CatalogPatterns, GetProductSnapshotsRequest, ProductSnapshot, ProductSnapshots } from '@bazaar/contracts';

/** In-memory product data and a log of the requests the stub received. */
export class CatalogStubData {
  readonly products = new Map<string, ProductSnapshot>();
  readonly requests: string[][] = [];

  put(...products: ProductSnapshot[]): void {
    for (const product of products) this.products.set(product.id, product);
  }
}

@Controller()
class CatalogStubController {
  constructor(private readonly data: CatalogStubData) {}

  @MessagePattern(CatalogPatterns.getProductSnapshots)
  snapshots(@Payload() { ids }: GetProductSnapshotsRequest): ProductSnapshots {
    this.data.requests.push(ids);
    return { items: ids.flatMap((id) => this.data.products.get(id) ?? []) };
  }
}

/**
 * A contract stub standing in for catalog in the cart's tests: a real Nest microservice on the
 * real TCP transport answering CatalogPatterns.getProductSnapshots exactly as the contract says
 * (unknown ids are absent), but from in-memory data instead of MongoDB.
 */
export async function startCatalogStub(port: number, data: CatalogStubData): Promise<INestMicroservice> {
  const moduleRef = await Test.createTestingModule({
    controllers: [CatalogStubController],
    providers: [{ provide: CatalogStubData, useValue: data }],
  }).compile();
  const server = moduleRef.createNestMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port }, logger: false });
  await server.listen();
  return server;
}
