package cn.yzt.ops.skf.jca;

import java.util.List;
import java.util.Map;

import java.security.Provider;

/**
 * "YZT-SKF": SM2 keys on GM/T 0016 UKEYs. KeyStore "SKF" (containers as entries) and Signature
 * "SM3withSM2" restricted to {@link SkfPrivateKey} (SupportedKeyClasses), so registering it first
 * routes token keys here and leaves every other key to the software providers.
 */
public final class SkfProvider extends Provider {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "YZT-SKF";

    public SkfProvider() {
        super(NAME, "0.1", "YZT UKEY provider: KeyStore SKF, SM3withSM2 with keys on GM/T 0016 (SKF) tokens");
        putService(new Service(this, "KeyStore", "SKF", SkfKeyStore.class.getName(), null, null));
        putService(new Service(this, "Signature", "SM3withSM2", SkfSm2Signature.class.getName(),
                List.of("SM3WithSM2", "OID.1.2.156.10197.1.501", "1.2.156.10197.1.501"),
                Map.of("SupportedKeyClasses", SkfPrivateKey.class.getName())));
    }
}
