package cn.yzt.ops.skf;

/** The UKEY was removed (SAR_DEVICE_REMOVED, or invalid handles after an unplug). */
public class DeviceRemovedException extends SkfException {

    private static final long serialVersionUID = 1L;

    public DeviceRemovedException(String function, int code) {
        super(function, code);
    }

    @Override
    protected String messageKey() {
        return "device.removed";
    }

    @Override
    protected Object[] messageArgs() {
        return new Object[0];
    }
}
