export {
  EventFileTail,
  TensorBoardTail,
  readScalars,
  readTensorBoardDir,
  findEventFiles,
  toScalarEvent,
  type TensorBoardScalar,
  type ScalarPoll,
  type TensorBoardTailOptions,
  type TensorBoardPoll,
} from './reader';
export { mapRoboVLMsTag } from './tags';
export { readHparams } from './hparams';
export { scanRecords, encodeRecord, type RecordSink, type ScanResult } from './tfrecord';
export { crc32c } from './crc32c';
export { EventType, DType } from './proto';
