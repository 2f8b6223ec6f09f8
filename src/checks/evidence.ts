/** Which answers a check has something to say about (Check.judges), shared by several checks. */
import type { Exchange } from '../execute/types.ts';

/** a 2xx answer */
export const success = (ex: Exchange): boolean => ex.response.status >= 200 && ex.response.status < 300;

/** a 2xx answer to a request sent with the configured credentials */
export const successWithCredentials = (ex: Exchange): boolean => !ex.case.auth && success(ex);
