package cn.yzt.ops.tlcp.okhttp;

import java.time.Duration;
import java.util.List;

import cn.yzt.ops.tlcp.TlcpClientContext;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * OkHttp clients over a TLCP client context: protocol-name masking for OkHttp, a connection
 * spec that leaves TLCP's versions and suites alone, sign-certificate host verification, HTTP/1.1
 * (no ALPN in TLCP deployments), and timeouts. Translate failures with
 * {@link cn.yzt.ops.tlcp.TlcpErrorTranslator}.
 */
public final class TlcpOkHttp {

    private TlcpOkHttp() {
    }

    public static OkHttpClient client(TlcpClientContext ctx, Duration connectTimeout, Duration readTimeout) {
        return builder(ctx, connectTimeout, readTimeout).build();
    }

    /** A builder, for callers that add interceptors; keep the TLS settings as they are. */
    public static OkHttpClient.Builder builder(TlcpClientContext ctx, Duration connectTimeout, Duration readTimeout) {
        ConnectionSpec spec = new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
                .allEnabledTlsVersions()
                .allEnabledCipherSuites()
                .build();
        return new OkHttpClient.Builder()
                .sslSocketFactory(new MaskingSocketFactory(ctx.socketFactory()), ctx.trustManager())
                .hostnameVerifier(new TlcpHostnameVerifier())
                .connectionSpecs(List.of(spec))
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .writeTimeout(readTimeout)
                .retryOnConnectionFailure(false);
    }
}
