package cn.yzt.ops.skf;

/** SKF_GetPINInfo. */
public record PinInfo(int maxRetries, int remainingRetries, boolean defaultPin) {

    public boolean locked() {
        return remainingRetries == 0;
    }
}
