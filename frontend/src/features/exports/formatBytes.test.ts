import { formatBytes } from "../../lib/format";

describe("formatBytes", () => {
  it("writes sizes the Brazilian way, with the unit", () => {
    expect(formatBytes(1_258_291)).toBe("1,2 MB");
    expect(formatBytes(20_480)).toBe("20 KB");
    expect(formatBytes(5_632)).toBe("5,5 KB");
    expect(formatBytes(12_800)).toBe("13 KB");
    expect(formatBytes(980)).toBe("980 bytes");
    expect(formatBytes(1)).toBe("1 byte");
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3 GB");
    expect(formatBytes(null)).toBe("");
    expect(formatBytes(-5)).toBe("");
  });
});
