import { fileNameOf, saveBlob } from "./download";

describe("fileNameOf", () => {
  it("reads filename* first, then filename, else null", () => {
    expect(fileNameOf(`attachment; filename="a.json"; filename*=UTF-8''dados%20pessoais.json`)).toBe("dados pessoais.json");
    expect(fileNameOf('attachment; filename="auditoria-2026-12-03.csv"')).toBe("auditoria-2026-12-03.csv");
    expect(fileNameOf("attachment; filename=etp.pdf")).toBe("etp.pdf");
    expect(fileNameOf("inline")).toBeNull();
    expect(fileNameOf(null)).toBeNull();
  });

  it("never gives a path", () => {
    expect(fileNameOf('attachment; filename="../../etc/passwd"')).toBe(".._.._etc_passwd");
    expect(fileNameOf("attachment; filename*=UTF-8''..%2F..%2Fx.csv")).toBe(".._.._x.csv");
  });

  it("falls back to the plain name on a malformed escape", () => {
    expect(fileNameOf(`attachment; filename*=UTF-8''%E0%A4%A; filename="b.csv"`)).toBe("b.csv");
  });
});

describe("saveBlob", () => {
  it("clicks a transient download link on an object URL", () => {
    const created = vi.fn(() => "blob:http://localhost/1");
    vi.stubGlobal("URL", Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }));
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    saveBlob(new Blob(["a;b"], { type: "text/csv" }), "auditoria.csv");
    expect(created).toHaveBeenCalledTimes(1);
    expect(clicked).toHaveLength(1);
    expect(clicked[0]?.download).toBe("auditoria.csv");
    expect(clicked[0]?.href).toBe("blob:http://localhost/1");
    expect(document.querySelector("a[download]")).toBeNull(); // removed after the click
    click.mockRestore();
  });
});
