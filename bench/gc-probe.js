'use strict';
/**
 * Preloaded into a respkv process (node --require bench/gc-probe.js dist/main.js ...): records every
 * garbage-collection pause with perf_hooks. SIGUSR2 closes the current phase and starts the next;
 * when the process exits, the phases (arrays of pauses in ms) are written as JSON to the file named
 * by RESPKV_GC_PROBE_FILE. Used by bench/scale.js.
 */
const { PerformanceObserver } = require('node:perf_hooks');
const fs = require('node:fs');

const phases = [[]];
let recording = true;
const observer = new PerformanceObserver((list) => {
  if (!recording) return;
  for (const entry of list.getEntries()) phases[phases.length - 1].push(entry.duration);
});
observer.observe({ entryTypes: ['gc'] });

process.on('SIGUSR2', () => {
  phases.push([]);
});

process.on('exit', () => {
  recording = false;
  const file = process.env.RESPKV_GC_PROBE_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify(phases));
});
