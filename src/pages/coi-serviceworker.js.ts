import type { APIRoute } from 'astro';
// The coi-serviceworker npm package, served as it ships (its MIT notice included). It lives at the
// site's base path, so its default scope covers every page; see CrossOriginIsolation.astro.
import script from 'coi-serviceworker/coi-serviceworker.min.js?raw';

export const GET: APIRoute = () =>
  new Response(script, { headers: { 'Content-Type': 'text/javascript; charset=utf-8' } });
