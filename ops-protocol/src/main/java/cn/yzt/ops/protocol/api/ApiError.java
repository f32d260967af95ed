package cn.yzt.ops.protocol.api;

/** Every error of the API: a stable code and a message in Chinese and English. */
public record ApiError(String code, String message_zh, String message_en) {
}
