import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AdminProductView, CatalogAdminPatterns, StockLevelView } from '@bazaar/contracts';
import { parseRequest } from '@bazaar/shared/rpc';
import { adjustStockRequest, createProductRequest, getAdminProductRequest, updateProductRequest } from './catalog-admin-request.schemas';
import { CatalogAdminService } from './catalog-admin.service';

/** Catalog administration over the service transport; the gateway's admin API (token-protected) is its only caller. */
@Controller()
export class CatalogAdminController {
  constructor(private readonly admin: CatalogAdminService) {}

  @MessagePattern(CatalogAdminPatterns.getProduct)
  getProduct(@Payload() data: unknown): Promise<AdminProductView> {
    return this.admin.getProduct(parseRequest(getAdminProductRequest, data).id);
  }

  @MessagePattern(CatalogAdminPatterns.createProduct)
  createProduct(@Payload() data: unknown): Promise<AdminProductView> {
    return this.admin.createProduct(parseRequest(createProductRequest, data));
  }

  @MessagePattern(CatalogAdminPatterns.updateProduct)
  updateProduct(@Payload() data: unknown): Promise<AdminProductView> {
    return this.admin.updateProduct(parseRequest(updateProductRequest, data));
  }

  @MessagePattern(CatalogAdminPatterns.adjustStock)
  adjustStock(@Payload() data: unknown): Promise<StockLevelView> {
    return this.admin.adjustStock(parseRequest(adjustStockRequest, data));
  }
}
