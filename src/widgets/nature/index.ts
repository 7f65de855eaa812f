// The pure logic of the "sample from nature" widget (SampleFromNature.astro): a hidden true
// distribution, samples from it, a kernel density estimate, and distances between the two.
export * from './truth';
export * from './grid';
export * from './kde';
export * from './histogram';
export * from './distance';
export * from './plot';
