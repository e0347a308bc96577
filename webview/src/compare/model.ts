/**
 * The Compare panel's table logic (pure): which run is best on each metric, and number formatting.
 * One implementation for the panel and `vla-lab compare`: extension/core/metrics/compare-table.ts.
 */
export { bestIndex, formatMetric, seedIntervalText } from '../../../extension/core/metrics/compare-table';
