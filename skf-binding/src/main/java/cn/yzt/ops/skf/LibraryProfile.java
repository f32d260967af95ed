package cn.yzt.ops.skf;

/**
 * What the binding learned about one vendor library, cached per library path.
 *
 * @param devInfoPacked   DEVINFO came back with pack(1) layout (294 bytes) rather than 296
 * @param signSemantics   whether SKF_ECCSignData takes e (standard) or hashes its input itself
 * @param sm2AlgId        the SGD_SM2_1 value the library accepted for GenECCKeyPair (0 = not yet known)
 */
public record LibraryProfile(Boolean devInfoPacked, SignSemantics signSemantics, int sm2AlgId) {

    public enum SignSemantics { UNKNOWN, PREHASHED, HASH_INSIDE, UNSUPPORTED }
}
