import { createContext, useContext } from 'react';
import type { Api } from '../api';

/**
 * The API the UI talks through. Provided once at the root (main.tsx gives the real client;
 * tests give one over a scripted transport), so no component imports the live connection.
 */
export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() needs an <ApiContext.Provider> above it.');
  return api;
}
