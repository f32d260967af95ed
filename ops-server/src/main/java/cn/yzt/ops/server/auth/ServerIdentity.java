package cn.yzt.ops.server.auth;

/**
 * Who this server is in login statements: its configured id and the SM3 fingerprint of its TLCP
 * signing certificate, supplied by the transport that owns that certificate.
 */
public record ServerIdentity(String serverId, byte[] tlcpCertSm3) {

    public ServerIdentity {
        if (tlcpCertSm3 == null || tlcpCertSm3.length != 32) {
            throw new IllegalArgumentException("server TLCP certificate SM3 fingerprint must be 32 bytes");
        }
        tlcpCertSm3 = tlcpCertSm3.clone();
    }

    @Override
    public byte[] tlcpCertSm3() {
        return tlcpCertSm3.clone();
    }
}
