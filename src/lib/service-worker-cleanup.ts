/**
 * The page's half of the service worker's removal path (docs/DESIGN.md, "Retiring the service
 * worker"): every page unregisters the service workers under the site's base path whose script is
 * not the one the site serves now, e.g. one left by an older build under another file name, whose
 * script may be gone (a browser keeps a registration whose script answers 404, and that worker
 * would go on rewriting every response's headers). Registrations outside the base path belong to
 * other sites on the same origin (GitHub Pages serves every project of an account from one origin)
 * and are left alone.
 */

export interface RegistrationInfo {
  /** ServiceWorkerRegistration.scope, an absolute URL. */
  scope: string;
  /** The script URL of its newest worker (installing, waiting or active), or null if it has none. */
  scriptURL: string | null;
}

/**
 * Indices of the registrations to unregister: under `baseUrl`, with a script other than
 * `currentScript`. A registration with no worker yet is being registered right now (the register
 * job creates the registration before its installing worker): it is left alone, or the page would
 * race the site's own worker out of existence on a first visit.
 */
export function staleRegistrations(registrations: RegistrationInfo[], baseUrl: string, currentScript: string): number[] {
  const stale: number[] = [];
  registrations.forEach((r, i) => {
    if (r.scope.startsWith(baseUrl) && r.scriptURL !== null && r.scriptURL !== currentScript) stale.push(i);
  });
  return stale;
}

/** Unregisters the stale registrations of this origin; resolves to how many it removed. */
export async function removeStaleServiceWorkers(container: ServiceWorkerContainer, baseUrl: string, currentScript: string): Promise<number> {
  const registrations = await container.getRegistrations();
  const info = registrations.map((r) => ({ scope: r.scope, scriptURL: (r.installing ?? r.waiting ?? r.active)?.scriptURL ?? null }));
  const stale = staleRegistrations(info, baseUrl, currentScript);
  await Promise.all(stale.map((i) => registrations[i].unregister()));
  return stale.length;
}
