/** Which answers a check has something to say about (Check.judges), shared by several checks. */
import type { Exchange } from '../execute/types.ts';
import { isSuccess } from './history.ts';

/** a 2xx answer to a request sent with the configured credentials */
export const successWithCredentials = (ex: Exchange): boolean => !ex.case.auth && isSuccess(ex);
