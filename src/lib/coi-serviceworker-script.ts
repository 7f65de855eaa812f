// The script at <base>coi-serviceworker.js (src/pages/coi-serviceworker.js.ts): the coi-serviceworker
// npm package as it ships (its MIT notice included), or, in a build with SITE_COI_SERVICEWORKER=off,
// the kill switch that unregisters it from every reader's browser (docs/DESIGN.md, "Retiring the
// service worker").
import coiServiceWorker from 'coi-serviceworker/coi-serviceworker.min.js?raw';
import killSwitch from './coi-serviceworker-kill-switch.js?raw';

export function serviceWorkerScript(flag: string | undefined = process.env.SITE_COI_SERVICEWORKER): string {
  return flag === 'off' ? killSwitch : coiServiceWorker;
}
