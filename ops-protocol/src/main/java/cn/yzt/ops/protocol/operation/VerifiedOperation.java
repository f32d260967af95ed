package cn.yzt.ops.protocol.operation;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A CMS whose signature, content and certificate checks all passed.
 *
 * @param document    the parsed content
 * @param signer      the signer certificate
 * @param chain       the other certificates carried in the CMS
 * @param signingTime the signed signingTime attribute
 * @param profile     the OID profile it was written with
 */
public record VerifiedOperation(SignedDocument document, X509Certificate signer, List<X509Certificate> chain,
        Instant signingTime, CmsProfile profile) {

    public VerifiedOperation {
        chain = List.copyOf(chain);
    }
}
