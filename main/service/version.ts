import pkg from '../../package.json';

/** The app's version; also the engine version stored with every result. */
export const APP_VERSION: string = pkg.version;
export const ENGINE_VERSION: string = pkg.version;
