package cn.yzt.ops.client.api;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

import cn.yzt.ops.tlcp.TlcpError;
import cn.yzt.ops.tlcp.TlcpErrorTranslator;

/** Whatever a call threw (network, TLCP, UKEY, server refusal) as an {@link OpsApiException}. */
final class FailureTranslator {
    private final URI server;
    private final ApiText text;
    private final TlcpErrorTranslator tlcp;

    FailureTranslator(URI server, Locale locale) {
        this.server = server;
        this.text = new ApiText(locale);
        this.tlcp = new TlcpErrorTranslator(locale);
    }

    OpsApiException translate(Throwable t) {
        if (t instanceof OpsApiException o) {
            return o;
        }
        if (t instanceof ServerRefusal r) {
            return r.error();
        }
        if (t instanceof IOException && "Canceled".equalsIgnoreCase(String.valueOf(t.getMessage()))) {
            return new OpsApiException(OpsApiException.Kind.CANCELLED, 0, "CANCELLED", text.get("error.cancelled"),
                    "cancelled", t);
        }
        TlcpError e = tlcp.translate(t);
        return switch (e.failure()) {
            case CONNECT_FAILED -> new OpsApiException(OpsApiException.Kind.UNREACHABLE, 0, e.failure().name(),
                    text.get("error.unreachable", server), e.detail(), t);
            case TIMEOUT -> new OpsApiException(OpsApiException.Kind.TIMEOUT, 0, e.failure().name(),
                    text.get("error.timeout", server), e.detail(), t);
            case TOKEN_FAILED -> new OpsApiException(OpsApiException.Kind.TOKEN, 0, e.failure().name(),
                    text.get("error.token"), e.detail(), t);
            case REJECTED_EXPIRED -> new OpsApiException(OpsApiException.Kind.CERT_EXPIRED, 0, e.failure().name(),
                    text.get("error.tlcp", e.message()), e.detail(), t);
            case OTHER -> t instanceof IOException
                    ? new OpsApiException(OpsApiException.Kind.UNREACHABLE, 0, e.failure().name(),
                            text.get("error.unreachable", server), e.detail(), t)
                    : new OpsApiException(OpsApiException.Kind.PROTOCOL, 0, e.failure().name(),
                            text.get("error.protocol"), e.detail(), t);
            default -> new OpsApiException(OpsApiException.Kind.TLCP_REFUSED, 0, e.failure().name(),
                    text.get("error.tlcp", e.message()), e.detail(), t);
        };
    }

    OpsApiException protocol(String detail, Throwable cause) {
        return new OpsApiException(OpsApiException.Kind.PROTOCOL, 0, "PROTOCOL", text.get("error.protocol"), detail, cause);
    }
}
