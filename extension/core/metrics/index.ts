export { lttbIndices, downsample, IncrementalLttb, type Downsampled } from './lttb';
export { smooth, EmaSmoother } from './smoothing';
export { SeriesStore, type SeriesQuery, type SeriesView, type XAxis } from './series';
