package cn.yzt.ops.tlcp;

import java.security.PrivateKey;

/** Stands in for a token key handle: algorithm "EC", no encoding, no scalar. */
final class HandleKey implements PrivateKey {

    private static final long serialVersionUID = 1L;

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }
}
