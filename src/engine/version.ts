/** Stored with every score run: a result can be traced to the engine that computed it. Bump on any change of results. */
export const ENGINE_VERSION = '1.0.0';
