import { MongoNetworkError } from 'mongodb';
import { toRpcErrorBody } from './rpc-error.filter';
import { ServiceError } from './service-error';

describe('toRpcErrorBody', () => {
  it('answers a dependency the handler could not reach with 503 naming it, also before its client noticed the outage', () => {
    // What order's checkout threw in a fault-suite run the instant FerretDB stopped: the pool's connect refused.
    const refused = new MongoNetworkError('connect ECONNREFUSED 127.0.0.1:27117');
    expect(toRpcErrorBody(refused)).toEqual({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: 'mongodb is unavailable' });
    expect(toRpcErrorBody(new Error('saving the order failed', { cause: refused }))).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    expect(toRpcErrorBody(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toMatchObject({ statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE' });
  });

  it('keeps a ServiceError as it is and leaks nothing of an unexpected error', () => {
    expect(toRpcErrorBody(ServiceError.notFound('ORDER_NOT_FOUND', 'No order o1'))).toEqual({ statusCode: 404, code: 'ORDER_NOT_FOUND', message: 'No order o1' });
    expect(toRpcErrorBody(new TypeError("Cannot read properties of undefined (reading 'lines')"))).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' });
  });
});
