package cn.yzt.ops.client.api;

import java.io.IOException;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns a non-2xx answer {code, message_zh, message_en[, reason, reason_zh, reason_en]} into an
 * {@link OpsApiException} with the message in the console's language (thrown as {@link ServerRefusal}).
 * One job.
 */
final class ErrorTranslationInterceptor implements Interceptor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 16 * 1024;

    private final Locale locale;
    private final ApiText text;

    ErrorTranslationInterceptor(Locale locale) {
        this.locale = locale;
        this.text = new ApiText(locale);
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response r = chain.proceed(chain.request());
        if (r.isSuccessful()) {
            return r;
        }
        int status = r.code();
        String code = null;
        String zh = null;
        String en = null;
        String reason = null;
        String reasonZh = null;
        String reasonEn = null;
        try (ResponseBody body = r.body()) {
            okio.BufferedSource src = body.source();
            src.request(MAX_ERROR_BODY); // false at end of body: whatever arrived is buffered
            byte[] bytes = src.getBuffer().readByteArray(Math.min(src.getBuffer().size(), MAX_ERROR_BODY));
            JsonNode n = JSON.readTree(bytes);
            if (n != null && n.isObject()) {
                code = text(n, "code");
                zh = text(n, "message_zh");
                en = text(n, "message_en");
                reason = text(n, "reason");
                reasonZh = text(n, "reason_zh");
                reasonEn = text(n, "reason_en");
            }
        } catch (IOException | RuntimeException ex) {
            // no parsable error body: the status alone decides
        }
        boolean english = locale.getLanguage().equals("en");
        String message = english ? en : zh;
        String why = english ? reasonEn : reasonZh;
        if (why != null && !why.isBlank()) {
            // a refused signed operation says why (the generic advice would mislead), with the code for support
            message = reason == null ? why : why + " [" + reason + "]";
        }
        if (message == null || message.isBlank()) {
            message = text.get("error.server", status);
        }
        throw new ServerRefusal(new OpsApiException(kind(status, code), status, code == null ? "HTTP_" + status : code,
                message, r.request().method() + " " + r.request().url().encodedPath() + " -> " + status + " " + code
                + (reason == null ? "" : " " + reason), null));
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    static OpsApiException.Kind kind(int status, String code) {
        if ("LOGIN_FAILED".equals(code)) {
            return OpsApiException.Kind.LOGIN_REFUSED;
        }
        if ("OPERATION_REFUSED".equals(code)) {
            return OpsApiException.Kind.OPERATION_REFUSED;
        }
        return switch (status) {
            case 400, 413, 414, 415, 422 -> OpsApiException.Kind.INVALID_INPUT;
            case 401 -> OpsApiException.Kind.UNAUTHENTICATED;
            case 403 -> OpsApiException.Kind.FORBIDDEN;
            case 404 -> OpsApiException.Kind.NOT_FOUND;
            case 409 -> OpsApiException.Kind.CONFLICT;
            case 429 -> OpsApiException.Kind.RATE_LIMITED;
            default -> status >= 500 ? OpsApiException.Kind.SERVER_ERROR : OpsApiException.Kind.PROTOCOL;
        };
    }
}
