/*
 * The kill switch of the site's coi-serviceworker (docs/DESIGN.md, "Retiring the service worker").
 * A build with SITE_COI_SERVICEWORKER=off serves this file at <base>coi-serviceworker.js instead of
 * coi-serviceworker. Keep serving it for as long as readers may still have the old worker (a
 * registration lives until its script says otherwise: deleting the file would leave the old worker
 * in place for good). Like coi-serviceworker, one file runs in both places:
 * - as the service worker: the browser checks the script of a registration on each navigation
 *   and installs this byte-different one as its update; it takes over at once (it has no fetch
 *   handler, so responses pass untouched) and unregisters itself;
 * - as the page's script (every page loads <base>coi-serviceworker.js): it unregisters the
 *   registration of this script, for a page that loads before the update check has run.
 */
if (typeof window === 'undefined') {
  self.addEventListener('install', function () {
    self.skipWaiting();
  });
  self.addEventListener('activate', function (event) {
    event.waitUntil(self.registration.unregister());
  });
} else if (navigator.serviceWorker && document.currentScript) {
  (function (script) {
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (r) {
        var worker = r.installing || r.waiting || r.active;
        if (worker && worker.scriptURL === script) r.unregister();
      });
    });
  })(document.currentScript.src);
}
