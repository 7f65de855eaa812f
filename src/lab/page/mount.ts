import { LabWidget } from './widget';

/**
 * The controller's entry point, imported by <gen-lab> (src/widgets/Lab.astro) when the widget
 * scrolls into view. It pulls in the settings table, the canvases and the worker's URL, but not
 * tfjs: the worker loads that when the reader presses Train, Step or Sample.
 */
export function mount(root: HTMLElement): LabWidget {
  return new LabWidget(root);
}
