import type { FastifyRequest } from 'fastify';
import { API_ERROR_CODES, HttpProblem, forbidden, unauthorized } from '../errors';
import { roleAtLeast, type Guard } from '../guard';
import { FIRST_ADMIN_HINT, type Auth } from './auth';
import { safeEqual } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * The real Guard: 401 when nobody is logged in (naming the first-admin command while no user
 * exists), 403 when a cookie-authenticated request changes state without the session's CSRF token,
 * 403 when the role is too low. API-token requests skip CSRF: a browser never adds that header by itself.
 */
export function createGuard(auth: Auth): Guard {
  return (least) => async (request: FastifyRequest) => {
    const who = await auth.authenticate(request);
    if (!who) {
      if (await auth.setupRequired()) {
        throw new HttpProblem(401, API_ERROR_CODES.SETUP_REQUIRED, `Belum ada pengguna. Buat admin pertama dengan: ${FIRST_ADMIN_HINT}`);
      }
      throw unauthorized();
    }
    if (who.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !who.csrfToken || !safeEqual(sent, who.csrfToken)) {
        throw new HttpProblem(403, API_ERROR_CODES.CSRF, 'Token CSRF tidak ada atau tidak cocok. Muat ulang halaman lalu coba lagi.');
      }
    }
    if (!roleAtLeast(who.user.role, least)) throw forbidden();
    request.user = who.user;
  };
}
