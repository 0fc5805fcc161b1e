import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { type StorefrontConfig, storeApi } from '../api/store-api';

const ConfigContext = createContext<StorefrontConfig>({ jaegerUrl: null });

/** The gateway's public settings for the store (GET /api/config); the store works with the defaults until they arrive. */
export function ConfigProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<StorefrontConfig>({ jaegerUrl: null });
  useEffect(() => {
    storeApi.config().then(setConfig, () => undefined);
  }, []);
  return <ConfigContext.Provider value={config}>{children}</ConfigContext.Provider>;
}

export function useConfig(): StorefrontConfig {
  return useContext(ConfigContext);
}
