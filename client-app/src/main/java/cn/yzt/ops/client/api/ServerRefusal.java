package cn.yzt.ops.client.api;

import java.io.IOException;

/**
 * Carries a translated server error through OkHttp's interceptor chain, which only lets
 * IOExceptions pass cleanly; {@link HttpOpsApi} unwraps it.
 */
final class ServerRefusal extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient OpsApiException error;

    ServerRefusal(OpsApiException error) {
        super(error.code());
        this.error = error;
    }

    OpsApiException error() {
        return error;
    }
}
