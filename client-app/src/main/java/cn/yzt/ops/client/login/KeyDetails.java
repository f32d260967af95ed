package cn.yzt.ops.client.login;

import cn.yzt.ops.skf.PinInfo;
import java.util.List;

/** What the login screen shows about one inserted UKEY. */
public record KeyDetails(String device, String application, List<CertificateInfo> containers, PinInfo userPin) {
}
