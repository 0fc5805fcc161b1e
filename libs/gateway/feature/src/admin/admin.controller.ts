import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Put, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  AdjustStockRequest,
  AdminProductView,
  CatalogAdminPatterns,
  CreateProductRequest,
  GetAdminProductRequest,
  ProductChanges,
  StockLevelView,
  UpdateProductRequest,
} from '@bazaar/contracts';
import { ServiceError } from '@bazaar/shared/rpc';
import { ProductIdParam } from '../catalog/catalog.dto';
import { DownstreamClients } from '../downstream.clients';
import { ApiErrors, ErrorStatus } from '../http/api-errors';
import { NotCheckout } from '../http/checkout-throttler';
import { HttpErrorFilter } from '../http/http-error.filter';
import { ADMIN_AUTH_SCHEME, AdminTokenGuard } from './admin-token.guard';
import { CreateProductBody, PriceBody, StockAdjustmentBody, UpdateProductBody } from './admin.dto';
import { AdminProductResponse, StockLevelResponse } from './admin.responses';
import { IF_MATCH, parseIfMatch, revisionEtag } from './etag';
import { IDEMPOTENCY_KEY } from '../order/checkout.dto';
import { RateLimitGuard } from '../http/rate-limit.guard';

const ETAG_HEADER = { ETag: { description: 'The product’s revision: send it back as If-Match to edit', schema: { type: 'string', pattern: IF_MATCH.source } } };

const IfMatchHeader = () =>
  ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag of the product as you read it. Missing: 428; the product changed since: 412 with the current version in `details`',
    schema: { type: 'string', pattern: IF_MATCH.source },
  });

/** Every admin route answers 404 ADMIN_API_DISABLED when the gateway has no token; the route's own 404 codes come first. */
const notFound = (...codes: string[]): [ErrorStatus, string] => [404, [...codes, 'ADMIN_API_DISABLED'].join(', ')];

const EDIT_ERRORS: [ErrorStatus, string][] = [
  notFound('PRODUCT_NOT_FOUND'),
  [409, 'SLUG_TAKEN'],
  [412, 'PRODUCT_VERSION_CONFLICT (details: currentRevision, current)'],
  [428, 'PRECONDITION_REQUIRED'],
];

/**
 * Catalog administration, for the people who run the store: create and edit products, change
 * prices, adjust stock. Behind AdminTokenGuard. Edits are optimistic (ETag / If-Match, 412 on a
 * stale one); stock adjustments are deltas that commute with each other and with checkouts.
 */
@ApiTags('admin')
@ApiBearerAuth(ADMIN_AUTH_SCHEME)
@ApiErrors(503, 504, [401, 'ADMIN_TOKEN_REQUIRED'], [403, 'ADMIN_TOKEN_INVALID'])
@UseFilters(HttpErrorFilter)
@UseGuards(RateLimitGuard, AdminTokenGuard)
@NotCheckout()
@Controller('admin/products')
export class AdminController {
  constructor(private readonly downstream: DownstreamClients) {}

  @Post()
  @ApiOperation({ summary: 'Create a product (at revision 1)' })
  @ApiCreatedResponse({ type: AdminProductResponse, headers: ETAG_HEADER })
  @ApiErrors(notFound('CATEGORY_NOT_FOUND'), [409, 'SLUG_TAKEN'])
  async create(@Res({ passthrough: true }) reply: FastifyReply, @Body() body: CreateProductBody): Promise<AdminProductView> {
    const request: CreateProductRequest = { ...body };
    return withEtag(reply, await this.downstream.catalog<AdminProductView>(CatalogAdminPatterns.createProduct, request));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One product with its revision (also the ETag)' })
  @ApiOkResponse({ type: AdminProductResponse, headers: ETAG_HEADER })
  @ApiErrors(notFound('PRODUCT_NOT_FOUND'))
  async get(@Res({ passthrough: true }) reply: FastifyReply, @Param() { id }: ProductIdParam): Promise<AdminProductView> {
    const request: GetAdminProductRequest = { id };
    return withEtag(reply, await this.downstream.catalog<AdminProductView>(CatalogAdminPatterns.getProduct, request));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit a product: the fields sent change, the others stay; a new price is announced to carts (ProductPriceChanged)' })
  @IfMatchHeader()
  @ApiOkResponse({ type: AdminProductResponse, headers: ETAG_HEADER })
  @ApiErrors(...EDIT_ERRORS)
  update(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param() { id }: ProductIdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateProductBody,
  ): Promise<AdminProductView> {
    return this.edit(reply, id, ifMatch, { ...body });
  }

  @Put(':id/price')
  @ApiOperation({ summary: 'Change a product’s price; carts holding it show the new price and ask the shopper to accept it' })
  @IfMatchHeader()
  @ApiOkResponse({ type: AdminProductResponse, headers: ETAG_HEADER })
  @ApiErrors(...EDIT_ERRORS)
  changePrice(
    @Res({ passthrough: true }) reply: FastifyReply,
    @Param() { id }: ProductIdParam,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() { price }: PriceBody,
  ): Promise<AdminProductView> {
    return this.edit(reply, id, ifMatch, { price: { ...price } });
  }

  @Post(':id/stock/adjustments')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add (delta > 0) or take (delta < 0) stock; never below zero. Needs no If-Match: adjustments commute' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Send the same key again to retry safely: an adjustment is applied once per key (the product remembers its last 100 keys); the same key with another delta is 409',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  })
  @ApiOkResponse({ type: StockLevelResponse })
  @ApiErrors(notFound('PRODUCT_NOT_FOUND'), [409, 'INSUFFICIENT_STOCK, IDEMPOTENCY_KEY_REUSED'])
  adjustStock(
    @Param() { id }: ProductIdParam,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() { delta }: StockAdjustmentBody,
  ): Promise<StockLevelView> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw ServiceError.badRequest('The Idempotency-Key header, when sent, is 8 to 200 letters, digits, "-" or "_" (a UUID works)');
    }
    const request: AdjustStockRequest = { id, delta, ...(idempotencyKey && { idempotencyKey }) };
    return this.downstream.catalog(CatalogAdminPatterns.adjustStock, request);
  }

  private async edit(reply: FastifyReply, id: string, ifMatch: string | undefined, changes: ProductChanges): Promise<AdminProductView> {
    const precondition = parseIfMatch(ifMatch);
    if ('missing' in precondition) {
      throw new ServiceError(428, 'PRECONDITION_REQUIRED', 'Send If-Match with the ETag of the product as you read it (GET /api/admin/products/{id})');
    }
    if ('invalid' in precondition) throw ServiceError.badRequest('If-Match must be one ETag of this API, such as "3"');
    const request: UpdateProductRequest = { id, expectedRevision: precondition.revision, changes };
    return withEtag(reply, await this.downstream.catalog<AdminProductView>(CatalogAdminPatterns.updateProduct, request));
  }
}

function withEtag(reply: FastifyReply, product: AdminProductView): AdminProductView {
  void reply.header('etag', revisionEtag(product.revision));
  return product;
}
