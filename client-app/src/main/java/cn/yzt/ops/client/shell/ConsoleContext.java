package cn.yzt.ops.client.shell;

import java.util.Locale;
import java.util.concurrent.Executor;

import cn.yzt.ops.client.api.ConsoleConfig;
import cn.yzt.ops.client.api.LedgerCheck;
import cn.yzt.ops.client.api.OpsApi;
import cn.yzt.ops.client.api.TokenIdentity;
import cn.yzt.ops.client.signing.ReceiptStore;
import cn.yzt.ops.client.signing.Signer;

/**
 * What a screen receives from the shell: the logged-in API, the signing service, the UKEY
 * identity, the ledger verifier, the receipt store, configuration and language, and a
 * background executor for blocking calls (daemon threads; results back with Platform.runLater
 * or a javafx.concurrent.Task's handlers).
 */
public record ConsoleContext(OpsApi api, Signer signer, TokenIdentity identity, LedgerCheck ledger,
        ReceiptStore receipts, ConsoleConfig config, Locale locale, Executor background) {
}
