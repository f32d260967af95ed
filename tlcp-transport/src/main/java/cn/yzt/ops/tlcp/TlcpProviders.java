package cn.yzt.ops.tlcp;

import java.security.Provider;
import java.security.Security;

import org.openeuler.BGMJCEProvider;
import org.openeuler.BGMJSSEProvider;

/**
 * Registers bgmprovider in the one order that keeps both GMTLS and ordinary TLS working
 * (TLCP-NOTES.md): [token provider], BGMJCEProvider, the JDK's providers, BGMJSSEProvider last.
 * Upstream's advice (BGMProvider first) takes over the JVM's default "TLS" context and breaks
 * plain TLS; appending everything breaks GMTLS. GMTLS contexts are always requested from the
 * {@link #jsse()} instance by reference, never by name lookup.
 *
 * <p>This is the module's only static mutable state: the JVM-wide provider list.
 */
public final class TlcpProviders {

    private static final Object LOCK = new Object();

    private TlcpProviders() {
    }

    /** Idempotent. Must run before the first handshake (the JVM options of tlcp.args must be set). */
    public static void install() {
        synchronized (LOCK) {
            if (Security.getProvider(BGMJCE_NAME) == null) {
                Security.insertProviderAt(new BGMJCEProvider(), 1);
            }
            if (Security.getProvider(BGMJSSE_NAME) == null) {
                Security.addProvider(new BGMJSSEProvider());
            }
        }
    }

    /**
     * Puts a token provider (the UKEY's JCA provider) in front of BGMJCEProvider, so the token
     * receives signatures for its handle keys by JCA delayed provider selection, without a shim.
     */
    public static void installTokenProvider(Provider tokenProvider) {
        synchronized (LOCK) {
            install();
            if (Security.getProvider(tokenProvider.getName()) == null) {
                Security.insertProviderAt(tokenProvider, 1);
            }
        }
    }

    /** The registered BGMJSSEProvider (installs it first if needed). */
    public static Provider jsse() {
        install();
        return Security.getProvider(BGMJSSE_NAME);
    }

    static final String BGMJCE_NAME = "BGMJCEProvider";
    static final String BGMJSSE_NAME = "BGMJSSEProvider";
}
