package cn.yzt.ops.client.admin;

import cn.yzt.ops.client.signing.OperationRequest;
import cn.yzt.ops.client.signing.SignedResult;
import cn.yzt.ops.client.signing.Signer;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.concurrent.Task;

/**
 * The two ways an administration screen does work: a blocking read in a {@link Task} on the
 * shell's executor, and a change through the signing dialog. Both report into the screen's
 * message and busy properties. FX thread.
 */
final class AdminTasks {
    private final Executor background;
    private final Signer signer;
    private final Messages m;
    private final StringProperty message;
    private final BooleanProperty busy;

    AdminTasks(Executor background, Signer signer, Messages m, StringProperty message, BooleanProperty busy) {
        this.background = background;
        this.signer = signer;
        this.m = m;
        this.message = message;
        this.busy = busy;
    }

    <T> Task<T> read(Callable<T> work, Consumer<T> done) {
        Task<T> t = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        t.setOnSucceeded(e -> {
            busy.set(false);
            done.accept(t.getValue());
        });
        t.setOnFailed(e -> {
            busy.set(false);
            message.set(m.get("error.load", String.valueOf(t.getException().getMessage())));
        });
        busy.set(true);
        background.execute(t);
        return t;
    }

    /** Opens the signing dialog; on success reports the ledger index and runs {@code after}. */
    void sign(OperationRequest request, Consumer<SignedResult> after) {
        busy.set(true);
        signer.sign(request).whenComplete((r, ex) -> {
            busy.set(false);
            if (ex == null) {
                message.set(m.get("signed", r.ledgerIndex()));
                after.accept(r);
                return;
            }
            Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
            message.set(cause instanceof CancellationException ? m.get("notSigned")
                    : m.get("error.sign", String.valueOf(cause.getMessage())));
        });
    }

    /** The users with their roles (the list route carries them, personal data masked). Blocking. */
    static java.util.List<cn.yzt.ops.protocol.api.UserDto> usersWithRoles(cn.yzt.ops.client.api.OpsApi api) {
        java.util.List<cn.yzt.ops.protocol.api.UserDto> out = new java.util.ArrayList<>();
        for (cn.yzt.ops.protocol.api.UserDto u : api.users()) {
            out.add(u.roles() != null ? u : new cn.yzt.ops.protocol.api.UserDto(u.id(), u.username(), u.status(),
                    u.locked(), u.displayName(), u.idCard(), u.phone(), u.email(), u.revealed(), java.util.List.of()));
        }
        return out;
    }

    Messages messages() {
        return m;
    }
}
