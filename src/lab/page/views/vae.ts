import { drawGaussianRings, drawGridLines } from '../render/draw';
import { begin, cursor, dataPoints, densityMap, diamond, samplePoints } from './common';
import type { FamilyView } from './types';

/** Colour of a data point by where it sits: hue from its angle, lightness from its radius. */
function positionColour(x: number, y: number, dark: boolean): string {
  const hue = ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360;
  const r = Math.min(1, Math.hypot(x, y) / 3.5);
  const light = dark ? 45 + 30 * r : 30 + 30 * r;
  return `hsl(${hue.toFixed(0)} 75% ${light.toFixed(0)}%)`;
}

/**
 * VAE: data space with the ELBO-based density, the decoder's image of a latent grid and the decoded
 * latent point (main); latent space with the encoded data coloured by data position and a
 * draggable latent point (aux).
 */
export const vaeView: FamilyView = {
  draw(main, aux, vm) {
    const { palette, fields } = vm;
    const z: [number, number] = [Number(vm.values.z1), Number(vm.values.z2)];
    begin(main, palette);
    densityMap(main, fields.density, palette);
    const grid = fields.mappedGrid;
    if (grid) drawGridLines(main, grid.mapped, grid.lines, grid.perLine, palette.accent, 0.45);
    dataPoints(main, vm);
    samplePoints(main, vm);
    if (fields.decoded) diamond(main, fields.decoded.x[0], fields.decoded.x[1], palette.warm, palette.background);
    cursor(main, vm);

    begin(aux, palette);
    drawGaussianRings(aux, palette.muted);
    const latent = fields.latent;
    if (latent) {
      const { ctx } = aux;
      for (let i = 0; i < latent.codes.length / 2; i++) {
        ctx.fillStyle = positionColour(latent.data[2 * i], latent.data[2 * i + 1], palette.dark);
        ctx.fillRect(aux.toX(latent.codes[2 * i]) - 1.5, aux.toY(latent.codes[2 * i + 1]) - 1.5, 3, 3);
      }
    }
    diamond(aux, z[0], latent?.dim === 1 ? 0 : z[1], palette.warm, palette.background);
    return false;
  },
  drag(canvas, x, y) {
    if (canvas !== 'aux') return null;
    const clamp = (v: number): number => Math.round(Math.max(-3, Math.min(3, v)) * 20) / 20;
    return { z1: clamp(x), z2: clamp(y) };
  },
};
