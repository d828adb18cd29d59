// Package export writes the lists staff handle in spreadsheets (registry
// look-ups, the dispute queue, a department's notices) as CSV and XLSX.
// CSV is UTF-8 with a byte-order mark, so that Excel reads the Chinese
// text; in both formats a cell that a spreadsheet would take for a formula
// (starting with = + - @, a tab or a carriage return) is written as text.
package export
