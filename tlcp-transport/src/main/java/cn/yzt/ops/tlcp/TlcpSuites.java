package cn.yzt.ops.tlcp;

import java.util.List;

/** TLCP (GB/T 38636-2020) protocol and cipher-suite names as bgmprovider spells them. */
public final class TlcpSuites {

    /** bgmprovider's SSLContext protocol and the session protocol name for TLCP 1.1. */
    public static final String PROTOCOL = "GMTLS";

    public static final String ECC_SM4_GCM_SM3 = "ECC_SM4_GCM_SM3";
    public static final String ECC_SM4_CBC_SM3 = "ECC_SM4_CBC_SM3";
    public static final String ECDHE_SM4_GCM_SM3 = "ECDHE_SM4_GCM_SM3";
    public static final String ECDHE_SM4_CBC_SM3 = "ECDHE_SM4_CBC_SM3";

    /**
     * Suites usable with a key on a token, GCM preferred. The ECDHE suites need SM2 key agreement
     * with the client's enc private key, which an SKF token cannot do for Java.
     */
    public static final List<String> TOKEN_SAFE = List.of(ECC_SM4_GCM_SM3, ECC_SM4_CBC_SM3);

    /** All four, for servers (their keys are in software or a cipher machine). */
    public static final List<String> ALL = List.of(ECC_SM4_GCM_SM3, ECC_SM4_CBC_SM3, ECDHE_SM4_GCM_SM3,
            ECDHE_SM4_CBC_SM3);

    private TlcpSuites() {
    }

    public static boolean isEcdhe(String suite) {
        return suite.startsWith("ECDHE_");
    }
}
