import { Controller, Get, Param, Query, UseFilters, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CatalogPatterns,
  CategoryView,
  GetProductBySlugRequest,
  GetProductRequest,
  ListProductsRequest,
  Page,
  ProductView,
  SearchProductsRequest,
} from '@bazaar/contracts';
import { DownstreamClients } from '../downstream.clients';
import { ApiErrors } from '../http/api-errors';
import { HttpErrorFilter } from '../http/http-error.filter';
import { ListProductsQuery, ProductIdParam, ProductSlugParam, SearchQuery } from './catalog.dto';
import { CategoryResponse, ProductPageResponse, ProductResponse } from './catalog.responses';
import { NotCheckout } from '../http/checkout-throttler';
import { RateLimitGuard } from '../http/rate-limit.guard';

@ApiTags('catalog')
@ApiErrors(503, 504)
// The API's error shape and rate limit; health endpoints keep terminus's report and are never throttled.
@UseFilters(HttpErrorFilter)
@UseGuards(RateLimitGuard)
@NotCheckout()
@Controller()
export class CatalogController {
  constructor(private readonly downstream: DownstreamClients) {}

  @Get('categories')
  @ApiOperation({ summary: 'All categories with their product counts' })
  @ApiOkResponse({ type: [CategoryResponse] })
  categories(): Promise<CategoryView[]> {
    return this.downstream.catalog(CatalogPatterns.listCategories, {});
  }

  @Get('products')
  @ApiOperation({ summary: 'One page of a category, sorted; follow nextCursor for the next page' })
  @ApiOkResponse({ type: ProductPageResponse })
  @ApiErrors([404, 'CATEGORY_NOT_FOUND'])
  products(@Query() { category, sort, limit, cursor }: ListProductsQuery): Promise<Page<ProductView>> {
    const request: ListProductsRequest = { categoryId: category, sort, limit, cursor };
    return this.downstream.catalog(CatalogPatterns.listProducts, request);
  }

  @Get('search')
  @ApiOperation({ summary: 'Products whose name, description or attributes contain every word' })
  @ApiOkResponse({ type: ProductPageResponse })
  search(@Query() { q, limit, cursor }: SearchQuery): Promise<Page<ProductView>> {
    const request: SearchProductsRequest = { query: q, limit, cursor };
    return this.downstream.catalog(CatalogPatterns.searchProducts, request);
  }

  @Get('products/by-slug/:slug')
  @ApiOperation({ summary: 'One product by its slug' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiErrors([404, 'PRODUCT_NOT_FOUND'])
  productBySlug(@Param() { slug }: ProductSlugParam): Promise<ProductView> {
    const request: GetProductBySlugRequest = { slug };
    return this.downstream.catalog(CatalogPatterns.getProductBySlug, request);
  }

  @Get('products/:id')
  @ApiOperation({ summary: 'One product by id' })
  @ApiOkResponse({ type: ProductResponse })
  @ApiErrors([404, 'PRODUCT_NOT_FOUND'])
  product(@Param() { id }: ProductIdParam): Promise<ProductView> {
    const request: GetProductRequest = { id };
    return this.downstream.catalog(CatalogPatterns.getProduct, request);
  }
}
