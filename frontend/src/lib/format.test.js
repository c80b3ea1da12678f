import { formatDate, formatMoney, parseDateInput, parseDecimalInput } from "./format";
describe("money", () => {
    it("formats the API's decimal strings as reais", () => {
        expect(formatMoney("1234.56")).toBe("R$ 1.234,56");
        expect(formatMoney("480000")).toBe("R$ 480.000,00");
        expect(formatMoney(null)).toBe("");
    });
    it.each([
        ["R$ 1.234,56", "1234.56"],
        ["1234,56", "1234.56"],
        ["1.234", "1234"],
        ["1.234.567,8", "1234567.8"],
        ["1234.56", "1234.56"],
        ["R$480.000,00", "480000.00"],
        ["0,5", "0.5"],
        ["12", "12"],
    ])("reads %s as %s", (typed, sent) => {
        expect(parseDecimalInput(typed)).toBe(sent);
    });
    it.each(["", "abc", "1,2,3", "12.34,5.6", "1.23,45", "R$"])("refuses %s", (typed) => {
        expect(parseDecimalInput(typed)).toBeNull();
    });
});
describe("dates", () => {
    it("shows dd/mm/aaaa and reads it back", () => {
        expect(formatDate("2026-12-03")).toBe("03/12/2026");
        expect(parseDateInput("03/12/2026")).toBe("2026-12-03");
        expect(parseDateInput("31/02/2026")).toBeNull();
    });
});
