import { readFileSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';
const b = readFileSync(process.argv[2]);
const ab = b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;
const m = parquetMetadata(ab);
console.log(m.schema.map((s) => `${s.name}:${s.type}:${s.repetition_type}`), m.row_groups.length);
for (const c of m.row_groups[0].columns) {
  const md = c.meta_data!;
  console.log(md.path_in_schema, md.encodings, md.codec, md.num_values, md.dictionary_page_offset, md.data_page_offset);
  const start = Number(md.dictionary_page_offset ?? md.data_page_offset);
  const reader = { view: new DataView(ab, start, Number(md.total_compressed_size)), offset: 0 };
  for (let i = 0; i < 4 && reader.offset < Number(md.total_compressed_size); i++) {
    const h = parquetHeader(reader);
    console.log('  ', h.type, h.compressed_page_size, h.uncompressed_page_size, JSON.stringify(h.data_page_header ?? h.dictionary_page_header ?? h.data_page_header_v2, (k, v) => (typeof v === 'bigint' ? Number(v) : v)));
    reader.offset += h.compressed_page_size;
  }
}
