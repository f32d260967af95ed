package cn.yzt.ops.skf;

/** SAR_PIN_INCORRECT: "口令错误，还可尝试 N 次". */
public class PinIncorrectException extends SkfException {

    private static final long serialVersionUID = 1L;
    private final int retriesLeft;

    public PinIncorrectException(String function, int code, int retriesLeft) {
        super(function, code);
        this.retriesLeft = retriesLeft;
    }

    public int retriesLeft() {
        return retriesLeft;
    }

    @Override
    protected String messageKey() {
        return "pin.incorrect";
    }

    @Override
    protected Object[] messageArgs() {
        return new Object[] {retriesLeft};
    }
}
