/**
 * CSV/XLSX injection: a cell that starts with = + - @ tab or CR is run as a formula by spreadsheet programs (or
 * becomes one when the sheet is saved as CSV and opened again). Such text gets a leading apostrophe. A plain signed
 * number — an E.164 phone "+98912…", a negative amount "-4400" — is left as it is: it is read as a number, not run.
 */
export function formulaSafe(s: string): string {
  if (/^[=@\t\r]/.test(s) || (/^[+-]/.test(s) && !/^[+-][\d ]+$/.test(s))) return "'" + s;
  return s;
}
