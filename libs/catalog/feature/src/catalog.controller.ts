import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CatalogPatterns, CategoryView, Page, ProductSnapshots, ProductView } from '@bazaar/contracts';
import { parseRequest } from '@bazaar/shared/rpc';
import {
  getProductBySlugRequest,
  getProductRequest,
  getProductSnapshotsRequest,
  listProductsRequest,
  searchProductsRequest,
} from './catalog-request.schemas';
import { CatalogService } from './catalog.service';

@Controller()
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @MessagePattern(CatalogPatterns.listCategories)
  listCategories(): Promise<CategoryView[]> {
    return this.catalog.listCategories();
  }

  @MessagePattern(CatalogPatterns.listProducts)
  listProducts(@Payload() data: unknown): Promise<Page<ProductView>> {
    return this.catalog.listProducts(parseRequest(listProductsRequest, data));
  }

  @MessagePattern(CatalogPatterns.searchProducts)
  searchProducts(@Payload() data: unknown): Promise<Page<ProductView>> {
    return this.catalog.searchProducts(parseRequest(searchProductsRequest, data));
  }

  @MessagePattern(CatalogPatterns.getProduct)
  getProduct(@Payload() data: unknown): Promise<ProductView> {
    return this.catalog.getProduct(parseRequest(getProductRequest, data).id);
  }

  @MessagePattern(CatalogPatterns.getProductBySlug)
  getProductBySlug(@Payload() data: unknown): Promise<ProductView> {
    return this.catalog.getProductBySlug(parseRequest(getProductBySlugRequest, data).slug);
  }

  @MessagePattern(CatalogPatterns.getProductSnapshots)
  getProductSnapshots(@Payload() data: unknown): Promise<ProductSnapshots> {
    return this.catalog.getProductSnapshots(parseRequest(getProductSnapshotsRequest, data));
  }
}
