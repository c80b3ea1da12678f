import { flattenFieldErrors, messageOf, toApiError } from "./errors";
describe("the error envelope", () => {
    it("keeps the API's Portuguese message and places field errors on their fields", () => {
        const response = new Response(null, { status: 422 });
        const error = toApiError(response, {
            code: 422,
            status: "Unprocessable Entity",
            message: "Dados inválidos.",
            errors: { json: { title: ["Campo obrigatório."], responsavel_tecnico: { nome: ["Muito longo."] } } },
        });
        expect(error.status).toBe(422);
        expect(error.message).toBe("Dados inválidos.");
        expect(error.fieldErrors).toEqual({ title: ["Campo obrigatório."], "responsavel_tecnico.nome": ["Muito longo."] });
    });
    it("says when to try again after a 429", () => {
        const response = new Response(null, { status: 429, headers: { "Retry-After": "90" } });
        const error = toApiError(response, { code: 429, status: "Too Many Requests", message: "Muitas tentativas de login." });
        expect(messageOf(error)).toBe("Muitas tentativas de login. Tente de novo em 2 minutos.");
    });
    it("falls back to a Portuguese message when the body is not the envelope", () => {
        const error = toApiError(new Response(null, { status: 503 }), "<html>");
        expect(error.message).toMatch(/indisponível/);
        expect(flattenFieldErrors(undefined)).toEqual({});
    });
});
