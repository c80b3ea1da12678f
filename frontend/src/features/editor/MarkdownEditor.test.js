import { jsx as _jsx } from "react/jsx-runtime";
import { act, configure, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createRef } from "react";
import { MarkdownEditor } from "./MarkdownEditor";
import { applyEdit, commandEdit, TABLE_SKELETON } from "./markdownCommands";
// a cold first run (transforms, jsdom) can pass the default 1 s of findBy/waitFor
configure({ asyncUtilTimeout: 4000 });
function setup(initial) {
    const onInput = vi.fn();
    const utils = render(_jsx(MarkdownEditor, { id: "texto", defaultValue: initial, onInput: onInput, highlights: ["palavra marcada"] }));
    const textarea = screen.getByLabelText("Texto da seção");
    return { ...utils, onInput, textarea };
}
function select(textarea, start, end = start) {
    textarea.focus();
    textarea.setSelectionRange(start, end);
}
describe("markdown commands", () => {
    it("turns the caret's line into a heading, replacing an existing heading marker", () => {
        const value = "Primeira linha\n### Segunda linha\nTerceira";
        const at = value.indexOf("Segunda");
        expect(applyEdit(value, commandEdit("heading", { value, start: at, end: at }))).toBe("Primeira linha\n## Segunda linha\nTerceira");
    });
    it("numbers each selected line and skips blank ones", () => {
        const value = "maçã\n\npera\nuva";
        expect(applyEdit(value, commandEdit("numberedList", { value, start: 0, end: value.length }))).toBe("1. maçã\n\n2. pera\n3. uva");
    });
    it("wraps the selection in bold, keeping a double-click's trailing space outside", () => {
        const value = "texto importante aqui";
        const edit = commandEdit("bold", { value, start: 6, end: 17 });
        expect(applyEdit(value, edit)).toBe("texto **importante** aqui");
        expect(applyEdit(value, edit).slice(edit.selectStart, edit.selectEnd)).toBe("importante");
    });
    it("makes a link of the selection with the address selected to be typed", () => {
        const value = "veja o portal";
        const edit = commandEdit("link", { value, start: 7, end: 13 });
        const next = applyEdit(value, edit);
        expect(next).toBe("veja o [portal](https://)");
        expect(next.slice(edit.selectStart, edit.selectEnd)).toBe("https://");
    });
});
describe("MarkdownEditor", () => {
    it("labels the textarea and names the toolbar and its buttons in Portuguese", () => {
        setup("");
        const toolbar = screen.getByRole("toolbar", { name: "Formatação" });
        for (const name of ["Título", "Subtítulo", "Negrito", "Itálico", "Lista com marcadores", "Lista numerada", "Tabela", "Link"]) {
            expect(within(toolbar).getByRole("button", { name })).toBeInTheDocument();
        }
        // roving tabindex: one stop in the tab order, arrows move inside
        const buttons = within(toolbar).getAllByRole("button");
        expect(buttons.filter((button) => button.tabIndex === 0)).toHaveLength(1);
        buttons[0]?.focus();
        fireEvent.keyDown(toolbar, { key: "ArrowRight" });
        expect(document.activeElement).toBe(buttons[1]);
        expect(buttons[1]?.tabIndex).toBe(0);
    });
    it("inserts a heading at the caret's line", async () => {
        const { textarea, onInput } = setup("Necessidade da contratação\nSegundo parágrafo");
        select(textarea, 3);
        await userEvent.click(screen.getByRole("button", { name: "Título" }));
        expect(textarea.value).toBe("## Necessidade da contratação\nSegundo parágrafo");
        expect(onInput).toHaveBeenLastCalledWith("## Necessidade da contratação\nSegundo parágrafo");
    });
    it("inserts a bulleted list over the selected lines", async () => {
        const { textarea } = setup("Intro\nitem um\nitem dois\nFim");
        select(textarea, 6, 6 + "item um\nitem dois".length);
        await userEvent.click(screen.getByRole("button", { name: "Lista com marcadores" }));
        expect(textarea.value).toBe("Intro\n- item um\n- item dois\nFim");
    });
    it("inserts a 3-column table skeleton with a header row at the caret, as its own block", async () => {
        const { textarea } = setup("Antes da tabela. Depois.");
        select(textarea, "Antes da tabela.".length);
        await userEvent.click(screen.getByRole("button", { name: "Tabela" }));
        expect(textarea.value).toBe(`Antes da tabela.\n\n${TABLE_SKELETON}\n\n Depois.`);
        expect(TABLE_SKELETON.split("\n")[0]).toBe("| Coluna 1 | Coluna 2 | Coluna 3 |");
        expect(TABLE_SKELETON.split("\n")[1]).toBe("| --- | --- | --- |");
        expect(textarea.value.slice(textarea.selectionStart, textarea.selectionEnd)).toBe("Coluna 1");
    });
    it("applies bold and italic with Ctrl+B and Ctrl+I", () => {
        const { textarea } = setup("um dois");
        select(textarea, 3, 7);
        fireEvent.keyDown(textarea, { key: "b", ctrlKey: true });
        expect(textarea.value).toBe("um **dois**");
        select(textarea, 0, 2);
        fireEvent.keyDown(textarea, { key: "i", ctrlKey: true });
        expect(textarea.value).toBe("_um_ **dois**");
    });
    it("shows the rendered Markdown on Visualizar, with the quality excerpt marked", async () => {
        const { textarea } = setup("## Seção\n\nUm texto com a palavra marcada no meio.");
        expect(screen.queryByRole("heading", { name: "Seção" })).not.toBeInTheDocument();
        const toggle = screen.getByRole("button", { name: "Visualizar" });
        await userEvent.click(toggle);
        expect(toggle).toHaveAttribute("aria-pressed", "true");
        expect(await screen.findByRole("heading", { name: "Seção", level: 2 })).toBeInTheDocument();
        const mark = document.querySelector(".etp-editor__preview mark");
        expect(mark?.textContent).toBe("palavra marcada");
        // typing updates the (deferred) preview
        fireEvent.input(textarea, { target: { value: "**novo** texto" } });
        expect(await screen.findByText("novo", { selector: "strong" })).toBeInTheDocument();
    });
    it("never renders raw HTML typed into the text", async () => {
        setup('<img src=x onerror="alert(1)"> texto');
        await userEvent.click(screen.getByRole("button", { name: "Visualizar" }));
        const preview = document.querySelector(".etp-editor__preview .etp-markdown");
        expect(preview?.querySelector("img")).toBeNull();
        expect(preview?.textContent).toContain("<img");
    });
    it("exposes setValue and selectText to the page", () => {
        const handle = createRef();
        render(_jsx(MarkdownEditor, { ref: handle, id: "t", defaultValue: "", onInput: () => undefined }));
        const textarea = screen.getByLabelText("Texto da seção");
        act(() => handle.current?.setValue("um trecho qualquer"));
        expect(textarea.value).toBe("um trecho qualquer");
        expect(handle.current?.selectText("trecho")).toBe(true);
        expect(textarea.value.slice(textarea.selectionStart, textarea.selectionEnd)).toBe("trecho");
        expect(handle.current?.selectText("ausente")).toBe(false);
    });
});
