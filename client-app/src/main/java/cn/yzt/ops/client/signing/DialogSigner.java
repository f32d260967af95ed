package cn.yzt.ops.client.signing;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import cn.yzt.ops.client.api.PendingRequest;
import cn.yzt.ops.skf.SarCode;
import cn.yzt.ops.skf.SkfException;
import javafx.application.Platform;
import javafx.stage.Window;

/**
 * {@link Signer} with the {@link SigningDialog}: prepares in the background, shows, signs and
 * submits in the background when the person confirms, reports on the FX thread.
 */
public final class DialogSigner implements Signer {

    /** Re-opens the token session with a PIN (the shell knows the device); wipes nothing itself. */
    @FunctionalInterface
    public interface PinLogin {
        void login(char[] pin) throws Exception;
    }

    private final SigningService service;
    private final Executor background;
    private final Supplier<Window> owner;
    private final SigningText text;
    private final PinLogin pinLogin;

    public DialogSigner(SigningService service, Executor background, Supplier<Window> owner, Locale locale,
            PinLogin pinLogin) {
        this.service = service;
        this.background = background;
        this.owner = owner;
        this.text = new SigningText(locale);
        this.pinLogin = pinLogin;
    }

    @Override
    public CompletableFuture<SignedResult> sign(OperationRequest request) {
        return run(() -> service.prepare(request));
    }

    @Override
    public CompletableFuture<SignedResult> decide(PendingRequest request, boolean approve) {
        return run(() -> service.prepareDecision(request, approve));
    }

    private CompletableFuture<SignedResult> run(Supplier<PreparedSignature> prepare) {
        CompletableFuture<SignedResult> result = new CompletableFuture<>();
        SigningDialog dialog = new SigningDialog(owner.get(), text);
        dialog.onCancel(() -> result.completeExceptionally(new CancellationException("not signed")));
        dialog.preparing();
        background.execute(() -> {
            try {
                PreparedSignature p = prepare.get();
                Platform.runLater(() -> {
                    dialog.onSign(() -> confirm(dialog, p, result));
                    dialog.show(p);
                });
            } catch (RuntimeException ex) {
                Platform.runLater(() -> {
                    String msg = text.get("error.prepare", ex.getMessage());
                    dialog.failed(msg);
                    result.completeExceptionally(new SigningException(msg, ex));
                });
            }
        });
        return result;
    }

    private void confirm(SigningDialog dialog, PreparedSignature p, CompletableFuture<SignedResult> result) {
        char[] pin = dialog.pinShown() ? dialog.takePin() : null;
        dialog.busy(text.get("progress.signing"));
        background.execute(() -> {
            try {
                if (pin != null) {
                    pinLogin.login(pin);
                }
                Platform.runLater(() -> dialog.busy(text.get("progress.submitting")));
                SignedResult r = service.signAndSubmit(p);
                Platform.runLater(() -> {
                    dialog.done(text.get(r.pending() ? "done.pending" : "done", r.ledgerIndex()));
                    result.complete(r);
                });
            } catch (Exception ex) {
                Platform.runLater(() -> {
                    if (needsPin(ex)) {
                        dialog.askPin(); // same document, same nonce: nothing was submitted yet
                        return;
                    }
                    String msg = ex instanceof SigningException ? ex.getMessage()
                            : ex instanceof SkfException s ? s.userMessage(text.locale()) : text.get("error.token");
                    dialog.failed(msg);
                    result.completeExceptionally(ex instanceof SigningException ? ex : new SigningException(msg, ex));
                });
            } finally {
                if (pin != null) {
                    Arrays.fill(pin, '\0');
                }
            }
        });
    }

    /** The token refused because the user PIN is not verified in this session. */
    static boolean needsPin(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof SkfException s && s.code() == SarCode.SAR_USER_NOT_LOGGED_IN.code()) {
                return true;
            }
        }
        return false;
    }
}
