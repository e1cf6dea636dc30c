/**
 * PostgreSQL's text form of an array (array_out), read as node-postgres reads it: `{1,NULL,3}` → [1, null, 3]. PGlite's
 * own array parser hands an unquoted NULL to the element parser as the text "NULL" (so text[] gave "NULL" and int[]
 * gave NaN); here an unquoted NULL is null and a quoted "NULL" stays the four letters.
 *
 * The form: `{` elements `}`, separated by the type's delimiter (`,`; `;` for box); an element is a nested array, a
 * double-quoted string (`\` escapes the next character) or a bare word; `[1:2]={…}` in front when a lower bound is not 1
 * (the bounds are dropped, as node-postgres drops them).
 */
export type ElementParser = (value: string, typeId: number) => unknown;

/** Built-in array types → their element type (pg_type.dat). The app creates no enum or composite arrays. */
export const ARRAY_ELEMENT: ReadonlyMap<number, number> = new Map([
  [1000, 16], // bool
  [1001, 17], // bytea
  [1002, 18], // "char"
  [1003, 19], // name
  [1005, 21], // int2
  [1007, 23], // int4
  [1009, 25], // text
  [1014, 1042], // bpchar
  [1015, 1043], // varchar
  [1016, 20], // int8
  [1021, 700], // float4
  [1022, 701], // float8
  [1028, 26], // oid
  [1115, 1114], // timestamp
  [1182, 1082], // date
  [1183, 1083], // time
  [1185, 1184], // timestamptz
  [1187, 1186], // interval
  [1231, 1700], // numeric
  [1270, 1266], // timetz
  [2951, 2950], // uuid
  [199, 114], // json
  [3807, 3802], // jsonb
  [651, 650], // cidr
  [1040, 829], // macaddr
  [1041, 869], // inet
]);

export function parsePgArray(text: string, element?: ElementParser, elementType = 0, delimiter = ','): unknown[] {
  let i = 0;
  if (text[0] === '[') {
    i = text.indexOf('=') + 1;
    if (i === 0) throw malformed(text);
  }
  const end = text.length;
  const value = (raw: string) => (element ? element(raw, elementType) : raw);
  const list = (): unknown[] => {
    if (text[i] !== '{') throw malformed(text);
    i++;
    const out: unknown[] = [];
    if (text[i] === '}') { i++; return out; }
    for (;;) {
      if (i >= end) throw malformed(text);
      const c = text[i];
      if (c === '{') {
        out.push(list());
      } else if (c === '"') {
        let s = '';
        let from = ++i;
        for (; i < end && text[i] !== '"'; i++) {
          if (text[i] === '\\') { s += text.slice(from, i); from = ++i; }
        }
        if (i >= end) throw malformed(text);
        out.push(value(s + text.slice(from, i++)));
      } else {
        const from = i;
        while (i < end && text[i] !== delimiter && text[i] !== '}') i++;
        const raw = text.slice(from, i);
        out.push(raw === 'NULL' ? null : value(raw));
      }
      if (text[i] === delimiter) { i++; continue; }
      if (text[i] !== '}') throw malformed(text);
      i++;
      return out;
    }
  };
  const out = list();
  if (i !== end) throw malformed(text);
  return out;
}

function malformed(text: string): Error {
  return new Error(`Not an array value: ${text.length > 60 ? text.slice(0, 60) + '…' : text}`);
}
