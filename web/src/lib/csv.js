// Small CSV helpers for the import wizard's preview (the server does the real parsing).

/** Decode bytes for display: UTF-8 when valid, else GB18030 (the two encodings the server reads). */
export function decodeText(buf) {
  const bytes = new Uint8Array(buf);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, ''), encoding: 'UTF-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'GB18030' };
  }
}

/** Parse the first `max` records of CSV text (RFC 4180 quotes). */
export function parseCsv(text, max = Infinity) {
  const rows = [];
  let row = [], field = '', i = 0, q = false;
  const n = text.length;
  while (i < n && rows.length < max) {
    const c = text[i];
    if (q) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        q = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { q = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r') { i++; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (rows.length < max && (field !== '' || row.length)) { row.push(field); rows.push(row); }
  return rows;
}

/** Data rows of a CSV text (records after the header, blank lines not counted). */
export function countRecords(text) {
  let n = 0, q = false, nonEmpty = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) q = !q;
    else if (c === 10 && !q) { if (nonEmpty) n++; nonEmpty = false; continue; }
    if (c !== 13) nonEmpty = true;
  }
  if (nonEmpty) n++;
  return Math.max(0, n - 1);
}

export function csvLine(cells) {
  return cells.map((c) => (/[",\r\n]/.test(c) ? '"' + c.replace(/"/g, '""') + '"' : c)).join(',');
}
