import type { APIRoute } from 'astro';
import { serviceWorkerScript } from '../lib/coi-serviceworker-script';

// coi-serviceworker lives at the site's base path, so its default scope covers every page; see
// CrossOriginIsolation.astro. SITE_COI_SERVICEWORKER=off serves its kill switch here instead.
export const GET: APIRoute = () =>
  new Response(serviceWorkerScript(), { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
