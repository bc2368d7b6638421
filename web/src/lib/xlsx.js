// Read the first sheet of an uploaded workbook with SheetJS (loaded only here) and turn
// it into UTF-8 CSV text for POST /members/import or /orgs/import. Date cells become
// YYYY-MM-DD (formatted from the serial number: no time zone involved).
import * as XLSX from 'xlsx';

export function workbookToCsv(buf) {
  const wb = XLSX.read(buf, { type: 'array', cellDates: false, cellNF: true, cellText: true });
  const name = wb.SheetNames[0];
  if (!name) return { csv: '', sheet: '', sheets: 0 };
  const ws = wb.Sheets[name];
  for (const k of Object.keys(ws)) {
    if (k[0] === '!') continue;
    const c = ws[k];
    if (c.t !== 'n') continue;
    if (c.z && XLSX.SSF.is_date(c.z)) c.w = XLSX.SSF.format('yyyy-mm-dd', c.v);
    else if (Number.isInteger(c.v)) c.w = String(c.v); // long numbers (phones) without 1.38E+10
  }
  const csv = XLSX.utils.sheet_to_csv(ws, { FS: ',', RS: '\n', blankrows: false });
  return { csv, sheet: name, sheets: wb.SheetNames.length };
}
