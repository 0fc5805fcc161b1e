import { ReplyError } from 'ioredis';
import { ServiceError } from '@bazaar/shared/rpc';
import { redisOperation } from './redis-failure';

const failingWith = (error: Error) => redisOperation(() => Promise.reject(error));

describe('redisOperation', () => {
  it.each(['READONLY You can\'t write against a read only replica.', 'LOADING Redis is loading the dataset in memory', 'MASTERDOWN Link with MASTER is down'])(
    'turns a server that cannot take the command now into a 503: %s',
    async (message) => {
      await expect(failingWith(new ReplyError(message))).rejects.toMatchObject({ name: 'ServiceError', statusCode: 503, message: 'redis is unavailable' });
    },
  );

  it('turns an unreachable Redis into a 503', async () => {
    await expect(failingWith(new Error('Connection is closed.'))).rejects.toMatchObject({ statusCode: 503 });
  });

  it('leaves any other refusal an unexpected error (a bug here), and a ServiceError as it is', async () => {
    await expect(failingWith(new ReplyError('ERR wrong number of arguments'))).rejects.toBeInstanceOf(ReplyError);
    const own = ServiceError.conflict('X', 'x');
    await expect(failingWith(own)).rejects.toBe(own);
  });
});
