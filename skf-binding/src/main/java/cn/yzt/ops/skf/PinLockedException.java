package cn.yzt.ops.skf;

/** SAR_PIN_LOCKED: the user must ask the security administrator to unblock the PIN. */
public class PinLockedException extends SkfException {

    private static final long serialVersionUID = 1L;

    public PinLockedException(String function, int code) {
        super(function, code);
    }

    @Override
    protected String messageKey() {
        return "pin.locked";
    }

    @Override
    protected Object[] messageArgs() {
        return new Object[0];
    }
}
