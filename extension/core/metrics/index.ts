export { lttbIndices, downsample, withGaps, IncrementalLttb, type Downsampled } from './lttb';
export { smooth, EmaSmoother, clampWeight } from './smoothing';
export { SeriesStore, type SeriesQuery, type SeriesView, type XAxis } from './series';
