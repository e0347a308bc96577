/**
 * The subset of TensorFlow's Event / Summary / TensorProto messages a scalar reader needs, as a
 * .proto text parsed once by protobufjs. Field numbers follow tensorflow/core/util/event.proto,
 * tensorflow/core/framework/summary.proto, tensor.proto and tensor_shape.proto. Fields left out
 * (graph_def, images, histograms, audio, …) are skipped by protobufjs as unknown fields.
 */
import * as protobuf from 'protobufjs';

const PROTO = `
syntax = "proto3";
package tensorboard;

message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what {
    string file_version = 3;
    Summary summary = 5;
  }
}

message Summary {
  repeated Value value = 1;
  message Value {
    string node_name = 7;
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value {
      float simple_value = 2;
      TensorProto tensor = 8;
    }
  }
}

message SummaryMetadata {
  message PluginData {
    string plugin_name = 1;
    bytes content = 2;
  }
  PluginData plugin_data = 1;
  string display_name = 2;
  string summary_description = 3;
}

message TensorShapeProto {
  message Dim {
    int64 size = 1;
    string name = 2;
  }
  repeated Dim dim = 2;
  bool unknown_rank = 3;
}

message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  int32 version_number = 3;
  bytes tensor_content = 4;
  repeated int32 half_val = 13;
  repeated float float_val = 5;
  repeated double double_val = 6;
  repeated int32 int_val = 7;
  repeated int64 int64_val = 10;
  repeated bool bool_val = 11;
}
`;

/** TensorFlow DataType values (types.proto) that can hold a scalar metric. */
export const DType = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  INT64: 9,
  BOOL: 10,
  BFLOAT16: 14,
  HALF: 19,
} as const;

/** int64 fields decode to a Long (protobufjs depends on `long`) or to a number. */
export type Int64 = number | { toNumber(): number };

export interface TensorMessage {
  dtype: number;
  tensor_shape?: { dim: { size: Int64 }[]; unknown_rank?: boolean } | null;
  tensor_content: Uint8Array;
  half_val: number[];
  float_val: number[];
  double_val: number[];
  int_val: number[];
  int64_val: Int64[];
  bool_val: boolean[];
}

export interface SummaryValueMessage {
  tag: string;
  node_name: string;
  metadata?: { plugin_data?: { plugin_name: string } | null } | null;
  simple_value?: number;
  tensor?: TensorMessage | null;
  /** Which member of the `value` oneof is set. */
  value?: 'simple_value' | 'tensor';
}

export interface EventMessage {
  wall_time: number;
  step: Int64;
  file_version?: string;
  summary?: { value: SummaryValueMessage[] } | null;
  what?: 'file_version' | 'summary';
}

const root = protobuf.parse(PROTO, { keepCase: true }).root;
const EventType = root.lookupType('tensorboard.Event');
export { EventType };

export function decodeEvent(data: Uint8Array): EventMessage {
  return EventType.decode(data) as unknown as EventMessage;
}

export function int64ToNumber(v: Int64 | undefined | null): number {
  if (v === undefined || v === null) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}
