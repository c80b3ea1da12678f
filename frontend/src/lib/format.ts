// pt-BR formatting: money "R$ 1.234,56" both ways (inputs accept it, the API gets "1234.56"),
// dates dd/mm/aaaa, times hh:mm.

const money = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "BRL" });
const decimal = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 4 });

/** "1234.5" (the API's decimal string) → "R$ 1.234,50". Empty for null/blank. */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? money.format(number).replace(/\u00a0/g, " ") : String(value);
}

/** "1234.5" → "1.234,5" (quantities). */
export function formatDecimal(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? decimal.format(number) : String(value);
}

/**
 * What a person typed as money or a decimal quantity → the API's decimal string, or null when it is
 * not a number. Accepts "R$ 1.234,56", "1234,56", "1.234", "1234.56", "1 234,56".
 */
export function parseDecimalInput(input: string): string | null {
  let text = input.replace(/R\$/gi, "").replace(/[\s\u00a0]/g, "");
  if (!text) return null;
  const negative = text.startsWith("-");
  if (negative) text = text.slice(1);
  if (!/^[\d.,]+$/.test(text)) return null;
  const lastComma = text.lastIndexOf(",");
  const lastDot = text.lastIndexOf(".");
  let integer: string;
  let fraction = "";
  if (lastComma >= 0) {
    // Brazilian: dots group thousands, the comma separates decimals
    integer = text.slice(0, lastComma);
    fraction = text.slice(lastComma + 1);
    if (fraction.includes(".") || integer.includes(",")) return null;
    if (integer.includes(".") && !/^\d{1,3}(\.\d{3})+$/.test(integer)) return null;
    integer = integer.replace(/\./g, "");
  } else if (lastDot >= 0) {
    const groups = text.split(".");
    // "1.234" or "1.234.567": thousands; "1234.5": a decimal point
    if (groups.length > 2 || (groups[1]?.length === 3 && groups[0] !== "0")) {
      if (!/^\d{1,3}(\.\d{3})+$/.test(text)) return null;
      integer = text.replace(/\./g, "");
    } else {
      integer = groups[0] ?? "";
      fraction = groups[1] ?? "";
    }
  } else {
    integer = text;
  }
  if (!/^\d*$/.test(integer) || !/^\d*$/.test(fraction) || (!integer && !fraction)) return null;
  integer = integer.replace(/^0+(?=\d)/, "") || "0";
  const result = fraction ? `${integer}.${fraction}` : integer;
  return negative ? `-${result}` : result;
}

function toDate(value: string | Date): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // A bare "2026-12-03" is a calendar day, not midnight UTC.
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = day ? new Date(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const two = (n: number) => String(n).padStart(2, "0");

/** dd/mm/aaaa */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "";
  const date = toDate(value);
  return date ? `${two(date.getDate())}/${two(date.getMonth() + 1)}/${date.getFullYear()}` : "";
}

/** hh:mm */
export function formatTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  const date = toDate(value);
  return date ? `${two(date.getHours())}:${two(date.getMinutes())}` : "";
}

/** dd/mm/aaaa às hh:mm */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "";
  return `${formatDate(value)} às ${formatTime(value)}`;
}

/** "dd/mm/aaaa" typed in a field → "aaaa-mm-dd" for the API, or null. Accepts the ISO form too. */
export function parseDateInput(input: string): string | null {
  const text = input.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (!match) return null;
  const [, d, m, y] = match;
  const date = new Date(Number(y), Number(m) - 1, Number(d));
  if (date.getDate() !== Number(d) || date.getMonth() !== Number(m) - 1) return null;
  return `${y}-${two(Number(m))}-${two(Number(d))}`;
}

/** "3 seções" / "1 seção" */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Elapsed time "1 min 05 s" / "12 s". */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return minutes ? `${minutes} min ${two(seconds)} s` : `${seconds} s`;
}

const byteUnits = ["KB", "MB", "GB", "TB"];

/** File sizes in pt-BR: "980 bytes", "1 byte", "12,5 KB", "1,2 MB" (1 KB = 1024 bytes). Empty for null. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${Math.round(bytes)} bytes`;
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${new Intl.NumberFormat("pt-BR", { maximumFractionDigits: digits }).format(Number(value.toFixed(digits)))} ${byteUnits[unit]}`;
}

const integer = new Intl.NumberFormat("pt-BR", { maximumFractionDigits: 0 });
const usd = new Intl.NumberFormat("pt-BR", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** Whole numbers (token counts): 1234567 → "1.234.567". Empty for null. */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "";
  return integer.format(value);
}

/** An estimated cost in dollars (the API's decimal string): "0.0135" → "US$ 0,0135", "12.5" → "US$ 12,50". */
export function formatUsd(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "";
  const number = typeof value === "number" ? value : Number(value);
  return Number.isFinite(number) ? usd.format(number).replace(/\u00a0/g, " ") : String(value);
}
