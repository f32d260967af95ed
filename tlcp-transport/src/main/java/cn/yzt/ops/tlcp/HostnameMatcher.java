package cn.yzt.ops.tlcp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * RFC 6125 host matching against a certificate's subjectAltName (DNS names with a left-most
 * wildcard label, IP addresses). The common name is not consulted, as in current browsers.
 * Used on the server's SIGN certificate: bgmprovider's client session exposes only the enc
 * certificate, so library verifiers would check the wrong one.
 */
public final class HostnameMatcher {

    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private HostnameMatcher() {
    }

    public static boolean matches(String host, X509Certificate cert) {
        if (host == null || host.isEmpty()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException ex) {
            return false;
        }
        if (sans == null) {
            return false;
        }
        boolean ip = isIp(h);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (ip && type == SAN_IP && sameAddress(h, value)) {
                return true;
            }
            if (!ip && type == SAN_DNS && dnsMatches(h, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isIp(String h) {
        return h.contains(":") || h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (UnknownHostException ex) {
            return false;
        }
    }

    static boolean dnsMatches(String host, String pattern) {
        String h = trimDot(host.toLowerCase(Locale.ROOT));
        String p = trimDot(pattern.toLowerCase(Locale.ROOT));
        if (!p.startsWith("*.")) {
            return h.equals(p);
        }
        String suffix = p.substring(1);
        // "*" stands for exactly one label, never for a public suffix alone.
        return h.endsWith(suffix) && h.length() > suffix.length()
                && h.indexOf('.') == h.length() - suffix.length() && suffix.indexOf('.', 1) > 0;
    }

    private static String trimDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
