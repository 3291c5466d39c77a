// A query result as an Arrow IPC stream, for R (arrow::read_ipc_stream) or Python
// (pyarrow.ipc.open_stream). DuckDB's Node API has no Arrow export, so each column is built here
// from DuckDB's values, with the nearest Arrow type.
import {
  DuckDBBlobValue, DuckDBDateValue, DuckDBDecimalValue, DuckDBTimeValue, DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue, DuckDBTimestampSecondsValue, DuckDBTimestampTZValue, DuckDBTimestampValue,
  DuckDBTypeId, type DuckDBValue,
} from '@duckdb/node-api';
import {
  Binary, Bool, DateDay, Field, Float32, Float64, Int16, Int32, Int64, Int8, RecordBatch, Schema, Struct, Table,
  TimeMicrosecond, TimestampMicrosecond, TimestampMillisecond, TimestampNanosecond, TimestampSecond, Uint16, Uint32,
  Uint64, Uint8, Utf8, makeData, tableToIPC, vectorFromArray, type Data, type DataType,
} from 'apache-arrow';
import type { ResultColumn, StatementResult } from './sql_session.ts';

export function toArrowStream({ columns, rows }: StatementResult): Uint8Array {
  const built = columns.map((column, c) => arrowColumn(column, rows.map((row) => row[c])));
  const schema = new Schema(columns.map((column, c) => new Field(column.name, built[c].type, true)));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children: built }));
  return tableToIPC(new Table(schema, [batch]), 'stream');
}

function arrowColumn({ type }: ResultColumn, values: DuckDBValue[]): Data {
  const numbers = <T>(make: (v: DuckDBValue) => T) => values.map((v) => (v === null ? null : make(v)));
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN: return vectorFromArray(values as (boolean | null)[], new Bool()).data[0];
    case DuckDBTypeId.TINYINT: return fixed(new Int8(), Int8Array, values);
    case DuckDBTypeId.SMALLINT: return fixed(new Int16(), Int16Array, values);
    case DuckDBTypeId.INTEGER: return fixed(new Int32(), Int32Array, values);
    case DuckDBTypeId.BIGINT: return fixed(new Int64(), BigInt64Array, values);
    case DuckDBTypeId.UTINYINT: return fixed(new Uint8(), Uint8Array, values);
    case DuckDBTypeId.USMALLINT: return fixed(new Uint16(), Uint16Array, values);
    case DuckDBTypeId.UINTEGER: return fixed(new Uint32(), Uint32Array, values);
    case DuckDBTypeId.UBIGINT: return fixed(new Uint64(), BigUint64Array, values);
    case DuckDBTypeId.FLOAT: return fixed(new Float32(), Float32Array, values);
    case DuckDBTypeId.DOUBLE: return fixed(new Float64(), Float64Array, values);
    // Arrow has no 128-bit integer: sums (HUGEINT in DuckDB) fit in 64 bits in practice, else doubles.
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return values.every((v) => v === null || (typeof v === 'bigint' && v >= -(2n ** 63n) && v < 2n ** 63n))
        ? fixed(new Int64(), BigInt64Array, values)
        : fixed(new Float64(), Float64Array, numbers((v) => Number(v as bigint)));
    // apache-arrow for JS writes no decimals well; R and pandas read them as doubles anyway.
    case DuckDBTypeId.DECIMAL: return fixed(new Float64(), Float64Array, numbers((v) => (v as DuckDBDecimalValue).toDouble()));
    case DuckDBTypeId.DATE: return fixed(new DateDay(), Int32Array, numbers((v) => (v as DuckDBDateValue).days));
    case DuckDBTypeId.TIME: return fixed(new TimeMicrosecond(), BigInt64Array, numbers((v) => (v as DuckDBTimeValue).micros));
    case DuckDBTypeId.TIMESTAMP: return fixed(new TimestampMicrosecond(), BigInt64Array, numbers((v) => (v as DuckDBTimestampValue).micros));
    case DuckDBTypeId.TIMESTAMP_TZ: return fixed(new TimestampMicrosecond('UTC'), BigInt64Array, numbers((v) => (v as DuckDBTimestampTZValue).micros));
    case DuckDBTypeId.TIMESTAMP_S: return fixed(new TimestampSecond(), BigInt64Array, numbers((v) => (v as DuckDBTimestampSecondsValue).seconds));
    case DuckDBTypeId.TIMESTAMP_MS: return fixed(new TimestampMillisecond(), BigInt64Array, numbers((v) => (v as DuckDBTimestampMillisecondsValue).millis));
    case DuckDBTypeId.TIMESTAMP_NS: return fixed(new TimestampNanosecond(), BigInt64Array, numbers((v) => (v as DuckDBTimestampNanosecondsValue).nanos));
    case DuckDBTypeId.BLOB: return binary(values as (DuckDBBlobValue | null)[]);
    // Text, and the rest (lists, structs, intervals, UUIDs…) as DuckDB writes them.
    default: return vectorFromArray(values.map((v) => (v === null ? null : String(v))), new Utf8()).data[0];
  }
}

type FixedArray = Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;

/** A fixed-width column from its values, nulls marked in the validity bitmap. */
function fixed<T extends DataType>(type: T, Array: new (length: number) => FixedArray, values: unknown[]): Data<T> {
  const data = new Array(values.length);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v === null) {
      nullCount++;
      return;
    }
    valid[i >> 3] |= 1 << (i & 7);
    (data as unknown as unknown[])[i] = v;
  });
  return makeData({ type, length: values.length, nullCount, nullBitmap: valid, data } as never) as Data<T>;
}

function binary(values: (DuckDBBlobValue | null)[]): Data<Binary> {
  const offsets = new Int32Array(values.length + 1);
  const valid = new Uint8Array(Math.ceil(values.length / 8));
  let total = 0;
  values.forEach((v, i) => {
    if (v !== null) valid[i >> 3] |= 1 << (i & 7);
    total += v?.bytes.length ?? 0;
    offsets[i + 1] = total;
  });
  const bytes = new Uint8Array(total);
  values.forEach((v, i) => v && bytes.set(v.bytes, offsets[i]));
  return makeData({ type: new Binary(), length: values.length, nullCount: values.filter((v) => v === null).length, nullBitmap: valid, valueOffsets: offsets, data: bytes });
}
