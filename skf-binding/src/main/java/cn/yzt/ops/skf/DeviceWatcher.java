package cn.yzt.ops.skf;

/**
 * Reports insertion and removal within 2 s: SKF_WaitForDevEvent on its own thread, guarded by a
 * watchdog, plus polling of SKF_EnumDev(TRUE) as the fallback when the wait returns at once,
 * is unsupported or hangs. Closing cancels the wait (SKF_CancelWaitForDevEvent) and stops both.
 */
public interface DeviceWatcher extends AutoCloseable {

    @Override
    void close();
}
