package cn.yzt.ops.skf.jca;

import java.security.Provider;
import java.security.Security;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One BouncyCastle provider for verification, the registered one if there is one (no global registration). */
final class BouncyCastleHolder {

    static final Provider BC = Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) != null
            ? Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) : new BouncyCastleProvider();

    private BouncyCastleHolder() {
    }
}
