package cn.yzt.ops.skf;

/** A UKEY appeared or disappeared. */
public record DeviceEvent(String deviceName, Kind kind) {

    public enum Kind { INSERTED, REMOVED }
}
