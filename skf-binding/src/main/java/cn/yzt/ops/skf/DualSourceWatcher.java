package cn.yzt.ops.skf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.jna.Memory;

import cn.yzt.ops.skf.jna.NameList;
import cn.yzt.ops.skf.jna.OutUlong;

/**
 * Two sources, one truth. A waiter thread blocks in SKF_WaitForDevEvent (fast when the library
 * does it right); a poller diffs SKF_EnumDev(TRUE) every 500 ms and doubles as the watchdog, so a
 * wait that hangs, ignores cancel, returns at once or is unsupported still gives events within
 * 2 s. Both feed one set of present devices, which de-duplicates: an event is reported only when
 * it changes that set. Listeners run on a dispatcher thread, in order.
 */
final class DualSourceWatcher implements DeviceWatcher {

    private static final Logger LOG = Logger.getLogger(DualSourceWatcher.class.getName());
    static final long POLL_MS = 500;
    /** A wait that returns faster than this three times running is not really waiting. */
    private static final long QUICK_RETURN_MS = 50;
    private static final int QUICK_RETURNS_TO_GIVE_UP = 3;
    private static final int ERRORS_TO_GIVE_UP = 5;
    private static final long JOIN_MS = 1000;

    private final SkfLibrary library;
    private final Consumer<DeviceEvent> listener;
    private final Set<String> present = new HashSet<>();
    /** Bumped by every wait event, so a poll snapshot taken before it is discarded. */
    private long version;
    private volatile boolean closed;
    private final Thread poller;
    private final Thread waiter;
    private final ExecutorService dispatcher;
    /** Why the waiter stopped, for diagnostics ("unsupported", "returns immediately", ...). */
    private volatile String waiterState = "starting";

    DualSourceWatcher(SkfLibrary library, Consumer<DeviceEvent> listener) {
        this.library = library;
        this.listener = listener;
        String base = "skf-watch-" + library.path().getFileName();
        this.poller = daemon(this::pollLoop, base + "-poll");
        this.waiter = daemon(this::waitLoop, base + "-wait");
        this.dispatcher = Executors.newSingleThreadExecutor(r -> daemon(r, base + "-events"));
    }

    void start() {
        List<String> initial = safeDevices();
        synchronized (this) {
            present.addAll(initial);
        }
        poller.start();
        waiter.start();
    }

    /** For diagnostics: what the SKF_WaitForDevEvent source is doing. */
    String waiterState() {
        return waiterState;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // called directly, not through the executor: it must wake a wait the executor is not running
        try {
            library.api().SKF_CancelWaitForDevEvent();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.FINE, "SKF_CancelWaitForDevEvent failed", e);
        }
        poller.interrupt();
        join(poller);
        join(waiter); // a library that ignores cancel leaves a daemon thread blocked; it exits on its next return
        dispatcher.shutdown();
        try {
            dispatcher.awaitTermination(JOIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- poller (and watchdog)

    private void pollLoop() {
        while (!closed) {
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
            long before;
            synchronized (this) {
                before = version;
            }
            List<String> now;
            try {
                now = library.devices(true);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "SKF_EnumDev failed while polling", e);
                continue;
            }
            synchronized (this) {
                if (closed || before != version) {
                    continue; // a wait event arrived meanwhile: this snapshot may be stale
                }
                Set<String> seen = new HashSet<>(now);
                for (String name : now) {
                    if (present.add(name)) {
                        emit(new DeviceEvent(name, DeviceEvent.Kind.INSERTED));
                    }
                }
                for (String name : new ArrayList<>(present)) {
                    if (!seen.contains(name)) {
                        present.remove(name);
                        emit(new DeviceEvent(name, DeviceEvent.Kind.REMOVED));
                    }
                }
            }
        }
    }

    // ---- waiter

    private void waitLoop() {
        int quick = 0;
        int errors = 0;
        waiterState = "waiting";
        while (!closed) {
            Memory name = new Memory(256);
            name.clear();
            OutUlong len = OutUlong.of(256);
            OutUlong event = new OutUlong();
            long t0 = System.nanoTime();
            int rc = library.api().SKF_WaitForDevEvent(name, len, event);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (closed) {
                break;
            }
            if (rc == SarCode.SAR_NOTSUPPORTYETERR.code()) {
                waiterState = "unsupported: polling only";
                return;
            }
            if (rc != 0) {
                if (++errors >= ERRORS_TO_GIVE_UP) {
                    waiterState = "failing (" + SarCode.describe(rc) + "): polling only";
                    return;
                }
                pause();
                continue;
            }
            errors = 0;
            if (ms < QUICK_RETURN_MS) {
                if (++quick >= QUICK_RETURNS_TO_GIVE_UP) {
                    // e.g. a wait that returns at once with "inserted" and the first device
                    waiterState = "returns immediately: polling only";
                    return;
                }
                pause();
                continue; // too quick to trust: the poller will confirm any real change
            }
            quick = 0;
            onWaitEvent(name.getByteArray(0, (int) Math.min(Math.max(len.unsigned(), 0), 256)), event.value());
        }
        waiterState = "closed";
    }

    private void onWaitEvent(byte[] nameBytes, int event) {
        List<byte[]> names = NameList.parse(nameBytes, nameBytes.length);
        if (names.isEmpty() || (event != 1 && event != 2)) {
            return; // a no-op wait (nothing written): the poller covers it
        }
        String name = SkfName.decode(names.get(0)).text();
        synchronized (this) {
            version++;
            if (event == 1 && present.add(name)) {
                emit(new DeviceEvent(name, DeviceEvent.Kind.INSERTED));
            } else if (event == 2 && present.remove(name)) {
                emit(new DeviceEvent(name, DeviceEvent.Kind.REMOVED));
            }
        }
    }

    // ---- helpers

    /** Queues an event; called under the lock so the order matches the order of changes. */
    private void emit(DeviceEvent e) {
        if (closed) {
            return;
        }
        dispatcher.execute(() -> {
            try {
                listener.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "device event listener failed", ex);
            }
        });
    }

    private List<String> safeDevices() {
        try {
            return library.devices(true);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
