package cn.yzt.ops.skf;

import java.util.List;

/** An opened application (HAPPLICATION): PIN state and containers. */
public final class Application implements AutoCloseable {

    public String name() { throw new UnsupportedOperationException("TODO"); }

    public PinInfo pinInfo(PinType type) { throw new UnsupportedOperationException("TODO"); }

    /**
     * SKF_VerifyPIN. Throws {@link PinIncorrectException} with the tries left, or
     * {@link PinLockedException}. Does not wipe {@code pin}: the caller owns it.
     */
    public void verifyPin(PinType type, char[] pin) { throw new UnsupportedOperationException("TODO"); }

    public void changePin(PinType type, char[] oldPin, char[] newPin) { throw new UnsupportedOperationException("TODO"); }

    /** SKF_UnblockPIN: admin PIN resets the user PIN and its retry counter. */
    public void unblockPin(char[] adminPin, char[] newUserPin) { throw new UnsupportedOperationException("TODO"); }

    /** SKF_ClearSecureState. */
    public void logout() { throw new UnsupportedOperationException("TODO"); }

    public List<String> containers() { throw new UnsupportedOperationException("TODO"); }

    public Container openContainer(String name) { throw new UnsupportedOperationException("TODO"); }

    public Container createContainer(String name) { throw new UnsupportedOperationException("TODO"); }

    public void deleteContainer(String name) { throw new UnsupportedOperationException("TODO"); }

    @Override
    public void close() { throw new UnsupportedOperationException("TODO"); }
}
