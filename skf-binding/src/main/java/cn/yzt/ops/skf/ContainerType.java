package cn.yzt.ops.skf;

/** SKF_GetContainerType: 0 empty, 1 RSA, 2 ECC (SM2). */
public enum ContainerType {
    EMPTY, RSA, ECC, UNKNOWN;

    public static ContainerType of(int code) {
        switch (code) {
            case 0: return EMPTY;
            case 1: return RSA;
            case 2: return ECC;
            default: return UNKNOWN;
        }
    }
}
