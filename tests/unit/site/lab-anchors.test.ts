import { describe, expect, it } from 'vitest';
import { labAnchors } from '../../../src/lib/lab-anchors';

describe('labAnchors', () => {
  it('names each lab of an article as Lab.astro names its element', () => {
    const mdx = `import Lab from '../../src/widgets/Lab.astro';\n\nText.\n\n<Lab family="diffusion" lang="en" />\n\n<Lab family="diffusion" lang="en" compare />\n<Lab family="gan" id="gan-two" lang="ko"/>`;
    expect(labAnchors(mdx)).toEqual(['lab-diffusion', 'lab-diffusion-noise', 'lab-gan-two']);
    expect(labAnchors('No lab here; <Label> is not one.')).toEqual([]);
  });
});
