package cn.yzt.ops.skf;

/** ADMIN_TYPE = 0, USER_TYPE = 1. */
public enum PinType {
    ADMIN(0), USER(1);

    private final int code;

    PinType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
