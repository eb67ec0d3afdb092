/** The API's shapes are shared with the server: see src/core/api-types.ts. */
export type * from '../core/api-types'
