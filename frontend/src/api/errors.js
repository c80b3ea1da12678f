export class ApiError extends Error {
    status;
    fieldErrors;
    retryAfterSeconds;
    body;
    constructor(status, message, options = {}) {
        super(message);
        this.name = "ApiError";
        this.status = status;
        this.fieldErrors = options.fieldErrors ?? {};
        this.retryAfterSeconds = options.retryAfterSeconds ?? null;
        this.body = options.body ?? null;
    }
    get isConflict() {
        return this.status === 409;
    }
    get isStale() {
        return this.status === 412;
    }
}
const FALLBACK_MESSAGES = {
    0: "Não foi possível falar com o servidor. Verifique sua conexão e tente de novo.",
    400: "A requisição não pôde ser entendida pelo servidor.",
    401: "Sua sessão terminou. Entre novamente.",
    403: "Você não tem permissão para esta ação.",
    404: "Não encontrado.",
    409: "A ação não é possível no estado atual.",
    412: "Outra pessoa salvou antes de você.",
    413: "O conteúdo enviado é grande demais.",
    422: "Há campos com problemas. Corrija-os e tente de novo.",
    429: "Muitas tentativas. Aguarde um pouco e tente de novo.",
    503: "O serviço está temporariamente indisponível. Tente de novo em instantes.",
};
export function fallbackMessage(status) {
    return FALLBACK_MESSAGES[status] ?? (status >= 500 ? "Erro no servidor. Tente de novo em instantes." : "Não foi possível concluir a ação.");
}
/** Flattens smorest's nested `errors` ({json: {field: [..]}} or {field: [..]} or {sections: {"0": {...}}}). */
export function flattenFieldErrors(errors, prefix = "") {
    const out = {};
    if (!errors || typeof errors !== "object")
        return out;
    for (const [key, value] of Object.entries(errors)) {
        const name = (key === "json" || key === "query" || key === "headers") && !prefix ? "" : prefix ? `${prefix}.${key}` : key;
        if (Array.isArray(value)) {
            const messages = value.filter((item) => typeof item === "string");
            if (messages.length)
                out[name || "_schema"] = [...(out[name || "_schema"] ?? []), ...messages];
            for (const item of value)
                if (item && typeof item === "object")
                    Object.assign(out, flattenFieldErrors(item, name));
        }
        else if (typeof value === "string") {
            out[name || "_schema"] = [...(out[name || "_schema"] ?? []), value];
        }
        else if (value && typeof value === "object") {
            Object.assign(out, flattenFieldErrors(value, name));
        }
    }
    return out;
}
function retryAfter(response) {
    const raw = response.headers.get("Retry-After");
    if (!raw)
        return null;
    const seconds = Number(raw);
    if (Number.isFinite(seconds))
        return Math.max(0, Math.ceil(seconds));
    const date = Date.parse(raw);
    return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
export function toApiError(response, body) {
    const envelope = body && typeof body === "object" && "message" in body ? body : null;
    const message = envelope?.message && typeof envelope.message === "string" ? envelope.message : fallbackMessage(response.status);
    return new ApiError(response.status, message, {
        fieldErrors: flattenFieldErrors(envelope?.errors),
        retryAfterSeconds: retryAfter(response),
        body: envelope,
    });
}
export function networkError(cause) {
    const error = new ApiError(0, fallbackMessage(0));
    error.cause = cause;
    return error;
}
/** A message for any thrown value, for the UI. */
export function messageOf(error) {
    if (error instanceof ApiError) {
        if (error.status === 429 && error.retryAfterSeconds) {
            return `${error.message} Tente de novo em ${formatWait(error.retryAfterSeconds)}.`;
        }
        return error.message;
    }
    return "Algo deu errado. Tente de novo.";
}
export function formatWait(seconds) {
    if (seconds < 60)
        return `${seconds} ${seconds === 1 ? "segundo" : "segundos"}`;
    const minutes = Math.ceil(seconds / 60);
    return `${minutes} ${minutes === 1 ? "minuto" : "minutos"}`;
}
