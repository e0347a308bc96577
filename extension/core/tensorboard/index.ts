export {
  EventFileTail, TensorBoardTail, readScalars, readTensorBoardDir, findEventFiles, toScalarEvent,
  summaryValueScalar, tensorScalar, EVENT_FILE_PREFIX,
  type TensorBoardScalar, type ScalarPoll, type TensorBoardTailOptions, type TensorBoardPoll,
} from './reader';
export { mapRoboVLMsTag, normaliseTagName } from './tags';
export { readHparams } from './hparams';
export { scanRecords, encodeRecord, type RecordSink, type ScanResult } from './tfrecord';
export { crc32c, maskedCrc32c } from './crc32c';
export { EventType, SummaryType, TensorProtoType, DType } from './proto';
