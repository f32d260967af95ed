package cn.yzt.ops.server.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.Callable;

import cn.yzt.ops.server.config.ServerConfig;
import cn.yzt.ops.server.crypto.Bytes;
import cn.yzt.ops.server.crypto.KeyPurpose;
import cn.yzt.ops.server.crypto.SealedKeyFile;
import cn.yzt.ops.server.crypto.Sm2PrivateKeys;
import cn.yzt.ops.tlcp.pki.PemFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ops-server keys import-tlcp}: moves the server's TLCP sign/enc private keys from the
 * encrypted PEM files the CA tooling writes into the sealed key file, as new current versions
 * (older versions stay, like a rotation). Each key is checked against the configured certificate
 * (tlcp.signChain / tlcp.encChain leaf) when that file exists, so a mix-up is refused here rather
 * than at the first handshake. Afterwards the PEM files can be destroyed.
 */
@Command(name = "import-tlcp", mixinStandardHelpOptions = true,
        description = "import the server's TLCP sign and enc private keys (encrypted PKCS#8 PEM; password from tlcp.keyPasswordEnv) into the key file")
final class ImportTlcpCommand implements Callable<Integer> {

    @ParentCommand
    KeysCommand keys;

    @Option(names = "--sign-key", required = true, description = "PEM private key of the TLCP sign certificate")
    Path signKey;

    @Option(names = "--enc-key", required = true, description = "PEM private key of the TLCP enc certificate")
    Path encKey;

    @Override
    public Integer call() throws Exception {
        ServerConfig cfg = keys.root.config();
        char[] pem = Secrets.read(cfg.string("tlcp.keyPasswordEnv"), "TLCP key password", false);
        byte[] sign = null;
        byte[] enc = null;
        try {
            try {
                sign = Sm2PrivateKeys.scalar(PemFiles.readPrivateKey(signKey, pem));
                enc = Sm2PrivateKeys.scalar(PemFiles.readPrivateKey(encKey, pem));
            } finally {
                Arrays.fill(pem, '\0');
            }
            checkAgainst(cfg.path("tlcp.signChain"), sign, "sign");
            checkAgainst(cfg.path("tlcp.encChain"), enc, "enc");
            char[] pass = Secrets.read(cfg.string("keys.passphraseEnv"), "key file passphrase", false);
            try {
                SealedKeyFile v = SealedKeyFile.open(cfg.path("keys.file"), pass);
                int s = v.importKey(KeyPurpose.TLCP_SIGN, sign, pass);
                int e = v.importKey(KeyPurpose.TLCP_ENC, enc, pass);
                System.out.println(KeyPurpose.TLCP_SIGN + " version " + s + ", " + KeyPurpose.TLCP_ENC + " version " + e);
            } finally {
                Arrays.fill(pass, '\0');
            }
        } finally {
            if (sign != null) {
                Bytes.wipe(sign);
            }
            if (enc != null) {
                Bytes.wipe(enc);
            }
        }
        return 0;
    }

    private static void checkAgainst(Path chain, byte[] d, String what) throws java.io.IOException {
        if (!Files.isRegularFile(chain)) {
            return;
        }
        X509Certificate leaf = PemFiles.readCertificates(chain).get(0);
        if (!Sm2PrivateKeys.matches(d, leaf.getPublicKey())) {
            throw new IllegalArgumentException("the " + what + " key does not belong to " + chain + " ("
                    + leaf.getSubjectX500Principal() + ")");
        }
    }
}
