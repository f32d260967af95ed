package cn.yzt.ops.server.db;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Waiting for a group-commit writer's answer (audit and ledger writers share this). */
public final class Outcomes {

    private Outcomes() {
    }

    /**
     * The outcome of work handed to a writer thread. Interrupts do not end the wait: the work may
     * already be durable, so the caller must learn how it ended (the interrupt is restored after).
     * The work's own RuntimeException or Error is rethrown unchanged.
     */
    public static <T> T await(CompletableFuture<T> done) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.get();
                } catch (InterruptedException ex) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
