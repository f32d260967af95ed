package cn.yzt.ops.client.api;

/**
 * A cancellation handle for one in-flight request: the caller keeps it and cancels when the
 * answer is no longer wanted (the map moved on); the HTTP call is aborted.
 */
public final class Cancellable {
    private volatile boolean cancelled;
    private volatile Runnable onCancel;

    public void cancel() {
        cancelled = true;
        Runnable r = onCancel;
        if (r != null) {
            r.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Called by the client with the abort action of the request it started. */
    void bind(Runnable abort) {
        onCancel = abort;
        if (cancelled) {
            abort.run();
        }
    }

    /** A handle nobody cancels. */
    public static Cancellable none() {
        return new Cancellable();
    }
}
