package cn.yzt.ops.skf;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One daemon thread per loaded library: vendor SKF libraries are not thread-safe (SKF-SPEC §8), so
 * every native call is queued here and callers block on the result. Calls made from the executor
 * thread itself run inline, so a task may call helpers that also go through the executor.
 */
final class SerialExecutor {

    private final ExecutorService executor;
    private volatile Thread thread;

    SerialExecutor(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            return runInline(task);
        }
        Future<T> f = executor.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            // the native call itself cannot be aborted; it finishes on the executor thread
            Thread.currentThread().interrupt();
            throw new SkfException("executor", 0, "binding.interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private static <T> T runInline(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
