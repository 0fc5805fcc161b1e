import type { Connection } from 'mongoose';
import { DependencyCheck } from '@bazaar/shared/health';

export function mongooseCheck(connection: Connection, name = 'mongodb'): DependencyCheck {
  return {
    name,
    ping: async () => {
      if (!connection.db) throw new Error('not connected');
      return connection.db.admin().ping();
    },
  };
}
