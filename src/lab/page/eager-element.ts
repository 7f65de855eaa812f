/**
 * A custom element for a page that is the widget (the arena, the digits lab): on connection it
 * imports its controller at once and mounts it; the class "js" (controls shown, the no-JavaScript
 * text hidden) is set only once the controller runs, and a controller that fails to load leaves
 * data-state="error" for the page's fallback sentence.
 */
export function defineEagerElement(name: string, load: () => Promise<(element: HTMLElement) => void>): void {
  if (customElements.get(name)) return;
  customElements.define(
    name,
    class extends HTMLElement {
      private started = false;
      connectedCallback(): void {
        if (this.started) return;
        this.started = true;
        load()
          .then((mount) => {
            mount(this);
            this.classList.add('js');
          })
          .catch(() => {
            this.dataset.state = 'error';
          });
      }
    },
  );
}
