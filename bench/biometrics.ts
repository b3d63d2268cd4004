/**
 * Measures BioHashing on deterministic synthetic faces (bench/biometrics/evaluation.ts) and prints the rates that
 * docs/biometrics.md reports. Run: `npx tsx bench/biometrics.ts` (about a minute on two cores).
 */
import { evaluateBioHash } from './biometrics/evaluation.js';

const options = { genuinePairs: 1000, impostorsPerSeed: 20, crossSeedPairs: 1000, reconstructions: 200, cosine: 0.8, label: 'bench' };
const started = performance.now();
const report = evaluateBioHash(options);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const percent = (rate: number) => `${(rate * 100).toFixed(3)}%`;

console.log(`BioHashing: ${report.templateBits}-bit templates, match when at most ${report.threshold} bits differ`);
console.log(`same face at cosine ${report.cosine}:      ${report.genuine.matches}/${report.genuine.pairs} matched (${percent(report.genuine.rate)})`);
console.log(`different faces:              ${report.impostor.matches}/${report.impostor.pairs} matched (${percent(report.impostor.rate)})`);
console.log(`same face under two seeds:    ${report.crossSeed.matches}/${report.crossSeed.pairs} matched (${percent(report.crossSeed.rate)})`);
console.log(
  `least-squares reconstruction over ${report.reconstruction.trials} templates: without the seed mean cosine ` +
    `${report.reconstruction.withoutSeedMeanCosine.toFixed(4)} (largest |cosine| ${report.reconstruction.withoutSeedMaxAbsCosine.toFixed(4)}); ` +
    `with the seed ${report.reconstruction.withSeedMeanCosine.toFixed(4)}`,
);
console.log(`(${seconds} s)`);
