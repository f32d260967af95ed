package cn.yzt.ops.skf;

/** SAR code to exception: the PIN and removal codes get their own types. */
final class SkfErrors {

    private SkfErrors() {
    }

    static SkfException of(String function, int rc, int retriesLeft) {
        if (rc == SarCode.SAR_PIN_INCORRECT.code()) {
            // a wrong PIN that used the last try has locked it: say so, not "0 tries left"
            return retriesLeft > 0 ? new PinIncorrectException(function, rc, retriesLeft)
                    : new PinLockedException(function, rc);
        }
        if (rc == SarCode.SAR_PIN_LOCKED.code()) {
            return new PinLockedException(function, rc);
        }
        if (rc == SarCode.SAR_DEVICE_REMOVED.code()) {
            return new DeviceRemovedException(function, rc);
        }
        return new SkfException(function, rc);
    }

    /** Codes a library may give instead of SAR_DEVICE_REMOVED after an unplug (SKF-SPEC §8). */
    static boolean mayMeanRemoved(int rc) {
        SarCode c = SarCode.of(rc);
        if (c == null) {
            return true;
        }
        switch (c) {
            case SAR_INVALIDHANDLEERR: case SAR_FAIL: case SAR_UNKNOWNERR: case SAR_FILEERR:
            case SAR_READFILEERR: case SAR_WRITEFILEERR: case SAR_OBJERR: case SAR_NOTINITIALIZEERR:
            case SAR_TIMEOUTERR: case SAR_APPLICATION_NOT_EXISTS:
                return true;
            default:
                return false;
        }
    }
}
