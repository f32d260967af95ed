package cn.yzt.ops.server.cli;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.KeyVault;
import cn.yzt.ops.server.crypto.Sm2PrivateKeys;
import cn.yzt.ops.tlcp.TlcpContexts;
import cn.yzt.ops.tlcp.pki.PemFiles;

/**
 * The server's TLCP identity: certificate chains from the configuration, private keys from the
 * key vault (current TLCP_SIGN / TLCP_ENC versions, {@code tlcp.keySource=vault}, the default) or
 * from encrypted PKCS#8 PEM files ({@code tlcp.keySource=pem}). A key that does not belong to its
 * certificate stops the start with a clear message instead of failing every handshake.
 */
final class TlcpServerKeys {

    private TlcpServerKeys() {
    }

    static TlcpContexts.ServerBuilder builder(ServerConfig cfg, KeyVault vault) throws IOException {
        List<X509Certificate> signChain = PemFiles.readCertificates(cfg.path("tlcp.signChain"));
        List<X509Certificate> encChain = PemFiles.readCertificates(cfg.path("tlcp.encChain"));
        String source = cfg.string("tlcp.keySource");
        PrivateKey signKey;
        PrivateKey encKey;
        if ("vault".equals(source)) {
            signKey = fromVault(vault, KeyPurpose.TLCP_SIGN, signChain.get(0));
            encKey = fromVault(vault, KeyPurpose.TLCP_ENC, encChain.get(0));
        } else if ("pem".equals(source)) {
            char[] pw = Secrets.read(cfg.string("tlcp.keyPasswordEnv"), "TLCP key password", false);
            try {
                signKey = PemFiles.readPrivateKey(cfg.path("tlcp.signKey"), pw);
                encKey = PemFiles.readPrivateKey(cfg.path("tlcp.encKey"), pw);
            } finally {
                java.util.Arrays.fill(pw, '\0');
            }
        } else {
            throw new IllegalArgumentException("tlcp.keySource must be vault or pem, not " + source);
        }
        return TlcpContexts.server().keys(signKey, signChain.toArray(new X509Certificate[0]),
                encKey, encChain.toArray(new X509Certificate[0]));
    }

    private static PrivateKey fromVault(KeyVault vault, KeyPurpose purpose, X509Certificate cert) {
        byte[] d = vault.currentKey(purpose);
        try {
            if (!Sm2PrivateKeys.matches(d, cert.getPublicKey())) {
                throw new IllegalStateException("the key file's " + purpose + " key does not belong to certificate "
                        + cert.getSubjectX500Principal() + "; run ops-server keys import-tlcp");
            }
            return Sm2PrivateKeys.fromScalar(d);
        } finally {
            Bytes.wipe(d);
        }
    }
}
