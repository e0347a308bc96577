"""TFRecord files of tf.train.Example records, read without TensorFlow.

TFRecord framing (TensorFlow's record_writer): per record
  uint64 length (little-endian) · uint32 masked crc32c of those 8 bytes · `length` bytes of data ·
  uint32 masked crc32c of the data
with masked(c) = ((c >> 15 | c << 17) + 0xa282ead8) mod 2^32. Both checksums are verified (crc32c by
google-crc32c, the [data] extra); a file that ends inside a record or fails a checksum raises
TFRecordError naming the file and the record.

tf.train.Example (tensorflow/core/example/example.proto, feature.proto) is three small messages; the
descriptor is built here with protobuf's descriptor_pb2 (no generated _pb2 module, no protoc) and the
`protobuf` package parses the records with it:
  Example  { Features features = 1; }
  Features { map<string, Feature> feature = 1; }
  Feature  { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
  BytesList { repeated bytes value = 1; }  FloatList { repeated float value = 1 [packed]; }
  Int64List { repeated int64 value = 1 [packed]; }
"""

import struct

import numpy as np

from .errors import CorruptInput

_MASK_DELTA = 0xA282EAD8


class TFRecordError(CorruptInput):
    """A TFRecord file that is truncated, fails a checksum or holds something other than tf.train.Example."""


def _crc32c():
    try:
        import google_crc32c
    except ImportError:
        raise TFRecordError(
            "reading TFRecord files (RLDS datasets) needs google-crc32c: pip install -e 'python[data]' (or bash scripts/setup.sh)"
        ) from None
    return google_crc32c.value


def masked_crc32c(data, crc=None):
    c = (crc or _crc32c())(data)
    return (((c >> 15) | (c << 17)) + _MASK_DELTA) & 0xFFFFFFFF


def records(path):
    """Yields the data of each record of a TFRecord file, checksums verified."""
    crc = _crc32c()
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        raise TFRecordError(f"{path} is missing") from None
    except OSError as e:
        raise TFRecordError(f"{path} cannot be read ({e.strerror or e})") from None
    with f:
        n = 0
        while True:
            head = f.read(12)
            if not head:
                return
            if len(head) < 12:
                raise TFRecordError(f"{path} is truncated: it ends inside the header of record {n} (a partial copy? copy the file again)")
            length, head_crc = struct.unpack("<QI", head)
            if masked_crc32c(head[:8], crc) != head_crc:
                raise TFRecordError(f"{path}: record {n} has a bad length checksum (the file is damaged or not a TFRecord file)")
            data = f.read(length)
            tail = f.read(4)
            if len(data) < length or len(tail) < 4:
                raise TFRecordError(
                    f"{path} is truncated: record {n} needs {length} bytes, the file ends first (a partial copy? copy the file again)"
                )
            if masked_crc32c(data, crc) != struct.unpack("<I", tail)[0]:
                raise TFRecordError(f"{path}: record {n} fails its data checksum (the file is damaged)")
            yield data
            n += 1


def write_records(path, datas):
    """A TFRecord file of these records (tests write damaged copies and small datasets with it)."""
    crc = _crc32c()
    with open(path, "wb") as f:
        for d in datas:
            head = struct.pack("<Q", len(d))
            f.write(head + struct.pack("<I", masked_crc32c(head, crc)) + d + struct.pack("<I", masked_crc32c(d, crc)))


_EXAMPLE = None


def example_class():
    """The tf.train.Example message class, built once from its descriptor."""
    global _EXAMPLE
    if _EXAMPLE is None:
        from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

        F = descriptor_pb2.FieldDescriptorProto
        fd = descriptor_pb2.FileDescriptorProto(name="vlalab/tf_example.proto", package="vlalab.tf", syntax="proto3")

        def message(name, fields, nested=None, oneofs=()):
            m = fd.message_type.add(name=name)
            for o in oneofs:
                m.oneof_decl.add(name=o)
            for fname, number, ftype, label, type_name, oneof in fields:
                f = m.field.add(name=fname, number=number, type=ftype, label=label)
                if type_name:
                    f.type_name = type_name
                if oneof is not None:
                    f.oneof_index = oneof
            if nested:
                nested(m)
            return m

        message("BytesList", [("value", 1, F.TYPE_BYTES, F.LABEL_REPEATED, None, None)])
        message("FloatList", [("value", 1, F.TYPE_FLOAT, F.LABEL_REPEATED, None, None)])
        message("Int64List", [("value", 1, F.TYPE_INT64, F.LABEL_REPEATED, None, None)])
        message(
            "Feature",
            [
                ("bytes_list", 1, F.TYPE_MESSAGE, F.LABEL_OPTIONAL, ".vlalab.tf.BytesList", 0),
                ("float_list", 2, F.TYPE_MESSAGE, F.LABEL_OPTIONAL, ".vlalab.tf.FloatList", 0),
                ("int64_list", 3, F.TYPE_MESSAGE, F.LABEL_OPTIONAL, ".vlalab.tf.Int64List", 0),
            ],
            oneofs=("kind",),
        )

        def map_entry(m):
            e = m.nested_type.add(name="FeatureEntry")
            e.options.map_entry = True
            e.field.add(name="key", number=1, type=F.TYPE_STRING, label=F.LABEL_OPTIONAL)
            e.field.add(name="value", number=2, type=F.TYPE_MESSAGE, label=F.LABEL_OPTIONAL, type_name=".vlalab.tf.Feature")

        message("Features", [("feature", 1, F.TYPE_MESSAGE, F.LABEL_REPEATED, ".vlalab.tf.Features.FeatureEntry", None)], nested=map_entry)
        message("Example", [("features", 1, F.TYPE_MESSAGE, F.LABEL_OPTIONAL, ".vlalab.tf.Features", None)])
        pool = descriptor_pool.DescriptorPool()
        pool.Add(fd)
        _EXAMPLE = message_factory.GetMessageClass(pool.FindMessageTypeByName("vlalab.tf.Example"))
    return _EXAMPLE


def parse_example(data, where=""):
    """{feature name: np.ndarray (float32 / int64) or list of bytes} of one serialized tf.train.Example."""
    from google.protobuf.message import DecodeError

    ex = example_class()()
    try:
        ex.ParseFromString(data)
    except DecodeError as e:
        raise TFRecordError(f"{where} is not a tf.train.Example ({e})") from None
    out = {}
    for name, feat in ex.features.feature.items():
        kind = feat.WhichOneof("kind")
        if kind == "float_list":
            out[name] = np.asarray(feat.float_list.value, dtype=np.float32)
        elif kind == "int64_list":
            out[name] = np.asarray(feat.int64_list.value, dtype=np.int64)
        elif kind == "bytes_list":
            out[name] = list(feat.bytes_list.value)
        else:
            out[name] = []
    return out


def serialize_example(features):
    """A tf.train.Example from {name: float32 array / int64 array / list of bytes} (tests)."""
    ex = example_class()()
    for name, v in features.items():
        f = ex.features.feature[name]
        if isinstance(v, (list, tuple)) and (not v or isinstance(v[0], (bytes, str))):
            f.bytes_list.value.extend(x.encode() if isinstance(x, str) else x for x in v)
        elif np.asarray(v).dtype.kind == "f":
            f.float_list.value.extend(np.asarray(v, dtype=np.float32).ravel().tolist())
        else:
            f.int64_list.value.extend(np.asarray(v, dtype=np.int64).ravel().tolist())
    return ex.SerializeToString()


def examples(path):
    """Yields (record number, parsed example) of a TFRecord file."""
    for i, data in enumerate(records(path)):
        yield i, parse_example(data, f"{path}: record {i}")
